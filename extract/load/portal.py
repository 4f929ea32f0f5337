"""Text copied from a legal portal, read as the page shows it.

A portal page converted to text (Markdown) keeps the document but damages its shape:
- the header, Kính gửi and closing tables and the data tables are flattened into lines that
  hold a single `|` (a pipe opens a row and closes every cell: `| a | b |` over five lines), or
  into Markdown rows on one line, or stay HTML tables; a cell is broken over several lines;
- paragraphs are wrapped at the width of the page's HTML source, either separated by blank
  lines or, on some portals, not separated at all;
- bold and italic marks are split across lines and even inside words (`**V****ề việc**`);
- the portal's own chrome surrounds the document: a copyright banner, a metadata table
  ("Số hiệu:", "Loại văn bản:", "Người ký:", "Ngày ban hành:" …), notices, a trailing title,
  "Văn bản liên quan".

`read_portal(text)` gives the document's lines as a reader sees them: chrome dropped (the
metadata kept apart as corroboration, never as document text), wrapped lines and cells rejoined,
layout tables (header, Kính gửi, closing: at most two columns) read cell by cell in reading order, data tables one line per row with the cells separated by tabs, paragraphs separated
by a blank line. Every line keeps the number of the source line it starts on.
Words and markers are data in schemas/lexicons/portal.json.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from extract.normalize import strip_markup
from schemas import built_from_data, load_json


def lexicon() -> dict:
    return load_json("lexicons", "portal.json")


def _letters(name: str) -> str:
    """A class of letters of schemas/lexicons/letters.json ('point_letters' -> '[ab…zđ]')."""
    return "[" + re.escape(load_json("lexicons", "letters.json")[name]) + "]"


def _key(text: str) -> str:
    """Markup-free, lower-case form of a line, for matching lexicon phrases (printed as the portal prints them)."""
    return " ".join(text.translate(_MARKUP).lower().split())


_MARKUP = str.maketrans({"*": " ", "#": " ", "|": " "})


@dataclass
class PortalText:
    lines: list[tuple[str, int]]                       # (text, 1-based source line); "" separates paragraphs
    metadata: dict[str, str] = field(default_factory=dict)   # the portal's metadata table, by field name
    chrome: list[tuple[int, int]] = field(default_factory=list)   # source line ranges dropped (1-based, inclusive)
    # Index in `lines` of a layout-table cell's line -> side ('left'/'right') of the empty cell
    # printed beside it (see _table_lines).
    beside_empty: dict[int, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- recognising portal text

_PIPE = re.compile(r"^\s*\|\s*$")
_MD_ROW = re.compile(r"^(?=.*\w)(?:\s*\|.*|.*\|\s*|.* \| .*)$")   # '| a | b |', 'a | b |', '| a', 'a |'

_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def is_portal_text(text: str) -> bool:
    """Flattened tables, Markdown or HTML tables, or a portal's chrome. (Text laid out line by line as a
    PDF prints it is not portal text: the layout reader takes its lines as they are.)"""
    lines = text.split("\n")
    if sum(1 for ln in lines[:400] if _PIPE.match(ln)) >= 2:
        return True
    head = " ".join(_key(ln) for ln in lines[:120])
    if any(_key(p) in head for p in lexicon()["chrome_lines"]):
        return True
    if any(_MD_ROW.match(ln) for ln in lines[:5]):
        return True
    return re.search(r"<t[dr]\b", text[:20000], re.I) is not None


# --------------------------------------------------------------------------- chrome

def _label(line: str) -> str | None:
    """The metadata field a line labels ('**Số hiệu:**' -> 'number'), or None."""
    k = _key(line).rstrip(" :")
    if not _key(line).endswith(":"):
        return None
    for label, name in lexicon()["metadata_labels"].items():
        if k == _key(label):
            return name
    return None


def _cut_chrome(lines: list[str]) -> tuple[int, int, dict[str, str], list[tuple[int, int]]]:
    """(first, end) of the document's lines, the metadata and the dropped ranges (0-based, end exclusive)."""
    metadata: dict[str, str] = {}
    first = 0
    last_label = None
    for i, line in enumerate(lines[:250]):
        name = _label(line)
        if name is None:
            continue
        j = i + 1
        while j < len(lines) and (_PIPE.match(lines[j]) or not _key(lines[j])):
            j += 1
        value = []
        while j < len(lines) and not _PIPE.match(lines[j]) and _label(lines[j]) is None and len(value) < 3:
            if _key(lines[j]):
                value.append(strip_markup(lines[j]).strip())
            j += 1
        if value:
            metadata.setdefault(name, " ".join(value))
        last_label = j
    chrome_keys = [_key(p) for p in lexicon()["chrome_lines"]]
    if last_label is not None:
        first = last_label
    else:
        for i, line in enumerate(lines[:80]):
            k = _key(line)
            if k and any(c in k for c in chrome_keys):
                first = i + 1
    while first and first + 1 < len(lines) and _PIPE.match(lines[first]) and _PIPE.match(lines[first + 1]):
        first += 1                                  # the closing pipes of the metadata table
    end = len(lines)
    starts = [_key(p) for p in lexicon()["tail_starts"]]
    heads = {s[:4] for s in starts}
    for i in range(first, len(lines)):
        if lines[i].lstrip("*#| ")[:4].lower() not in heads:
            continue
        k = _key(lines[i])
        if k and any(k.startswith(s) for s in starts):
            end = i
            break
    if end < len(lines):
        end = _trailing_title(lines, first, end, metadata)
    dropped = [(0, first)] if first else []
    if end < len(lines):
        dropped.append((end, len(lines)))
    return first, end, metadata, dropped


@built_from_data
def _portal_title() -> re.Pattern:
    """The portal's title line: a type in words, the number, then 'năm'/'ngày' and a digit."""
    return re.compile("^" + _letters("plain_capitals") + r"[\w ]{2,30} \d+[\w/.-]*/[\w/.-]+ (?:"
                      + "|".join(lexicon()["trailing_title_words"]) + r") \d")


def _trailing_title(lines: list[str], first: int, end: int, metadata: dict[str, str]) -> int:
    """Step back over the portal's title lines printed after the document ('Quyết định 2536/QĐ-TTg
    năm 2025 chuyển … do Thủ tướng Chính phủ ban hành')."""
    number = (metadata.get("number") or "").replace(" ", "")
    while end > first:
        prev = lines[end - 1]
        bare = strip_markup(prev).strip()
        if not bare or _PIPE.match(prev):
            if not bare and end - 1 > first and not _PIPE.match(prev):
                end -= 1
                continue
            break
        titled = (number and number in bare.replace(" ", "")[:80]) or _portal_title().match(bare)
        if not titled:
            break
        end -= 1
    return end


# --------------------------------------------------------------------------- emphasis marks

def _marks(line: str, bold: bool, italic: bool) -> tuple[bool, bool]:
    """Bold and italic open at the end of `line`, given what was open at its start."""
    for run in re.findall(r"\*+", line):
        if len(run) >= 2:
            bold ^= bool((len(run) // 2) % 2)
        if len(run) % 2:
            italic = not italic
    return bold, italic


@lru_cache(maxsize=4096)
def bare(text: str) -> str:
    """A line without emphasis marks and HTML residue, spaces collapsed."""
    t = strip_markup(text)
    t = re.sub(r"(?<!\()\*+(?!\))", "", t)
    return " ".join(t.split())


# --------------------------------------------------------------------------- joining wrapped lines

@built_from_data
def _item_label() -> re.Pattern:
    """A line's label: 'II.', '2.1.', 'a)', '(3)', 'Điều 4', 'PHỤ LỤC'."""
    headings = lexicon()["heading_words"]
    return re.compile(r"^(?:[IVXLC]{1,5}\.|\d{1,3}(?:\.\d{1,3})*[.)]|" + _letters("point_letters") + r"\)|\(\d{1,2}\)|(?:"
                      + "|".join(re.escape(w) for w in headings["numbered"]) + r")\s+[IVXLC\d]+|"
                      + "|".join(re.escape(w) for w in headings["alone"]) + r")(?:\s|$)")


_DASH = re.compile(r"^[-–—+•●▪]\s")
_END_SENTENCE = re.compile(r"(?:[.;:!?]|\./\.)[”\"’)]*$")
_SEPARATOR = re.compile(r"^[\s\-_=~.·•—–*]{3,}$")


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _starts_upper(text: str) -> bool:
    t = text.lstrip("“\"'‘(*[ ")
    return bool(t) and t[0].isupper()


@built_from_data
def _markers() -> re.Pattern:
    alts = "|".join(re.escape(m) for m in sorted(lexicon()["authority_markers"], key=len, reverse=True))
    return re.compile(rf"^(?:{alts})\s*" + _letters("plain_capitals"))


@built_from_data
def _opener() -> re.Pattern:
    alts = "|".join(re.escape(w) for w in sorted(lexicon()["paragraph_openers"], key=len, reverse=True))
    return re.compile(rf"^(?:{alts})\s")


@built_from_data
def _wrap_words() -> frozenset:
    return frozenset(w.lower() for w in lexicon()["soft_wrap_words"])


def _ends_with_wrap_word(text: str) -> bool:
    words = text.lower().split()
    return bool(words) and (words[-1] in _wrap_words() or " ".join(words[-2:]) in _wrap_words())


def _breaks(prev: str, nxt: str, open_at_end: bool, span_from_start: bool, mode: str) -> bool:
    """Does a new line (paragraph or printed line) start at `nxt`? `prev` and `nxt` are raw lines;
    `mode` is "cell" (a table cell: printed lines are short and each is its own), "dense" (prose whose
    paragraphs are not separated by blank lines) or "blank" (paragraphs separated by blank lines)."""
    p, n = bare(prev), bare(nxt)
    if not p or not n or _SEPARATOR.match(p) or _SEPARATOR.match(n):
        return True
    if mode == "cell" and _markers().match(n):
        return True                                   # 'TM. ỦY BAN NHÂN DÂN' / 'KT. CHỦ TỊCH'
    if open_at_end:                                   # inside a bold or italic run: a wrapped line
        return mode == "dense" and bool(re.search(r"[.;!?]$", p)) and _starts_upper(n) and not _item_label().match(p)
    stripped = prev.rstrip()
    if span_from_start and stripped.endswith("*") and not (n[0].islower() or n[0].isdigit()) \
            and not _ends_with_wrap_word(p):
        return True                                   # '**QUYẾT ĐỊNH**', '*Hà Nội, ngày … năm 2025*'
    if nxt.lstrip().startswith("*") and _starts_upper(n) and (mode != "blank" or _END_SENTENCE.search(p)):
        return True                                   # '**CỤC THUẾ**' under 'BỘ TÀI CHÍNH', '*V/v …' under 'Số:'
    if _item_label().match(n) or _DASH.match(n):
        if mode == "dense" or _END_SENTENCE.search(p) or (mode == "cell" and not _ends_with_wrap_word(p)):
            return True
        return False
    if mode != "blank" and _END_SENTENCE.search(p) and _starts_upper(n) and not re.fullmatch(r"\S{1,8}:", p):
        return True                                   # 'Số:' before its number is a wrapped line
    if mode == "cell" and _caps(p) and _starts_upper(n) and not _ends_with_wrap_word(p) \
            and not p.endswith(("-", ",")):
        return True                                   # 'PHÓ CHỦ TỊCH' / 'Nguyễn Lộc Hà', 'TRƯỞNG BAN' / 'PHÓ THỦ TƯỚNG'
    if mode == "dense" and _opener().match(n) and not _ends_with_wrap_word(p):
        return True                                   # '… trực thuộc Trung ương' / 'Căn cứ Luật …'
    if mode == "dense" and _caps(p) and len(p.split()) >= 2 and _starts_upper(n) and not _caps(n):
        return True                                   # a capitalised heading, then prose
    return False


def _join(a: str, b: str) -> str:
    """Two wrapped pieces of one line; a symbol broken after its hyphen ('3783/QĐ-' + 'UBND') stays whole."""
    if re.search(r"[\w)]-$|/$", a) and re.match(r"^[\w(]", b):
        return a + b
    return f"{a} {b}"


def reflow(raw: list[tuple[str, int]], mode: str) -> list[tuple[str, int]]:
    """Rejoin wrapped lines: [(line, source number)] -> [(logical line, first source number)], markup
    removed. Blank lines end a logical line."""
    out: list[tuple[str, int]] = []
    current, start = "", 0
    bold = italic = False
    from_start = False           # the emphasis run open at the end of the previous line began a line
    prev_raw = None
    for text, number in raw:
        if not text.strip():
            if current:
                out.append((current, start))
            current, prev_raw, bold, italic, from_start = "", None, False, False, False
            continue
        if prev_raw is not None and not _breaks(prev_raw, text, bold or italic, from_start, mode):
            current = _join(current, text.strip())
        else:
            if current:
                out.append((current, start))
            current, start = text.strip(), number
        if not (bold or italic):
            from_start = text.lstrip().startswith("*")
        bold, italic = _marks(text, bold, italic)
        prev_raw = text
    if current:
        out.append((current, start))
    return [(b, n) for b, n in ((bare(t), n) for t, n in out) if b]


# --------------------------------------------------------------------------- tables

@dataclass
class _Table:
    rows: list[list[list[tuple[str, int]]]]          # rows -> cells -> raw (line, number)
    start: int                                       # source line number of its first pipe


def _read_pipe_table(lines: list[tuple[str, int]], i: int) -> tuple[_Table, int]:
    """A table flattened into '|' lines from lines[i] (a pipe); returns it and the index after it.
    A pipe opens a row and closes each cell, so a pipe right after a closed cell opens the next row
    (the first row fixes the width); a pipe right after a row opens is an empty cell. A run of lines
    that starts with a blank line, has no closing pipe, or comes when the row is full is the prose
    after the table.
    A pipe after a closed cell, in a row not yet full and before a line that is no row number, is read
    as an empty cell; when the row then overflows, that pipe opened a row instead: the row of a
    plan's table whose number and other cells span it (HTML rowspan) holds fewer cells, and starts
    with its content ('2 | Quản lý, vận hành … | Sở Tài chính | … | Quý IV/2026' over '| Thực hiện sao
    lưu dữ liệu … | Sở Khoa học và Công nghệ | Sở Tài chính'; extract/directive/tables.py joins it
    to the row above). Pipes after a closed cell that fill the row with empty cells and are followed
    by a row number close the row and open the next ('Hằng năm. | | | 2'); other runs of three pipes
    close a nested table."""
    rows: list[list[list[tuple[str, int]]]] = []
    row: list[list[tuple[str, int]]] = []
    width = None
    start = lines[i][1]
    i += 1
    after_cell = False                                # the last token closed a cell
    assumed = None                                    # index in `row` of the last pipe read as an empty cell
    longest = 0
    while i < len(lines):
        if _PIPE.match(lines[i][0]):
            run = 1
            while i + run < len(lines) and _PIPE.match(lines[i + run][0]):
                run += 1
            if run >= 3 and after_cell and width is not None and len(row) + run - 1 <= width \
                    and i + run < len(lines) and lines[i + run][0].strip() and _row_start(lines, i + run):
                rows.append(row + [[] for _ in range(run - 1)])     # empty last cells, then the next row
                row, after_cell, assumed = [], False, None
                i += run
                continue
            if run >= 3 and (row or rows):            # a nested table closed, another opens: a new table
                i += run - 1
                break
            if after_cell and width is not None and len(row) < width and not _row_start(lines, i + 1):
                assumed = len(row)
                row.append([])                        # an empty cell inside a row
                i += 1
                continue
            if after_cell:                            # a new row
                rows.append(row)
                width = width or len(row)
                row, after_cell, assumed = [], False, None
            else:                                     # an empty cell
                row.append([])
                after_cell = True
            i += 1
            continue
        j = i
        while j < len(lines) and not _PIPE.match(lines[j][0]):
            j += 1
        run = lines[i:j]
        if after_cell and width is not None and len(row) >= width and assumed is not None and j < len(lines) \
                and run[0][0].strip() and _spanned_row_fits(lines, i, width - 1):
            rows.append(row[:assumed])                # the pipe read as an empty cell opened this row
            row, assumed = row[assumed + 1:], None
        if j >= len(lines) or not run[0][0].strip() or (after_cell and width is not None and len(row) >= width) \
                or (width is None and len(row) >= 2 and (len(run) > 25 or _signature_cell(row[-1]) or (_heading(run[0][0]) and len(run) > 6))) \
                or (len(run) > 25 and len(run) > 3 * longest):
            break                                     # (a run far longer than any cell: prose)
        row.append([r for r in run if r[0].strip()])
        longest = max(longest, len(run))
        after_cell = True
        i = j + 1
    if row:
        rows.append(row)
    return _Table([r for r in rows if any(c for c in r)], start), i


def _spanned_row_fits(lines: list[tuple[str, int]], i: int, room: int) -> bool:
    """Do the cells from lines[i] (a content line) to the next row that starts with a row number
    number at most `room`? A row whose number cell spans it holds fewer cells than the table; a
    heading across the table between two tables ('B. THỦ TỤC … | STT | Tên TTHC | …') does not end
    that way."""
    cells, after_cell = 0, False
    while i < len(lines) and cells <= room:
        if _PIPE.match(lines[i][0]):
            if after_cell and _row_start(lines, i + 1):
                return i + 1 < len(lines) and bool(lines[i + 1][0].strip()) and not _PIPE.match(lines[i + 1][0])
            if after_cell:
                cells += 1                            # an empty cell
            after_cell = True
            i += 1
            continue
        if not lines[i][0].strip():
            return False                              # prose after the table
        while i < len(lines) and not _PIPE.match(lines[i][0]):
            i += 1
        cells += 1
        after_cell = False                            # the closing pipe comes next
    return False


@built_from_data
def _row_number() -> re.Pattern:
    """A cell that holds only a row number: '2', '2.1', 'II', 'III.1.1' (a row numbered under its group),
    'a)'."""
    return re.compile(r"^\**\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVXLC]{1,5}(?:\.\d{1,3})*\.?|" + _letters("point_letters")
                      + r"\)?)\s*\**$")


def _row_start(lines: list[tuple[str, int]], i: int) -> bool:
    """Does a new row start at lines[i]: its first cell a row number ('2', 'II', 'a')), or the table ends?"""
    if i >= len(lines) or not lines[i][0].strip():
        return True
    return bool(_row_number().match(lines[i][0].strip())) and not _PIPE.match(lines[i][0])


def _signature_cell(cell: list[tuple[str, int]]) -> bool:
    """A closing cell: capitalised title lines, then a person's name ('KT. CHỦ TỊCH' / 'PHÓ CHỦ TỊCH' /
    'Nguyễn Huy Ngọc'); nothing follows it in the closing row."""
    texts = [bare(t) for t, _ in cell]
    if len(texts) < 2:
        return False
    words = texts[-1].rstrip(".").split()
    name = 2 <= len(words) <= 6 and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
    return name and any(_caps(t) for t in texts[:-1])


def _unglue(word: str) -> str:
    """'NAMĐộc' -> 'NAM\\nĐộc': a capitalised line glued to the next line's first word."""
    for k in range(2, len(word) - 1):
        if word[:k].isupper() and word[:k].isalpha() and word[k].isupper() and word[k + 1].islower():
            return word[:k] + "\n" + word[k:]
    return word


@built_from_data
def _closing_heads() -> tuple[re.Pattern, re.Pattern]:
    """Where a signature cell's lines begin: an authority marker or a position title (in capitals, as
    printed), and a signature mark '(Đã ký)'. The one-letter marker 'Q.' is left out: glued to capitals it
    is as likely the end of an abbreviation ('HQ.')."""
    words = load_json("lexicons", "layout.json")
    heads = [m for m in lexicon()["authority_markers"] if len(m.rstrip(".")) > 1] + words["positions"]
    head = re.compile("(?:" + "|".join(re.escape(w) for w in sorted(heads, key=len, reverse=True)) + ")")
    mark = re.compile(r"\(\s*(?:" + "|".join(re.escape(w) for w in words["signature_residue"]) + r")\s*\)", re.I)
    return head, mark


def _unglue_closing(cell: str) -> str:
    """'TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Hồ Đức Phớc' -> one line per printed line: a
    marker or title glued to the capitals before it starts a line, and a signature mark stands alone."""
    head, mark = _closing_heads()
    t = mark.sub(lambda m: "\n" + m.group(0) + "\n", cell)
    def ends_a_word(at: int) -> bool:        # then a space, a mark, or a glued name ('TỊCHNguyễn')
        return at >= len(t) or not t[at].isalpha() or (t[at].isupper() and t[at + 1:at + 2].islower())

    cuts = [m.start() for m in head.finditer(t) if m.start() and t[m.start() - 1].isupper() and ends_a_word(m.end())]
    for at in reversed(cuts):
        t = t[:at] + "\n" + t[at:]
    return t


def _split_glued(cell: str) -> list[str]:
    """A Markdown-row cell whose printed lines lost their breaks: 'CHÍNH PHỦ-------',
    'VIỆT NAMĐộc lập - Tự do - Hạnh phúc', 'Nơi nhận:- Ông (bà) …; - Lưu VT',
    'TM. ỦY BAN THƯỜNG VỤ QUỐC HỘICHỦ TỊCH'."""
    t = re.sub(r"[-_=]{3,}", "\n", cell)
    t = _unglue_closing(t)
    t = re.sub(r"\S{3,}", lambda m: _unglue(m.group(0)), t)
    t = re.sub(r"(:)\s*(?=[-–+]\s)", r"\1\n", t)
    t = re.sub(r"(;)\s+(?=[-–+]\s)", r"\1\n", t)
    return [x.strip() for x in t.split("\n") if x.strip()]


def _read_md_rows(lines: list[tuple[str, int]], i: int) -> tuple[_Table, int]:
    """Consecutive Markdown rows ('a | b |', '| a | b |'), rule rows skipped."""
    rows = []
    start = lines[i][1]
    while i < len(lines):
        text, number = lines[i]
        if _MD_RULE.match(text) and "|" in text:
            i += 1
            continue
        if _PIPE.match(text):
            i += 1
            continue
        if not _MD_ROW.match(text):
            if rows and len(rows[-1]) < 2 and text.strip() and i + 1 < len(lines) and _PIPE.match(lines[i + 1][0]):
                rows[-1].append([(x, number) for x in _split_glued(text)])   # 'text' then '|': the row's next cell
                i += 2
                continue
            break
        cells = [c for c in text.strip().strip("|").split("|")]
        if text.lstrip().startswith("|") and not text.rstrip().endswith("|"):
            cells.insert(0, "")                   # '| a': a flattened row's cells end in a pipe, so one opens it empty
        rows.append([[(x, number) for x in _split_glued(c)] for c in cells])
        i += 1
    return _Table([r for r in rows if any(c for c in r)], start), i


def _html_table_parser() -> type:
    """The HTML table reader, made where an HTML table is read: html.parser compiles its patterns on
    import, which a document without an HTML table never needs (start-up of a one-file check,
    bench/real_corpus.py). Making the class costs microseconds, against the table it reads."""
    from html.parser import HTMLParser

    class _HTMLTable(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.rows: list[list[str]] = []
            self._cell: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append([])
            elif tag in ("td", "th"):
                self._cell = []
            elif tag in ("br", "p") and self._cell is not None:
                self._cell.append("\n")

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self._cell is not None:
                if not self.rows:
                    self.rows.append([])
                self.rows[-1].append("".join(self._cell))
                self._cell = None

        def handle_data(self, data):
            if self._cell is not None:
                self._cell.append(data)

    return _HTMLTable


def _read_html_table(lines: list[tuple[str, int]], i: int) -> tuple[_Table, int]:
    start = lines[i][1]
    j = i
    while j < len(lines) and "</table" not in lines[j][0].lower():
        j += 1
    source = "\n".join(t for t, _ in lines[i:j + 1])
    parser = _html_table_parser()()
    parser.feed(source)
    rows = [[[(x, start) for x in html.unescape(c).split("\n") if x.strip()] for c in r] for r in parser.rows]
    return _Table([r for r in rows if any(c for c in r)], start), min(j + 1, len(lines))


def _layout_table(table: _Table) -> bool:
    """A header, Kính gửi or closing laid out side by side: at most two columns and a few rows, or a
    single row that holds the signature or the Nơi nhận."""
    width = max((len(r) for r in table.rows), default=0)
    if width <= 2 and len(table.rows) <= 4:
        return True
    return len(table.rows) == 1 and any(
        _signature_cell(c) or (c and _list_head().match(bare(c[0][0]))) for c in table.rows[0])


@built_from_data
def _list_head() -> re.Pattern:
    """'Nơi nhận:' / 'Kính gửi:' opening a cell."""
    labels = load_json("lexicons", "layout.json")["labels"]
    return re.compile("(?:" + "|".join(re.escape(w) for w in labels["cc"] + labels["recipients"]) + r")\s*:")


def _heading(line: str) -> bool:
    """A line that is a heading in capitals ('**DANH MỤC**', 'PHỤ LỤC I')."""
    b = bare(line)
    return _caps(b) and not _markers().match(b) and (line.lstrip().startswith("*") or _item_label().match(b) is not None)


def _cell_lines(cell: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return reflow(cell, "cell")


def _filled(cell: list[tuple[str, int]]) -> bool:
    """A cell that prints something (not only emphasis marks or a rule)."""
    return any(_SEPARATOR.sub("", bare(t)).strip() for t, _ in cell)


def _table_lines(table: _Table, beside_empty: dict[int, str] | None = None) -> list[tuple[str, int]]:
    """A layout table cell by cell in reading order (a row's cells left to right: issuer then Quốc
    hiệu, 'Kính gửi:' then its addressees, Nơi nhận then the signature), a blank line after each
    cell; a data table one line per row, cells separated by tabs.
    In a two-column layout table, a cell printed empty beside a filled one (a Markdown row's missing
    last cell is empty too) is recorded in `beside_empty`: index of the filled cell's first line in
    the returned lines (each line of it) -> 'left' or 'right' (where the empty cell is). The copy lost what that cell
    held, so the part that belongs there is not known to be absent (extract/directive/zones.py)."""
    out: list[tuple[str, int]] = []
    if _layout_table(table):
        width = max(len(r) for r in table.rows)
        for row in table.rows:
            cells = row + [[] for _ in range(width - len(row))]
            for k, cell in enumerate(cells):
                if cell:
                    lines = _cell_lines([(x, n) for t, n in cell for x in _unglue_closing(t).split("\n") if x.strip()])
                    if beside_empty is not None and width == 2 and _filled(cell) and not _filled(cells[1 - k]):
                        beside_empty.update({len(out) + j: "left" if k == 1 else "right"
                                             for j, (t, _) in enumerate(lines) if bare(t)})
                    out.extend(lines)
                    out.append(("", cell[-1][1]))
        return out
    for row in table.rows:
        cells = [" ".join(t for t, _ in _cell_lines(c)) for c in row]
        if any(cells):
            number = next((c[0][1] for c in row if c), table.start)
            out.append(("\t".join(cells), number))
    out.append(("", table.start))
    return out


# --------------------------------------------------------------------------- entry point

def read_portal(text: str) -> PortalText:
    """The document's lines as a reader of the portal page sees them (see the module docstring)."""
    raw = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first, end, metadata, dropped = _cut_chrome(raw)
    lines = [(raw[k], k + 1) for k in range(first, end)]
    dense = _dense(lines)
    out: list[tuple[str, int]] = []
    prose: list[tuple[str, int]] = []
    marks: dict[int, str] = {}

    def table_lines(table: _Table) -> None:
        found: dict[int, str] = {}
        lines_ = _table_lines(table, found)
        marks.update({len(out) + k: side for k, side in found.items()})
        out.extend(lines_)

    def flush():
        if prose:
            for t, n in reflow(prose, "dense" if dense else "blank"):
                out.append((t, n))
                out.append(("", n))
            prose.clear()

    i = 0
    while i < len(lines):
        text, number = lines[i]
        if _PIPE.match(text):
            flush()
            table, i = _read_pipe_table(lines, i)
            if table.rows:
                table_lines(table)
            continue
        if re.search(r"<table\b", text, re.I):
            flush()
            table, i = _read_html_table(lines, i)
            if table.rows:
                table_lines(table)
            continue
        if _MD_ROW.match(text):
            flush()
            table, i = _read_md_rows(lines, i)
            if table.rows:
                table_lines(table)
            continue
        if re.match(r"^\s*#{1,6}\s", text):          # a Markdown heading is a line of its own
            flush()
            out.extend([(t, n) for t, n in reflow([(re.sub(r"^\s*#{1,6}\s+", "", text), number)], "cell")])
            out.append(("", number))
        else:
            prose.append((text, number))
        i += 1
    flush()
    tidy: list[tuple[str, int]] = []
    beside: dict[int, str] = {}
    for k, (t, n) in enumerate(out):
        if not t and (not tidy or not tidy[-1][0]):
            continue
        if k in marks:
            beside[len(tidy)] = marks[k]
        tidy.append((t, n))
    while tidy and not tidy[-1][0]:
        tidy.pop()
    return PortalText(tidy, metadata, [(a + 1, b) for a, b in dropped], beside)


def _dense(lines: list[tuple[str, int]]) -> bool:
    """Paragraphs not separated by blank lines (some portals): few blank lines among the prose."""
    prose = [t for t, _ in lines if not _PIPE.match(t)]
    while prose and not prose[-1].strip():
        prose.pop()
    text_lines = sum(1 for t in prose if t.strip())
    blanks = sum(1 for t in prose if not t.strip())
    return text_lines > 0 and blanks < 0.04 * text_lines
