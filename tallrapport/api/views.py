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
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
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
from tallrapport.api.authentication import PersonalTokenAuthentication
from tallrapport.api.serializers import (
    ActivityIn,
    ActivityOut,
    CaseIn,
    CaseOut,
    YearFilter,
)
from tallrapport.api.throttling import TokenRateThrottle
from tallrapport.audit.models import Action
from tallrapport.audit.services import audit_record, audit_request_meta
from tallrapport.cases.selectors import (
    case_get_visible,
    cases_in_year,
    cases_visible_to,
    user_may_change_cases,
)
from tallrapport.cases.services import AUDIT_TARGET as CASE_TARGET
from tallrapport.cases.services import case_register

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
        cases = cases_in_year(cases_visible_to(user), year=filters.get("year"))
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
