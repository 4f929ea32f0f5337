"""What the register stores of one ingested directive: its header, its tasks with their
assignees and coordinating bodies, and the items the Office follows up — one task, for one
assignee, by one due date (resolved on the working-day calendar by extract/directive/resolve.py).

Built from the runner's typed DirectiveResult; nothing here judges or writes.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from pathlib import Path

from extract.directive import agencies
from extract.directive.resolve import Due, resolve
from extract.normalize import expand_org_abbreviations, fold, number_key  # noqa: F401 - register.store imports it from here


@dataclass
class ItemEntry:
    key: str                                  # stable within the document (section, assignee, due)
    assignee: str | None
    assignee_key: str | None
    deadline_text: str | None = None
    deadline_kind: str | None = None
    due: Due | None = None


@dataclass
class TaskEntry:
    position: int
    section: str
    text: str
    page: int | None
    line: int | None
    assignees: list[str]
    coordinators: list[str]
    items: list[ItemEntry] = field(default_factory=list)


@dataclass
class DocumentEntry:
    key: str
    keyed_by_content: bool                    # no issuer, number or date: keyed by the file's content
    source: str
    content_sha256: str
    doc_type: str | None = None
    issuer: str | None = None
    issuer_normalized: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: date | None = None
    place: str | None = None
    subject: str | None = None
    signer: str | None = None
    extraction_method: str | None = None
    pages: int | None = None
    received: date | None = None
    errors: int = 0
    warnings: int = 0
    tasks: list[TaskEntry] = field(default_factory=list)
    references: list[dict] = field(default_factory=list)


@lru_cache(maxsize=4096)
def body_name(name: str) -> str:
    """The name a body is registered under: the gazetteer's canonical name ('Sở TT&TT' ->
    'Sở Thông tin và Truyền thông'), else the name as the document writes it."""
    return agencies.canonical_name(name) or " ".join(name.split())


@lru_cache(maxsize=4096)
def body_key(name: str) -> str:
    """What names are compared by: the canonical name, folded, agency abbreviations written out
    ("UBND cấp xã" and "Ủy ban nhân dân cấp xã" are one body)."""
    return " ".join(expand_org_abbreviations(fold(body_name(name))).split())


def content_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def document_key(issuer: str | None, number: str | None, issued: date | None, sha256: str) -> tuple[str, bool]:
    """issuer + number + date, folded; the content's hash when one of them is missing."""
    if issuer and number and issued:
        return f"{' '.join(fold(issuer).split())}|{fold(''.join(number.split()))}|{issued.isoformat()}", False
    return f"sha256:{sha256}", True


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def entry_from(result, calendar, received: date | None = None, sha256: str | None = None) -> DocumentEntry | None:
    """The register entry of one DirectiveResult (None when it holds no directive)."""
    d, doc = result.directive, result.document
    if d is None or not d.is_directive or doc is None:
        return None
    sha = sha256 or content_hash(result.source)
    issued = _iso(d.date)
    key, by_content = document_key(d.issuer_normalized or d.issuer, d.number, issued, sha)
    signer = " / ".join(x for x in (d.signer.authority, d.signer.position, d.signer.name) if x) or None
    findings = result.findings
    entry = DocumentEntry(
        key=key, keyed_by_content=by_content, source=result.source, content_sha256=sha, doc_type=d.doc_type,
        issuer=d.issuer, issuer_normalized=d.issuer_normalized, number=d.number, symbol=d.symbol, date=issued,
        place=d.place, subject=d.subject, signer=signer, extraction_method=doc.method, pages=len(doc.pages),
        received=received, errors=sum(f.severity == "error" for f in findings),
        warnings=sum(f.severity == "warning" for f in findings),
        references=[{"number": r.number, "type": r.type, "date": _iso(r.date), "issuer": r.issuer}
                    for r in d.references])
    dues = resolve(d, doc.text, calendar, received)
    seen: dict[str, int] = {}
    for position, task in enumerate(d.tasks):
        n = seen[task.section] = seen.get(task.section, 0) + 1
        assignees = list(dict.fromkeys(body_name(a) for a in task.assignees if a.strip()))
        coordinators = [body_name(c) for c in task.coordinators if c.strip()]
        coordinators = [c for c in dict.fromkeys(coordinators) if c not in assignees]
        span = task.span
        te = TaskEntry(position=position, section=task.section, text=" ".join(task.text.split()),
                       page=span.page if span else None, line=span.line if span else None,
                       assignees=assignees, coordinators=coordinators)
        resolved: list[tuple[int, object, Due | None]] = []
        for k, index in enumerate(task.deadlines):
            if 0 <= index < len(d.deadlines):
                for due in dues[index]:
                    resolved.append((k, d.deadlines[index], due))
        if not resolved:
            resolved = [(0, None, None)]
        for assignee in assignees or [None]:
            akey = body_key(assignee) if assignee else None
            for k, deadline, due in resolved:
                occurrence = due.occurrence if due and due.occurrence else 0
                te.items.append(ItemEntry(
                    key=f"{task.section}#{n}|{akey or '-'}|{k}.{occurrence}", assignee=assignee, assignee_key=akey,
                    deadline_text=deadline.text if deadline else None, deadline_kind=deadline.kind if deadline else None,
                    due=due))
        entry.tasks.append(te)
    return entry
