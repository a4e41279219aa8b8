"""Content negotiation that chooses nothing: each endpoint has one representation.

A JSON endpoint answers JSON and a CSV endpoint CSV whatever the Accept header
says, so no client gets a 406 for asking in its own words (as DRF's docs
suggest for such an API).
"""

from __future__ import annotations

from collections.abc import Iterable

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class OneRepresentation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        first = next(iter(renderers))
        return first, str(first.media_type)
