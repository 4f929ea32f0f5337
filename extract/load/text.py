"""Plain text, Markdown-ish text, and text copied from legal portals (extract/load/portal.py).

At most `limits.text_bytes` bytes are read (a longer file is cut at a character boundary,
and says so), so a 200 MB text file costs what its first megabytes cost.
"""
from __future__ import annotations

from pathlib import Path

from extract.load.errors import LoadError
from extract.load.limits import DEFAULT_LIMITS, Limits, exceeded
from extract.model import Line, Page
from extract.load.portal import is_portal_text, read_portal
from extract.normalize import clean_line, clean_text

ENCODINGS = ("utf-8-sig", "utf-16", "cp1258")


def decode(data: bytes, cut: bool = False) -> str:
    """Text of `data`; with `cut`, the bytes end mid-file and an incomplete last character
    (up to 3 bytes of UTF-8, 1 of UTF-16) is dropped."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data[:len(data) - len(data) % 2].decode("utf-16", "replace" if cut else "strict")
    for enc in ("utf-8-sig", "cp1258"):
        for trim in range(4 if cut and enc == "utf-8-sig" else 1):
            try:
                return data[:len(data) - trim].decode(enc)
            except UnicodeDecodeError:
                continue
    raise LoadError("INPUT.UNREADABLE", "không giải mã được văn bản (không phải UTF-8/UTF-16/CP1258)",
                    "text is not UTF-8, UTF-16 or CP1258")


def load_text(path: Path, limits: Limits = DEFAULT_LIMITS, findings: list | None = None,
              metadata: dict | None = None) -> list[Page]:
    """Pages of a text file. Portal text (flattened tables, chrome, wrapped paragraphs) is read as the
    page shows it; its metadata table goes into `metadata` (corroboration, never document text) and
    each line keeps the number of the source line it starts on."""
    with path.open("rb") as fh:
        data = fh.read(limits.text_bytes + 1)
    cut = len(data) > limits.text_bytes
    if cut:
        data = data[:limits.text_bytes]
        if findings is not None:
            size = path.stat().st_size
            findings.append(exceeded("text_bytes", limits.text_bytes, size, evidence=str(path),
                                     done=f"chỉ đọc {limits.text_bytes:,} byte đầu".replace(",", "\u202f"),
                                     done_en=f"only the first {limits.text_bytes:,} bytes were read".replace(",", "\u202f")))
    raw = decode(data, cut)
    if is_portal_text(raw):
        portal = read_portal(raw)
        if metadata is not None:
            metadata.update(portal.metadata)
        lines = [Line(text=clean_line(t), page=1, number=n, beside_empty=portal.beside_empty.get(k))
                 for k, (t, n) in enumerate(portal.lines)]
        return [Page(number=1, method="plain", lines=lines)]
    text = clean_text(raw, markup=True)
    pages = []
    for pno, chunk in enumerate(text.split("\f"), start=1):
        lines = [Line(text=t, page=pno, number=i) for i, t in enumerate(chunk.split("\n"), start=1)]
        pages.append(Page(number=pno, method="plain", lines=lines))
    return pages
