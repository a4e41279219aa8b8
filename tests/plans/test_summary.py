"""The counting rule and the summary sentence, exact for the demo plan and as properties."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tallrapport.plans.models import ActionPlan, Status
from tallrapport.plans.selectors import plan_overview
from tallrapport.plans.summary import combined_status, count_measures, summary_sentence

STATUS = st.sampled_from([*Status.values, None])
MEASURE = st.tuples(STATUS, st.lists(STATUS, max_size=5))


def test_demo_plan_2020_reads_as_the_final_report(plan_2017: ActionPlan) -> None:
    # given the 2017–2020 plan loaded from the reference CSV
    # when the overview for 2020 is computed
    overview = plan_overview(plan_2017, 2020)
    # then it says what the published final report says, word for word
    assert (
        overview.sentence
        == "Av totalt 28 tiltak i handlingsplanen er 4 pågående og 24 ferdigstilt."
    )
    assert overview.total == 28


def test_measure_with_sub_measures_counts_once_and_ongoing_while_any_is(
    plan_2017: ActionPlan,
) -> None:
    # given measure 22, whose sub-measures are ongoing, completed and ongoing
    overview = plan_overview(plan_2017, 2020)
    rows = {row.url_label: row for area in overview.areas for row in area.rows}
    # then 22 has no status of its own in the table, and 25 (both ongoing) neither
    assert rows["22"].has_subs and rows["22"].status is None
    assert rows["22b"].status_label == "Ferdigstilt"
    # and the ongoing count (4) is 6, 22, 24 and 25: one for each, not one per sub-measure
    assert overview.counts[Status.ONGOING.value] == 4


def test_a_year_without_reports_says_so(plan_2017: ActionPlan) -> None:
    overview = plan_overview(plan_2017, 2018)
    assert overview.sentence == (
        "Av totalt 28 tiltak i handlingsplanen er alle uten rapportert status."
    )


def test_sentence_wording_for_other_statuses_and_small_plans() -> None:
    assert summary_sentence({}) == "Handlingsplanen har ingen tiltak ennå."
    assert (
        summary_sentence({"pagaende": 1}) == "Handlingsplanen har ett tiltak, og det er pågående."
    )
    assert summary_sentence({"ferdigstilt": 3, "pagaende": 0}) == (
        "Av totalt 3 tiltak i handlingsplanen er alle ferdigstilt."
    )
    assert summary_sentence({"ikke-startet": 2, "utgatt": 1, "pagaende": 3, None: 1}) == (
        "Av totalt 7 tiltak i handlingsplanen er 3 pågående, 2 ikke startet, 1 utgått "
        "og 1 uten rapportert status."
    )


@given(st.lists(MEASURE, max_size=40))
def test_every_numbered_measure_counts_exactly_once(
    measures: list[tuple[str | None, list[str | None]]],
) -> None:
    counts = count_measures(measures)
    assert sum(counts.values()) == len(measures)


@given(st.lists(STATUS, min_size=1, max_size=6))
def test_ongoing_while_any_sub_measure_is(subs: list[str | None]) -> None:
    combined = combined_status(subs)
    if Status.ONGOING.value in subs:
        assert combined == Status.ONGOING.value
    if all(s == Status.COMPLETED.value for s in subs):
        assert combined == Status.COMPLETED.value


@given(st.lists(MEASURE, min_size=2, max_size=40))
def test_sentence_states_the_total_and_each_present_count(
    measures: list[tuple[str | None, list[str | None]]],
) -> None:
    counts = count_measures(measures)
    sentence = summary_sentence(counts)
    assert sentence.startswith(f"Av totalt {len(measures)} tiltak i handlingsplanen er ")
    assert sentence.endswith(".")
    present = [n for n in counts.values() if n > 0]
    if len(present) > 1:
        for n in present:
            assert f" {n} " in sentence
        assert " og " in sentence
