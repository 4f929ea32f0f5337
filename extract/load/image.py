"""Images: PNG, JPEG, single and multi-page TIFF -> OCRed pages.

The pixel count is checked from the header before anything is decoded (a decompression
bomb never gets allocated); EXIF orientation is applied; the resolution comes from the
file's metadata, or 300 dpi is assumed and the page says so.
"""
from __future__ import annotations

import re
import warnings
from contextlib import contextmanager
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extract.library_errors import explain
from extract.load.errors import LoadError
from extract.load.ocr import check_tesseract, ocr_pages
from extract.model import Page

PLAUSIBLE_DPI = (100, 1200)      # outside this, metadata is a software default, not the scan's
CHUNK = 4                        # frames decoded at a time per OCR worker (bounded memory)


def load_image(path: Path, options, findings: list | None = None) -> list[Page]:
    """The pages of an image file: one, or a TIFF's frames up to the `pages` limit (one
    INPUT.LIMIT_EXCEEDED in `findings` for the rest). A blank frame is not sent to OCR."""
    check_tesseract(options.ocr_lang)
    with warnings.catch_warnings(), _pillow_limit(options.limits.image_pixels):
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # our own limit applies
        warnings.simplefilter("ignore", UserWarning)     # Pillow's notes ("Corrupt EXIF data") stay off a clerk's screen;
        #                                                  a file it cannot read is a finding
        try:
            img = Image.open(path)
        except Image.DecompressionBombError as exc:
            raise _too_large(_pixels_in(str(exc)), options.limits.image_pixels) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise _unreadable(exc) from None
        with img:
            return _pages(img, options, str(path), findings if findings is not None else [])


@contextmanager
def _pillow_limit(limit: int):
    """Pillow's own bomb guard (an error above twice Image.MAX_IMAGE_PIXELS) follows image_pixels
    while an image is read, so a user who raises the limit above Pillow's default is heard."""
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limit
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def _pages(img: Image.Image, options, source: str, findings: list) -> list[Page]:
    from extract.load.limits import exceeded

    frames = ImageSequence.Iterator(img) if img.format == "TIFF" else [img]
    pages: list[Page] = []
    batch: list[tuple[int, Image.Image, float | None]] = []
    limit = options.limits.pages
    for number, frame in enumerate(frames, start=1):
        if number > limit:
            total = getattr(img, "n_frames", number)
            findings.append(exceeded("pages", limit, total, evidence=source,
                                     done=f"chỉ đọc {limit} trang đầu", done_en=f"only the first {limit} pages were read"))
            break
        w, h = frame.size
        if w * h > options.limits.image_pixels:
            raise _too_large(w * h, options.limits.image_pixels)
        try:
            upright = ImageOps.exif_transpose(frame)
            upright.load()
        except Image.DecompressionBombError as exc:
            raise _too_large(_pixels_in(str(exc)), options.limits.image_pixels) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _unreadable(exc, number) from None
        if _blank(upright):
            dpi = _dpi(frame)
            pages.append(Page(number=number, method="ocr", width=upright.width, height=upright.height,
                              dpi=dpi or 300.0, dpi_assumed=dpi is None))
            continue
        batch.append((number, upright.copy(), _dpi(frame)))
        if len(batch) >= max(1, options.ocr_workers) * CHUNK:
            pages += ocr_pages(batch, options)
            batch = []
    return sorted(pages + ocr_pages(batch, options), key=lambda p: p.number)


def _blank(image: Image.Image) -> bool:
    """No pixel darker than ink in a 1/8 reduction (as a blank PDF page at 36 dpi: extract/load/pdf.py)."""
    from extract.load.pdf import BLANK_INK
    small = image.convert("L").reduce(8) if min(image.size) >= 8 else image.convert("L")
    lo, _ = small.getextrema()
    return lo >= BLANK_INK


def _dpi(frame: Image.Image) -> float | None:
    """The resolution the file records, or None (OCR then assumes 300 and says so)."""
    dpi = frame.info.get("dpi")
    try:
        x = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        x = 0.0
    return round(x, 1) if PLAUSIBLE_DPI[0] <= x <= PLAUSIBLE_DPI[1] else None


def _pixels_in(message: str) -> int | None:
    m = re.search(r"\((\d+) pixels\)", message)
    return int(m.group(1)) if m else None


def _too_large(pixels: int | None, limit: int) -> LoadError:
    """INPUT.IMAGE_TOO_LARGE, naming the image_pixels limit of tthc.toml and a value that raises it;
    numbers grouped by narrow spaces (extract/load/limits.grouped), never masked as an ID number."""
    from extract.load.limits import grouped
    return LoadError("INPUT.IMAGE_TOO_LARGE", pixels="?" if pixels is None else grouped(pixels), limit=grouped(limit),
                     raised=f"{max(limit, pixels or 0) * 2:_}")


def _unreadable(exc: BaseException, frame: int | None = None) -> LoadError:
    where_vi = f" (trang {frame})" if frame else ""
    where_en = f" (page {frame})" if frame else ""
    said = explain(exc)
    return LoadError("INPUT.UNREADABLE", f"ảnh bị hỏng hoặc bị cắt cụt{where_vi}: {said.vi}",
                     f"the image is corrupt or truncated{where_en}: {said.en}")
