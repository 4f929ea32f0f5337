"""Images: PNG, JPEG, single and multi-page TIFF -> OCRed pages.

The pixel count is checked from the header before anything is decoded (a decompression
bomb never gets allocated); EXIF orientation is applied; the resolution comes from the
file's metadata, or 300 dpi is assumed and the page says so.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from extract.load.errors import LoadError
from extract.load.ocr import check_tesseract, ocr_pages
from extract.model import Page

PLAUSIBLE_DPI = (100, 1200)      # outside this, metadata is a software default, not the scan's
CHUNK = 4                        # frames decoded at a time per OCR worker (bounded memory)


def load_image(path: Path, options) -> list[Page]:
    check_tesseract(options.ocr_lang)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)   # our own limit applies
        try:
            img = Image.open(path)
        except Image.DecompressionBombError as exc:
            raise _too_large(_pixels_in(str(exc)), options.max_pixels) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise _unreadable(exc) from None
        with img:
            return _pages(img, options)


def _pages(img: Image.Image, options) -> list[Page]:
    frames = ImageSequence.Iterator(img) if img.format == "TIFF" else [img]
    pages: list[Page] = []
    batch: list[tuple[int, Image.Image, float | None]] = []
    for number, frame in enumerate(frames, start=1):
        w, h = frame.size
        if w * h > options.max_pixels:
            raise _too_large(w * h, options.max_pixels)
        try:
            upright = ImageOps.exif_transpose(frame)
            upright.load()
        except Image.DecompressionBombError as exc:
            raise _too_large(_pixels_in(str(exc)), options.max_pixels) from None
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _unreadable(exc, number) from None
        batch.append((number, upright.copy(), _dpi(frame)))
        if len(batch) >= max(1, options.ocr_workers) * CHUNK:
            pages += ocr_pages(batch, options)
            batch = []
    return pages + ocr_pages(batch, options)


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


def _fmt(n: int | None) -> str:
    return "?" if n is None else f"{n:,}".replace(",", " ")


def _too_large(pixels: int | None, limit: int) -> LoadError:
    return LoadError("INPUT.IMAGE_TOO_LARGE", pixels=_fmt(pixels), limit=_fmt(limit))


def _unreadable(exc: BaseException, frame: int | None = None) -> LoadError:
    where_vi = f" (trang {frame})" if frame else ""
    where_en = f" (page {frame})" if frame else ""
    reason = str(exc) or type(exc).__name__
    return LoadError("INPUT.UNREADABLE", f"ảnh bị hỏng hoặc bị cắt cụt{where_vi}: {reason}",
                     f"the image is corrupt or truncated{where_en}: {reason}")
