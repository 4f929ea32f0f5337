"""Decree-30 layouts of the REAL corpus documents, and the office scans made of them.

tests/corpus/real/*.txt are portal exports (Markdown-ish text, see its SOURCES.md): the header and
closing tables flattened into `|` lines with their cells broken over several lines, bold marks split
across lines, portal chrome (copyright banner, a metadata block, related-documents lists) around some
documents. Offices receive the same documents as Decree 30 prints them. This module turns a portal
text into a structured document model (`Layout`) and renders that model with several back-ends:

- `text_pdf(layout)`: a text PDF in the Decree 30 layout (two-column header and closing, the type
  heading, body, appendix on a new page, page numbers centred in the top margin from page 2);
- `office_scan(layout, dpi, seed)`: page images of that PDF as an office scanner makes them: a red
  seal over the signer's position and name, a blue signature, 0.3-2 degrees of skew, uneven paper,
  blur, speckle, JPEG 60-80, at 200 or 300 dpi; `scan_pdf(pages)` puts them into an image-only PDF
  (JPEG passed through, as scanners write), `jpeg_files(pages, folder)` writes them as page images.

Another back-end (DOCX) can render the same model. The cleanup here is the renderer's own: it shares
nothing with the product's parser (extract/), so a parser bug cannot hide in the fixtures. Header
fields come from the gold annotation when the document has one (`gold_for`), since the flattened
portal header is where the export damages most.
"""
from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.kit import render

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "corpus" / "real"
GOLD_DIRS = (ROOT / "tests" / "gold" / "real", ROOT.parent.parent / "gold" / "dev",
             ROOT.parent.parent / "gold" / "heldout", Path("/work/gold/dev"), Path("/work/gold/heldout"))

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TYPE_HEADINGS = {"Quyết định": "QUYẾT ĐỊNH", "Kế hoạch": "KẾ HOẠCH", "Chỉ thị": "CHỈ THỊ",
                 "Thông báo": "THÔNG BÁO", "Công điện": "CÔNG ĐIỆN", "Nghị quyết": "NGHỊ QUYẾT",
                 "Báo cáo": "BÁO CÁO", "Hướng dẫn": "HƯỚNG DẪN", "Tờ trình": "TỜ TRÌNH",
                 "Chương trình": "CHƯƠNG TRÌNH", "Thông tư": "THÔNG TƯ", "Nghị định": "NGHỊ ĐỊNH",
                 "Kết luận": "KẾT LUẬN", "Quy chế": "QUY CHẾ", "Quy định": "QUY ĐỊNH", "Đề án": "ĐỀ ÁN",
                 "Phương án": "PHƯƠNG ÁN"}


# --------------------------------------------------------------------------- the model

@dataclass
class Block:
    """One unit of body text. kind: para (justified, first-line indent), heading (centred, bold),
    item (a list line), table (rows of cells). Text keeps the corpus's inline emphasis (**, *)."""
    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Layout:
    """A directive as Decree 30 lays it out (Phụ lục I), independent of any output format."""
    source: str                              # the corpus file name
    issuer: list[str]                        # header, left column, one printed line each
    number: str                              # "Số: 2820/QĐ-UBND"
    place_date: str                          # "Hà Nội, ngày 28 tháng 11 năm 2025"
    subject: list[str] = field(default_factory=list)     # công văn: "V/v ..." under the number
    heading: list[str] = field(default_factory=list)     # typed document: "KẾ HOẠCH" + its subject
    recipients: list[str] = field(default_factory=list)  # Kính gửi lines
    body: list[Block] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)          # Nơi nhận lines, without the label
    signer: list[str] = field(default_factory=list)      # authority and position lines
    signer_name: str = ""
    appendix: list[Block] = field(default_factory=list)

    @property
    def seal_text(self) -> str:
        """What the seal's rim says: the issuing body (never part of the text)."""
        return " ".join(self.issuer[-2:]) if self.issuer else "ỦY BAN NHÂN DÂN"


# --------------------------------------------------------------------------- portal cleanup

_CHROME_START = re.compile(r"^Đang tải văn bản", re.M)
_CHROME_END = re.compile(r"^(Văn bản này chưa cập nhật nội dung|## Văn bản liên quan|"
                         r"(Công văn|Quyết định|Kế hoạch|Thông báo|Chỉ thị|Nghị quyết|Công điện|Thông tư|"
                         r"Nghị định|Hướng dẫn|Báo cáo)\s+\S+\s+(năm|ngày)\s+\d)", re.M)
_META_KEYS = ("Số hiệu", "Loại văn bản", "Nơi ban hành", "Người ký", "Ngày ban hành", "Ngày hiệu lực",
              "Ngày công báo", "Số công báo", "Tình trạng")
_SIGNED = re.compile(r"^\(?\s*(Đã ký|đã ký|Ký|Chữ ký)[^)]*\)?\.?$|^\[?\s*(Đã ký|Signed)\s*\]?$")


def strip_chrome(text: str) -> str:
    """The document without the portal's banner, metadata block and related-documents lists."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    m = _CHROME_START.search(text)
    if m:
        text = text[m.end():]
        lines = text.split("\n")
        k = 0
        # The metadata block: `**Key:**` | value | ... until the last key's value.
        last_key = -1
        for i, line in enumerate(lines[:80]):
            if any(key in line for key in _META_KEYS):
                last_key = i
        if last_key >= 0:
            k = last_key + 1
            while k < len(lines) and (lines[k].strip() in ("|", "", "#") or len(lines[k].strip()) < 25
                                      and not _is_header_start(lines[k])):
                k += 1
            if 0 < k < len(lines) and lines[k - 1].strip() == "|" and lines[k].strip() != "|":
                k -= 1                                   # the `|` that opens the header table
        text = "\n".join(lines[k:])
    closing = text.rfind("Nơi nhận")
    for m in _CHROME_END.finditer(text, max(closing, 0)):
        # The portal's title line ('Quyết định 84/2025/QĐ-UBND năm 2025 …') comes just before its
        # 'Văn bản này chưa cập nhật…' or related-documents list; the same words in an appendix
        # ('Nghị định 147/2025/NĐ-CP ngày 12/6/2025 của Chính phủ …') are the document's own.
        chrome = m.group(0).startswith(("Văn bản này", "## Văn bản")) or \
            re.search(r"^(Văn bản này chưa cập nhật|## Văn bản liên quan)", text[m.end():m.end() + 1500], re.M)
        if chrome and m.start() > len(text) * 0.3:
            text = text[:m.start()]
            break
    return text


def _is_header_start(line: str) -> bool:
    t = _plain(line).upper()
    return t.startswith(("ỦY BAN", "UBND", "BỘ ", "SỞ ", "VĂN PHÒNG", "CHÍNH PHỦ", "THỦ TƯỚNG", "CỤC ",
                         "BAN ", "HỘI ĐỒNG", "TỔNG CỤC", "ĐẢNG", "TỈNH ỦY", "THÀNH ỦY", "CỘNG HÒA"))


def _plain(text: str) -> str:
    """Inline markup off: ** and * and HTML tags."""
    t = re.sub(r"<[^>]+>", "", text).replace("\\*", "*")
    t = re.sub(r"^#+\s*", "", t.strip())
    return re.sub(r"\s+", " ", t.replace("**", "").replace("*", "")).strip()


@dataclass
class _Unit:
    kind: str                     # lines | table
    lines: list[str] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)       # table: cells in order, "" empty
    rows: list[list[list[str]]] = field(default_factory=list)  # table: rows of cells (cell = lines)
    dense: bool = False           # lines from a table cell: no blank line sets its paragraphs apart


def _units(text: str) -> list[_Unit]:
    """Plain line runs (blank-line separated) and flattened `|` tables, in order."""
    lines = text.split("\n")
    out: list[_Unit] = []
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line == "|":
            rows, i = _table_rows(lines, i)
            out.append(_Unit("table", rows=[r for r in rows if any(c for c in r)]))
            continue
        if not line:
            i += 1
            continue
        run = []
        while i < len(lines) and lines[i].strip() and lines[i].strip() != "|":
            run.append(lines[i].rstrip())
            i += 1
        out.append(_Unit("lines", lines=run))
    return out


_ROW_LABEL = re.compile(r"^([IVXLC]+|\d{1,3}|[a-zđ])\s*[.)]?(\s+[^a-zà-ỹ]{3,})?$")
_NUMBER_HEADS = ("TT", "STT", "SỐ TT", "SỐ THỨ TỰ")


def _table_rows(lines: list[str], i: int) -> tuple[list[list[list[str]]], int]:
    """A flattened table from the `|` line at i: each row is `|` then, per cell, its lines and a
    `|` (an empty cell is a bare `|`). The first row ends where a `|` meets the next row's `|`,
    which gives the number of columns; the table ends where no `|` opens another row.

    A row with merged cells has fewer cells, and its closing `|` then meets the next row's `|` like
    an empty cell. In a table numbered in its first column (TT, STT), a row number after such a
    bare `|` opens the next row, and a row that ends early without a number of its own is the
    continuation of a numbered row (its number cell spans both): it gets an empty first cell."""
    def cell_at(j: int) -> tuple[list[str], int]:
        cell = []
        while j < len(lines) and lines[j].strip() != "|":
            cell.append(lines[j].rstrip())
            j += 1
        return [x for x in cell if x.strip()], j + 1          # past the closing `|`

    j = i + 1
    first: list[list[str]] = []
    while j < len(lines):
        cell, j = cell_at(j)
        first.append(cell)
        if j >= len(lines) or lines[j].strip() != "|" and (not lines[j].strip() or first and not cell):
            break
        if lines[j].strip() == "|" and (cell or len(first) > 1):
            break
        if cell and _is_person(_plain(cell[-1])) and any(c and _plain(c[0]).startswith("Nơi nhận") for c in first):
            break                          # a closing table ends with the signer's name
    ncols = max(1, len(first))

    def label(cell: list[str]) -> bool:
        return bool(cell) and bool(_ROW_LABEL.match(_plain(" ".join(cell))))

    # Numbered: a TT / STT column, or the rest of such a table after an elision ('…...') that
    # starts with a numbered row.
    numbered = ncols >= 3 and bool(first[0]) and (_plain(" ".join(first[0])).upper() in _NUMBER_HEADS
                                                  or label(first[0]) and any(first[1:]))

    def close(row: list[list[str]]) -> list[list[str]]:
        if numbered and row and not label(row[0]) and len(row) < ncols:
            row = [[]] + row                              # its number cell spans the row above
        return row + [[] for _ in range(ncols - len(row))]

    rows = [first]
    row: list[list[str]] = []
    opened = False
    while j < len(lines) and (row or opened or lines[j].strip() == "|"):
        if not row and not opened:
            j += 1                                        # the `|` that opens the row
        opened = False
        if j >= len(lines):
            break
        cell, j = cell_at(j)
        if numbered and label(cell) and len(row) >= 2 and not row[-1]:
            rows.append(close(row[:-1]))                  # the bare `|` was this row's opening
            row = []
        row.append(cell)
        if len(row) == ncols and numbered and not row[-1] and j < len(lines) and lines[j].strip() != "|" \
                and label(cell_at(j)[0]):
            rows.append(close(row[:-1]))                  # a row short of a cell, the next one numbered
            row, opened = [], True
            continue
        if len(row) == ncols:
            rows.append(close(row))
            row = []
    if row:
        rows.append(close(row))
    return rows, j


def gold_for(name: str) -> dict | None:
    """The gold annotation of a corpus document (tests/gold/real, else the annotators' folders)."""
    stem = Path(name).stem
    for d in GOLD_DIRS:
        p = d / f"{stem}.json"
        if p.is_file():
            return json.loads(p.read_text(encoding="utf-8"))
    return None


def from_portal(text: str, source: str = "", gold: dict | None = None) -> Layout:
    """The Decree 30 layout of a portal export; header and closing fields from `gold` when given."""
    units = _units(strip_chrome(text))
    issuer_cell, number_cell, place_cell, subject_cell = [], [], [], []
    start = 0
    # The header: the first table (issuer | national / Số | place, date), or the plain blocks before
    # the type heading (issuer, national, Số and V/v, place and date), whichever the export kept.
    for k, u in enumerate(units[:8]):
        cells = [c for row in u.rows for c in row] if u.kind == "table" else [u.lines]
        flat = " ".join(_plain(x) for c in cells for x in c)
        if u.kind == "lines" and (_plain(u.lines[0]).upper() in TYPE_HEADINGS.values()
                                  or _plain(u.lines[0]).startswith("Kính gửi") or len(flat) > 300):
            break
        role = False
        for c in cells:
            joined = _plain(" ".join(c))
            if not joined or set(joined) <= set("-_ "):
                continue
            if joined.upper().startswith(("CỘNG HÒA", "ĐỘC LẬP")):
                role = True
            elif re.match(r"^Số\s*:", joined):
                parts = [_plain(x) for x in c if _plain(x) and not set(_plain(x)) <= set("-_ ")]
                vv = next((n for n, x in enumerate(parts) if x.startswith("V/v")), len(parts))
                number_cell = [" ".join(parts[:vv])]
                subject_cell = [" ".join(parts[vv:])] if vv < len(parts) else []
                role = True
            elif re.search(r",?\s*ngày\b.*\bnăm\b", joined) and len(joined) < 90:
                place_cell, role = [joined], True
            elif joined.startswith("V/v"):
                subject_cell, role = [joined], True
            elif not issuer_cell and not number_cell and joined.upper() == joined:
                issuer_cell = [_plain(x) for x in c if _plain(x) and not set(_plain(x)) <= set("-_ ")]
                role = True
        if not role:
            break
        start = k + 1
    # The closing: the table holding "Nơi nhận" (or the last table before the appendix).
    close = next((k for k in range(start, len(units)) if units[k].kind == "table"
                  and any(_plain(" ".join(c)).startswith("Nơi nhận") for r in units[k].rows for c in r)), None)
    cc, signer, name = [], [], ""
    leading: list[_Unit] = []                 # body the export put in the closing table's first cells
    listed: list[str] = []                    # a recipients list among them (a công điện's addressees)
    if close is not None:
        cells = [c for r in units[close].rows for c in r]
        at = next(n for n, c in enumerate(cells) if _plain(" ".join(c)).startswith("Nơi nhận"))
        moved = set()
        for n, c in enumerate(cells[:at]):
            lines = [x for x in c if _plain(x)]
            if len(_plain(" ".join(lines))) < 120:
                continue                          # an empty or signature cell keeps its place
            moved.add(n)
            if _plain(lines[0]).startswith(("-", "+")) and not leading and not listed:
                listed = _list_lines([_plain(x) for x in lines])
            else:
                leading.append(_Unit("lines", lines=lines, dense=True))
        cells = [c for n, c in enumerate(cells) if n not in moved]
        for c in cells:
            first = _plain(c[0]) if c else ""
            if first.startswith("Nơi nhận"):
                rest = [_plain(x) for x in c[1:]] + ([_plain(first.split(":", 1)[1])] if ":" in first
                                                     and _plain(first.split(":", 1)[1]) else [])
                cc = _list_lines(rest)
            elif c and not signer:
                lines = [_plain(x) for x in c if _plain(x) and not _SIGNED.match(_plain(x))]
                if lines:
                    signer, name = lines[:-1], lines[-1]
    after = close
    if close is None:                          # a closing printed as plain blocks
        close = next((k for k in range(start, len(units)) if units[k].kind == "lines"
                      and _plain(units[k].lines[0]).startswith("Nơi nhận")), None)
        if close is not None:
            cc = _list_lines([_plain(x) for x in units[close].lines[1:]])
            after = close + 1
            while after < len(units) and units[after].kind == "lines" and not name:
                lines = [_plain(x) for x in units[after].lines if _plain(x) and not _SIGNED.match(_plain(x))]
                if all(x.startswith(("-", "+")) for x in lines):
                    cc += _list_lines(lines)
                elif lines and _is_person(lines[-1]):
                    signer, name = signer + lines[:-1], lines[-1]
                else:
                    signer += lines
                after += 1
            after -= 1
    body_units = units[start:close if close is not None else len(units)] + leading
    appendix_units = units[after + 1:] if close is not None else []
    # A closing table printed twice (the portal repeats the signature block) is not an appendix.
    appendix_units = [u for u in appendix_units if not (u.kind == "table" and _is_signature_table(u, name))]

    dense = _dense(units)
    heading, recipients, body = _heading_and_body(body_units, gold, dense)
    recipients = recipients or listed
    layout = Layout(source=source, issuer=_issuer_lines(issuer_cell), number=number_cell[0] if number_cell else "",
                    place_date=place_cell[0] if place_cell else "", subject=subject_cell, heading=heading,
                    recipients=recipients, body=body, cc=cc, signer=signer, signer_name=name,
                    appendix=_blocks(appendix_units, dense))
    if gold:
        _apply_gold(layout, gold)
    return layout


def _is_person(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and (w[1:].islower() or len(w) == 1) for w in words)


def _is_signature_table(u: _Unit, name: str) -> bool:
    flat = [_plain(x) for r in u.rows for c in r for x in c]
    return bool(name) and name in flat and len(flat) <= 8


def _list_lines(lines: list[str]) -> list[str]:
    """Nơi nhận / Kính gửi entries: one per `-` item (continuation lines joined)."""
    out: list[str] = []
    for x in lines:
        if not x:
            continue
        if x.startswith(("-", "+", "•")) or not out:
            out.append(x)
        else:
            out[-1] += " " + x
    return out


def _issuer_lines(cell: list[str]) -> list[str]:
    """The issuing body as printed in two or three lines ("ỦY BAN NHÂN DÂN" / "TỈNH ĐẮK LẮK")."""
    if 2 <= len(cell) <= 3 and all(x.upper() == x and len(x) >= 6 for x in cell):
        return cell                      # governing body over issuing body, as printed
    joined = " ".join(cell).strip()
    return _split_issuer(joined) if joined else []


def _split_issuer(joined: str) -> list[str]:
    up = joined.upper()
    for head in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        if up.startswith(head) and len(joined) > len(head) + 2:
            return [joined[:len(head)], joined[len(head):].strip()]
    if len(joined) <= 36:
        return [joined]
    words, lines = joined.split(), [""]
    for w in words:                            # about 30 characters a line, as the column allows
        if lines[-1] and len(lines[-1]) + 1 + len(w) > 30:
            lines.append(w)
        else:
            lines[-1] = (lines[-1] + " " + w).strip()
    return lines


_LIST_START = re.compile(r"^(\*{0,3})\s*([-+•–]\s|[a-zđ]\)|\d+(\.\d+)*[.)]\s|[IVXLC]+[.)]\s|Điều\s+\d|Chương\s+[IVXLC\d]|"
                         r"Mục\s+\d|Căn cứ|Xét\s|Theo đề nghị|QUYẾT ĐỊNH|“|\")")
_HEADING = re.compile(r"^[^a-zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]{3,}$")


def _heading_and_body(units: list[_Unit], gold: dict | None = None, dense: bool = False
                      ) -> tuple[list[str], list[str], list[Block]]:
    """The type heading (and its subject lines), Kính gửi, then the body blocks. The portal often
    runs them together without a blank line: the heading's subject is its upper-case lines, the
    Kính gửi as many words as the gold recipients have (else its `-` lines, else its first line)."""
    heading: list[str] = []
    recipients: list[str] = []
    units = list(units)
    while units and units[0].kind == "lines" and not _plain(" ".join(units[0].lines)):
        units.pop(0)
    if units and units[0].kind == "lines" and _plain(units[0].lines[0]).upper() in TYPE_HEADINGS.values():
        heading = [_plain(units[0].lines[0]).upper()]
        rest = units[0].lines[1:]
        if not rest and len(units) > 1 and units[1].kind == "lines":
            units.pop(0)
            rest = units[0].lines
        n = 0
        while n < len(rest) and _plain(rest[n]) and not any(c.islower() for c in _plain(rest[n])):
            n += 1
        if n:
            heading.append(" ".join(_plain(x) for x in rest[:n]))
        units[0] = _Unit("lines", lines=rest[n:])
    while units and units[0].kind == "lines" and not units[0].lines:
        units.pop(0)
    if units and units[0].kind == "lines" and _plain(units[0].lines[0]).startswith("Kính gửi"):
        lines = [_plain(x) for x in units[0].lines]
        lines[0] = lines[0].split(":", 1)[1].strip() if ":" in lines[0] else ""
        lines = [x for x in lines if x]
        wanted = sum(len(r.replace("-", " ").split()) for r in (gold or {}).get("recipients") or [])
        if wanted:
            words = " ".join(lines).split()
            taken, k = 0, 0
            while k < len(words) and taken < wanted:
                taken += words[k] not in ("-", "+")
                k += 1
            recipients = _list_lines([" ".join(words[:k])]) if not any(x.startswith("-") for x in lines) \
                else _list_lines(_lines_upto(lines, k))
            units[0] = _Unit("lines", lines=_lines_after(lines, k))
        elif not lines and len(units) > 1 and units[1].kind == "lines" \
                and _plain(units[1].lines[0]).startswith(("-", "+")):
            units.pop(0)                   # 'Kính gửi:' alone, its '-' list after a blank line
            lines = [_plain(x) for x in units[0].lines]
            n = next((k for k, x in enumerate(lines) if x.endswith(".")), len(lines) - 1) + 1
            recipients = _list_lines(lines[:n])
            units[0] = _Unit("lines", lines=units[0].lines[n:])
        else:
            n = 1
            while n < len(lines) and lines[n].startswith(("-", "+")):
                n += 1
            recipients = _list_lines(lines[:n])
            units[0] = _Unit("lines", lines=units[0].lines[n + (0 if _plain(units[0].lines[0]) else 1):])
    return heading, recipients, _blocks(units, dense)


def _lines_after(lines: list[str], nwords: int) -> list[str]:
    """The lines after the first `nwords` words, as printed: the rest of the line the cut falls in,
    then every later line (the body that runs on under Kính gửi keeps its lines, so its paragraphs
    and numbered items stay apart)."""
    out, count = [], 0
    for x in lines:
        words = x.split()
        if count >= nwords:
            out.append(x)
        elif count + len(words) > nwords:
            out.append(" ".join(words[nwords - count:]))
        count += len(words)
    return out


def _lines_upto(lines: list[str], nwords: int) -> list[str]:
    out, count = [], 0
    for x in lines:
        if count >= nwords:
            break
        out.append(x)
        count += len(x.split())
    return out


def _dense(units: list[_Unit]) -> bool:
    """An export whose paragraphs are not set apart by blank lines (some portals): its runs of lines
    are long, a blank line between them for fewer than one line in 25."""
    runs = [u for u in units if u.kind == "lines"]
    lines = sum(len(u.lines) for u in runs)
    return lines > 0 and len(runs) - 1 < 0.04 * lines


def _blocks(units: list[_Unit], dense: bool = False) -> list[Block]:
    """Paragraphs, list lines, headings and tables. In an export that sets paragraphs apart by
    blank lines, a line ending a sentence inside a run is a wrap of the portal's source, not the end
    of a paragraph ('… bí mật nhà nước.' / 'Nghiên cứu, …' is one paragraph); where the export has
    no blank lines, a sentence end followed by a new line is the only sign of a new paragraph."""
    out: list[Block] = []
    for u in units:
        if u.kind == "table":
            rows = [[_plain(" ".join(c)) for c in r] for r in u.rows]
            rows = [r for r in rows if any(r)]
            if rows and max(len(r) for r in rows) >= 2:
                out.append(Block("table", rows=rows))
            else:
                out += [Block("para", " ".join(r)) for r in rows]
            continue
        para: list[str] = []
        for line in u.lines:
            t = line.strip()
            if not _plain(t):
                continue
            starts = bool(_LIST_START.match(t)) or _HEADING.match(_plain(t)) and len(_plain(t)) > 3 \
                or "\t" in t or "\t" in (para[-1] if para else "")     # a tab-separated row is a line of its own
            ends = para and re.search(r"[.;:!?”\"]\**$|\./\.$", para[-1].rstrip("* "))
            if starts and para and not ends and not (dense or u.dense) and re.match(r"^[-+–]\s", _plain(t)):
                starts = False                 # '… tổ chức chính trị' / '- xã hội …': a hyphen the wrap put first
            ends = (dense or u.dense) and ends
            open_bold = " ".join(para).count("**") % 2 == 1        # a bold run goes on
            if para and (starts or ends) and not open_bold:
                out.append(_block(para))
                para = []
            para.append(t)
        if para:
            out.append(_block(para))
    return out


def _block(lines: list[str]) -> Block:
    text = " ".join(x.strip() for x in lines)
    if text.count("**") % 2 or text.replace("**", "").count("*") % 2:
        text = text.replace("*", "")                   # emphasis the export left unbalanced: plain
    plain = _plain(text)
    if re.match(r"^[-+•–]\s", plain):
        return Block("item", text)
    if _HEADING.match(plain) and len(plain) < 160 and not re.match(r"^[IVXLC\d]+[.)]", plain):
        return Block("heading", text)
    return Block("para", text)


def _apply_gold(layout: Layout, gold: dict) -> None:
    """Header and closing strings as the annotator read them off the document."""
    if gold.get("issuer") and " ".join(" ".join(layout.issuer).split()) != " ".join(gold["issuer"].split()):
        layout.issuer = _split_issuer(gold["issuer"])    # the page's own lines when they spell the gold
    number, symbol = gold.get("number"), gold.get("symbol")
    if number or symbol:
        layout.number = f"Số: {number}" if number else f"Số:       /{symbol}"
    date, place = gold.get("date"), gold.get("place")
    if date and place:
        y, m, d = date.split("-")
        month = m if int(m) <= 2 else str(int(m))          # Decree 30: a leading zero for months 1-2 only
        layout.place_date = f"{place}, ngày {d} tháng {month} năm {y}"
    doc_type = gold.get("doc_type") or ""
    subject = (gold.get("subject") or "").strip()
    if doc_type == "Công văn":
        layout.heading = []
        if subject:
            layout.subject = [f"V/v {subject}"]
    elif doc_type in TYPE_HEADINGS:
        layout.subject = []
        layout.heading = [TYPE_HEADINGS[doc_type]] + ([subject] if subject else [])
    if gold.get("recipients"):
        layout.recipients = [r if len(gold["recipients"]) == 1 else f"- {r};" for r in gold["recipients"]]
    signer = gold.get("signer") or {}
    if signer.get("name"):
        layout.signer_name = signer["name"]
        layout.signer = [x for x in (signer.get("authority"), signer.get("position")) if x]
    if gold.get("cc"):
        cc = gold["cc"]
        layout.cc = [f"- {x}{'.' if i == len(cc) - 1 else ';'}" for i, x in enumerate(cc)]


def load_layout(name: str, use_gold: bool = True) -> Layout:
    """The layout of tests/corpus/real/<name>."""
    path = CORPUS / (name if name.endswith(".txt") else name + ".txt")
    return from_portal(path.read_text(encoding="utf-8"), path.name, gold_for(path.name) if use_gold else None)


# --------------------------------------------------------------------------- text PDF back-end

def text_pdf(layout: Layout, flat_tables: bool = False) -> bytes:
    """The Decree 30 text PDF of a layout (A4, Liberation Serif 13 pt, two-column header and
    closing, page numbers from page 2)."""
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

    render._register_fonts()
    st = render._styles()
    bold_center = ParagraphStyle("bc", parent=st["center"], fontName=render.FONT + "-Bold")
    width = render.PAGE_W - render.MARGINS["left"] - render.MARGINS["right"]
    P = render._para
    esc = lambda s: render._inline(s, emphasis=False)            # noqa: E731

    left = [P(f"<b>{esc(x)}</b>", st["center12"]) for x in layout.issuer] or [P("", st["center12"])]
    from reportlab.lib import colors
    from reportlab.platypus.flowables import HRFlowable
    rule = lambda w: HRFlowable(width=w, thickness=0.6, color=colors.black, spaceBefore=1,   # noqa: E731
                                spaceAfter=2, hAlign="CENTER")
    left.append(rule("30%"))
    right = [P(f"<b>{esc(NATIONAL[0])}</b>", st["center12"]), P(f"<b>{esc(NATIONAL[1])}</b>", st["center"]),
             rule("55%")]
    left2 = [P(esc(layout.number), st["center"])] + [P(esc(x), st["center12"]) for x in layout.subject]
    right2 = [P(f"<i>{esc(layout.place_date)}</i>", _fitted(layout.place_date, st["right_italic"], width * 0.58))
              ] if layout.place_date else []
    header = Table([[left, right], [left2, right2]], colWidths=[width * 0.42, width * 0.58])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 1), (-1, 1), 6)]))
    story = [header]
    if layout.heading:
        story += [Spacer(1, 10), P(f"<b>{esc(layout.heading[0])}</b>", st["title"])]
        story += [P(f"<b>{esc(x)}</b>", bold_center) for x in layout.heading[1:]]
    story.append(Spacer(1, 10))
    if layout.recipients:
        if len(layout.recipients) == 1:
            story.append(P(f"Kính gửi: {esc(layout.recipients[0])}", st["center"]))
        else:
            story.append(P("Kính gửi:", st["center"]))
            story += [P(esc(x), ParagraphStyle("kg", parent=st["list"], leftIndent=40 * render.MM))
                      for x in layout.recipients]
        story.append(Spacer(1, 8))
    story += _flow(layout.body, st, width, flat_tables)
    if layout.signer_name or layout.cc:
        cc = [P("<b><i>Nơi nhận:</i></b>", st["cc"])] + [P(esc(x), st["cc"]) for x in layout.cc]
        sign = [P(f"<b>{esc(x)}</b>", st["center"]) for x in layout.signer]
        sign += [Spacer(1, 22 * render.MM), P(f"<b>{esc(layout.signer_name)}</b>", st["center"])]
        closing = Table([[cc, sign]], colWidths=[width * 0.45, width * 0.55], splitInRow=1)
        closing.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        story += [Spacer(1, 8), closing]
    if layout.appendix:
        story += [PageBreak()] + _flow(layout.appendix, st, width, flat_tables)

    def page_number(canvas, doc):
        canvas.setFont(render.FONT, 13)
        canvas.drawCentredString(render.PAGE_W / 2, render.PAGE_H - 12 * render.MM, str(doc.page))

    from reportlab.platypus.doctemplate import LayoutError
    try:
        return _build(story, layout, page_number)
    except LayoutError:
        if flat_tables:
            raise
        return text_pdf(layout, flat_tables=True)   # a table no page can hold: its rows as paragraphs


def _fitted(text: str, style, width: float, smallest: float = 11.0):
    """The style at a size that keeps the text on one line of `width`, as offices set the place
    and date line ('Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025' in a smaller italic rather
    than a year alone on the next line); never below `smallest`."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    wide = stringWidth(text, style.fontName, style.fontSize)
    if wide <= width:
        return style
    size = max(smallest, int(2 * style.fontSize * width / wide) / 2)
    return ParagraphStyle(f"{style.name}-fit", parent=style, fontSize=size, leading=size * 1.2)


def _build(story: list, layout: Layout, page_number) -> bytes:
    from reportlab.platypus import SimpleDocTemplate
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(render.PAGE_W, render.PAGE_H), topMargin=render.MARGINS["top"],
                            bottomMargin=render.MARGINS["bottom"], leftMargin=render.MARGINS["left"],
                            rightMargin=render.MARGINS["right"], title=layout.source or "tthc-check fixture",
                            author="tthc-check", invariant=1)
    doc.build(story, onLaterPages=page_number)
    return buf.getvalue()


def _emphasis(text: str) -> str:
    """Inline markup for ReportLab; marks the export left that do not pair up are dropped."""
    return render._inline(text).replace("*", "")


def _flow(blocks: list[Block], st, width: float, flat_tables: bool = False) -> list:
    from reportlab.platypus import Spacer
    out = []
    for b in blocks:
        if b.kind == "table" and flat_tables:
            out += [render._para(render._inline(" ".join(c for c in row if c)), st["body"]) for row in b.rows]
        elif b.kind == "table":
            table = render._table(b.rows, st)
            table.splitInRow = 1               # a row taller than a page goes on over the next
            out += [table, Spacer(1, 6)]
        elif b.kind == "heading":
            out.append(render._para(f"<b>{render._inline(b.text, emphasis=False)}</b>", st["center"]))
            out.append(Spacer(1, 4))
        elif b.kind == "item":
            out.append(render._para(_emphasis(b.text), st["hard"]))
        else:
            out.append(render._para(_emphasis(b.text), st["body"]))
    return out


# --------------------------------------------------------------------------- office scan back-end

@dataclass
class ScanPage:
    image: Image.Image                       # RGB, as the scanner wrote it (after JPEG)
    dpi: int
    quality: int                             # JPEG quality
    jpeg: bytes                              # the scanner's file
    seal: tuple[float, float, float] | None = None    # centre x, y and radius in pixels, when stamped
    skew: float = 0.0                        # degrees the page was turned on the glass


def office_scan(layout: Layout, dpi: int = 300, seed: int = 0, pdf: bytes | None = None,
                seal: bool = True) -> list[ScanPage]:
    """The pages of `text_pdf(layout)` as an office scans them after signing and stamping."""
    import pypdfium2 as pdfium

    pdf = pdf or text_pdf(layout)
    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(pdf)
    pages: list[ScanPage] = []
    try:
        sign_at = _signer_boxes(doc, layout, dpi)
        for i in range(len(doc)):
            page = doc[i]
            img = page.render(scale=dpi / 72).to_pil().convert("RGB")
            page.close()
            where = None
            if i in sign_at:
                img, where = _sign_and_stamp(img, sign_at[i], layout, dpi, rng, seal)
            pages.append(_scanner(img, dpi, rng, where))
    finally:
        doc.close()
    return pages


def _signer_boxes(doc, layout: Layout, dpi: int) -> dict[int, tuple]:
    """Page index -> (position box, name box) in pixels of the signer's block (last match)."""
    if not layout.signer_name:
        return {}
    scale = dpi / 72
    found = {}
    for i in range(len(doc)):
        page = doc[i]
        height = page.get_height()
        tp = page.get_textpage()
        boxes = {}
        for key, needle in (("name", layout.signer_name), ("position", (layout.signer or [layout.signer_name])[-1])):
            search = tp.search(needle, match_case=True)
            hit = None
            while (m := search.get_next()) is not None:
                hit = m
            search.close()
            if hit:
                l, b, r, t = tp.get_charbox(hit[0])
                l2, b2, r2, t2 = tp.get_charbox(hit[0] + hit[1] - 1)
                boxes[key] = (l * scale, (height - max(t, t2)) * scale, r2 * scale, (height - min(b, b2)) * scale)
        tp.close()
        page.close()
        if "name" in boxes and boxes["name"][0] > 0.4 * render.PAGE_W * scale:
            found = {i: (boxes.get("position", boxes["name"]), boxes["name"])}
    return found


def _sign_and_stamp(img: Image.Image, boxes: tuple, layout: Layout, dpi: int, rng: np.random.Generator,
                    seal: bool) -> tuple[Image.Image, tuple | None]:
    position, name = boxes
    px = dpi / 25.4
    cx = (name[0] + name[2]) / 2
    top, bottom = position[3], name[1]
    # The signature: a blue scribble in the space between the position and the name.
    sig = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(sig)
    x = cx - 18 * px + float(rng.uniform(-3, 3)) * px
    y0 = (top + bottom) / 2
    pts = []
    for k in range(60):
        t = k / 59
        pts.append((x + t * 38 * px, y0 + math.sin(t * 9 + float(rng.uniform(0, 1))) * 5 * px
                    - t * 4 * px + float(rng.normal(0, 0.5)) * px))
    d.line(pts, fill=255, width=max(2, int(0.45 * px)), joint="curve")
    d.line([(x + 5 * px, y0 + 6 * px), (x + 30 * px, y0 - 7 * px)], fill=255, width=max(2, int(0.4 * px)))
    img = _ink(img, sig, (30, 50, 170))
    where = None
    if seal:
        r = float(rng.uniform(17, 20)) * px                   # a 34-40 mm round seal
        # Over the left third of the signature, covering part of the position and the name.
        scx = x + float(rng.uniform(2, 8)) * px
        scy = (position[1] + name[3]) / 2 + float(rng.uniform(-3, 3)) * px
        img = _ink(img, _seal_mask(img.size, (scx, scy), r, layout.seal_text, px, rng), (205, 35, 45))
        where = (scx, scy, r)
    return img, where


def _seal_mask(size, centre, r, rim_text: str, px: float, rng: np.random.Generator) -> Image.Image:
    mask = Image.new("L", size, 0)
    d = ImageDraw.Draw(mask)
    cx, cy = centre
    w = max(2, int(0.55 * px))
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=w)
    d.ellipse((cx - 0.72 * r, cy - 0.72 * r, cx + 0.72 * r, cy + 0.72 * r), outline=255, width=max(1, w // 2))
    star = [(cx + 0.3 * r * math.cos(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4),
             cy + 0.3 * r * math.sin(math.radians(-90 + k * 36)) * (1 if k % 2 == 0 else 0.4)) for k in range(10)]
    d.polygon(star, fill=255)
    font = ImageFont.truetype(str(render._font_file("LiberationSans-Bold.ttf")), max(10, int(2.6 * px)))
    text = rim_text.upper()
    span = 300.0
    for k, ch in enumerate(text):
        if ch == " ":
            continue
        ang = math.radians(-90 - span / 2 + span * (k + 0.5) / len(text))
        rr = 0.86 * r
        glyph = Image.new("L", (int(4 * px), int(4 * px)), 0)
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, fill=255, font=font, anchor="mm")
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        gx, gy = cx + rr * math.cos(ang), cy + rr * math.sin(ang)
        mask.paste(255, (int(gx - glyph.width / 2), int(gy - glyph.height / 2)), glyph)
    # A stamp never inks evenly.
    a = np.asarray(mask, dtype=np.float32) / 255
    a *= rng.uniform(0.55, 1.0, a.shape).astype(np.float32)
    return Image.fromarray((np.clip(a, 0, 1) * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6 * px / 12))


def _ink(img: Image.Image, mask: Image.Image, colour: tuple[int, int, int]) -> Image.Image:
    """Multiply coloured ink onto the page through a 0-255 coverage mask (ink over toner)."""
    a = np.asarray(img, dtype=np.float32)
    m = np.asarray(mask, dtype=np.float32)[..., None] / 255 * 0.9
    ink = np.array(colour, dtype=np.float32) / 255
    out = a * (1 - m + m * ink)
    return Image.fromarray(np.clip(out, 0, 255).astype(np.uint8))


def _scanner(img: Image.Image, dpi: int, rng: np.random.Generator, seal) -> ScanPage:
    """Skew 0.3-2 degrees, uneven yellowish paper, blur, sensor noise, dust, JPEG 60-80."""
    angle = float(rng.uniform(0.3, 2.0) * rng.choice([-1, 1]))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=(255, 255, 255))
    img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 0.7)) * dpi / 300))
    a = np.asarray(img, dtype=np.float32)
    h, w = a.shape[:2]
    # Uneven paper: a slow illumination gradient and a warm tint, ink a little grey.
    yy, xx = np.mgrid[0:h:8, 0:w:8]
    gx, gy = float(rng.uniform(-1, 1)), float(rng.uniform(-1, 1))
    light = 1 - 0.10 * (0.5 + 0.5 * np.sin(gx * xx / w * 3 + gy * yy / h * 3 + float(rng.uniform(0, 6))))
    light = np.asarray(Image.fromarray((light * 255).astype(np.uint8)).resize((w, h), Image.BILINEAR),
                       dtype=np.float32)[..., None] / 255
    paper = np.array([rng.uniform(236, 248), rng.uniform(230, 242), rng.uniform(215, 232)], dtype=np.float32)
    ink = float(rng.uniform(20, 45))
    a = ink + a * (paper - ink) / 255.0
    a = a * light
    a += rng.normal(0, float(rng.uniform(3, 6)), a.shape[:2])[..., None]
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    d = ImageDraw.Draw(out)
    for _ in range(int(rng.integers(60, 200))):                 # dust and toner specks
        x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
        r = float(rng.uniform(0.4, 1.8)) * dpi / 300
        g = int(rng.integers(30, 120))
        d.ellipse((x - r, y - r, x + r, y + r), fill=(g, g, g))
    quality = int(rng.integers(60, 81))
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
    data = buf.getvalue()
    scanned = Image.open(io.BytesIO(data))
    scanned.load()
    if seal:
        cx, cy, r = seal                                    # the seal turned with the page
        c, s = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        dx, dy = cx - w / 2, cy - h / 2
        seal = (w / 2 + dx * c + dy * s, h / 2 - dx * s + dy * c, r)
    return ScanPage(scanned, dpi, quality, data, seal, angle)


def scan_pdf(pages: list[ScanPage]) -> bytes:
    """An image-only PDF, one JPEG per page passed through unchanged (DCTDecode), page size
    from the scan's resolution, as a scanner's PDF."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for p in pages:
        w, h = p.image.width * 72 / p.dpi, p.image.height * 72 / p.dpi
        c.setPageSize((w, h))
        c.drawImage(ImageReader(io.BytesIO(p.jpeg)), 0, 0, width=w, height=h)
        c.showPage()
    c.save()
    return buf.getvalue()


def jpeg_files(pages: list[ScanPage], folder: Path, stem: str = "trang") -> list[Path]:
    """The scanner's page images, one JPEG file each, named so that natural order is page order."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k, p in enumerate(pages, start=1):
        path = folder / f"{stem}-{k}.jpg"
        path.write_bytes(p.jpeg)
        out.append(path)
    return out


def truth_texts(pdf: bytes) -> list[str]:
    """What is printed on each page (the text layer of the text PDF): the OCR ground truth."""
    return render.page_texts(pdf)


def reading_errors(ocr_text: str, truth: str) -> tuple[int, int]:
    """(character errors, truth characters without spaces) of an OCR page against its truth,
    fair about the order of blocks and strict about characters. OCR lines are taken in their
    order, each aligned first just after where the previous one ended (prose runs on; this is
    what keeps the many near-identical lines of a directive, "Căn cứ Quyết định số ... ngày ...",
    from claiming each other's place), else anywhere still unclaimed (a column read first, a
    heading). Errors: edits inside the aligned parts, OCR lines that match nothing, and truth
    characters no line claimed. Whitespace collapsed; NFKC makes superscripts plain digits."""
    from rapidfuzz import fuzz
    from rapidfuzz.distance import Levenshtein

    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()

    ref = norm(truth)
    free = list(ref)
    errors, cursor = 0, 0
    for line in (norm(x) for x in re.split(r"[\n\t\f]", ocr_text)):
        if not line:
            continue
        text = "".join(free)
        near_end = min(len(text), cursor + int(1.5 * len(line)) + 20)
        al = fuzz.partial_ratio_alignment(line, text[cursor:near_end]) if cursor < near_end else None
        if al is not None and al.score >= 80:
            lo, hi = al.dest_start + cursor, al.dest_end + cursor
        else:
            al = fuzz.partial_ratio_alignment(line, text)
            if al is None or al.score < 50:
                errors += len(line.replace(" ", ""))
                continue
            lo, hi = al.dest_start, al.dest_end
        cost, _, start, end = min((Levenshtein.distance(line, text[s:e]), s - e, s, e)
                                  for s in range(max(0, lo - 3), min(len(text), lo + 4))
                                  for e in range(max(s + 1, hi - 3), min(len(text), hi + 3) + 1))
        errors += cost
        free[start:end] = "\x00" * (end - start)
        cursor = end
    errors += sum(1 for c in free if c not in "\x00 ")
    return errors, max(1, len(ref.replace(" ", "")))


def raw_image_pdf(stream: bytes, width: int, height: int, filters: str, *, colour: str = "/DeviceGray",
                  bits: int = 8, decode_parms: str = "", matrix: tuple = None, rotate: int = 0,
                  dpi: float = 300) -> bytes:
    """A one-page PDF whose page is one image XObject given as its encoded stream (what scanners
    write: /DCTDecode JPEG, /CCITTFaxDecode G4, /JPXDecode, /FlateDecode, /JBIG2Decode), placed by
    `matrix` (default: upright, covering the page) on a page of the image's size at `dpi`, with
    /Rotate `rotate`. Written byte by byte so the filter and placement are exactly as given."""
    w_pt, h_pt = width * 72 / dpi, height * 72 / dpi
    a, b, c, d, e, f = matrix or (w_pt, 0, 0, h_pt, 0, 0)
    if matrix and abs(a) < 1e-9:                       # the image turned a quarter: the page is too
        w_pt, h_pt = h_pt, w_pt
    content = f"q {a:.4f} {b:.4f} {c:.4f} {d:.4f} {e:.4f} {f:.4f} cm /Im0 Do Q".encode()
    parms = f" /DecodeParms {decode_parms}" if decode_parms else ""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w_pt:.4f} {h_pt:.4f}] /Rotate {rotate} "
         f"/Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>").encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        (f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {colour} "
         f"/BitsPerComponent {bits} /Filter {filters}{parms} /Length {len(stream)} >>\nstream\n").encode()
        + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for k, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def g4_stream(image: Image.Image, black_is_1: bool = True) -> bytes:
    """A bilevel image as a CCITT Group 4 (T.6) stream, for /CCITTFaxDecode (with /BlackIs1 true)
    or, inverted, as the MMR data of a JBIG2 generic region."""
    import struct as _struct  # noqa: F401 - kept local: only the fixtures need it
    from PIL import ImageOps
    src = image.convert("L") if black_is_1 else ImageOps.invert(image.convert("L"))
    buf = io.BytesIO()
    src.convert("1").save(buf, "TIFF", compression="group4")
    tif = Image.open(io.BytesIO(buf.getvalue()))
    offset, length = tif.tag_v2[273][0], tif.tag_v2[279][0]
    return buf.getvalue()[offset:offset + length]


def jbig2_stream(image: Image.Image) -> bytes:
    """An embedded JBIG2 stream (/JBIG2Decode, no file header) as scanners write: a page
    information segment and one immediate lossless generic region, MMR-coded (T.6), as jbig2enc
    writes in its generic mode. Made here because no JBIG2 encoder is packaged."""
    import struct
    w, h = image.size

    def segment(number: int, kind: int, data: bytes) -> bytes:
        return struct.pack(">IBBBI", number, kind, 0, 1, len(data)) + data

    page = struct.pack(">IIIIBH", w, h, 0, 0, 0, 0)
    region = struct.pack(">IIIIB", w, h, 0, 0, 0) + bytes([1]) + g4_stream(image, black_is_1=False)
    return segment(0, 48, page) + segment(1, 39, region) + segment(2, 49, b"")
