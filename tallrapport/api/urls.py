"""The API's addresses under /api/v1/, its schema and documentation, and the token page.

Every API view is open to the login middleware (the token, not a session,
says who asks); anything else under /api/ is a problem document, not the HTML
404 page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularYAMLAPIView

from tallrapport.api import docs, public, views, web
from tallrapport.api.problems import not_found_view
from tallrapport.login.middleware import second_factor_not_required


def _open(view: Any) -> Any:
    """Reached with a token or by anyone: not a page of the logged-in web app."""
    return second_factor_not_required(login_not_required(view))


def _api(route: str, view_class: Any, name: str) -> URLPattern:
    pattern: URLPattern = path(f"api/v1/{route}", _open(view_class.as_view()), name=name)
    return pattern


TABLE = "utgaver/<str:slug>/tabeller/<str:scheme>/<str:table>/"

urlpatterns = [
    _api("saker/", views.CaseListView, "api_cases"),
    _api("saker/<str:case_id>/", views.CaseDetailView, "api_case"),
    _api("aktiviteter/", views.ActivityListView, "api_activities"),
    _api("aktiviteter/<str:activity_id>/", views.ActivityDetailView, "api_activity"),
    _api("kodeverk/", public.CodesView, "api_codes"),
    _api("utgaver/", public.EditionListView, "api_editions"),
    _api("utgaver/<str:slug>/", public.EditionDetailView, "api_edition"),
    _api("utgaver/<str:slug>/csv/", public.EditionCsvView, "api_edition_csv"),
    _api(TABLE, public.TableView, "api_table"),
    _api(TABLE + "csv/", public.TableCsvView, "api_table_csv"),
    _api(TABLE + "json-stat/", public.TableJsonStatView, "api_table_jsonstat"),
    path("api/v1/schema/", _open(SpectacularJSONAPIView.as_view()), name="api_schema"),
    path("api/v1/schema.yaml", _open(SpectacularYAMLAPIView.as_view()), name="api_schema_yaml"),
    path("api/v1/dokumentasjon/", _open(docs.docs_view), name="api_docs"),
    re_path(r"^api/", _open(not_found_view)),
    path("api-nokler/", web.tokens_view, name="api_tokens"),
    path(
        "api-nokler/<uuid:token_id>/trekk-tilbake/", web.token_revoke_view, name="api_token_revoke"
    ),
]
