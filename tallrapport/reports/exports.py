"""One entry point for every file format, so the command and the views agree."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tallrapport.reports.csv_export import render_csv
from tallrapport.reports.render.docx import render_docx
from tallrapport.reports.render.html import render_document
from tallrapport.reports.render.pdf import render_pdf
from tallrapport.reports.render.xlsx import render_xlsx
from tallrapport.reports.report import Report


def _csv(report: Report) -> bytes:
    return render_csv(report).encode("utf-8")


def _xlsx(report: Report) -> bytes:
    return render_xlsx(report)


def _pdf(report: Report) -> bytes:
    return render_pdf(report)


def _docx(report: Report) -> bytes:
    return render_docx(report)


def _html(report: Report) -> bytes:
    return render_document(report).encode("utf-8")


FORMATS: dict[str, tuple[Callable[[Report], bytes], str]] = {
    "csv": (_csv, "text/csv; charset=utf-8"),
    "xlsx": (_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": (_pdf, "application/pdf"),
    "html": (_html, "text/html; charset=utf-8"),
    "docx": (_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def export_bytes(report: Report, fmt: str) -> tuple[bytes, str, str]:
    """The file's content, its media type and its name."""
    render, media_type = FORMATS[fmt]
    stem = report.edition.slug if report.edition is not None else f"tallrapport-{report.year}"
    return render(report), media_type, f"{stem}.{fmt}"


def export_report(report: Report, fmt: str, directory: Path) -> Path:
    """Write the report in ``fmt`` into ``directory``; returns the file's path."""
    content, _media_type, name = export_bytes(report, fmt)
    path = directory / name
    path.write_bytes(content)
    return path
