"""OCR once: loaded Documents kept on disk, keyed by the file's content and the loader's options,
and Documents rebuilt from the JSON that `tthc ingest` wrote.

A scan takes seconds a page to read; `tthc check` after `tthc ingest` (or a second run over the same
folder) reads it from here instead. The key is the SHA-256 of the file, the loader options that
change what is read (not the worker count), the file's name (findings name it), and a fingerprint of the loader's own code, so a
changed OCR path never serves an old reading. Entries are JSON (never pickle): a cache folder
shared with others cannot run code. Location: LoadOptions.cache_dir, else $TTHC_CACHE_DIR, else
$XDG_CACHE_HOME/tthc-check/documents (~/.cache/...). Only documents that needed OCR are kept (a
text layer reads faster than a cache entry); a cache that cannot be written is silently skipped.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from pathlib import Path

from extract.model import Document, Finding, Line, Page, Seal, Table
from schemas import built_from_data

VOLATILE_OPTIONS = ("ocr_workers", "cache", "cache_dir", "ocr_timeout")


def folder(options) -> Path:
    configured = getattr(options, "cache_dir", None) or os.environ.get("TTHC_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tthc-check" / "documents"


# The data the loaders read besides their code: the lexicons (letters.json, layout.json, …) and the
# OCR vocabulary and corrections. A change to any of them must make new keys, as a code change does.
FINGERPRINTED_DATA = ("lexicons", "ocr")


@built_from_data
def code_fingerprint() -> str:
    """Hash of the loader's source files and of the data they read: any change makes new keys."""
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for p in sorted(here.glob("*.py")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    from schemas import path as data_path
    for folder in FINGERPRINTED_DATA:
        root = Path(str(data_path(folder)))
        for p in sorted(root.rglob("*.json")) if root.is_dir() else []:
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def key(paths: list[Path], options) -> str:
    h = hashlib.sha256(code_fingerprint().encode())
    for p in paths:
        h.update(p.name.encode())        # findings name the file (an extension that lies)
        with p.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        h.update(b"\0")
    settings = {k: v for k, v in dataclasses.asdict(options).items() if k not in VOLATILE_OPTIONS}
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return h.hexdigest()


def get(paths: list[Path], options) -> Document | None:
    try:
        entry = folder(options) / f"{key(paths, options)}.json"
        if not entry.is_file():
            return None
        return from_dict(json.loads(entry.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def put(paths: list[Path], options, doc: Document) -> None:
    try:
        where = folder(options)
        where.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(to_dict(doc), fh, ensure_ascii=False)
        os.replace(tmp, where / f"{key(paths, options)}.json")
    except OSError:
        return


# --------------------------------------------------------------------------- Document <-> JSON

def to_dict(doc: Document) -> dict:
    return {"source": doc.source, "kind": doc.kind, "seconds": doc.seconds,
            "findings": [f.to_dict() for f in doc.findings],
            "pages": [{**{k: v for k, v in dataclasses.asdict(p).items() if k not in ("lines", "tables", "seals")},
                       "lines": [[ln.text, ln.number, ln.bbox, ln.confidence, ln.beside_empty] for ln in p.lines],
                       "tables": [[t.rows, t.bbox] for t in p.tables],
                       "seals": [[list(s.bbox)] for s in p.seals]} for p in doc.pages]}


def from_dict(data: dict) -> Document:
    doc = Document(source=data["source"], kind=data.get("kind"), seconds=float(data.get("seconds") or 0))
    doc.findings = [Finding(**f) for f in data.get("findings", [])]
    fields = {f.name for f in dataclasses.fields(Page)} - {"lines", "tables", "seals"}
    for raw in data["pages"]:
        page = Page(**{k: v for k, v in raw.items() if k in fields})
        page.lines = [Line(text=t, page=page.number, number=n, bbox=tuple(b) if b else None, confidence=c,
                           beside_empty=rest[0] if rest else None)
                      for t, n, b, c, *rest in raw.get("lines", [])]
        page.tables = [Table(page=page.number, rows=rows, bbox=tuple(b) if b else None)
                       for rows, b in raw.get("tables", [])]
        page.seals = [Seal(page=page.number, bbox=tuple(b)) for (b,) in raw.get("seals", [])]
        doc.pages.append(page)
    return doc


def is_ingest_result(data) -> bool:
    return isinstance(data, dict) and data.get("kind") == "directive" and isinstance(data.get("text"), str) \
        and isinstance(data.get("extraction"), dict)


def from_ingest(data: dict, source: str) -> Document:
    """A Document from the JSON of `tthc ingest` (its text, page by page; line positions are
    not in that JSON, the seals and scan facts are)."""
    extraction = data.get("extraction") or {}
    method = extraction.get("method") or "plain"
    doc = Document(source=data.get("source") or source, kind="json")
    seals = extraction.get("seals") or []
    for number, text in enumerate(data["text"].split("\f"), start=1):
        page = Page(number=number, method=method if method != "mixed" else "text",
                    lines=[Line(text=t, page=number, number=k) for k, t in enumerate(text.split("\n"), start=1)],
                    colour=extraction.get("scan_colour"),
                    ocr_confidence=extraction.get("ocr_confidence") if method == "ocr" else None)
        page.seals = [Seal(page=number, bbox=tuple(s.get("bbox") or (0, 0, 0, 0)), over_signer=s.get("over_signer"))
                      for s in seals if s.get("page") == number]
        doc.pages.append(page)
    return doc
