"""``{% report_layout report as layout %}``: the report's print layout for a template.

The partial ``reports/_report_body.html`` is included with only ``report`` in
its context (the app's page, the HTML file and the PDF); the charts and
footnotes it prints are computed here from that report, once per include.
"""

from __future__ import annotations

from django import template

from tallrapport.reports.render.html import ReportLayout, report_layout
from tallrapport.reports.report import Report

register = template.Library()


@register.simple_tag(name="report_layout")
def report_layout_tag(report: Report) -> ReportLayout:
    return report_layout(report)
