"""The real gold documents in the forms an office receives them, for bench/real_corpus.py: the
text PDF and the DOCX of the Decree 30 layout that tests/kit/real_render.py makes of a portal
export (its header and closing as the gold annotation reads them off the page, when the document
has one). Each maker takes the portal text and the corpus file name and returns the file's bytes."""
from __future__ import annotations

from tests.kit import real_render
from tests.kit.render_docx import layout_docx


def layout(text: str, source: str = "") -> "real_render.Layout":
    return real_render.from_portal(text, source, real_render.gold_for(source) if source else None)


def real_pdf(text: str, source: str = "") -> bytes:
    """A born-digital PDF: two-column header and closing, page numbers from page 2."""
    return real_render.text_pdf(layout(text, source))


def real_docx(text: str, source: str = "") -> bytes:
    """A DOCX as drafted in Word: borderless header and closing tables, automatic numbering."""
    return layout_docx(layout(text, source))
