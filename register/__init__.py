"""The Office's task register: directives accumulated into tracked items (a task, for one
assignee, by one due date), in SQLite by default or PostgreSQL, with migrations.

    from register import Register, TaskQuery, entry_from
    with Register.open("tthc.db") as reg:
        reg.add(entry_from(result, calendar))
        reg.items(TaskQuery(assignee="Sở TT&TT", status="overdue", as_of=date(2025, 12, 31)))
"""
from register.entry import DocumentEntry, body_key, body_name, entry_from  # noqa: F401
from register.store import (AddOutcome, Register, RegisterError, STATUSES, TaskQuery,  # noqa: F401
                            database_url, redacted)
