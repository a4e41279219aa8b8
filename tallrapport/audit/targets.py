"""What an audit entry is about, by name, with a link where the reader may open it.

«Sak 1a2b3c4d» links to the case page only if the case still exists and the
reader could open it there: the apps' own scoping selectors decide, named by
their dotted path (``audit`` imports no app above ``accounts``; the registry
and these paths keep it that way). Rows in the admin link to their change page
only for a reader the admin lets in and who may view that model. Everything is
fetched in a few queries per page (one per kind of target), never per entry.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tallrapport.accounts.models import Scheme, User
from tallrapport.audit.models import AuditEntry
from tallrapport.audit.readable import valid_keys


@dataclass(frozen=True)
class Target:
    """The thing an entry is about: its kind and name, and a link or None."""

    kind: str
    name: str
    url: str | None = None


Ids = list[str]
Namer = Callable[[User, Ids], dict[str, Target]]


def _rows(model_label: str, ids: Ids, scope: str | None, reader: User) -> list[Any]:
    """The rows among ``ids`` that exist (and, with ``scope``, that the reader may see)."""
    model = apps.get_model(model_label)
    keys = valid_keys(model, ids)
    if not keys:
        return []
    rows = import_string(scope)(reader) if scope else model._default_manager.all()
    return list(rows.filter(pk__in=keys))


def _scoped_page(kind: Promise, model_label: str, scope: str, url_name: str) -> Namer:
    """Cases and activities: named by their reference, linked to their page when visible."""

    def name(reader: User, ids: Ids) -> dict[str, Target]:
        found = {str(row.pk): row for row in _rows(model_label, ids, scope, reader)}
        shown = str(kind)
        return {
            i: Target(shown, f"{shown} {i[:8]}", reverse(url_name, args=[found[i].pk]))
            if i in found
            else Target(shown, f"{shown} {i[:8]}")
            for i in ids
        }

    return name


def _admin_url(reader: User, row: models.Model) -> str | None:
    """The row's change (or view) page in the admin, if the reader may open it."""
    opts = row._meta
    if not (reader.is_active and reader.is_staff and reader.is_administrator):
        return None
    if not reader.has_perm(f"{opts.app_label}.view_{opts.model_name}") and not reader.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    ):
        return None
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    except NoReverseMatch:  # not registered in the admin
        return None


def _in_admin(kind: Promise, model_label: str) -> Namer:
    def name(reader: User, ids: Ids) -> dict[str, Target]:
        found = {str(row.pk): row for row in _rows(model_label, ids, None, reader)}
        shown = str(kind)
        return {
            i: Target(shown, str(found[i]), _admin_url(reader, found[i]))
            if i in found
            else Target(shown, _("%(id)s (finnes ikke lenger)") % {"id": i})
            for i in ids
        }

    return name


def _measure_link(reader: User, measure: Any) -> str | None:
    visible = import_string("tallrapport.plans.selectors.plans_visible_to")(reader)
    if not visible.filter(pk=measure.plan_id).exists():
        return None
    return reverse("measure_detail", args=[measure.plan.slug, measure.url_label])


def _measures(reader: User, ids: Ids, *, with_year: bool) -> dict[str, Target]:
    """«Tiltak 3 b» (and «, status 2024» for a status), linked to the measure's page."""
    keys = {i: i.split(":", 1) for i in ids}
    model = apps.get_model("plans.Measure")
    measure_ids = valid_keys(model, [k[0] for k in keys.values()])
    measures = {
        str(m.pk): m
        for m in model._default_manager.filter(pk__in=measure_ids).select_related("plan")
    }
    result = {}
    for i, parts in keys.items():
        measure = measures.get(parts[0])
        if measure is None:
            result[i] = Target(_("Tiltak"), i)
            continue
        name = _("Tiltak %(label)s") % {"label": measure.label}
        if with_year and len(parts) == 2:
            name = _("%(measure)s, status %(year)s") % {"measure": name, "year": parts[1]}
        result[i] = Target(_("Tiltak"), name, _measure_link(reader, measure))
    return result


def _scheme_years(reader: User, ids: Ids) -> dict[str, Target]:
    """«Mangfoldsrådgiverordningen 2025» for ``mangfoldsradgiver:2025``, in the name of its year."""
    schemes = {s.code: s for s in Scheme.objects.prefetch_related("names")}
    result = {}
    for i in ids:
        code, _sep, year = i.partition(":")
        scheme = schemes.get(code)
        if scheme is None or not year.isdigit():
            result[i] = Target(_("Saksår"), i)
            continue
        name = f"{scheme.name_on(datetime.date(int(year), 12, 31))} {year}"
        url = reverse("case_years") if reader.is_analyst else None
        result[i] = Target(_("Saksår"), name, url)
    return result


def _plan_years(reader: User, ids: Ids) -> dict[str, Target]:
    visible = {
        p.slug: p for p in import_string("tallrapport.plans.selectors.plans_visible_to")(reader)
    }
    result = {}
    for i in ids:
        slug, _sep, year = i.partition(":")
        plan = visible.get(slug)
        if plan is None:
            result[i] = Target(_("Rapporteringsår"), i)
            continue
        name = _("%(plan)s, rapporteringsår %(year)s") % {"plan": plan.name, "year": year}
        result[i] = Target(_("Rapporteringsår"), name, reverse("plan_overview", args=[slug]))
    return result


def _reports(reader: User, ids: Ids) -> dict[str, Target]:
    """«Tallrapport 2023 (PDF)» for ``tallrapport:2023:pdf``."""
    result = {}
    for i in ids:
        parts = i.split(":")
        if len(parts) == 3 and parts[1].isdigit():
            name = _("Tallrapport %(year)s (%(format)s)") % {
                "year": parts[1],
                "format": parts[2].upper(),
            }
            result[i] = Target(_("Rapport"), name)
        else:
            result[i] = Target(_("Rapport"), i)
    return result


def _editions(reader: User, ids: Ids) -> dict[str, Target]:
    found = {str(e.pk): e for e in _rows("reports.Edition", ids, None, reader)}
    may_read = reader.is_analyst or reader.is_administrator
    return {
        i: Target(
            _("Utgave"),
            str(found[i]),
            reverse("edition", args=[found[i].slug]) if may_read else None,
        )
        if i in found
        else Target(_("Utgave"), i)
        for i in ids
    }


NAMERS: dict[str, Namer] = {
    "sak": _scoped_page(
        gettext_lazy("Sak"),
        "cases.Case",
        "tallrapport.cases.selectors.cases_visible_to",
        "case_detail",
    ),
    "aktivitet": _scoped_page(
        gettext_lazy("Aktivitet"),
        "activities.Activity",
        "tallrapport.activities.selectors.activities_visible_to",
        "activity_detail",
    ),
    "aar": _scheme_years,
    "tiltak": lambda reader, ids: _measures(reader, ids, with_year=False),
    "tiltaksstatus": lambda reader, ids: _measures(reader, ids, with_year=True),
    "rapporteringsaar": _plan_years,
    "bruker": _in_admin(gettext_lazy("Bruker"), "accounts.User"),
    "rolle": _in_admin(gettext_lazy("Rolle"), "accounts.User"),
    "medlemskap": _in_admin(gettext_lazy("Medlemskap"), "accounts.Membership"),
    "enhet": _in_admin(gettext_lazy("Enhet"), "accounts.Unit"),
    "ordning": _in_admin(gettext_lazy("Ordning"), "accounts.Scheme"),
    "invitasjon": _in_admin(gettext_lazy("Invitasjon"), "login.EnrolmentInvitation"),
    "rapport": _reports,
    "utgave": _editions,
}


def entry_targets(entries: Iterable[AuditEntry], *, reader: User) -> dict[int, Target]:
    """Entry id → what it is about, for one page of entries."""
    entries = list(entries)
    ids: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        ids[entry.target_type].add(entry.target_id)
    named: dict[tuple[str, str], Target] = {}
    for target_type, wanted in ids.items():
        namer = NAMERS.get(target_type)
        if namer is None:
            named.update({(target_type, i): Target(target_type, i) for i in wanted})
            continue
        named.update({(target_type, i): t for i, t in namer(reader, sorted(wanted)).items()})
    return {entry.pk: named[(entry.target_type, entry.target_id)] for entry in entries}
