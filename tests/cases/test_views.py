"""The advisor's list, edit and delete pages, and the analyst's list with filters."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from tallrapport.accounts.models import Unit, User
from tallrapport.cases.models import Case, Category
from tests.conftest import client_for
from tests.factories import CaseFactory, EmbassyFactory, case_form_data

D = datetime.date


def test_my_cases_lists_the_year_with_counts(advisor: User, school: Unit) -> None:
    # given two cases in 2023 and one in 2022
    violence = Category.objects.get(code="trusler-vold")
    a = CaseFactory(unit=school, registered_on=D(2023, 2, 1))
    b = CaseFactory(unit=school, registered_on=D(2023, 9, 1), main_category=violence)
    old = CaseFactory(unit=school, registered_on=D(2022, 9, 1))
    # when the advisor opens 2023
    response = client_for(advisor).get(reverse("my_cases") + "?aar=2023")
    html = response.content.decode()
    # then both 2023 cases are listed with edit and delete links, counts per category
    assert a.short_ref in html and b.short_ref in html and old.short_ref not in html
    assert reverse("case_edit", args=[a.pk]) in html
    assert reverse("case_delete", args=[a.pk]) in html
    assert re.search(r"Trusler/vold</th><td[^>]*>1</td>", html)
    assert re.search(r"Negativ sosial kontroll</th><td[^>]*>1</td>", html)
    assert re.search(r"Sum</th><td[^>]*>2</td>", html)
    assert '<option value="2022">' in html


def test_my_cases_defaults_to_this_year_and_survives_a_bad_year(advisor: User) -> None:
    client = client_for(advisor)
    this_year = datetime.date.today().year
    assert client.get(reverse("my_cases")).context["year"] in (
        this_year,
        this_year - 1,
        this_year + 1,
    )
    assert client.get(reverse("my_cases") + "?aar=tull").status_code == 200


def test_registration_lands_on_the_list_with_a_status_message(advisor: User) -> None:
    response = client_for(advisor).post(reverse("case_register"), case_form_data(), follow=True)
    html = response.content.decode()
    case = Case.objects.get()
    assert '<div role="status"' in html and "Saken er registrert." in html
    assert case.short_ref in html


def test_edit_prefills_and_saves(advisor: User, school: Unit) -> None:
    # given a case
    case = CaseFactory(unit=school)
    client = client_for(advisor)
    # when the edit page is opened
    html = client.get(reverse("case_edit", args=[case.pk])).content.decode()
    # then it shows the stored values and the version
    assert 'value="Norge"' in html and 'name="version" value="1"' in html
    assert 'value="15.03.2023"' in html
    # and a changed form is saved
    data = case_form_data(registered_on="2023-03-15", country="Somalia", version="1")
    response = client.post(reverse("case_edit", args=[case.pk]), data, follow=True)
    case.refresh_from_db()
    assert case.country.code == "so" and case.version == 2
    assert "Endringene er lagret." in response.content.decode()


def test_edit_conflict_is_explained_in_norwegian(advisor: User, school: Unit) -> None:
    # given two people who opened the same case at version 1
    case = CaseFactory(unit=school)
    client = client_for(advisor)
    url = reverse("case_edit", args=[case.pk])
    first = case_form_data(registered_on="2023-03-15", country="Somalia", version="1")
    second = case_form_data(registered_on="2023-03-15", country="Irak", version="1")
    # when the first saves and then the second
    client.post(url, first)
    response = client.post(url, second)
    # then the second is told, shown what is stored now, and nothing is overwritten
    html = response.content.decode()
    assert response.status_code == 200
    assert "Noen andre har endret saken" in html
    assert "Dette er lagret nå" in html
    case.refresh_from_db()
    assert case.country.code == "so" and case.version == 2
    # and their input is kept with the current version, so saving again is deliberate
    assert 'value="Irak"' in html and 'name="version" value="2"' in html
    client.post(url, {**second, "version": "2"})
    case.refresh_from_db()
    assert case.country.code == "iq" and case.version == 3


def test_edit_errors_are_shown_at_fields(advisor: User, school: Unit) -> None:
    case = CaseFactory(unit=school)
    data = case_form_data(registered_on="2014-01-01", version="1")
    response = client_for(advisor).post(reverse("case_edit", args=[case.pk]), data)
    assert "utenfor perioden" in response.context["form"].errors["registered_on"][0]


def test_delete_asks_then_deletes(advisor: User, school: Unit) -> None:
    case = CaseFactory(unit=school)
    client = client_for(advisor)
    confirm = client.get(reverse("case_delete", args=[case.pk])).content.decode()
    assert "Slette sak" in confirm and 'method="post"' in confirm and "Slett saken" in confirm
    assert Case.objects.filter(pk=case.pk).exists()
    response = client.post(reverse("case_delete", args=[case.pk]), follow=True)
    assert not Case.objects.filter(pk=case.pk).exists()
    assert "Saken er slettet." in response.content.decode()


def test_detail_shows_the_case_and_only_advisors_get_change_links(
    advisor: User, analyst: User, school: Unit
) -> None:
    case = CaseFactory(unit=school)
    url = reverse("case_detail", args=[case.pk])
    assert reverse("case_edit", args=[case.pk]) in client_for(advisor).get(url).content.decode()
    as_analyst = client_for(analyst).get(url).content.decode()
    assert "Negativ sosial kontroll" in as_analyst
    assert reverse("case_edit", args=[case.pk]) not in as_analyst


def test_all_cases_filters_and_counts(analyst: User, school: Unit, other_school: Unit) -> None:
    # given cases at two schools and an embassy in 2023
    violence = Category.objects.get(code="trusler-vold")
    a = CaseFactory(unit=school, registered_on=D(2023, 2, 1))
    b = CaseFactory(unit=other_school, registered_on=D(2023, 9, 1), main_category=violence)
    c = CaseFactory(unit=EmbassyFactory(), registered_on=D(2023, 10, 1))
    client = client_for(analyst)
    url = reverse("all_cases")
    # when filtering by year and half-year
    html = client.get(url, {"aar": "2023", "halvaar": "2"}).content.decode()
    # then the second half's cases are listed and counted
    assert b.short_ref in html and c.short_ref in html and a.short_ref not in html
    assert re.search(r"Sum</th><td[^>]*>2</td>", html)
    # and by unit, scheme and category
    assert a.short_ref in client.get(url, {"aar": "2023", "enhet": str(school.pk)}).content.decode()
    by_scheme = client.get(url, {"aar": "2023", "ordning": c.scheme.code}).content.decode()
    assert c.short_ref in by_scheme and a.short_ref not in by_scheme
    by_category = client.get(url, {"aar": "", "kategori": violence.code}).content.decode()
    assert b.short_ref in by_category and a.short_ref not in by_category


def test_all_cases_bad_filter_is_reported_not_a_crash(analyst: User) -> None:
    response = client_for(analyst).get(reverse("all_cases"), {"aar": "abc", "enhet": "zzz"})
    assert response.status_code == 200
    assert "Velg en verdi fra listen." in response.content.decode()


def test_all_cases_paginates(analyst: User, school: Unit) -> None:
    # given more cases than one page holds
    for day in range(1, 56):
        CaseFactory(unit=school, registered_on=D(2023, 1, 1) + datetime.timedelta(days=day))
    client = client_for(analyst)
    # when the first and the second page are opened
    first = client.get(reverse("all_cases"), {"aar": "2023"})
    second = client.get(reverse("all_cases"), {"aar": "2023", "side": "2"})
    # then each holds its share and the links keep the filter
    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 5
    assert "aar=2023&amp;side=2" in first.content.decode()
    assert re.search(r"Sum</th><td[^>]*>55</td>", first.content.decode())


def test_pages_load_designsystemet_and_no_inline_script_or_style(advisor: User) -> None:
    html = client_for(advisor).get(reverse("case_register")).content.decode()
    css = "/static/vendor/%40digdir/designsystemet-css/dist/src/index.css"
    assert css in html
    assert "/static/vendor/%40digdir/designsystemet-theme/brand/digdir.css" in html
    # scripts only as static files (the CSP allows no inline script)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert scripts and all(
        re.search(r'src="/static/js/[a-z_]+\.js"', attrs) and not body.strip()
        for attrs, body in scripts
    )
    assert "style=" not in html and "<style" not in html
    assert 'class="ds-skip-link" href="#innhold"' in html
    assert 'action="/logg-ut/"' in html
    # and the stylesheet is served from the npm package, no CDN
    assert client_for(advisor).get(css).status_code == 200


HOSTILE_YEARS = ["0", "-1", "10000", "99999999999999999999"]


def test_a_year_out_of_range_is_404_never_a_server_error(advisor: User, analyst: User) -> None:
    # given the lists and the closing pages, which read a year from the request (defect 1)
    advisor_client, analyst_client = client_for(advisor), client_for(analyst)
    for year in HOSTILE_YEARS:
        # when the year is one the register cannot hold / then no 500: the lists'
        # filter names it as a wrong choice and leaves it out
        for client, name in [
            (advisor_client, "my_cases"),
            (advisor_client, "my_activities"),
            (analyst_client, "all_cases"),
        ]:
            listed = client.get(reverse(name), {"aar": year, "side": year})
            assert listed.status_code == 200
            assert "Velg en verdi fra listen." in listed.content.decode()
    for year in ("0", "10000", "99999999999999999999"):
        for name in ("year_lock", "year_reopen"):
            url = f"/saker/aar/{advisor.memberships.get().unit.scheme.code}/{year}/"
            url += "las/" if name == "year_lock" else "gjenapne/"
            assert analyst_client.get(url).status_code == 404
            assert analyst_client.post(url, {"reason": "x"}).status_code == 404


def test_a_secondary_category_beyond_64_bits_is_a_wrong_choice(
    advisor: User, analyst: User, school: Unit
) -> None:
    # given each form that takes secondary categories (defect 3: OverflowError on SQLite)
    huge = "99999999999999999999"
    case = CaseFactory(unit=school, registered_by=advisor)
    posts = [
        (advisor, reverse("case_register"), case_form_data(secondary_categories=[huge])),
        (advisor, reverse("case_edit", args=[case.pk]), case_form_data(version="1")),
        (analyst, reverse("case_register_late"), case_form_data(unit=str(school.pk))),
        (analyst, reverse("case_edit_late", args=[case.pk]), case_form_data(version="1")),
    ]
    for user, url, data in posts:
        data["secondary_categories"] = [huge]
        # when posted / then the form says so at the field, and keeps what was typed
        response = client_for(user).post(url, data)
        assert response.status_code == 200
        assert "Velg kategorier fra listen." in response.content.decode()
    assert Case.objects.count() == 1
