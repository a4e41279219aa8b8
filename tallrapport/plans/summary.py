"""The counting rule behind the overview's summary sentence, as pure functions.

The final report of the 2017–2020 plan opens with «Av totalt 28 tiltak i
handlingsplanen er 4 pågående og 24 ferdigstilt.» The plan has 28 numbered
measures, five of them split into lettered sub-measures; the sentence counts each
numbered measure once, and a measure with sub-measures is ongoing while any of
them is. These functions hold that rule apart from the database so that it can
be tested on every combination (see ``tests/plans/test_summary.py``).

A status is one of :class:`~tallrapport.plans.models.Status`'s values, or
``None`` when nothing has been reported for the year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tallrapport.plans.models import Status

# The order in which the sentence lists the statuses: the published sentence
# puts ongoing before completed.
SENTENCE_ORDER: tuple[str | None, ...] = (
    Status.ONGOING.value,
    Status.COMPLETED.value,
    Status.NOT_STARTED.value,
    Status.DISCONTINUED.value,
    None,
)


def combined_status(sub_statuses: Sequence[str | None]) -> str | None:
    """The status a measure with sub-measures counts as.

    - ongoing while any sub-measure is ongoing (the rule the reports state);
    - discontinued sub-measures are left out, unless all of them are discontinued;
    - unreported if any remaining sub-measure is unreported;
    - completed or not started when all remaining ones agree;
    - otherwise ongoing: some work is done and some has not started.
    """
    if Status.ONGOING.value in sub_statuses:
        return Status.ONGOING.value
    live = [status for status in sub_statuses if status != Status.DISCONTINUED.value]
    if not live:
        return Status.DISCONTINUED.value if sub_statuses else None
    if None in live:
        return None
    if all(status == Status.COMPLETED.value for status in live):
        return Status.COMPLETED.value
    if all(status == Status.NOT_STARTED.value for status in live):
        return Status.NOT_STARTED.value
    return Status.ONGOING.value


def count_measures(
    measures: Iterable[tuple[str | None, Sequence[str | None]]],
) -> Counter[str | None]:
    """Count numbered measures by status.

    Each item is ``(own status, sub-measure statuses)``; a measure without
    sub-measures counts by its own status, one with sub-measures by
    :func:`combined_status` of theirs.
    """
    counts: Counter[str | None] = Counter()
    for own, subs in measures:
        counts[combined_status(subs) if subs else own] += 1
    return counts


def _status_words(status: str | None) -> str:
    """The status as it reads after a number in the sentence («4 pågående»)."""
    words = {
        Status.ONGOING.value: pgettext("oppsummering", "pågående"),
        Status.COMPLETED.value: pgettext("oppsummering", "ferdigstilt"),
        Status.NOT_STARTED.value: pgettext("oppsummering", "ikke startet"),
        Status.DISCONTINUED.value: pgettext("oppsummering", "utgått"),
        None: pgettext("oppsummering", "uten rapportert status"),
    }
    return words[status]


def _join(parts: Sequence[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s og %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def summary_sentence(counts: Mapping[str | None, int]) -> str:
    """The overview's opening sentence, written from the counts.

    «Av totalt 28 tiltak i handlingsplanen er 4 pågående og 24 ferdigstilt.»
    Statuses with no measures are left out; when one status covers every
    measure the sentence says «alle»; a plan with one measure or none gets its
    own wording rather than «av totalt 1 tiltak».
    """
    total = sum(counts.values())
    present = [status for status in SENTENCE_ORDER if counts.get(status, 0) > 0]
    if total == 0:
        return _("Handlingsplanen har ingen tiltak ennå.")
    if total == 1:
        return _("Handlingsplanen har ett tiltak, og det er %(status)s.") % {
            "status": _status_words(present[0])
        }
    if len(present) == 1:
        return _("Av totalt %(total)d tiltak i handlingsplanen er alle %(status)s.") % {
            "total": total,
            "status": _status_words(present[0]),
        }
    parts = [f"{counts[status]} {_status_words(status)}" for status in present]
    return _("Av totalt %(total)d tiltak i handlingsplanen er %(parts)s.") % {
        "total": total,
        "parts": _join(parts),
    }
