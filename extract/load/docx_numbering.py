"""Word's automatic numbering (numbering.xml) turned back into the labels a reader sees.

A draft made in Word rarely types "1.", "a)" or "-": the paragraph carries a `w:numPr`
(numbering instance `numId`, level `ilvl`), directly or through its paragraph style, and Word
computes the label when it lays out the page. Without this, "1. Giao Sở Nội vụ ..." reads as
"Giao Sở Nội vụ ...": the task loses its section and its heading, and the items under it lose
the actor they inherit. What is computed here follows ECMA-376 Part 1, §17.9, as Word applies it:

- `w:abstractNum` holds up to nine `w:lvl`: `w:start`, `w:numFmt` (decimal, lowerLetter,
  upperRoman, bullet, none, …), `w:lvlText` ("%1.", "%2)", "%1.%2.", "Điều %1.", "-"),
  `w:lvlRestart` (0 = never restart; n = restart after level n-1 or a higher level is used;
  absent = after any higher level), `w:isLgl` (every %n as decimal), `w:pStyle` (the level a
  paragraph style selects), `w:numStyleLink` (the definition lives in a numbering style).
- `w:num` instances point at an abstractNum and may override levels: `w:lvlOverride/w:startOverride`
  ("Restart at 1", "Set numbering value") and a whole replacement `w:lvl`.
- The running count belongs to the abstractNum, not to the instance: instances of one definition
  continue one another, and an instance with a `startOverride` restarts the count at that level the
  first time it is used (this is how Word continues a list across an interruption and how "Restart
  numbering" works; §17.9.6-7, and how Word renders documents that mix instances).
- Numbering reaches a paragraph directly (`w:pPr/w:numPr`) or through its style and the styles it is
  based on; a direct `numId` of 0 removes numbering the style would give.
- An empty numbered paragraph still shows its label and counts, as on the page.

Decision (Vietnamese letters). Vietnamese drafting letters points a, b, c, d, đ, e, g, h, i, k, …
(Decree 30/2020, Phụ lục I: "chữ cái tiếng Việt"), but Word's `lowerLetter` counts a, b, c, d, e,
f, g, …: a drafter who lets Word number the points gets "e)" on the fifth point, and that is what
is printed, signed and cited. The loader gives what Word displays — the page is the document — and
never re-letters. (A drafter who wants "đ)" types it, and typed labels are read as typed.)
Past z, Word repeats the letter (aa, bb, …), and so does this.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9

# Bullet glyphs from symbol fonts are private-use code points (Symbol U+F0B7, Wingdings U+F0A7 …):
# shown as the character a reader sees. Anything else in the private-use area reads as "•".
_SYMBOL_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪", "\uf06f": "◦", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "✓",
                   "\uf02d": "-", "\uf0a8": "□", "\uf0e0": "➢", "\uf0be": "-"}


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None          # w:lvlRestart: None = after any higher level, 0 = never
    legal: bool = False                 # w:isLgl
    style: str | None = None            # w:pStyle: the paragraph style that selects this level


@dataclass
class _Instance:
    abstract: str
    starts: dict[int, int]              # lvlOverride/startOverride
    levels: dict[int, Level]            # lvlOverride/lvl


def _int(el, default: int | None = None) -> int | None:
    if el is None:
        return default
    try:
        return int(el.get(W + "val"))
    except (TypeError, ValueError):
        return default


def _ilvl(el) -> int:
    try:
        return int(el.get(W + "ilvl", "0"))
    except ValueError:
        return -1


def _level(lvl, base: Level | None = None) -> Level:
    base = base or Level()
    fmt, text = lvl.find(W + "numFmt"), lvl.find(W + "lvlText")
    restart = lvl.find(W + "lvlRestart")
    legal = lvl.find(W + "isLgl")
    style = lvl.find(W + "pStyle")
    return Level(fmt=fmt.get(W + "val", "decimal") if fmt is not None else base.fmt,
                 text=text.get(W + "val", "") if text is not None else base.text,
                 start=_int(lvl.find(W + "start"), base.start if base else 1),
                 restart=_int(restart) if restart is not None else base.restart,
                 legal=(legal.get(W + "val", "true") not in ("0", "false", "off")) if legal is not None else base.legal,
                 style=style.get(W + "val") if style is not None else base.style)


class Numbering:
    """Counters for one document, fed its paragraphs in document order."""

    def __init__(self, numbering_root=None, styles_root=None):
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}                 # abstractNumId -> numStyleLink style id
        self.instances: dict[str, _Instance] = {}
        self.para_styles: dict[str, tuple[str | None, str | None, int | None]] = {}  # id -> basedOn, numId, ilvl
        self.num_styles: dict[str, str] = {}            # numbering style id -> numId
        self.default_style: str | None = None           # the paragraph style of a paragraph without one
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[tuple[str, int]] = set()      # (numId, ilvl) whose startOverride was applied
        if styles_root is not None:
            self._read_styles(styles_root)
        if numbering_root is not None:
            self._read_numbering(numbering_root)

    # ---------------------------------------------------------------- reading the parts

    def _read_styles(self, root) -> None:
        for st in root.iterchildren(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            based = st.find(W + "basedOn")
            num_pr = st.find(f"{W}pPr/{W}numPr")
            num_id = ilvl = None
            if num_pr is not None:
                nid = num_pr.find(W + "numId")
                num_id = nid.get(W + "val") if nid is not None else None
                ilvl = _int(num_pr.find(W + "ilvl"))
            if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true", "on"):
                self.default_style = sid
            if st.get(W + "type") == "numbering":
                if num_id:
                    self.num_styles[sid] = num_id
                continue
            self.para_styles[sid] = (based.get(W + "val") if based is not None else None, num_id, ilvl)

    def _read_numbering(self, root) -> None:
        for an in root.iterchildren(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            levels = {}
            for lvl in an.iterchildren(W + "lvl"):
                ilvl = _ilvl(lvl)
                if 0 <= ilvl < LEVELS:
                    levels[ilvl] = _level(lvl)
            self.abstracts[aid] = levels
            link = an.find(W + "numStyleLink")
            if link is not None and link.get(W + "val"):
                self.links[aid] = link.get(W + "val")
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is None or num.get(W + "numId") is None:
                continue
            starts, levels = {}, {}
            for ov in num.iterchildren(W + "lvlOverride"):
                ilvl = _ilvl(ov)
                start = ov.find(W + "startOverride")
                if start is not None:
                    starts[ilvl] = _int(start, 1)
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = lvl
            inst = _Instance(ref.get(W + "val"), starts, {})
            self.instances[num.get(W + "numId")] = inst
            for ilvl, lvl in levels.items():          # a replacement level, over the abstract one
                inst.levels[ilvl] = _level(lvl, self._abstract_levels(inst.abstract).get(ilvl))

    def _resolve(self, abstract: str, depth: int = 0) -> str:
        """The abstractNum that holds the levels (numStyleLink leads to a numbering style's list)."""
        link = self.links.get(abstract)
        if link is None or depth > 4:
            return abstract
        num_id = self.num_styles.get(link)
        inst = self.instances.get(num_id) if num_id else None
        if inst is None or inst.abstract == abstract:
            return abstract
        return self._resolve(inst.abstract, depth + 1)

    def _abstract_levels(self, abstract: str) -> dict[int, Level]:
        return self.abstracts.get(self._resolve(abstract), {})

    def _style_numbering(self, style: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph style gives, through the styles it is based on."""
        num_id = ilvl = None
        seen = set()
        while style and style not in seen:
            seen.add(style)
            based, sid, slvl = self.para_styles.get(style, (None, None, None))
            if num_id is None and sid is not None:
                num_id = sid
            if ilvl is None and slvl is not None:
                ilvl = slvl
            style = based
        return num_id, ilvl

    # ---------------------------------------------------------------- labels

    def level_of(self, num_id: str, ilvl: int) -> Level | None:
        inst = self.instances.get(num_id)
        if inst is None:
            return None
        if ilvl in inst.levels:
            return inst.levels[ilvl]
        return self._abstract_levels(inst.abstract).get(ilvl)

    def label(self, p) -> str:
        """The label Word shows in front of paragraph `p` ('' when none); advances the counters."""
        ppr = p.find(W + "pPr")
        style = num_id = ilvl = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style = ps.get(W + "val") if ps is not None else None
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                nid = num_pr.find(W + "numId")
                num_id = nid.get(W + "val") if nid is not None else None
                ilvl = _int(num_pr.find(W + "ilvl"))
        style = style or self.default_style
        style_num, style_lvl = self._style_numbering(style)
        num_id = num_id if num_id is not None else style_num
        if not num_id or num_id == "0" or num_id not in self.instances:
            return ""
        inst = self.instances[num_id]
        if ilvl is None:
            ilvl = style_lvl
        if ilvl is None:                 # the level whose w:pStyle is this paragraph's style
            levels = self._abstract_levels(inst.abstract)
            ilvl = next((k for k, lv in sorted(levels.items()) if style and lv.style == style), 0)
        ilvl = min(max(ilvl, 0), LEVELS - 1)
        spec = self.level_of(num_id, ilvl)
        if spec is None:
            return ""
        return self._advance(num_id, inst, ilvl, spec)

    def _start(self, num_id: str, inst: _Instance, ilvl: int) -> int:
        if ilvl in inst.starts:
            return inst.starts[ilvl]
        spec = self.level_of(num_id, ilvl)
        return spec.start if spec else 1

    def _advance(self, num_id: str, inst: _Instance, ilvl: int, spec: Level) -> str:
        key = self._resolve(inst.abstract)
        counters = self.counters.setdefault(key, [None] * LEVELS)
        if ilvl in inst.starts and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = inst.starts[ilvl]
        elif counters[ilvl] is None:
            counters[ilvl] = self._start(num_id, inst, ilvl)
        else:
            counters[ilvl] += 1
        for deeper in range(ilvl + 1, LEVELS):
            lv = self.level_of(num_id, deeper)
            restart = lv.restart if lv else None
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        return self._text(num_id, inst, ilvl, spec, counters)

    def _text(self, num_id: str, inst: _Instance, ilvl: int, spec: Level, counters) -> str:
        if spec.fmt == "bullet":
            return bullet(spec.text)
        text = spec.text
        for level in range(LEVELS - 1, -1, -1):     # %10 never exists; go high to low all the same
            mark = f"%{level + 1}"
            if mark not in text:
                continue
            lspec = self.level_of(num_id, level) or spec
            value = counters[level] if counters[level] is not None else self._start(num_id, inst, level)
            fmt = "decimal" if spec.legal and lspec.fmt not in ("none", "bullet") else lspec.fmt
            text = text.replace(mark, format_number(value, fmt))
        return text.strip()


def bullet(text: str) -> str:
    """The character a bullet level prints."""
    text = (text or "").strip()
    if not text:
        return "•"
    ch = text[0]
    if ch in _SYMBOL_BULLETS:
        return _SYMBOL_BULLETS[ch]
    if "\ue000" <= ch <= "\uf8ff":
        return "•"
    return text


def format_number(n: int, fmt: str) -> str:
    """A counter value in one of Word's number formats (w:numFmt)."""
    if fmt in ("none", "bullet"):
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        text = letters(n)
        return text.upper() if fmt == "upperLetter" else text
    if fmt in ("lowerRoman", "upperRoman"):
        text = roman(n)
        return text.lower() if fmt == "lowerRoman" else text
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    return str(n)          # decimal, ordinal, cardinalText … read as the number they count


def letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz, aaa …, the same letter repeated."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def roman(n: int) -> str:
    if n <= 0:
        return str(n)
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out
