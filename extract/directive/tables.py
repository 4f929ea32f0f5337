"""Task tables: the rows of a plan's or công văn's table, each a task with who leads it and by when.

The loaders give a table one line per row with the cells separated by tabs (PDF ruled tables,
DOCX tables, OCR of ruled tables). Here those lines become rows of cells, each cell a list of
located pieces:
- heading rows name the columns' roles (number, content, lead, coordinate, time, product, note;
  words in schemas/lexicons/tables.json); a heading repeated at the top of a later page is skipped;
- a row whose number cell is empty continues the row above (a row broken by a page break);
- group rows ('1 | Nhóm “Công khai” (trách nhiệm thực hiện của …)', 'I | NHIỆM VỤ CHUNG', a row
  with nothing but its title) head the rows under them;
- row numbers are read where they are legible and otherwise counted (OCR garbles the narrow
  number column), so the labels stay in sequence.
Lines without tabs inside a table (a page footer, a stamp) are not rows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.directive.layout import Piece, is_upper_text, skeleton
from extract.directive.grammar import alternatives, folded_alternatives
from schemas import load_json, built_from_data

ROLES = ("number", "content", "lead", "coordinate", "time", "product", "note")


@built_from_data
def lexicon() -> dict:
    return load_json("lexicons", "tables.json")


@built_from_data
def _role_words() -> list[tuple[str, str]]:
    """(keyword skeleton, role), longest first."""
    out = [(" ".join(skeleton(w.lower()).split()), role) for role, ws in lexicon()["roles"].items() for w in ws]
    return sorted(out, key=lambda x: -len(x[0]))


def role_of(heading: str) -> str | None:
    """The role of a column from its heading: the keyword that starts earliest wins."""
    h = " " + " ".join(re.sub(r"[^\w\s]", " ", skeleton(heading.lower())).split()) + " "
    best = None
    for word, role in _role_words():
        at = h.find(" " + word + " ")
        if at >= 0 and (best is None or at < best[0]):
            best = (at, role)
    return best[1] if best else None


# --------------------------------------------------------------------------- cells and rows

@dataclass
class Cell:
    pieces: list[Piece] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)    # where the line of a spanned row starts

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces if p.text)

    def parts(self) -> list[str]:
        """The cell's text per line of its row: one part, or one per line of a row whose number
        cell spans several lines (each line's lead cell names its own bodies)."""
        cuts = [0, *self.breaks, len(self.pieces)]
        out = [" ".join(p.text for p in self.pieces[a:b] if p.text) for a, b in zip(cuts, cuts[1:])]
        return [t for t in out if t]

    @property
    def start(self) -> int | None:
        return self.pieces[0].start if self.pieces else None


@dataclass
class TableRow:
    cells: list[Cell]
    lines: list[Piece]                         # the physical lines (whole, tabs included)
    label: str = ""                            # "1", "1.2", "I"
    group: "TableRow | None" = None
    children: list["TableRow"] = field(default_factory=list)
    is_group: bool = False

    def cell(self, col: int | None) -> Cell:
        return self.cells[col] if col is not None and col < len(self.cells) else Cell()

    @property
    def segments(self) -> list[tuple[int, int]]:
        return [(p.start, p.end) for p in self.lines]


@dataclass
class Table:
    roles: list[str | None]                    # per column
    rows: list[TableRow]                       # top level: groups and ungrouped rows
    pieces: list[Piece]                        # every line the table spans (headings included)
    catalogue: bool = False                    # a list of administrative procedures, not of tasks

    def col(self, role: str) -> int | None:
        return self.roles.index(role) if role in self.roles else None

    def leaves(self) -> list[TableRow]:
        return [r for top in self.rows for r in (top.children if top.is_group else [top])]


def is_table_line(p: Piece) -> bool:
    return "\t" in p.text


def split_cells(p: Piece) -> list[Piece]:
    """A tab-separated line cut into located cell pieces (empty cells included)."""
    out, pos = [], 0
    for part in p.text.split("\t"):
        out.append(p.cut(pos, pos + len(part)))
        pos += len(part) + 1
    return out


# --------------------------------------------------------------------------- finding tables

def table_runs(pieces: list[Piece]) -> list[tuple[int, int]]:
    """[start, end) index ranges of the tables among `pieces`: at least two tab lines, with at
    most two lines without tabs between two of them (a page footer, a stamp)."""
    runs, i, n = [], 0, len(pieces)
    while i < n:
        if not is_table_line(pieces[i]):
            i += 1
            continue
        j, last = i, i
        while j < n:
            if is_table_line(pieces[j]):
                last = j
            elif j - last > 2:
                break
            j += 1
        if sum(is_table_line(p) for p in pieces[i:last + 1]) >= 2:
            runs.append((i, last + 1))
        i = last + 1
    return runs


_ROMAN = re.compile(r"^(?:[IVX]{1,5})\.?$")
_ROW_NO = re.compile(r"^\d{1,3}(?:\.\d{1,3}){0,2}\.?$")
# OCR look-alikes in a number cell: 'S.l' is 5.1, 'l.2' is 1.2, '1,3' is 1.3.
_ROW_TOKEN = re.compile(r"^[0-9SslIOoBZ|]{1,3}(?:[.,][0-9SslIOoBZ|]{1,3}){0,2}[.,]?$")
_TOKEN_DIGITS = str.maketrans("SslIOoBZ|", "551100821")
_GROUP = load_json("lexicons", "tables.json")["group_rows"]
_GROUP_WORDS = re.compile("^" + folded_alternatives(_GROUP["group_words"]) + r"\b|\("
                          + folded_alternatives(_GROUP["parenthesised"]) + "|^" + folded_alternatives(_GROUP["parenthesised"])
                          + " " + folded_alternatives(_GROUP["duty_of"]) + r"\b")


def _number(text: str) -> str | None:
    """The row number a number cell holds ('1', '1.2', 'II'), OCR look-alikes read as digits."""
    t = text.strip().rstrip(".")
    if not t:
        return None
    if _ROMAN.match(t + ".") and t.isupper():
        return t
    if _ROW_NO.match(t):
        return t
    if _ROW_TOKEN.match(text.strip()) and any(c.isdigit() for c in t):
        return t.translate(_TOKEN_DIGITS).replace(",", ".").rstrip(".")
    return None


def _heading_roles(cells: list[str]) -> list[str | None] | None:
    """Roles when `cells` read as a heading row (every filled cell a column name), else None."""
    filled = [c for c in cells if c.strip()]
    if not filled or any(re.fullmatch(r"[\d.\s]+", c) or _number(c) for c in filled):
        return None                                   # a numbered row ('I | NHÓM NHIỆM VỤ …') is no heading
    roles = [role_of(c) if c.strip() else None for c in cells]
    named = [r for r, c in zip(roles, cells) if c.strip()]
    if sum(r is not None for r in named) < max(1, len(named) - 1) or any(len(c.split()) > 8 for c in filled):
        return None
    return roles


def _sub_heading(texts: list[str], top: list[str]) -> bool:
    """A second heading row names parts of a column ('Chủ trì | Phối hợp') or repeats the first;
    a short group row ('| NHIỆM VỤ CHUNG |') names content and is no heading."""
    return all(role_of(t) != "content" or (c < len(top) and t == top[c]) for c, t in enumerate(texts) if t.strip())


def _merge_headings(rows: list[list[str]]) -> list[str | None]:
    """Roles from one or two heading rows: 'Cơ quan thực hiện' over 'Chủ trì | Phối hợp'."""
    width = max(len(r) for r in rows)
    if len(rows) == 1:
        return [role_of(c) for c in rows[0]] + [None] * (width - len(rows[0]))
    top, sub = rows[0], rows[-1]
    sub = sub + [""] * (width - len(sub))
    if len(top) == width:                              # Word repeats a merged cell per column
        return [role_of(s) or role_of(f"{t} {s}") for t, s in zip(top, sub)]
    out, k, c = [], 0, 0
    while c < width:                                   # a merged top cell spans a run of sub-cells
        if sub[c].strip():
            head = top[k] if k < len(top) else ""
            while c < width and sub[c].strip():
                out.append(role_of(sub[c]) or role_of(f"{head} {sub[c]}"))
                c += 1
            k += 1
            continue
        out.append(role_of(top[k]) if k < len(top) else None)
        k, c = k + 1, c + 1
    return out


def read_table(pieces: list[Piece]) -> Table | None:
    """The rows of the table in `pieces` (one run of table_runs), or None when it has no rows."""
    lines = [p for p in pieces if is_table_line(p)]
    if not lines:
        return None
    cells_of = {id(p): split_cells(p) for p in lines}
    headings: list[list[str]] = []
    for p in lines[:2]:
        texts = [c.text for c in cells_of[id(p)]]
        if _heading_roles(texts) is None or (headings and not _sub_heading(texts, headings[0])):
            break
        headings.append(texts)
    width = max(len(cells_of[id(p)]) for p in lines)
    keys = {_key(h) for h in headings}
    raw: list[tuple[Piece, list[Piece]]] = []         # (line, cells) of every body line
    for p in pieces:
        if is_table_line(p):
            cells = cells_of[id(p)]
            texts = [c.text for c in cells]
            if _key(texts) in keys or (headings and not raw and _heading_roles(texts) is not None
                                       and _sub_heading(texts, headings[0])):
                continue                              # the heading, or its repetition on a new page
            if _heading_roles(texts) is not None and (_repeats(texts, headings) if headings else
                                                      is_upper_text(" ".join(texts), 0.9)):
                continue
            raw.append((p, cells + [Piece("", p.end, p.page, p.line)] * (width - len(cells))))
        elif raw:
            raw.append((p, []))
    if not any(cells for _, cells in raw):
        return None
    if headings:
        roles = _merge_headings(headings)
        roles += [None] * (width - len(roles))
    else:
        roles = _guess_roles([cells for _, cells in raw if cells], width)
    data = [c for _, c in raw if c]
    if "number" not in roles and roles[0] is None and width > 1:
        firsts = [r[0].text for r in data if r[0].text]
        if firsts and sum(len(t) <= 6 for t in firsts) >= 0.8 * len(firsts):
            roles[0] = "number"                       # 'SIT' for 'STT': a narrow first column of numbers
    content = roles.index("content") if "content" in roles else _wordiest(roles, data)
    roles[content] = "content"
    num = roles.index("number") if "number" in roles else None
    time = roles.index("time") if "time" in roles else None
    rows: list[TableRow] = []
    for p, cells in raw:
        if cells and rows and num == 0 and content > 0 and _short_line(p, cells_of, width, cells[0].text):
            empty = Piece("", p.start, p.page, p.line)     # the spanned number cell is not printed
            cells = [empty] * content + cells[:width - content]
        if not cells:
            if rows and p.text[:1].islower():             # a cell line the loader left apart
                rows[-1].cells[content].pieces.append(p)
                rows[-1].lines.append(p)
            continue                                      # a footer or stamp between table lines
        spanned = rows and num is not None and not cells[num].text and _spanned(rows[-1], cells, content, time, num)
        if spanned or (rows and num is not None and not cells[num].text and _continues(rows[-1], cells, content)):
            for c, piece in enumerate(cells):
                if piece.text:
                    if spanned and rows[-1].cells[c].pieces:
                        rows[-1].cells[c].breaks.append(len(rows[-1].cells[c].pieces))
                    rows[-1].cells[c].pieces.append(piece)
            rows[-1].lines.append(p)
            continue
        rows.append(TableRow([Cell([c] if c.text else []) for c in cells], [p]))
    table = Table(roles, [], list(pieces), catalogue=_lists_procedures(headings, content))
    _structure(table, rows)
    return table if table.rows else None


def _lists_procedures(headings: list[list[str]], content: int) -> bool:
    """The content column is headed 'Tên thủ tục hành chính' / 'Tên TTHC': the table lists
    procedures (a quyết định công bố danh mục TTHC's annex), and its rows are no tasks."""
    words = [" ".join(skeleton(w.lower()).split()) for w in lexicon()["procedure_catalogue_headings"]]
    for heading in headings:
        text = " ".join(re.sub(r"[^\w\s]", " ", skeleton(heading[content].lower())).split()) if content < len(heading) else ""
        if any(text.startswith(w) for w in words):
            return True
    return False


def _key(texts: list[str]) -> str:
    return "|".join(" ".join(skeleton(t.lower()).split()) for t in texts if t.strip())


def _repeats(texts: list[str], headings: list[list[str]]) -> bool:
    """A heading row repeated on a later page: every filled cell reads as the heading's cell in its
    column (OCR may lose the narrow 'STT' cell or misread a letter), not merely as a column name."""
    from rapidfuzz import fuzz

    filled = [(c, _key([t])) for c, t in enumerate(texts) if t.strip()]
    return bool(filled) and any(
        all(c < len(h) and fuzz.ratio(k, _key([h[c]])) >= 80 for c, k in filled) for h in headings)


def _continues(prev: TableRow, cells: list[Piece], content: int) -> bool:
    """A row with an empty number cell goes on with the row above (broken by a page break),
    unless it starts a list item or a heading of its own."""
    text = cells[content].text
    if not any(c.text for c in cells):
        return False
    if not text:
        return True
    if re.match(r"^[-+•–]\s", text) or _heading_like(text, cells, content) or _ROMAN_IN_CONTENT.match(text):
        return False
    before = prev.cell(content).text.rstrip()
    if text[:1].islower():
        return True
    return not before.endswith((".", ";", ":", "!", ")")) and not _heading_like(before, prev.cells, content)


def _short_line(p: Piece, cells_of: dict, width: int, first: str) -> bool:
    """A line with fewer cells than the table, opening with text where the number goes: the line of
    a row whose number (and other) cells span it, so its cells start at the content column."""
    return len(cells_of.get(id(p), ())) < width - 1 and bool(first) and _number(first) is None \
        and len(first.split()) >= 3


def _spanned(prev: TableRow, cells: list[Piece], content: int, time: int | None, num: int) -> bool:
    """A line with no number and no time under a numbered row that has both is a second line of
    that row: the number and time cells span it (HTML rowspan, a merged cell in Word). Its
    content and lead go to the row ('1 | Xây dựng hạ tầng … | Trung tâm CĐS | Quý IV/2026' over
    ' | Xây dựng hạ tầng kỹ thuật dự phòng … | Trung tâm CĐS | ')."""
    if time is None or not cells[content].text or cells[time].text:
        return False
    if not prev.cell(time).text or prev.is_group or _heading_like(cells[content].text, cells, content):
        return False
    return _number(prev.cell(num).text) is not None


def _heading_like(text: str, cells: list[Piece] | list[Cell], content: int) -> bool:
    others = any(c.text for i, c in enumerate(cells) if i != content and c.text and not _number(c.text))
    if others:
        return False
    if is_upper_text(text, 0.9) and len(text.split()) <= 25:
        return True
    return _GROUP_WORDS.search(skeleton(text[:200].lower())) is not None and not _group_duty().search(text[:120])


@built_from_data
def _group_duty() -> re.Pattern:
    """A duty word ('phải'): a group-like row that says it is a task after all."""
    return re.compile(r"\b" + alternatives(lexicon()["group_rows"]["duty_words"]) + r"\b")


def _wordiest(roles: list[str | None], rows: list[list[Piece]]) -> int:
    free = [c for c in range(len(roles)) if roles[c] not in ("number", "lead", "coordinate", "time")] \
        or list(range(len(roles)))
    return max(free, key=lambda c: sum(len(r[c].text) for r in rows if c < len(r)))


def _guess_roles(rows: list[list[Piece]], width: int) -> list[str | None]:
    """A table without a heading row: a number column first when its cells are numbers."""
    roles: list[str | None] = [None] * width
    firsts = [r[0].text for r in rows if r and r[0].text]
    if firsts and sum(_number(t) is not None for t in firsts) >= 0.6 * len(firsts):
        roles[0] = "number"
    return roles


def _roman(n: int) -> str:
    vals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out, n = out + s, n - v
    return out


_ROMAN_IN_CONTENT = re.compile(r"^([IVX]{1,4})\s*[.)]\s+\S")


def _structure(table: Table, rows: list[TableRow]) -> None:
    """Group rows and labels: numbers where legible and in sequence, counted otherwise."""
    num = table.col("number")
    content = table.col("content")
    printed = [_number(r.cell(num).text) if num is not None else None for r in rows]
    group: TableRow | None = None
    top_n, sub_n, flat_n, roman_groups = 0, 0, 0, False
    restart = _numbers_restart(printed)
    for row, value in zip(rows, printed):
        text = row.cell(content).text
        filled = [c for c, cell in enumerate(row.cells) if cell.text]
        single = len(filled) == 1 and filled[0] != content and _number(row.cells[filled[0]].text) is None
        if single:                                    # one merged cell across the row
            text = row.cells[filled[0]].text
        if not value and (m := _ROMAN_IN_CONTENT.match(text)):
            value = m.group(1)                        # ' | I. Kinh tế số | ': the group's numeral in its text
        roman = bool(value and _ROMAN.match(value + "."))
        parent_no = bool(value and value.isdigit() and any(v and v.startswith(value + ".") for v in printed))
        if roman or single or parent_no or _heading_like(text, row.cells, content):
            top_n += 1
            sub_n = 0
            roman_groups = roman_groups or roman
            if value and value.isdigit():
                top_n = int(value)
            row.is_group = True
            row.label = value if value and (roman or value.isdigit()) else (
                _roman(top_n) if roman_groups else str(top_n))
            group = row
            table.rows.append(row)
            continue
        if group is None:
            top_n += 1
            if value and value.isdigit() and int(value) >= top_n:
                top_n = int(value)
            row.label = value if value and "." in value else str(top_n)
            flat_n = top_n
            table.rows.append(row)
            continue
        if not restart and not group.label.isdigit():     # 'I | 1 | 2 | II | 3 | 4': counted on
            flat_n = int(value) if value and value.isdigit() and int(value) > flat_n else flat_n + 1
            row.label = str(flat_n)
            row.group = group
            group.children.append(row)
            continue
        sub_n += 1
        sub_n = _resync(value, group.label, sub_n, restart)
        row.label = f"{group.label}.{sub_n}"
        row.group = group
        group.children.append(row)


def _resync(value: str | None, group: str, expected: int, restart: bool) -> int:
    """The sub-row number to use: the printed one when legible and plausible (the next one, or
    a row or two further when OCR lost some), else the count. A lost dot ('13' under group 1)
    reads as 1.3."""
    if not value:
        return expected
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})+", value):
        head, last = value.rsplit(".", 1)
        n = int(last) if head == group else None
    elif value.isdigit() and restart:
        n = int(value)
    elif value.isdigit() and group.isdigit() and value.startswith(group) and len(value) > len(group):
        n = int(value[len(group):])
    else:
        n = None
    return n if n is not None and expected <= n <= expected + 2 else expected


def _numbers_restart(printed: list[str | None]) -> bool:
    """Rows numbered 1, 2, … again under each group ('I | 1 | 2 | II | 1 | 2')."""
    seen = [int(v) for v in printed if v and v.isdigit()]
    return any(b <= a for a, b in zip(seen, seen[1:]))
