from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from tallrapport.login.middleware import second_factor_not_required
from tallrapport.start.views import home

admin.site.site_header = _("Tallrapport – administrasjon")
admin.site.site_title = _("Tallrapport")
admin.site.index_title = _("Administrasjon")

urlpatterns = [
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(extra_context={"oidc_enabled": settings.OIDC_ENABLED}),
        name="login",
    ),
    path("logg-ut/", second_factor_not_required(auth_views.LogoutView.as_view()), name="logout"),
    path("", home, name="home"),
    path("", include("tallrapport.login.urls")),
    path("admin/", admin.site.urls),
    path("revisjonslogg/", include("tallrapport.audit.urls")),
    path("handlingsplaner/", include("tallrapport.plans.urls")),
    path("aktiviteter/", include("tallrapport.activities.urls")),
    path("rapporter/", include("tallrapport.reports.urls")),
    path("", include("tallrapport.api.urls")),
    path("", include("tallrapport.cases.urls")),
]
