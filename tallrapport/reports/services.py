"""Publishing an edition: the report as printed, frozen cell by cell."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tallrapport.accounts.models import User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record
from tallrapport.reports.build import build_report
from tallrapport.reports.models import CellStatus, Edition, EditionCell, EditionSource
from tallrapport.reports.numbers import printed, unprinted_numbers
from tallrapport.reports.parts import REPORT_SCOPE, REPORT_TEXT_KEYS
from tallrapport.reports.report import NOT_APPLICABLE, Report
from tallrapport.reports.text import TEXT_KEYS

MAX_TEXT = 5000


def text_field(scope: str, key: str) -> str:
    """One paragraph's name: its scheme (or the report's own parts) and its key."""
    return f"{scope}__{key}"


def _targets(report: Report) -> list[tuple[str, tuple[str, ...], dict[str, str]]]:
    """Where edited paragraphs go: the report's own parts, then each scheme's."""
    return [(REPORT_SCOPE, REPORT_TEXT_KEYS, report.texts)] + [
        (section.scheme, TEXT_KEYS, section.texts) for section in report.sections
    ]


def apply_texts(
    report: Report,
    texts: Mapping[str, Mapping[str, str]],
    confirmed_numbers: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Put the analyst's edited paragraphs into the report (scheme → key → text).

    Only known schemes and paragraph keys are taken; a blank paragraph is left
    out of the report, as the analyst asked. A number the report does not
    print is refused unless the analyst confirmed that very number for that
    paragraph (``confirmed_numbers``: field name → numbers as written).
    """
    known = printed(report)
    confirmed = confirmed_numbers or {}
    for scope, keys, target in _targets(report):
        edited = texts.get(scope, {})
        for key in keys:
            if key not in edited:
                continue
            text = edited[key].strip()
            if len(text) > MAX_TEXT:
                raise ValidationError(
                    _("Et avsnitt kan ha høyst %(n)s tegn.") % {"n": MAX_TEXT}, code="long"
                )
            name = text_field(scope, key)
            unconfirmed = [
                n for n in unprinted_numbers(text, known) if n not in confirmed.get(name, ())
            ]
            if unconfirmed:
                raise ValidationError(
                    _("Tall som ikke står i rapporten, er ikke bekreftet: %(numbers)s.")
                    % {"numbers": ", ".join(unconfirmed)},
                    code="numbers",
                )
            target[key] = text


def unsafe_message(report: Report) -> str:
    """Why a report cannot be published, which numbers, and what the analyst can do."""
    found = (
        report.unprotectable
        or [
            _("%(n)s skjulte aktivitetstall") % {"n": len(a.disclosed)}
            for a in (report.activities.audits if report.activities is not None else [])
            if a.disclosed
        ]
        or report.bad_shares
    )
    return _(
        "Rapporten kan ikke publiseres: et skjult tall kan regnes ut, og ingen prikking kan "
        "hindre det. %(found)s. Dette kommer av tall som tidligere utgaver har trykt sammen "
        "med dagens register. Sjekk om saker i disse cellene er registrert eller rettet "
        "senere (se «Reviderte tall»), rett feilregistreringer, og lag rapporten på nytt."
    ) % {"found": "; ".join(found)}


def edition_publish(
    *,
    year: int,
    user: User,
    texts: Mapping[str, Mapping[str, str]] | None = None,
    submission_token: uuid.UUID | None = None,
    confirmed_numbers: Mapping[str, Sequence[str]] | None = None,
) -> Edition:
    """Publish the report for ``year`` as a new edition and freeze what it prints.

    The report is built again inside the transaction, so what is frozen is
    exactly what the protection decided for the register as it is now. A
    report whose audit finds a computable hidden cell is refused: an edition
    is forever. A repeated ``submission_token`` returns the edition it made.
    """
    if not user.is_analyst:
        raise PermissionDenied
    if submission_token is not None:
        existing = Edition.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    try:
        return _publish(
            year=year,
            user=user,
            texts=texts,
            submission_token=submission_token,
            confirmed_numbers=confirmed_numbers or {},
        )
    except IntegrityError:
        # Two publishes at once: the token's or the number's unique constraint stopped one.
        if submission_token is not None:
            existing = Edition.objects.filter(submission_token=submission_token).first()
            if existing is not None:
                return existing
        raise ValidationError(
            _("En annen utgave ble publisert samtidig. Prøv igjen."), code="conflict"
        ) from None


def _publish(
    *,
    year: int,
    user: User,
    texts: Mapping[str, Mapping[str, str]] | None,
    submission_token: uuid.UUID | None,
    confirmed_numbers: Mapping[str, Sequence[str]],
) -> Edition:
    with transaction.atomic():
        report = build_report(year=year)
        if not report.safe:
            raise ValidationError(unsafe_message(report), code="unsafe")
        if not any(section.tables for section in report.sections):
            raise ValidationError(_("Det finnes ingen tall for %(year)s.") % {"year": year})
        apply_texts(report, texts or {}, confirmed_numbers)
        number = Edition.objects.filter(year=year, source=EditionSource.TALLRAPPORT).count() + 1
        title = _("Tallrapportering %(year)s") % {"year": year}
        if number > 1:
            title += " " + _("(utgave %(n)s)") % {"n": number}
        edition = Edition.objects.create(
            slug=f"tallrapport-{year}-{number}",
            title=title,
            year=year,
            source=EditionSource.TALLRAPPORT,
            published_at=timezone.now(),
            published_by=user,
            texts={REPORT_SCOPE: report.texts, **{s.scheme: s.texts for s in report.sections}},
            submission_token=submission_token,
        )
        edition.based_on.set(report.reference_editions)
        audit_record(
            actor=user,
            action=Action.PUBLISH,
            target_type="utgave",
            target_id=edition.pk,
            changes={"slug": [None, edition.slug], "year": [None, year]},
        )
        if confirmed_numbers:
            # The analyst vouched for numbers the report does not print: on record, by whom.
            audit_record(
                actor=user,
                action=Action.PUBLISH,
                target_type="utgave",
                target_id=edition.pk,
                changes={
                    "bekreftede_tall": [None, {k: list(v) for k, v in confirmed_numbers.items()}]
                },
                reason=_("Tall i teksten som ikke står i rapporten, er bekreftet av analytikeren"),
            )
        EditionCell.objects.bulk_create(
            EditionCell(
                edition=edition,
                scheme=section.scheme,
                table=table.key,
                row=row,
                column=column,
                label=label,
                # «–» (no such category that year) is stored as the 0 it is; reading
                # the edition back marks it again from the categories' periods.
                value=0 if cell.status == NOT_APPLICABLE else cell.value,
                status=CellStatus.HIDDEN if cell.hidden else CellStatus.SHOWN,
            )
            for section in report.sections
            for table in section.tables.values()
            for row, label in table.rows
            for column, _column_label in table.columns
            for cell in (table.cells[(row, column)],)
        )
    return edition
