"""The REST API under ``/api/v1/``: published editions for anyone, cases and
activities for the holder of a personal token.

Nothing here decides a rule of its own. Writes call the same services as the
web forms (:func:`~tallrapport.cases.services.case_register`,
:func:`~tallrapport.activities.services.activity_register`), reads go through
the same scoping selectors, and the public tables are the frozen editions read
back by :func:`~tallrapport.reports.edition_report.edition_report`, the same
report the edition page and its downloads render. The package only translates
between HTTP and those calls: serializers, token authentication, throttling,
RFC 9457 problem details and the JSON-stat 2.0 rendering of an edition table.
"""
