"""Reading order for a page of positioned text segments (pure geometry, no PDF library).

A công văn prints its header in two columns (issuing body, Số, V/v on the left; Quốc hiệu,
Tiêu ngữ, place and date on the right) and its closing the same way (Nơi nhận | signer).
Read line by line, the columns interleave ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI ..."), which
breaks every field. Here a run of rows split by a common vertical gutter is read column by
column: the whole left column, then the whole right column.

Coordinates are PDF points with y growing upwards (bottom < top).
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from extract.normalize import SUPERSCRIPT_DIGITS
from schemas import built_from_data, load_json


@built_from_data
def opens_item() -> re.Pattern:
    """A line that opens a list item or a numbered part ('- ', '1. ', 'a) ', 'II. ', 'Điều 3'): after a
    line that ends a sentence it starts its own paragraph (pdf.paragraphs, ocr.paragraphs)."""
    points = re.escape(load_json("lexicons", "letters.json")["point_letters"])
    articles = "|".join(re.escape(w) for w in load_json("lexicons", "layout.json")["labels"]["article"])
    return re.compile(r"^(?:[-–—+•]\s|[IVXLC]{1,5}\.\s|\d{1,3}(?:\.\d{1,2})*[.)]\s|[" + points + r"]\)\s|(?:"
                      + articles + r")\s+\d)")


ENDS_SENTENCE = re.compile(r"[.;:!?…]['\")”]*$")


@dataclass
class Segment:
    x0: float
    x1: float
    bottom: float
    top: float
    text: str

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass
class Row:
    cells: list[Segment] = field(default_factory=list)

    @property
    def top(self) -> float:
        return max(c.top for c in self.cells)

    @property
    def bottom(self) -> float:
        return min(c.bottom for c in self.cells)


@dataclass
class OutLine:
    text: str
    bbox: tuple[float, float, float, float]   # x0, top, x1, bottom in points from the page top


def _mark_superscripts(segments: list[Segment], body_height: float) -> list[Segment]:
    """A short run of digits, clearly smaller than body text and raised above the baseline
    of a neighbour on its left, is a footnote marker: turn it into ¹²³ and glue it on, so
    "20/9/2023" + "5" never reads as the year 20235."""
    out = [Segment(s.x0, s.x1, s.bottom, s.top, s.text) for s in segments]
    markers = [s for s in out if s.text.strip().isdigit() and len(s.text.strip()) <= 3
               and s.height < 0.8 * body_height]
    for seg in markers:
        host = min((o for o in out if o is not seg and o not in markers
                    and o.bottom < seg.bottom - 0.15 * body_height < o.top
                    and -1 <= seg.x0 - o.x1 < body_height),
                   key=lambda o: seg.x0 - o.x1, default=None)
        if host is not None:
            host.text = host.text.rstrip() + seg.text.strip().translate(SUPERSCRIPT_DIGITS)
            host.x1 = max(host.x1, seg.x1)
            out.remove(seg)
            continue
        # A marker opening a footnote line ("¹ Nghị định ...") has its text on the right; a number
        # followed by the stop or bracket of a label ("1" + ". Các sở …" in another font) is the
        # label of a numbered item whose digits sit on the baseline, over the descenders beside them.
        host = min((o for o in out if o is not seg and o not in markers
                    and o.bottom < seg.bottom - 0.15 * body_height < o.top
                    and -1 <= o.x0 - seg.x1 < body_height),
                   key=lambda o: o.x0 - seg.x1, default=None)
        if host is not None and host.text.lstrip()[:1] in ".)":
            continue
        if host is not None:
            host.text = seg.text.strip().translate(SUPERSCRIPT_DIGITS) + " " + host.text.lstrip()
            host.x0 = min(host.x0, seg.x0)
            out.remove(seg)
    return out


def _rows(segments: list[Segment]) -> list[Row]:
    """Group segments whose vertical extents mostly overlap into rows, top to bottom."""
    rows: list[Row] = []
    for seg in sorted(segments, key=lambda s: -(s.top + s.bottom) / 2):
        mid = (seg.top + seg.bottom) / 2
        for row in rows[-3:]:
            ref = row.cells[0]
            overlap = min(ref.top, seg.top) - max(ref.bottom, seg.bottom)
            if overlap > 0.5 * min(ref.height, seg.height) or ref.bottom < mid < ref.top:
                row.cells.append(seg)
                break
        else:
            rows.append(Row([seg]))
    for row in rows:
        row.cells.sort(key=lambda s: s.x0)
    return rows


def _merge_cells(row: Row, gap: float) -> Row:
    """Join neighbouring segments of a row unless a wide gap separates them (a column)."""
    merged: list[Segment] = []
    for seg in row.cells:
        if merged and seg.x0 - merged[-1].x1 < gap:
            last = merged[-1]
            # Runs split by a font change ("(" + italic "còn ...") touch: no space between.
            touching = seg.x0 - last.x1 < 0.15 * max(last.height, seg.height)
            sep = "" if touching or last.text.endswith((" ", "\x02")) or seg.text.startswith(" ") else " "
            merged.append(Segment(last.x0, max(last.x1, seg.x1), min(last.bottom, seg.bottom),
                                  max(last.top, seg.top), last.text + sep + seg.text))
            del merged[-2]
        else:
            merged.append(Segment(seg.x0, seg.x1, seg.bottom, seg.top, seg.text))
    return Row(merged)


def reading_order(segments: list[Segment], page_height: float) -> list[OutLine]:
    """Lines of a page in reading order, two-column bands read column by column."""
    segments = [s for s in segments if s.text.strip()]
    if not segments:
        return []
    body = statistics.median(s.height for s in segments)
    segments = _mark_superscripts(segments, body)
    rows = [_merge_cells(r, gap=max(2.2 * body, 14.0)) for r in _rows(segments)]
    line_gap = statistics.median([a.bottom - b.top for a, b in zip(rows, rows[1:])] or [body])

    ordered: list[list[Segment]] = []       # each entry: the cells of one output line
    i = 0
    while i < len(rows):
        band = _two_column_band(rows, i, max(line_gap, 0.3 * body) * 2.5 + body)
        if band:
            left, right, i = band
            ordered.extend([c] for c in left)
            ordered.extend([c] for c in right)
        else:
            ordered.append(rows[i].cells)
            i += 1
    return [_out_line(cells, page_height) for cells in ordered]


def _two_column_band(rows: list[Row], start: int, max_gap: float):
    """From rows[start], the longest run of rows sharing a vertical gutter, starting with a
    row of exactly two cells. Returns (left cells, right cells, next row index) or None.

    A cell far below the last cell of its column joins it only when it is aligned with
    that column: the signer's name under "PHÓ CHỦ TỊCH" after the signature space does,
    a "Kính gửi:" that starts the next block does not."""
    first = rows[start]
    if len(first.cells) != 2:
        return None
    gl, gr = first.cells[0].x1, first.cells[1].x0      # the gutter is (gl, gr)
    columns = ([first.cells[0]], [first.cells[1]])
    j = start + 1
    while j < len(rows):
        row = rows[j]
        if len(row.cells) > 2 or rows[j - 1].bottom - row.top > max_gap:
            break
        l = [c for c in row.cells if c.x1 <= gr]
        r = [c for c in row.cells if c.x0 >= gl and c not in l]
        if len(l) + len(r) != len(row.cells) or len(l) > 1 or len(r) > 1:
            break
        if not all(_fits(col, cell[0], max_gap) for col, cell in ((columns[0], l), (columns[1], r)) if cell):
            break
        if l and l[0].x1 > gl:
            gl = min(l[0].x1, gr)
        if r and r[0].x0 < gr:
            gr = max(r[0].x0, gl)
        columns[0].extend(l)
        columns[1].extend(r)
        j += 1
    if j - start < 2:
        return None          # one row with two cells is just a row, not a band
    return columns[0], columns[1], j


def _fits(column: list[Segment], cell: Segment, max_gap: float) -> bool:
    if column[-1].bottom - cell.top <= max_gap:
        return True
    width = max(c.x1 for c in column) - min(c.x0 for c in column)
    centre = statistics.mean((c.x0 + c.x1) / 2 for c in column)
    left = statistics.median(c.x0 for c in column)
    return abs((cell.x0 + cell.x1) / 2 - centre) <= 0.15 * width or abs(cell.x0 - left) <= 6


def _out_line(cells: list[Segment], page_height: float) -> OutLine:
    text = "\t".join(c.text.strip(" ") for c in cells) if len(cells) > 1 else cells[0].text.strip(" ")
    x0 = min(c.x0 for c in cells)
    x1 = max(c.x1 for c in cells)
    top = max(c.top for c in cells)
    bottom = min(c.bottom for c in cells)
    return OutLine(text, (round(x0, 1), round(page_height - top, 1), round(x1, 1),
                          round(page_height - bottom, 1)))
