"""OCR of page images: Debian's tesseract with `vie` (extract/load/tesseract.py), lines rebuilt in
tesseract's reading order (block, paragraph, line).

Before tesseract: coloured ink apart from the black text (inks.py: the red seal and the blue
signature never reach the text; the seal is kept as a fact), the blank margins cropped, and the
page straightened only when its skew is beyond what tesseract follows by itself. After it: specks
dropped by their boxes and confidences, words corrected among tesseract's own alternatives with
the vocabulary of real directives (ocr_correct.py).

On top of tesseract's layout: lines that run across the two columns of a công văn header
or closing come back as the left column, then the right one; a ruled table is read cell by
cell, one line per row with a tab between cells (ocr_tables.py); words far apart on a line
(cells of a table without rulings) are joined by a tab; footnote markers become superscript digits (¹²³, which
the parser can drop) instead of `!`, `?`, quotes or a digit glued to a number.

Measured choices (../shared/research/feasibility.md §4; bench/ocr_bench.py, bench/scan_bench.py
and the tuning documents of schemas/ocr/holdout.txt: 29 prose pages of office scans, CER):
- `-l vie` alone: `vie+eng` strips diacritics (CHỦ -> CHU). Debian's `vie` is the fast
  LSTM-only model, so `--oem 1`. `--psm 3` (automatic layout): on our noisy scans psm 4 is
  about the same, psm 6 is worse on prose and tables.
- deskew from 0.5 degrees: 5.04% unstraightened, 3.87% straightened (pages below 0.5 degrees
  gain nothing); binarizing first hurts (tesseract binarizes better itself).
- coloured ink lightened away before OCR, 3x3 smoothing of grainy pages (3.50% -> 3.16%),
  words corrected among tesseract's alternatives (3.58% -> 3.50%).
- OMP_THREAD_LIMIT=1 on every call (tesseract.py): Debian's OpenMP build is ~4x slower on 2
  cores when it may spawn threads; parallelism comes from pages (threads) and files (processes).
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from typing import Iterable

import numpy as np
from PIL import Image, ImageFilter

from extract.load import tesseract
from extract.load.inks import separate
from extract.load.layout import ENDS_SENTENCE, opens_item
from extract.load.ocr_tables import cell_lines, cell_of, find_grid, rule_residue, strip_rules
from extract.model import Line, Page, Seal, Table
from extract.normalize import SUPERSCRIPT_DIGITS, clean_line

DEFAULT_DPI = 300
# Straightening by resampling blurs every glyph; tesseract's own line finder follows small skews.
# Measured on office scans of real documents (bench/scan_bench.py, tuning documents): below this
# angle rotating the page costs more characters than the skew does.
DESKEW_MIN_ANGLE = 0.5
# Sensor noise and JPEG grain on the paper break thin strokes and diacritics into specks; a 3x3
# smoothing of such pages measured 3.19% CER against 3.50% unsmoothed (tuning scans, the
# pdfium resampling that re-rendering did by accident: 3.25%); a rendered page (grain 0) is left as
# it is. Office scans measure 0.8-3 grey levels, a clean render 0.
NOISY = 0.75


def check_tesseract(lang: str = "vie") -> None:
    """tesseract and its language data are there, else LoadError(INPUT.OCR_UNAVAILABLE)."""
    tesseract.check(lang)


# --------------------------------------------------------------------------- preprocessing

def to_gray(img: Image.Image) -> Image.Image:
    """Any Pillow mode -> 8-bit grayscale; transparency over white paper, 16-bit rescaled."""
    if img.mode == "L":
        return img
    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        a = np.asarray(img, dtype=np.float64)
        lo, hi = float(a.min()), float(a.max())
        a = (a - lo) * (255.0 / (hi - lo)) if hi > lo else np.full(a.shape, 255.0)
        return Image.fromarray(a.astype(np.uint8))
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    return img.convert("L")


def estimate_skew(gray: Image.Image, max_angle: float = 7.0) -> float:
    """Angle in degrees to pass to `Image.rotate` to straighten the text lines (0 when the
    page has too little ink to tell). Projection profile of the ink pixels of a downscaled
    copy: coarse 0.5° steps over ±max_angle, then 0.05° steps around the best."""
    small = gray.reduce(max(1, -(-gray.width // 1000)))       # box filter: cheap, keeps the lines
    a = np.asarray(small, dtype=np.int16)
    paper = float(np.percentile(a, 90))
    ink = a < paper * 0.6
    # Text strokes run along the line; a speck of dust is a lone dot: keep ink with ink beside it.
    beside = np.zeros_like(ink)
    beside[:, 1:] |= ink[:, :-1]
    beside[:, :-1] |= ink[:, 1:]
    ys, xs = np.nonzero(ink & beside)
    if ys.size < 200:
        return 0.0
    if ys.size > 150_000:                                   # plenty for a sharp profile
        pick = np.random.default_rng(0).choice(ys.size, 150_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - small.width / 2

    def score(deg: float) -> float:
        proj = np.round(ys + xs * np.tan(np.radians(deg))).astype(np.int64)
        hist = np.bincount(proj - proj.min())
        return float(np.dot(hist, hist))

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = float(max(fine, key=score))
    return round(-best, 2)


def deskew(gray: Image.Image, expand: bool = False) -> tuple[Image.Image, float]:
    """Straighten the page. The frame stays that of the input unless `expand` (then the
    canvas grows so no corner is cut, around the same centre)."""
    angle = estimate_skew(gray)
    if abs(angle) < 0.1:
        return gray, 0.0
    return _rotate(gray, angle, expand), angle


def _rotate(gray: Image.Image, angle: float, expand: bool) -> Image.Image:
    paper = int(np.percentile(np.asarray(gray.reduce(max(1, gray.width // 200))), 90))
    # Bicubic: bilinear is 3x faster but turned a noisy line of a test scan into garbage.
    return gray.rotate(angle, resample=Image.BICUBIC, expand=expand, fillcolor=paper)


def noise_level(gray: Image.Image) -> float:
    """Grain of the paper: the mean deviation of paper pixels from their 3x3 mean, in grey
    levels, on a central patch (0 on a rendered page, 3-6 on an office scanner's JPEG)."""
    w, h = gray.size
    side = min(600, w, h)
    patch = gray.crop(((w - side) // 2, (h - side) // 2, (w + side) // 2, (h + side) // 2))
    a = np.asarray(patch, dtype=np.int16)
    mean = np.asarray(patch.filter(ImageFilter.BoxBlur(1)), dtype=np.int16)
    ink = a <= np.percentile(a, 90) * 0.8
    near = ink.copy()                                  # ink within 4 pixels: not paper
    for _ in range(4):
        grown = near.copy()
        grown[1:] |= near[:-1]
        grown[:-1] |= near[1:]
        grown[:, 1:] |= near[:, :-1]
        grown[:, :-1] |= near[:, 1:]
        near = grown
    paper = ~near
    if paper.sum() < 100:
        return 0.0
    return float(np.mean(np.abs(a - mean)[paper]))


def text_block(gray: Image.Image) -> tuple[int, int, int, int] | None:
    """The box around the ink with a margin, or None when cropping would save little: the
    blank margins cost tesseract and the rotation time for nothing."""
    f = max(1, gray.width // 800)
    a = np.asarray(gray.reduce(f), dtype=np.int16)
    ink = a < float(np.percentile(a, 90)) * 0.6
    rows, cols = np.nonzero(ink.sum(axis=1) >= 2)[0], np.nonzero(ink.sum(axis=0) >= 2)[0]
    if rows.size == 0:
        return None
    pad = int(0.06 * gray.width)
    box = (max(0, cols[0] * f - pad), max(0, rows[0] * f - pad),
           min(gray.width, (cols[-1] + 1) * f + pad), min(gray.height, (rows[-1] + 1) * f + pad))
    if (box[2] - box[0]) * (box[3] - box[1]) > 0.9 * gray.width * gray.height:
        return None
    return box


class _Shifted:
    """A cropped (and straightened) work image seen in page coordinates."""

    def __init__(self, work: Image.Image, dx: int, dy: int, width: int, height: int):
        self.work, self.dx, self.dy, self.width, self.height = work, dx, dy, width, height

    def crop(self, box):
        x0, y0, x1, y1 = box
        return self.work.crop((x0 - self.dx, y0 - self.dy, x1 - self.dx, y1 - self.dy))


# --------------------------------------------------------------------------- OCR

def ocr_pages(images: Iterable[tuple[int, Image.Image, float | None]], options) -> list[Page]:
    """(page_number, image, dpi) -> Page(method="ocr"), in the order given; pages run in a
    thread pool of options.ocr_workers (each tesseract is its own subprocess). A dpi of None
    means the resolution is unknown: 300 is recorded and the page says it was assumed."""
    items = list(images)
    if not items:
        return []
    check_tesseract(options.ocr_lang)
    workers = max(1, min(getattr(options, "ocr_workers", 1), len(items)))
    if workers == 1:
        return [ocr_page(*item, options) for item in items]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda item: ocr_page(*item, options), items))


def ocr_page(number: int, image: Image.Image, dpi: float | None, options) -> Page:
    inks = separate(image, dpi or DEFAULT_DPI, to_gray)
    gray = inks.gray
    grain = noise_level(to_gray(image)) if getattr(options, "denoise", True) else 0.0
    box = text_block(gray) or (0, 0, gray.width, gray.height)
    work = gray.crop(box) if box != (0, 0, gray.width, gray.height) else gray
    dx, dy = box[0], box[1]
    if grain >= NOISY:
        work = work.filter(ImageFilter.SMOOTH)
    if getattr(options, "deskew", True):
        angle = estimate_skew(work)
        if abs(angle) >= getattr(options, "deskew_min_angle", DESKEW_MIN_ANGLE):
            straight = _rotate(work, angle, expand=True)
            dx, dy = dx - (straight.width - work.width) // 2, dy - (straight.height - work.height) // 2
            work = straight
    words = [w.as_dict() for w in tesseract.words(work, lang=options.ocr_lang, psm=getattr(options, "ocr_psm", 3),
                                                   dpi=dpi, timeout=getattr(options, "ocr_timeout", 0) or 0,
                                                   what=f"trang {number}")]
    for w in words:                                             # back to page coordinates
        w["x0"], w["x1"], w["top"], w["bottom"] = w["x0"] + dx, w["x1"] + dx, w["top"] + dy, w["bottom"] + dy
    shifted = _Shifted(work, dx, dy, gray.width, gray.height)
    words = _without_specks(_swollen_reread(words, shifted, options, dpi), shifted)
    if getattr(options, "ocr_correct", True):
        from extract.load.ocr_correct import correct
        correct(words)
    grids = [(_shift(bbox, dx, dy), [[_shift(c, dx, dy) if c else None for c in row] for row in rows])
             for bbox, rows in find_grid(work, dpi or DEFAULT_DPI)]
    lines, confs, tables = _lines(words, shifted, number, grids, dpi or DEFAULT_DPI)
    return Page(number=number, method="ocr", lines=lines, tables=tables, width=gray.width, height=gray.height,
                dpi=dpi or DEFAULT_DPI, dpi_assumed=dpi is None, colour=inks.colour,
                seals=[Seal(page=number, bbox=tuple(float(x) for x in b)) for b in inks.seals],
                ocr_confidence=round(sum(confs) / len(confs) / 100, 4) if confs else 0.0)


def _shift(box: tuple, dx: int, dy: int) -> tuple:
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


# --------------------------------------------------------------------------- lines

def _lines(words: list[dict], gray: "_Shifted", page_no: int, grids: list | None = None,
           dpi: float = DEFAULT_DPI) -> tuple[list[Line], list[float], list[Table]]:
    """Words (tesseract's reading order, page coordinates) -> lines, confidences, tables."""
    grouped: dict[tuple, list[dict]] = {}
    confs: list[float] = []
    for w in words:
        if w["conf"] >= 0:
            confs.append(w["conf"])
        grouped.setdefault(w["key"], []).append(w)
    ordered = list(grouped.values())
    # Words inside a ruled table go to their cells; the table reads one line per row.
    cells: list[dict[tuple, list[dict]]] = [{} for _ in grids or []]
    if grids:
        rest = []
        for words in ordered:
            free = []
            for w in words:
                where = next(((t, rc) for t, (_, rows) in enumerate(grids) if (rc := cell_of(w, rows))), None)
                if where is None:
                    free.append(w)
                    continue
                (t, (r, c)) = where
                if not rule_residue(w, grids[t][1][r][c], dpi):
                    cells[t].setdefault((r, c), []).append({**w, "text": strip_rules(w["text"])})
            if free:
                rest.append(free)
        ordered = rest
    lines: list[Line] = []
    for words in _columns_apart(ordered, gray.width):
        # Words far apart on one line are table cells (or a form's fields): a tab between
        # them keeps the cells apart, as in the corpus's tab-separated tables.
        pieces = (clean_line(_join_marking_superscripts(p, gray, words)) for p in _pieces(words))
        text = _label_apart("\t".join(p for p in pieces if p))
        if not text:
            continue
        lines.append(_line(text, words, page_no))
    tables: list[Table] = []
    for (bbox, rows), found in zip(grids or [], cells):
        row_lines, texts = [], []
        for r, row in enumerate(rows):
            row_texts, row_words = [], []
            for c in range(len(row)):
                words = found.get((r, c), [])
                row_words += words
                row_texts.append(" ".join(t for t in (clean_line(_join_marking_superscripts(ln, gray, ln))
                                                      for ln in cell_lines(words)) if t))
            if any(row_texts):
                texts.append(row_texts)
                row_lines.append(_line("\t".join(row_texts), row_words, page_no))
        if not row_lines:
            continue
        tables.append(Table(page=page_no, rows=texts, bbox=tuple(float(x) for x in bbox)))
        at = next((k for k, ln in enumerate(lines) if ln.bbox and ln.bbox[1] >= bbox[1]), len(lines))
        lines[at:at] = row_lines
    lines = paragraphs(lines, gray.width, dpi, [t.bbox for t in tables])
    for k, ln in enumerate(lines, start=1):
        ln.number = k
    return lines, confs, tables


# --------------------------------------------------------------------------- paragraphs

# How far a wrapped line's start may stray from the text block's left edge, and a full line's end
# from its right edge, in inches: a page left skewed below DESKEW_MIN_ANGLE drifts 0.1 inch over its
# height, and the first line of a Decree 30 paragraph is indented 0.4-0.5 inch.
EDGE_TOLERANCE = 0.08
NEIGHBOURHOOD = 1.5        # inches above and below a line where the block's left edge is measured


def paragraphs(lines: list[Line], page_width: float, dpi: float, table_boxes: list) -> list[Line]:
    """A page's lines as their paragraphs, as a text PDF's lines come (pdf.paragraphs): a line the
    typesetter wrapped goes on the line before it. Printed text wraps when the next word does not fit:
    the line above reaches the block's right edge, the next one starts at its left edge (not indented
    as a paragraph's first line, not centred), in the same type, without space between, and is no
    list item after a finished sentence. Measured on the boxes tesseract gives, in the page's pixels;
    the left edge is taken near each line, as a page skewed below the deskew angle drifts."""
    tol = EDGE_TOLERANCE * dpi

    def free(ln: Line) -> bool:
        return ln.bbox is not None and "\t" not in ln.text and ln.text.strip() != "" and not any(
            b[0] - tol <= ln.bbox[0] and ln.bbox[2] <= b[2] + tol and b[1] - tol <= ln.bbox[1] <= b[3] + tol
            for b in table_boxes)

    boxed = [ln.bbox for ln in lines if free(ln)]
    widest = max((b[2] - b[0] for b in boxed), default=0.0)
    full = [b for b in boxed if b[2] - b[0] >= 0.8 * widest]
    if len(full) < 2 or widest < 0.5 * page_width:
        return lines
    right = sorted(b[2] for b in full)[int(0.9 * (len(full) - 1))]
    reach = NEIGHBOURHOOD * dpi

    def left_near(y: float) -> float:
        near = [b[0] for b in full if abs(b[1] - y) <= reach] or [b[0] for b in full]
        return sorted(near)[len(near) // 4]        # first lines are indented: the lower quartile

    out: list[Line] = []
    for ln in lines:
        above = out[-1] if out else None
        if above is not None and free(above) and free(ln) and _wraps(above, ln, left_near(ln.bbox[1]), right, tol):
            a, b = above.bbox, ln.bbox
            confs = [c for c in (above.confidence, ln.confidence) if c is not None]
            out[-1] = Line(text=above.text.rstrip() + " " + ln.text.lstrip(), page=above.page, number=0,
                           bbox=(a[0], min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])),
                           confidence=round(sum(confs) / len(confs), 4) if confs else None)
            out[-1].last_line = b            # the wrapped line's own box: the next wrap is measured from it
            continue
        out.append(ln)
    for ln in out:
        ln.__dict__.pop("last_line", None)
    return out


def _glyph_widths(text: str) -> float:
    """Width of a text in lower-case letters: capitals and digits are wider ('QĐ-UBND', '15/2021')."""
    return sum(1.45 if c.isupper() else 1.1 if c.isdigit() else 0.6 if c in " ./,;:-" else 1.0 for c in text)


def _wraps(above: Line, below: Line, left: float, right: float, tol: float) -> bool:
    ab = getattr(above, "last_line", above.bbox)
    bb = below.bbox
    ha, hb = ab[3] - ab[1], bb[3] - bb[1]
    if not 0.6 * ha <= hb <= 1.6 * ha:
        return False                             # another size of type
    if bb[1] - ab[3] > 0.5 * min(ha, hb) or bb[1] < ab[1] + 0.5 * ha:
        return False                             # space between, or not the next line down
    if abs(bb[0] - left) > tol or ab[0] < left - tol:
        return False                             # indented or centred, or the line above is out of the block
    text = below.text.lstrip()
    word = (bb[2] - bb[0]) * (_glyph_widths(text.split()[0]) + 1) / max(_glyph_widths(text), 1)
    if ab[2] + word <= right - tol:
        return False                             # the next word would have fit: the line was ended on purpose
    return not (opens_item().match(text) and ENDS_SENTENCE.search(above.text.rstrip()))


# A bold item label that tesseract glued to its title: 'I.MỤC ĐÍCH, YÊU CẦU', '2.Sở Tư pháp'. Decree 30
# prints a space after the label's full stop, and the parser reads a label by it.
_GLUED_LABEL = re.compile(r"^((?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2}){0,2})\.)(?=[^\W\d_]{2})")


def _label_apart(text: str) -> str:
    """A line's opening label glued to the word after it, spaced as printed."""
    m = _GLUED_LABEL.match(text)
    return text if m is None or not text[m.end()].isupper() else text[:m.end()] + " " + text[m.end():]


def _line(text: str, words: list[dict], page_no: int) -> Line:
    word_confs = [w["conf"] for w in words if w["conf"] >= 0]
    bbox = (float(min(w["x0"] for w in words)), float(min(w["top"] for w in words)),
            float(max(w["x1"] for w in words)), float(max(w["bottom"] for w in words)))
    return Line(text=text, page=page_no, number=0, bbox=bbox,
                confidence=round(sum(word_confs) / len(word_confs) / 100, 4) if word_confs else None)


# A word tesseract could not read whose box reaches far above or below its line has swallowed a
# speck of dust next to it ("tháng" + a dot under it read as `.._` at confidence 0).
SWOLLEN = 1.6          # box height against the line's other words
UNREAD = 50            # tesseract's confidence in it below this


SPECK_CLUSTER = 40    # tesseract's confidence below which a run of mixed marks is dust
# What a speck of dust reads as: dots, strokes and marks, never a letter, a digit or a bracket.
_SPECK_MARKS = re.compile(r"[.,:;_~'`^ˆ·•\-—–]+")


def _swollen_reread(words: list[dict], gray: "_Shifted", options, dpi: float | None) -> list[dict]:
    """Read again, within its line's band only, a word that swallowed a speck: the speck then
    stays outside. The new reading is kept only when tesseract is far surer of it."""
    by_line: dict[tuple, list[dict]] = {}
    for w in words:
        by_line.setdefault(w["key"], []).append(w)
    for line in by_line.values():
        for w in line:
            others = [o for o in line if o is not w and len(o["text"]) >= 2]
            if w["conf"] >= UNREAD or len(others) < 2:
                continue
            height = statistics.median(o["bottom"] - o["top"] for o in others)
            if w["bottom"] - w["top"] <= SWOLLEN * height:
                continue
            pad = max(2, int(0.15 * height))
            top, bottom = min(o["top"] for o in others) - pad, max(o["bottom"] for o in others) + pad
            crop = gray.crop((w["x0"] - pad, top, w["x1"] + pad, bottom))
            try:
                again = tesseract.words(crop, lang=options.ocr_lang, psm=7, dpi=dpi, what="chi tiết")
            except Exception:  # noqa: BLE001 - a word we cannot read again keeps tesseract's first reading
                continue
            again = [a for a in again if a.text.strip()]
            while len(again) > 1 and _SPECK_MARKS.fullmatch(again[0].text):
                again = again[1:]               # the speck itself, read apart: ': ban,' is 'ban,'
            if not again:
                continue
            conf = min(a.conf for a in again)
            if conf < max(UNREAD, w["conf"] + 20):
                continue
            w.update(text=" ".join(a.text for a in again), conf=conf, top=top + pad, bottom=bottom - pad,
                     choices=again[0].choices if len(again) == 1 else [], reread_from=w["text"])
    return words


def _without_specks(words: list[dict], gray: "_Shifted") -> list[dict]:
    """Drop dust that tesseract read as a character (`ˆ`, `_`, `.`, `'` at a line start, a stray
    mark in a gutter). Judged by the word's box and confidence, not its string: a speck is a word
    whose box is far smaller than the text around it, that tesseract itself is unsure of, standing
    apart from its neighbours. A full stop or a comma glued to a word is
    part of that word's box and never judged here; a list dash is long and flat, not a dot."""
    heights = [w["bottom"] - w["top"] for w in words if len(w["text"]) >= 3]
    if not heights:
        return words
    body = statistics.median(heights)
    by_line: dict[tuple, list[dict]] = {}
    for w in words:
        by_line.setdefault(w["key"], []).append(w)
    drop = set()
    for line in by_line.values():
        for k, w in enumerate(line):
            width, height = w["x1"] - w["x0"], w["bottom"] - w["top"]
            small = max(width, height) < 0.45 * body
            dot = small and width < 2.0 * max(height, 1)        # not a dash: dashes are long and flat
            gap_before = k == 0 or w["x0"] - line[k - 1]["x1"] > 0.6 * body
            gap_after = k == len(line) - 1 or line[k + 1]["x0"] - w["x1"] > 0.6 * body
            unsure = w["conf"] < 80 or not any(c.isalnum() for c in w["text"]) and w["conf"] < 93
            if dot and gap_before and gap_after and unsure:
                drop.add(id(w))
            # A cluster of specks read as a run of mixed marks ('._—_' before '2, Giao …') that
            # tesseract all but rejects: no printed word is a mix of dots, strokes and dashes.
            # Letters or digits cannot be far flatter than the text around them: a streak of dust read as 'xe'.
            elif height < 0.3 * body and any(c.isalnum() for c in w["text"]) and w["conf"] < 80:
                drop.add(id(w))
            elif _SPECK_MARKS.fullmatch(w["text"]) and len(set(w["text"])) >= 2 and w["conf"] < SPECK_CLUSTER:
                drop.add(id(w))
    return [w for w in words if id(w) not in drop]


def _gaps(words: list[dict]) -> list[tuple[int, float]]:
    """(index of the word after the gap, gap middle) for every gap far wider than a space."""
    height = statistics.median(w["bottom"] - w["top"] for w in words)
    return [(k, (words[k - 1]["x1"] + words[k]["x0"]) / 2) for k in range(1, len(words))
            if words[k]["x0"] - words[k - 1]["x1"] > 2.5 * height]


def _pieces(words: list[dict]) -> list[list[dict]]:
    """A line cut where the gap between words is far wider than any word space."""
    cuts = [0] + [k for k, _ in _gaps(words)] + [len(words)]
    return [words[a:b] for a, b in zip(cuts, cuts[1:])]


def _halves(words: list[dict], page_width: int) -> tuple[list[dict], list[dict], float] | None:
    """A line of a two-column layout: one wide gap in the middle band of the page and none to
    its right (the left column may hold a blank left for the number, `Số:      /KH-UBND`).
    Table rows have more gaps and do not qualify."""
    gaps = _gaps(words)
    middle = [(k, x) for k, x in gaps if 0.3 * page_width <= x <= 0.7 * page_width]
    if len(middle) != 1 or any(x > middle[0][1] for _, x in gaps):
        return None
    k, x = middle[0]
    return words[:k], words[k:], x


def _columns_apart(lines: list[list[dict]], page_width: int) -> list[list[dict]]:
    """Lines that run across two side-by-side columns (the công văn header, the Nơi nhận |
    signer closing) come back as the whole left column, then the right one (as the PDF
    loader reads them). A run of such lines ends at a line that crosses the gutter, a table
    row or a wide vertical gap."""
    out, i = [], 0
    while i < len(lines):
        first = _halves(lines[i], page_width)
        if first is None:
            out.append(lines[i])
            i += 1
            continue
        left, right, gutter = [first[0]], [first[1]], first[2]
        prev, j = lines[i], i + 1
        height = statistics.median(w["bottom"] - w["top"] for w in lines[i])
        slack = 0.05 * page_width
        while j < len(lines):
            words = lines[j]
            halves = _halves(words, page_width)
            both = halves and halves[0][-1]["x1"] <= gutter + slack and halves[1][0]["x0"] >= gutter - slack
            # A line on both sides continues the header across the blank under the motto
            # (`Số: ... | place, date`); a one-sided line must follow closely.
            step = min(w["top"] for w in words) - min(w["top"] for w in prev)
            if not -0.5 * height < step < (4.0 if both else 2.2) * height:
                break
            if both:
                left.append(halves[0])
                right.append(halves[1])
            elif words[-1]["x1"] <= gutter + slack and not _gaps(words[-1:]):
                left.append(words)
            elif words[0]["x0"] >= gutter - slack:
                right.append(words)
            else:
                break
            prev, j = words, j + 1
        out += left + right
        i = j
    return out


# --------------------------------------------------------------------------- footnote markers

_TAIL = re.compile(r"^(.*?)([0-9!?'‘’“”\"`^ˆ†*°]{1,2})([.,;:)]?)$")
_DIGIT_LIKE = {"!": "1", "?": "2"}
_GLUED_DIGIT = re.compile(r"[^\W\d_]\d{1,2}$|/\d{5,6}$")
_NUMERIC = re.compile(r"^[0-9/.-]+$")
_MARKISH = re.compile(r"[0-9!?'‘’“”\"`^ˆ†*°]")


def _join_marking_superscripts(words: list[dict], gray: "_Shifted", line: list[dict] | None = None) -> str:
    """Join a line's words. A footnote marker (a small digit raised above the baseline, which
    tesseract reads as `!`, `?`, a quote, a dagger or glues to the word before it) becomes a
    superscript digit, so it never reads as part of a number (`20/9/2023⁵`, not `20/9/20235`)."""
    body = [w for w in line or words if len(w["text"]) >= 3] or line or words
    top = statistics.median(w["top"] for w in body)
    base = statistics.median(w["bottom"] for w in body)
    height = max(base - top, 1.0)
    out = ""
    for k, w in enumerate(words):
        text = w["text"]
        m = _TAIL.match(text)
        own = len(text) <= 2 and (text.isdigit() or text in ("l", "I") or not any(_letter(c) for c in text))
        # A number with its full stop or bracket opening the line is an item label ('3.', '6)'),
        # even where the line, a little skewed, rises at its start: a marker follows a word.
        label = k == 0 and len(text) == 2 and text[0].isdigit() and text[1] in ".)"
        if own and not label:                             # a token of its own
            glyphs = _raised_glyphs(gray, w, base, height, whole=True)
            marker = _as_superscript(text, gray, glyphs) if glyphs else None
            if marker:
                touching = k > 0 and w["x0"] - words[k - 1]["x1"] < 0.3 * height
                out += marker if touching or not out else " " + marker
                continue
        elif m and m.group(1):
            core = m.group(1) + m.group(2)
            # Worth a close look: a word ending in a marker look-alike, a digit glued to
            # letters or to a year (`phủ1`, `2023²` read as `20232`), a box above the capitals.
            if not core[-1].isdigit() or _GLUED_DIGIT.search(core) or w["top"] < top - 0.25 * height:
                text = _with_marker(text, m, core, gray, w, base, height)
        out += (" " if out else "") + text
    return out


def _with_marker(text: str, m: re.Match, core: str, gray: "_Shifted", w: dict, base: float,
                 height: float) -> str:
    glyphs = _raised_glyphs(gray, w, base, height, whole=False)
    n = len(glyphs)
    if glyphs and _NUMERIC.match(core) and _full_glyphs(gray, w, base, height) == sum(
            c.isdigit() or c == "/" for c in core):
        # every digit printed full size is in the text: tesseract dropped the marker
        marker = _as_superscript("", gray, glyphs)
        return core + marker + m.group(3) if marker else text
    if glyphs and len(core) > n and all(_MARKISH.match(c) for c in core[-n:]):
        marker = _as_superscript(core[-n:], gray, glyphs)
        return core[:-n] + marker + m.group(3) if marker else text
    return text


def _letter(c: str) -> bool:
    return unicodedata.category(c) in ("Lu", "Ll", "Lt", "Lo")   # not Lm: tesseract's ˆ marker


def _raised(top: float, bottom: float, base: float, height: float) -> bool:
    """Clearly above the baseline, shorter than a capital, taller than a quote mark."""
    return bottom <= base - 0.3 * height and 0.4 * height <= bottom - top + 1 <= 0.92 * height


def _as_superscript(tail: str, gray: "_Shifted", glyphs: list[tuple]) -> str | None:
    """The marker as superscript digits; None when it cannot be read as digits (the text
    then stays as tesseract read it: nothing is made up)."""
    digits = "".join(_DIGIT_LIKE.get(c, c) for c in tail)
    if not digits.isdigit() or len(digits) != len(glyphs):
        digits = _read_digits(gray, glyphs) or digits
    return digits.translate(SUPERSCRIPT_DIGITS) if digits.isdigit() else None


def _read_digits(gray: "_Shifted", glyphs: list[tuple]) -> str:
    """Read raised glyphs again, from digits only (tesseract reads superscripts as quotes,
    daggers, carets): just their ink on white paper, enlarged."""
    from PIL import ImageOps

    x0, y0 = min(g[0] for g in glyphs), min(g[1] for g in glyphs)
    x1, y1 = max(g[2] for g in glyphs), max(g[3] for g in glyphs)
    pad = max(6, (y1 - y0) // 2)
    paper = Image.new("L", (x1 - x0 + 2 * pad, y1 - y0 + 2 * pad), 255)
    for gx0, gy0, gx1, gy1, mask in glyphs:
        paper.paste(gray.crop((gx0, gy0, gx1, gy1)), (gx0 - x0 + pad, gy0 - y0 + pad), mask)
    scale = max(2, round(48 / max(1, y1 - y0)))          # a digit about 48 px tall reads best
    paper = ImageOps.autocontrast(paper.resize((paper.width * scale, paper.height * scale), Image.BICUBIC))
    for psm in (7, 13, 8):                               # each mode misses some markers
        try:
            text = tesseract.text(paper, lang="vie", psm=psm, whitelist="0123456789")
        except Exception:  # noqa: BLE001 - a marker we cannot read keeps tesseract's text
            return ""
        digits = "".join(c for c in text if c.isdigit())[:len(glyphs)]
        if digits:
            return digits
    return ""


def _raised_glyphs(gray: "_Shifted", w: dict, base: float, height: float, whole: bool) -> list[tuple]:
    """The raised marker glyphs at the right end of a word box, as (x0, top, x1, bottom, mask)
    in page coordinates; [] when there is none. Connected components, so a descender of the
    line above or the comma under the marker (`phủ¹,`) does not count."""
    x0 = w["x0"] if whole else max(w["x0"], w["x1"] - int(2.2 * height))
    crop = np.asarray(gray.crop((x0, w["top"], w["x1"], w["bottom"])), dtype=np.int16)
    if crop.size == 0:
        return []
    lo, hi = np.percentile(crop, 2), np.percentile(crop, 98)
    if hi - lo < 40:
        return []
    comps = _components(crop < (lo + hi) / 2)
    glyphs, stop = [], False
    for c_top, c_bottom, c_x0, c_x1, mask in sorted(comps, key=lambda c: -c[3]):
        t, b = w["top"] + c_top, w["top"] + c_bottom
        if _raised(t, b, base, height):
            if stop:
                break
            glyphs.append((x0 + c_x0, t, x0 + c_x1 + 1, b + 1, mask))
        elif (c_bottom - c_top) >= 0.5 * height and b > base - 0.3 * height:
            stop = True                   # a full-size glyph: markers are only at the end
            if glyphs:
                break
    glyphs.sort(key=lambda g: g[0])
    return glyphs[-2:]


def _full_glyphs(gray: "_Shifted", w: dict, base: float, height: float) -> int:
    """Digits and slashes printed full size in a numeric word (not raised, not punctuation)."""
    crop = np.asarray(gray.crop((w["x0"], w["top"], w["x1"], w["bottom"])), dtype=np.int16)
    lo, hi = np.percentile(crop, 2), np.percentile(crop, 98)
    comps = _components(crop < (lo + hi) / 2)
    return sum(1 for t, b, *_ in comps
               if (b - t) >= 0.5 * height and not _raised(w["top"] + t, w["top"] + b, base, height))


def _components(ink: np.ndarray) -> list[tuple]:
    """8-connected components of a small boolean image: (top, bottom, x0, x1, mask image)."""
    seen = np.zeros(ink.shape, dtype=bool)
    h, w = ink.shape
    out = []
    for y, x in zip(*np.nonzero(ink)):
        if seen[y, x]:
            continue
        stack, pts = [(y, x)], []
        seen[y, x] = True
        while stack:
            cy, cx = stack.pop()
            pts.append((cy, cx))
            for ny in (cy - 1, cy, cy + 1):
                for nx in (cx - 1, cx, cx + 1):
                    if 0 <= ny < h and 0 <= nx < w and ink[ny, nx] and not seen[ny, nx]:
                        seen[ny, nx] = True
                        stack.append((ny, nx))
        if len(pts) < 6:                  # noise specks
            continue
        ys, xs = np.array(pts).T
        top, bottom, left, right = int(ys.min()), int(ys.max()), int(xs.min()), int(xs.max())
        m = np.zeros((bottom - top + 1, right - left + 1), dtype=np.uint8)
        m[ys - top, xs - left] = 255
        out.append((top, bottom, left, right, Image.fromarray(m)))
    return out
