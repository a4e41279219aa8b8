"""Errors as RFC 9457 problem details (``application/problem+json``), in Norwegian.

Every refusal of the API has one shape: ``type``, ``title``, ``status``,
``detail`` (a sentence in bokmål a person can act on) and ``instance`` (the
address asked for); a refused input adds ``errors``, one per field, each with
a JSON pointer to the field and the same message the web form shows there.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from tallrapport.writes import ConflictError

PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Ugyldig forespørsel",
    401: "Ikke innlogget",
    403: "Ingen tilgang",
    404: "Finnes ikke",
    405: "Metoden er ikke tillatt",
    406: "Formatet kan ikke leveres",
    409: "Endret i mellomtiden",
    415: "Formatet støttes ikke",
    429: "For mange forespørsler",
    500: "Feil på serveren",
}


def problem(status_code: int, detail: str, *, instance: str = "", **extra: Any) -> dict[str, Any]:
    """The problem document for one refusal."""
    return {
        "type": "about:blank",
        "title": _(TITLES.get(status_code, "Feil")),
        "status": status_code,
        "detail": detail,
        **({"instance": instance} if instance else {}),
        **extra,
    }


def field_errors(messages: dict[str, list[str]] | Any) -> list[dict[str, str]]:
    """Each field's messages as ``{"pointer": "#/field", "detail": message}``."""
    out: list[dict[str, str]] = []
    if isinstance(messages, dict):
        for field, texts in messages.items():
            pointer = "#" if field in ("__all__", "non_field_errors") else f"#/{field}"
            for text in texts if isinstance(texts, list) else [texts]:
                if isinstance(text, dict | list):
                    # A nested serializer's errors: flattened under the field.
                    for inner in field_errors(text if isinstance(text, dict) else {"": text}):
                        out.append(
                            {"pointer": pointer + inner["pointer"][1:], "detail": inner["detail"]}
                        )
                else:
                    out.append({"pointer": pointer, "detail": str(text)})
    elif isinstance(messages, list):
        out.extend({"pointer": "#", "detail": str(text)} for text in messages)
    return out


def _validation_problem(messages: Any, instance: str) -> dict[str, Any]:
    errors = field_errors(messages)
    detail = (
        " ".join(e["detail"] for e in errors)
        if errors
        else _("Forespørselen kunne ikke behandles.")
    )
    return problem(400, detail, instance=instance, errors=errors)


def _django_error(exc: Exception) -> Exception:
    """Django's own refusals as DRF's, so one path answers them all."""
    if isinstance(exc, Http404):
        return exceptions.NotFound(_("Finnes ikke, eller du har ikke tilgang til det."))
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied(_("Rollen din har ikke tilgang til dette."))
    return exc


def problem_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler: every refusal as a problem document."""
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, ValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return Response(
            _validation_problem(messages, instance), status=400, content_type=PROBLEM_JSON
        )
    if isinstance(exc, ConflictError):
        body = problem(409, _("Noen andre har endret dette i mellomtiden."), instance=instance)
        return Response(body, status=409, content_type=PROBLEM_JSON)
    exc = _django_error(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = _validation_problem(exc.detail, instance)
    else:
        body = problem(response.status_code, _detail(exc), instance=instance)
    kept = ("Retry-After", "WWW-Authenticate", "Allow")
    headers = {k: v for k, v in response.headers.items() if k in kept}
    return Response(body, status=response.status_code, headers=headers, content_type=PROBLEM_JSON)


def _detail(exc: Exception) -> str:
    """The Norwegian sentence for one of DRF's refusals (its own words are not all translated)."""
    if isinstance(exc, exceptions.Throttled):
        seconds = getattr(exc, "wait", None)
        wait = int(seconds) + 1 if seconds is not None else 60
        return _("For mange forespørsler. Prøv igjen om %(s)s sekunder.") % {"s": wait}
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Send en personlig API-nøkkel i Authorization-headeren: «Bearer trp_…».")
    if isinstance(exc, exceptions.AuthenticationFailed):
        return _("API-nøkkelen er ukjent, utløpt eller trukket tilbake.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Denne adressen tar ikke imot denne metoden; se Allow-headeren.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Formatet i Accept-headeren kan ikke leveres her.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Send innholdet som JSON (Content-Type: application/json).")
    if isinstance(exc, exceptions.ParseError):
        return _("Innholdet er ikke gyldig JSON.")
    return str(getattr(exc, "detail", ""))


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any address under /api/ that names nothing: a problem document, not the HTML page."""
    body = problem(
        status.HTTP_404_NOT_FOUND, _("Denne adressen finnes ikke i API-et."), instance=request.path
    )
    return JsonResponse(body, status=404, content_type=PROBLEM_JSON)
