"""The numbered tree of a directive's body and of its appendix tables.

Labels (as ../shared/corpus/gold/CONVENTIONS.md §5 writes them): Roman parts `I`, articles
`Điều 3`, numbers `1`, `2`, sub-numbers `1.1`, letters `1.a` … `1.đ` (Vietnamese order
a b c d đ e g h i k l m n o p q r s t u v x y, no f j w z), dash bullets `1.b1`, `1.b2` within
their section, appendix table rows `appendix 1.1`. A label is accepted only where it continues
its sequence, so a wrapped line that happens to start with "2." or "- " is not a new item, and a
label that OCR glued to the previous line ("…; b) Tổ chức …") is cut out of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.directive.layout import Appendix, Piece, UPPER, is_upper_text, phrase_regex, skeleton
from extract.directive.grammar import alternatives
from schemas import DATA, built_from_data, load_json

LETTERS = "abcdđeghiklmnopqrstuvxy"
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
# OCR look-alikes of list letters (measured: 'g)' read as 'ø)').
_LETTER_LOOKALIKES = {"ø": "g", "9": "g", "q": "g", "é": "e", "ð": "đ", "¡": "i", "j": "i", "í": "i",
                      "ì": "i", "f": "t"}

# A Roman part; OCR reads its I as T, l or | ('TI. NHIỆM VỤ'), its dot as a comma, and may lose the dot.
_ROMAN_RE = re.compile(r"^(?P<v>[IVXTl|]{0,3}[IVX][IVXTl|]{0,3})\s*(?P<p>[.,)\-–])\s+(?=\S)")
_ROMAN_BARE_RE = re.compile(r"^(?P<v>[IVXTl|]{0,3}[IVX][IVXTl|]{0,3})\s+(?=[" + UPPER + r"]{2})")
_ROMAN_LOOKALIKES = str.maketrans("Tl|", "III")
_ARTICLE_RE = re.compile("^" + alternatives(load_json("lexicons", "layout.json")["labels"]["article"])
                         + r"\s+(?P<v>\d{1,3})\s*[.:]?\s+(?=\S)")
_MULTI_RE = re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)")
_NUMBER_RE = re.compile(r"^(?P<v>\d{1,2})\s*(?P<p>[.,)])\s*(?=\S)")
_LETTER_RE = re.compile(r"^(?P<v>[a-zđøð9¡íì])\s*(?P<p>[).])\s+(?=\S)")
# '(1) Giao Bộ …' under '3. Trong thời gian tới, yêu cầu …:' (thông báo kết luận; DECISIONS D31: `3.1`)
_PAREN_RE = re.compile(r"^\((?P<v>\d{1,2})\)\s*(?=[" + UPPER + r"])")
_BULLET_RE = re.compile(r"^(?P<v>[-–—+•●▪◦*])\s*(?=\S)")
_ROW_RE = re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+(?=\S)")
# A label glued to the end of the previous sentence by a lost line break.
_INLINE_RE = re.compile(r"(?<=[.;:])\s*(?P<lab>(?:\d{1,2}\.|[a-zđ]\)))\s+(?=[" + UPPER + r"])")

LEVELS = {"part": 0, "article": 1, "inner_part": 2, "number": 3, "multi": 4, "letter": 7, "paren": 7.5, "bullet": 8}


@built_from_data
def lexicon() -> dict:
    return load_json("lexicons", "sections.json")


@dataclass
class Item:
    kind: str                      # part | article | number | multi | letter | bullet | row | para
    value: str                     # "1", "a", "1.1", "b3", "I"
    label: str                     # full label: "1.a", "1.b3", "appendix 1.1"
    level: int
    marker: Piece                  # the line the item starts on (marker included)
    pieces: list[Piece] = field(default_factory=list)     # own text, marker excluded
    children: list["Item"] = field(default_factory=list)
    parent: "Item | None" = None
    glyph: str | None = None       # bullet glyph
    # The labelled lines printed under the item ('Cơ quan chủ trì: …', 'Thời gian thực hiện: …'):
    # role -> text (role: lead | coordinate | time | other). They are part of the item's text.
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces if p.text)

    @property
    def start(self) -> int:
        return self.marker.start

    @property
    def end(self) -> int:
        last = self
        while last.children:
            last = last.children[-1]
        return (last.pieces[-1] if last.pieces else last.marker).end

    @property
    def segments(self) -> list[tuple[int, int]]:
        """Where the item's own text lies in Document.text (footnotes may cut it)."""
        return [(self.marker.start, self.marker.end)] + [(p.start, p.end) for p in self.pieces[1:]]

    def leaves(self):
        if not self.children:
            yield self
        for c in self.children:
            yield from c.leaves()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


@dataclass
class Tree:
    preamble: list[Piece] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)       # top level
    epilogue: list[Piece] = field(default_factory=list)

    def walk(self):
        stack = list(reversed(self.items))
        while stack:
            it = stack.pop()
            yield it
            stack.extend(reversed(it.children))

    def leaves(self):
        for it in self.items:
            yield from it.leaves()


# --------------------------------------------------------------------------- labels

def ends_sentence(text: str) -> bool:
    """The line ends a sentence or list item (OCR specks after the stop ignored)."""
    return text.rstrip(" '`|~_·\"”’").endswith((".", ";", ":", "!", ")"))


def _letter_after(prev: str | None) -> str:
    if prev is None:
        return "a"
    i = LETTERS.find(prev)
    return LETTERS[i + 1] if 0 <= i < len(LETTERS) - 1 else ""


def _read_label(text: str) -> tuple[str, str, int, str] | None:
    """(kind, value, end of marker, punctuation) for a line that starts with a label."""
    for kind, rx in (("part", _ROMAN_RE), ("part", _ROMAN_BARE_RE), ("article", _ARTICLE_RE), ("multi", _MULTI_RE),
                     ("number", _NUMBER_RE), ("letter", _LETTER_RE), ("paren", _PAREN_RE), ("bullet", _BULLET_RE)):
        m = rx.match(text)
        if m:
            value = m.group("v").translate(_ROMAN_LOOKALIKES) if kind == "part" else m.group("v")
            return kind, value, m.end(), (m.groupdict().get("p") or "")
    return None


class _Builder:
    """Accepts labels that continue their sequence and hangs items on the tree."""

    def __init__(self, margin: float | None = None, ocr: bool = False) -> None:
        self.ocr = ocr                           # OCR text: a repeated numeral is a lost stroke
        self.tree = Tree()
        self.stack: list[Item] = []
        self.bullet_glyphs: list[str] = []       # order of first appearance = nesting order
        self.margin = margin                     # body's left margin (fraction of page width)

    def at_margin(self, piece: Piece) -> bool:
        """A line that starts at the left margin: a wrapped line, not an indented new item."""
        return self.margin is not None and piece.x0 is not None and piece.x0 < self.margin + 0.02

    # -- sequence state
    def _siblings(self, kind: str, level: int) -> list[Item]:
        parent = self._parent_for(level)
        pool = parent.children if parent else self.tree.items
        return [c for c in pool if c.kind == kind]

    def _parent_for(self, level: int) -> Item | None:
        for it in reversed(self.stack):
            if it.level < level:
                return it
        return None

    def part_level(self) -> int:
        """Roman parts are the top level, except inside an article: a quyết định that prints its
        plan in Điều 1 ('Điều 1. Phê duyệt Đề án … I. MỤC TIÊU …') gives 'Điều 1.III.1.a'."""
        return LEVELS["inner_part"] if any(it.kind == "article" for it in self.stack) else LEVELS["part"]

    def accept(self, kind: str, value: str, punct: str, piece: Piece, prev: Piece | None) -> tuple[str, int] | None:
        """The normalised value and level of a label, or None when it is not one here."""
        loose = piece.blank_before or prev is None or ends_sentence(prev.text)
        if kind == "part":
            heading = is_upper_text(piece.text, 0.9) and len(piece.text.split()) >= 3
            if punct == "," and not (self.ocr and heading):
                return None                      # OCR reads a heading's dot as a comma ('I, NHIỆM VỤ …')
            if value in _ROMAN and punct == "." and not self.ocr and _title_case_part(piece.text):
                pass                             # 'I. Trách nhiệm phối hợp trong công tác thẩm định …'
            elif value not in _ROMAN or not is_upper_text(piece.text[:60], 0.6) or (not punct and not heading):
                return None
            level = self.part_level()
            sib = self._siblings("part", level)
            last = sib[-1].value.rstrip("'") if sib else None
            want = _ROMAN[_ROMAN.index(last) + 1] if sib else "I"
            if value == want:
                return value, level
            if value == last and heading and not self.ocr:
                return sib[-1].value + "'", level        # a numeral printed twice: IV, IV' (gold DECISIONS 4)
            # OCR drops or adds a stroke ('II. TỔ CHỨC THỰC HIỆN' after II): an upper-case heading
            # one stroke away from the next numeral is that numeral.
            if sib and heading and abs(len(value) - len(want)) <= 1 and (value in want or want in value):
                return want, level
            return None
        if kind == "article":
            sib = self._siblings("article", 1)
            want = int(sib[-1].value) + 1 if sib else None
            return (value, 1) if want is None or int(value) == want else None
        if kind == "number":
            if punct == "," and not loose:
                return None
            n = int(value)
            sib = self._siblings("number", LEVELS["number"])
            want = int(sib[-1].value) + 1 if sib else 1
            if n == want or (sib and n == want + 1 and loose and punct == "."):
                return str(n), LEVELS["number"]
            return None
        if kind == "multi":
            nums = value.split(".")
            level = LEVELS["number"] + len(nums) - 1
            sib = self._siblings("multi", level)
            if sib:
                prev_nums = sib[-1].value.split(".")
                ok = nums[:-1] == prev_nums[:-1] and int(nums[-1]) == int(prev_nums[-1]) + 1
            else:
                parent = self._parent_for(level)
                head = parent.value.split(".") if parent and parent.kind in ("number", "multi") else None
                ok = nums[-1] == "1" and (head is None or nums[:-1] == head[-len(nums[:-1]):])
            return (value, level) if ok else None
        if kind == "letter":
            sib = self._siblings("letter", LEVELS["letter"])
            want = _letter_after(sib[-1].value if sib else None)
            v = _LETTER_LOOKALIKES.get(value, value)
            if v == "d" and want == "đ" and sib and sib[-1].value == "d":
                v = "đ"                          # OCR dropped the stroke of đ
            skipped = bool(sib) and loose and punct == ")" and v == _letter_after(want) and v != "đ"
            if (v != want and not skipped) or (punct == "." and not loose):
                return None                      # 'd) … e) …': a skipped đ keeps the printed letter (A5)
            return v, LEVELS["letter"]
        if kind == "paren":                     # '(1)', '(2)' … after a line that ends a sentence
            sib = self._siblings("paren", LEVELS["paren"])
            want = int(sib[-1].value) + 1 if sib else 1
            return (str(int(value)), LEVELS["paren"]) if int(value) == want and loose else None
        if kind == "bullet":
            first = piece.text[len(value):].lstrip()[:1]
            if not loose and (value == "*" or not (first.isupper() or first.isdigit()) or self.at_margin(piece)):
                return None                      # '… lao động\n- thương binh và xã hội': a wrapped line
            glyph = "-" if value in "-–—" else value
            if glyph not in self.bullet_glyphs:
                self.bullet_glyphs.append(glyph)
            return glyph, LEVELS["bullet"] + self.bullet_glyphs.index(glyph)
        return None

    def add(self, kind: str, value: str, level: int, piece: Piece, text_piece: Piece) -> Item:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        glyph = None
        if kind == "bullet":
            glyph = value
            pool = parent.children if parent else self.tree.items
            mark = "s" if glyph == "+" else "b"     # '+' sub-items are .s<k> (CONVENTIONS §7: 'II.5.b1.s1')
            value = f"{mark}{sum(1 for c in pool if c.kind == 'bullet' and c.glyph == glyph) + 1}"
        own = f"Điều {value}" if kind == "article" else value
        anchor = parent
        if kind == "multi":                     # '1.1' carries its whole path already
            while anchor is not None and anchor.kind in ("number", "multi"):
                anchor = anchor.parent
        label = own if anchor is None else f"{anchor.label}.{own}"
        item = Item(kind, value, label, level, piece, [text_piece] if text_piece.text else [],
                    parent=parent, glyph=glyph)
        (parent.children if parent else self.tree.items).append(item)
        self.stack.append(item)
        return item


def _title_case_part(text: str) -> bool:
    """A Roman part printed in sentence case ('I. Trách nhiệm phối hợp trong công tác thẩm định chủ
    trương đầu tư dự án', 'II. Tiêu chí bổ sung', 'III. Tổ chức thực hiện'): a short title that
    starts with a capital and ends no sentence or clause."""
    m = _ROMAN_RE.match(text)
    title = text[m.end():].strip() if m else ""
    return bool(title) and title[0].isupper() and len(title.split()) <= 16 and not title.endswith((",", ";")) \
        and not re.search(r"[.;]\s+\S", title)


def _inline_cut(piece: Piece, builder: _Builder, pending: tuple[str, str] | None) -> int | None:
    """Where a label glued to this line by a lost line break starts, when it continues the
    sequence (`pending` is the label the line itself starts with, not yet on the tree)."""
    for m in _INLINE_RE.finditer(piece.text):
        lab = m.group("lab")
        kind = "number" if lab[0].isdigit() else "letter"
        value = lab[:-1]
        last = pending[1] if pending and pending[0] == kind else None
        if last is None:
            sib = builder._siblings(kind, LEVELS[kind])
            last = sib[-1].value if sib else None
        if last is None:
            if kind == "letter" and value == "a" and piece.text[m.start() - 1:m.start()] == ":":
                return m.start("lab")           # 'Giao Sở Y tế: a) …'
            continue
        if (kind == "number" and int(value) == int(last) + 1) or (kind == "letter" and value == _letter_after(last)):
            return m.start("lab")
    return None


# --------------------------------------------------------------------------- body

def build_tree(body: list[Piece], ocr: bool = False) -> Tree:
    """The tree of the body's numbered items; text before the first item is the preamble,
    a closing paragraph after the last item ('Yêu cầu … thực hiện nghiêm …./.') the epilogue.
    A Roman numeral printed twice in a text layer labels the second part IV' (gold DECISIONS 4);
    in OCR text it is a stroke lost ('II. TỔ CHỨC THỰC HIỆN' after II is III)."""
    b = _Builder(_left_margin(body), ocr)
    prev: Piece | None = None
    current: Item | None = None
    skip_title = False
    queue = list(body)
    while queue:
        piece = queue.pop(0)
        if _chapter_heading(piece, prev):
            skip_title = not _CHAPTER_INLINE_TITLE.search(piece.text)
            prev = piece
            continue
        if skip_title and is_upper_text(piece.text, 0.9):
            skip_title = False                   # 'Chương II' over 'TRÁCH NHIỆM CỦA BAN CHỈ ĐẠO …'
            prev = piece
            continue
        skip_title = False
        lab = _read_label(piece.text)
        if lab is None or lab[0] == "bullet":
            # OCR specks before a number label: '-_ 2. Sở Thông tin và Truyền thông:', '_ 2. Sở …'
            m = _SPECKS.match(piece.text)
            inner = _read_label(piece.text[m.end():]) if m else None
            if inner and inner[0] == "number" and b.accept(*inner[:2], inner[3], piece, prev):
                piece = piece.cut(m.end())
                lab = inner
        accepted = b.accept(lab[0], lab[1], lab[3], piece, prev) if lab else None
        if current is not None or accepted:
            cut = _inline_cut(piece, b, (lab[0], accepted[0]) if accepted else None)
            if cut:
                queue.insert(0, piece.cut(cut))
                piece = piece.cut(0, cut)
        if lab and accepted:
            if b.tree.epilogue and current is not None:
                current.pieces.extend(b.tree.epilogue)   # an item came after: that was no closing
                b.tree.epilogue.clear()
            value, level = accepted
            current = b.add(lab[0], value, level, piece, piece.cut(lab[2]))
        elif current is None:
            b.tree.preamble.append(piece)
        elif b.tree.epilogue or _epilogue_starts(piece, prev, current, queue[:2]):
            b.tree.epilogue.append(piece)
        else:
            current.pieces.append(piece)
        prev = piece
    _bullets_before_numbers(b.tree)
    _fold_attributes(b.tree.items)
    return b.tree


@built_from_data
def _attribute_re() -> re.Pattern:
    pairs = sorted(((w, role) for role, ws in lexicon()["item_attributes"].items() for w in ws),
                   key=lambda x: -len(x[0]))
    alts = "|".join(f"(?P<{role}{i}>{re.escape(skeleton(w.lower()))})" for i, (w, role) in enumerate(pairs))
    return re.compile(rf"^(?:{alts})\s*(?:\([^)]*\)\s*)?:\s*")


def attribute_of(text: str) -> tuple[str, int] | None:
    """(role, where the value starts) of a line 'Cơ quan chủ trì: Sở Y tế' (None for other lines)."""
    m = _attribute_re().match(skeleton(text.lower()))
    if not m:
        return None
    role = re.sub(r"\d+$", "", next(k for k, v in m.groupdict().items() if v is not None))
    return role, m.end()


def _fold_attributes(items: list[Item]) -> None:
    """Attribute lines printed as bullets under an item ('- Cơ quan thực hiện: …') are the item's
    own text, not sub-items; their values are kept by role. A bullet under an attribute ('+ Sở Văn
    hóa và Thể thao chủ trì …' under '- Cơ quan thực hiện:') belongs to it."""
    for item in items:
        _fold_attributes(item.children)
        kept = []
        for child in item.children:
            found = attribute_of(child.text) if child.kind == "bullet" else None
            if found is None:
                kept.append(child)
                continue
            role, at = found
            lines = [child.marker, *child.pieces[1:]]
            for sub in child.children:
                lines.extend(_all_pieces(sub))
            item.pieces.extend(lines)
            value = " ".join([child.text[at:].strip()] + [" ".join(p.text for p in _all_pieces(c)) for c in child.children])
            item.attributes[role] = (item.attributes.get(role, "") + " " + value).strip()
        if len(kept) != len(item.children):
            item.children = kept
        for piece in item.pieces[1:]:               # attribute lines printed without a bullet
            found = attribute_of(piece.text)
            if found and found[0] not in item.attributes:
                item.attributes[found[0]] = piece.text[found[1]:].strip()


def _all_pieces(item: Item) -> list[Piece]:
    out = [item.marker, *item.pieces[1:]]
    for c in item.children:
        out.extend(_all_pieces(c))
    return out


_SPECKS = re.compile(r"^[-_~`'.,·•]{1,3}\s*(?=\d{1,2}\.\s)")
_CHAPTER_INLINE_TITLE = re.compile(r"^\S+\s+[IVXLC\d]+\s*[.:\-–]\s*\S")


@built_from_data
def _chapter_re() -> re.Pattern:
    words = "|".join(re.escape(w) for w in lexicon()["chapter_words"])
    return re.compile(rf"^(?i:{words})\s+[IVXLC\d]+\b\s*(?:[.:\-–]\s*)?(?P<title>.*)$")


def _chapter_heading(piece: Piece, prev: Piece | None) -> bool:
    """'Chương II' / 'Phần I. …': a division of a regulation above its articles. It is no item's
    text and gives no label (gold labels go Điều n, not Chương)."""
    m = _chapter_re().match(piece.text.strip())
    return bool(m) and (not m.group("title") or is_upper_text(m.group("title"), 0.8))


def _left_margin(body: list[Piece]) -> float | None:
    """The body's left margin, from line boxes: where most wrapped lines start."""
    xs = sorted(p.x0 for p in body if p.x0 is not None)
    if len(xs) < 5:
        return None
    return xs[len(xs) // 10]


def _bullets_before_numbers(tree: Tree) -> None:
    """Dash lists before the first numbered item (a list of căn cứ) belong to the preamble."""
    first = next((i for i, it in enumerate(tree.items) if it.kind != "bullet"), None)
    if not first:
        return
    for it in tree.items[:first]:
        tree.preamble.append(it.marker)
        tree.preamble.extend(it.pieces[1:])
        for c in it.children:
            tree.preamble.extend([c.marker, *c.pieces[1:]])
    del tree.items[:first]


def _epilogue_starts(piece: Piece, prev: Piece | None, current: Item, following: list[Piece] = ()) -> bool:
    """A closing paragraph after the last item ('Yêu cầu …', 'Chỉ thị này có hiệu lực …'); the
    prose of a Roman part or an article keeps its own paragraphs. The issuer's closing sentence
    is read on into the next lines ('Văn phòng Chính phủ xin thông báo để các bộ, … các cơ quan,' /
    'đơn vị liên quan biết, thực hiện./.': a PDF gives one piece a line)."""
    if prev is None or not ends_sentence(prev.text) or not piece.text[:1].isupper():
        return False
    if prev.text.rstrip().endswith(":"):
        return False                              # 'Về kiến nghị …:' over 'Đề nghị Ủy ban nhân dân tỉnh …
    if current.kind in ("part", "article"):
        return False
    if words_re_sections("closing_cues").match(piece.skel) is not None:
        return True
    sentence = piece.text
    for nxt in following:
        if ends_sentence(sentence):
            break
        sentence += " " + nxt.text
    return _issuer_closing(sentence)


# 'Văn phòng Chính phủ thông báo để các cơ quan … biết, thực hiện./.', 'Bộ Nội vụ đề nghị Ủy ban nhân dân
# các tỉnh, thành phố triển khai thực hiện …', 'Bộ Tài chính trân trọng đề nghị UBND các tỉnh …': the
# issuer's closing paragraph after the last item (its subject is the issuer, a capitalised name).
_CLOSING_WORDS = load_json("lexicons", "sections.json")["issuer_closing"]
_ISSUER_CLOSING = re.compile(r"^[A-ZĐ][^\s,.;:]*\s+(?:[^\s,.;:]+\s+){0,7}" + alternatives(_CLOSING_WORDS["courtesy"], r"\s+")
                             + "?" + alternatives(_CLOSING_WORDS["verbs"]) + r"\b"
                             r"(?=.*\b" + alternatives(_CLOSING_WORDS["purposes"]) + r"\b)")


def _issuer_closing(text: str) -> bool:
    return _ISSUER_CLOSING.match(text) is not None


def words_re_sections(key: str) -> re.Pattern:
    """A list of the sections lexicon as a phrase_regex, built once and kept by schemas.DATA."""
    return DATA.built(("sections.words_re", key), lambda: phrase_regex(lexicon()[key]))


def publishes_procedures(subject: str | None) -> bool:
    """A quyết định that publishes administrative procedures or approves their internal steps
    ('CÔNG BỐ DANH MỤC THỦ TỤC HÀNH CHÍNH …', 'PHÊ DUYỆT QUY TRÌNH NỘI BỘ GIẢI QUYẾT …'): its
    appendix describes the procedures as regulated, so it holds no task (gold DECISIONS D42)."""
    if not subject:
        return False
    text = skeleton(subject.lower())
    return words_re_sections("procedure_catalogue_subjects").match(text) is not None and any(
        skeleton(w.lower()) in text for w in lexicon()["procedure_catalogue_objects"])


def answers_a_letter(doc_type: str | None, subject: str | None, opening: str) -> bool:
    """A công văn that answers a question, or a notice of an advance ruling: its subject says so
    ('V/v trả lời … kiến nghị của cử tri', 'VỀ KẾT QUẢ XÁC ĐỊNH TRƯỚC MÃ SỐ'), or its `opening` (the
    first sentences of the body) reports the question received ('Cục Thuế nhận được công văn số …
    của Thuế tỉnh … Cục Thuế có ý kiến như sau', 'Trả lời công văn số … của Công ty …'). It explains
    the law and holds a task only where it asks a body to act (gold DECISIONS D32, A41, 25)."""
    kinds = {skeleton(k.lower()) for k in lexicon()["answer_doc_types"]}
    if skeleton((doc_type or "").lower()) not in kinds:
        return False
    if subject and words_re_sections("answer_subjects").match(skeleton(subject.lower())):
        return True
    text = skeleton(opening.lower())
    return _phrase_search("answer_openings").search(text) is not None and (
        _phrase_search("answer_cues").search(text) is not None)


def _phrase_search(key: str) -> re.Pattern:
    """A list of the sections lexicon as a regex that finds its phrases anywhere in skeleton text."""
    def build():
        forms = sorted({skeleton(w.lower()) for w in lexicon()[key]}, key=len, reverse=True)
        return re.compile(r"(?<![a-z0-9])(?:" + "|".join(r"\s+".join(map(re.escape, f.split())) for f in forms)
                          + r")(?![a-z0-9])")
    return DATA.built(("sections.phrase_search", key), build)


_QUOTED = re.compile(r"[“\"][^”\"]*[”\"]")


def asks_a_body(text: str) -> bool:
    """A paragraph of an answering letter that asks a named body to act: a sentence or clause that
    opens with 'đề nghị', 'yêu cầu' or 'giao' before a name ('Đề nghị Thuế tỉnh Đắk Lắk căn cứ …',
    'Về thủ tục hải quan: đề nghị Công ty nghiên cứu …', '…, đề nghị doanh nghiệp căn cứ …', a capitalised
    'Đề nghị …' after a title run into it). Quoted law does not count, nor 'theo đề nghị của …', 'hồ sơ
    đề nghị xác định trước …' (no clause opens there), nor the question received ('…, đề nghị hướng dẫn')."""
    def build():
        verbs, words = lexicon()["paragraph_task_verbs"], lexicon()["answer_requests"]
        return re.compile(r"(?:(?:^|[.:;!?,]\s*|\b" + alternatives(words["clause_openers"], r"\s+") + r")(?i:"
                          + alternatives(verbs) + r")|(?<!\w)" + alternatives(v[:1].upper() + v[1:] for v in verbs)
                          + r")\s+(?!" + alternatives(words["not_requests"], r"\b") + r")\w")
    return DATA.built(("sections.asks_a_body",), build).search(_QUOTED.sub(" ", text)) is not None


def excluded_part(item: Item) -> bool:
    """Items under a Roman part on purposes, grounds or the situation, the clause on entry
    into force, and an article that states the decision's own act ('Ban hành kèm theo …',
    'Công bố kèm theo …', 'Bãi bỏ …') are not tasks."""
    if not item.children and any(p in item.text.lower() for p in lexicon()["not_task_phrases"]):
        return True
    if item.kind == "article" and not item.children and words_re_sections("own_act_openings").match(
            skeleton(item.text.lower())):
        return True                              # 'Điều 1. Ban hành kèm theo Quyết định này …' (DECISIONS D1, D30)
    chain = [item, *item.ancestors()]
    for k, node in enumerate(chain):
        if node.kind in ("part", "article") and node.pieces and _non_task_title(node.pieces[0].text):
            if node.kind == "part" and k > 0 and _mixed_topics(node.pieces[0].text):
                sub = chain[k - 1]               # the part's own numbered sub-part decides
                if sub.kind not in ("para", "bullet") and sub.pieces and words_re_sections("task_topics").match(
                        skeleton(sub.pieces[0].text.lower())):
                    continue
            return True                          # 'Điều 1. Phạm vi và đối tượng áp dụng' of a Quy chế too
    return False


def _non_task_title(title: str) -> bool:
    return words_re_sections("non_task_parts").match(skeleton(title.lower())) is not None


_TITLE_JOINER = re.compile(r",|;|\s+" + alternatives(load_json("lexicons", "sections.json")["title_joiners"]) + r"\s+", re.I)


def _mixed_topics(title: str) -> bool:
    """A part title that joins a non-task topic with another ('II. ĐỐI TƯỢNG VÀ THỜI GIAN THI ĐUA',
    'II. ĐỐI TƯỢNG, THỜI GIAN VÀ THÀNH PHẦN THỰC HIỆN', 'III. PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN
    HỖ TRỢ'): a numbered sub-part whose title opens with a task topic (sections.json task_topics:
    '2. Thời gian thi đua', '4. Phương án tổ chức cấp phát') holds tasks, the others ('1. Đối tượng
    thi đua', '2. Hình thức khen thưởng') none; gold 3a2db039af8c2d05 II.2, 2957e4f4f0e41373
    II.2–II.3, 5d99697f14bcf68a II.2, 62f25a030c183151 III.4. 'MỤC ĐÍCH, YÊU CẦU' is all non-task."""
    topics = [t for t in _TITLE_JOINER.split(" ".join(title.split()).rstrip(" .:*")) if t.strip()]
    return len(topics) > 1 and not all(_non_task_title(t.strip()) for t in topics)


# --------------------------------------------------------------------------- appendix tables

@dataclass
class Row:
    number: str                    # "1", "1.1"
    marker: Piece
    pieces: list[Piece] = field(default_factory=list)
    children: list["Row"] = field(default_factory=list)
    parent: "Row | None" = None

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces if p.text)

    @property
    def segments(self) -> list[tuple[int, int]]:
        out = [(self.marker.start, self.marker.end)]
        for p in self.pieces[1:]:
            out.append((p.start, p.end))
        return out


def _row_follows(number: str, last_top: int, last_sub: dict[int, int]) -> bool:
    parts = [int(x) for x in number.split(".")]
    if len(parts) == 1:
        return parts[0] == last_top + 1
    if len(parts) == 2:
        return parts[0] == last_top and parts[1] == last_sub.get(parts[0], 0) + 1 \
            or (parts[0] == last_top + 1 and parts[1] == 1)
    return False


_ROW_ALONE = re.compile(r"^(?P<v>\d{1,2}(?:\.\d{1,2})?)\.?$")
_GROUP_ROWS = load_json("lexicons", "tables.json")["group_rows"]
_GROUP_START = re.compile("^" + alternatives(_GROUP_ROWS["openings"]) + r"\b|\(" + alternatives(_GROUP_ROWS["parenthesised"]))
_GROUP_DUTY = re.compile(r"\b" + alternatives(_GROUP_ROWS["duty_words"]) + r"\b")
_ROW_TOKEN = re.compile(r"^[0-9SslIOoĐDBZ]{1,2}(?:[.,][0-9SslIOoĐDBZ]{1,2})?\.?$")
_TOKEN_DIGITS = str.maketrans("SslIOoBZ", "55110082")


def parse_rows(appendix: Appendix) -> list[Row]:
    """Numbered rows of an appendix table: group rows ('1 Nhóm …') with their sub-rows
    ('1.1 …'), or flat rows. Wrapped cells and rows split by a page break stay one row;
    repeated header rows ('STT NỘI DUNG …') are skipped. With line boxes (PDF, OCR) the rows
    come from the table's geometry, since OCR loses or garbles the narrow number column."""
    pieces = appendix.pieces
    boxed = [p for p in pieces if p.top is not None and p.x0 is not None]
    if pieces and len(boxed) >= 0.8 * len(pieces):
        return _rows_by_geometry(boxed)
    return _rows_by_text(pieces)


def _header_row(p: Piece) -> bool:
    return p.skel.startswith("stt") or p.skel in ("tt",) or (is_upper_text(p.text, 0.9) and len(p.text.split()) <= 8
                                                              and not _ROW_ALONE.match(p.text))


def _rows_by_text(pieces: list[Piece]) -> list[Row]:
    rows: list[Row] = []
    last_top, last_sub = 0, {}
    current: Row | None = None
    tops: dict[int, Row] = {}
    for p in pieces:
        if p.skel.startswith("stt ") or p.skel == "stt":
            continue
        m = _ROW_RE.match(p.text) or _ROW_ALONE.match(p.text)
        if m and _row_follows(m.group("v"), last_top, last_sub):
            number = m.group("v")
            nums = [int(x) for x in number.split(".")]
            rest = p.cut(m.end())
            row = Row(number, p, [rest] if rest.text else [])
            if len(nums) == 1:
                last_top = nums[0]
                tops[nums[0]] = row
                rows.append(row)
            else:
                last_top = max(last_top, nums[0])
                last_sub[nums[0]] = nums[1]
                parent = tops.get(nums[0])
                if parent is not None:
                    row.parent = parent
                    parent.children.append(row)
                else:
                    rows.append(row)
            current = row
            continue
        if current is None or (is_upper_text(p.text, 0.9) and len(p.text.split()) <= 8):
            continue
        current.pieces.append(p)
    return rows


def _rows_by_geometry(pieces: list[Piece]) -> list[Row]:
    """Rows from line boxes: a row starts where a number cell sits beside a line, after a
    vertical gap wider than the line pitch, or (after a page break or repeated header) after a
    line that ended a sentence. Groups are recognised by their wording and numbered in order;
    sub-rows are numbered within their group, an OCRed number cell re-synchronising the count."""
    long_x = sorted(p.x0 for p in pieces if len(p.text) > 20)
    if not long_x:
        return _rows_by_text(pieces)
    content_x = long_x[len(long_x) // 2]
    tokens: list[tuple[int, float, str]] = []
    lines: list[Piece] = []
    heads = [(p.page, p.top) for p in pieces if p.x0 >= content_x - 0.02 and _header_row(p)]
    for p in pieces:
        left = p.x0 < content_x - 0.02
        if left and (_ROW_TOKEN.match(p.text) or len(p.text) <= 4):
            if not any(pg == p.page and abs(top - p.top) < max((p.bottom or p.top) - p.top, 1.0)
                       for pg, top in heads):           # 'STT' beside 'NỘI DUNG NHIỆM VỤ' is the header
                tokens.append((p.page, _middle(p), p.text))   # a number cell, read well or not
            continue
        m = _ROW_RE.match(p.text)
        if left and m:                                 # number and text on one line
            tokens.append((p.page, _middle(p), m.group("v")))
            p = p.cut(m.end())
        lines.append(p)
    pitch = _pitch(lines)
    blocks: list[list[Piece]] = []
    block_tokens: list[str | None] = []
    prev: Piece | None = None
    after_header = False
    for p in lines:
        if _header_row(p):
            after_header = True
            continue
        token = next((t for pg, mid, t in tokens if pg == p.page and abs(mid - _middle(p)) < 0.6 * pitch), None)
        if prev is None or token is not None:
            starts = True
        elif p.page != prev.page or after_header:
            starts = ends_sentence(prev.text) and (p.text[:1].isupper() or p.text[:1].isdigit())
        else:                                    # a wider gap than between two lines of a cell
            starts = _step(prev, p) > 1.18 * pitch and (p.text[:1].isupper() or p.text[:1].isdigit())
        starts = starts or bool(_GROUP_START.match(p.text))
        if starts:
            blocks.append([p])
            block_tokens.append(token)
        else:
            blocks[-1].append(p)
        prev, after_header = p, False
    rows: list[Row] = []
    group: Row | None = None
    top_n, sub_n = 0, 0
    for block, token in zip(blocks, block_tokens):
        text = " ".join(q.text for q in block)
        if _GROUP_START.search(text[:200]) and not _GROUP_DUTY.search(text[:120]):
            top_n, sub_n = top_n + 1, 0
            group = Row(str(top_n), block[0], block)
            rows.append(group)
            continue
        sub_n += 1
        hint = token.translate(_TOKEN_DIGITS).replace(",", ".").rstrip(".") if token else ""
        if re.fullmatch(r"\d{1,2}\.\d{1,2}", hint):
            a, b = (int(x) for x in hint.split("."))
            if group is not None and a == top_n and b > sub_n:
                sub_n = b
        if group is None:
            top_n += 1
            rows.append(Row(str(top_n), block[0], block))
            continue
        row = Row(f"{top_n}.{sub_n}", block[0], block, parent=group)
        group.children.append(row)
    return rows


def _middle(p: Piece) -> float:
    return (p.top + p.bottom) / 2 if p.bottom is not None else p.top


def _step(a: Piece, b: Piece) -> float:
    """Distance from one line to the next: the mean of top-to-top and bottom-to-bottom, since
    noise stretches an OCR box up or down but rarely both."""
    if a.bottom is None or b.bottom is None:
        return b.top - a.top
    return ((b.top - a.top) + (b.bottom - a.bottom)) / 2


def _pitch(lines: list[Piece]) -> float:
    """The usual distance between two consecutive lines of one cell: a low percentile of the
    steps (rows are farther apart), ignoring steps shorter than a line's height (OCR noise)."""
    heights = sorted(p.bottom - p.top for p in lines if p.bottom is not None and p.bottom > p.top)
    floor = 0.8 * heights[len(heights) // 2] if heights else 0.0
    steps = sorted(st for a, b in zip(lines, lines[1:]) if a.page == b.page and (st := _step(a, b)) > floor)
    return steps[len(steps) // 5] if steps else 1.0


def is_task_table(appendix: Appendix, rows: list[Row]) -> bool:
    """A table of tasks (to be done), not of statistics or a list of documents."""
    title = skeleton((appendix.title.text if appendix.title else "").lower())
    lex = lexicon()
    if any(skeleton(w.lower()) in title for w in lex["statistics_appendix_words"]):
        return False
    if any(skeleton(w.lower()) in title for w in lex["task_appendix_words"]):
        return bool(rows)
    leaves = [r for top in rows for r in (top.children or [top])]
    if not leaves:
        return False
    wordy = [r for r in leaves if len(r.text.split()) >= 8 and not re.search(r"\d[\d.,]*\s*$", r.text)]
    return len(wordy) >= 0.7 * len(leaves)
