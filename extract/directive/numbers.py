"""The grammar of Vietnamese document numbers ("số, ký hiệu") and their OCR repair.

Three shapes (Nghị định 30/2020 Phụ lục I II.3 and practice, see schemas/lexicons/doc_types.json):
- administrative  `4560/UBND-PVHCC`, `131/NQ-CP`, `120/QĐ-UBND-HC`   NN/<part>(-<part>)*
- legal           `61/2018/NĐ-CP`, `20/2023/QH15`                    NN/YYYY/<part>(-<part>)*
- party           `18-NQ/TW`, `36-HD/VPTW`                           NN-<abbr>/<part>(-<part>)*
The sequence number may be blank (`/UBND-PVHCC`, a number not yet registered).

Printed numbers carry spaces (`2707 /UBND-TTHC`); `normalize_number` removes them. OCR damages
numbers in typical ways (measured in ../shared/research/feasibility.md: `TTHC`->`TTTHC`/`THC`/`TIHC`,
`01/NQ-CP`->`017NQ-CP`, `KSTT`->`KSTI`, `PVHCC`->`PVHCGC`, `QĐ`->`QĐĐ`); `repair_number` undoes them
only when the grammar fails or a symbol part is unknown and exactly one OCR-plausible edit turns it
into a known part (lexicons plus the document's own vocabulary).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import schemas
from schemas import built_from_data
from extract.normalize import SUPERSCRIPTS, nfc, skeleton

_PART = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
_SYM = rf"{_PART}(?:-{_PART})*"
_SEQ = r"[0-9]{1,5}[a-z]?"
_LEGAL = re.compile(rf"(?P<seq>{_SEQ})?/(?P<year>(?:19|20)[0-9]{{2}})/(?P<sym>{_SYM})")
_ADMIN = re.compile(rf"(?P<seq>{_SEQ})?/(?P<sym>{_SYM})")
_PARTY = re.compile(rf"(?P<seq>{_SEQ})-(?P<abbr>{_PART})/(?P<sym>{_SYM})")

_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-", "\u2010": "-",
                         "\u2011": "-", "\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\\": "/"})
_TRAILING = ".,;:)]}>'\"”’" + SUPERSCRIPTS
_LEADING = "([{<'\"“‘"
_LABEL_BEFORE_NUMBER = re.compile(r"^(\w{1,4})\s*:?\s*(?=[0-9/])")


@built_from_data
def number_labels() -> frozenset[str]:
    """The label printed before a document number ('Số'), as skeletons (any tone marks, any case)."""
    return frozenset(skeleton(w.lower()) for w in schemas.load_json("lexicons", "layout.json")["labels"]["number"])


@dataclass(frozen=True)
class NumberParts:
    seq: str | None          # "4560"; None when the sequence number is blank
    year: str | None         # "2018" in the legal shape
    parts: tuple[str, ...]   # ("UBND", "PVHCC"); party shape: ("NQ", "TW")
    form: str                # administrative | legal | party
    type_abbr: str | None    # "QĐ", "NĐ", ... when a part names a document type

    @property
    def symbol(self) -> str:
        """The ký hiệu: `UBND-PVHCC`, `NĐ-CP`; party shape `NQ/TW`."""
        if self.form == "party":
            return f"{self.parts[0]}/{'-'.join(self.parts[1:])}"
        return "-".join(self.parts)

    @property
    def number(self) -> str:
        """Canonical printed form without spaces (`61/2018/NĐ-CP`; blank seq gives `/UBND-X`)."""
        seq = self.seq or ""
        if self.form == "party":
            return f"{seq}-{self.symbol}"
        if self.form == "legal":
            return f"{seq}/{self.year}/{self.symbol}"
        return f"{seq}/{self.symbol}"


# --------------------------------------------------------------------------- lexicons

@built_from_data
def type_abbreviations() -> dict[str, str]:
    """Abbreviation -> type name (`QĐ` -> `Quyết định`), from doc_types.json."""
    out = {}
    for t in schemas.load_json("lexicons", "doc_types.json")["types"]:
        for abbr in [t.get("abbr")] + list(t.get("also_abbr", [])):
            if abbr:
                out[abbr] = t["name"]
    return out


@built_from_data
def known_parts() -> frozenset[str]:
    """Every symbol part the lexicons know: type abbreviations, issuers, drafting units."""
    lex = schemas.load_json("lexicons", "issuers.json")
    return frozenset(type_abbreviations()) | frozenset(lex["abbreviations"]) | frozenset(lex["unit_codes"])


def _is_known(part: str, vocabulary: frozenset[str] | set[str] = frozenset()) -> bool:
    if part in vocabulary or part in known_parts():
        return True
    stem = part.rstrip("0123456789")                 # QH15, NC2: a known stem with a term/desk number
    return bool(stem) and stem != part and stem in known_parts()


# --------------------------------------------------------------------------- grammar

def _part_ok(part: str) -> bool:
    """A symbol part is mostly capitals: `TTg`, `QyĐ`, `CTr` pass; a word like `Hà` does not."""
    upper = sum(1 for c in part if c.isupper())
    lower = sum(1 for c in part if c.islower())
    return upper >= 2 * lower and len(part) <= 16


def normalize_number(s: str) -> str:
    """`Số: 2707 /UBND-TTHC.` -> `2707/UBND-TTHC`: NFC, no spaces, dash and Đ look-alikes unified,
    a leading `Số:` and trailing punctuation or footnote markers dropped."""
    t = nfc(s).translate(_DASHES).strip()
    m = _LABEL_BEFORE_NUMBER.match(t)
    if m and skeleton(m.group(1).lower()) in number_labels():
        t = t[m.end():]
    t = re.sub(r"\s+", "", t)
    t = t.lstrip(_LEADING).rstrip(_TRAILING)
    return t


def parse_number(s: str) -> NumberParts | None:
    """The parts of a document number, or None when `s` is not one. Spaces are tolerated."""
    t = normalize_number(s)
    for form, rx in (("party", _PARTY), ("legal", _LEGAL), ("administrative", _ADMIN)):
        m = rx.fullmatch(t)
        if not m:
            continue
        parts = tuple(m.group("sym").split("-"))
        if form == "party":
            parts = (m.group("abbr"),) + parts
        if not all(p and _part_ok(p) for p in parts):
            return None
        if form == "party" and not m.group("seq"):
            return None
        abbrs = type_abbreviations()
        type_abbr = next((p for p in parts[:2] if p in abbrs), None)
        return NumberParts(seq=m.group("seq"), year=m.groupdict().get("year"), parts=parts,
                           form=form, type_abbr=type_abbr)
    return None


def type_of(parts: NumberParts, issuer_names: list[str] = ()) -> str | None:
    """The document type a number implies: the type abbreviation in its type position, or
    `Công văn` for the issuer-unit shape of a công văn (no type abbreviation, Phụ lục I II.3),
    including an issuer whose initials look like a type (`5330/CT-CS` of the Cục Thuế)."""
    typed = type_in_type_position(parts, issuer_names)
    if typed:
        return typed
    first = parts.parts[0] if parts.parts else None
    if parts.form == "administrative" and len(parts.parts) >= 2 and (
            first in _issuer_abbrs() or first in issuer_abbreviations(issuer_names)):
        return "Công văn"
    if parts.form == "legal" and parts.parts[0].rstrip("0123456789") == "QH":
        return "Luật"
    return None


def type_in_type_position(parts: NumberParts, issuer_names: list[str] = ()) -> str | None:
    """The type a symbol names in its type position, or None. Nghị định 30/2020 Phụ lục I II.3:
    a typed document's ký hiệu is <type>-<issuer>, a công văn's <issuer>-<unit>; so only the first
    part can name a type (`17986/BTC-CT`: CT is a drafting unit), and not when that part is the
    issuer's own abbreviation (`5330/CT-CS` of the Cục Thuế: <issuer>-<unit>, no type at all)."""
    first = parts.parts[0] if parts.parts else None
    if first not in type_abbreviations() or first in issuer_abbreviations(issuer_names):
        return None
    return type_abbreviations()[first]


_JOINING_WORDS = frozenset({"và", "của"})


def issuer_abbreviations(names: list[str]) -> frozenset[str]:
    """The abbreviations an issuer can write for itself in a symbol (Phụ lục III Mục II: the
    initials of its name): the lexicon's ('Bộ Tài chính' -> BTC) and the initials of each
    name as printed ('CỤC THUẾ' -> CT, 'Sở Kế hoạch và Đầu tư' -> SKHĐT)."""
    by_name = {_initials_key(v): k for k, v in schemas.load_json("lexicons", "issuers.json")["abbreviations"].items()}
    out = set()
    for name in filter(None, names):
        words = [w for w in re.findall(r"[^\W\d_]+", nfc(name)) if w.lower() not in _JOINING_WORDS]
        if not words:
            continue
        out.add("".join(w[0].upper() for w in words))
        if _initials_key(name) in by_name:
            out.add(by_name[_initials_key(name)])
    return frozenset(out)


def _initials_key(name: str) -> str:
    return " ".join(nfc(name).lower().split())


@built_from_data
def _issuer_abbrs() -> frozenset[str]:
    return frozenset(schemas.load_json("lexicons", "issuers.json")["abbreviations"])


# --------------------------------------------------------------------------- OCR repair

# Characters OCR swaps for one another in upper-case symbols (measured: T->I; the rest are the
# usual shape confusions of Latin capitals and digits).
_CONFUSIONS = {
    "I": "TL1", "T": "I", "L": "I", "1": "IL", "l": "IT", "O": "0QD", "0": "OD", "Q": "O",
    "D": "ĐO", "Đ": "D", "G": "C", "C": "G", "S": "5", "5": "S", "B": "8", "8": "B",
    "Z": "2", "2": "Z", "U": "V", "V": "U", "H": "N", "N": "H",
}
# Characters OCR inserts into a symbol on its own (measured: PVHCC -> PVHCGC).
_INSERTED = set("GIl1'.,")


def _edits(part: str) -> set[str]:
    """Every string one OCR-plausible edit away from `part`."""
    out = set()
    for i, ch in enumerate(part):
        for alt in _CONFUSIONS.get(ch, ""):
            out.add(part[:i] + alt + part[i + 1:])
        if ch in _INSERTED or (i and part[i - 1] == ch) or (i + 1 < len(part) and part[i + 1] == ch):
            out.add(part[:i] + part[i + 1:])          # a doubled or stray character
        out.add(part[:i] + ch + part[i:])             # a dropped double letter (THC -> TTHC)
    out.discard(part)
    return {e for e in out if e}


def _repair_part(part: str, vocabulary: Counter | dict, expect: frozenset[str] = frozenset()) -> str | None:
    if _is_known(part, vocabulary.keys()):
        return None
    hits = [e for e in _edits(part) if _is_known(e, vocabulary.keys())]
    if not hits:
        return None
    if len(hits) == 1:
        return hits[0]
    # Several plausible parts: the one the context expects (the type word before the number says
    # `NĐ`, not `HD`), else the one the document itself uses most, if it stands out.
    expected = [e for e in hits if e in expect]
    if len(expected) == 1:
        return expected[0]
    ranked = sorted(hits, key=lambda e: (-vocabulary.get(e, 0), e))
    if vocabulary.get(ranked[0], 0) > vocabulary.get(ranked[1], 0):
        return ranked[0]
    return None


_DIGITISH = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
_DIGIT_RUNS = re.compile(r"^([0-9OoIl|]+)(/(?:[0-9OoIl|]{4}/)?)")
_SLASH_AS_DIGIT = re.compile(r"^([0-9]+?)[7lI|]((?:19|20)[0-9]{2}/|[A-ZĐ])")
_YEAR_SLASH_AS_DIGIT = re.compile(r"^([0-9]+/(?:19|20)[0-9]{2})[7lI|1]([A-ZĐ])")
_SLASH_LOST = re.compile(r"^([0-9]+)([A-ZĐ])")


def _structural_fixes(t: str) -> list[str]:
    """Candidates with the number's skeleton repaired, most likely first: letters read into the
    digits (`2O23`), the slash read as a digit (`017NQ-CP` -> `01/NQ-CP`, `6172018/NĐ-CP` ->
    `61/2018/NĐ-CP`) or lost (`01NQ-CP`)."""
    out = []
    m = _DIGIT_RUNS.match(t)
    if m and m.group(1)[0].isdigit() and not (m.group(1) + m.group(2)).replace("/", "").isdigit():
        t = m.group(1).translate(_DIGITISH) + m.group(2).translate(_DIGITISH) + t[m.end():]
        out.append(t)
    m = _YEAR_SLASH_AS_DIGIT.match(t)
    if m:
        out.append(f"{m.group(1)}/{m.group(2)}{t[m.end():]}")
    m = _SLASH_AS_DIGIT.match(t)
    if m:
        out.append(f"{m.group(1)}/{m.group(2)}{t[m.end():]}")
    m = _SLASH_LOST.match(t)
    if m:
        out.append(f"{m.group(1)}/{m.group(2)}{t[m.end():]}")
    return out


def repair_number(s: str, vocabulary: Counter | dict | None = None, *,
                  expect: frozenset[str] | set[str] = frozenset()) -> tuple[str, str | None]:
    """(value, repaired_from). `value` is the number without spaces, with OCR damage undone where
    the grammar and the lexicons (plus `vocabulary`, a Counter of symbol parts the document uses,
    see `symbol_vocabulary`, and `expect`, the abbreviations the context implies such as the type
    word's) agree on one reading; `repaired_from` is the value before repair, or
    None when nothing but spacing changed. A string that is no number even after repair comes back
    normalized with None, and parse_number(value) tells the caller so."""
    vocabulary = vocabulary or {}
    t = normalize_number(s)
    parsed = parse_number(t)
    if parsed is None:
        for cand in _structural_fixes(t):
            parsed = parse_number(cand)
            if parsed:
                break
        if parsed is None:
            return t, None
    parts = list(parsed.parts)
    for i, p in enumerate(parts):
        fixed = _repair_part(p, vocabulary, frozenset(expect))
        if fixed:
            parts[i] = fixed
    repaired = NumberParts(seq=parsed.seq, year=parsed.year, parts=tuple(parts), form=parsed.form,
                           type_abbr=next((p for p in parts[:2] if p in type_abbreviations()), None))
    value = repaired.number
    return value, (t if value != t else None)


_CAPS_TOKEN = re.compile(r"(?<![A-Za-zÀ-ỹĐđ])[A-ZĐ][A-ZĐ0-9&]{1,15}(?![A-Za-zÀ-ỹĐđ])")


def symbol_vocabulary(text: str) -> Counter:
    """Capitalised tokens of a document with their counts: the parts its own numbers are likely
    made of (`TTHC` in 'thủ tục hành chính (TTHC)', `KSTT` in 'Lưu: VT, KSTT'). Tokens seen once
    are left out, so that one OCR error does not vouch for itself."""
    counts = Counter(_CAPS_TOKEN.findall(nfc(text)))
    return Counter({k: v for k, v in counts.items() if v >= 2})
