"""Activity pages under /aktiviteter/. Activities are addressed by their UUID only."""

from django.urls import path

from tallrapport.activities import list_views, views

urlpatterns = [
    path("ny/", views.activity_register_view, name="activity_register"),
    path("mine/", list_views.my_activities_view, name="my_activities"),
    path("alle/", list_views.all_activities_view, name="all_activities"),
    path("alle/regneark/", list_views.all_activities_xlsx_view, name="all_activities_xlsx"),
    path("<uuid:activity_id>/", views.activity_detail_view, name="activity_detail"),
    path("<uuid:activity_id>/endre/", views.activity_edit_view, name="activity_edit"),
    path("<uuid:activity_id>/slett/", views.activity_delete_view, name="activity_delete"),
    # The analyst's late registration and change in a closed year: the same views.
    path(
        "etterregistrering/",
        views.activity_register_view,
        {"late": True},
        name="activity_register_late",
    ),
    path(
        "<uuid:activity_id>/etterregistrering/",
        views.activity_edit_view,
        {"late": True},
        name="activity_edit_late",
    ),
]
