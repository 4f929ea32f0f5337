"""DOCX loader (python-docx): paragraphs and tables in document order, Word's automatic
list numbering turned back into the labels a reader sees ("1.", "a)"), footnotes.

A công văn made in Word lays out its header and its closing as borderless two-column
tables; those are read column by column (left, then right) like the PDF loader does, while
real data tables give one line per row with cells separated by tabs.

python-docx reads every part of the package into memory, so the package is judged from its
zip directory first (extract/load/limits.py: inflated bytes and compression ratio); a
package over the limits is refused with a finding before anything is inflated. The text
read stops at `limits.text_bytes`.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from extract.load.errors import LoadError
from extract.load.limits import DEFAULT_LIMITS, Limits, exceeded, zip_finding, zip_over_limit
from extract.model import Line, Page, Table
from extract.normalize import SUPERSCRIPT_DIGITS, clean_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def load_docx(path: Path, limits: Limits = DEFAULT_LIMITS, findings: list | None = None) -> list[Page]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        over = zip_over_limit(path, limits)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LoadError("INPUT.UNREADABLE", f"tệp DOCX hỏng ({exc})", f"corrupt DOCX ({exc})") from None
    if over is not None:
        if findings is not None:
            findings.append(zip_finding(over, str(path)))
        return []
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise LoadError("INPUT.UNREADABLE", f"tệp DOCX hỏng ({exc})", f"corrupt DOCX ({exc})") from None
    numbering = _Numbering(document)
    texts: list[str] = []
    tables: list[Table] = []
    left = limits.text_bytes                 # bytes of text still allowed
    for block in document.element.body.iterchildren():
        if left < 0:
            if findings is not None:
                findings.append(exceeded("text_bytes", limits.text_bytes, limits.text_bytes - left,
                                         evidence=str(path), done="dừng đọc phần còn lại của văn bản",
                                         done_en="the rest of the document was not read"))
            break
        before = len(texts)
        if block.tag == W + "p":
            texts.extend(_paragraph_lines(block, numbering))
        elif block.tag == W + "tbl":
            rows = _table_rows(block, numbering)
            if _is_layout_table(block, rows):
                for col in range(max(len(r) for r in rows)):
                    for row in rows:
                        if col < len(row):
                            texts.extend(row[col])
            else:
                flat = [[" ".join(cell).strip() for cell in row] for row in rows]
                tables.append(Table(page=1, rows=flat))
                texts.extend("\t".join(r) for r in flat)
        left -= sum(len(t.encode("utf-8")) + 1 for t in texts[before:])
    footnotes = _footnotes(document)
    if footnotes:
        texts.append("")
        texts.extend(f"{str(n).translate(SUPERSCRIPT_DIGITS)} {t}" for n, t in footnotes)
    lines = [Line(text=clean_line(t), page=1, number=i) for i, t in enumerate(texts, start=1)]
    return [Page(number=1, method="docx", lines=lines, tables=tables)]


# --------------------------------------------------------------------------- paragraphs

def _paragraph_lines(p, numbering: "_Numbering") -> list[str]:
    """The visible text of a paragraph: its list label, its runs, footnote markers as
    superscript digits; a manual line break (w:br) starts a new line."""
    label = numbering.label(p)
    lines, current = [], [label + " " if label else ""]
    for node in p.iter():
        tag = node.tag
        if tag == W + "t":
            current.append(node.text or "")
        elif tag == W + "tab":
            current.append("\t")
        elif tag == W + "br" and node.get(W + "type") in (None, "textWrapping"):
            lines.append("".join(current))
            current = []
        elif tag == W + "footnoteReference":
            current.append(str(node.get(W + "id", "")).translate(SUPERSCRIPT_DIGITS))
        elif tag == W + "noBreakHyphen":
            current.append("-")
    lines.append("".join(current))
    return lines


def _table_rows(tbl, numbering) -> list[list[list[str]]]:
    """rows -> cells -> lines; horizontally merged cells appear once."""
    rows = []
    for tr in tbl.iterchildren(W + "tr"):
        cells = []
        for tc in tr.iterchildren(W + "tc"):
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            if vmerge is not None and vmerge.get(W + "val") in (None, "continue"):
                cells.append([])                     # continuation of a cell above
                continue
            lines: list[str] = []
            for child in tc.iterchildren():
                if child.tag == W + "p":
                    lines.extend(_paragraph_lines(child, numbering))
                elif child.tag == W + "tbl":       # nested table: flatten its text
                    for row in _table_rows(child, numbering):
                        lines.append("\t".join(" ".join(c) for c in row))
            cells.append([ln for ln in lines if ln.strip()])
        rows.append(cells)
    return [r for r in rows if r]


def _is_layout_table(tbl, rows) -> bool:
    """Two columns without visible borders: a header or closing laid out side by side."""
    if not rows or max(len(r) for r in rows) != 2:
        return False
    borders = tbl.find(f"{W}tblPr/{W}tblBorders")
    if borders is None:
        return True                                 # Word's default "Table Normal" has none
    return all(b.get(W + "val") in ("nil", "none") for b in borders)


# --------------------------------------------------------------------------- numbering

class _Numbering:
    """Counters for Word's automatic numbering (numbering.xml), as Word displays them."""

    FORMATS = {
        "decimal": lambda n: str(n),
        "decimalZero": lambda n: f"{n:02d}",
        "lowerLetter": lambda n: _letters(n),
        "upperLetter": lambda n: _letters(n).upper(),
        "lowerRoman": lambda n: _roman(n).lower(),
        "upperRoman": lambda n: _roman(n),
    }

    def __init__(self, document):
        self.levels: dict[tuple[str, int], dict] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for an in root.iterchildren(W + "abstractNum"):
            lv = {}
            for lvl in an.iterchildren(W + "lvl"):
                ilvl = int(lvl.get(W + "ilvl", "0"))
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                lv[ilvl] = {"fmt": fmt.get(W + "val") if fmt is not None else "decimal",
                            "text": text.get(W + "val") if text is not None else "",
                            "start": int(start.get(W + "val")) if start is not None else 1}
            abstract[an.get(W + "abstractNumId")] = lv
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(W + "val"), {}).items():
                self.levels[(num.get(W + "numId"), ilvl)] = spec

    def label(self, p) -> str:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            return ""
        num_id_el, ilvl_el = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
        if num_id_el is None:
            return ""
        num_id = num_id_el.get(W + "val")
        ilvl = int(ilvl_el.get(W + "val")) if ilvl_el is not None else 0
        spec = self.levels.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, [0] * 9)
        if counters[ilvl] == 0:
            counters[ilvl] = spec["start"]
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if spec["fmt"] == "bullet":
            return "-"
        text = spec["text"]
        for level in range(ilvl + 1):
            lspec = self.levels.get((num_id, level), spec)
            fmt = self.FORMATS.get(lspec["fmt"], self.FORMATS["decimal"])
            value = counters[level] or lspec["start"]
            text = text.replace(f"%{level + 1}", fmt(value))
        return text


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


# --------------------------------------------------------------------------- footnotes

def _footnotes(document) -> list[tuple[int, str]]:
    """(id, text) of each real footnote (ids 0 and -1 are Word's separators)."""
    from lxml import etree

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            root = etree.fromstring(rel.target_part.blob)
            out = []
            for fn in root.iterchildren(W + "footnote"):
                fid = int(fn.get(W + "id", "0"))
                if fid <= 0 or fn.get(W + "type") in ("separator", "continuationSeparator"):
                    continue
                text = "".join(t.text or "" for t in fn.iter(W + "t")).strip()
                if text:
                    out.append((fid, text))
            return out
    return []
