"""The page where a person makes and revokes their own API tokens.

It is a page of the logged-in web app, so the second factor comes first
(``SecondFactorRequiredMiddleware``; checked here again, since a token outlives
the session that made it). A new token's secret is on the page shown right after the POST
that made it, once: reloading the page neither shows it again nor makes another.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tallrapport.accounts.access import only_methods, record_for, user_for
from tallrapport.accounts.models import User
from tallrapport.api.selectors import token_get_own, tokens_of
from tallrapport.api.services import (
    LIFETIMES,
    MAX_NAME,
    TokenInput,
    api_token_create,
    api_token_revoke,
)
from tallrapport.audit.services import audit_request_meta
from tallrapport.forms import ErrorLinksMixin, form_submit, style_widgets
from tallrapport.login.middleware import second_factor_pending

# A new token's secret waits here between the POST that made it and the one GET
# that shows it.
NEW_SECRET_SESSION_KEY = "tallrapport_new_api_token"  # noqa: S105 (a session key)


class TokenForm(ErrorLinksMixin, forms.Form):
    use_required_attribute = False

    name = forms.CharField(
        label=gettext_lazy("Navn på nøkkelen"),
        max_length=MAX_NAME,
        help_text=gettext_lazy("Hva nøkkelen brukes til, for eksempel «Skolens fagsystem»."),
        error_messages={
            "required": gettext_lazy("Gi nøkkelen et navn."),
            "max_length": gettext_lazy("Navnet kan ha høyst %(limit_value)s tegn."),
        },
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("Virker i"),
        coerce=int,
        choices=[(d, gettext_lazy("%(d)s dager") % {"d": d}) for d in LIFETIMES],
        initial=90,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Velg hvor lenge nøkkelen skal virke."),
            "invalid_choice": gettext_lazy("Velg hvor lenge nøkkelen skal virke."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style_widgets(self)

    def token_input(self) -> TokenInput:
        return TokenInput(name=self.cleaned_data["name"], days=self.cleaned_data["days"])


def _token_user(request: HttpRequest) -> User:
    user = user_for(request)
    if second_factor_pending(request):
        raise PermissionDenied
    return user


def tokens_view(request: HttpRequest) -> HttpResponse:
    """The user's tokens, and the form that makes one.

    The new secret goes from the POST to the next GET through the session and
    is removed there, as new recovery codes are: shown once, and a reload does
    not post the form again (which would make a second token).
    """
    user = _token_user(request)
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    form = TokenForm(request.POST if request.method == "POST" else None)
    made = form_submit(
        form,
        lambda: api_token_create(user=user, data=form.token_input(), **audit_request_meta(request)),
    )
    if made is not None:
        request.session[NEW_SECRET_SESSION_KEY] = made[1]
        return redirect("api_tokens")
    secret = request.session.pop(NEW_SECRET_SESSION_KEY, "") if request.method == "GET" else ""
    context = {"form": form, "secret": secret, "tokens": tokens_of(user)}
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "api/tokens.html", context, status=status)


def token_revoke_view(request: HttpRequest, token_id: uuid.UUID) -> HttpResponse:
    """Revoke one of the user's own tokens (POST); another person's is 404."""
    user, token = record_for(request, lambda user: token_get_own(user=user, token_id=token_id))
    if second_factor_pending(request):
        raise PermissionDenied
    if not_allowed := only_methods(request, "POST"):
        return not_allowed
    api_token_revoke(user=user, token=token, **audit_request_meta(request))
    messages.success(request, _("Nøkkelen «%(name)s» virker ikke lenger.") % {"name": token.name})
    return redirect("api_tokens")
