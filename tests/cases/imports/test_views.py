"""The import's pages, per persona: upload → columns → preview → import."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tallrapport.accounts.models import Unit, User
from tallrapport.activities.models import Activity
from tallrapport.cases.imports.models import ImportMapping, PendingImport
from tallrapport.cases.models import Case
from tests.cases.imports.sheets import (
    MERGED,
    activity_rows,
    case_row,
    old_sheet_rows,
    simple_rows,
    xlsx,
)
from tests.conftest import client_for
from tests.factories import close_year

D = datetime.date
pytestmark = pytest.mark.django_db


def _upload(client: Client, unit: Unit, content: bytes, name: str = "saker.xlsx") -> Any:
    return client.post(
        reverse("import_start"),
        {"kind": "saker", "unit": str(unit.pk), "file": SimpleUploadedFile(name, content)},
    )


def _columns_post(client: Client, pending: PendingImport, **changes: str) -> Any:
    """Post the columns form as proposed, with «Veiledet» the same for all rows."""
    url = reverse("import_columns", args=[pending.pk])
    page = client.get(url)
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data.update({"ark": page.context["sheet"].name, "rad": str(page.context["header_row"])})
    data.update({"verdi_guided": "utsatt", "save": "on"})
    data.update(changes)
    return client.post(url, data)


def _through_to_preview(client: Client, unit: Unit, content: bytes) -> tuple[PendingImport, Any]:
    response = _upload(client, unit, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("import_columns", args=[pending.pk])
    assert _columns_post(client, pending).status_code == 302
    return pending, client.get(reverse("import_preview", args=[pending.pk]))


def test_the_advisor_uploads_previews_and_imports_their_old_sheet(
    advisor: User, school: Unit
) -> None:
    client = client_for(advisor)
    # given the start page, with the advisor's only unit named
    start = client.get(reverse("import_start"))
    assert start.status_code == 200
    assert school.name in start.content.decode()
    # when the old sheet is uploaded and the proposed columns confirmed
    pending, preview = _through_to_preview(client, school, xlsx(old_sheet_rows(), merged=MERGED))
    # then the preview lists the rows to create and every refused row with its reason
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "Ingenting er lagret ennå." in page
    assert "«Somlia» er lest som «Somalia»." in page
    assert "Fant ikke kategorien «Vold i nære relasjoner»." in page
    assert "Registreringsdatoen kan ikke være fram i tid." in page
    assert Case.objects.count() == 0
    # when the advisor confirms
    digest = preview.context["confirm"].initial["digest"]
    done = client.post(reverse("import_confirm", args=[pending.pk]), {"digest": digest})
    # then the rows are cases of the advisor's unit, and the upload is gone
    assert done.status_code == 302
    assert Case.objects.filter(unit=school, registered_by=advisor).count() == 7
    assert not PendingImport.objects.exists()
    message = client.get(done["Location"]).content.decode()
    assert "7 rader er lest inn" in message


def test_the_same_file_again_has_nothing_to_import(advisor: User, school: Unit) -> None:
    client = client_for(advisor)
    content = xlsx(simple_rows([D(2023, 2, 1), D(2023, 3, 1)]))
    pending, preview = _through_to_preview(client, school, content)
    digest = preview.context["confirm"].initial["digest"]
    client.post(reverse("import_confirm", args=[pending.pk]), {"digest": digest})
    # when the same file is uploaded again
    _again, preview = _through_to_preview(client, school, content)
    page = preview.content.decode()
    # then every row was imported before and there is nothing to confirm
    assert "Ingen rader å lese inn." in page
    assert "(rad 2–3)" in page
    assert "Les inn" not in page.split("Ingen rader å lese inn.")[1].split("Avbryt")[0]


def test_a_file_that_looks_like_it_holds_names_is_refused_and_not_kept(
    advisor: User, school: Unit
) -> None:
    rows = simple_rows([D(2023, 2, 1)])
    rows[0].append("Navn")
    rows[1].append("Amina Yusuf")
    response = _upload(client_for(advisor), school, xlsx(rows))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Filen er ikke lest inn" in page
    assert "kolonne H («Navn»): overskriften tyder på navn." in page
    assert not PendingImport.objects.exists()


def test_an_advisor_cannot_upload_for_another_unit(
    advisor: User, school: Unit, other_school: Unit
) -> None:
    response = _upload(client_for(advisor), other_school, xlsx(simple_rows([D(2023, 2, 1)])))
    assert response.status_code == 200
    assert "Velg en enhet fra listen." in response.content.decode()
    assert not PendingImport.objects.exists()


def test_an_upload_is_its_uploaders_only(
    advisor: User, other_advisor: User, analyst: User, school: Unit
) -> None:
    _upload(client_for(advisor), school, xlsx(simple_rows([D(2023, 2, 1)])))
    pending = PendingImport.objects.get()
    for user in (other_advisor, analyst):
        client = client_for(user)
        for name in ("import_columns", "import_preview"):
            assert client.get(reverse(name, args=[pending.pk])).status_code == 404
        for name in ("import_confirm", "import_cancel"):
            assert client.post(reverse(name, args=[pending.pk])).status_code == 404
    assert PendingImport.objects.exists()


def test_administrators_get_403(admin: User) -> None:
    assert client_for(admin).get(reverse("import_start")).status_code == 403


def test_an_expired_upload_is_gone(advisor: User, school: Unit) -> None:
    client = client_for(advisor)
    _upload(client, school, xlsx(simple_rows([D(2023, 2, 1)])))
    pending = PendingImport.objects.get()
    PendingImport.objects.update(created_at=timezone.now() - datetime.timedelta(hours=3))
    assert client.get(reverse("import_columns", args=[pending.pk])).status_code == 404
    # and the next upload purges it
    _upload(client, school, xlsx(simple_rows([D(2023, 2, 1)])))
    assert PendingImport.objects.count() == 1


def test_the_analyst_gives_one_reason_for_the_closed_years_rows(
    analyst: User, other_school: Unit
) -> None:
    close_year(other_school.scheme, 2022)
    client = client_for(analyst)
    assert other_school.name in client.get(reverse("import_start")).content.decode()
    pending, preview = _through_to_preview(
        client, other_school, xlsx(simple_rows([D(2022, 2, 1), D(2023, 3, 1)]))
    )
    assert "1 av dem i låste år (2022), som etterregistreres" in preview.content.decode()
    digest = preview.context["confirm"].initial["digest"]
    url = reverse("import_confirm", args=[pending.pk])
    # without a reason: refused, at the field
    refused = client.post(url, {"digest": digest})
    assert refused.status_code == 400
    assert "Skriv en begrunnelse." in refused.content.decode()
    assert Case.objects.count() == 0
    # with one: imported
    done = client.post(url, {"digest": digest, "reason": "Innlesing av rådgiverens regneark"})
    assert done.status_code == 302
    assert Case.objects.filter(unit=other_school).count() == 2


def test_a_year_closed_since_the_preview_shows_the_new_preview(
    advisor: User, analyst: User, school: Unit
) -> None:
    client = client_for(advisor)
    pending, preview = _through_to_preview(client, school, xlsx(simple_rows([D(2023, 2, 1)])))
    digest = preview.context["confirm"].initial["digest"]
    close_year(school.scheme, 2023, by=analyst)
    response = client.post(reverse("import_confirm", args=[pending.pk]), {"digest": digest})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Noe er endret siden forhåndsvisningen" in page
    assert "2023 er låst for" in page
    assert Case.objects.count() == 0


def test_a_value_the_importer_could_not_read_is_corrected_for_the_whole_file(
    advisor: User, school: Unit
) -> None:
    client = client_for(advisor)
    rows = simple_rows([D(2023, 2, 1)], country="Eritria")
    rows.append(case_row(D(2023, 3, 1), country="Eritria"))
    pending, preview = _through_to_preview(client, school, xlsx(rows))
    corrections = preview.context["corrections"]
    assert len(corrections.fields) == 1
    (key,) = corrections.fields
    assert corrections.fields[key].initial == "er"  # the one suggestion, preselected
    assert "Mente du «Eritrea»" in preview.content.decode()
    # when the user accepts it
    client.post(reverse("import_preview", args=[pending.pk]), {key: "er"})
    # then both rows are read as Eritrea, and the unit's saved mapping remembers it
    again = client.get(reverse("import_preview", args=[pending.pk]))
    assert [r.data.country.code for r in again.context["plan"].create] == ["er", "er"]
    assert ImportMapping.objects.get(unit=school).corrections == {"country": {"eritria": "er"}}


def test_the_saved_mapping_chooses_the_columns_of_the_next_sheet(
    advisor: User, school: Unit
) -> None:
    client = client_for(advisor)
    rows = [["Når", "Hva", "Kjønn", "Alder", "Land", "Meldt av"]]
    rows.append(["01.02.2023", "NSK", "Jente", "Under 18", "Irak", "Lærer"])
    _upload(client, school, xlsx(rows))
    pending = PendingImport.objects.get()
    # the importer cannot tell which column is the date or the category: the user says
    response = _columns_post(client, pending, kolonne_registered_on="0", kolonne_main_category="1")
    assert response.status_code == 302
    saved = ImportMapping.objects.get(unit=school, kind="saker")
    assert saved.columns["registered_on"] == "Når"
    # when next year's sheet with the same headers in another order is uploaded
    client.post(reverse("import_cancel", args=[pending.pk]))
    _upload(client, school, xlsx([[rows[0][1], rows[0][0], *rows[0][2:]]]))
    proposed = PendingImport.objects.get()
    # then the saved choice is proposed
    assert proposed.columns["registered_on"] == 1
    assert proposed.columns["main_category"] == 0
    assert proposed.fixed == {"guided": "utsatt"}


def test_a_workbook_with_several_sheets_offers_the_choice(advisor: User, school: Unit) -> None:
    client = client_for(advisor)
    content = xlsx(
        [["Notater fra møter"], ["Ingen tabell her"]],
        title="Notater",
        more_sheets={"Saker 2023": simple_rows([D(2023, 2, 1)])},
    )
    _upload(client, school, content)
    pending = PendingImport.objects.get()
    assert pending.sheet == "Saker 2023"  # the first sheet with a header row the importer knows
    page = client.get(reverse("import_columns", args=[pending.pk]))
    assert '<option value="Notater">' in page.content.decode()


def test_choosing_a_column_twice_is_refused(advisor: User, school: Unit) -> None:
    client = client_for(advisor)
    _upload(client, school, xlsx(simple_rows([D(2023, 2, 1)])))
    pending = PendingImport.objects.get()
    response = _columns_post(client, pending, kolonne_country="0")
    assert response.status_code == 200
    assert "Kolonnen er alt valgt for «Dato»." in response.content.decode()


def test_cancel_forgets_the_file(advisor: User, school: Unit) -> None:
    client = client_for(advisor)
    _upload(client, school, xlsx(simple_rows([D(2023, 2, 1)])))
    pending = PendingImport.objects.get()
    response = client.post(reverse("import_cancel", args=[pending.pk]))
    assert response.status_code == 302
    assert not PendingImport.objects.exists()


def test_a_request_larger_than_any_sheet_is_refused_before_it_is_read(
    advisor: User, school: Unit
) -> None:
    response = client_for(advisor).post(
        reverse("import_start"),
        {"kind": "saker", "unit": str(school.pk), "file": SimpleUploadedFile("x.csv", b"x")},
        CONTENT_LENGTH=str(11 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "Filen er større enn 10 MB." in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_sheet_of_activities_goes_the_same_way(advisor: User, school: Unit) -> None:
    client = client_for(advisor)
    response = client.post(
        reverse("import_start"),
        {
            "kind": "aktiviteter",
            "unit": str(school.pk),
            "file": SimpleUploadedFile("aktiviteter.xlsx", xlsx(activity_rows())),
        },
    )
    pending = PendingImport.objects.get()
    assert response["Location"] == reverse("import_columns", args=[pending.pk])
    page = client.get(reverse("import_columns", args=[pending.pk]))
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, "")}
    data.update({"ark": "Saker", "rad": "1"})
    assert client.post(reverse("import_columns", args=[pending.pk]), data).status_code == 302
    preview = client.get(reverse("import_preview", args=[pending.pk]))
    text = preview.content.decode()
    assert "Kurs/foredrag/fagdag for ansatte" in text
    assert "Skriv hvor mange som deltok." in text
    digest = preview.context["confirm"].initial["digest"]
    client.post(reverse("import_confirm", args=[pending.pk]), {"digest": digest})
    assert Activity.objects.filter(unit=school).count() == 3
