"""Form pieces every app's pages share: the error summary's links, the widget
class, the register-or-edit form and the one way a view submits a form.

Every form in the product shows its errors twice, as Designsystemet and WCAG
ask: at the field, and in a summary at the top whose links move focus to the
field. One implementation serves the case, activity, plan, audit and report
forms, so the summary behaves the same on every page.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from tallrapport.accounts.access import only_methods

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise
from tallrapport.writes import ConflictError


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


class RecordForm(ErrorLinksMixin, forms.Form):
    """A form that registers a record or changes a saved one (a case, an activity).

    A new record's form carries a ``submission_token``, so a second submit of
    the same form returns the first one's record; a change carries the
    ``version`` it was read at, so a save made meanwhile is not overwritten.
    """

    use_required_attribute = False
    # The row as saved now, after an edit conflict: the page shows it.
    conflict: models.Model | None = None
    conflict_message = _(
        "Noen andre har endret dette etter at du åpnet det. Se hva som er lagret nå, "
        "og lagre på nytt om endringen din fortsatt skal gjelde."
    )

    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        # A version is a counter in a 32-bit column; a larger number is a forged form.
        max_value=2**31 - 1,
        error_messages={
            key: _("Skjemaet er ufullstendig. Last siden på nytt.")
            for key in ("required", "invalid", "min_value", "max_value")
        },
    )

    def keep_record_fields(self, *, editing: bool) -> None:
        """Keep the version for a change, the token for a new record."""
        del self.fields["submission_token" if editing else "version"]
        self.editing = editing

    def fields_not_shown(self) -> set[str]:
        return {"submission_token", "version"}

    def token_value(self) -> str:
        """The hidden token to render: the one posted if usable, else a fresh one."""
        raw = self.data.get("submission_token") if self.is_bound else None
        try:
            return str(uuid.UUID(str(raw)))
        except ValueError:
            initial = self.initial.get("submission_token")
            return str(initial or uuid.uuid4())

    def record_input(self) -> Any:
        """The frozen input object the services take (a ``CaseInput``, an ``ActivityInput``)."""
        raise NotImplementedError

    def late_reason(self) -> str | None:
        """The reason of an analyst's late write; ``None`` for the advisor's own."""
        return str(self.cleaned_data["reason"]) if getattr(self, "late", False) else None

    def write_arguments(self) -> dict[str, Any]:
        """What the register or update service takes besides who writes (and which record)."""
        arguments = {"data": self.record_input(), "late_reason": self.late_reason()}
        if self.editing:
            return {**arguments, "expected_version": self.cleaned_data["version"]}
        unit, token = self.cleaned_data.get("unit"), self.cleaned_data["submission_token"]
        return {**arguments, "unit": unit, "submission_token": token}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.editing and cleaned.get("submission_token") is None:
            self.add_error(None, _("Skjemaet er ufullstendig. Send det på nytt."))
        return cleaned


T = TypeVar("T")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's refusal at the form's fields, or at the top for a field it lacks.

    A message for a field that already has one (a bad date) would only repeat
    the problem, so it is left out.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, texts in error.message_dict.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, texts)
        elif field not in form.fields:
            form.add_error(None, texts)


F = TypeVar("F", bound=forms.BaseForm)


def form_for(request: HttpRequest, form_class: type[F], *, initial: Any = None, **kwargs: Any) -> F:
    """The page's form: bound to what was posted, or (GET) empty with ``initial``."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    return form_class(initial=initial, **kwargs)


def form_submit(form: forms.BaseForm, save: Callable[[], T]) -> T | None:
    """Save a posted form through its service: what ``save`` returns, or ``None``.

    ``None`` means the page is shown (again) with what the user typed and the
    messages at their fields: nothing was posted, the form was invalid, the
    service refused it, or (for a :class:`RecordForm`) someone else saved the
    record meanwhile.
    """
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return save()
    except ConflictError as conflict:
        if not isinstance(form, RecordForm):
            raise
        form.conflict = conflict.current
        form.add_error(None, form.conflict_message)
    except ValidationError as error:
        add_service_errors(form, error)
    return None


def fits_64_bits(value: object) -> bool:
    """Whether a posted key can be a 64-bit integer key; SQLite cannot even bind a
    larger one (an OverflowError, not an empty match), so it names nothing."""
    text = str(value).strip().lstrip("+-")
    if not text.isdigit():
        return True
    return len(text) < 19 or (len(text) == 19 and int(text) < 2**63)


# A space between groups of three digits, as Norwegians write «4 000 000»: a plain
# space, a no-break space (copied from our own pages) or a narrow no-break space.
_THOUSANDS_SPACE = re.compile(r"(?<=[0-9])[ \u00a0\u202f](?=[0-9]{3}(?![0-9]))")


def without_thousands_spaces(value: object) -> object:
    """``value`` with the spaces between thousands taken out, for a number field.

    Only a space before exactly three digits goes: «12 5» stays and is refused,
    rather than read as 125.
    """
    if isinstance(value, str):
        return _THOUSANDS_SPACE.sub("", value.strip())
    return value


class SpacedIntegerField(forms.IntegerField):
    """An integer that may be typed with spaces between thousands: «1 200»."""

    def to_python(self, value: Any) -> int | None:
        return super().to_python(without_thousands_spaces(value))


class SpacedDecimalField(forms.DecimalField):
    """A decimal that may be typed with spaces between thousands: «4 000 000»."""

    def to_python(self, value: Any) -> Any:
        return super().to_python(without_thousands_spaces(value))


class IntegerKeysMixin:
    """For a ModelMultipleChoiceField over integer keys: a key beyond 64 bits is
    refused as a wrong choice instead of reaching the database."""

    error_messages: dict[str, Any]

    def _check_values(self, value: Any) -> Any:
        for key in value:
            if not fits_64_bits(key):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super()._check_values(value)  # type: ignore[misc]


# The years the register can hold (the CHECK constraints of cases and activities).
FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_in_range(year: int) -> int:
    """``year`` if the register can hold it; 404 for any other number (0, -1, 10000)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


def query_year(raw: str | None, *, default: int) -> int:
    """The year a list asks for in its query string: text that is no number gives
    the default year, a number the register cannot hold gives 404."""
    try:
        year = int(raw or "")
    except ValueError:
        return default
    return year_in_range(year)


def delete_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    delete: Callable[[], object],
    *,
    done: _StrOrPromise,
    then: str,
) -> HttpResponse:
    """Ask on GET; on POST delete and go on to ``then``, or show the service's refusal.

    The methods are checked here, after the view's access checks, so an outsider
    still gets 404 for an id whatever the method.
    """
    if not_allowed := only_methods(request, "GET", "POST"):
        return not_allowed
    if request.method != "POST":
        return render(request, template, context)
    try:
        delete()
    except ValidationError as error:
        return render(request, template, {**context, "errors": error.messages}, status=400)
    messages.success(request, done)
    return redirect(then)


def closed_record_page(
    request: HttpRequest,
    refusal: dict[str, Any],
    *,
    title: str,
    summary: str,
    back: str,
    record: dict[str, Any],
) -> HttpResponse:
    """A record of a closed year opened for change: say why at once, instead of a form
    the advisor fills in only to be refused on submit. Nothing is written, whatever the
    method."""
    context = {**refusal, "title": title, "summary": summary, "back": back, **record}
    return render(request, "forms/closed_record.html", context, status=409)
