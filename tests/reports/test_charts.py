"""The SVG bar charts: drawn from protected cells, a hidden cell is no bar, accessible colours."""

from __future__ import annotations

import io
import re
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from tallrapport.reports.render.chart_png import bar_chart_png
from tallrapport.reports.render.charts import (
    AXIS_COLOUR,
    BACKGROUND,
    HIDDEN_MARK,
    PALETTE,
    TEXT_COLOUR,
    Series,
    bar_chart_svg,
    contrast_ratio,
)

SVG = "{http://www.w3.org/2000/svg}"
values = st.lists(st.one_of(st.none(), st.integers(0, 2_000)), min_size=1, max_size=12)


def _chart(groups: list[str], series: list[Series], orientation: str = "horizontal") -> str:
    return bar_chart_svg(
        chart_id="fig",
        title="Stolpediagram",
        groups=groups,
        series=series,
        labelledby="tabell-tekst",
        orientation=orientation,  # type: ignore[arg-type]
    )


def _parse(svg: str) -> ElementTree.Element:
    # Our own markup, made in the test: no untrusted XML here.
    return ElementTree.fromstring(svg)  # noqa: S314


def _bars(svg: str) -> list[ElementTree.Element]:
    root = _parse(svg)
    return [r for r in root.iter(f"{SVG}rect") if "chart-bar" in r.get("class", "")]


def _texts(svg: str, css_class: str) -> list[str]:
    root = _parse(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text") if t.get("class") == css_class]


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
@given(
    data=st.lists(values, min_size=1, max_size=3).filter(lambda v: len({len(x) for x in v}) == 1)
)
def test_a_hidden_cell_draws_no_bar_and_a_star(
    orientation: str, data: list[list[int | None]]
) -> None:
    # given series whose hidden cells are None
    groups = [f"Gruppe {i}" for i in range(len(data[0]))]
    series = [Series(f"Serie {i}", v) for i, v in enumerate(data)]
    # when drawn
    svg = _chart(groups, series, orientation)
    # then only positive shown counts get a bar, each hidden cell a "*" and no number
    flat = [v for s in data for v in s]
    assert len(_bars(svg)) == sum(1 for v in flat if v)
    assert _texts(svg, "chart-hidden") == [HIDDEN_MARK] * flat.count(None)
    shown = [f"{v:,}".replace(",", "\u00a0") for v in flat if v is not None]
    assert sorted(_texts(svg, "chart-value")) == sorted(shown)


def test_bar_length_is_proportional_to_the_count() -> None:
    svg = _chart(["a", "b", "c"], [Series("2023", [100, 50, None])])
    widths = [float(r.get("width", "0")) for r in _bars(svg)]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)


def test_chart_is_an_image_named_by_its_title_and_the_table_caption() -> None:
    svg = _chart(["Jente/kvinne", "Gutt/mann"], [Series("2023", [10, None])], "vertical")
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "fig-tittel tabell-tekst"
    title = root.find(f"{SVG}title")
    assert title is not None and title.get("id") == "fig-tittel"
    # and no inline style attribute anywhere (colours are presentation attributes)
    assert "style=" not in svg
    assert all("style" not in element.attrib for element in root.iter())


def test_labels_are_escaped() -> None:
    svg = _chart(['<script>"&'], [Series("x", [7])])
    assert "<script>" not in svg
    _parse(svg)  # still well-formed XML


def test_colours_meet_wcag_aa_against_the_background() -> None:
    # bars are graphical objects (3:1), labels are text (4.5:1)
    for colour in PALETTE:
        assert contrast_ratio(colour, BACKGROUND) >= 4.5
    assert contrast_ratio(TEXT_COLOUR, BACKGROUND) >= 4.5
    assert contrast_ratio(AXIS_COLOUR, BACKGROUND) >= 3
    fills = set(re.findall(r'fill="(#[0-9a-f]{6})"', _chart(["a"], [Series("x", [3])])))
    assert fills <= {*PALETTE, TEXT_COLOUR, BACKGROUND}


def test_series_must_match_the_groups() -> None:
    with pytest.raises(ValueError, match="values"):
        _chart(["a", "b"], [Series("x", [1])])


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_the_png_for_word_draws_the_same_bars_and_no_bar_for_a_hidden_cell(
    orientation: str,
) -> None:
    # given a chart whose cells are all hidden, and one with a shown cell
    groups = ["Negativ sosial kontroll", "Trusler/vold"]
    hidden, _ratio = bar_chart_png(
        groups=groups,
        series=[Series("2023", [None, None])],
        orientation=orientation,  # type: ignore[arg-type]
    )
    shown, ratio = bar_chart_png(
        groups=groups,
        series=[Series("2023", [None, 40])],
        orientation=orientation,  # type: ignore[arg-type]
    )
    bar = tuple(int(PALETTE[0][i : i + 2], 16) for i in (1, 3, 5))

    def colours(png: bytes) -> set[object]:
        image = Image.open(io.BytesIO(png)).convert("RGB")
        return {colour for _n, colour in image.getcolors(maxcolors=1 << 20) or []}

    # then a hidden cell is drawn as no bar, a shown one in the series' colour
    assert bar not in colours(hidden)
    assert bar in colours(shown)
    # and the picture has the SVG's proportions, drawn large enough for print
    image = Image.open(io.BytesIO(shown))
    assert image.format == "PNG" and image.width == 1600
    assert image.width / image.height == pytest.approx(ratio, rel=0.01)
