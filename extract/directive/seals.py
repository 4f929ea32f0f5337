"""Seals of a scanned directive as facts: on which page, and whether each lies over the signer block.

The loader finds red stamps of seal size on colour scans (extract/load/inks.py); here each is set
against the located signer block (the position and name lines): Decree 30 stamps the seal over the
signature, covering about a third of it on the left (Điều 33.1.b), so a seal over the block's lines
or the space between them lies over the signer block.
"""
from __future__ import annotations

from extract.model import Directive, Document, Seal

SIGNER_PARTS = ("authority", "position", "signer_name")


def signer_box(document: Document, d: Directive) -> tuple[int, tuple[float, float, float, float]] | None:
    """(page, box around the located signer lines) or None."""
    lines = {(ln.page, ln.number): ln for p in document.pages for ln in p.lines}
    boxes = []
    for key in SIGNER_PARTS:
        span = d.parts.get(key)
        ln = lines.get((span.page, span.line)) if span else None
        if ln is not None and ln.bbox:
            boxes.append((ln.page, ln.bbox))
    if not boxes:
        return None
    page = boxes[-1][0]
    on = [b for p, b in boxes if p == page]
    return page, (min(b[0] for b in on), min(b[1] for b in on), max(b[2] for b in on), max(b[3] for b in on))


def seals_of(document: Document, d: Directive) -> list[Seal]:
    """The document's seals with over_signer set (None when the signer block was not located)."""
    seals = [s for p in document.pages for s in p.seals]
    where = signer_box(document, d) if seals else None
    for s in seals:
        if where is None:
            continue                     # not located here: keep what was known (a JSON's fact)
        page, (x0, top, x1, bottom) = where
        sx0, stop, sx1, sbottom = s.bbox
        s.over_signer = s.page == page and sx0 < x1 and sx1 > x0 and stop < bottom and sbottom > top
    return seals
