"""Cases: registration, lists, closed years, retention.

Which database rule backs which promise (the services check each first, with a
Norwegian message; the database holds the line for every other writer):

- A submitted form registers at most one case (double click, browser retry):
  ``Case.submission_token`` is UNIQUE; the loser of a race gets the winner's
  case back (``tallrapport.writes.create_once``).
- An edit never silently overwrites another: ``UPDATE ... WHERE id = %s AND
  version = expected`` (optimistic lock on ``Case.version``); no row updated
  means a conflict, shown field by field.
- Half-year, year, gender, age group and guided hold valid values: CHECK
  constraints ``case_half_year_valid``, ``case_year_range``,
  ``case_gender_valid``, ``case_age_valid``, ``case_guided_valid``.
- A case points at a real scheme, unit, category, country and source: FOREIGN
  KEYs with ON DELETE PROTECT.
- A closed year stays closed: triggers ``cases_case_closed_*`` and
  ``cases_link_closed_*`` (migration 0004) on SQLite and PostgreSQL; a year is
  closed once per scheme: UNIQUE ``closedyear_unique``.
- The audit trail is append-only: triggers ``audit_auditentry_append_only*``
  (audit migration 0002).
- Classification periods and aliases are sane: ``*_valid_period`` CHECKs and
  ``*alias_unique`` UNIQUEs.

Late registration and retention pass the closed-year triggers only through
``years.closed_years_writable``, inside their own transaction.
"""
