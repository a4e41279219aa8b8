from django.urls import path

from tallrapport.audit import views

urlpatterns = [path("", views.audit_search_view, name="audit_search")]
