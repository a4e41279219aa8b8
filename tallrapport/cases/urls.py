"""Case pages. Cases are addressed by their UUID only, never by a counter."""

from django.urls import include, path

from tallrapport.cases import list_views, views

urlpatterns = [
    path("saker/ny/", views.case_register_view, name="case_register"),
    path("saker/mine/", list_views.my_cases_view, name="my_cases"),
    path("saker/alle/", list_views.all_cases_view, name="all_cases"),
    path("saker/alle/regneark/", list_views.all_cases_xlsx_view, name="all_cases_xlsx"),
    path("saker/<uuid:case_id>/", views.case_detail_view, name="case_detail"),
    path("saker/<uuid:case_id>/registrert/", views.case_registered_view, name="case_registered"),
    path("saker/<uuid:case_id>/endre/", views.case_edit_view, name="case_edit"),
    path("saker/<uuid:case_id>/slett/", views.case_delete_view, name="case_delete"),
    path("saker/aar/", views.years_view, name="case_years"),
    # The import of the advisors' spreadsheets (tallrapport/cases/imports).
    path("innlesing/", include("tallrapport.cases.imports.urls")),
    path("saker/aar/<slug:scheme_code>/<int:year>/las/", views.year_lock_view, name="year_lock"),
    path(
        "saker/aar/<slug:scheme_code>/<int:year>/gjenapne/",
        views.year_lock_view,
        {"reopen": True},
        name="year_reopen",
    ),
    # The analyst's late registration and change in a closed year: the same views.
    path(
        "saker/etterregistrering/",
        views.case_register_view,
        {"late": True},
        name="case_register_late",
    ),
    path(
        "saker/<uuid:case_id>/etterregistrering/",
        views.case_edit_view,
        {"late": True},
        name="case_edit_late",
    ),
]
