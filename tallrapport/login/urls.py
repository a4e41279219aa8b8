from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import URLPattern, path
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from tallrapport.login import views
from tallrapport.login.middleware import ViewFunc


def _only_if_oidc(view: ViewFunc) -> ViewFunc:
    """Entra ID's pages exist only when it is configured; otherwise 404, not a 500.

    They are reached before anyone is logged in, so the login requirement is off.
    """

    @login_not_required
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if not settings.OIDC_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


urlpatterns: list[URLPattern] = [
    path("logg-inn/invitasjon/", views.invitation_view, name="login_invitation"),
    path("logg-inn/oppsett/", views.setup_view, name="login_setup"),
    path("logg-inn/kode/", views.code_view, name="login_code"),
    path("logg-inn/reservekoder/", views.recovery_codes_view, name="login_recovery_codes"),
    path(
        "oidc/callback/",
        _only_if_oidc(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
    path(
        "oidc/authenticate/",
        _only_if_oidc(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
]
