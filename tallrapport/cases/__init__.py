"""Cases: registration, lists, closed years, retention.

Which database rule backs which promise (the services check each first, with a
Norwegian message; the database holds the line for every other writer):

| rule | backed by |
|---|---|
| a submitted form registers at most one case (double click, retry) | ``Case.submission_token`` UNIQUE; the loser of a race gets the winner's case back |
| an edit never silently overwrites another | ``UPDATE ... WHERE version = expected`` (optimistic lock on ``Case.version``); 0 rows → conflict shown |
| half-year, year, gender, age group, guided are valid | CHECK constraints ``case_half_year_valid``, ``case_year_range``, ``case_gender_valid``, ``case_age_valid``, ``case_guided_valid`` |
| a case points at a real unit, scheme, category, country, source | FOREIGN KEY ... ON DELETE PROTECT |
| a closed year stays closed | triggers ``cases_case_closed_*`` and ``cases_link_closed_*`` (migration 0004), on SQLite and PostgreSQL |
| a year is closed once per scheme | ``closedyear_unique`` UNIQUE (scheme, year) |
| the audit trail is append-only | triggers ``audit_auditentry_append_only*`` (audit migration 0002) |
| classification periods and aliases are sane | ``*_valid_period`` CHECKs, ``*alias_unique`` UNIQUEs |

Retention and late registration pass the closed-year triggers only through
``services.closed_years_writable``, inside their own transaction.
"""
