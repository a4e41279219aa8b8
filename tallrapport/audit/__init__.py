"""The audit trail: who did what to which record, when, and what changed.

Other apps write to it through :func:`tallrapport.audit.services.audit_record`
only. Entries are append-only: the admin shows them read-only and database
triggers (migration 0002) refuse every UPDATE and DELETE of the table.
"""
