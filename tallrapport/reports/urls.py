from django.urls import path

from tallrapport.reports import views

urlpatterns = [
    path("", views.report_list_view, name="report_list"),
    path("<int:year>/", views.report_view, name="report"),
    path("<int:year>/last-ned/<str:fmt>/", views.report_download_view, name="report_download"),
    path("utgaver/<slug:slug>/", views.edition_view, name="edition"),
    path(
        "utgaver/<slug:slug>/last-ned/<str:fmt>/",
        views.edition_download_view,
        name="edition_download",
    ),
    # The edition's CSV had its own address before editions went through the
    # report's renderers; links to it keep working.
    path("utgaver/<slug:slug>/csv/", views.edition_download_view, name="edition_csv"),
]
