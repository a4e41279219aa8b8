"""Plan pages under /handlingsplaner/. Measures are addressed by label («18a»)."""

from django.urls import path

from tallrapport.plans import views

urlpatterns = [
    path("", views.plan_list_view, name="plan_list"),
    path("<slug:slug>/", views.plan_overview_view, name="plan_overview"),
    path("<slug:slug>/tiltak/<str:label>/", views.measure_detail_view, name="measure_detail"),
    path(
        "<slug:slug>/tiltak/<str:label>/endre/", views.measure_text_edit_view, name="measure_edit"
    ),
    path(
        "<slug:slug>/tiltak/<str:label>/status/<int:year>/",
        views.measure_status_edit_view,
        name="measure_status_edit",
    ),
    path("<slug:slug>/aar/<int:year>/las/", views.year_close_view, name="year_close"),
    path("<slug:slug>/rapport/<int:year>/", views.report_view, name="plan_report"),
    path(
        "<slug:slug>/rapport/<int:year>/fil.<str:fmt>",
        views.report_download_view,
        name="plan_report_download",
    ),
]
