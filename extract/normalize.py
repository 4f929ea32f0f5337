"""Vietnamese text normalization.

Two levels:
- `clean_line` / `clean_text`: what the user sees and the parser reads. Unicode NFC, control
  characters and PDF artefacts repaired, whitespace tidied, Markdown/HTML residue removed
  without losing text (`<sup>5</sup>` becomes the superscript `⁵`, so a footnote marker never
  merges into a number). Spelling is never changed.
- `fold`: a key for *matching* only — lower case, one canonical tone-mark placement
  ("hoà" = "hòa", "thuỷ" = "thủy"), OCR look-alikes unified, whitespace collapsed.
- Keys that keep every offset (one character for one character), for scanning a text and cutting
  the original at what was found: `base_letters` ("Nghị Định" -> "Nghi Dinh"), `skeleton` (the same
  in lower case), `fold_same` (lower case, canonical tones) and `fold_confusables` (Cyrillic and
  Greek letters that print like Latin ones, as in "66/NQ-СР", read as the Latin letters);
  `skeleton_any_script` (as `skeleton`, for every script: personal data may be typed in any).
- `without_marks`: lower case, every diacritic off, in any script and either normal form (an OCR
  word's letters, a file name); not offset-keeping.

This module is the one home of folding (tests/test_architecture.py holds every other module of
extract/, checks/, commands/, report/ to it).
"""
from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from schemas import built_from_data

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# Characters that are never right in Vietnamese text and what they stand for.
_LOOKALIKES = str.maketrans({
    "\u00d0": "Đ",   # Icelandic Eth, produced by OCR and some legacy fonts
    "\u00f0": "đ",
    "\u0189": "Đ",   # African D
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ",
    "\u3000": " ",
    "\u00ad": "",    # soft hyphen
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
    "\u2010": "-", "\u2011": "-",
})

_TAG_SUP = re.compile(r"<sup>\s*(\d+)\s*</sup>", re.I)
_TAG_BR = re.compile(r"<br\s*/?>", re.I)
_TAG_ANY = re.compile(r"</?(?:b|i|u|em|strong|sup|sub|span|font|p|div|a)(?:\s[^<>]*)?>", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_MD_STRAY = re.compile(r"(?<![\w*])\*{1,3}(?![\w*])|(?<=\S)\*{2,3}(?=\s|$)|(?<=\s)\*{2,3}(?=\S)|^\*{2,3}(?=\S)")
_SPACES = re.compile(r"[ \t]+")
_LINE_SPACES = re.compile(r" {2,}")
_TAB_RUN = re.compile(r" *\t *")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """One line of text as the parser should see it (no newline handling)."""
    t = nfc(text).translate(_LOOKALIKES)
    t = t.replace("\x02", "-").replace("\ufffe", "-")   # pypdfium2's line-end hyphen
    if not t.isprintable():                 # the common case skips the per-character filter
        t = "".join(ch for ch in t if ch in "\t\f" or unicodedata.category(ch)[0] != "C")
    # Tabs separate table cells (the corpus and our PDF tables): each tab stays (an empty cell
    # between two tabs keeps the columns aligned), spaces around it go.
    return _LINE_SPACES.sub(" ", _TAB_RUN.sub("\t", t)).strip(" ")


def strip_markup(text: str) -> str:
    """Remove Markdown/HTML residue from one line, keeping every word of text."""
    t = _TAG_SUP.sub(lambda m: m.group(1).translate(SUPERSCRIPT_DIGITS), text)
    t = _TAG_BR.sub(" ", t)
    t = _TAG_ANY.sub("", t)
    t = html.unescape(t)
    t = _MD_HEADING.sub("", t)
    for _ in range(2):                          # nested **bold *italic***
        t = _MD_EMPHASIS.sub(r"\2", t)
    t = _MD_STRAY.sub("", t)
    return t


def clean_text(text: str, markup: bool = False) -> str:
    """Normalize a block of text line by line. `markup=True` also strips Markdown/HTML."""
    t = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    t = t.replace("\x02\n", "-").replace("\x02", "-")
    lines = []
    for line in t.split("\n"):
        if markup:
            line = strip_markup(line)
        lines.append(clean_line(line))
    return "\n".join(lines)


# --------------------------------------------------------------------------- matching keys

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"   # huyền sắc ngã hỏi nặng
# Syllable-final "oa", "oe", "uy" are where the two placement styles disagree ("hoà"/"hòa",
# "thuỷ"/"thủy"). The traditional placement, on the first vowel, is canonical: it is what
# "CỘNG HÒA" uses on every directive. After "q" the "u" belongs to the consonant ("quý").
_FINAL_GLIDE = re.compile(r"(?<![qQ])([oO][aAeE]|[uU][yY])$")


@lru_cache(maxsize=65536)
def _canonical_word(word: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if c not in _TONE_MARKS)
    bare = unicodedata.normalize("NFC", bare)
    m = _FINAL_GLIDE.search(bare)
    if not m:
        return word
    marks = [c for c in unicodedata.normalize("NFD", word[m.start():]) if c in _TONE_MARKS]
    if not marks:
        return word
    i = m.start()
    moved = bare[:i] + unicodedata.normalize("NFC", bare[i] + marks[0]) + bare[i + 1:]
    # Keep any tone elsewhere in the word (there is none in a well-formed syllable).
    return unicodedata.normalize("NFC", moved)


def canonical_tones(text: str) -> str:
    """'hoà' -> 'hòa', 'thuỷ' -> 'thủy', 'khoẻ' -> 'khỏe'; 'quý', 'hoàng', 'tuyển' unchanged."""
    return re.sub(r"\w+", lambda m: _canonical_word(m.group(0)), nfc(text))


def fold(text: str | None) -> str:
    """Matching key: NFC, lower case, canonical tones, Đ look-alikes, single spaces."""
    if not text:
        return ""
    t = canonical_tones(nfc(text).translate(_LOOKALIKES)).lower()
    return _SPACES.sub(" ", t.replace("\n", " ")).strip()


def strip_accents(text: str) -> str:
    """ASCII-ish skeleton for fuzzy matching of OCR output ('đ' -> 'd')."""
    t = unicodedata.normalize("NFD", nfc(text).translate(_LOOKALIKES))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn")
    return t.replace("đ", "d").replace("Đ", "D")


# --------------------------------------------------------------------------- offset-keeping keys

_TABLE_SIZE = 0x2100          # Latin blocks, Vietnamese letters, general punctuation, superscripts


def _letter_tables() -> tuple[list[str], list[str]]:
    """Per code point: its base letter (`ệ` -> `e`, `Đ` -> `D`), and that in lower case. Lists, not
    dicts: str.translate looks a list up without raising for each unmapped character, which makes
    it several times faster on Vietnamese text."""
    plain = [chr(cp) for cp in range(_TABLE_SIZE)]
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base != chr(cp) and base.isascii():
            plain[cp] = base
    for cp, base in ((0x111, "d"), (0x110, "D"), (0xD0, "D"), (0xF0, "d"), (0x189, "D")):
        plain[cp] = base
    low = [c.lower() if len(c.lower()) == 1 else c for c in plain]
    return plain, low


_BASE, _LOW_BASE = _letter_tables()


def base_letters(text: str) -> str:
    """`Nghị Định` -> `Nghi Dinh`: letters without diacritics, case kept, same length."""
    return text.translate(_BASE)


def skeleton(text: str) -> str:
    """`Nghị Định` -> `nghi dinh`: lower case without diacritics, same length as `text` (offsets stay
    valid). Scanning regexes run on it without re.IGNORECASE, which is several times slower in `re`;
    OCR gets diacritics wrong far more often than letters."""
    return text.translate(_LOW_BASE)


def skeleton_any_script(text: str) -> str:
    """One character per character of `text` (NFC), in any script: the base letter (the first
    character of its NFD), case-folded, `đ`/`Đ` -> `d` (`Nguyễn Văn Ánh` -> `nguyen van anh`).
    Slower than `skeleton`, whose table covers the Latin blocks only."""
    return "".join(_skeleton_char(c) for c in text)


@lru_cache(maxsize=4096)
def _skeleton_char(c: str) -> str:
    base = unicodedata.normalize("NFD", c)[0]
    return {"đ": "d", "Đ": "d"}.get(c, base).casefold()[:1] or c


@lru_cache(maxsize=65536)
def without_marks(text: str) -> str:
    """Lower case with every diacritic removed (`Đường` -> `duong`, `й` -> `и`), in any script,
    from NFC or NFD input. A key, not offset-keeping: NFD input gets shorter."""
    nfd = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in nfd if not unicodedata.combining(c))


def fold_same(text: str) -> str:
    """Lower case with canonical tone placement, keeping every offset (plain lower case when the
    tone move would change the length)."""
    f = canonical_tones(text).lower()
    return f if len(f) == len(text) else text.lower()


@built_from_data
def _confusables() -> dict[int, str]:
    from schemas import load_json
    return {ord(k): v for k, v in load_json("lexicons", "confusables.json")["letters"].items()}


def fold_confusables(text: str) -> str:
    """Letters of other scripts that print like Latin ones ('66/NQ-СР' with Cyrillic С and Р) read as
    the Latin letters; same length."""
    return text.translate(_confusables())


def confusables_in(text: str) -> list[str]:
    """The look-alike letters of `text`, as printed."""
    table = _confusables()
    return [c for c in text if ord(c) in table]


@built_from_data
def _org_abbreviations() -> list[tuple[re.Pattern, str]]:
    from schemas import load_json
    pairs = sorted(load_json("lexicons", "org_abbreviations.json")["abbreviations"].items(), key=lambda kv: -len(kv[0]))
    return [(re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)"), v) for k, v in pairs]


def expand_org_abbreviations(folded: str) -> str:
    """Agency abbreviations in a folded name written out ('ubnd cấp xã' -> 'ủy ban nhân dân cấp xã'),
    longest first, as whole words (schemas/lexicons/org_abbreviations.json, with its sources)."""
    for pattern, full in _org_abbreviations():
        folded = pattern.sub(full, folded)
    return folded


def number_key(number: str | None) -> str:
    """What a document's number and symbol are compared by: folded, without spaces, tone marks
    off and Đ read as D (a clerk types "2623/QD-TTg" as often as "2623/QĐ-TTg")."""
    return "".join(strip_accents(fold(number or "")).split())


def drop_superscripts(text: str) -> str:
    return text.translate({ord(c): None for c in SUPERSCRIPTS})
