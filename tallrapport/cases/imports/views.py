"""The import pages: upload → columns → dry run (with corrections) → import.

Each page starts with the access getter (advisors and analysts; a waiting upload
is its uploader's only, 404 for anyone else) and calls the import's services.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tallrapport.accounts.access import only_methods, record_for, user_for
from tallrapport.accounts.models import User
from tallrapport.activities.models import ActivityType, TargetGroup, Topic
from tallrapport.cases.imports.columns import find_header_row, headers
from tallrapport.cases.imports.forms import ColumnsForm, ConfirmForm, CorrectionsForm, UploadForm
from tallrapport.cases.imports.models import ImportKind, PendingImport
from tallrapport.cases.imports.plan import Plan, PlannedRow
from tallrapport.cases.imports.reading import (
    MAX_UPLOAD_BYTES,
    Cell,
    Sheet,
    column_letter,
    is_blank,
)
from tallrapport.cases.imports.services import (
    Choices,
    PlanChanged,
    choices_for,
    import_plan,
    pending_choices,
    pending_choose,
    pending_correct,
    pending_import_apply,
    pending_import_create,
    pending_import_get,
    pending_sheets,
    saved_mapping,
    sheet_named,
    units_for_import,
    user_may_import,
)
from tallrapport.cases.imports.values import text_of
from tallrapport.cases.models import AgeGroup, Gender, GuidedPerson
from tallrapport.cases.rules import CaseInput
from tallrapport.formatting import decimal_comma
from tallrapport.forms import add_service_errors, form_submit

PREVIEW_PAGE = 500
SAMPLE_ROWS = 5


def _pending(request: HttpRequest, pending_id: uuid.UUID) -> tuple[User, PendingImport]:
    return record_for(
        request,
        lambda user: pending_import_get(user=user, pending_id=pending_id),
        may=user_may_import,
    )


def import_start_view(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet of cases or activities for one of the user's units."""
    user = user_for(request, may=user_may_import)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    units = units_for_import(user)
    if request.method == "POST" and _too_large(request):
        # Refused before Django stores the upload in a temporary file.
        problem = _("Filen er større enn 10 MB. Del den opp i flere filer.")
        context = {"form": UploadForm(units=units), "problem": problem}
        return render(request, "cases/import/start.html", context, status=413)
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, units=units)
    else:
        form = UploadForm(units=units)

    def upload() -> PendingImport:
        data = form.cleaned_data
        return pending_import_create(
            user=user,
            unit=data["unit"],
            kind=data["kind"],
            file_name=data["file"].name,
            content=data["file"].read(),
        )

    if pending := form_submit(form, upload):
        return redirect("import_columns", pending.pk)
    return render(request, "cases/import/start.html", {"form": form})


def _too_large(request: HttpRequest) -> bool:
    """Whether the request is larger than a file the import takes (and its form fields)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > MAX_UPLOAD_BYTES + 64 * 1024


def _sample(sheet: Sheet, header_row: int) -> list[list[str]]:
    rows = [r for r in sheet.rows[header_row + 1 :] if any(not is_blank(c) for c in r)]
    width = sheet.width

    def shown(cell: Cell) -> str:
        if isinstance(cell, datetime.date):
            return date_format(cell, "d.m.Y")
        return "" if is_blank(cell) else text_of(cell)

    return [[shown(c) for c in row + [None] * (width - len(row))] for row in rows[:SAMPLE_ROWS]]


def _requested_choices(
    request: HttpRequest, pending: PendingImport, sheets: list[Sheet]
) -> tuple[Sheet, Choices]:
    """The sheet and header row the page shows: those asked for (another sheet or row
    gets its columns proposed afresh), else the ones kept with the upload."""
    source = request.POST if request.method == "POST" else request.GET
    kept = pending_choices(pending)
    sheet = sheet_named(sheets, source.get("ark") or kept.sheet)
    asked = source.get("rad", "")
    if sheet.name == kept.sheet and not asked and kept.header_row is not None:
        return sheet, kept
    row = int(asked) - 1 if asked.isdecimal() and 0 < int(asked) <= len(sheet.rows) else None
    if row is None:
        row = find_header_row(sheet, pending.kind) or 0
    if sheet.name == kept.sheet and row == kept.header_row:
        return sheet, kept
    return sheet, choices_for(sheet, pending.kind, row, saved_mapping(pending.unit, pending.kind))


def import_columns_view(request: HttpRequest, pending_id: uuid.UUID) -> HttpResponse:
    """Confirm or change which column holds what (or one value for every row)."""
    user, pending = _pending(request, pending_id)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    sheets = pending_sheets(pending)
    sheet, choices = _requested_choices(request, pending, sheets)
    header_row = choices.header_row if choices.header_row is not None else 0
    texts = headers(sheet, header_row)
    data = request.POST if request.method == "POST" else None
    form = ColumnsForm(data, kind=pending.kind, header_texts=texts, choices=choices)
    if form.is_bound and form.is_valid():
        chosen = form.chosen(sheet.name, header_row)
        if missing := chosen.missing(pending.kind):
            form.add_error(
                None,
                _("Velg en kolonne (eller én verdi) for: %(fields)s.")
                % {"fields": ", ".join(missing)},
            )
        else:
            pending_choose(
                pending,
                choices=chosen,
                sheet=sheet,
                save_for_unit=form.cleaned_data["save"],
                user=user,
            )
            return redirect("import_preview", pending.pk)
    context = {
        "pending": pending,
        "form": form,
        "sheets": sheets,
        "sheet": sheet,
        "header_row": header_row + 1,
        "headers": [(column_letter(i), text) for i, text in enumerate(texts)],
        "sample": _sample(sheet, header_row),
    }
    return render(request, "cases/import/columns.html", context)


def _plan(user: User, pending: PendingImport) -> Plan:
    sheet = sheet_named(pending_sheets(pending), pending.sheet)
    choices = pending_choices(pending)
    return import_plan(
        user=user, unit=pending.unit, kind=pending.kind, sheet=sheet, choices=choices
    )


def ranges(numbers: list[int]) -> str:
    """Row numbers as a reader takes them in: «2, 5–9, 12»."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def _columns(cases: bool) -> list[str]:
    if cases:
        names = ("Rad", "Dato", "Kategori", "Kjønn", "Alder", "Landbakgrunn", "Meldt av")
        return [_(n) for n in (*names, "Veiledet", "Merknad")]
    names = ("Rad", "Dato", "Type", "Målgrupper", "Temaer", "Deltakere", "Timer")
    return [_(n) for n in (*names, "Kommune", "Merknad")]


def _shown(row: PlannedRow) -> list[str]:
    """One row to create, as the preview's table shows it."""
    data = row.data
    notes = [*([_("Etterregistreres (låst år)")] if row.late else []), *row.notes]
    if isinstance(data, CaseInput):
        cells = [
            date_format(data.registered_on, "d.m.Y"),
            data.main_category.name,
            str(Gender(data.gender).label),
            str(AgeGroup(data.age_group).label),
            data.country.name,
            data.reported_by.name,
            str(GuidedPerson(data.guided).label),
        ]
    else:
        cells = [
            date_format(data.date, "d.m.Y"),
            str(ActivityType(data.activity_type).label),
            ", ".join(str(TargetGroup(c).label) for c in data.target_groups),
            ", ".join(str(Topic(c).label) for c in data.topics),
            "" if data.participants is None else str(data.participants),
            decimal_comma(data.hours),
            data.municipality,
        ]
    return [str(row.number), *cells, " ".join(notes)]


def _preview(
    request: HttpRequest,
    pending: PendingImport,
    plan: Plan,
    *,
    confirm: ConfirmForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    page = Paginator(plan.create, PREVIEW_PAGE).get_page(request.GET.get("side"))
    corrections = CorrectionsForm(unknown=list(plan.unknown.values()), labels=plan.labels)
    if confirm is None:
        confirm = ConfirmForm(initial={"digest": plan.digest()}, late=bool(plan.late))
    context: dict[str, Any] = {
        "pending": pending,
        "plan": plan,
        "page": page,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number)),
        "corrections": corrections,
        "confirm": confirm,
        "problem": problem,
        "cases": pending.kind == ImportKind.CASES,
        "columns": _columns(pending.kind == ImportKind.CASES),
        "shown": [_shown(row) for row in page.object_list],
        "already": ranges(plan.already),
        "totals": ranges(plan.totals),
        "late_years": ", ".join(str(y) for y in plan.late_years),
    }
    return render(request, "cases/import/preview.html", context, status=status)


def import_preview_view(request: HttpRequest, pending_id: uuid.UUID) -> HttpResponse:
    """The dry run: every row that would be created and every row that cannot be;
    a POST keeps corrections of values the importer could not read."""
    user, pending = _pending(request, pending_id)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    try:
        plan = _plan(user, pending)
    except ValidationError:
        return redirect("import_columns", pending.pk)
    if request.method == "POST":
        form = CorrectionsForm(
            request.POST, unknown=list(plan.unknown.values()), labels=plan.labels
        )
        if form.is_valid():
            pending_correct(pending, form.corrections())
        return redirect("import_preview", pending.pk)
    return _preview(request, pending, plan)


def _done_message(plan: Plan) -> str:
    parts = [
        ngettext("%(n)s rad er lest inn", "%(n)s rader er lest inn", len(plan.create))
        % {"n": len(plan.create)}
    ]
    if plan.late:
        parts.append(_("%(n)s av dem etterregistrert") % {"n": len(plan.late)})
    if plan.already:
        parts.append(_("%(n)s var lest inn fra før") % {"n": len(plan.already)})
    if plan.refused:
        parts.append(_("%(n)s kunne ikke leses inn") % {"n": len(plan.refused)})
    return ", ".join(parts) + "."


def import_confirm_view(request: HttpRequest, pending_id: uuid.UUID) -> HttpResponse:
    """Import what the dry run showed; if anything changed since, show the new dry run."""
    user, pending = _pending(request, pending_id)
    if not_allowed := only_methods(request, "POST"):
        return not_allowed
    if pending_choices(pending).missing(pending.kind) or pending.header_row is None:
        return redirect("import_columns", pending.pk)
    confirm = ConfirmForm(request.POST, late=True)
    confirm.fields["reason"].required = False
    if confirm.is_valid():
        try:
            result = pending_import_apply(
                user=user,
                pending=pending,
                digest=confirm.cleaned_data["digest"],
                reason=confirm.cleaned_data.get("reason", ""),
            )
        except PlanChanged as changed:
            return _preview(request, pending, changed.plan, problem=changed.messages[0], status=409)
        except ValidationError as error:
            add_service_errors(confirm, error)
        else:
            messages.success(request, _done_message(result.plan))
            return redirect("import_start")
    plan = _plan(user, pending)
    if not plan.late:
        del confirm.fields["reason"]
    return _preview(request, pending, plan, confirm=confirm, status=400)


def import_cancel_view(request: HttpRequest, pending_id: uuid.UUID) -> HttpResponse:
    """Forget an upload without importing anything."""
    _user, pending = _pending(request, pending_id)
    if not_allowed := only_methods(request, "POST"):
        return not_allowed
    pending.delete()
    messages.success(request, _("Opplastingen er forkastet. Ingenting er lest inn."))
    return redirect("import_start")
