"""`load(path) -> Document` for every kind of input a People's Committee office receives.

The content decides the reader (never the extension). Problems become INPUT.* findings
on the returned Document; load() itself never raises for bad input.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from extract.load.errors import LoadError
from extract.sniff import extension_matches, sniff
from extract.model import Document, Finding

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadOptions:
    dpi: int = 300                     # rendering resolution for OCR of PDF pages
    ocr_lang: str = "vie"
    deskew: bool = True                # straighten pages skewed beyond deskew_min_angle degrees
    deskew_min_angle: float = 2.5      # below it tesseract follows the lines and resampling only blurs
    ocr_correct: bool = True           # correct words among tesseract's alternatives (ocr_correct.py)
    max_pixels: int = 100_000_000      # decompression-bomb guard for images
    low_confidence: float = 0.75       # OCR.LOW_CONFIDENCE below this mean word confidence
    force_ocr: bool = False            # OCR every PDF page even when it has a text layer
    ocr_workers: int = 1               # pages OCRed at once (threads; each tesseract is a process)
    ocr_psm: int = 3                   # tesseract page segmentation mode (3 = automatic, measured best)
    ocr_timeout: float = 300.0         # seconds per page before tesseract is stopped


READERS = ("pdf", "png", "jpeg", "tiff", "docx", "text")
UNSUPPORTED_NAMES = {"zip": ("tệp nén ZIP", "a ZIP archive"), "doc": ("Word 97-2003 (.doc)", "Word 97-2003 (.doc)"),
                     "unknown": ("nội dung không nhận dạng được", "unrecognized content"),
                     "archive": ("tệp nén", "a compressed archive"), "executable": ("tệp chương trình", "a program"),
                     "xml": ("XML", "XML")}


def load(path: str | Path, options: LoadOptions | None = None) -> Document:
    options = options or LoadOptions()
    p = Path(path)
    doc = Document(source=str(path))
    start = time.perf_counter()
    try:
        doc.kind, doc.pages = _read(p, options, doc.findings)
    except LoadError as err:
        doc.findings.append(Finding.of(err.code, evidence=str(path), **err.params))
    except MemoryError:
        doc.findings.append(Finding.of("INPUT.UNREADABLE", evidence=str(path),
                                       detail="không đủ bộ nhớ", detail_en="out of memory"))
    except Exception as exc:  # noqa: BLE001 - a batch must go on; the finding says what broke
        log.debug("load failed for %s", path, exc_info=True)
        doc.findings.append(Finding.of("INPUT.UNREADABLE", evidence=str(path),
                                       detail=f"{type(exc).__name__}: {exc}",
                                       detail_en=f"{type(exc).__name__}: {exc}"))
    doc.seconds = time.perf_counter() - start
    _quality_findings(doc, options)
    return doc


def _read(p: Path, options: LoadOptions, findings: list[Finding]):
    if not p.exists():
        raise LoadError("INPUT.NOT_FOUND")
    if p.is_dir():
        raise LoadError("INPUT.UNREADABLE", "đây là thư mục, không phải tệp", "this is a directory, not a file")
    if p.stat().st_size == 0:
        raise LoadError("INPUT.EMPTY")
    kind = sniff(p)
    if kind not in READERS:
        name = UNSUPPORTED_NAMES.get(kind, (kind.upper(), kind.upper()))
        raise LoadError("INPUT.UNSUPPORTED", f"{name[0]}, phần mở rộng '{p.suffix or '-'}'",
                        f"{name[1]}, extension '{p.suffix or '-'}'")
    if not extension_matches(p, kind):
        findings.append(Finding.of("INPUT.EXTENSION_MISMATCH", evidence=p.name,
                                   ext=p.suffix or "-", kind=kind.upper()))
    if kind == "pdf":
        from extract.load.pdf import load_pdf
        return kind, load_pdf(p, options)
    if kind in ("png", "jpeg", "tiff"):
        from extract.load.image import load_image
        return kind, load_image(p, options)
    if kind == "docx":
        from extract.load.docx import load_docx
        return kind, load_docx(p)
    from extract.load.text import load_text
    return kind, load_text(p)


def _quality_findings(doc: Document, options: LoadOptions) -> None:
    if any(f.severity == "error" for f in doc.findings):
        return
    for page in doc.pages:
        if page.ocr_confidence is not None and page.ocr_confidence < options.low_confidence \
                and page.text.strip():
            doc.findings.append(Finding.of(
                "OCR.LOW_CONFIDENCE", location={"page": page.number, "line": None},
                evidence=page.text.strip()[:80], page=page.number,
                confidence=page.ocr_confidence, threshold=options.low_confidence))
    if doc.pages and not doc.text.strip():
        doc.findings.append(Finding.of("INPUT.NO_TEXT", evidence=doc.source))
