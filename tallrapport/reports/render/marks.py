"""What a file says about its own standing, on every page: draft, failed audit, or edition.

A downloaded file travels without the page it came from, so it must say
itself whether it may be passed on. Until an edition is published, every
format carries «Utkast – ikke publisert» (every PDF page's header, the DOCX's
page header, the top of the HTML, the XLSX's first sheet); a published
edition carries its name and date instead. A report that fails the
disclosure audit also says so on its cover and first page, with the reason.
"""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tallrapport.reports.render.about import about_view
from tallrapport.reports.report import Report
from tallrapport.reports.services import unsafe_message


def unpublished_mark() -> str:
    return _("Utkast – ikke publisert")


def status_mark(report: Report) -> str:
    """«Utkast – ikke publisert», or the edition's name and when it was published."""
    edition = report.edition
    if edition is None:
        return unpublished_mark()
    if edition.published_at is None:
        # A transcribed historical edition: no publication time was recorded.
        return f"{edition.title} – {edition.get_source_display()}"
    published = formats.date_format(timezone.localtime(edition.published_at), "j. F Y")
    return _("%(title)s – publisert %(date)s") % {"title": edition.title, "date": published}


def audit_reason(report: Report) -> str:
    """Why a report that fails the audit may not be published; empty when it passes."""
    if report.safe:
        return ""
    activities = report.activities
    if report.unprotectable or (
        activities is not None and any(a.disclosed for a in activities.audits)
    ):
        return unsafe_message(report)
    # The audit failed without naming the numbers: say what it found.
    return about_view(report).audit


def source_line(report: Report) -> str:
    """«Kilde: Tallrapport (IMDi), 2023»: the line under every table and figure."""
    return _("Kilde: Tallrapport (IMDi), %(year)s") % {"year": report.year}


def made_line(report: Report, date_format: str) -> tuple[str, str]:
    """The colophon's line: when a report was made, or when its edition was published."""
    label = _("Laget") if report.edition is None else _("Publisert")
    if report.generated_at is None:
        # A transcribed historical edition: no publication time was recorded.
        return label, str(report.edition.get_source_display()) if report.edition else ""
    return label, formats.date_format(timezone.localtime(report.generated_at), date_format)
