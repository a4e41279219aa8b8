"""The import's pages under /innlesing/; a waiting upload is addressed by its UUID."""

from django.urls import path

from tallrapport.cases.imports import views

urlpatterns = [
    path("", views.import_start_view, name="import_start"),
    path("<uuid:pending_id>/kolonner/", views.import_columns_view, name="import_columns"),
    path("<uuid:pending_id>/", views.import_preview_view, name="import_preview"),
    path("<uuid:pending_id>/les-inn/", views.import_confirm_view, name="import_confirm"),
    path("<uuid:pending_id>/forkast/", views.import_cancel_view, name="import_cancel"),
]
