from django.urls import path

from tallrapport.cases import views

urlpatterns = [
    path("", views.home, name="home"),
]
