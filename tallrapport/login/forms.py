"""The one field of the second-factor pages: a code."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tallrapport.forms import ErrorLinksMixin


class CodeForm(ErrorLinksMixin, forms.Form):
    """A six-digit code from the app, or (where allowed) a recovery code.

    The code is checked by the service, not here: a form-level check would have to
    repeat the throttling and the one-time spending of recovery codes.
    """

    use_required_attribute = False

    code = forms.CharField(
        label=_("Kode"),
        max_length=32,
        strip=True,
        error_messages={"required": _("Skriv koden."), "max_length": _("Koden er for lang.")},
        widget=forms.TextInput(
            attrs={
                "class": "ds-input",
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: object, help_text: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].help_text = help_text
