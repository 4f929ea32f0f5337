"""Plain text and Markdown-ish text (as the corpus files are written)."""
from __future__ import annotations

from pathlib import Path

from extract.load.errors import LoadError
from extract.model import Line, Page
from extract.normalize import clean_text

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


def load_text(path: Path) -> list[Page]:
    text = clean_text(decode(path.read_bytes()), markup=True)
    pages = []
    for pno, chunk in enumerate(text.split("\f"), start=1):
        lines = [Line(text=t, page=pno, number=i) for i, t in enumerate(chunk.split("\n"), start=1)]
        pages.append(Page(number=pno, method="plain", lines=lines))
    return pages
