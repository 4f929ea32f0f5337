"""Header fields of the output contract, read from the located layout parts.

doc_type, issuer, issuer_normalized, number (null when blank), symbol, place, date (null when
the day is blank, with date_partial), subject, recipients, signer, cc — as
../shared/design/ARCHITECTURE.md and ../shared/corpus/gold/CONVENTIONS.md §2 write them.
The number goes through the document-number grammar and its OCR repair (numbers.py); a repaired
value is reported with PARSE.NUMBER_REPAIRED, quoting what was printed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from extract.directive import numbers
from extract.directive.agencies import canonical_name, head_length
from extract.directive.dates import parse_date
from extract.directive.layout import (Layout, clean_cc, clean_entry, doc_title_of, skeleton, subject_is_vv,
                                      surname_forms)
from extract.model import Finding, Signer
from extract.normalize import fold, fold_confusables
from schemas import built_from_data, load_json

_UNITS: dict[str, str] = load_json("lexicons", "issuers.json")["administrative_units"]   # 'tp.' -> 'thành phố'
_CONTINUATIONS = frozenset(load_json("lexicons", "issuers.json")["name_continuations"])
_LOCAL = {short: re.compile("^(?:" + "|".join(re.escape(fold(w)) for w in sorted(words, key=len, reverse=True))
                             + r")\s+")                 # on fold(): 'Uỷ ban' and 'Ủy ban' alike
          for short, words in load_json("lexicons", "issuers.json")["local_government"].items()}
_LABELS = load_json("lexicons", "layout.json")["labels"]
_SUBJECT_LABEL = re.compile(r"^\s*(?:" + "|".join(r"\s*".join(re.escape(c) for c in w.replace(" ", ""))
                                                   for w in sorted(_LABELS["subject"], key=len, reverse=True))
                            + r")\s*[:.]?\s*", re.I)   # 'V/v', 'Về việc'
# The number label as printed or as OCR reads it ('Số:', 'Sô:', 'S6:'): its first letter, then at most
# as many characters as the label has.
_NUMBER_LABEL = re.compile(r"^\s*(?:" + "|".join(re.escape(w[0]) + r"\S{0,%d}" % len(w) for w in _LABELS["number"])
                           + r")\s*[:;.]?\s*")
_DAY_WORD = re.compile(r",?\s*" + re.escape(skeleton(_LABELS["date_words"][0])) + r"\b")


@dataclass
class Header:
    doc_type: str | None = None
    issuer: str | None = None
    issuer_normalized: str | None = None
    number: str | None = None
    symbol: str | None = None
    number_parts: numbers.NumberParts | None = None
    place: str | None = None
    date: str | None = None
    date_partial: dict | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    signer: Signer = field(default_factory=Signer)
    cc: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def read_header(layout: Layout, text: str, cited_dates: list[str] = ()) -> Header:
    """Header fields from the layout; `text` is the whole document (its own vocabulary of
    symbol parts vouches for OCR repairs of the number); `cited_dates` (ISO) are the dates of
    the documents it cites, which a misread year of issue is checked against."""
    h = Header()
    parts = layout.parts
    if "issuer" in parts:
        h.issuer = parts["issuer"].text
        h.issuer_normalized = normalize_issuer([p.text for p in parts["issuer"].pieces])
    if "number" in parts:
        _read_number(h, parts["number"], text)
    if "place_date" in parts:
        _read_place_date(h, parts["place_date"], cited_dates)
    elif layout.passage is not None:
        _read_passage_date(h, layout.passage)
    if "subject" in parts:
        h.subject = clean_subject(parts["subject"].text)
    h.recipients = [r for r in (clean_entry(b.text) for b in layout.recipients) if r]
    h.cc = [c for c in (clean_cc(b.text) for b in layout.cc) if c]
    h.signer = Signer(
        name=signer_name(parts["signer_name"].text) if "signer_name" in parts else None,
        position=parts["position"].text if "position" in parts else None,
        authority=parts["authority"].text if "authority" in parts else None)
    h.doc_type = _doc_type(h, layout)
    return h


def signer_name(text: str) -> str:
    """The signer's name as printed; a surname that OCR gave a wrong tone mark ('Lầm' for 'Lâm')
    takes the one known surname with the same letters (surnames are a short closed list)."""
    name = text.rstrip(". ")
    first, _, rest = name.partition(" ")
    known = surname_forms().get(skeleton(first.lower()), ())
    if rest and len(known) == 1 and first not in known and first.upper() != first:
        return f"{known[0]} {rest}"
    return name


def _read_number(h: Header, block, text: str) -> None:
    printed = block.text
    value = fold_confusables(_NUMBER_LABEL.sub("", printed))   # 'Số:' as printed or OCRed; 'NQ-СР' read as NQ-CP
    repaired, repaired_from = numbers.repair_number(value, numbers.symbol_vocabulary(text))
    parts = numbers.parse_number(repaired)
    if parts is None:
        digits = re.sub(r"\s+", "", value)
        h.number = digits if re.search(r"\d", digits) else None
        return
    h.number_parts = parts
    h.number = parts.number if parts.seq else None
    h.symbol = parts.symbol
    if repaired_from:
        h.findings.append(Finding.of("PARSE.NUMBER_REPAIRED", location=block.span().location,
                                     evidence=printed, value=repaired, printed=repaired_from))


def _read_place_date(h: Header, block, cited_dates) -> None:
    printed = block.text
    m = _DAY_WORD.search(skeleton(printed))                  # ', ngày' (OCR may drop its accents)
    if m:
        place = printed[:m.start()].strip(" ,")
        h.place = place or None
    dm = parse_date(printed)
    if dm is None:
        return
    h.date = dm.iso
    h.date_partial = dm.partial if not h.date else None
    year = re.search(r"(?<!\d)(\d{5})(?!\d)\s*\.?\s*$", printed)
    if year and dm.year and str(dm.year) in year.group(1):
        fixed = _year_of_issue(year.group(1), dm, cited_dates)
        if fixed and fixed != dm.year:
            value = dm.value.replace(year=fixed).isoformat() if dm.value else None
            h.date = value
            h.date_partial = {**dm.partial, "year": fixed} if dm.partial else None
        h.findings.append(Finding.of("PARSE.DATE_REPAIRED", location=block.span().location, evidence=printed,
                                     printed=year.group(1), value=str(fixed or dm.year)))


def _read_passage_date(h: Header, block) -> None:
    """A law or a resolution of the Quốc hội or its Standing Committee is dated by its passage line
    ('… thông qua ngày 30 tháng 11 năm 2024'): that date is its date of issue; it prints no place."""
    text = block.text
    at = skeleton(text).rfind(skeleton(load_json("data", "document_format.json")["passage_dated"]["passed"]))
    dm = parse_date(text[at:]) if at >= 0 else None
    if dm is not None and dm.iso:
        h.date = dm.iso


def _year_of_issue(token: str, dm, cited_dates) -> int | None:
    """A five-digit year of issue ('năm 20232': OCR read one digit twice, or glued a footnote
    marker): of the years one deleted digit away, the earliest that puts the document on or
    after every document it cites (a directive cites what came before it)."""
    years = sorted({int(token[:i] + token[i + 1:]) for i in range(len(token))})
    years = [y for y in years if 1945 <= y <= 2100]
    if not years:
        return None
    latest = max(cited_dates, default=None)
    month, day = dm.month or 12, dm.day or 1
    def issued(y):
        try:
            return date(y, month, day).isoformat()
        except ValueError:
            return None
    if latest is None:
        return int(token[:4]) if int(token[:4]) in years else None
    after = [y for y in years if (issued(y) or "") >= latest]
    return after[0] if after else None


def clean_subject(text: str) -> str:
    """The V/v or trích yếu block as one line: 'V/v' / 'Về việc' and a final '.' or ';' dropped."""
    t = _SUBJECT_LABEL.sub("", text)
    return t.strip().rstrip(".;").strip()


def _doc_type(h: Header, layout: Layout) -> str | None:
    """The type from the evidence on the page, strongest first: the tên loại heading; a 'V/v'
    trích yếu, which only a công văn has (Phụ lục I II.5.b); the symbol's type abbreviation in the
    type position (numbers.type_in_type_position: never a drafting unit or the issuer's own
    initials, `5330/CT-CS` of the Cục Thuế); the shape of the number."""
    title = layout.parts.get("doc_title")
    if title is not None and doc_title_of(title.text):
        return doc_title_of(title.text)
    if "subject" in layout.parts and subject_is_vv(layout.parts["subject"].text):
        return "Công văn"
    parts = h.number_parts
    if parts is None:
        return None
    issuer = [h.issuer_normalized] + ([p.text for p in layout.parts["issuer"].pieces] if "issuer" in layout.parts else [])
    return numbers.type_of(parts, issuer)


def _title_case(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() if w[:1].isalpha() else w for w in words.split())


def normalize_issuer(lines: list[str]) -> str | None:
    """'ỦY BAN NHÂN DÂN' + 'TỈNH NINH THUẬN' -> 'UBND tỉnh Ninh Thuận'; a body under its
    governing body ('UBND TỈNH X' + 'SỞ Y') -> 'Sở Y tỉnh X'."""
    if not lines:
        return None
    lines = _resplit(_rejoin_wrapped(lines))
    joined = " ".join(" ".join(lines).split())
    last = fold(lines[-1])
    if len(lines) == 1 or any(last.startswith(u + " ") for u in _UNITS):
        committee = _locality_form(joined)        # 'ỦY BAN NHÂN DÂN' + 'TỈNH NINH THUẬN'
        if committee:
            return committee
    # governing body first, the issuing body last
    body = lines[-1]
    parent = " ".join(lines[:-1])
    name = canonical_name(body) or _abbreviated_name(body) or _sentence_case(body)
    loc = _locality_form(parent) if parent else None
    if loc and loc.startswith(("UBND ", "HĐND ")):
        return f"{name} {loc.split(' ', 1)[1]}"
    return name


@built_from_data
def _abbreviated_names() -> dict[str, str]:
    """The bodies whose symbol abbreviation schemas/lexicons/issuers.json knows, as they write their
    own name ('ỦY BAN THƯỜNG VỤ QUỐC HỘI' -> 'Ủy ban Thường vụ Quốc hội'), by folded name."""
    names = load_json("lexicons", "issuers.json")["abbreviations"].values()
    return {" ".join(fold(n).split()): n for n in names}


def _abbreviated_name(text: str) -> str | None:
    return _abbreviated_names().get(" ".join(fold(text).split()))


def _rejoin_wrapped(lines: list[str]) -> list[str]:
    """One name wrapped over two lines is one line: 'BỘ NÔNG NGHIỆP VÀ' + 'MÔI TRƯỜNG',
    'BAN CHỈ ĐẠO NHÀ NƯỚC' + 'VỀ DU LỊCH'."""
    out: list[str] = []
    for n, line in enumerate(lines):
        words = fold(line).split()
        if out and n == len(lines) - 1 and len(words) <= 2 and not head_length(_sentence_case(line)) \
                and not any(" ".join(words).startswith(u) for u in _UNITS):
            out[-1] = f"{out[-1]} {line}"       # 'BỘ NÔNG NGHIỆP VÀ MÔI' / 'TRƯỜNG': a name wrapped in its column
            continue
        if out and words and (words[0] in _CONTINUATIONS or fold(out[-1]).split()[-1:] and
                              fold(out[-1]).split()[-1] in _CONTINUATIONS):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _resplit(lines: list[str]) -> list[str]:
    """Issuer lines as the bodies they name, however a column wrapped them ('UBND THÀNH PHỐ HÀ NỘI SỞ' /
    'GIÁO' / 'DỤC VÀ ĐÀO TẠO'): cut the joined words where the issuing body's head noun starts after a
    governing body that reads as a whole (a People's Committee or Council, or a known body)."""
    words = " ".join(lines).split()
    if len(lines) < 2 or len(words) < 3:
        return lines
    for n in range(len(words)):                  # 'BỘ NÔNG NGHIỆP VÀ MÔI' / 'TRƯỜNG': one known body wrapped
        if canonical_name(" ".join(words[n:])) and (n == 0 or _locality_form(" ".join(words[:n]))
                                                   or canonical_name(" ".join(words[:n]))):
            return [" ".join(words[:n]), " ".join(words[n:])] if n else [" ".join(words)]
    last = lines[-1]
    if head_length(_sentence_case(last)) or any(fold(last).startswith(u + " ") for u in _UNITS):
        return lines                             # printed as bodies already: 'UBND TỈNH X' / 'SỞ Y', 'UBND' / 'TỈNH X'
    for k in range(1, len(words)):
        rest = " ".join(words[k:])
        if not head_length(_sentence_case(rest)):
            continue
        parent = " ".join(words[:k])
        if _locality_form(parent) or canonical_name(parent):
            return [parent, rest]
    return lines


def _locality_form(text: str) -> str | None:
    low = fold(text)
    for short, rx in _LOCAL.items():
        m = rx.match(low)
        if not m:
            continue
        rest_printed = text[m.end():].strip() if len(low) == len(text) else low[m.end():].strip()
        rest = fold(rest_printed)
        for unit in sorted(_UNITS, key=len, reverse=True):
            if rest.startswith(unit + " "):
                name = rest_printed[len(unit):].strip()
                return f"{short} {_UNITS[unit]} {_title_case(name)}"
        return f"{short} {_title_case(rest_printed)}" if rest_printed else short
    return None


def _sentence_case(text: str) -> str:
    """'SỞ NỘI VỤ' -> 'Sở Nội vụ', 'VĂN PHÒNG' -> 'Văn phòng': the head noun and the first word
    of the name capitalised, the rest as a Vietnamese name is usually written."""
    words = text.split()
    if not words or not all(c.isupper() for w in words for c in w if c.isalpha()):
        return text
    low = [w.lower() for w in words]
    low[0] = low[0][:1].upper() + low[0][1:]
    n = max(1, head_length(" ".join(low)))
    if n < len(low):
        low[n] = low[n][:1].upper() + low[n][1:]
    for k in range(1, len(low) - 1):           # 'THUẾ TỈNH VĨNH LONG': the place after its unit word
        if low[k].lower() in _UNITS and low[k + 1].lower() not in _UNITS:
            low[k] = low[k].lower()
            low[k + 1:] = [w[:1].upper() + w[1:] for w in low[k + 1:]]
            break
    return " ".join(low)
