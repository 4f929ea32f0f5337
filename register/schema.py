"""The register's tables (SQLAlchemy Core) and their versioned migrations.

Why a schema-version table rather than Alembic: the register is opened by a command-line tool
installed with pip, on a clerk's SQLite file or an office's PostgreSQL, and must bring any older
database up to date by itself when it opens it — no alembic.ini, no env.py, no migration
scripts outside the package, no second command to remember. The schema is small; each
migration is one Python function over SQLAlchemy Core, applied in the same transaction as the
row that records it (both databases have transactional DDL), so a migration interrupted
half-way leaves the database at the previous version. A database written by a newer tthc is
refused with a message instead of being used with a schema the code does not know.

`schema_version` holds one row per applied migration: version, description, applied_at.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from sqlalchemy import (Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table,
                        Text, UniqueConstraint, inspect, select, text)
from sqlalchemy.engine import Connection

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", DateTime, nullable=False),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    # issuer + number + date, folded: what makes a document the same document (or the key of
    # its content when one of them is missing, see register.store.document_key)
    Column("doc_key", String(600), nullable=False, unique=True),
    Column("doc_type", Text), Column("issuer", Text), Column("issuer_normalized", Text),
    Column("number", Text), Column("symbol", Text), Column("date", Date), Column("place", Text),
    Column("subject", Text), Column("signer", Text),
    Column("source", Text, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("extraction_method", String(20)), Column("pages", Integer),
    Column("received", Date),
    Column("errors", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("revision", Integer, nullable=False, default=1),
    Column("added_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

tasks = Table(
    "tasks", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("section", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("page", Integer), Column("line", Integer),
    Index("ix_tasks_document", "document_id"),
)

# Who carries a task out (assignee) and who helps (coordinator), one row per body.
task_bodies = Table(
    "task_bodies", metadata,
    Column("id", Integer, primary_key=True),
    Column("task_id", Integer, ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False),
    Column("role", String(12), nullable=False),            # assignee | coordinator
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False),
    Index("ix_task_bodies_task", "task_id"),
)

references = Table(
    "references_cited", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("number", Text, nullable=False), Column("type", Text), Column("date", Date), Column("issuer", Text),
    Index("ix_references_document", "document_id"),
)

# What the Office follows up: one task, for one assignee, by one due date (a recurring deadline
# gives one item per occurrence; a task without a deadline one item without a date).
items = Table(
    "items", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("task_id", Integer, ForeignKey("tasks.id"), nullable=False),
    Column("item_key", String(600), nullable=False),
    Column("assignee", Text), Column("assignee_key", Text),
    Column("deadline_text", Text), Column("deadline_kind", String(20)),
    Column("due_date", Date),
    Column("anchor", String(12)), Column("anchor_date", Date), Column("anchor_assumed", Boolean, default=False),
    Column("anchor_text", Text),
    Column("occurrence", Integer), Column("recurrence", String(12)),
    Column("basis", Text),
    Column("status", String(8), nullable=False, default="open"),   # open | done
    Column("status_at", DateTime, nullable=False),
    Column("note", Text),
    UniqueConstraint("document_id", "item_key", name="uq_items_document_key"),
    Index("ix_items_due", "due_date"),
    Index("ix_items_assignee", "assignee_key"),
    Index("ix_items_status", "status"),
)

# Every change: a document added or replaced (item_id NULL), an item done or reopened.
history = Table(
    "history", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("item_id", Integer, ForeignKey("items.id", ondelete="CASCADE")),
    Column("at", DateTime, nullable=False),
    Column("action", String(12), nullable=False),       # added | replaced | done | reopened
    Column("note", Text),
    Column("actor", Text),
    Index("ix_history_item", "item_id"),
)


# --------------------------------------------------------------------------- migrations

def _v1(conn: Connection) -> None:
    """The first schema: documents, tasks and their bodies, references, items, history."""
    metadata.create_all(conn, tables=[documents, tasks, task_bodies, references, items, history])


def _v2(conn: Connection) -> None:
    """Body keys with agency abbreviations written out ("UBND cấp xã" = "Ủy ban nhân dân cấp xã"):
    the keys of the bodies and items already stored are recomputed, and so is the assignee part of
    each item's key, so that a corrected version of a document still finds the items it replaces."""
    from register.entry import body_key
    for row in conn.execute(select(task_bodies.c.id, task_bodies.c.name)).all():
        conn.execute(task_bodies.update().where(task_bodies.c.id == row.id).values(name_key=body_key(row.name)))
    for row in conn.execute(select(items.c.id, items.c.assignee, items.c.item_key)).all():
        key = body_key(row.assignee) if row.assignee else None
        parts = row.item_key.split("|")
        if len(parts) == 3:                         # "<section>#<n>|<assignee key or ->|<deadline>.<occurrence>"
            parts[1] = key or "-"
        conn.execute(items.update().where(items.c.id == row.id).values(assignee_key=key, item_key="|".join(parts)))


Migration = tuple[int, str, Callable[[Connection], None]]
MIGRATIONS: list[Migration] = [
    (1, "documents, tasks, bodies, references, items, history", _v1),
    (2, "body keys with agency abbreviations written out", _v2),
]
LATEST = MIGRATIONS[-1][0]


class SchemaError(Exception):
    """The database cannot be used by this version (written by a newer tthc)."""


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc())).scalar() or 0


def migrate(conn: Connection, now: datetime) -> list[int]:
    """Bring the database to LATEST inside the caller's transaction; return the versions applied."""
    schema_version.create(conn, checkfirst=True)
    if conn.dialect.name == "postgresql":          # two clerks opening a new database at once
        conn.execute(text("LOCK TABLE schema_version IN EXCLUSIVE MODE"))
    have = current_version(conn)
    if have > LATEST:
        raise SchemaError(f"cơ sở dữ liệu ở phiên bản {have}, mới hơn bản tthc này hiểu ({LATEST}); hãy cập nhật tthc / "
                          f"the database is at schema version {have}, newer than this tthc knows ({LATEST}); upgrade tthc")
    applied = []
    for version, description, step in MIGRATIONS:
        if version > have:
            step(conn)
            conn.execute(schema_version.insert().values(version=version, description=description, applied_at=now))
            applied.append(version)
    return applied
