"""The report as an accessible A4 PDF, drawn by WeasyPrint from the HTML document.

Same template and stylesheet as the HTML file (see :mod:`.html`), tagged as
PDF/UA-1 so that screen readers get headings, table headers (``<th scope>``),
captions and reading order; ``lang="nb"`` and the title travel into the
metadata. Inter comes from our own static files (``@fontsource/inter``), not
from the machine, so the PDF looks the same wherever it is made.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders

from tallrapport.reports.render.html import render_document, stylesheet_path
from tallrapport.reports.report import Report

INTER_WEIGHTS = (400, 600)
INTER_FILE = "vendor/@fontsource/inter/files/inter-latin-{weight}-normal.woff"


def font_faces() -> str:
    """``@font-face`` rules for the Inter files that are present (none when npm ci was skipped)."""
    rules = []
    for weight in INTER_WEIGHTS:
        found = finders.find(INTER_FILE.format(weight=weight))
        if not found or isinstance(found, list):
            continue
        rules.append(
            "@font-face { font-family: Inter; font-style: normal; "
            f'font-weight: {weight}; src: url("{Path(found).as_uri()}") format("woff"); }}'
        )
    return "\n".join(rules)


def render_pdf(report: Report) -> bytes:
    """The PDF's bytes."""
    from weasyprint import CSS, HTML  # imported late: loading Pango costs a second
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css_path = stylesheet_path()
    document = HTML(
        string=render_document(report, embed_css=False, charts_as_images=True),
        base_url=str(css_path.parent),
    )
    pdf: bytes = document.write_pdf(
        stylesheets=[
            CSS(string=font_faces(), font_config=fonts),
            CSS(filename=str(css_path), font_config=fonts),
        ],
        font_config=fonts,
        pdf_variant="pdf/ua-1",
        custom_metadata=True,
    )
    return pdf
