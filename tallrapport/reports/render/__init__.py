"""Renderers of the yearly report: HTML (page and file), PDF, XLSX and the charts.

All of them read one :class:`~tallrapport.reports.report.Report`, whose cells
are already protected; none of them touches the register.
"""
