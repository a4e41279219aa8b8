from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from tallrapport.login import views

urlpatterns: list[URLPattern] = [
    path("logg-inn/oppsett/", views.setup_view, name="login_setup"),
    path("logg-inn/kode/", views.code_view, name="login_code"),
    path("logg-inn/reservekoder/", views.recovery_codes_view, name="login_recovery_codes"),
]

if settings.OIDC_ENABLED:
    # Entra ID's pages are reached before anyone is logged in.
    urlpatterns += [
        path(
            "oidc/callback/",
            login_not_required(OIDCAuthenticationCallbackView.as_view()),
            name="oidc_authentication_callback",
        ),
        path(
            "oidc/authenticate/",
            login_not_required(OIDCAuthenticationRequestView.as_view()),
            name="oidc_authentication_init",
        ),
    ]
