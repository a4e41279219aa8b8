"""The API's endpoints: thin, as the web views are.

Each one finds out who asks with the same access getter as the pages
(:func:`~tallrapport.accounts.access.user_for`), reads through the same scoping
selector (404 for a record outside it), and writes through the same service as
the form. Errors of every kind leave as problem details
(:mod:`tallrapport.api.problems`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tallrapport.accounts.access import user_for
from tallrapport.accounts.models import Unit, User
from tallrapport.accounts.selectors import units_of_user
from tallrapport.activities.selectors import (
    activities_of_year,
    activities_visible_to,
    activity_get_visible,
    user_may_change_activities,
)
from tallrapport.activities.services import activity_register
from tallrapport.api import editions
from tallrapport.api.authentication import PersonalTokenAuthentication
from tallrapport.api.serializers import (
    ActivityIn,
    ActivityOut,
    CaseIn,
    CaseOut,
    YearFilter,
)
from tallrapport.api.throttling import PublicRateThrottle, TokenRateThrottle
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record, audit_request_meta
from tallrapport.cases.selectors import (
    case_get_visible,
    cases_filtered,
    cases_visible_to,
    user_may_change_cases,
)
from tallrapport.cases.services import AUDIT_TARGET as CASE_TARGET
from tallrapport.cases.services import case_register
from tallrapport.reports.edition_report import edition_report
from tallrapport.reports.models import Edition
from tallrapport.reports.selectors import edition_get
from tallrapport.reports.selectors import editions as all_editions

PAGE_SIZE = 100
MAX_IDEMPOTENCY_KEY = 255
# Idempotency keys become submission tokens in this namespace, together with the
# user, so two clients choosing the same key never meet.
IDEMPOTENCY_NAMESPACE = uuid.UUID("5d0c4f0e-0b7e-4c8e-9a51-3f0f7b1c2a10")

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Samme nøkkel to ganger registrerer én gang: det andre svaret er det som ble "
        "registrert første gang (som en nettleser som sender skjemaet to ganger)."
    ),
)
YEAR = OpenApiParameter("year", int, description="Bare dette året (2000–2100).")
PAGE = OpenApiParameter("page", int, description="Side (100 per side), fra 1.")


def api_user(request: Request, *, may: Callable[[User], bool] | None = None) -> User:
    """Who asks, through the pages' own access getter.

    DRF puts the token's owner on the Django request once it has authenticated,
    so the getter sees the same user as the page would.
    """
    if not isinstance(request.user, User):
        raise Http404
    return user_for(request._request, may=may)


def submission_token(request: Request, user: User) -> uuid.UUID:
    """The service's submission token: from ``Idempotency-Key``, or new for each request."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return uuid.uuid4()
    if not key or len(key) > MAX_IDEMPOTENCY_KEY or not key.isprintable():
        raise serializers.ValidationError(
            {"Idempotency-Key": [_("Idempotency-Key må være 1–255 synlige tegn.")]}
        )
    return uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{user.pk}:{key}")


def own_unit(user: User, unit_id: uuid.UUID | None) -> Unit | None:
    """The unit the advisor named, among their own (the form's choices), or None."""
    if unit_id is None:
        return None
    unit = units_of_user(user=user).filter(pk=unit_id).first()
    if unit is None:
        raise serializers.ValidationError({"unit": [_("Velg en av dine enheter.")]})
    return unit


def _filters(request: Request) -> dict[str, Any]:
    params = YearFilter(data=request.query_params)
    params.is_valid(raise_exception=True)
    return dict(params.validated_data)


def _page(request: Request, rows: Any, page_number: int, out: Any) -> dict[str, Any]:
    """One page of a list: count, links to the neighbours, the rows."""
    paginator = Paginator(rows, PAGE_SIZE)
    if page_number > max(paginator.num_pages, 1):
        raise Http404
    page = paginator.page(page_number)

    def link(number: int) -> str:
        query = request.query_params.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(page_number + 1) if page.has_next() else None,
        "previous": link(page_number - 1) if page.has_previous() else None,
        "results": out(page.object_list, many=True).data,
    }


def _page_of(name: str, out: type[serializers.Serializer[Any]]) -> Any:
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": out(many=True),
        },
    )


# An endpoint for the holder of a personal token (a comment, not a docstring: the
# schema would print a docstring as every endpoint's description).
class TokenView(APIView):
    authentication_classes = [PersonalTokenAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRateThrottle]


# An endpoint anyone may read: no token, a limit per address.
class PublicView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicRateThrottle]


# --- cases -----------------------------------------------------------------------------


class CaseListView(TokenView):
    @extend_schema(
        operation_id="saker_liste",
        summary="Sakene du kan se",
        description="En rådgiver ser sakene ved sine enheter; analytikeren alle.",
        parameters=[YEAR, PAGE],
        responses={200: _page_of("SakSide", CaseOut)},
        tags=["Saker"],
    )
    def get(self, request: Request) -> Response:
        user = api_user(request)
        filters = _filters(request)
        cases = cases_filtered(cases_visible_to(user), year=filters.get("year"))
        cases = cases.prefetch_related("secondary_categories").order_by(
            "-registered_on", "-created_at", "id"
        )
        return Response(_page(request, cases, filters.get("page", 1), CaseOut))

    @extend_schema(
        operation_id="saker_registrer",
        summary="Registrer en sak",
        description=(
            "Samme regler som skjemaet: enhet og dato etter medlemskapene, låste år, "
            "kategorienes gyldighet. Bare rådgivere registrerer."
        ),
        parameters=[IDEMPOTENCY_HEADER],
        request=CaseIn,
        responses={201: CaseOut},
        tags=["Saker"],
    )
    def post(self, request: Request) -> Response:
        user = api_user(request, may=user_may_change_cases)
        body = CaseIn(data=request.data)
        body.is_valid(raise_exception=True)
        case = case_register(
            user=user,
            unit=own_unit(user, body.validated_data.get("unit")),
            data=body.case_input(user),
            submission_token=submission_token(request, user),
        )
        return Response(CaseOut(case_get_visible(user=user, case_id=case.pk)).data, status=201)


class CaseDetailView(TokenView):
    @extend_schema(
        operation_id="sak",
        summary="Én sak",
        description="404 for en sak utenfor det du kan se. Hvert oppslag står i revisjonsloggen.",
        responses={200: CaseOut},
        tags=["Saker"],
    )
    def get(self, request: Request, case_id: str) -> Response:
        user = api_user(request)
        case = case_get_visible(user=user, case_id=_uuid(case_id))
        audit_record(
            actor=user,
            action=Action.VIEW,
            target_type=CASE_TARGET,
            target_id=case.pk,
            **audit_request_meta(request._request),
        )
        return Response(CaseOut(case).data)


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise Http404 from None


# --- activities ------------------------------------------------------------------------


class ActivityListView(TokenView):
    @extend_schema(
        operation_id="aktiviteter_liste",
        summary="Aktivitetene du kan se",
        parameters=[YEAR, PAGE],
        responses={200: _page_of("AktivitetSide", ActivityOut)},
        tags=["Aktiviteter"],
    )
    def get(self, request: Request) -> Response:
        user = api_user(request)
        filters = _filters(request)
        visible = activities_visible_to(user)
        rows = (
            activities_of_year(visible, year=filters["year"])
            if "year" in filters
            else visible.prefetch_related("target_groups", "topics", "partners").select_related(
                "unit", "scheme"
            )
        ).order_by("-date", "-created_at", "id")
        return Response(_page(request, rows, filters.get("page", 1), ActivityOut))

    @extend_schema(
        operation_id="aktiviteter_registrer",
        summary="Registrer en aktivitet",
        parameters=[IDEMPOTENCY_HEADER],
        request=ActivityIn,
        responses={201: ActivityOut},
        tags=["Aktiviteter"],
    )
    def post(self, request: Request) -> Response:
        user = api_user(request, may=user_may_change_activities)
        body = ActivityIn(data=request.data)
        body.is_valid(raise_exception=True)
        activity = activity_register(
            user=user,
            unit=own_unit(user, body.validated_data.get("unit")),
            data=body.activity_input(),
            submission_token=submission_token(request, user),
        )
        saved = activity_get_visible(user=user, activity_id=activity.pk)
        return Response(ActivityOut(saved).data, status=201)


class ActivityDetailView(TokenView):
    @extend_schema(
        operation_id="aktivitet",
        summary="Én aktivitet",
        responses={200: ActivityOut},
        tags=["Aktiviteter"],
    )
    def get(self, request: Request, activity_id: str) -> Response:
        user = api_user(request)
        activity = activity_get_visible(user=user, activity_id=_uuid(activity_id))
        return Response(ActivityOut(activity).data)


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

EDITION_SUMMARY = inline_serializer(
    "Utgave",
    {
        "slug": serializers.CharField(),
        "title": serializers.CharField(),
        "year": serializers.IntegerField(),
        "source": serializers.CharField(),
        "published_at": serializers.DateTimeField(allow_null=True),
        "url": serializers.URLField(),
    },
    many=True,
)


def _edition_link(request: Request, edition: Edition, *parts: str) -> str:
    path = "/".join(["", "api", "v1", "utgaver", edition.slug, *parts, ""])
    return request.build_absolute_uri(path)


class EditionListView(PublicView):
    @extend_schema(
        operation_id="utgaver",
        summary="Publiserte utgaver",
        description="Hver publiserte tallrapport, også de som ble publisert før Tallrapport.",
        responses={200: EDITION_SUMMARY},
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
        responses={200: OpenApiTypes.OBJECT},
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
        from tallrapport.reports.csv_export import render_csv

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
        responses={200: OpenApiTypes.OBJECT},
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
        responses={200: OpenApiTypes.OBJECT},
        tags=["Publiserte tall"],
    )
    def get(self, request: Request, slug: str, scheme: str, table: str) -> Response:
        edition, _report, found = _table(slug, scheme, table)
        previous = editions.edition_previous(edition, scheme)
        return Response(editions.table_jsonstat(edition, found, previous))
