"""Plan pages per persona: who reads, who writes which measure, who closes a year."""

from __future__ import annotations

from django.urls import reverse

from tallrapport.accounts.models import User
from tallrapport.plans.models import ActionPlan, MeasureStatus, ReportingYear
from tests.conftest import client_for


def _status_url(plan: ActionPlan, label: str, year: int) -> str:
    return reverse("measure_status_edit", args=[plan.slug, label, year])


def test_overview_shows_the_sentence_to_an_analyst(plan_2017: ActionPlan, analyst: User) -> None:
    response = client_for(analyst).get(reverse("plan_overview", args=[plan_2017.slug]))
    assert response.status_code == 200
    assert "Av totalt 28 tiltak i handlingsplanen er 4 pågående og 24 ferdigstilt." in (
        response.content.decode()
    )


def test_advisor_without_plan_role_sees_no_plan(plan_2017: ActionPlan, advisor: User) -> None:
    client = client_for(advisor)
    assert client.get(reverse("plan_overview", args=[plan_2017.slug])).status_code == 404
    assert (
        client.get(reverse("plan_report_download", args=[plan_2017.slug, 2020, "xlsx"])).status_code
        == 404
    )
    listing = client.get(reverse("plan_list"))
    assert plan_2017.name not in listing.content.decode()


def test_reader_reads_but_cannot_edit(plan_2021: ActionPlan, reader: User) -> None:
    client = client_for(reader)
    assert client.get(reverse("measure_detail", args=[plan_2021.slug, "1"])).status_code == 200
    assert client.get(_status_url(plan_2021, "1", 2023)).status_code == 403
    assert client.post(_status_url(plan_2021, "1", 2023), {"status": "pagaende"}).status_code == 403
    assert client.post(reverse("year_close", args=[plan_2021.slug, 2023])).status_code == 403


def test_owner_edits_own_measure_only(plan_2021: ActionPlan, owner: User) -> None:
    client = client_for(owner)
    # given the owner of measures 1, 3 b and 4
    # when they write the status of their own measure
    response = client.post(
        _status_url(plan_2021, "3b", 2023),
        {"status": "ferdigstilt", "text": "Modellen er innført i alle kommunene."},
    )
    # then it is saved and they are sent to the measure page
    assert response.status_code == 302
    assert (
        MeasureStatus.objects.get(
            measure__plan=plan_2021,
            measure__number=3,
            measure__letter="b",
            reporting_year__year=2023,
        ).status
        == "ferdigstilt"
    )
    # and someone else's measure does not exist for them
    assert client.get(_status_url(plan_2021, "2", 2023)).status_code == 404
    assert (
        client.post(
            _status_url(plan_2021, "2", 2023), {"status": "pagaende", "text": "Forsøk på endring."}
        ).status_code
        == 404
    )
    # and nor does a measure that does not exist
    assert client.get(_status_url(plan_2021, "99", 2023)).status_code == 404
    # and closing the year is not theirs to do
    assert client.post(reverse("year_close", args=[plan_2021.slug, 2023])).status_code == 403


def test_bad_input_is_shown_at_its_field_and_kept(plan_2021: ActionPlan, owner: User) -> None:
    client = client_for(owner)
    response = client.post(
        _status_url(plan_2021, "1", 2023),
        {"status": "ferdig-ish", "text": "Kort", "maloppnaelse_1": "Beholdt tekst"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Velg et gyldig valg" in page or "gyldig" in page
    assert "Skriv minst en setning om status" in page
    assert 'id="id_text_error"' in page
    assert "Beholdt tekst" in page
    assert "Kort</textarea>" in page
    # and what was stored before is untouched
    stored = MeasureStatus.objects.get(
        measure__plan=plan_2021, reporting_year__year=2023, measure__number=1
    )
    assert stored.status == "ferdigstilt"


def test_missing_status_is_asked_for(plan_2021: ActionPlan, owner: User) -> None:
    response = client_for(owner).post(
        _status_url(plan_2021, "1", 2023), {"text": "Arbeidet går etter planen."}
    )
    assert "Velg status for tiltaket." in response.content.decode()
    assert 'href="#id_status_0"' in response.content.decode()


def test_closed_year_form_refuses_with_message(plan_2021: ActionPlan, owner: User) -> None:
    response = client_for(owner).post(
        _status_url(plan_2021, "1", 2022), {"status": "utgatt", "text": "Endring i ettertid."}
    )
    assert response.status_code == 200
    assert "Rapporteringsåret 2022 er låst" in response.content.decode()
    assert (
        MeasureStatus.objects.get(
            measure__plan=plan_2021, measure__number=1, reporting_year__year=2022
        ).status
        == "pagaende"
    )


def test_coordinator_closes_the_year(plan_2021: ActionPlan, coordinator: User) -> None:
    client = client_for(coordinator)
    url = reverse("year_close", args=[plan_2021.slug, 2023])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert ReportingYear.objects.get(plan=plan_2021, year=2023).closed
    again = client.post(url)
    assert again.status_code == 400
    assert "låst" in again.content.decode()


def test_coordinator_edits_measure_text_with_bad_budget(
    plan_2021: ActionPlan, coordinator: User
) -> None:
    client = client_for(coordinator)
    url = reverse("measure_edit", args=[plan_2021.slug, "2"])
    bad = client.post(url, {"title": "", "budget_amount": "mange penger"})
    page = bad.content.decode()
    assert "Tiltaket må ha en tittel." in page
    assert "Skriv beløpet som et helt tall" in page
    good = client.post(
        url,
        {
            "title": "Veileder for helsestasjons- og skolehelsetjenesten",
            "contact_role": "Seniorrådgiver i Helsedirektoratet",
            "budget_amount": "250000",
        },
    )
    assert good.status_code == 302


def test_years_outside_plan_and_unknown_formats_are_404(
    plan_2017: ActionPlan, analyst: User
) -> None:
    client = client_for(analyst)
    assert (
        client.get(reverse("plan_overview", args=[plan_2017.slug]) + "?aar=2030").status_code == 404
    )
    assert (
        client.get(reverse("plan_overview", args=[plan_2017.slug]) + "?aar=abc").status_code == 404
    )
    assert (
        client.get(reverse("plan_report_download", args=[plan_2017.slug, 2020, "exe"])).status_code
        == 404
    )
    assert client.get(reverse("measure_detail", args=[plan_2017.slug, "18z"])).status_code == 404
    assert client.get(reverse("measure_detail", args=[plan_2017.slug, "x"])).status_code == 404


def test_measure_page_shows_history_across_years(plan_2021: ActionPlan, analyst: User) -> None:
    page = (
        client_for(analyst)
        .get(reverse("measure_detail", args=[plan_2021.slug, "1"]))
        .content.decode()
    )
    for text in (
        "2021",
        "2022",
        "Kunnskapsdepartementet (KD), 2021–2021",
        "Arbeids- og inkluderingsdepartementet (AID), fra 2022",
        "Delvis nådd: åtte av elleve fylker",
        "Oppdiktet eksempel",
    ):
        assert text in page


def test_templates_have_no_inline_script_or_style(plan_2021: ActionPlan, coordinator: User) -> None:
    client = client_for(coordinator)
    for url in (
        reverse("plan_list"),
        reverse("plan_overview", args=[plan_2021.slug]),
        reverse("measure_detail", args=[plan_2021.slug, "1"]),
        _status_url(plan_2021, "1", 2023),
        reverse("plan_report", args=[plan_2021.slug, 2022]),
        reverse("year_close", args=[plan_2021.slug, 2023]),
    ):
        page = client.get(url).content.decode()
        assert "<script" not in page and "<style" not in page and " style=" not in page, url
