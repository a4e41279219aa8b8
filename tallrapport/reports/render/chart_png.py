"""The report's bar charts as PNG pictures, for the DOCX (Word cannot show our SVG).

Drawn with Pillow from the very shapes the SVG is made of
(:func:`~tallrapport.reports.render.charts.bar_chart_drawing`), so the picture
in Word has the same bars, the same ``*`` for a hidden cell and the same
labels as the page and the PDF. The font is Inter from our own static files
(``@fontsource/inter``); without them (npm ci skipped) Pillow's bundled font.
Nothing is fetched and no system library is needed.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont

from tallrapport.reports.render.charts import (
    AXIS_COLOUR,
    BACKGROUND,
    PALETTE,
    Bar,
    Orientation,
    Series,
    Shape,
    Text,
    bar_chart_drawing,
)

INTER_FILE = "vendor/@fontsource/inter/files/inter-latin-400-normal.woff"
# 640 SVG units drawn at 2.5 pixels each: 1600 px over the 16 cm of an A4 text
# column is about 250 dpi, sharp in print.
SCALE = 2.5
DPI = 250
_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=16)
def _font(size: int) -> Font:
    found = finders.find(INTER_FILE)
    if found and not isinstance(found, list):
        return ImageFont.truetype(found, size)
    return ImageFont.load_default(size)


def _draw_shape(draw: ImageDraw.ImageDraw, shape: Shape) -> None:
    if isinstance(shape, Text):
        draw.text(
            (shape.x * SCALE, shape.y * SCALE),
            shape.content,
            fill=shape.fill,
            font=_font(round(shape.size * SCALE)),
            anchor=_ANCHORS.get(shape.anchor, "ls"),
        )
        return
    bar: Bar = shape
    if bar.width <= 0 or bar.height <= 0:
        return
    draw.rectangle(
        (
            bar.x * SCALE,
            bar.y * SCALE,
            (bar.x + bar.width) * SCALE - 1,
            (bar.y + bar.height) * SCALE - 1,
        ),
        fill=PALETTE[bar.index % len(PALETTE)],
    )


def bar_chart_png(
    *, groups: Sequence[str], series: Sequence[Series], orientation: Orientation
) -> tuple[bytes, float]:
    """The chart's PNG and its width over height (to size it in the document)."""
    drawing = bar_chart_drawing(groups=groups, series=series, orientation=orientation)
    size = (round(drawing.width * SCALE), round(drawing.height * SCALE))
    image = Image.new("RGB", size, BACKGROUND)
    draw = ImageDraw.Draw(image)
    for shape in [*drawing.legend, *drawing.body]:
        _draw_shape(draw, shape)
    axis = drawing.axis
    draw.line(
        (axis.x1 * SCALE, axis.y1 * SCALE, axis.x2 * SCALE, axis.y2 * SCALE),
        fill=AXIS_COLOUR,
        width=max(1, round(SCALE)),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(DPI, DPI), optimize=True)
    return buffer.getvalue(), drawing.width / drawing.height
