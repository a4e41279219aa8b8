"""The case lists: paging, sorting, filters, search, the spreadsheet and scope, per persona."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tallrapport.accounts.models import Scheme, Unit, User
from tallrapport.audit.models import Action, AuditEntry
from tallrapport.cases.models import Case, Category, Country
from tests.conftest import client_for
from tests.factories import CaseFactory, EmbassyFactory, close_year, scheme

D = datetime.date


def _refs(html: str) -> list[str]:
    """The references the list's table shows, in its order."""
    table = html[html.index('id="saker"') :]
    return re.findall(r'href="/saker/[0-9a-f-]{36}/">([0-9a-f]{8})</a>', table)


def _cases(unit: Unit, count: int, first: datetime.date | None = None) -> list[Case]:
    first = first or D(2023, 1, 1)
    return [
        CaseFactory(unit=unit, registered_on=first + datetime.timedelta(days=n))
        for n in range(count)
    ]


# --- paging ------------------------------------------------------------------------------


def test_pages_hold_at_most_fifty_and_a_page_past_the_end_is_the_last(
    advisor: User, school: Unit
) -> None:
    # given 120 cases of the advisor's school in 2023
    _cases(school, 120)
    client = client_for(advisor)
    # when the pages are opened, and numbers that are no page
    first = client.get(reverse("my_cases"), {"aar": "2023"})
    third = client.get(reverse("my_cases"), {"aar": "2023", "side": "3"})
    past = client.get(reverse("my_cases"), {"aar": "2023", "side": "99999"})
    text = client.get(reverse("my_cases"), {"aar": "2023", "side": "abc"})
    # then 50, 50 and 20 rows; past the end is the last page, text the first
    assert len(_refs(first.content.decode())) == 50
    assert len(_refs(third.content.decode())) == 20
    assert past.context["page"].number == 3 and text.context["page"].number == 1
    # and the caption says which page of how many
    assert "120 saker – side 1 av 3" in first.content.decode()


def test_the_pagination_is_a_nav_that_marks_the_current_page_and_keeps_the_filter(
    analyst: User, school: Unit
) -> None:
    # given 22 pages of cases
    _cases(school, 1093, first=D(2021, 1, 1))
    # when the analyst opens page 10 of every year
    html = client_for(analyst).get(reverse("all_cases"), {"aar": "", "side": "10"}).content
    nav = html.decode().split('class="ds-pagination')[1].split("</nav>")[0]
    # then the current page is marked, links keep the filter, and the only «…» are the
    # empty, hidden items Designsystemet draws as an ellipsis, with the pages left out
    assert '?aar=&amp;side=10" aria-current="page"' in nav
    assert nav.count('aria-current="page"') == 1
    assert "…" not in nav
    assert nav.count('<li aria-hidden="true"></li>') == 2
    assert 'side=1"' in nav and 'side=22"' in nav and 'side=9"' in nav and 'side=11"' in nav
    assert 'rel="prev"' in nav and 'rel="next"' in nav
    # and no other item is empty (an empty item would show a stray «…»)
    assert re.search(r"<li>\s*</li>", nav) is None


def test_the_first_page_has_no_previous_link_and_no_stray_ellipsis(
    advisor: User, school: Unit
) -> None:
    _cases(school, 60)
    html = client_for(advisor).get(reverse("my_cases"), {"aar": "2023"}).content.decode()
    nav = html.split('class="ds-pagination')[1].split("</nav>")[0]
    assert 'rel="prev"' not in nav
    assert '<span class="ds-button" data-variant="tertiary" aria-hidden="true">Forrige' in nav
    assert '<li aria-hidden="true"></li>' not in nav


def test_one_page_has_no_pagination(advisor: User, school: Unit) -> None:
    _cases(school, 3)
    html = client_for(advisor).get(reverse("my_cases"), {"aar": "2023"}).content.decode()
    assert "ds-pagination" not in html


# --- sorting -----------------------------------------------------------------------------


def test_sorting_by_date_and_category_with_aria_sort(advisor: User, school: Unit) -> None:
    # given three cases on three days in two categories
    violence = Category.objects.get(code="trusler-vold")
    early = CaseFactory(unit=school, registered_on=D(2023, 1, 5))
    middle = CaseFactory(unit=school, registered_on=D(2023, 2, 5), main_category=violence)
    late = CaseFactory(unit=school, registered_on=D(2023, 3, 5))
    client = client_for(advisor)

    def listed(sort: str) -> tuple[list[str], str]:
        html = client.get(reverse("my_cases"), {"aar": "2023", "sorter": sort}).content.decode()
        return _refs(html), html

    # when unsorted / then newest first, and the date header says descending
    refs, html = listed("")
    assert refs == [late.short_ref, middle.short_ref, early.short_ref]
    assert re.search(
        r'<th scope="col" aria-sort="descending"><a class="app-sort" '
        r'href="\?aar=2023&amp;sorter=dato">Dato',
        html,
    )
    # when sorted by date ascending / then oldest first and the header says so
    refs, html = listed("dato")
    assert refs == [early.short_ref, middle.short_ref, late.short_ref]
    assert 'aria-sort="ascending"><a class="app-sort" href="?aar=2023&amp;sorter=-dato">' in html
    # when sorted by category / then the categories in the form's order, newest first within
    refs, html = listed("kategori")
    nsk = Category.objects.get(code="negativ-sosial-kontroll")
    groups = [[late, early], [middle]]
    if violence.sort_order < nsk.sort_order:
        groups.reverse()
    assert refs == [c.short_ref for c in groups[0] + groups[1]]
    assert html.count('aria-sort="ascending"') == 1
    assert html.count('aria-sort="none"') == 1
    # and reversed: the other category first, still newest first within each
    refs, _ = listed("-kategori")
    assert refs == [c.short_ref for c in groups[1] + groups[0]]


def test_an_unknown_sort_is_named_and_ignored(advisor: User, school: Unit) -> None:
    _cases(school, 2)
    response = client_for(advisor).get(reverse("my_cases"), {"aar": "2023", "sorter": "evil"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sortering: Velg en verdi fra listen." in html
    assert len(_refs(html)) == 2


# --- filters and scope -------------------------------------------------------------------


def test_each_advisor_lists_their_own_school_only_whatever_the_filter(
    advisor: User, other_advisor: User, school: Unit, other_school: Unit
) -> None:
    # given a case at each school
    mine = CaseFactory(unit=school, registered_on=D(2023, 4, 1))
    theirs = CaseFactory(unit=other_school, registered_on=D(2023, 4, 1))
    client = client_for(advisor)
    # when school A's advisor asks for school B's unit, or searches its name and reference
    for params in (
        {"aar": "2023", "enhet": str(other_school.pk)},
        {"aar": "", "sok": "Testskolen B"},
        {"aar": "", "sok": theirs.short_ref},
    ):
        html = client.get(reverse("my_cases"), params).content.decode()
        # then school B's case is never listed
        assert theirs.short_ref not in _refs(html)
    # and the unit is named as a wrong choice, and left out of the filtering
    wrong = client.get(reverse("my_cases"), {"aar": "2023", "enhet": str(other_school.pk)})
    assert "Enhet: Velg en verdi fra listen." in wrong.content.decode()
    assert mine.short_ref in wrong.content.decode()
    # and school B's advisor sees only theirs
    html = client_for(other_advisor).get(reverse("my_cases"), {"aar": "2023"}).content.decode()
    assert theirs.short_ref in html and mine.short_ref not in html


def test_an_advisor_with_one_unit_gets_no_unit_or_scheme_filter(advisor: User) -> None:
    html = client_for(advisor).get(reverse("my_cases")).content.decode()
    assert 'name="enhet"' not in html and 'name="ordning"' not in html
    assert 'name="aar"' in html and 'name="halvaar"' in html and 'name="kategori"' in html
    assert 'name="sok"' in html


@pytest.mark.parametrize("persona", ["analyst", "admin"])
def test_analyst_and_admin_filter_every_unit(
    request: pytest.FixtureRequest, persona: str, school: Unit, other_school: Unit
) -> None:
    # given cases at two schools and an embassy, in two half-years
    a = CaseFactory(unit=school, registered_on=D(2024, 2, 1))
    b = CaseFactory(unit=other_school, registered_on=D(2024, 8, 1))
    c = CaseFactory(unit=EmbassyFactory(), registered_on=D(2024, 9, 1))
    client = client_for(request.getfixturevalue(persona))

    def listed(**params: str) -> set[str]:
        return set(_refs(client.get(reverse("all_cases"), params).content.decode()))

    # then each filter narrows
    assert listed(aar="2024") == {a.short_ref, b.short_ref, c.short_ref}
    assert listed(aar="2024", halvaar="2") == {b.short_ref, c.short_ref}
    assert listed(aar="2024", enhet=str(other_school.pk)) == {b.short_ref}
    assert listed(aar="2024", ordning="spesialutsending") == {c.short_ref}
    assert listed(aar="2023") == set()


def test_search_finds_reference_unit_country_and_category(analyst: User, school: Unit) -> None:
    # given cases with different countries and categories
    austria = Country.objects.get(code="at")
    violence = Category.objects.get(code="trusler-vold")
    a = CaseFactory(unit=school, registered_on=D(2023, 1, 1), country=austria)
    b = CaseFactory(unit=school, registered_on=D(2023, 1, 2), main_category=violence)
    embassy_case = CaseFactory(unit=EmbassyFactory(name="Ambassaden i Søkeby"))
    client = client_for(analyst)

    def found(text: str) -> set[str]:
        html = client.get(reverse("all_cases"), {"aar": "", "sok": text}).content.decode()
        return set(_refs(html))

    # then a reference, a country in any case, a category and a unit are found
    assert found(a.short_ref) == {a.short_ref}
    assert found(a.short_ref.upper()[:6]) >= {a.short_ref}
    assert found("østerrike") == {a.short_ref}
    assert found("TRUSLER") == {b.short_ref}
    assert found("søkeby") == {embassy_case.short_ref}
    assert found("finnes ikke") == set()


def test_a_search_too_long_is_named_not_run(analyst: User) -> None:
    response = client_for(analyst).get(reverse("all_cases"), {"sok": "x" * 101})
    assert response.status_code == 200
    assert "Søk:" in response.content.decode()


def test_tables_scroll_in_their_own_labelled_box(advisor: User, school: Unit) -> None:
    _cases(school, 2)
    html = client_for(advisor).get(reverse("my_cases"), {"aar": "2023"}).content.decode()
    boxes = re.findall(
        r'<div class="app-table-scroll" tabindex="0" role="region" aria-label="[^"]+"', html
    )
    assert len(boxes) == 2
    assert html.count("<table") == 2


# --- the spreadsheet ---------------------------------------------------------------------


def _sheet(response: object) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(response.content))  # type: ignore[attr-defined]
    sheet = workbook.active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_analyst_downloads_the_filtered_list_audited(
    analyst: User, school: Unit, other_school: Unit
) -> None:
    # given 60 cases at school A in 2023 and one at school B
    _cases(school, 60)
    CaseFactory(unit=other_school, registered_on=D(2023, 5, 5))
    url = reverse("all_cases_xlsx")
    # when the analyst downloads school A's 2023, sorted oldest first
    response = client_for(analyst).get(
        url, {"aar": "2023", "enhet": str(school.pk), "sorter": "dato", "side": "2"}
    )
    # then every page of the filtered list is in it, in the page's order
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = _sheet(response)
    assert rows[0][:3] == ["Referanse", "Registreringsdato", "År"]
    assert len(rows) == 61
    assert rows[1][1] == datetime.datetime(2023, 1, 1)
    assert {row[5] for row in rows[1:]} == {school.name}
    # and the download is in the audit trail with its filters and its size
    entry = AuditEntry.objects.get(action=Action.EXPORT, target_type="saksliste")
    assert entry.actor == analyst
    assert entry.reason.startswith("60 saker.")
    assert "År: 2023" in entry.reason and f"Enhet: {school.name}" in entry.reason


def test_the_spreadsheet_has_no_formula(analyst: User) -> None:
    # given a unit whose name a spreadsheet would run as a formula
    unit = EmbassyFactory(name='=HYPERLINK("http://x.invalid","klikk")')
    CaseFactory(unit=unit, registered_on=D(2023, 2, 2))
    rows = _sheet(client_for(analyst).get(reverse("all_cases_xlsx"), {"aar": "2023"}))
    # then the name is text behind a quote
    assert rows[1][5] == "'" + unit.name


@pytest.mark.parametrize("persona", ["advisor", "other_advisor", "admin"])
def test_only_the_analyst_may_download(
    request: pytest.FixtureRequest, persona: str, db: None
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("all_cases_xlsx")).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_download_link_carries_the_filter_and_only_analysts_see_it(
    analyst: User, admin: User
) -> None:
    html = client_for(analyst).get(reverse("all_cases"), {"aar": "2023", "side": "2"})
    assert '/saker/alle/regneark/?aar=2023"' in html.content.decode()
    assert "regneark" not in client_for(admin).get(reverse("all_cases")).content.decode()


# --- closed years ------------------------------------------------------------------------


def test_a_closed_years_rows_offer_no_change_and_name_the_years_scheme(
    advisor: User, analyst: User, school: Unit
) -> None:
    # given a 2022 case and a 2024 case, and 2022 closed (the scheme was renamed in 2023)
    old = CaseFactory(unit=school, registered_on=D(2022, 5, 1))
    new = CaseFactory(unit=school, registered_on=D(2024, 5, 1))
    close_year(school.scheme, 2022, by=analyst)
    client = client_for(advisor)
    # when the advisor lists every year
    html = client.get(reverse("my_cases"), {"aar": ""}).content.decode()
    # then the 2022 row has no edit or delete link but says it is closed, the 2024 row has both
    assert reverse("case_edit", args=[old.pk]) not in html
    assert reverse("case_delete", args=[old.pk]) not in html
    assert reverse("case_edit", args=[new.pk]) in html
    assert "Låst (2022)" in html
    # and the note says why, by the scheme's name in 2022
    assert "2022 er låst for Minoritetsrådgiverordningen" in html
    assert "Mangfoldsrådgiverordningen" not in html.split('id="laaste-aar"')[1].split("</div>")[0]
    assert "etterregistreres av en analytiker" in html
    # and the case page says the same
    page = client.get(reverse("case_detail", args=[old.pk])).content.decode()
    assert "2022 er låst for Minoritetsrådgiverordningen" in page
    assert reverse("case_edit", args=[old.pk]) not in page


def test_the_refusal_and_the_note_use_the_same_name(
    advisor: User, analyst: User, school: Unit
) -> None:
    # given 2022 closed, a year whose scheme had its old name
    old = CaseFactory(unit=school, registered_on=D(2022, 5, 1))
    close_year(school.scheme, 2022, by=analyst)
    client = client_for(advisor)
    note = client.get(reverse("my_cases"), {"aar": "2022"}).content.decode()
    # when the advisor opens the delete page by its address, and posts it anyway
    asked = client.get(reverse("case_delete", args=[old.pk])).content.decode()
    refusal = client.post(reverse("case_delete", args=[old.pk])).content.decode()
    # then all three name «Minoritetsrådgiverordningen», the name of 2022, and the
    # page says so before any button is pressed: it offers none
    assert "2022 er låst for Minoritetsrådgiverordningen" in note
    assert "2022 er låst for Minoritetsrådgiverordningen" in asked
    assert "2022 er låst for Minoritetsrådgiverordningen" in refusal
    assert "Slett saken" not in asked and "Slett saken" not in refusal
    assert Case.objects.filter(pk=old.pk).exists()
    # and a 2023 year is named by the new name
    scheme_ = scheme(Scheme.DIVERSITY_ADVISORS)
    assert scheme_.name_in(2022) == "Minoritetsrådgiverordningen"
    assert scheme_.name_in(2023) == "Mangfoldsrådgiverordningen"


def test_the_scheme_filter_names_each_scheme_as_in_the_year_shown(analyst: User) -> None:
    client = client_for(analyst)
    old = client.get(reverse("all_cases"), {"aar": "2018"}).content.decode()
    new = client.get(reverse("all_cases"), {"aar": "2024"}).content.decode()
    assert ">Minoritetsrådgiverordningen</option>" in old
    assert ">Integreringsrådgivere ved utenriksstasjoner</option>" in old
    assert ">Mangfoldsrådgiverordningen</option>" in new
    assert ">Spesialutsendinger for integreringssaker</option>" in new


def test_the_analyst_list_explains_a_closed_year_without_offering_changes(
    analyst: User, school: Unit
) -> None:
    CaseFactory(unit=school, registered_on=D(2022, 5, 1))
    close_year(school.scheme, 2022, by=analyst)
    html = client_for(analyst).get(reverse("all_cases"), {"aar": "2022"}).content.decode()
    assert "2022 er låst for Minoritetsrådgiverordningen" in html
    assert "etterregistrering, med begrunnelse" in html
    assert "Endre" not in html.split('id="saker"')[1]


@pytest.mark.parametrize("name", ["my_cases", "all_cases"])
def test_a_page_costs_the_same_queries_for_5_rows_or_50(
    advisor: User, analyst: User, school: Unit, name: str
) -> None:
    client = client_for(advisor if name == "my_cases" else analyst)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name), {"aar": "2023"}).status_code == 200
        return len(captured.captured_queries)

    # given 5 cases, then 60 (a full page)
    _cases(school, 5)
    few = queries()
    _cases(school, 55, first=D(2023, 6, 1))
    # then the page asks the database as often for either: no query per row
    assert queries() == few
