"""What every list of records shares: its filters, its sortable headers, its pages
and its spreadsheet download.

A list view takes the queryset of the app's one scoping selector
(``cases_visible_to``, ``activities_visible_to``) and hands it to a
:class:`ListFilterSet` (django-filter): the filters only narrow what the
selector let through, so no query string can widen what a person sees. A
value that is not among a filter's choices (``aar=abc``, ``sorter=evil``,
another school's unit) is left out of the filtering and named at its field
in Norwegian; a page number past the end gives the last page. Nothing in a
query string reaches the database except as a validated choice.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tallrapport.accounts.models import Scheme, Unit
from tallrapport.forms import FIRST_YEAR, LAST_YEAR, ErrorLinksMixin, style_widgets
from tallrapport.spreadsheet_cells import neutralise

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# At most this many rows on one page of a list.
PAGE_SIZE = 50
# The query-string names, Norwegian like the addresses.
PAGE_PARAM = "side"
SORT_PARAM = "sorter"
YEAR_PARAM = "aar"
UNIT_PARAM = "enhet"
SCHEME_PARAM = "ordning"
SEARCH_MAX_LENGTH = 100

WRONG_CHOICE = _("Velg en verdi fra listen.")


class ListFilterForm(ErrorLinksMixin, forms.Form):
    """The form django-filter builds for a list: Designsystemet's classes, one
    Norwegian message for every value that is not a choice, no ``required``."""

    use_required_attribute = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = WRONG_CHOICE
            field.error_messages["invalid_pk_value"] = WRONG_CHOICE
        style_widgets(self)


class SortFilter(django_filters.OrderingFilter):  # type: ignore[misc]
    """django-filter's ordering over named sorts: ``orders`` maps each name
    (``dato``) to the fields it orders by, and the reverse (``-dato``) is made
    from it. ``then`` breaks ties, so that a page never repeats or skips a row."""

    def __init__(
        self,
        *,
        orders: Mapping[str, tuple[list[str], StrOrPromise, StrOrPromise]],
        then: Sequence[str],
        **kwargs: Any,
    ) -> None:
        self.orders: dict[str, list[str]] = {}
        choices = []
        for name, (fields, ascending, descending) in orders.items():
            self.orders[name] = list(fields)
            self.orders[f"-{name}"] = [_reverse(f) for f in fields]
            choices += [(name, ascending), (f"-{name}", descending)]
        self.then = list(then)
        kwargs.setdefault("label", _("Sortering"))
        kwargs.setdefault("empty_label", _("Nyeste først"))
        super().__init__(choices=choices, **kwargs)

    def filter(self, qs: QuerySet[Any], value: list[str] | None) -> QuerySet[Any]:
        fields = [field for name in value or [] if name for field in self.orders[name]]
        return qs.order_by(*fields, *self.then)


def _reverse(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


class ListFilterSet(django_filters.FilterSet):  # type: ignore[misc]
    """A list's filters. ``years`` are the years offered (``None``: no year filter);
    the list opens on ``default_year`` unless the query string names a year or
    «Alle år» (an empty ``aar``)."""

    search_label = _("Søk")

    class Meta:
        form = ListFilterForm
        fields: list[str] = []

    def __init__(
        self,
        data: QueryDict | None,
        queryset: QuerySet[Any],
        *,
        units: QuerySet[Unit] | None = None,
        schemes: QuerySet[Scheme] | None = None,
        years: Iterable[int] = (),
        default_year: int | None = None,
    ) -> None:
        params = (data or QueryDict()).copy()
        if default_year is not None and YEAR_PARAM not in params:
            params[YEAR_PARAM] = str(default_year)
        # Paging is not a filter; the view reads it from the query string itself.
        params.pop(PAGE_PARAM, None)
        super().__init__(params, queryset=queryset)
        if YEAR_PARAM in self.filters:
            offered = set(years)
            # A year the register can hold is a valid choice even with no rows (the
            # year an advisor began); any other text is named as a wrong choice.
            asked = str(params.get(YEAR_PARAM, ""))
            if (
                asked.isascii()
                and asked.isdigit()
                and len(asked) == 4
                and FIRST_YEAR <= int(asked) <= LAST_YEAR
            ):
                offered.add(int(asked))
            year_choices = [(str(y), str(y)) for y in sorted(offered, reverse=True)]
            self.filters[YEAR_PARAM].extra["choices"] = year_choices
        # The unit and scheme filters offer what the list's scope holds, no more.
        self.units = units if units is not None else Unit.objects.none()
        if UNIT_PARAM in self.filters:
            self.filters[UNIT_PARAM].queryset = self.units.order_by("scheme__sort_order", "name")
        if SCHEME_PARAM in self.filters:
            in_scope = schemes if schemes is not None else Scheme.objects.none()
            self.filters[SCHEME_PARAM].queryset = in_scope.prefetch_related("names")

    @property
    def form(self) -> Any:
        fresh = not hasattr(self, "_form")
        form = super().form
        # Each scheme by the name it had in the year shown (today's for «Alle år»).
        if fresh and SCHEME_PARAM in form.fields and (year := self.year) is not None:
            form.fields[SCHEME_PARAM].label_from_instance = lambda scheme: scheme.name_in(year)
        return form

    def valid(self, name: str) -> Any:
        """A filter's value if it was given and valid, else ``None``."""
        self.form.is_valid()
        value = self.form.cleaned_data.get(name)
        return None if value in (None, "", []) else value

    @property
    def year(self) -> int | None:
        value = self.valid(YEAR_PARAM)
        return None if value is None else int(value)

    def sorted_by(self) -> str:
        """The sort asked for, or ``""`` for the default (newest first)."""
        value = self.valid(SORT_PARAM)
        return str(value[0]) if value else ""


def year_filter() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        field_name="year", label=_("År"), empty_label=_("Alle år"), choices=[]
    )


def scheme_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name="scheme",
        to_field_name="code",
        label=_("Ordning"),
        queryset=Scheme.objects.none(),
        empty_label=_("Alle ordninger"),
    )


def unit_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name="unit",
        label=_("Enhet"),
        queryset=Unit.objects.none(),
        empty_label=_("Alle enheter"),
    )


HALF_YEAR_CHOICES = [("1", _("1. halvår")), ("2", _("2. halvår"))]


def search_filter(method: str) -> django_filters.CharFilter:
    return django_filters.CharFilter(
        method=method,
        label=_("Søk"),
        max_length=SEARCH_MAX_LENGTH,
        strip=True,
    )


def folded(text: str) -> str:
    """Text compared without case or repeated spaces («østerrike» finds «Østerrike»),
    alike on SQLite, whose LIKE folds ASCII only, and on PostgreSQL."""
    return " ".join(text.split()).casefold()


def pks_named(rows: Iterable[tuple[Any, str]], wanted: str) -> list[Any]:
    """The keys of ``(pk, name)`` rows whose name contains ``wanted``, folded; for the
    small tables a search matches by name (units, countries, categories)."""
    key = folded(wanted)
    return [pk for pk, name in rows if key in folded(name)]


def filter_summary(filterset: ListFilterSet) -> str:
    """The valid filters in words, as the audit trail keeps them for a download:
    «År: 2024; Halvår: 1. halvår; Søk: «oslo»» (an empty text: no filter)."""
    form = filterset.form
    form.is_valid()
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, "", []):
            continue
        if isinstance(field, forms.ModelChoiceField):
            shown = field.label_from_instance(value)
        elif isinstance(field, forms.ChoiceField):
            raw = form[name].value()
            wanted = raw if isinstance(raw, str) else ",".join(map(str, raw or []))
            choices: list[tuple[object, object]] = list(field.choices)  # type: ignore[arg-type]
            shown = next((str(label) for key, label in choices if str(key) == wanted), wanted)
        else:
            shown = f"«{value}»"
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts)


# --- sortable headers ----------------------------------------------------------------------


@dataclass(frozen=True)
class SortHeader:
    """One sortable column: where its link goes and what ``aria-sort`` says."""

    label: str
    aria_sort: str  # "ascending", "descending" or "none"
    next_value: str
    hint: str


def sort_header(
    filterset: ListFilterSet, *, key: str, label: str, default_descending: bool = False
) -> SortHeader:
    """The header of the column sorted by ``key`` (``-key`` is its reverse);
    ``default_descending``: the list's default order is this column, newest first."""
    current = filterset.sorted_by()
    if current == key:
        state = "ascending"
    elif current == f"-{key}" or (not current and default_descending):
        state = "descending"
    else:
        state = "none"
    if state == "ascending":
        return SortHeader(label, state, f"-{key}", str(_("sorter synkende")))
    return SortHeader(label, state, key, str(_("sorter stigende")))


# --- pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListPage:
    page: Page[Any]
    # Page numbers to link, with None where the pagination leaves some out.
    numbers: list[int | None]


def page_of(rows: QuerySet[Any] | Sequence[Any], raw_number: str | None) -> ListPage:
    """The page asked for: a number past the end gives the last page, text the first."""
    page = Paginator(rows, PAGE_SIZE).get_page(raw_number)
    numbers: list[int | None] = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        numbers.append(number if isinstance(number, int) else None)
    return ListPage(page, numbers)


# --- the spreadsheet download --------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], object]
    width: int = 14


def yes_no(value: bool) -> str:
    """A flag as a spreadsheet reader reads it: «Ja» or «Nei», not TRUE/FALSE."""
    return str(_("Ja") if value else _("Nei"))


def xlsx_response(
    *, title: str, columns: Sequence[Column], rows: Iterable[Any], filename: str
) -> HttpResponse:
    """One sheet: a bold header row, one row per record; every text cell through
    :func:`~tallrapport.spreadsheet_cells.neutralise`, so no cell is a formula.

    Written in openpyxl's write-only mode, row by row, so a list of every year's
    cases does not hold a million cell objects in memory at once.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append([_styled(sheet, neutralise(str(c.header)), bold=True) for c in columns])
    for row in rows:
        sheet.append([_styled(sheet, neutralise(_cell(c.value(row)))) for c in columns])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _styled(sheet: Any, value: Any, *, bold: bool = False) -> Cell:
    """A cell with a Norwegian date format, one decimal for hours, or bold (the header)."""
    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    elif isinstance(value, datetime.date):
        cell.number_format = "DD.MM.YYYY"
    elif isinstance(value, Decimal):
        cell.number_format = "0.0"
    return cell


def _cell(value: object) -> object:
    """A value openpyxl writes as itself: numbers and dates stay typed, the rest text."""
    if value is None:
        return ""
    if isinstance(value, int | Decimal | datetime.date) and not isinstance(value, bool):
        return value
    return str(value)
