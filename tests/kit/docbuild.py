"""Build a loaded Document in code, page by page, as a loader would give it."""
from extract.model import Document, Line, Page
from extract.normalize import clean_text


def document(*pages: str, method: str = "plain", confidence: float | None = None,
             boxes: list[list[tuple]] | None = None) -> Document:
    """One Page per string (lines split at newlines, text normalized like the loaders do);
    `boxes` gives each line's bbox (x0, top, x1, bottom) on an A4 page in points."""
    out = []
    for pno, chunk in enumerate(pages, start=1):
        lines = clean_text(chunk).split("\n")
        page = Page(number=pno, method=method, ocr_confidence=confidence,
                    width=595.0 if boxes else None, height=842.0 if boxes else None)
        for i, t in enumerate(lines, start=1):
            bbox = boxes[pno - 1][i - 1] if boxes else None
            page.lines.append(Line(text=t, page=pno, number=i, bbox=bbox, confidence=confidence))
        out.append(page)
    return Document(source="<test>", pages=out, kind="text")
