"""The public endpoints: the published editions' tables and the code lists.

No token and no login: anyone may read what IMDi has published. Only editions
are read (:func:`~tallrapport.reports.edition_report.edition_report`, the
report the edition page prints), so a draft or a count of the register never
reaches here.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tallrapport.api import editions
from tallrapport.api.shapes import EditionDetail, EditionListed, JsonStatDataset, TableJson
from tallrapport.api.throttling import PublicRateThrottle
from tallrapport.reports.csv_export import render_csv
from tallrapport.reports.edition_report import edition_report
from tallrapport.reports.models import Edition
from tallrapport.reports.selectors import edition_get
from tallrapport.reports.selectors import editions as all_editions


# An endpoint anyone may read: no token, a limit per address.
class PublicView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]


# --- codes (public) --------------------------------------------------------------------


def _levels(model: Any) -> list[dict[str, Any]]:
    return [
        {"code": row.code, "name": row.name, "valid_from": row.valid_from, "valid_to": row.valid_to}
        for row in model.objects.all()
    ]


class CodesView(PublicView):
    @extend_schema(
        operation_id="kodeverk",
        summary="Kodene en sak og en aktivitet bruker",
        description="Kategorier, land og «meldt av» med gyldighet, og de faste listene.",
        responses={200: OpenApiTypes.OBJECT},
        tags=["Kodeverk"],
    )
    def get(self, request: Request) -> Response:
        from tallrapport.activities import models as activity_models
        from tallrapport.cases import models as case_models

        def choices(enum: Any) -> list[dict[str, str]]:
            return [{"code": value, "name": str(label)} for value, label in enum.choices]

        return Response(
            {
                "main_category": _levels(case_models.Category),
                "country": _levels(case_models.Country),
                "reported_by": _levels(case_models.ReferralSource),
                "gender": choices(case_models.Gender),
                "age_group": choices(case_models.AgeGroup),
                "guided": choices(case_models.GuidedPerson),
                "activity_type": choices(activity_models.ActivityType),
                "target_groups": choices(activity_models.TargetGroup),
                "topics": choices(activity_models.Topic),
                "partners": choices(activity_models.PartnerKind),
            }
        )


# --- published editions (public) -------------------------------------------------------


def _edition_link(request: Request, edition: Edition, *parts: str) -> str:
    path = "/".join(["", "api", "v1", "utgaver", edition.slug, *parts, ""])
    return request.build_absolute_uri(path)


class EditionListView(PublicView):
    @extend_schema(
        operation_id="utgaver",
        summary="Publiserte utgaver",
        description="Hver publiserte tallrapport, også de som ble publisert før Tallrapport.",
        responses={200: EditionListed(many=True)},
        tags=["Publiserte tall"],
    )
    def get(self, request: Request) -> Response:
        return Response(
            [
                {**editions.edition_summary(e), "url": _edition_link(request, e)}
                for e in all_editions()
            ]
        )


class EditionDetailView(PublicView):
    @extend_schema(
        operation_id="utgave",
        summary="Én utgave: tabellene, tekstene og de reviderte tallene",
        responses={200: EditionDetail},
        tags=["Publiserte tall"],
    )
    def get(self, request: Request, slug: str) -> Response:
        edition = edition_get(slug=slug)
        report = edition_report(edition)
        tables = []
        revised = []
        for section in report.sections:
            previous = editions.edition_previous(edition, section.scheme)
            for table in section.tables.values():
                link = _edition_link(request, edition, "tabeller", section.scheme, table.key)
                tables.append(
                    {
                        "scheme": section.scheme,
                        "scheme_name": section.name,
                        "table": table.key,
                        "title": table.title,
                        "json": link,
                        "csv": link + "csv/",
                        "json_stat": link + "json-stat/",
                    }
                )
                revised += [
                    {"scheme": section.scheme, "table": table.key, **r}
                    for r in editions.revisions(table, previous)
                ]
        return Response(
            {
                **editions.edition_summary(edition),
                "based_on": [e.slug for e in report.reference_editions],
                "texts": {s.scheme: s.texts for s in report.sections},
                "tables": tables,
                "revisions": revised,
                "csv": _edition_link(request, edition, "csv"),
                "source": editions.SOURCE,
            }
        )


def _csv(content: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


class EditionCsvView(PublicView):
    @extend_schema(
        operation_id="utgave_csv",
        summary="Hele utgaven som CSV (som nedlastingen på utgavens side)",
        responses={(200, "text/csv"): OpenApiTypes.STR},
        tags=["Publiserte tall"],
    )
    def get(self, request: Request, slug: str) -> HttpResponse:
        edition = edition_get(slug=slug)
        return _csv(render_csv(edition_report(edition)), f"{edition.slug}.csv")


def _table(slug: str, scheme: str, key: str) -> tuple[Edition, Any, Any]:
    edition = edition_get(slug=slug)
    report = edition_report(edition)
    table = editions.find_table(report, scheme, key)
    if table is None:
        raise Http404
    return edition, report, table


class TableView(PublicView):
    @extend_schema(
        operation_id="tabell",
        summary="Én tabell som JSON",
        description="Skjulte tall er null med status «*».",
        responses={200: TableJson},
        tags=["Publiserte tall"],
    )
    def get(self, request: Request, slug: str, scheme: str, table: str) -> Response:
        edition, _report, found = _table(slug, scheme, table)
        previous = editions.edition_previous(edition, scheme)
        return Response(editions.table_json(edition, found, previous))


class TableCsvView(PublicView):
    @extend_schema(
        operation_id="tabell_csv",
        summary="Én tabell som CSV",
        responses={(200, "text/csv"): OpenApiTypes.STR},
        tags=["Publiserte tall"],
    )
    def get(self, request: Request, slug: str, scheme: str, table: str) -> HttpResponse:
        edition, report, found = _table(slug, scheme, table)
        return _csv(editions.table_csv(report, found), f"{edition.slug}-{scheme}-{table}.csv")


class TableJsonStatView(PublicView):
    @extend_schema(
        operation_id="tabell_json_stat",
        summary="Én tabell som JSON-stat 2.0",
        description=(
            "Et JSON-stat 2.0-datasett, formatet SSBs API bruker: skjulte tall er null "
            "med status «*», reviderte tall har status «r»."
        ),
        responses={200: JsonStatDataset},
        tags=["Publiserte tall"],
    )
    def get(self, request: Request, slug: str, scheme: str, table: str) -> Response:
        edition, _report, found = _table(slug, scheme, table)
        previous = editions.edition_previous(edition, scheme)
        return Response(editions.table_jsonstat(edition, found, previous))
