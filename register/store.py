"""The register: directives accumulated into the items the Office follows up, in SQLite (a file,
`tthc.db` by default) or PostgreSQL (a shared office database), through SQLAlchemy Core.

- `Register.open(url)`: creates the database on first use and migrates it (register/schema.py);
- `add(entry)`: one transaction per document, idempotent on issuer + number + date: the same
  file again changes nothing; another version (a corrected one, the same directive in another
  form) replaces the earlier one, keeps the status and history of the items both versions have,
  and says what changed;
- `items(query)`: the clerk's questions (assignee on canonical names, due window, overdue at a
  day, status, directive);
- `set_status(id, done|open, note)`: progress, each change in the history.

Times are stored as naive Vietnam local time (UTC+7), as every other part of tthc writes them.
"""
from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, delete, event, func, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from register.entry import DocumentEntry, body_key, number_key
from register.schema import (LATEST, SchemaError, current_version, documents, history, items, migrate, references,
                             task_bodies, tasks)

VN = timezone(timedelta(hours=7))
STATUSES = ("open", "done", "overdue", "all")


class RegisterError(Exception):
    """The register cannot be opened or used (bad URL, unreachable server, newer schema); the
    message is Vietnamese / English."""


def now() -> datetime:
    return datetime.now(VN).replace(tzinfo=None, microsecond=0)


def database_url(value: str) -> str:
    """A path is an SQLite file; a URL is used as given (postgresql://… uses psycopg 3)."""
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    if value.startswith("postgresql://") or value.startswith("postgres://"):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def redacted(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        from sqlalchemy.engine import make_url
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@dataclass
class AddOutcome:
    """What `add` did with one document."""
    action: str                     # added | replaced | unchanged
    document_id: int
    revision: int
    items: int
    kept: int = 0                   # replaced: items of the earlier version kept (status, history)
    removed: int = 0                # replaced: items the new version no longer has
    new: int = 0                    # replaced: items only the new version has
    keyed_by_content: bool = False


@dataclass(frozen=True)
class TaskQuery:
    """The filters of `tthc tasks`. `status`: open | done | overdue (open and due before
    `as_of`) | all. `due_from`/`due_to`: inclusive window on the due date."""
    assignee: str | None = None
    due_from: date | None = None
    due_to: date | None = None
    status: str = "all"
    as_of: date | None = None
    directive: str | None = None
    item_ids: tuple[int, ...] = ()


@dataclass
class Register:
    engine: Engine
    url: str
    applied: list[int] = field(default_factory=list)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, url_or_path: str, *, create: bool = True) -> "Register":
        url = database_url(url_or_path)
        try:
            if url.startswith("sqlite:///"):
                path = Path(url[len("sqlite:///"):])
                if not create and not path.exists():
                    raise RegisterError(f"chưa có sổ theo dõi / no register at {path} (tthc register add FILE...)")
                if path.parent and not path.parent.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(url)          # one pooled connection: WAL stays open between documents
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(url, pool_pre_ping=True)
            with engine.begin() as conn:
                applied = migrate(conn, now())
        except SchemaError as exc:
            raise RegisterError(str(exc)) from None
        except (ArgumentError, ImportError) as exc:
            raise RegisterError(f"địa chỉ cơ sở dữ liệu không dùng được / unusable database URL "
                                f"{redacted(url)}: {exc}") from None
        except (OperationalError, SQLAlchemyError, OSError) as exc:
            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise RegisterError(f"không mở được sổ theo dõi / cannot open the register {redacted(url)}: {detail}") from None
        return cls(engine=engine, url=url, applied=applied)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Register":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return current_version(conn)

    # ------------------------------------------------------------------ adding

    def stored_files(self) -> dict[str, tuple[date | None, str | None, date | None]]:
        """SHA-256 of every stored file -> (receipt date, number, date of issue)."""
        with self.engine.connect() as conn:
            return {r.content_sha256: (r.received, r.number, r.date) for r in conn.execute(
                select(documents.c.content_sha256, documents.c.received, documents.c.number, documents.c.date))}

    def received_of(self, key: str) -> date | None:
        """The receipt date stored with a document (None when unknown or not in the register)."""
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.received).where(documents.c.doc_key == key)).scalar()

    def add(self, entry: DocumentEntry, actor: str | None = None) -> AddOutcome:
        """Store one document in its own transaction (see the module's docstring)."""
        actor = actor or _actor()
        at = now()
        with self.engine.begin() as conn:
            old = conn.execute(select(documents.c.id, documents.c.content_sha256, documents.c.received,
                                      documents.c.revision).where(documents.c.doc_key == entry.key)).first()
            if old is not None and old.content_sha256 == entry.content_sha256 and old.received == entry.received:
                count = conn.execute(select(func.count()).select_from(items)
                                     .where(items.c.document_id == old.id)).scalar()
                return AddOutcome("unchanged", old.id, old.revision, count, keyed_by_content=entry.keyed_by_content)
            values = _document_values(entry, at)
            if old is None:
                doc_id = conn.execute(documents.insert().values(**values, revision=1, added_at=at)
                                      .returning(documents.c.id)).scalar_one()
                revision = 1
            else:
                doc_id, revision = old.id, old.revision + 1
                conn.execute(update(documents).where(documents.c.id == doc_id).values(**values, revision=revision))
                conn.execute(delete(references).where(references.c.document_id == doc_id))
            old_tasks = [r.id for r in conn.execute(select(tasks.c.id).where(tasks.c.document_id == doc_id))]
            kept, new, removed = self._write_tasks(conn, doc_id, entry, at, old is not None)
            if old_tasks:
                conn.execute(delete(tasks).where(tasks.c.id.in_(old_tasks)))
            if entry.references:
                conn.execute(references.insert(), [{**r, "document_id": doc_id} for r in entry.references])
            total = sum(len(t.items) for t in entry.tasks)
            action = "added" if old is None else "replaced"
            note = (f"{total} việc / items" if old is None else
                    f"phiên bản {revision}: giữ {len(kept)}, mới {new}, bỏ {removed} / "
                    f"revision {revision}: kept {len(kept)}, new {new}, removed {removed}")
            conn.execute(history.insert().values(document_id=doc_id, item_id=None, at=at, action=action,
                                                 note=f"{entry.source}: {note}", actor=actor))
            return AddOutcome(action, doc_id, revision, total, kept=len(kept), removed=removed, new=new,
                              keyed_by_content=entry.keyed_by_content)

    def _write_tasks(self, conn, doc_id: int, entry: DocumentEntry, at: datetime, replacing: bool):
        """Insert the entry's tasks and bodies; upsert its items by key, delete the items the entry no
        longer has. Returns (keys kept, items new, items removed)."""
        task_ids = []
        if entry.tasks:
            rows = [{"document_id": doc_id, "position": t.position, "section": t.section, "text": t.text,
                     "page": t.page, "line": t.line} for t in entry.tasks]
            task_ids = list(conn.execute(tasks.insert().returning(tasks.c.id, sort_by_parameter_order=True),
                                         rows).scalars())
        bodies = [{"task_id": tid, "role": role, "name": name, "name_key": body_key(name)}
                  for tid, t in zip(task_ids, entry.tasks)
                  for role, names in (("assignee", t.assignees), ("coordinator", t.coordinators)) for name in names]
        if bodies:
            conn.execute(task_bodies.insert(), bodies)
        existing = {}
        if replacing:
            existing = {r.item_key: r.id for r in conn.execute(
                select(items.c.item_key, items.c.id).where(items.c.document_id == doc_id))}
        inserts, kept = [], []
        for tid, t in zip(task_ids, entry.tasks):
            for it in t.items:
                values = _item_values(it, tid)
                if it.key in existing:
                    conn.execute(update(items).where(items.c.id == existing[it.key]).values(**values))
                    kept.append(it.key)
                else:
                    inserts.append({**values, "document_id": doc_id, "item_key": it.key, "status": "open",
                                    "status_at": at})
        gone = [item_id for key, item_id in existing.items() if key not in set(kept)]
        for i in range(0, len(gone), 500):
            conn.execute(delete(items).where(items.c.id.in_(gone[i:i + 500])))
        if inserts:
            conn.execute(items.insert(), inserts)
        return kept, len(inserts), len(gone)

    # ------------------------------------------------------------------ questions

    def items(self, query: TaskQuery = TaskQuery()) -> list[dict]:
        """Items with their task, assignee and directive, by due date (undated last)."""
        stmt = (select(items.c.id, items.c.item_key, documents.c.doc_key, items.c.status, items.c.status_at, items.c.note, items.c.assignee,
                       items.c.due_date, items.c.deadline_text, items.c.deadline_kind, items.c.anchor,
                       items.c.anchor_date, items.c.anchor_assumed, items.c.anchor_text, items.c.occurrence,
                       items.c.recurrence, items.c.basis, tasks.c.section, tasks.c.text.label("task"),
                       tasks.c.page, tasks.c.line, tasks.c.id.label("task_id"),
                       documents.c.id.label("document_id"), documents.c.number, documents.c.date.label("issued"),
                       documents.c.doc_type, documents.c.issuer_normalized, documents.c.issuer, documents.c.subject,
                       documents.c.source, documents.c.received)
                .select_from(items.join(tasks, items.c.task_id == tasks.c.id)
                             .join(documents, items.c.document_id == documents.c.id)))
        stmt = stmt.where(*self._conditions(query))
        stmt = stmt.order_by(items.c.due_date.is_(None), items.c.due_date, items.c.assignee_key,
                             documents.c.date, documents.c.id, tasks.c.position, items.c.id)
        with self.engine.connect() as conn:
            rows = _dicts(conn.execute(stmt))
            coordinators = self._coordinators(conn, {r["task_id"] for r in rows})
        as_of = query.as_of or date.today()
        for r in rows:
            r["overdue"] = r["status"] == "open" and r["due_date"] is not None and r["due_date"] < as_of
            r["days_left"] = (r["due_date"] - as_of).days if r["due_date"] else None
            r["coordinators"] = coordinators.get(r["task_id"], [])
        return rows

    def _conditions(self, q: TaskQuery) -> list:
        out = []
        if q.item_ids:
            out.append(items.c.id.in_(q.item_ids))
        if q.assignee:
            key = body_key(q.assignee)
            like = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            out.append(or_(items.c.assignee_key == key, items.c.assignee_key.like(like, escape="\\")))
        if q.due_from is not None:
            out.append(items.c.due_date >= q.due_from)
        if q.due_to is not None:
            out.append(items.c.due_date <= q.due_to)
        if q.status == "open":
            out.append(items.c.status == "open")
        elif q.status == "done":
            out.append(items.c.status == "done")
        elif q.status == "overdue":
            out += [items.c.status == "open", items.c.due_date < (q.as_of or date.today())]
        if q.directive:
            number = "".join(q.directive.split())
            if number.isdigit() and not q.directive.strip().startswith("0"):
                out.append(or_(documents.c.id == int(number), documents.c.number.like(number + "/%")))
            else:
                out.append(documents.c.id.in_(self._documents_numbered(number)))
        return out

    def _documents_numbered(self, number: str) -> list[int]:
        """Ids of the documents whose number and symbol read as `number`: compared folded (case,
        spaces, look-alike letters, and Đ as D, so that "2623/QĐ-TTg", "2623/qđ-ttg" and "2623/QD-TTg"
        are one number). Folded in Python: SQL lower() folds ASCII only ("QĐ" would stay "qĐ")."""
        want = number_key(number)
        with self.engine.connect() as conn:
            return [row.id for row in conn.execute(select(documents.c.id, documents.c.number))
                    if row.number and number_key(row.number) == want]

    def _coordinators(self, conn, task_ids: set[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        ids = sorted(task_ids)
        for i in range(0, len(ids), 500):
            for r in conn.execute(select(task_bodies.c.task_id, task_bodies.c.name)
                                  .where(task_bodies.c.role == "coordinator", task_bodies.c.task_id.in_(ids[i:i + 500]))
                                  .order_by(task_bodies.c.id)):
                out.setdefault(r.task_id, []).append(r.name)
        return out

    def documents(self) -> list[dict]:
        stmt = (select(documents, func.count(items.c.id).label("items"))
                .select_from(documents.outerjoin(items, items.c.document_id == documents.c.id))
                .group_by(documents.c.id).order_by(documents.c.date, documents.c.id))
        with self.engine.connect() as conn:
            return _dicts(conn.execute(stmt))

    def history(self, item_id: int | None = None, document_id: int | None = None) -> list[dict]:
        stmt = select(history).order_by(history.c.at, history.c.id)
        if item_id is not None:
            stmt = stmt.where(history.c.item_id == item_id)
        if document_id is not None:
            stmt = stmt.where(history.c.document_id == document_id)
        with self.engine.connect() as conn:
            return _dicts(conn.execute(stmt))

    # ------------------------------------------------------------------ progress

    def set_status(self, item_id: int, status: str, note: str | None = None, actor: str | None = None) -> tuple[bool, dict]:
        """Mark an item done or open again; (changed, item). A change already made changes nothing."""
        if status not in ("open", "done"):
            raise RegisterError(f"trạng thái không hợp lệ / invalid status {status!r}")
        with self.engine.begin() as conn:
            row = conn.execute(select(items.c.id, items.c.status, items.c.document_id)
                               .where(items.c.id == item_id)).first()
            if row is None:
                raise RegisterError(f"không có việc số {item_id} / no item {item_id} (tthc tasks)")
            changed = row.status != status
            if changed or note:
                at = now()
                values = {"status": status, "status_at": at} if changed else {}
                if note is not None:
                    values["note"] = note
                conn.execute(update(items).where(items.c.id == item_id).values(**values))
                action = ("done" if status == "done" else "reopened") if changed else "note"
                conn.execute(history.insert().values(document_id=row.document_id, item_id=item_id, at=at,
                                                     action=action, note=note, actor=actor or _actor()))
        return changed, self.items(TaskQuery(item_ids=(item_id,)))[0]


def _dicts(result) -> list[dict]:
    """Rows as dicts, the column names read once (a Row's mapping builds them per row)."""
    keys = list(result.keys())
    return [dict(zip(keys, row)) for row in result]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")        # readers never wait for a clerk's long add
    # WAL + NORMAL (SQLite's advice for WAL): every transaction atomic and consistent, a power cut
    # may lose the last ones committed but never corrupts the file; one fsync per checkpoint, not
    # per document.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _actor() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def _document_values(e: DocumentEntry, at: datetime) -> dict:
    return {"doc_key": e.key, "doc_type": e.doc_type, "issuer": e.issuer, "issuer_normalized": e.issuer_normalized,
            "number": e.number, "symbol": e.symbol, "date": e.date, "place": e.place, "subject": e.subject,
            "signer": e.signer, "source": e.source, "content_sha256": e.content_sha256,
            "extraction_method": e.extraction_method, "pages": e.pages, "received": e.received,
            "errors": e.errors, "warnings": e.warnings, "updated_at": at}


def _item_values(it, task_id: int) -> dict:
    due = it.due
    return {"task_id": task_id, "assignee": it.assignee, "assignee_key": it.assignee_key,
            "deadline_text": it.deadline_text, "deadline_kind": it.deadline_kind,
            "due_date": due.date if due else None, "anchor": due.anchor if due else None,
            "anchor_date": due.anchor_date if due else None, "anchor_assumed": bool(due and due.anchor_assumed),
            "anchor_text": due.anchor_text if due else None, "occurrence": due.occurrence if due else None,
            "recurrence": due.recurrence if due else None, "basis": due.basis if due else None}


__all__ = ["AddOutcome", "LATEST", "Register", "RegisterError", "STATUSES", "TaskQuery", "database_url", "redacted"]
