"""Demo plans: the real 2017–2020 plan and the frame of the 2021–2024 plan.

The 2017–2020 plan «Retten til å bestemme over eget liv» is loaded from files
shipped in ``plans/data``: its focus areas, measures, responsible ministries and
2020 statuses from the reference CSVs transcribed from the final report, and its
descriptions and status texts from the report itself (person names left out).
The year 2020 is closed, as the final report was sent. Its overview reads
«Av totalt 28 tiltak i handlingsplanen er 4 pågående og 24 ferdigstilt.»

The final report says that during the plan integration moved from JD to KD, faith
and belief from KUD to BFD, and equality and discrimination from BFD to KUD. The
ministry history of the five measures that plainly belong to those fields
(``action_plan_2017_2020_ministry_moves.csv``) records the earlier ministry up to
2018 and today's from 2019, the year of those reorganisations; the report itself
gives no years, so take the year of each move as our reading.

The 2021–2024 plan «Frihet fra negativ sosial kontroll og æresrelatert vold» is
real; its focus areas and measures here are invented to show result goals, goal
achievement and a year in progress, and are marked ``illustrative`` so every
page and report says so.

:func:`load_plan_demo` is idempotent: a plan already present is left as it is.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tallrapport.accounts.models import User
from tallrapport.plans.models import ActionPlan, Measure, Ministry, PlanRoleKind
from tallrapport.plans.services import (
    focus_area_create,
    goal_achievement_load,
    measure_create,
    measure_owner_assign,
    ministry_responsibility_set,
    plan_create,
    plan_role_assign,
    reporting_year_close_unchecked,
    result_goal_add,
    status_load,
)

DATA = Path(__file__).resolve().parent / "data"
SLUG_2017 = "2017-2020"
SLUG_2021 = "2021-2024"

STATUS_BY_LABEL = {
    "Ikke startet": "ikke-startet",
    "Pågående": "pagaende",
    "Ferdigstilt": "ferdigstilt",
    "Utgått": "utgatt",
}


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split_label(label: str) -> tuple[int, str]:
    digits = "".join(ch for ch in label if ch.isdigit())
    return int(digits), label[len(digits) :]


def _ministry(code: str) -> Ministry:
    return Ministry.objects.get(code=code)


@transaction.atomic
def load_plan_2017_2020() -> ActionPlan:
    existing = ActionPlan.objects.filter(slug=SLUG_2017).first()
    if existing is not None:
        return existing
    texts: dict[str, Any] = json.loads(
        (DATA / "plan_2017_2020_texts.json").read_text(encoding="utf-8")
    )
    plan = plan_create(
        slug=SLUG_2017,
        name="Retten til å bestemme over eget liv. Handlingsplan mot negativ sosial kontroll, "
        "tvangsekteskap og kjønnslemlestelse",
        start_year=2017,
        end_year=2020,
        note=texts["about"],
    )
    areas = {
        int(row["area"]): focus_area_create(
            plan=plan,
            number=int(row["area"]),
            title=row["title"],
            introduction="\n\n".join(texts["areas"].get(row["area"], [])),
        )
        for row in _csv("action_plan_2017_2020_areas.csv")
    }
    moves = {
        row["measure"]: row["ministry_until_2018"]
        for row in _csv("action_plan_2017_2020_ministry_moves.csv")
    }
    parents: dict[int, Measure] = {}
    for row in _csv("action_plan_2017_2020.csv"):
        number, letter = _split_label(row["measure"])
        prose = texts["measures"].get(row["measure"], {})
        measure = measure_create(
            focus_area=areas[int(row["area"])],
            number=number,
            letter=letter,
            parent=parents[number] if letter else None,
            title=row["title"],
            description="\n\n".join(prose.get("description", [])),
        )
        if not letter:
            parents[number] = measure
        if row["ministry"]:
            if row["measure"] in moves:
                ministry_responsibility_set(
                    measure=measure,
                    ministry=_ministry(moves[row["measure"]]),
                    from_year=2017,
                    to_year=2018,
                )
                ministry_responsibility_set(
                    measure=measure, ministry=_ministry(row["ministry"]), from_year=2019
                )
            else:
                ministry_responsibility_set(
                    measure=measure, ministry=_ministry(row["ministry"]), from_year=2017
                )
        if row["status"]:
            status_load(
                measure=measure,
                year=2020,
                status=STATUS_BY_LABEL[row["status"]],
                text="\n\n".join(prose.get("status_text", [])),
            )
    reporting_year_close_unchecked(plan=plan, year=2020)
    return plan


# --- the 2021–2024 frame, with invented measures -------------------------------------------


@dataclass(frozen=True)
class _Example:
    label: str
    area: int
    title: str
    description: str
    executing_body: str
    contact_role: str
    ministries: tuple[tuple[str, int], ...]  # (code, from year)
    budget: tuple[int, str, str] | None = None
    goals: tuple[str, ...] = ()
    statuses: tuple[tuple[int, str, str], ...] = ()  # (year, status, text)
    achievements: tuple[tuple[int, int, str], ...] = ()  # (year, goal number, text)


_AREAS_2021 = {
    1: "Kunnskap og kompetanse i tjenestene",
    2: "Hjelp og beskyttelse til utsatte",
    3: "Forebygging i skolen og i berørte miljøer",
}

_EXAMPLES_2021: tuple[_Example, ...] = (
    _Example(
        label="1",
        area=1,
        title="Kompetansehevingsprogram for ansatte i flyktningtjenesten",
        description="Et nettbasert kurs og regionale fagdager skal gi ansatte i "
        "flyktningtjenesten kunnskap om negativ sosial kontroll og æresrelatert vold, "
        "og om hvordan de kan avdekke og følge opp saker.",
        executing_body="IMDi",
        contact_role="Seniorrådgiver i IMDi",
        ministries=(("KD", 2021), ("AID", 2022)),
        budget=(1_500_000, "post 21", "Innenfor IMDis driftsbevilgning; 1,5 mill. kroner årlig."),
        goals=(
            "Ansatte i flyktningtjenesten i alle fylker har fått tilbud om opplæring.",
            "Deltakerne oppgir at de vet hva de skal gjøre ved bekymring.",
        ),
        statuses=(
            (2021, "pagaende", "Kurset er utviklet og prøvd ut i to fylker."),
            (2022, "pagaende", "Kurset er tilbudt i åtte fylker; fagdager holdt i tre regioner."),
            (
                2023,
                "ferdigstilt",
                "Tilbudet er gitt i alle fylker og er nå en fast del av IMDis kompetansetilbud.",
            ),
        ),
        achievements=(
            (2021, 1, "Delvis nådd: to av elleve fylker har fått tilbud."),
            (2021, 2, "Ikke målt ennå; evalueringsskjema er utarbeidet."),
            (2022, 1, "Delvis nådd: åtte av elleve fylker har fått tilbud."),
            (2022, 2, "Nådd: 84 prosent av deltakerne svarer ja eller i stor grad."),
        ),
    ),
    _Example(
        label="2",
        area=1,
        title="Veileder for helsestasjons- og skolehelsetjenesten",
        description="Veilederen skal beskrive hvordan tjenesten samtaler med barn og "
        "foreldre om negativ sosial kontroll, og når det skal meldes til barnevernet.",
        executing_body="Helsedirektoratet",
        contact_role="Fagdirektør i Helsedirektoratet",
        ministries=(("HOD", 2021),),
        goals=("Veilederen er publisert og tatt i bruk.",),
        statuses=(
            (2021, "ikke-startet", "Arbeidet starter i 2022."),
            (2022, "pagaende", "Utkast på høring hos berørte direktorater."),
        ),
        achievements=((2022, 1, "Ikke nådd ennå; veilederen er på høring."),),
    ),
    _Example(
        label="3",
        area=2,
        title="Styrke botilbud og oppfølging for unge som bryter med familien",
        description="Tiltaket har to deler: flere plasser i bo- og støttetilbudet, og "
        "en fast oppfølgingsperson etter flytting.",
        executing_body="Bufdir",
        contact_role="Avdelingsdirektør i Bufdir",
        ministries=(),
    ),
    _Example(
        label="3a",
        area=2,
        title="Flere plasser i bo- og støttetilbudet",
        description="Kapasiteten skal økes i alle regioner.",
        executing_body="Bufdir",
        contact_role="Seniorrådgiver i Bufdir",
        ministries=(("BFD", 2021),),
        budget=(4_000_000, "post 70", "Tilskudd til kommuner og frivillige aktører."),
        goals=("Ingen ungdom venter mer enn to uker på et botilbud.",),
        statuses=(
            (2021, "pagaende", "Tilskuddsordningen er lyst ut."),
            (2022, "ferdigstilt", "Ny kapasitet er etablert i alle regioner."),
        ),
        achievements=(
            (2021, 1, "Ikke nådd; ventetiden var opptil seks uker."),
            (2022, 1, "Nådd i fire av fem regioner."),
        ),
    ),
    _Example(
        label="3b",
        area=2,
        title="Fast oppfølgingsperson etter flytting",
        description="Unge som flytter for sin egen sikkerhet skal ha én fast kontakt i "
        "den nye kommunen.",
        executing_body="Bufdir og Arbeids- og velferdsdirektoratet",
        contact_role="Seniorrådgiver i Bufdir",
        ministries=(("BFD", 2021),),
        statuses=(
            (2021, "ikke-startet", "Avventer avklaring av ansvar mellom tjenestene."),
            (2022, "pagaende", "Modell prøves ut i tre kommuner."),
            (2023, "pagaende", "Utprøvingen er utvidet til seks kommuner."),
        ),
    ),
    _Example(
        label="4",
        area=3,
        title="Undervisningsopplegg om rett til å ta egne valg",
        description="Et opplegg for ungdomsskolen om grenser, kjærlighet og rett til å "
        "bestemme over eget liv, med lærerveiledning.",
        executing_body="Utdanningsdirektoratet",
        contact_role="Seniorrådgiver i Udir",
        ministries=(("KD", 2021),),
        goals=("Opplegget er tilgjengelig på udir.no.", "Minst 200 skoler har brukt det."),
        statuses=(
            (2021, "pagaende", "Opplegget utvikles sammen med mangfoldsrådgivere."),
            (2022, "ferdigstilt", "Opplegget er publisert."),
        ),
        achievements=(
            (2022, 1, "Nådd."),
            (2022, 2, "Ikke målt; nedlastinger tyder på om lag 150 skoler."),
        ),
    ),
    _Example(
        label="5",
        area=3,
        title="Dialogmøter med tros- og livssynssamfunn",
        description="Regionale dialogmøter om negativ sosial kontroll med ledere i tros- "
        "og livssynssamfunn.",
        executing_body="IMDi",
        contact_role="Rådgiver i IMDi",
        ministries=(("BFD", 2021),),
        statuses=(
            (2021, "pagaende", "To møter holdt digitalt."),
            (2022, "utgatt", "Tiltaket er slått sammen med tiltak 1 fra 2023."),
        ),
    ),
)


@transaction.atomic
def load_plan_2021_2024() -> ActionPlan:
    existing = ActionPlan.objects.filter(slug=SLUG_2021).first()
    if existing is not None:
        return existing
    Ministry.objects.get_or_create(
        code="AID", defaults={"name": "Arbeids- og inkluderingsdepartementet", "sort_order": 20}
    )
    plan = plan_create(
        slug=SLUG_2021,
        name="Frihet fra negativ sosial kontroll og æresrelatert vold",
        start_year=2021,
        end_year=2024,
        note="Planens navn og periode er den vedtatte planens. Innsatsområdene og tiltakene "
        "her er oppdiktede eksempler for demonstrasjon, ikke innholdet i planen.",
    )
    areas = {
        number: focus_area_create(plan=plan, number=number, title=title, illustrative=True)
        for number, title in _AREAS_2021.items()
    }
    parents: dict[int, Measure] = {}
    for example in _EXAMPLES_2021:
        number, letter = _split_label(example.label)
        amount, post, budget_text = example.budget or (None, "", "")
        measure = measure_create(
            focus_area=areas[example.area],
            number=number,
            letter=letter,
            parent=parents[number] if letter else None,
            title=example.title,
            description=example.description,
            executing_body=example.executing_body,
            contact_role=example.contact_role,
            budget_amount=Decimal(amount) if amount is not None else None,
            budget_post=post,
            budget_text=budget_text,
            illustrative=True,
        )
        if not letter:
            parents[number] = measure
        for code, from_year in example.ministries:
            ministry_responsibility_set(
                measure=measure, ministry=_ministry(code), from_year=from_year
            )
        goals = [result_goal_add(measure=measure, text=text) for text in example.goals]
        for year, status, text in example.statuses:
            status_load(measure=measure, year=year, status=status, text=text)
        for year, goal_number, text in example.achievements:
            goal_achievement_load(goal=goals[goal_number - 1], year=year, text=text)
    for year in (2021, 2022):
        reporting_year_close_unchecked(plan=plan, year=year)
    return plan


def load_plan_demo() -> list[ActionPlan]:
    """Load both demo plans; safe to call again."""
    return [load_plan_2017_2020(), load_plan_2021_2024()]


def assign_plan_demo_roles(
    *, coordinator: User, measure_owner: User, readers: Iterable[User] = ()
) -> None:
    """Demo roles: one coordinator of both plans, one owner of three 2021–2024 measures.

    The owner writes the status of measures 1, 3 b and 4 of the 2021–2024 plan,
    whose year 2023 is open; readers may read both plans.
    """
    plans = load_plan_demo()
    for plan in plans:
        plan_role_assign(user=coordinator, plan=plan, role=PlanRoleKind.COORDINATOR)
        for reader in readers:
            plan_role_assign(user=reader, plan=plan, role=PlanRoleKind.READER)
    plan_2021 = plans[1]
    for number, letter in ((1, ""), (3, "b"), (4, "")):
        measure_owner_assign(
            user=measure_owner,
            measure=Measure.objects.get(plan=plan_2021, number=number, letter=letter),
        )
