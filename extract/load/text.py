"""Plain text, Markdown-ish text, and text copied from legal portals (extract/load/portal.py)."""
from __future__ import annotations

from pathlib import Path

from extract.load.errors import LoadError
from extract.model import Line, Page
from extract.load.portal import is_portal_text, read_portal
from extract.normalize import clean_line, clean_text

ENCODINGS = ("utf-8-sig", "utf-16", "cp1258")


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for enc in ("utf-8-sig", "cp1258"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise LoadError("INPUT.UNREADABLE", "không giải mã được văn bản (không phải UTF-8/UTF-16/CP1258)",
                    "text is not UTF-8, UTF-16 or CP1258")


def load_text(path: Path, metadata: dict | None = None) -> list[Page]:
    """Pages of a text file. Portal text (flattened tables, chrome, wrapped paragraphs) is read as the
    page shows it; its metadata table goes into `metadata` (corroboration, never document text) and
    each line keeps the number of the source line it starts on."""
    raw = decode(path.read_bytes())
    if is_portal_text(raw):
        portal = read_portal(raw)
        if metadata is not None:
            metadata.update(portal.metadata)
        lines = [Line(text=clean_line(t), page=1, number=n) for t, n in portal.lines]
        return [Page(number=1, method="plain", lines=lines)]
    text = clean_text(raw, markup=True)
    pages = []
    for pno, chunk in enumerate(text.split("\f"), start=1):
        lines = [Line(text=t, page=pno, number=i) for i, t in enumerate(chunk.split("\n"), start=1)]
        pages.append(Page(number=pno, method="plain", lines=lines))
    return pages
