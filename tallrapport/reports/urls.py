from django.urls import path

from tallrapport.reports import views

urlpatterns = [
    path("", views.report_list_view, name="report_list"),
    path("<int:year>/", views.report_view, name="report"),
    path("<int:year>/last-ned/<str:fmt>/", views.report_download_view, name="report_download"),
    path("utgaver/<slug:slug>/", views.edition_view, name="edition"),
    path("utgaver/<slug:slug>/csv/", views.edition_csv_view, name="edition_csv"),
]
