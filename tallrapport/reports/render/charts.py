"""Small bar charts as SVG, for the report page, the HTML file and the PDF.

Dependency-free on purpose: the same markup must render in a browser and in
WeasyPrint, stay inside a strict CSP (no scripts, no ``style`` attributes:
colours are presentation attributes) and be drawn from the *protected* table,
never from the register. A hidden cell is drawn as no bar with a ``*`` where
the bar would start: estimating it, or drawing it as zero, would print what
the protection hides or state a number that is false.

Every chart sits next to its data table; the SVG is an image named by that
table's caption (``aria-labelledby``), so a screen reader reads the numbers in
the table rather than in the drawing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

from tallrapport.formatting import thousands

# Contrast against white (WCAG 2.1 AA): every bar colour at least 3:1 (1.4.11,
# graphical objects; all three are above 4.5:1), text colour above 4.5:1 (1.4.3).
# Bars of one group are separated by a white gap, so neighbouring colours need
# no contrast with each other.
PALETTE = ("#0b3c5d", "#a34a12", "#2a7a5b", "#6b3fa0")
TEXT_COLOUR = "#1a1a1a"
AXIS_COLOUR = "#595959"
BACKGROUND = "#ffffff"
FONT = "Inter, 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif"
FONT_SIZE = 12
VALUE_SIZE = 11
# Inter's average advance is about 0.55 em; used to size the label column.
CHAR_WIDTH = 0.56
HIDDEN_MARK = "*"

Orientation = Literal["horizontal", "vertical"]


@dataclass(frozen=True)
class Series:
    """One bar per group; ``None`` is a hidden (``*``) cell."""

    name: str
    values: Sequence[int | None]
    # Printed after each value: «%» when the bars are shares.
    unit: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    content: str
    css_class: str
    anchor: str = "start"
    size: int = FONT_SIZE
    fill: str = TEXT_COLOUR


@dataclass(frozen=True)
class Bar:
    """A bar (or a legend swatch, ``title`` empty) in the colour of series ``index``."""

    x: float
    y: float
    width: float
    height: float
    index: int
    title: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


Shape = Text | Bar


@dataclass(frozen=True)
class Drawing:
    """A chart as plain shapes in SVG user units: the SVG and the PNG (DOCX) draw the same."""

    width: float
    height: float
    legend: list[Shape]
    body: list[Shape]
    axis: Line


def number(value: int) -> str:
    """Thousands with a no-break space, as in the tables (formatting.py's)."""
    return thousands(value)


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio of two ``#rrggbb`` colours."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def _wrap(label: str, limit: float, size: float) -> list[str]:
    """Split a long label into lines that fit ``limit`` (words are never cut)."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}".strip()
        if current and _text_width(candidate, size) > limit:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text(
    x: float,
    y: float,
    content: str,
    *,
    css_class: str,
    anchor: str = "start",
    size: int = FONT_SIZE,
    fill: str = TEXT_COLOUR,
) -> Text:
    return Text(x, y, content, css_class, anchor, size, fill)


def _text_svg(text: Text) -> str:
    return (
        f'<text class="{text.css_class}" x="{_fmt(text.x)}" y="{_fmt(text.y)}" '
        f'text-anchor="{text.anchor}" font-size="{text.size}" fill="{text.fill}">'
        f"{escape(text.content)}</text>"
    )


def _rect(x: float, y: float, width: float, height: float, *, index: int, title: str) -> Bar:
    return Bar(x, y, width, height, index, title)


def _bar_svg(bar: Bar) -> str:
    colour = PALETTE[bar.index % len(PALETTE)]
    if not bar.title:
        return (
            f'<rect class="chart-swatch chart-series-{bar.index}" x="{_fmt(bar.x)}" '
            f'y="{_fmt(bar.y)}" width="{_fmt(bar.width)}" height="{_fmt(bar.height)}" '
            f'fill="{colour}"/>'
        )
    return (
        f'<rect class="chart-bar chart-series-{bar.index}" x="{_fmt(bar.x)}" y="{_fmt(bar.y)}" '
        f'width="{_fmt(bar.width)}" height="{_fmt(bar.height)}" fill="{colour}">'
        f"<title>{escape(bar.title)}</title></rect>"
    )


def _shape_svg(shape: Shape) -> str:
    return _text_svg(shape) if isinstance(shape, Text) else _bar_svg(shape)


def _scale_max(series: Sequence[Series]) -> int:
    shown = [v for s in series for v in s.values if v is not None]
    return max([*shown, 1])


def _legend(series: Sequence[Series], x: float, y: float) -> tuple[list[Shape], float]:
    """Swatches and names in one line (wrapping when wide); returns the shapes and height."""
    if len(series) < 2:
        return [], 0.0
    parts: list[Shape] = []
    cursor, line = x, 0
    for index, item in enumerate(series):
        width = 18 + _text_width(item.name, FONT_SIZE) + 18
        if cursor > x and cursor + width > 620:
            cursor, line = x, line + 1
        top = y + line * 20
        parts.append(Bar(cursor, top, 12, 12, index))
        parts.append(_text(cursor + 17, top + 10.5, item.name, css_class="chart-legend-label"))
        cursor += width
    return parts, (line + 1) * 20 + 8


def _open_svg(width: float, height: float, *, chart_id: str, title: str, labelledby: str) -> str:
    title_id = f"{chart_id}-tittel"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(title_id)} {escape(labelledby)}" '
        f'viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}" '
        f'height="{_fmt(height)}" font-family="{escape(FONT)}">'
        f'<title id="{escape(title_id)}">{escape(title)}</title>'
        f'<rect class="chart-background" x="0" y="0" width="{_fmt(width)}" '
        f'height="{_fmt(height)}" fill="{BACKGROUND}"/>'
    )


def bar_chart_svg(
    *,
    chart_id: str,
    title: str,
    groups: Sequence[str],
    series: Sequence[Series],
    labelledby: str,
    orientation: Orientation = "horizontal",
) -> str:
    """A bar chart: one group per label in ``groups``, one bar per series in each group.

    ``labelledby`` is the id of the caption of the table that holds the same
    numbers; ``title`` says what kind of picture this is. Horizontal charts suit
    long labels (categories), vertical ones a time axis (years).
    """
    drawing = bar_chart_drawing(groups=groups, series=series, orientation=orientation)
    legend = (
        ['<g class="chart-legend">', *(_shape_svg(s) for s in drawing.legend), "</g>"]
        if drawing.legend
        else []
    )
    axis = drawing.axis
    return "".join(
        [
            _open_svg(
                drawing.width,
                drawing.height,
                chart_id=chart_id,
                title=title,
                labelledby=labelledby,
            ),
            *legend,
            *(_shape_svg(shape) for shape in drawing.body),
            f'<line class="chart-axis" x1="{_fmt(axis.x1)}" y1="{_fmt(axis.y1)}" '
            f'x2="{_fmt(axis.x2)}" y2="{_fmt(axis.y2)}" stroke="{AXIS_COLOUR}" stroke-width="1"/>',
            "</svg>",
        ]
    )


def bar_chart_drawing(
    *, groups: Sequence[str], series: Sequence[Series], orientation: Orientation = "horizontal"
) -> Drawing:
    """The chart's shapes, which the SVG above and the PNG of the DOCX both draw."""
    for item in series:
        if len(item.values) != len(groups):
            raise ValueError(
                f"series {item.name!r} has {len(item.values)} values, not {len(groups)}"
            )
    if orientation == "horizontal":
        return _horizontal(groups, series)
    return _vertical(groups, series)


def _horizontal(groups: Sequence[str], series: Sequence[Series]) -> Drawing:
    width = 640.0
    label_limit = 230.0
    wrapped = [_wrap(label, label_limit, FONT_SIZE) for label in groups]
    label_width = min(
        label_limit, max([_text_width(line, FONT_SIZE) for lines in wrapped for line in lines])
    )
    plot_left = label_width + 12
    value_room = 52.0
    plot_width = width - plot_left - value_room
    bar_height, bar_gap, group_gap = 14.0, 2.0, 7.0
    legend, legend_height = _legend(series, 0, 4)
    top = legend_height + 4
    maximum = _scale_max(series)
    body: list[Shape] = []
    y = top
    for group_index, (label, lines) in enumerate(zip(groups, wrapped, strict=True)):
        group_height = max(
            len(series) * bar_height + (len(series) - 1) * bar_gap, len(lines) * 14.0 + 2
        )
        line_top = y + group_height / 2 - (len(lines) - 1) * 7 + 4
        for line_index, line in enumerate(lines):
            body.append(
                _text(
                    label_width,
                    line_top + line_index * 14,
                    line,
                    css_class="chart-group-label",
                    anchor="end",
                )
            )
        bars_top = y + (group_height - (len(series) * bar_height + (len(series) - 1) * bar_gap)) / 2
        for index, item in enumerate(series):
            value = item.values[group_index]
            bar_y = bars_top + index * (bar_height + bar_gap)
            text_y = bar_y + bar_height / 2 + 4
            if value is None:
                body.append(
                    _text(plot_left + 4, text_y, HIDDEN_MARK, css_class="chart-hidden", size=13)
                )
                continue
            bar_width = plot_width * value / maximum
            if value > 0:
                name = f"{label}, {item.name}: " if len(series) > 1 else f"{label}: "
                body.append(
                    _rect(
                        plot_left,
                        bar_y,
                        bar_width,
                        bar_height,
                        index=index,
                        title=name + number(value) + item.unit,
                    )
                )
            body.append(
                _text(
                    plot_left + bar_width + 4,
                    text_y,
                    number(value) + item.unit,
                    css_class="chart-value",
                    size=VALUE_SIZE,
                )
            )
        y += group_height + group_gap
    height = y - group_gap + 6
    return Drawing(width, height, legend, body, Line(plot_left, top - 4, plot_left, height - 2))


def _vertical(groups: Sequence[str], series: Sequence[Series]) -> Drawing:
    width = 640.0
    legend, legend_height = _legend(series, 0, 4)
    plot_top = legend_height + 18  # room for the value above the tallest bar
    plot_height = 170.0
    baseline = plot_top + plot_height
    left, right = 8.0, 8.0
    group_width = (width - left - right) / max(len(groups), 1)
    bar_gap = 2.0
    bar_width = min(40.0, (group_width - 20) / max(len(series), 1) - bar_gap)
    cluster = len(series) * bar_width + (len(series) - 1) * bar_gap
    maximum = _scale_max(series)
    value_size = VALUE_SIZE if bar_width >= 30 else 10
    body: list[Shape] = []
    for group_index, label in enumerate(groups):
        group_left = left + group_index * group_width
        start = group_left + (group_width - cluster) / 2
        for index, item in enumerate(series):
            value = item.values[group_index]
            x = start + index * (bar_width + bar_gap)
            centre = x + bar_width / 2
            if value is None:
                body.append(
                    _text(
                        centre,
                        baseline - 4,
                        HIDDEN_MARK,
                        css_class="chart-hidden",
                        anchor="middle",
                        size=13,
                    )
                )
                continue
            bar_height = plot_height * value / maximum
            if value > 0:
                name = f"{label}, {item.name}: " if len(series) > 1 else f"{label}: "
                body.append(
                    _rect(
                        x,
                        baseline - bar_height,
                        bar_width,
                        bar_height,
                        index=index,
                        title=name + number(value) + item.unit,
                    )
                )
            body.append(
                _text(
                    centre,
                    baseline - bar_height - 4,
                    number(value) + item.unit,
                    css_class="chart-value",
                    anchor="middle",
                    size=value_size,
                )
            )
        body.append(
            _text(
                group_left + group_width / 2,
                baseline + 18,
                label,
                css_class="chart-group-label",
                anchor="middle",
            )
        )
    height = baseline + 28
    return Drawing(width, height, legend, body, Line(left, baseline, width - right, baseline))
