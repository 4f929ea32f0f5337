"""DOCX loader (python-docx): paragraphs and tables in document order, Word's automatic
list numbering turned back into the labels a reader sees ("1.", "a)"), footnotes.

A công văn made in Word lays out its header and its closing as borderless two-column
tables; those are read column by column (left, then right) like the PDF loader does, while
real data tables give one line per row with cells separated by tabs.

A Word paragraph is a unit of the page: the space around it is what a reader sees between
the Kính gửi line and the body, or between a decision's trích yếu and the authority under it.
A blank line is kept between body paragraphs (never inside one: lines broken with w:br stay
together, and so do the paragraphs of one table cell), so nothing downstream runs one paragraph
on into the next as it would a line wrapped on paper.

python-docx reads every part of the package into memory, so the package is judged from its
zip directory first (extract/load/limits.py: inflated bytes and compression ratio); a
package over the limits is refused with a finding before anything is inflated. The text
read stops at `limits.text_bytes`.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from extract.library_errors import explain
from extract.load.docx_numbering import Numbering
from extract.load.errors import LoadError
from extract.load.limits import DEFAULT_LIMITS, Limits, exceeded, zip_finding, zip_over_limit
from extract.model import Line, Page, Table
from extract.normalize import SUPERSCRIPT_DIGITS, clean_line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Containers whose children are paragraphs and tables in document order (content controls, custom XML).
_CONTAINERS = (W + "sdt", W + "sdtContent", W + "customXml")


def _corrupt(exc: BaseException) -> LoadError:
    said = explain(exc)
    return LoadError("INPUT.UNREADABLE", f"tệp DOCX hỏng ({said.vi})", f"corrupt DOCX ({said.en})")


def load_docx(path: Path, limits: Limits = DEFAULT_LIMITS, findings: list | None = None) -> list[Page]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        over = zip_over_limit(path, limits)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _corrupt(exc) from None
    if over is not None:
        if findings is not None:
            findings.append(zip_finding(over, str(path)))
        return []
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise _corrupt(exc) from None
    numbering = _numbering(document)
    styles = _styles(document)
    texts: list[str] = []
    tables: list[Table] = []
    left = limits.text_bytes                 # bytes of text still allowed
    for block in _blocks(document.element.body):
        if left < 0:
            if findings is not None:
                findings.append(exceeded("text_bytes", limits.text_bytes, limits.text_bytes - left,
                                         evidence=str(path), done="dừng đọc phần còn lại của văn bản",
                                         done_en="the rest of the document was not read"))
            break
        before = len(texts)
        if block.tag == W + "p":
            if texts and texts[-1].strip():
                texts.append("")                 # paragraphs are units (see above)
            texts.extend(_paragraph_lines(block, numbering))
        elif block.tag == W + "tbl":
            rows = _table_rows(block, numbering)
            if _is_layout_table(block, rows, styles):
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

def _blocks(parent):
    """Paragraphs and tables of a body or a table cell in document order, looking inside content
    controls (w:sdt) and custom XML, where Word templates often keep the whole header."""
    for child in parent.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _blocks(child)


def _runs(node):
    """The elements of a paragraph in order, without the fallback copy of a drawing
    (mc:AlternateContent holds the same text box twice: mc:Choice and mc:Fallback)."""
    for child in node.iterchildren():
        if child.tag == MC + "Fallback":
            continue
        yield child
        yield from _runs(child)


def _paragraph_lines(p, numbering: Numbering) -> list[str]:
    """The visible text of a paragraph: its list label, its runs, footnote markers as
    superscript digits; a manual line break (w:br) starts a new line."""
    label = numbering.label(p)
    lines, current = [], [label + " " if label else ""]
    for node in _runs(p):
        tag = node.tag
        if tag == W + "t":
            current.append(node.text or "")
        elif tag == W + "tab":
            current.append("\t")
        elif tag == W + "cr" or tag == W + "br" and node.get(W + "type") in (None, "textWrapping"):
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
            for child in _blocks(tc):
                if child.tag == W + "p":
                    lines.extend(_paragraph_lines(child, numbering))
                elif child.tag == W + "tbl":       # nested table: flatten its text
                    for row in _table_rows(child, numbering):
                        lines.append("\t".join(" ".join(c) for c in row))
            cells.append([ln for ln in lines if ln.strip()])
        rows.append(cells)
    return [r for r in rows if r]


def _is_layout_table(tbl, rows, styles) -> bool:
    """Two columns without visible borders: a header or closing laid out side by side. Borders
    come from the table itself, else from its table style (Word's "Table Grid" draws them all),
    else from a cell; Word's default "Table Normal" has none."""
    if not rows or max(len(r) for r in rows) != 2:
        return False
    return not _has_borders(tbl, styles)


def _visible(borders) -> bool:
    return any(b.get(W + "val") not in ("nil", "none", None) for b in borders)


def _has_borders(tbl, styles) -> bool:
    own = tbl.find(f"{W}tblPr/{W}tblBorders")
    if own is not None:
        if _visible(own):
            return True
    else:
        style = tbl.find(f"{W}tblPr/{W}tblStyle")
        seen = set()
        sid = style.get(W + "val") if style is not None else None
        while sid and sid not in seen and styles is not None:
            seen.add(sid)
            el = next((st for st in styles.iterchildren(W + "style") if st.get(W + "styleId") == sid), None)
            if el is None:
                break
            borders = el.find(f"{W}tblPr/{W}tblBorders")
            if borders is not None:
                if _visible(borders):
                    return True
                break
            based = el.find(W + "basedOn")
            sid = based.get(W + "val") if based is not None else None
    return any(_visible(b) for b in tbl.iter(W + "tcBorders"))


# --------------------------------------------------------------------------- numbering

def _styles(document):
    try:
        return document.part.styles.element
    except (NotImplementedError, KeyError, AttributeError):
        return None


def _numbering(document) -> Numbering:
    """Word's numbering definitions and the styles that carry numbering (docx_numbering.py)."""
    try:
        numbering_root = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        numbering_root = None
    return Numbering(numbering_root, _styles(document))


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
