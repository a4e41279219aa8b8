"""Form pieces every app's pages share: the error summary's links and the widget class.

Every form in the product shows its errors twice, as Designsystemet and WCAG
ask: at the field, and in a summary at the top whose links move focus to the
field. One implementation serves the case, activity, plan, audit and report
forms, so the summary behaves the same on every page.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS


def style_widgets(form: forms.BaseForm) -> None:
    """Give every visible widget Designsystemet's input class."""
    for field in form.fields.values():
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("class", "ds-input")


class ErrorLinksMixin:
    """Lists a form's errors for the summary at the top, each linking to its field.

    A field the page does not show (the unit for an advisor with one unit, the
    family for a school advisor) can still get an error from a forged or stale
    POST; its message is listed without a link, since there is nothing to go to.
    """

    def fields_not_shown(self) -> set[str]:
        return set()

    def error_links(self) -> list[dict[str, str]]:
        form: forms.BaseForm = self  # type: ignore[assignment]
        not_shown = self.fields_not_shown()
        links: list[dict[str, str]] = []
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS or name not in form.fields:
                continue
            if name in not_shown:
                links.extend({"target": "", "label": "", "message": str(m)} for m in errors)
                continue
            bound = form[name]
            target = bound.auto_id
            # A radio or checkbox group has no element with the field's own id
            # that takes focus; link to its first option instead.
            if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                target = f"{bound.auto_id}_0"
            for message in errors:
                links.append({"target": target, "label": str(bound.label), "message": str(message)})
        return links
