"""Layout of a directive: which lines are the header, the recipients, the body, the
closing (signature and Nơi nhận), footnotes and appendices.

Works on the lines of a `Document` and keeps every piece located (offset into
`Document.text`, page, line). The two header columns may come in reading order
(left column, then right) or interleaved on the same lines (pdfplumber, OCR):
lines are cut at the right-column anchors (Quốc hiệu, Tiêu ngữ, place and date),
and the closing is cut the same way at authority markers, positions and names.
Words and patterns are data in schemas/lexicons/layout.json.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extract.directive.dates import parse_date
from extract.directive.grammar import folded_alternatives
from extract.model import Document, Span
from extract.normalize import fold, skeleton  # noqa: F401 - skeleton is re-exported to the lane
from schemas import DATA, built_from_data, load_json

# --------------------------------------------------------------------------- text helpers

_LATIN = [range(0x41, 0x5B), range(0x61, 0x7B), range(0xC0, 0x100), range(0x100, 0x180),
          range(0x1A0, 0x1B1), range(0x1EA0, 0x1EFA)]
UPPER = "".join(chr(c) for r in _LATIN for c in r if chr(c).isalpha() and chr(c).isupper())
LOWER = "".join(chr(c) for r in _LATIN for c in r if chr(c).isalpha() and chr(c).islower())


def is_upper_text(text: str, ratio: float = 0.8) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= ratio


@built_from_data
def lexicon() -> dict:
    return load_json("lexicons", "layout.json")


def phrase_regex(phrases) -> re.Pattern:
    """Phrases as one regex over skeleton text, anchored at the start, longest first."""
    forms = sorted({skeleton(w.lower()) for w in phrases}, key=len, reverse=True)
    alts = [r"\s*".join(re.escape(part) for part in f.split()) for f in forms]
    return re.compile(r"^(?:" + "|".join(alts) + r")(?![a-z0-9])")


def words_re(key: str) -> re.Pattern:
    """A list of the layout lexicon as a phrase_regex, built once and kept by schemas.DATA."""
    return DATA.built(("layout.words_re", key), lambda: phrase_regex(lexicon()[key]))


# --------------------------------------------------------------------------- located text

@dataclass
class Piece:
    """A located piece of one physical line: the whole line, or one column of it."""
    text: str
    start: int                     # offset in Document.text
    page: int
    line: int
    blank_before: bool = False     # a blank line (or a page start) precedes it
    centered: bool | None = None   # from the line's box, when the loader gives one
    x0: float | None = None        # left edge as a fraction of the page width (box known)
    top: float | None = None       # top edge, in the page's own units (box known)
    bottom: float | None = None
    spaced: bool = False           # blank_before also says whether space separates it from the line above
    beside_empty: str | None = None   # its line opens a table cell printed empty on this side (Line.beside_empty)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def skel(self) -> str:
        return skeleton(self.text)

    def cut(self, a: int, b: int | None = None) -> "Piece":
        """The sub-piece text[a:b], stripped, still located."""
        b = len(self.text) if b is None else b
        raw = self.text[a:b]
        lead = len(raw) - len(raw.lstrip())
        return Piece(raw.strip(), self.start + a + lead, self.page, self.line,
                     self.blank_before if a == 0 else False, self.centered, self.x0 if a == 0 else None,
                     self.top, self.bottom, self.spaced, self.beside_empty if a == 0 else None)


@dataclass
class Block:
    """Consecutive pieces that make one component; text joined by single spaces."""
    pieces: list[Piece]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces if p.text)

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end

    def span(self, text: str | None = None) -> Span:
        first = self.pieces[0]
        return Span(text=self.text if text is None else text, start=self.start, end=self.end,
                    page=first.page, line=first.line)


@dataclass
class Footnote:
    number: int | None
    block: Block


@dataclass
class Appendix:
    title: Block | None
    pieces: list[Piece]


@dataclass
class Layout:
    parts: dict[str, Block] = field(default_factory=dict)    # national_title, motto, issuer, ...
    recipients: list[Block] = field(default_factory=list)
    cc: list[Block] = field(default_factory=list)
    body: list[Piece] = field(default_factory=list)           # footnotes and page numbers removed
    footnotes: list[Footnote] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    interleaved: bool = False                                 # header columns shared lines
    # Where the header ends was seen: the walk stopped at the first body line (or Kính gửi), rather
    # than running out of lines. Zones (zones.py) need it to say a header part is absent.
    header_closed: bool = False
    # Lines after the signature that look like Nơi nhận entries printed without their heading.
    unlabelled_cc: bool = False
    # Zones whose layout-table cell is printed empty in this copy (the part's neighbour says which):
    # the copy lost the cell's text, so the part is not known to be absent.
    blank_cells: set[str] = field(default_factory=set)
    # The line a law or a resolution of the Quốc hội or its Standing Committee dates itself by ('… này được
    # Quốc hội … thông qua ngày …'): such documents print no place-and-date line (document_format.json).
    passage: Block | None = None

    def span(self, name: str) -> Span | None:
        block = self.parts.get(name)
        return block.span() if block else None


# --------------------------------------------------------------------------- patterns

_FORMAT = load_json("data", "document_format.json")       # Decree 30 facts: Quốc hiệu, Tiêu ngữ, markers


def ocr_phrase(phrase: str) -> str:
    """A regex source for `phrase` on skeleton text (lower case, no diacritics), each letter also
    matching what OCR reads it as (layout.json `ocr_confusions`), spaces optional, dashes loose."""
    confusions = lexicon()["ocr_confusions"]
    out = []
    for ch in skeleton(phrase.lower()):
        if ch == " ":
            out.append(r"\s*")
        elif ch == "-":
            out.append(r"\s*[-–—~.,:]*\s*")
        elif ch == "/":
            out.append(r"\s*/\s*")
        elif ch in confusions:
            out.append("[" + re.escape(confusions[ch]) + "]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _labels(key: str) -> str:
    return "|".join(ocr_phrase(w) for w in sorted(lexicon()["labels"][key], key=len, reverse=True))


_TITLE = skeleton(_FORMAT["national_title"]["quoc_hieu"].lower())           # fuzzy matching of a Quốc hiệu
_MOTTO = skeleton(_FORMAT["national_title"]["tieu_ngu"].lower())
_TITLE_WORDS = _FORMAT["national_title"]["quoc_hieu"].split()
_TITLE_RE = re.compile(ocr_phrase(" ".join(_TITLE_WORDS[:-2])) + r"(?:\s*" + ocr_phrase(" ".join(_TITLE_WORDS[-2:])) + ")?")
_MOTTO_RE = re.compile(ocr_phrase(_FORMAT["national_title"]["tieu_ngu"]))
_VN_TAIL_RE = re.compile(ocr_phrase(" ".join(_TITLE_WORDS[-2:])) + r"\s*$")       # 'VIỆT NAM' wrapped alone
_DAY, _MONTH, _YEAR = (skeleton(w) for w in lexicon()["labels"]["date_words"])
_DATE_RE = re.compile(rf",?\s*{_DAY}\s*(?:\d{{1,2}}|[\s._…\-]*)\s*{_MONTH}\s*(?:\d{{1,2}}|[\s._…\-]*)\s*{_YEAR}\s*\d{{4}}")
_DATE_HEAD_RE = re.compile(rf",\s*{_DAY}\s*(?:\d{{1,2}}|[\s._…\-]*)(?:\s*{_MONTH}\s*(?:\d{{1,2}}|[\s._…\-]*)(?:\s*{_YEAR})?)?\s*$")
_NUMBER_RE = re.compile(rf"^(?:{_labels('number')})\s*(?:[:;.]\s*|\s+(?=[\d./…_]*\s*/))")
_SUBJECT_RE = re.compile(rf"^(?:{_labels('subject')})(?![a-z])\s*[:.]?\s*")
_VV_INSIDE_RE = re.compile(rf"\s({'|'.join(ocr_phrase(w) for w in lexicon()['labels']['subject'] if '/' in w)})(?![a-z])")
_KINH_GUI_RE = re.compile(rf"^(?:{_labels('recipients')})\s*[:;.]?\s*")
_NOI_NHAN_RE = re.compile(rf"^(?:{_labels('cc')})\s*[:;.]?\s*")
_MARKERS = "|".join(r"\.?".join(re.escape(c) for c in m.rstrip("."))
                    for m in sorted(_FORMAT["authority_markers"]["markers"], key=len, reverse=True))
_AUTHORITY_RE = re.compile(r"(?:^|(?<=\s))(?:" + _MARKERS + r")\s?\.\s*(?=[" + UPPER + r"]{2})")
_SEPARATOR_RE = re.compile(r"^[\s\-_=~*.·•—–]+$")
_BULLET_RE = re.compile(r"^[-–—+•●▪◦~]\s*")
# OCR specks (dust, underline remnants) before or after a header line: '_ V/v …', '… người dân và -'
_LEAD_SPECKS = re.compile(r"^[-_~.,'`·•:;*]{1,3}\s+(?=\S)")
_TRAIL_SPECKS = re.compile(r"\s+[-_~·•*.:;,]{1,3}$")
_PAGE_NO_RE = re.compile(r"^[-–\s]*(?:(?:" + "|".join(lexicon()["labels"]["page"]) + r")\s*)?\d{1,3}(?:\s*/\s*\d{1,3})?[-–\s]*$",
                         re.I)
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_DIGITS = str.maketrans(_SUPERSCRIPT, "0123456789")
_FOOTNOTE_SUP_RE = re.compile(r"^([" + _SUPERSCRIPT + r"]+)\s*(?=\S)")
_FOOTNOTE_NUM_RE = re.compile(r"^(\d{1,2})\s+(?=[" + UPPER + r"])")
_NAME_WORD = r"[" + UPPER + r"][" + LOWER + r"]*"
_NAME_RE = re.compile(r"^(?:" + _NAME_WORD + r"\s+){1,5}" + _NAME_WORD + r"$")
_UPPER_NAME_RE = re.compile(r"^(?:[" + UPPER + r"]+\s+){1,5}[" + UPPER + r"]+$")
_LABEL_RE = re.compile(r"^(?:[IVX]{1,4}\.|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|(?:" + "|".join(lexicon()["labels"]["article"])
                       + r")\s+\d+)\s")


def subject_is_vv(text: str) -> bool:
    """A trích yếu printed after 'V/v' (a công văn's)."""
    return _VV_RE.match(skeleton(text)) is not None


_VV_RE = re.compile(r"^\s*(?:" + "|".join(ocr_phrase(w) for w in lexicon()["labels"]["subject"] if "/" in w) + r")(?![a-z])")


def is_label(text: str) -> bool:
    return _LABEL_RE.match(text) is not None


def is_bullet(text: str) -> bool:
    return _BULLET_RE.match(text) is not None


# --------------------------------------------------------------------------- lines

def pieces_of(document: Document) -> list[Piece]:
    """Every non-blank line as a Piece; page numbers at the top of pages 2.. dropped."""
    out: list[Piece] = []
    blank, page_top, last_page = True, True, None
    offset = 0
    for pi, page in enumerate(document.pages):
        if pi:
            offset += 1                                   # the form feed
        mid = (page.width / 2) if page.width else None
        for li, line in enumerate(page.lines):
            if li:
                offset += 1                               # the newline
            text = line.text
            if page.number != last_page:
                blank, page_top, last_page = True, True, page.number
            stripped = text.strip()
            if stripped and "\t" in text.strip(" \r\n"):
                stripped = text.strip(" \r\n")          # a table row keeps its empty first or last cell
            if stripped:
                if (page_top and page.number > 1 and _PAGE_NO_RE.match(stripped)) or _stamp_line(stripped):
                    blank = True
                else:
                    centered = left = top = bottom = None
                    if mid and line.bbox:
                        x0, top, x1, bottom = line.bbox
                        # A line as wide as the text block (a wrapped trích yếu) is both centred
                        # and justified: say neither.
                        centered = None if (x1 - x0) >= 0.75 * page.width else \
                            abs((x0 + x1) / 2 - mid) < 0.06 * page.width
                        left = x0 / page.width
                        if page.method == "text" and out and out[-1].page == page.number \
                                and out[-1].bottom is not None and _paragraph_gap(out[-1], top, bottom):
                            blank = True              # a text PDF separates paragraphs by space, not empty lines
                    lead = text.find(stripped)
                    out.append(Piece(stripped, offset + lead, page.number, line.number, blank, centered, left,
                                     top, bottom, spaced=page.method == "text" and top is not None,
                                     beside_empty=line.beside_empty))
                    blank = False
                page_top = False
            else:
                blank = True
            offset += len(text)
    return out


def _paragraph_gap(previous: Piece, top: float, bottom: float) -> bool:
    """A new paragraph or column by the boxes of a text PDF: the line starts above the previous one (the
    other column of the header) or leaves more than half a line of space after it."""
    height = max(bottom - top, previous.bottom - previous.top, 1.0)
    return top < previous.top - 0.5 * height or top - previous.bottom > 0.5 * height


def _stamp_line(text: str) -> bool:
    """'Người ký: …', 'Thời gian ký: …': a signing tool's text in the PDF, not the directive's."""
    m = words_re("stamp_labels").match(skeleton(text))
    return bool(m) and text[m.end():].lstrip()[:1] == ":"


# --------------------------------------------------------------------------- header

@built_from_data
def _place_prefix_re() -> re.Pattern:
    """A place prefix ('Thành phố', 'thị xã', layout.json place_prefixes) ending the text."""
    alts = "|".join(re.escape(p) for p in sorted(lexicon()["place_prefixes"], key=len, reverse=True))
    return re.compile(r"(?:^|(?<=\s))(?:" + alts + r")\s*$", re.I)


def _place_start(text: str, at: int) -> int:
    """Start of the place name that ends at `at` (', ngày'): the run of capitalised
    words right before it, with a 'Thành phố' / 'thị xã' style prefix."""
    start = at
    for w in reversed(list(re.finditer(r"\S+", text[:at]))):
        token = w.group(0)
        if token[0] in UPPER and (not token.endswith((";", ":", ".", ",")) or token in ("TP.", "Tp.")):
            start = w.start()
            continue
        break
    if start < at:
        m = _place_prefix_re().search(text[:start].rstrip())
        if m:
            start = m.start()
    return start


def _anchor_cuts(piece: Piece, title_open: bool, found: set, date_goes_on: bool = False) -> list[tuple[str, int]]:
    """Right-column anchors in a header line: [(kind, position in piece.text)]. `date_goes_on`: the next
    line finishes a place and date this line starts ('…, ngày 19 tháng 11 năm' / '2025')."""
    skel = piece.skel
    cuts: list[tuple[str, int]] = []
    if "national_title" not in found:
        m = _TITLE_RE.search(skel)
        if m:
            cuts.append(("national_title", m.start()))
        elif len(skel) >= 24:
            al = fuzz.partial_ratio_alignment(_TITLE, skel)
            if al.score >= 88:
                cuts.append(("national_title", al.dest_start))
    if "motto" not in found:
        m = _MOTTO_RE.search(skel)
        if m:
            cuts.append(("motto", m.start()))
        elif len(skel) >= 20:
            al = fuzz.partial_ratio_alignment(_MOTTO, skel)
            if al.score >= 85:
                cuts.append(("motto", al.dest_start))
    if "place_date" not in found:
        m = _DATE_RE.search(skel)
        if m and len(skel) - m.end() <= 3:               # the date ends its column's line
            cuts.append(("place_date", _place_start(piece.text, m.start())))
        elif date_goes_on:
            m = _DATE_HEAD_RE.search(skel)
            cuts.append(("place_date", _place_start(piece.text, m.start())))
    if title_open and not cuts:
        m = _VN_TAIL_RE.search(skel)
        if m:
            cuts.append(("title_tail", m.start()))
    return sorted(cuts, key=lambda c: c[1])


def _date_goes_on(pieces: list[Piece], i: int) -> bool:
    """pieces[i] ends with a place and date whose rest is the next line ('… ngày 19 tháng 11 năm' / '2025'):
    a long place name wraps the date in a narrow column."""
    if i + 1 >= len(pieces) or len(pieces[i + 1].text) > 30:
        return False
    m = _DATE_HEAD_RE.search(pieces[i].skel)
    if not m or _DATE_RE.search(pieces[i].skel):
        return False
    joined = pieces[i].skel[m.start():] + " " + pieces[i + 1].skel
    d = _DATE_RE.search(joined)
    return bool(d) and d.start() == 0 and len(joined) - d.end() <= 3


def _split_header_line(piece: Piece, title_open: bool, found: set, date_goes_on: bool = False
                       ) -> list[tuple[str, Piece]]:
    cuts = _anchor_cuts(piece, title_open, found, date_goes_on)
    if not cuts:
        return [("left", piece)]
    out = []
    if cuts[0][1] > 0:
        left = piece.cut(0, cuts[0][1])
        if left.text:
            out.append(("left", left))
    for i, (kind, pos) in enumerate(cuts):
        end = cuts[i + 1][1] if i + 1 < len(cuts) else None
        part = piece.cut(pos, end)
        if part.text:
            out.append((kind, part))
    return out


@built_from_data
def _doc_titles() -> tuple[tuple[str, str], ...]:
    """(folded, name) of every document type that has a tên loại heading, longest first."""
    skip = {fold(n) for n in lexicon()["not_doc_titles"]}
    names = [t["name"] for t in load_json("lexicons", "doc_types.json")["types"]]
    return tuple(sorted(((fold(n), n) for n in names if fold(n) not in skip), key=lambda x: -len(x[0])))


def doc_title_of(text: str) -> str | None:
    """The tên loại heading ('CHỈ THỊ', 'KẾ HOẠCH' ...) when the line is one."""
    if not is_upper_text(text, 0.9):
        return None
    f = fold(text).strip(" .:")
    for n, name in _doc_titles():
        if f == n or (f.startswith(n + " ") and len(f.split()) <= 14):
            return name
    return None


def _is_noise(text: str) -> bool:
    alnum = sum(c.isalnum() for c in text)
    return alnum == 0 or _SEPARATOR_RE.match(text) is not None or (alnum <= 2 and not text.isdigit())


def body_cue(skel: str) -> bool:
    return words_re("body_cues").match(skel) is not None


def parse_header(pieces: list[Piece], layout: Layout) -> int:
    """Fill the header parts; return the index of the first body piece."""
    parts = layout.parts
    issuer: list[Piece] = []
    title: list[Piece] = []
    subject: list[Piece] = []
    state = "issuer"           # issuer -> number -> subject | doc_title -> done
    title_open = False
    seen_core = False          # number, place/date or tên loại seen: the header is real

    def close() -> None:
        _finish_subject(parts, subject)
        if title:
            parts.setdefault("national_title", Block(title))
        if issuer:
            parts.setdefault("issuer", Block(issuer))

    limit = min(len(pieces), 80)
    continued: set[int] = set()                # lines that finish the place and date of the line above
    for i in range(limit):
        piece = pieces[i]
        if i in continued:
            continue
        if recipients_head(piece) is not None:
            close()
            layout.header_closed = True
            return _parse_recipients(pieces, i, layout)
        found = {k for k in ("national_title", "motto", "place_date") if k in parts} | (
            {"national_title"} if title and not title_open else set())
        goes_on = "place_date" not in found and _date_goes_on(pieces, i)
        split = _split_header_line(piece, title_open, found, goes_on)
        if len(split) > 1 and split[0][0] == "left":
            layout.interleaved = True
        for kind, part in split:
            if kind in ("national_title", "title_tail"):
                title.append(part)
                title_open = kind == "national_title" and not _VN_TAIL_RE.search(part.skel)
                continue
            if kind in ("motto", "place_date"):
                if kind == "place_date" and goes_on and "place_date" not in parts:
                    parts["place_date"] = Block([part, pieces[i + 1]])
                    continued.add(i + 1)
                parts.setdefault(kind, Block([part]))
                title_open = False
                seen_core = seen_core or kind == "place_date"
                continue
            if _is_noise(part.text):
                continue
            sp = _LEAD_SPECKS.match(part.text)
            if sp:
                part = part.cut(sp.end())
            tail = None if part.spaced else _TRAIL_SPECKS.search(part.text)   # a text PDF has no OCR specks
            if tail:
                part = part.cut(0, tail.start())
            ps = part.skel
            pre = words_re("number_prefixes").match(ps)
            if pre and _NUMBER_RE.match(ps[pre.end():].lstrip()) and "number" not in parts:
                part = part.cut(pre.end())             # 'Luật số: 60/2024/QH15': a law's number line
                ps = part.skel
            if _NUMBER_RE.match(ps) and "number" not in parts:
                m = _VV_INSIDE_RE.search(ps)
                if m:                                      # lost line break: "Số: ... V/v ..."
                    parts["number"] = Block([part.cut(0, m.start())])
                    subject[:] = [part.cut(m.start() + 1)]
                    state = "subject"
                else:
                    parts["number"] = Block([part])
                    state = "number"
                seen_core = True
                continue
            if _SUBJECT_RE.match(ps) and "subject" not in parts and not subject:
                subject.append(part)
                state = "doc_title" if "doc_title" in parts else "subject"   # 'Về việc …' under a tên loại
                continue
            if (issuer or seen_core) and "doc_title" not in parts and doc_title_of(part.text):
                _finish_subject(parts, subject)
                parts["doc_title"] = Block([part])
                state, seen_core = "doc_title", True
                continue
            if state == "issuer" and not seen_core and is_upper_text(part.text):
                issuer.append(part)
                continue
            if state in ("subject", "doc_title"):
                if not _subject_stops(part, subject, state, issuer):
                    subject.append(part)
                    continue
                _finish_subject(parts, subject)
                state = "done"
            if seen_core and not issuer and "issuer" not in parts and _enacting_body(pieces, i, limit):
                issuer.append(part)            # the header printed no issuing body: the body's line over the Căn cứ
                close()
                layout.header_closed = True
                return i + 1
            if seen_core:
                close()
                layout.header_closed = True
                return i
            # before the number and date: stray text (stamps, OCR noise) is not body
    close()
    return limit if seen_core else 0


def _enacting_body(pieces: list[Piece], i: int, limit: int) -> bool:
    """pieces[i] is the line of capitals over the first 'Căn cứ' that names the enacting body ('ỦY BAN
    THƯỜNG VỤ QUỐC HỘI' over the Căn cứ of its nghị quyết; a quyết định prints its issuing body there
    too): the issuer where the header prints none (a portal copy of a resolution of the Standing
    Committee of the National Assembly drops the header's left column). Not a signing head's title
    ('THỦ TƯỚNG CHÍNH PHỦ', 'CHỦ TỊCH ỦY BAN NHÂN DÂN …'), not a tên loại, not a numbered heading."""
    part = pieces[i]
    if not is_upper_text(part.text, 0.9) or len(part.text.split()) > 16 or is_label(part.text) \
            or doc_title_of(part.text) or position_prefix(part.text) or part.text.rstrip().endswith(":"):
        return False
    after = next((p for p in pieces[i + 1:limit] if p.text.strip()), None)
    return after is not None and words_re("body_start").match(after.skel) is not None


def _subject_stops(part: Piece, subject: list[Piece], state: str, issuer: list[Piece] = ()) -> bool:
    skel = part.skel
    if is_label(part.text) or words_re("body_start").match(skel):
        return True
    if subject and state == "doc_title" and _authority_heading(part, issuer):
        return True                       # 'THỦ TƯỚNG CHÍNH PHỦ', 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X' under the trích yếu
    if not subject:
        return state == "subject" and body_cue(skel)     # a tên loại's trích yếu may start with any verb
    if state == "doc_title" and part.spaced and not part.blank_before and is_upper_text(part.text) \
            and is_upper_text(subject[-1].text):
        return False                      # a text PDF: capitals run on under the tên loại with no space
    if part.blank_before or body_cue(skel):
        return True
    if state == "doc_title" and part.centered is False:
        return True                       # a tên loại's trích yếu is centred on the page; a V/v is not
    if state == "doc_title" and part.centered:
        return False                      # centred under the tên loại: still the trích yếu
    if state == "doc_title" and is_upper_text(part.text) and not is_upper_text(subject[-1].text):
        return True       # 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH' under a Quyết định's trích yếu
    if state == "doc_title" and len(part.text) > 75 and len(part.text) > 1.25 * max(len(p.text) for p in subject):
        return True       # a full-width body line under the (shorter, centred) trích yếu lines
    return subject[-1].text.endswith((".", ";", ":"))


def _authority_heading(part: Piece, issuer: list[Piece]) -> bool:
    """The line a quyết định prints over its Căn cứ: the issuing body or the signing head in capitals
    ('ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ', 'THỦ TƯỚNG CHÍNH PHỦ', 'TRƯỞNG BAN CHỈ ĐẠO …')."""
    if not is_upper_text(part.text, 0.9) or len(part.text.split()) > 16:
        return False
    f = " ".join(part.skel.split())
    body = " ".join(skeleton(issuer[-1].text).split()) if issuer else ""
    whole = " ".join(skeleton(" ".join(p.text for p in issuer)).split()) if issuer else ""
    if not body:
        return False
    if f == body and body != whole and _is_locality(f):
        return False          # 'THÀNH PHỐ CẦN THƠ' under 'ỦY BAN NHÂN DÂN': a trích yếu ending 'TRÊN ĐỊA BÀN' goes on
    if f in (whole, body):
        return True
    n = position_prefix(part.text)              # the head's title, then the body it heads
    return bool(n) and (f.endswith(body) or whole.endswith(f[n:].strip()))


@built_from_data
def _locality_re() -> re.Pattern:
    units = load_json("lexicons", "issuers.json")["administrative_units"]
    return re.compile("^(?:" + "|".join(re.escape(skeleton(u)) for u in sorted(units, key=len, reverse=True)) + r")\s")


def _is_locality(skel: str) -> bool:
    """A place named with its administrative unit ('tinh ha tinh', 'thanh pho can tho'), on skeletons."""
    return bool(_locality_re().match(skel))


def _finish_subject(parts: dict, subject: list[Piece]) -> None:
    if subject and "subject" not in parts:
        parts["subject"] = Block(list(subject))
    subject.clear()


def recipients_head(piece: Piece) -> int | None:
    """Where the addressees start in a 'Kính gửi:' line, or in the line a công điện opens with
    ('THỦ TƯỚNG CHÍNH PHỦ điện:'); None when the line is neither."""
    m = _KINH_GUI_RE.match(piece.skel)
    if m:
        return m.end()
    m = _telegram_re().search(piece.skel)
    if m and is_upper_text(piece.text[:m.start()], 0.9) and 1 <= len(piece.text[:m.start()].split()) <= 10:
        return m.end()
    return None


@built_from_data
def _telegram_re() -> re.Pattern:
    alts = "|".join(re.escape(skeleton(w.lower())) for w in lexicon()["telegram_heads"])
    return re.compile(r"\s(?:" + alts + r")\s*:\s*")


def _parse_recipients(pieces: list[Piece], i: int, layout: Layout) -> int:
    """'Kính gửi:' and its list; returns the index after the block."""
    head = pieces[i]
    end = recipients_head(head)
    block = [head]
    entries: list[list[Piece]] = []
    if end < len(head.text):
        inline = head.cut(end)
        if inline.text:
            entries.append([inline])
    dashed = None
    j = i + 1
    while j < len(pieces):
        p = pieces[j]
        if _is_noise(p.text):
            block.append(p)
            j += 1
            continue
        last = entries[-1][-1].text if entries else ""
        closed = last.endswith(".") and not last.endswith("..")
        if is_label(p.text) or (body_cue(p.skel) and entries and (closed or p.blank_before)):
            break                                   # (the line under a bare 'Kính gửi:' is an addressee)
        if not entries and not is_bullet(p.text) and len(p.text) < 200:
            entries.append([p])                     # 'Kính gửi:' alone, its addressee on the next line
            block.append(p)
            j += 1
            continue
        if is_bullet(p.text):
            if closed and dashed is False:
                break
            dashed = True
            entries.append([p])
        elif entries and not closed and not last.endswith(";") and not p.blank_before:
            entries[-1].append(p)                   # a recipient wrapped over two lines
        elif dashed is not True and not closed and len(p.text) < 150 and p.text.endswith((";", ".")):
            dashed = False
            entries.append([p])                     # one recipient a line, without dashes
        else:
            break
        block.append(p)
        j += 1
    layout.parts["recipients"] = Block(block)
    layout.recipients = [Block(e) for e in entries]
    return j


def clean_entry(text: str) -> str:
    """A recipient or Nơi nhận line as the contract wants it: no dash, no final ; or ."""
    t = _BULLET_RE.sub("", text.strip())
    return re.sub(r"[\s;,.]+$", "", t).strip()


_RESIDUE_TAIL = re.compile(r"(?<=[.;])\s+[" + LOWER + r"]{1,6}\s*$")


def clean_cc(text: str) -> str:
    """A Nơi nhận entry without trailing handwriting ('Lưu: VT, TTHC. ant')."""
    return clean_entry(_RESIDUE_TAIL.sub("", text))


# --------------------------------------------------------------------------- closing

@built_from_data
def _positions() -> tuple[str, ...]:
    return tuple(sorted((skeleton(p.lower()) for p in lexicon()["positions"]), key=len, reverse=True))


def position_prefix(text: str) -> int:
    """Length of the longest position title that `text` starts with (0 if none); compared
    without diacritics, as OCR drops a dot or a hook ('CHỦ TICH')."""
    f = " ".join(skeleton(text).split())
    for p in _positions():
        if f == p or f.startswith(p + " "):
            return len(p)
    return 0


def _position_line(text: str) -> bool:
    text = despeck(text)
    return is_upper_text(text, 0.9) and len(text.split()) <= 10 and position_prefix(text) > 0


@built_from_data
def _surnames() -> frozenset:
    return frozenset(skeleton(s.lower()) for s in lexicon()["surnames"])


@built_from_data
def surname_forms() -> dict[str, tuple[str, ...]]:
    """Surnames by their letters without diacritics: 'lam' -> ('Lâm',), 'ngo' -> ('Ngô', 'Ngọ')."""
    out: dict[str, list[str]] = {}
    for s in lexicon()["surnames"]:
        forms = out.setdefault(skeleton(s.lower()), [])
        if unicodedata.normalize("NFC", s) not in forms:
            forms.append(unicodedata.normalize("NFC", s))
    return {k: tuple(v) for k, v in out.items()}


@built_from_data
def _not_name_words() -> frozenset:
    return frozenset(fold(w) for w in lexicon()["not_name_words"])


@built_from_data
def _ranks() -> list[list[str]]:
    return sorted((fold(r).split() for r in lexicon()["name_ranks"]), key=len, reverse=True)


def without_rank(text: str) -> str:
    """'Thượng tướng Võ Minh Lương' -> 'Võ Minh Lương': a rank printed before the signer's name."""
    words = text.split()
    low = [fold(w) for w in words]
    for rank in _ranks():
        if low[:len(rank)] == rank and len(words) > len(rank):
            return " ".join(words[len(rank):])
    return text


def name_line(text: str) -> bool:
    """A person's name as printed under a signature ('Nguyễn Long Biên'), after a rank if one is
    printed ('Thượng tướng Võ Minh Lương')."""
    t = without_rank(despeck(text).rstrip("."))
    if not (_NAME_RE.match(t) or _UPPER_NAME_RE.match(t)):
        return False
    words = t.split()
    surname = skeleton(words[0].lower()) in _surnames()
    # 'Ủy Ban Nhân Dân' is no name; a given name may be such a word ('Huỳnh Minh Giám', 'Nguyễn Văn Hội')
    if position_prefix(t) or any(fold(w) in _not_name_words() for w in (words[:-1] if surname else words)):
        return False
    if surname:
        return True
    return bool(_NAME_RE.match(t)) and len(words) >= 3


def despeck(text: str) -> str:
    """A line without OCR specks before or after it ('Đặng Văn Minh -', ': CHỦ TỊCH')."""
    t = text.strip()
    m = _LEAD_SPECKS.match(t)
    if m:
        t = t[m.end():]
    m = _TRAIL_SPECKS.search(t)
    return t[:m.start()] if m else t


def _residue(text: str) -> bool:
    """Handwriting, signature images and seal text as a conversion renders them."""
    t = text.strip()
    if words_re("signature_residue").match(skeleton(t).strip("()[]* ")):
        return True
    if t[:1] in "([" and t[-1:] in ")]" and not any(c.isdigit() for c in t):
        return True
    if len(t.split()) == 1 and not t.endswith(":") and not (t.isupper() and len(t) > 4) \
            and not re.match(r"^\d{1,2}(?:\.\d{1,2})*\.?$", t) and t.lower() != "stt":
        return True
    return False


_SIGNED_MARK = re.compile(r"^[(\[]\s*(?:" + "|".join(re.escape(w) for w in lexicon()["signature_residue"])
                          + r")\s*[)\]]", re.I)


def _split_closing_line(piece: Piece) -> list[Piece]:
    """Cut a closing line whose right part is the signature column."""
    text = piece.text
    mark = _SIGNED_MARK.match(text)
    if mark and name_line(text[mark.end():].strip()):
        return [piece.cut(0, mark.end()), piece.cut(mark.end())]   # '(Đã ký) Hồ Đức Phớc': a copy's mark, then the name
    am = _AUTHORITY_RE.match(text)
    if am:                     # "KT. CHỦ TỊCH PHÓ CHỦ TỊCH": authority and position on one line
        n = position_prefix(text[am.end():])
        rest = text[am.end() + n:].strip()
        if n and rest and _position_line(rest):
            return [piece.cut(0, am.end() + n), piece.cut(am.end() + n)]
        return [piece]
    for m in _AUTHORITY_RE.finditer(text):
        if m.start() > 0 and is_upper_text(text[m.start():], 0.8):
            return [p for p in (piece.cut(0, m.start()), piece.cut(m.start())) if p.text]
    n = position_prefix(text)
    if n and name_line(text[n:].strip()) and _position_line(text[:n]):
        return [piece.cut(0, n), piece.cut(n)]      # 'PHÓ CHỦ TỊCH Hoàng Xuân Tân': one line of a PDF or a scan
    nm = _NOI_NHAN_RE.match(piece.skel)
    if nm and nm.end() < len(text):
        rest = text[nm.end():]
        if _position_line(rest) or name_line(rest):
            return [piece.cut(0, nm.end()), piece.cut(nm.end())]
    for m in re.finditer(r"[;.:]\s+", text):
        rest = text[m.end():]
        if rest and (_position_line(rest) or name_line(rest)):
            return [piece.cut(0, m.start() + 1), piece.cut(m.end())]
    return [piece]


_LEAD_SPECKS_NO_DASH = re.compile(r"^[_~.,'`·•:;*]{1,3}\s+(?=\S)")


def _despecked(p: Piece) -> Piece:
    """A closing piece without OCR specks (a leading dash stays: it marks a Nơi nhận entry)."""
    m = _LEAD_SPECKS_NO_DASH.match(p.text)
    if m:
        p = p.cut(m.end())
    m = _TRAIL_SPECKS.search(p.text)
    return p.cut(0, m.start()) if m else p


def _entry_open(entry: list[Piece]) -> bool:
    """A Nơi nhận entry that goes on (no final ';' or '.', handwriting aside)."""
    return not _RESIDUE_TAIL.sub("", entry[-1].text).endswith((";", "."))


def _continues_entry(text: str) -> bool:
    return not _residue(text) and not is_upper_text(text, 0.6) and not words_re("appendix_titles").match(
        skeleton(text)) and len(text) < 120


def _is_authority(text: str) -> bool:
    return _AUTHORITY_RE.match(text) is not None and is_upper_text(text, 0.7) and len(text.split()) <= 12


def _closing_start(pieces: list[Piece], start: int) -> int | None:
    """Index of the first closing piece after the body, or None."""
    for i in range(start, len(pieces)):
        p = pieces[i]
        if _NOI_NHAN_RE.match(p.skel) or _is_authority(p.text):
            return i
        if _position_line(p.text) and any(name_line(q.text) for q in pieces[i + 1:i + 6]):
            return i
    return None


def _title_over_name(text: str, pieces: list[Piece], i: int) -> bool:
    """A line in capitals right above the signer's name, under a signing-authority line: the signer's
    own title, whatever the title is ('PHÓ TRƯỞNG THUẾ TỈNH')."""
    t = despeck(text)
    return is_upper_text(t, 0.9) and len(t.split()) <= 12 and not _AUTHORITY_RE.match(t) \
        and i + 1 < len(pieces) and name_line(pieces[i + 1].text)


def _position_suffix(text: str) -> int:
    """Where a known title starts inside a capitalised line ('VỀ HQ PHÓ TRƯỞNG BAN' -> 6), or 0."""
    for m in re.finditer(r"(?<=\s)\S", text):
        if _position_line(text[m.start():]):
            return m.start()
    return 0


def parse_closing(pieces: list[Piece], start: int, layout: Layout) -> int:
    """From `start` consume the signature block and Nơi nhận, in whatever order and
    interleaving they come; return the index after the closing."""
    authority: list[Piece] = []
    position: list[Piece] = []
    name: list[Piece] = []
    cc_head: list[Piece] = []
    cc: list[list[Piece]] = []
    i = start
    while i < len(pieces):
        raw = pieces[i]
        open_entry = bool(cc) and _entry_open(cc[-1]) and _continues_entry(raw.text)
        if name and not (_NOI_NHAN_RE.match(raw.skel) or (cc_head and (is_bullet(raw.text) or open_entry))):
            break                              # after the name: appendices or residue
        for p in _split_closing_line(raw):
            p = _despecked(p)
            t = p.text
            m = _NOI_NHAN_RE.match(p.skel)
            if m and not cc_head:
                cc_head.append(p)
                if m.end() < len(t):
                    cc.append([p.cut(m.end())])
                continue
            if _is_authority(t):
                authority.append(p)
                continue
            if _position_line(t) and not name:
                position.append(p)
                continue
            if authority and not position and not name and _title_over_name(t, pieces, i):
                cut = _position_suffix(t)
                if cut:                        # 'VỀ HQ PHÓ TRƯỞNG BAN': the authority's last words wrapped
                    authority.append(p.cut(0, cut))
                    p = p.cut(cut)
                position.append(p)
                continue
            if name_line(t) and (authority or position) and not name:
                name.append(p)
                continue
            if cc_head and is_bullet(t):
                cc.append([p])
                continue
            if cc_head and cc and _entry_open(cc[-1]) and _continues_entry(t):
                cc[-1].append(p)
                continue
            # anything else is residue: handwriting, signature images, seal text
        i += 1
    if len(position) > 1 and all(_position_line(p.text) for p in position):
        authority.extend(position[:-1])        # 'TRƯỞNG BAN' / 'PHÓ THỦ TƯỚNG': the upper title signs for the body
        position = position[-1:]
    for key, found in (("authority", authority), ("position", position), ("signer_name", name)):
        if found:
            layout.parts[key] = Block(found)
    if cc_head:
        layout.parts["cc"] = Block(cc_head + [p for e in cc for p in e])
        layout.cc = [Block(e) for e in cc if clean_cc(" ".join(p.text for p in e))]
    return i


# --------------------------------------------------------------------------- appendices

def _appendix_title(piece: Piece) -> bool:
    return words_re("appendix_titles").match(piece.skel) is not None \
        and (is_upper_text(piece.text) or len(piece.text.split()) <= 6)


_ROMAN_HEADING = re.compile(r"^[IVX]{1,4}\s*[.)]\s+\S")


@built_from_data
def _attachment_caption() -> re.Pattern:
    words = lexicon()["attachment_caption"]
    return re.compile(r"^\(?\s*(?:" + folded_alternatives(words["issued"]) + r"\s+)?"
                      + folded_alternatives(words["attached"], between=r"\s+") + r"\b")


def _title_piece(p: Piece, title: list[Piece]) -> bool:
    if "\t" in p.text:
        return False                      # a table row (its heading row is upper case too)
    if _ROMAN_HEADING.match(p.text):
        return False                      # 'I. MỤC ĐÍCH, YÊU CẦU': the attached plan's first part
    if not title:
        return _appendix_title(p) or (is_upper_text(p.text) and not p.text[:1].isdigit())
    caption = " ".join(q.text for q in title)
    if caption.count("(") > caption.count(")"):
        return True                       # '(Kèm theo Công văn số … của UBND' wrapped
    if _appendix_title(p):
        return True                       # 'PHỤ LỤC' over 'DANH MỤC NHIỆM VỤ'
    if _attachment_caption().match(p.skel):
        return True
    return is_upper_text(p.text) and not p.text[:1].isdigit() and not p.skel.startswith("stt")


def parse_appendices(pieces: list[Piece], start: int, layout: Layout) -> None:
    # short pieces stay: in a scanned table they are the (mis-read) number cells
    rest = [p for p in pieces[start:] if len(p.text) <= 4 or not _residue(p.text)]
    i = 0
    while i < len(rest):
        title: list[Piece] = []
        while i < len(rest) and _title_piece(rest[i], title):
            title.append(rest[i])
            i += 1
        content: list[Piece] = []
        if not title and i < len(rest):
            content.append(rest[i])       # what opens no title ('Phụ lục 1\t…', a table row) is content: the
            i += 1                        # loop always moves on
        while i < len(rest) and not _appendix_title(rest[i]):
            content.append(rest[i])
            i += 1
        if title or content:
            layout.appendices.append(Appendix(Block(title) if title else None, content))


# --------------------------------------------------------------------------- footnotes

def split_footnotes(body: list[Piece], layout: Layout) -> list[Piece]:
    """Take footnote paragraphs out of the body (they stay located, for references)."""
    out: list[Piece] = []
    expected = 1
    current: list[Piece] | None = None
    number = None
    for p in body:
        n = None
        m = _FOOTNOTE_SUP_RE.match(p.text)
        if m:
            n = int(m.group(1).translate(_SUP_DIGITS))
        else:
            m2 = _FOOTNOTE_NUM_RE.match(p.text)
            if m2 and out and int(m2.group(1)) == expected \
                    and words_re("footnote_starts").match(skeleton(p.text[m2.end():])):
                n = expected
        if n is not None:
            if current:
                layout.footnotes.append(Footnote(number, Block(current)))
            current, number, expected = [p], n, n + 1
            continue
        if current is not None:
            if not p.blank_before and not is_label(p.text) and not is_bullet(p.text) \
                    and p.page == current[-1].page:
                current.append(p)
                continue
            layout.footnotes.append(Footnote(number, Block(current)))
            current = None
        out.append(p)
    if current:
        layout.footnotes.append(Footnote(number, Block(current)))
    return out


def visual_order(pieces: list[Piece]) -> list[Piece]:
    """Body lines in reading order by their boxes: OCR sometimes cuts one printed line in two
    and puts the right part after the next line. Without boxes, or from a PDF's text layer (its
    loader gives the reading order, and a line there can be a whole paragraph), the order is kept."""
    if not pieces or any(p.top is None or p.x0 is None for p in pieces) or all(p.spaced for p in pieces):
        return pieces
    out: list[Piece] = []
    for page in sorted({p.page for p in pieces}):
        mine = [p for p in pieces if p.page == page]
        heights = sorted(p.bottom - p.top for p in mine if p.bottom is not None and p.bottom > p.top)
        tol = 0.5 * heights[len(heights) // 2] if heights else 0.0
        rows: list[list[Piece]] = []
        for p in sorted(mine, key=lambda q: q.top):
            if rows and abs(p.top - rows[-1][0].top) <= tol:
                rows[-1].append(p)
            else:
                rows.append([p])
        for row in rows:
            out.extend(sorted(row, key=lambda q: q.x0))
    return out if [p.start for p in out] != [p.start for p in pieces] else pieces


def _late_anchors(pieces: list[Piece], start: int, layout: Layout) -> set[int]:
    """Right-column lines the header walk did not reach (it stopped at a line it could not
    place): a place and date, Quốc hiệu or Tiêu ngữ among the first lines of the body."""
    taken: set[int] = set()
    for p in pieces[start:start + 12]:
        if len(p.text) > 70:
            continue
        found = {k for k in ("national_title", "motto", "place_date") if k in layout.parts}
        for kind, part in _split_header_line(p, False, found):
            if kind in ("national_title", "motto", "place_date") and part.start == p.start:
                layout.parts.setdefault(kind, Block([part]))
                taken.add(p.start)
    return taken


# --------------------------------------------------------------------------- entry point

def analyse(document: Document) -> Layout:
    """Split a document into its layout components."""
    layout = Layout()
    pieces = pieces_of(document)
    if not pieces:
        return layout
    body_start = parse_header(pieces, layout)
    late = _late_anchors(pieces, body_start, layout)
    close = _closing_start(pieces, body_start)
    if close is None:
        body, after = pieces[body_start:], len(pieces)
    else:
        body, after = pieces[body_start:close], parse_closing(pieces, close, layout)
    if "cc" not in layout.parts:
        tail = pieces[max(body_start, (close or len(pieces)) - 12):after]
        layout.unlabelled_cc = sum(1 for p in tail if is_bullet(p.text) and p.text.rstrip().endswith((";", "."))) >= 2
    body = visual_order([p for p in body if p.start not in late])
    layout.body = split_footnotes(body, layout)
    if layout.body:
        layout.parts["body"] = Block(layout.body)
    if after < len(pieces):
        parse_appendices(pieces, after, layout)
    layout.blank_cells = _blank_cells(layout)
    if "place_date" not in layout.parts:
        layout.passage = passage_line(layout.body)
    return layout


@built_from_data
def _passage() -> tuple[re.Pattern, int]:
    data = _FORMAT["passage_dated"]
    bodies = "|".join(re.escape(skeleton(b)) for b in sorted(data["bodies"], key=len, reverse=True))
    w = {name: folded_alternatives(words) for name, words in data["words"].items()}
    return re.compile(rf"\b{w['this']}\s+(?:{w['already']}\s+)?{w['by']}\s+(?:{bodies})\b.{{0,200}}?\b{re.escape(skeleton(data['passed']))}\s+"
                      rf"(?={w['day']}\b)"), data["within_last_lines"]


def passage_line(body: list[Piece]) -> Block | None:
    """The pieces of the passage line near the end of the body ('Luật này được Quốc hội … thông qua ngày
    30 tháng 11 năm 2024.', wrapped over lines or not), or None."""
    rx, last = _passage()
    tail = body[-last:]
    text, starts = "", []
    for p in tail:
        starts.append(len(text))
        text += p.text + " "
    m = None
    for m in rx.finditer(skeleton(text)):
        pass                                   # the last one: the document's own, after any it quotes
    if m is None:
        return None
    dm = parse_date(text[m.end():m.end() + 60])
    if dm is None or dm.iso is None:
        return None                            # a form's blank 'thông qua ngày … tháng … năm …' dates nothing
    first = max(k for k, at in enumerate(starts) if at <= m.start())
    end = m.end() + 40
    return Block([p for k, p in enumerate(tail) if k >= first and starts[k] < end])


# The cell beside a part in Decree 30's two-column layout (Phụ lục I, ô 1-9): left of the Quốc hiệu the
# issuer, right of the number the place and date, left of the signature block the Nơi nhận.
_CELL_BESIDE = {("national_title", "left"): "issuer", ("motto", "left"): "issuer",
                ("number", "right"): "place_date",
                ("authority", "left"): "cc", ("position", "left"): "cc", ("signer_name", "left"): "cc"}


def _blank_cells(layout: Layout) -> set[str]:
    """Zones whose cell the copy printed empty: a located part whose line opens a cell beside an empty one."""
    out = set()
    for (part, side), zone in _CELL_BESIDE.items():
        block = layout.parts.get(part)
        if block and any(p.beside_empty == side for p in block.pieces):
            out.add(zone)
    return out
