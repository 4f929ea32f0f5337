"""`load(path) -> Document` for every kind of input a People's Committee office receives.

The content decides the reader (never the extension). Problems become INPUT.* findings
on the returned Document; load() itself never raises for bad input.
"""
from __future__ import annotations

import json
import logging
import re
import time
from dataclasses import dataclass, replace
from pathlib import Path

from extract.library_errors import explain
from extract.load.errors import LoadError
from extract.load.limits import DEFAULT_LIMITS, Limits
from extract.sniff import extension_matches, sniff
from extract.model import Document, Finding

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadOptions:
    dpi: int = 300                     # rendering resolution for OCR of PDF pages
    ocr_lang: str = "vie"
    deskew: bool = True                # straighten pages skewed beyond deskew_min_angle degrees
    deskew_min_angle: float = 0.5      # below it tesseract follows the lines and resampling only blurs
    denoise: bool = True               # smooth pages whose paper is grainy (ocr.NOISY), measured per page
    ocr_correct: bool = True           # correct words among tesseract's alternatives (ocr_correct.py)
    low_confidence: float = 0.75       # OCR.LOW_CONFIDENCE below this mean word confidence
    force_ocr: bool = False            # OCR every PDF page even when it has a text layer
    ocr_workers: int = 1               # pages OCRed at once (threads; each tesseract is a process)
    ocr_psm: int = 3                   # tesseract page segmentation mode (3 = automatic, measured best)
    ocr_timeout: float = 300.0         # seconds per page before tesseract is stopped
    limits: Limits = DEFAULT_LIMITS    # what one file may cost (tthc.toml [limits]; extract/load/limits.py)
    cache: bool = True                 # keep OCRed documents, read them back (cache.py: OCR once)
    cache_dir: str | None = None       # where; None: $TTHC_CACHE_DIR or ~/.cache/tthc-check/documents


READERS = ("pdf", "png", "jpeg", "tiff", "docx", "text")
IMAGE_KINDS = ("png", "jpeg", "tiff")
UNSUPPORTED_NAMES = {"zip": ("tệp nén ZIP", "a ZIP archive"), "doc": ("Word 97-2003 (.doc)", "Word 97-2003 (.doc)"),
                     "unknown": ("nội dung không nhận dạng được", "unrecognized content"),
                     "archive": ("tệp nén", "a compressed archive"), "executable": ("tệp chương trình", "a program"),
                     "xml": ("XML", "XML")}


def load(path: str | Path | list, options: LoadOptions | None = None) -> Document:
    """One file -> Document. A list of page images (or a folder of them, see page_images) is read
    as ONE document, its pages in the order given. The JSON `tthc ingest` wrote is read back as
    the document it describes; a scan read before comes from the cache (cache.py)."""
    options = options or LoadOptions()
    if isinstance(path, (list, tuple)):
        return _load_pages([Path(p) for p in path], options)
    p = Path(path)
    doc = Document(source=str(path))
    start = time.perf_counter()
    cached = _from_cache([p], options)
    if cached is not None:
        if cached.kind != "json":            # an ingest JSON names the document it describes
            cached.source = str(path)
        return cached
    try:
        doc.kind, doc.pages = _read(p, options, doc.findings, doc.metadata)
    except LoadError as err:
        doc.findings.append(Finding.of(err.code, evidence=str(path), **err.params))
    except MemoryError:
        doc.findings.append(Finding.of("INPUT.UNREADABLE", evidence=str(path),
                                       detail="không đủ bộ nhớ", detail_en="out of memory"))
    except Exception as exc:  # noqa: BLE001 - a batch must go on; the finding says what broke
        log.debug("load failed for %s", path, exc_info=True)
        said = explain(exc)
        doc.findings.append(Finding.of("INPUT.UNREADABLE", evidence=str(path), detail=said.vi, detail_en=said.en))
    doc.seconds = time.perf_counter() - start
    _quality_findings(doc, options)
    _to_cache([p], options, doc)
    return doc


def page_images(paths: list[str | Path]) -> list[Path]:
    """The page images named, folders expanded to the images in them; natural name order within
    a folder (trang-2 before trang-10), the command line's order between the names given."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted((c for c in p.rglob("*") if c.is_file() and c.suffix.lower() in IMAGE_SUFFIXES),
                          key=natural_key)
        else:
            out.append(p)
    return out


IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def natural_key(p: Path) -> list:
    return [int(t) if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", str(p))]


def _load_pages(paths: list[Path], options: LoadOptions) -> Document:
    """Page images as one document: each read in turn, pages renumbered in order."""
    doc = Document(source=" + ".join(str(p) for p in paths), kind="images")
    start = time.perf_counter()
    cached = _from_cache(paths, options) if all(p.is_file() for p in paths) else None
    if cached is not None:
        cached.source = doc.source
        return cached
    for p in paths:
        part = load(p, replace(options, cache=False))
        if part.kind not in IMAGE_KINDS and not any(f.severity == "error" for f in part.findings):
            part.findings.append(Finding.of("INPUT.UNSUPPORTED", evidence=str(p),
                                            detail="không phải ảnh trang văn bản", detail_en="not a page image"))
        doc.findings += [f for f in part.findings if f.code != "INPUT.NO_TEXT"]
        for page in part.pages if part.kind in IMAGE_KINDS else []:
            page.number = len(doc.pages) + 1
            for ln in page.lines:
                ln.page = page.number
            for t in page.tables:
                t.page = page.number
            for s in page.seals:
                s.page = page.number
            doc.pages.append(page)
    doc.seconds = time.perf_counter() - start
    if doc.pages and not doc.text.strip():
        doc.findings.append(Finding.of("INPUT.NO_TEXT", evidence=doc.source))
    _to_cache(paths, options, doc)
    return doc


def _from_cache(paths: list[Path], options: LoadOptions) -> Document | None:
    if len(paths) == 1 and paths[0].suffix.lower() == ".json" and paths[0].is_file():
        from extract.load import cache
        try:
            data = json.loads(paths[0].read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return cache.from_ingest(data, str(paths[0])) if cache.is_ingest_result(data) else None
    if not options.cache or not all(p.is_file() for p in paths):
        return None
    from extract.load import cache
    return cache.get(paths, options)


def _to_cache(paths: list[Path], options: LoadOptions, doc: Document) -> None:
    if options.cache and doc.pages and any(p.method == "ocr" for p in doc.pages) \
            and not any(f.severity == "error" for f in doc.findings):
        from extract.load import cache
        cache.put(paths, options, doc)


def _read(p: Path, options: LoadOptions, findings: list[Finding], metadata: dict):
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
        return kind, load_pdf(p, options, findings)
    if kind in ("png", "jpeg", "tiff"):
        from extract.load.image import load_image
        return kind, load_image(p, options, findings)
    if kind == "docx":
        from extract.load.docx import load_docx
        return kind, load_docx(p, options.limits, findings)
    from extract.load.text import load_text
    return kind, load_text(p, options.limits, findings, metadata)


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
