"""The analyst's report pages: make, read, download and publish the yearly report.

Views stay thin: check the role, call one builder or service, render. Analysts
and administrators read reports; only analysts publish.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tallrapport.accounts.access import only_methods
from tallrapport.accounts.models import User
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record, audit_request_meta
from tallrapport.reports.build import build_report
from tallrapport.reports.edition_report import edition_report
from tallrapport.reports.exports import FORMATS, export_bytes
from tallrapport.reports.forms import PublishForm
from tallrapport.reports.render.marks import status_mark
from tallrapport.reports.report import Report
from tallrapport.reports.selectors import edition_get, editions, report_years
from tallrapport.reports.services import edition_publish


def _reader(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not (user.is_analyst or user.is_administrator):
        raise PermissionDenied
    return user


def report_list_view(request: HttpRequest) -> HttpResponse:
    """Years to report on, and every published edition."""
    _reader(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    return render(
        request, "reports/report_list.html", {"years": report_years(), "editions": editions()}
    )


def _year(year: int) -> int:
    if year not in report_years():
        raise Http404
    return year


def report_view(request: HttpRequest, year: int) -> HttpResponse:
    """The report for one year; an analyst edits the paragraphs and publishes."""
    user = _reader(request)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    report = build_report(year=_year(year))
    if request.method == "POST":
        if not user.is_analyst:
            raise PermissionDenied
        form = PublishForm(request.POST, report=report)
        if form.is_valid():
            try:
                edition = edition_publish(
                    year=year,
                    user=user,
                    texts=form.texts(),
                    submission_token=form.cleaned_data["submission_token"],
                    confirmed_numbers=form.confirmed_numbers(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Utgaven er publisert."))
                return redirect("edition", slug=edition.slug)
    else:
        form = PublishForm(report=report)
    return render(
        request,
        "reports/report_page.html",
        {
            "report": report,
            "form": form,
            "formats": sorted(FORMATS),
            "may_publish": user.is_analyst,
            "status_mark": status_mark(report),
        },
    )


def _download(report: Report, fmt: str) -> HttpResponse:
    """The report as an attachment; a report that fails the audit is marked inside the file."""
    content, media_type, name = export_bytes(report, fmt)
    response = HttpResponse(content, content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_download_view(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    """The report as a file, with the generated paragraphs; every export is in the audit trail."""
    user = _reader(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    if fmt not in FORMATS:
        raise Http404
    report = build_report(year=_year(year))
    audit_record(
        actor=user,
        action=Action.EXPORT,
        target_type="rapport",
        target_id=f"tallrapport:{year}:{fmt}",
        reason="" if report.safe else _("utkast: revisjonen fant tall som kan regnes ut"),
        **audit_request_meta(request),
    )
    return _download(report, fmt)


def edition_view(request: HttpRequest, slug: str) -> HttpResponse:
    """A published edition exactly as it was frozen, printed like a fresh report."""
    _reader(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    edition = edition_get(slug=slug)
    return render(
        request,
        "reports/edition.html",
        {"edition": edition, "report": edition_report(edition), "formats": sorted(FORMATS)},
    )


def edition_download_view(request: HttpRequest, slug: str, fmt: str = "csv") -> HttpResponse:
    """An edition's frozen cells as a file, through the same renderers as a fresh report."""
    user = _reader(request)
    if not_allowed := only_methods(request, "GET"):
        return not_allowed
    if fmt not in FORMATS:
        raise Http404
    edition = edition_get(slug=slug)
    audit_record(
        actor=user,
        action=Action.EXPORT,
        target_type="utgave",
        target_id=edition.pk,
        reason=fmt,
        **audit_request_meta(request),
    )
    return _download(edition_report(edition), fmt)
