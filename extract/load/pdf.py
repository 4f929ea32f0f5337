"""PDF loader: text layer where it is usable, OCR where it is not, decided page by page.

pypdfium2 reads the text layer (measured ~940 pages/s with exact diacritics); pages that
draw ruling lines get their table cells from pdfplumber's grid algorithm (pdf_tables.py).

Limits (extract/load/limits.py): at most `pages` pages and `text_bytes` bytes of text are read;
a page is rendered for OCR within `page_pixels` (a bigger page is rendered at a lower
resolution, and says so); a page that renders blank is not sent to OCR at all.
"""
from __future__ import annotations

import ctypes
import logging
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from extract.library_errors import explain
from extract.load.errors import LoadError
from extract.load.layout import ENDS_SENTENCE, OutLine, Segment, opens_item, reading_order
from extract.load.limits import DEFAULT_LIMITS, Limits, exceeded
from extract.load.pdf_tables import find_tables
from extract.model import Line, Page, Table
from extract.normalize import clean_line

log = logging.getLogger(__name__)

# A text layer is unusable when it is (almost) empty, full of undecodable glyphs, or a
# Vietnamese-looking text with its diacritics stripped (old scanner OCR layers).
MIN_CHARS = 20
MAX_GARBAGE = 0.05
_VIET_MARKED = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323]")
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")


def load_pdf(path: Path, options, findings: list | None = None) -> list[Page]:
    limits: Limits = getattr(options, "limits", None) or DEFAULT_LIMITS
    findings = findings if findings is not None else []
    pdf = _open(path)
    try:
        n = len(pdf)
        if n == 0:
            raise LoadError("INPUT.NO_PAGES")
        if n > limits.pages:
            findings.append(exceeded("pages", limits.pages, n, evidence=str(path),
                                     done=f"chỉ đọc {limits.pages} trang đầu", done_en=f"only the first {limits.pages} "
                                     f"pages were read"))
            n = limits.pages
        pages: dict[int, Page] = {}
        to_ocr: list[int] = []
        text_bytes = 0
        for index in range(n):
            page = pdf[index]
            textpage = page.get_textpage()
            if not options.force_ocr and _usable_text_layer(textpage):
                pages[index + 1] = _text_page(page, textpage, index + 1)
                text_bytes += len(pages[index + 1].text.encode("utf-8"))
            else:
                to_ocr.append(index)
            textpage.close()
            page.close()
            if text_bytes > limits.text_bytes:
                findings.append(exceeded("text_bytes", limits.text_bytes, text_bytes, evidence=str(path),
                                         done=f"dừng đọc sau trang {index + 1}",
                                         done_en=f"reading stopped after page {index + 1}"))
                to_ocr = []
                break
        if to_ocr:
            for page in _ocr(pdf, to_ocr, options, limits, findings, str(path)):
                pages[page.number] = page
        ordered = [pages[k] for k in sorted(pages)]
        for above, below in zip(ordered, ordered[1:]):
            if above.method == below.method == "text" and below.number == above.number + 1:
                join_split_row(above, below)
        return paragraphs(ordered)
    finally:
        pdf.close()


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise _diagnose(path, exc) from None


def _diagnose(path: Path, exc: Exception) -> LoadError:
    """Why pdfium refused the file. Its error text is a process-wide 'last error' that can
    be stale, and it refuses page-less files outright, so ask pdfminer for a second opinion."""
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        with path.open("rb") as fh:
            document = PDFDocument(PDFParser(fh))
            if next(PDFPage.create_pages(document), None) is None:
                return LoadError("INPUT.NO_PAGES")
    except (PDFPasswordIncorrect, PDFEncryptionError):
        return LoadError("INPUT.ENCRYPTED")
    except Exception as second:  # noqa: BLE001 - any parser failure means the file is broken
        if "password" in str(second).lower() or "encrypt" in type(second).__name__.lower():
            return LoadError("INPUT.ENCRYPTED")
        said = explain(second)
        return LoadError("INPUT.CORRUPT_PDF", said.vi, said.en)
    return LoadError("INPUT.CORRUPT_PDF", "PDFium không mở được tệp", "PDFium cannot open the file")


def _usable_text_layer(textpage: pdfium.PdfTextPage) -> bool:
    n = textpage.count_chars()
    if n < MIN_CHARS:
        return False
    text = textpage.get_text_range()
    visible = [c for c in text if not c.isspace()]
    if len(visible) < MIN_CHARS:
        return False
    garbage = sum(1 for c in visible if c == "\ufffd" or "\ue000" <= c <= "\uf8ff"
                  or (unicodedata.category(c)[0] == "C" and c not in "\x02\ufffe"))
    if garbage > MAX_GARBAGE * len(visible):
        return False
    letters = [c for c in unicodedata.normalize("NFD", text) if c.isalpha() or "\u0300" <= c <= "\u036f"]
    if len(letters) > 300 and len(_VIET_MARKED.findall(unicodedata.normalize("NFD", text))) < 0.02 * len(letters):
        return False          # a Latin-script text without Vietnamese marks: OCR reads it better
    return True


# --------------------------------------------------------------------------- text layer

def _segments(textpage: pdfium.PdfTextPage) -> list[Segment]:
    """Runs of text on one line, with their boxes. pdfium's stream text maps 1:1 to char
    indices; each stream line is split where pdfium reports several rects for it."""
    # pdfium writes a line-end hyphen as U+FFFE in stream text (\x02 in bounded text).
    text = textpage.get_text_range().replace("\ufffe", "\x02")
    out: list[Segment] = []
    start = 0
    for piece in re.split(r"(\r\n|\n)", text):
        if piece in ("\r\n", "\n"):
            start += len(piece)
            continue
        if piece.strip():
            out.extend(_split_line(textpage, start, piece))
        start += len(piece)
    return out


def _split_line(textpage: pdfium.PdfTextPage, start: int, piece: str) -> list[Segment]:
    nrects = textpage.count_rects(start, len(piece))
    rects = [textpage.get_rect(i) for i in range(nrects)]
    if nrects <= 1:
        if not rects:
            return []
        l, b, r, t = rects[0]
        return [Segment(l, r, b, t, piece)]
    # Several rects (columns, a superscript, a font change): assign each char to the rect
    # that contains its centre, keeping char order.
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    buckets: list[list[str]] = [[] for _ in rects]
    current = 0
    for k, ch in enumerate(piece):
        if pdfium_c.FPDFText_GetCharBox(textpage.raw, start + k, left, right, bottom, top) and not ch.isspace():
            cx, cy = (left.value + right.value) / 2, (bottom.value + top.value) / 2
            for ri in range(len(rects)):
                l, b, r, t = rects[ri]
                if l - 0.5 <= cx <= r + 0.5 and b - 0.5 <= cy <= t + 0.5:
                    current = ri
                    break
        buckets[current].append(ch)
    return [Segment(l, r, b, t, "".join(chars))
            for (l, b, r, t), chars in zip(rects, buckets) if "".join(chars).strip()]


def _text_page(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, number: int) -> Page:
    width, height = page.get_size()
    segments = _segments(textpage)
    tables: list[Table] = []
    if _has_rulings(page):
        for bbox, cell_rows in find_tables(page):
            segments, rows = _take_table(segments, bbox, cell_rows)
            if rows:
                tables.append(Table(page=number, rows=[cells for _, _, cells in rows],
                                    bbox=_topdown(bbox, height)))
                # The table reads as one line per row, cells separated by tabs.
                segments += [Segment(bbox[0], bbox[2], bottom, top, "\t".join(cells))
                             for top, bottom, cells in rows]
    out_lines = _drop_page_number(reading_order(segments, height), number, height)
    lines = _join_hyphenated(out_lines)
    return Page(number=number, method="text", width=width, height=height,
                lines=[Line(text=clean_line(t), page=number, number=i, bbox=bbox)
                       for i, (t, bbox) in enumerate(lines, start=1)],
                tables=tables)


_opens_item, _ENDS_SENTENCE = opens_item, ENDS_SENTENCE
MARGIN_TOLERANCE = 3.0      # points: a line starting this close to the text block's left edge is not indented


def paragraphs(pages: list[Page]) -> list[Page]:
    """The text pages' lines as their paragraphs, as the text of a portal and the paragraphs of a DOCX
    give them: a line the typesetter wrapped goes on the line before it, and paragraphs are set apart
    by an empty line (no box). Printed text wraps a line when the next word does not fit: the line
    reaches the right edge of the text block and the next one starts at its left edge (not indented,
    not centred), in the same type, without space between; on the next page too (the paragraph stays
    on the page where it begins). A paragraph's first line is indented or follows space, a centred
    line or a column of the header or closing never reaches both edges, and a table row (cells
    separated by tabs) is one line already; a list item ('- ', 'a) ', '2. ') after a finished sentence
    starts its own line. Space above a line (more than half a line) or a line above the previous one
    (the other column) starts a paragraph. A paragraph's box runs from its first line's start (x0: its
    indent, which says where the paragraph begins) to the right edge of its widest line, and from its
    first line's top to its last line's bottom on its first page."""
    out_pages: list[Page] = []
    last: tuple[Line, tuple[float, float]] | None = None      # previous text page's last line, its margins
    for page in pages:
        if page.method != "text":
            out_pages.append(page)
            last = None
            continue
        block = _block_edges(page.lines)
        out: list[list] = []                 # [text, bbox] per output line
        prev: Line | None = None             # the last visual line read on this page
        carried = False                      # the lines read so far end the previous page's paragraph
        for line in page.lines:
            if block and line.text.strip() and (
                    (prev is None and last is not None and out_pages[-1].number == page.number - 1
                     and _wraps(last[0], line, last[1], block, across=True))
                    or (carried and _wraps(prev, line, block, block))):
                host = out_pages[-1].lines[-1]
                out_pages[-1].lines[-1] = replace(host, text=host.text.rstrip() + " " + line.text.lstrip())
                prev, carried = line, True
                continue
            carried = False
            if prev is not None and out and out[-1][1] is not None and line.bbox is not None and block:
                if _wraps(prev, line, block, block):
                    box = out[-1][1]
                    out[-1] = [out[-1][0].rstrip() + " " + line.text.lstrip(),
                               (box[0], min(box[1], line.bbox[1]), max(box[2], line.bbox[2]),
                                max(box[3], line.bbox[3]))]
                    prev = line
                    continue
                if _new_paragraph(prev.bbox, line.bbox):
                    out.append(["", None])
            out.append([line.text, line.bbox])
            prev = line if line.bbox is not None else None
        page.lines = [Line(text=t, page=page.number, number=k, bbox=b) for k, (t, b) in enumerate(out, start=1)]
        out_pages.append(page)
        last = (prev, block) if prev is not None and block else None
    return out_pages


def _block_edges(lines: list[Line]) -> tuple[float, float] | None:
    """(left, right) of a page's text block: where its full lines start (a paragraph's wrapped lines;
    its first line is indented, a centred line starts further in), and where nine in ten of its wide
    lines end; None on a page with too little running text to say."""
    boxed = [ln.bbox for ln in lines if ln.bbox is not None and ln.text.strip() and "\t" not in ln.text]
    widest = max((b[2] - b[0] for b in boxed), default=0)
    wide = [b for b in boxed if b[2] - b[0] > 0.5 * widest]
    if len(wide) < 3:
        return None
    left = min(b[0] for b in wide if b[2] - b[0] >= 0.8 * widest)    # a full line's start, not an indent
    right = sorted(b[2] for b in wide)[int(0.9 * (len(wide) - 1))]
    return left, right


def _wraps(above: Line, below: Line, above_block: tuple[float, float], below_block: tuple[float, float],
           across: bool = False) -> bool:
    """Was `below` wrapped from `above`? `across`: `below` opens the next page (no vertical test)."""
    a, b, ab, bb = above.text, below.text, above.bbox, below.bbox
    if ab is None or bb is None or "\t" in a or "\t" in b or not a.strip() or not b.strip():
        return False
    ha, hb = ab[3] - ab[1], bb[3] - bb[1]
    if not 0.6 * ha <= hb <= 1.6 * ha:
        return False                             # another size of type
    if not across and (bb[1] - ab[3] > 0.5 * min(ha, hb) or bb[1] < ab[1] + 0.5 * ha):
        return False                             # space between, or not the next line down
    (left_a, right), (left, _) = above_block, below_block
    if abs(bb[0] - left) > MARGIN_TOLERANCE or ab[0] < left_a - MARGIN_TOLERANCE:
        return False                             # indented or centred, or the line above is out of the block
    first_word = b.split()[0]
    word = (bb[2] - bb[0]) * (len(first_word) + 1) / max(len(b), 1)
    if ab[2] + word <= right + MARGIN_TOLERANCE:
        return False                             # the next word would have fit: the line was ended on purpose
    return not (_opens_item().match(b.lstrip()) and _ENDS_SENTENCE.search(a.rstrip()))


def _new_paragraph(above: tuple, below: tuple) -> bool:
    height = max(above[3] - above[1], below[3] - below[1], 1.0)
    return below[1] < above[1] - 0.5 * height or below[1] - above[3] > 0.5 * height


def _join_hyphenated(lines: list[OutLine]) -> list[tuple[str, tuple]]:
    """pdfium marks a line-end hyphen with \\x02: the line goes on, without a space, on the
    next line (`120/QĐ-` + `UBND-HC`). Keep it one line so numbers stay whole."""
    out: list[tuple[str, tuple]] = []
    carry = None
    for line in lines:
        text = line.text
        if carry is not None:
            text, bbox = carry[0] + text.lstrip(), carry[1]
        else:
            bbox = line.bbox
        if text.rstrip().endswith("\x02"):
            carry = (text.rstrip()[:-1] + "-", bbox)
            continue
        carry = None
        out.append((text.replace("\x02", "-"), bbox))
    if carry:
        out.append(carry)
    return out


def _drop_page_number(lines: list[OutLine], number: int, height: float) -> list[OutLine]:
    """Decree 30 prints page numbers centred in the top margin from page 2: not text."""
    if number == 1 or not lines:
        return lines
    first = lines[0]
    if _PAGE_NUMBER.match(first.text) and first.bbox[3] < 0.1 * height:
        return lines[1:]
    return lines


def join_split_row(above: Page, below: Page, tolerance: float = 3.0) -> bool:
    """A table row that a page break cuts in two ends `above` and opens `below`: its part on the next
    page has an empty first cell (the row's number stays on the first page) and the table's columns.
    The two parts become one row, cell by cell, on the page where the row begins, so the task of an
    appendix table keeps its whole text, its lead body and its deadline in one line."""
    if not (above.tables and below.tables and above.lines and below.lines):
        return False
    upper, lower = above.tables[-1], below.tables[0]
    if not (upper.rows and lower.rows) or len(upper.rows[-1]) != len(lower.rows[0]) or len(lower.rows[0]) < 2:
        return False
    head, tail = upper.rows[-1], lower.rows[0]
    if tail[0].strip() or not head[0].strip() or not any(c.strip() for c in tail):
        return False
    if upper.bbox and lower.bbox and (abs(upper.bbox[0] - lower.bbox[0]) > tolerance
                                      or abs(upper.bbox[2] - lower.bbox[2]) > tolerance):
        return False                               # another table, not the same one going on
    last, first = above.lines[-1], below.lines[0]
    if last.text != clean_line("\t".join(head)) or first.text != clean_line("\t".join(tail)):
        return False                               # text after the table, or before it, on either page
    merged = [_join_cell(a, b) for a, b in zip(head, tail)]
    upper.rows[-1] = merged
    del lower.rows[0]
    if not lower.rows:
        below.tables.remove(lower)
    above.lines[-1] = Line(text=clean_line("\t".join(merged)), page=last.page, number=last.number, bbox=last.bbox)
    below.lines = [Line(text=l.text, page=l.page, number=k, bbox=l.bbox, confidence=l.confidence)
                   for k, l in enumerate(below.lines[1:], start=1)]
    return True


def _join_cell(a: str, b: str) -> str:
    """A cell's text before and after the page break ('Sở, ban, ngành, tổ chức chính' + 'trị - xã hội');
    a word the break hyphenated is rejoined ('Ban Chỉ huy Phòng-' + 'thủ')."""
    a, b = a.strip(), b.strip()
    if not a or not b:
        return a or b
    return a + b if a.endswith("-") and b[:1].islower() and not a.endswith(" -") else f"{a} {b}"


def _has_rulings(page: pdfium.PdfPage) -> bool:
    """Tables are worth pdfplumber's time only on pages that draw enough lines."""
    count = 0
    for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=2):
        count += 1
        if count >= 6:
            return True
    return False


def _topdown(bbox, height):
    x0, bottom, x1, top = bbox
    return (round(x0, 1), round(height - top, 1), round(x1, 1), round(height - bottom, 1))


def _take_table(segments: list[Segment], bbox, cell_rows):
    """Remove the segments inside the table and return the cell texts row by row."""
    x0, bottom, x1, top = bbox
    inside, outside = [], []
    for s in segments:
        cx, cy = (s.x0 + s.x1) / 2, (s.bottom + s.top) / 2
        (inside if x0 <= cx <= x1 and bottom <= cy <= top else outside).append(s)
    rows = []
    for cells in cell_rows:
        texts = []
        for cell in cells:
            if cell is None:
                texts.append("")
                continue
            cx0, cb, cx1, ct = cell
            parts = [s for s in inside if cx0 <= (s.x0 + s.x1) / 2 <= cx1 and cb <= (s.bottom + s.top) / 2 <= ct]
            texts.append(_cell_text(parts))
        if any(t.strip() for t in texts):
            boxes = [c for c in cells if c is not None]
            rows.append((max(c[3] for c in boxes), min(c[1] for c in boxes), texts))
    return outside, rows


def _cell_text(parts: list[Segment]) -> str:
    """A cell's runs in reading order: line by line from the top, left to right within a line, runs
    that touch joined without a space ('Sở KH' + '&' + 'CN' in three fonts), lines with one. Runs of
    one line differ in their tops (marks over capitals stand higher: 'CN chủ trì' beside 'Sở KH&'),
    so a run whose middle lies within the line's height is on that line."""
    lines: list[list[Segment]] = []
    for seg in sorted(parts, key=lambda s: -(s.top + s.bottom) / 2):
        mid = (seg.top + seg.bottom) / 2
        if lines and min(s.bottom for s in lines[-1]) <= mid <= max(s.top for s in lines[-1]):
            lines[-1].append(seg)
        else:
            lines.append([seg])
    out = []
    for line in lines:
        text, last = "", None
        for seg in sorted(line, key=lambda s: s.x0):
            spaced = last is not None and (last.text[-1:].isspace() or seg.text[:1].isspace())
            touching = last is not None and seg.x0 - last.x1 < 0.15 * max(last.height, seg.height)
            text = text + seg.text.strip() if not text or touching and not spaced else text + " " + seg.text.strip()
            last = seg
        out.append(text)
    return " ".join(out).replace("\x02 ", "-").replace("\x02", "-")


# --------------------------------------------------------------------------- OCR

BLANK_SCALE = 0.5        # a page is first rendered at 36 dpi: blank there, it is not OCRed
BLANK_INK = 224          # a pixel darker than this is ink


def render_scale(width: float, height: float, dpi: float, max_pixels: int) -> float:
    """The scale (pixels per point) to render a page of width x height points at `dpi`,
    lowered so the bitmap stays within `max_pixels`."""
    scale = dpi / 72
    area = max(width * height, 1.0)
    if area * scale * scale > max_pixels:
        scale = (max_pixels / area) ** 0.5
    return scale


def _blank(page: pdfium.PdfPage) -> bool:
    import numpy as np
    w, h = page.get_size()
    bitmap = page.render(scale=min(BLANK_SCALE, render_scale(w, h, 36, 4_000_000)), grayscale=True)
    try:
        a = np.asarray(bitmap.to_numpy())
        return bool(a.size) and int(a.min()) >= BLANK_INK
    finally:
        bitmap.close()


def _ocr(pdf: pdfium.PdfDocument, indexes: list[int], options, limits: Limits, findings: list,
         source: str) -> list[Page]:
    """OCR the pages without a usable text layer, a few at a time so a long scanned file never
    holds all its page images in memory. Blank pages are not OCRed. A page that is one scanned
    image gives that image at its native resolution (as OCRmyPDF does: re-rendering resamples
    every glyph); other pages are rendered at options.dpi, smaller when over the pixel limit
    (one finding names the pages)."""
    from extract.load.ocr import check_tesseract, ocr_pages

    check_tesseract(options.ocr_lang)
    chunk = max(2, 2 * getattr(options, "ocr_workers", 1))
    out: list[Page] = []
    reduced: list[tuple[int, float, float]] = []           # (page, pixels at --dpi, dpi used)
    for k in range(0, len(indexes), chunk):
        images = []
        for index in indexes[k:k + chunk]:
            page = pdf[index]
            try:
                if _blank(page):
                    w, h = page.get_size()
                    out.append(Page(number=index + 1, method="ocr", width=round(w * options.dpi / 72),
                                    height=round(h * options.dpi / 72), dpi=float(options.dpi)))
                    continue
                scan = page_image(page, limits.page_pixels)
                if scan is not None:
                    images.append((index + 1, *scan))
                    continue
                w, h = page.get_size()
                scale = render_scale(w, h, options.dpi, limits.page_pixels)
                dpi = round(scale * 72, 1)
                if scale < options.dpi / 72:
                    reduced.append((index + 1, int(w * h * (options.dpi / 72) ** 2), dpi))
                bitmap = page.render(scale=scale, grayscale=True)
                images.append((index + 1, bitmap.to_pil(), dpi))
            finally:
                page.close()
        out.extend(ocr_pages(images, options))
    if reduced:
        shown = ", ".join(str(p) for p, _, _ in reduced[:10]) + (" …" if len(reduced) > 10 else "")
        dpis = sorted({d for _, _, d in reduced})
        findings.append(exceeded(
            "page_pixels", limits.page_pixels, max(px for _, px, _ in reduced), evidence=source,
            done=f"trang {shown} được kết xuất ở {dpis[0]:g} dpi thay vì {options.dpi} dpi để OCR",
            done_en=f"page(s) {shown} were rendered at {dpis[0]:g} dpi instead of {options.dpi} dpi for OCR"))
    out.sort(key=lambda p: p.number)
    return out


# Transposes that bring an image drawn with the given axis directions upright. Keys: the display
# direction (sign of x, sign of y; y down) of the image's columns, then of its rows.
_UPRIGHT = {((1, 0), (0, 1)): None, ((-1, 0), (0, 1)): Image.Transpose.FLIP_LEFT_RIGHT,
            ((1, 0), (0, -1)): Image.Transpose.FLIP_TOP_BOTTOM, ((-1, 0), (0, -1)): Image.Transpose.ROTATE_180,
            ((0, 1), (-1, 0)): Image.Transpose.ROTATE_270, ((0, -1), (1, 0)): Image.Transpose.ROTATE_90,
            ((0, 1), (1, 0)): Image.Transpose.TRANSPOSE, ((0, -1), (-1, 0)): Image.Transpose.TRANSVERSE}
_PAGE_ROTATE = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


def page_image(page: pdfium.PdfPage, max_pixels: int) -> tuple[Image.Image, float] | None:
    """(the page's scanned image upright at its native resolution, its dpi), or None when the
    page is not one image covering it (or that image has more than max_pixels). pdfium decodes every filter a scanner writes (DCT, JBIG2,
    CCITT, JPX, Flate); the image's placement matrix and the page's /Rotate are honoured by
    lossless transposes, never by resampling."""
    images = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3))
    if len(images) != 1:
        return None
    obj = images[0]
    m = obj.get_matrix()
    a, b, c, d = m.a, m.b, m.c, m.d
    if min(abs(a) + abs(b), abs(c) + abs(d)) < 1 or (abs(a) > 1e-3 and abs(b) > 1e-3):
        return None                                  # sheared or turned by an odd angle: render it
    width, height = page.get_size()
    left, bottom, right, top = obj.get_bounds()
    if (right - left) * (top - bottom) < 0.85 * width * height:
        return None                                  # an image on a page, not the page
    px_w, px_h = obj.get_px_size()
    if px_w * px_h > max_pixels:
        return None                                  # over the page pixel limit: rendered smaller
    img = obj.get_bitmap(render=False).to_pil()
    sign = lambda v: (v > 1e-3) - (v < -1e-3)        # noqa: E731
    key = ((sign(a), sign(-b)), (sign(-c), sign(d)))
    if key not in _UPRIGHT:
        return None
    if _UPRIGHT[key] is not None:
        img = img.transpose(_UPRIGHT[key])
    rotation = page.get_rotation() % 360
    if rotation in _PAGE_ROTATE:
        img = img.transpose(_PAGE_ROTATE[rotation])
    along = (a * a + b * b) ** 0.5                   # points the image's width covers on the page
    dpi = round(px_w * 72 / along, 1) if along else None
    if img.mode not in ("L", "RGB"):
        img = img.convert("RGB" if img.mode in ("RGBA", "RGBX", "BGRA", "BGRX", "BGR", "CMYK", "P") else "L")
    return img, dpi if dpi and 50 <= dpi <= 2400 else None
