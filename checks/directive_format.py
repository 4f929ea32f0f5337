"""Format checks of Decree 30/2020/NĐ-CP on a parsed directive (ND30.* codes).

Facts come from `Directive.parts` (the located text of each layout component: absent key =
component missing) and the header fields; tables (type abbreviations, authority markers,
deputy titles) from schemas/data/document_format.json. Wording, severity and legal basis of
every code are in schemas/rules/nd30.json.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from checks.registry import check
from extract.directive.numbers import issuer_abbreviations
from extract.model import Directive, Finding, Span
from extract.normalize import confusables_in, fold, fold_confusables, skeleton, strip_accents
from schemas import load_json, rule

FORMAT = load_json("data", "document_format.json")
TYPE_ABBR: dict[str, str] = FORMAT["type_abbreviations"]["table"]           # "Kế hoạch" -> "KH"
_TYPE_BY_KEY = {fold(name): name for name in TYPE_ABBR}
_ABBR_TO_TYPE = {abbr.casefold(): name for name, abbr in TYPE_ABBR.items()}
_UNTYPED = {fold(t) for t in FORMAT["type_abbreviations"]["without_abbreviation"]}
_CONSOLIDATED = frozenset(FORMAT["type_abbreviations"]["consolidated"])   # VBHN: under the consolidated text's heading
# Types whose number is NN/YYYY/<issuer> with no type abbreviation ('60/2024/QH15' of a Luật):
# doc_types.json, legal number form and no abbreviation.
_ISSUER_ONLY_SYMBOL = frozenset(fold(t["name"]) for t in load_json("lexicons", "doc_types.json")["types"]
                                if t.get("abbr") is None and t.get("number_form") == "legal")
MARKERS = tuple(FORMAT["authority_markers"]["markers"])                     # "TM.", "KT.", ...
_MARKER_KEYS = {m.rstrip(".").casefold(): m for m in MARKERS}
_DEPUTY = FORMAT["deputy_titles"]
_PERSONAL_TITLES = sorted((fold(t) for t in FORMAT["personal_titles"]["titles"]), key=len, reverse=True)

# "Số: 2707 /UBND-TTHC", "Số: /UBND-PVHCC", "Số: 16/2022/QĐ-UBND". The symbol allows spaces only
# around hyphens, so text printed after it on the same line (a merged date column) is left out.
# The label before the number ("Số", schemas/lexicons/layout.json), matched on the skeleton (OCR
# drops and swaps its marks): "Số:", "SỐ", "So".
_NUMBER_LABEL = re.compile(r"^\s*(?:" + "|".join(re.escape(skeleton(w)) for w in load_json("lexicons", "layout.json")["labels"]["number"])
                           + r")\s*:?\s*")
_GROUP = r"[^\W_]+(?:&[^\W_]+)*"                 # "UBND", "TT&TT", "QyĐ"
_NUMBER = re.compile(r"(?P<seq>\d*)(?P<gap>[\s.…_]*)/\s*(?:(?P<year>\d{4})\s*/\s*)?"
                     rf"(?P<sym>{_GROUP}(?:\s*-\s*{_GROUP})*)?")
_DATE_WORDS = load_json("lexicons", "calendar_words.json")["keywords"]   # ngày, tháng, năm and their OCR spellings


def _words(kind: str) -> str:
    return "(?:" + "|".join(sorted({re.escape(strip_accents(fold(w))) for w in _DATE_WORDS[kind]}, key=len, reverse=True)) + ")"


# "ngày DD tháng MM năm YYYY", on strip_accents(fold(text)): OCR often drops the accents
_DATE = re.compile(_words("day") + r"\s*(?P<d>\d*)\s*" + _words("month") + r"\s*(?P<m>\d*)\s*" + _words("year")
                   + r"\s*(?P<y>\d*)")
# A công văn's subject follows "V/v" (the rule's parameter), spaces around the slash tolerated.
_VV = re.compile(r"\s*/\s*".join(re.escape(fold(p)) for p in rule("ND30.SUBJECT_NO_VV")["parameters"]["label"].split("/"))
                 + r"\b")


def _without_number_label(text: str) -> str:
    m = _NUMBER_LABEL.match(skeleton(text))           # same length as text: the offset holds
    return text[m.end():] if m else text


def _span(d: Directive, key: str) -> Span | None:
    return d.parts.get(key)


def _at(span: Span | None) -> dict | None:
    return span.location if span else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def type_name(d: Directive) -> str | None:
    """The document type as a Phụ lục III table key ('Kế hoạch'), from the tên loại heading or,
    failing that, from doc_type. None for a công văn or a type without an abbreviation."""
    for raw in (d.parts["doc_title"].text if "doc_title" in d.parts else None, d.doc_type):
        key = fold(re.sub(r"[^\w\s]", " ", raw or ""))
        if not key or key in _UNTYPED:
            continue
        if key in _TYPE_BY_KEY:
            return _TYPE_BY_KEY[key]
        for k in sorted(_TYPE_BY_KEY, key=len, reverse=True):   # "quyết định về việc ..." etc.
            if key.startswith(k + " "):
                return _TYPE_BY_KEY[k]
    return None


def _issuer_abbreviations(d: Directive) -> frozenset[str]:
    """What the issuer may write for itself at the head of a công văn's symbol ('CT' of the Cục
    Thuế in '5330/CT-CS': <issuer>-<unit>, not the Chỉ thị abbreviation)."""
    return issuer_abbreviations([d.issuer_normalized, d.issuer])


def is_cong_van(d: Directive) -> bool:
    """A công văn has no tên loại heading (Phụ lục I, II.5.b)."""
    if "doc_title" in d.parts:
        return False
    return not d.doc_type or fold(d.doc_type) in _UNTYPED


def parse_number(text: str) -> dict | None:
    """The printed 'Số: …' line split into sequence number, symbol and how it was spaced."""
    rest = _without_number_label(text).strip()
    m = _NUMBER.match(rest)
    if not m:
        return None
    sym = m["sym"] or ""
    # Whitespace from the slash on is "cách chữ"; a space between the number and "/" is the
    # hand-stamp practice (the number is filled in after signing) and is never reported.
    return {"seq": m["seq"], "year": m["year"], "symbol": re.sub(r"\s+", "", sym),
            "printed": rest[:m.end()].strip(),
            "inner_spaces": bool(re.search(r"\s", rest[m.end("gap"):m.end()]))}


def lookalike_params(printed: str) -> dict | None:
    """Message parameters for look-alike letters in a printed number, or None when it has none."""
    letters = confusables_in(printed)
    if not letters:
        return None
    scripts = {unicodedata.name(c, "").split(" ")[0] for c in letters}
    vi = {"CYRILLIC": "chữ Kirin", "GREEK": "chữ Hy Lạp"}
    shown = ", ".join(dict.fromkeys(letters))
    return {"letters": f"{shown} ({', '.join(vi.get(s, s.lower()) for s in sorted(scripts))})",
            "letters_en": f"{shown} ({', '.join(s.title() for s in sorted(scripts))})",
            "latin": ", ".join(dict.fromkeys(fold_confusables(c) for c in letters))}


# --------------------------------------------------------------------------- components

_COMPONENTS = [  # (code, zone, parts that must be present, Directive fields that also prove it)
    ("ND30.MISSING_ISSUER", "issuer", ("issuer",), ("issuer",)),
    ("ND30.MISSING_NUMBER", "number", ("number",), ("number",)),
    ("ND30.MISSING_PLACE_DATE", "place_date", ("place_date",), ("date",)),
    ("ND30.MISSING_BODY", "body", ("body",), ()),
    ("ND30.MISSING_CC", "cc", ("cc",), ("cc",)),
]
_PART_NAMES = {"national_title": ("Quốc hiệu", "the national title"), "motto": ("Tiêu ngữ", "the motto"),
               "position": ("chức vụ", "position"), "signer_name": ("họ tên", "full name")}
_ZONES = FORMAT["components"]["zones"]


def _has(d: Directive, part: str, fallbacks: tuple[str, ...] = ()) -> bool:
    return part in d.parts or any(getattr(d, f, None) for f in fallbacks)


def _absent(d: Directive, zone: str) -> bool:
    """The part is not in its zone, and the zone itself was located: the absence is a fact.
    A directive without zone facts (no reader located them) proves no absence."""
    z = d.zones.get(zone)
    return z is not None and z.confident


@check("nd30.components", applies_to="directive",
       codes=["ND30.MISSING_NATIONAL_TITLE", "ND30.MISSING_ISSUER", "ND30.MISSING_NUMBER",
              "ND30.MISSING_PLACE_DATE", "ND30.MISSING_DOC_TITLE", "ND30.SUBJECT_MISSING", "ND30.MISSING_BODY",
              "ND30.MISSING_SIGNER", "ND30.MISSING_CC", "ND30.KINH_GUI_MISSING", "PARSE.LAYOUT_UNCERTAIN",
              "ND30.CLOSING_NOT_ON_PAGE"])
def components(d: Directive, ctx) -> list[Finding]:
    """Mandatory components of Điều 8.2 present (Quốc hiệu-Tiêu ngữ, issuer, number, place and
    date, type name and subject, body, signer, Nơi nhận); Kính gửi for a công văn. A part is reported
    missing only where the reader located its zone; parts whose zone it could not locate are named in
    one PARSE.LAYOUT_UNCERTAIN instead. On one page image a closing that is not on it is a page of a
    longer document: one ND30.CLOSING_NOT_ON_PAGE (info) instead of missing signer or Nơi nhận."""
    if not d.parts:          # a parser that locates no component at all: nothing to judge
        return []
    out: list[Finding] = []
    unknown: list[str] = []
    closing: list[str] = []

    def judge(zone: str, finding) -> None:
        if zone in ("signature", "cc") and d.single_page_image:
            closing.append(zone)
        elif _absent(d, zone):
            out.append(finding())
        elif zone not in unknown:
            unknown.append(zone)

    missing = [k for k in ("national_title", "motto") if k not in d.parts]
    if missing:
        judge("national_title", lambda: _missing(
            "ND30.MISSING_NATIONAL_TITLE", d, "national_title",
            missing=" và ".join(_PART_NAMES[k][0] for k in missing),
            missing_en=" and ".join(_PART_NAMES[k][1] for k in missing)))
    for code, zone, parts, fallbacks in _COMPONENTS:
        if not all(_has(d, p, fallbacks) for p in parts):
            judge(zone, lambda code=code, zone=zone: _missing(code, d, zone))
    name = type_name(d)
    if name and "doc_title" not in d.parts:
        judge("doc_title", lambda: _missing("ND30.MISSING_DOC_TITLE", d, "doc_title", _at(_span(d, "number")),
                                            doc_type=name, heading=name.upper()))
    cong_van = is_cong_van(d)
    if _span(d, "subject") is None and not d.subject:
        judge("subject", lambda: _missing(
            "ND30.SUBJECT_MISSING", d, "subject", _at(_span(d, "doc_title") or _span(d, "number")),
            hint=" (công văn: dòng \"V/v …\" dưới số, ký hiệu)" if cong_van else " (dưới tên loại văn bản)",
            hint_en=" (a công văn puts it on a \"V/v …\" line under the number)" if cong_van
            else " (below the type heading)"))
    missing = [k for k, field in (("position", "position"), ("signer_name", "name"))
               if k not in d.parts and not getattr(d.signer, field)]
    if missing:
        judge("signature", lambda: _missing(
            "ND30.MISSING_SIGNER", d, "signature", _at(_span(d, "authority") or _span(d, "position")),
            missing=" và ".join(_PART_NAMES[k][0] for k in missing),
            missing_en=" and ".join(_PART_NAMES[k][1] for k in missing)))
    if cong_van and "recipients" not in d.parts and not d.recipients:
        judge("recipients", lambda: _missing("ND30.KINH_GUI_MISSING", d, "recipients",
                                             _at(_span(d, "subject") or _span(d, "number"))))
    if closing:
        names = {"signature": ("phần ký", "the signature block"), "cc": ("nơi nhận", "the distribution list")}
        order = [z for z in ("signature", "cc") if z in closing]
        out.append(Finding.of("ND30.CLOSING_NOT_ON_PAGE", missing=" và ".join(names[z][0] for z in order),
                              missing_en=" and ".join(names[z][1] for z in order)))
    if unknown:
        located = [k for k in ("issuer", "national_title", "number", "place_date", "doc_title", "subject",
                               "recipients", "body", "signature", "cc") if k in d.zones and d.zones[k].found]
        out.append(Finding.of(
            "PARSE.LAYOUT_UNCERTAIN", location=_at(_first_span(d)),
            evidence="; ".join(_ZONES[k]["vi"] for k in located) or "không thành phần nào",
            zones=", ".join(_ZONES[z]["vi"] for z in unknown), zones_en=", ".join(_ZONES[z]["en"] for z in unknown)))
    return out


_HEADER_ORDER = ("issuer", "national_title", "motto", "number", "place_date", "doc_title", "subject", "recipients")
_CLOSING_ORDER = ("authority", "position", "signer_name", "cc")


def _neighbour(d: Directive, zone: str) -> Span | None:
    """Evidence for a part that is not there: the printed line next to where it belongs (the first
    header line for a header part, the closing or the end of the body for the closing)."""
    if zone in ("signature", "cc"):
        for k in _CLOSING_ORDER:
            if k in d.parts:
                return d.parts[k]
        body = d.parts.get("body")
        if body is not None:
            return Span("…" + _one_line(body.text)[-100:], body.end, body.end, body.page, body.line)
        return None
    for k in _HEADER_ORDER:
        if k in d.parts:
            return d.parts[k]
    return d.parts.get("body")


def _missing(code: str, d: Directive, zone: str, location: dict | None = None, **params) -> Finding:
    """An absence finding with the line next to where the part belongs as its evidence."""
    near = _neighbour(d, zone)
    return Finding.of(code, location=location or _at(near), evidence=_one_line(near.text)[:120] if near else None,
                      **params)


def _first_span(d: Directive) -> Span | None:
    spans = [s for s in d.parts.values() if s.page is not None]
    return min(spans, key=lambda s: (s.page, s.line or 0)) if spans else None


# --------------------------------------------------------------------------- number and symbol

@check("nd30.number", applies_to="directive",
       codes=["ND30.NUMBER_BLANK", "ND30.NUMBER_LEADING_ZERO", "ND30.NUMBER_SPACES",
              "ND30.SYMBOL_MALFORMED", "ND30.SYMBOL_TYPE_IN_CONG_VAN", "ND30.SYMBOL_TYPE_MISMATCH",
              "ND30.NUMBER_LOOKALIKE"])
def number_and_symbol(d: Directive, ctx) -> list[Finding]:
    """Số, ký hiệu (Phụ lục I, II.3; Phụ lục III): number filled in, 01…09 with a zero, symbol
    TYPE-ISSUER for typed documents and ISSUER-UNIT (no type abbreviation) for a công văn."""
    span = _span(d, "number")
    if span is None and not d.number:
        return []                                  # ND30.MISSING_NUMBER says it
    text = span.text if span else f"Số: {d.number}"
    where, evidence = _at(span), _one_line(text)
    parsed = parse_number(fold_confusables(text))
    if parsed is not None:
        parsed["printed"] = _without_number_label(text).strip()[:len(parsed["printed"])]
        parts = d.number_parts
        if parts is not None and parts.form != "party":
            # The reader's parse (after its OCR repair) says what the number and symbol are; the
            # printed line is read only for how it is written (spaces, look-alike letters).
            parsed.update(seq=parts.seq or "", year=parts.year, symbol="-".join(parts.parts))
    out = []
    if parsed is None:
        return [Finding.of("ND30.SYMBOL_MALFORMED", location=where, evidence=evidence, symbol="",
                           expected="Số: NN/<ký hiệu>", expected_en="Số: NN/<symbol>")]
    seq = parsed["seq"]
    if not seq and d.number is None:
        out.append(Finding.of("ND30.NUMBER_BLANK", location=where, evidence=evidence))
    elif seq and len(seq) == 1 and int(seq) < 10:
        out.append(Finding.of("ND30.NUMBER_LEADING_ZERO", location=where, evidence=evidence,
                              number=seq, expected=f"0{seq}"))
    if confusables_in(parsed["printed"]):
        out.append(Finding.of("ND30.NUMBER_LOOKALIKE", location=where, evidence=evidence, printed=parsed["printed"],
                              number=fold_confusables(re.sub(r"\s+", "", parsed["printed"])),
                              **lookalike_params(parsed["printed"])))
    if parsed["inner_spaces"]:
        out.append(Finding.of("ND30.NUMBER_SPACES", location=where, evidence=evidence,
                              printed=parsed["printed"]))
    symbol = parsed["symbol"]
    groups = [g for g in symbol.split("-")]
    cong_van, name = is_cong_van(d), type_name(d)
    if (len(groups) < 2 and fold(d.doc_type or "") not in _ISSUER_ONLY_SYMBOL) or not all(groups):
        out.append(Finding.of(
            "ND30.SYMBOL_MALFORMED", location=where, evidence=evidence, symbol=symbol,
            expected="<viết tắt cơ quan>-<viết tắt đơn vị soạn thảo hoặc lĩnh vực>" if cong_van
            else "<viết tắt tên loại>-<viết tắt cơ quan>",
            expected_en="<issuer>-<drafting unit or field>" if cong_van else "<type>-<issuer>"))
        return out
    first = groups[0]
    if cong_van and first.casefold() in _ABBR_TO_TYPE and first not in _issuer_abbreviations(d):
        tname = _ABBR_TO_TYPE[first.casefold()]
        out.append(Finding.of("ND30.SYMBOL_TYPE_IN_CONG_VAN", location=where, evidence=evidence,
                              abbr=first, type_name=tname, heading=tname.upper()))
    elif name and first.casefold() != TYPE_ABBR[name].casefold() and first not in _CONSOLIDATED:
        out.append(Finding.of("ND30.SYMBOL_TYPE_MISMATCH", location=where, evidence=evidence,
                              doc_type=name, expected=TYPE_ABBR[name], abbr=first))
    return out


# --------------------------------------------------------------------------- place and date

@check("nd30.date", applies_to="directive",
       codes=["ND30.DATE_DAY_BLANK", "ND30.DATE_MONTH_BLANK", "ND30.DATE_YEAR_BLANK",
              "ND30.DATE_LEADING_ZERO", "ND30.DATE_MONTH_ZERO_PADDED", "ND30.DATE_INVALID",
              "ND30.DATE_FORMAT"])
def place_and_date(d: Directive, ctx) -> list[Finding]:
    """Địa danh và thời gian (Phụ lục I, II.4): written in full as 'ngày DD tháng MM năm YYYY',
    day < 10 and months 1–2 with a leading zero, a real calendar date."""
    span = _span(d, "place_date")
    if span is None:
        return []                                  # ND30.MISSING_PLACE_DATE says it
    where, evidence = span.location, _one_line(span.text)
    m = _DATE.search(strip_accents(fold(span.text)))   # OCR often drops the accents
    if not m:
        return [Finding.of("ND30.DATE_FORMAT", location=where, evidence=evidence)]
    day, month, year = m["d"], m["m"], m["y"]
    out = []
    for value, code in ((day, "ND30.DATE_DAY_BLANK"), (month, "ND30.DATE_MONTH_BLANK"),
                        (year, "ND30.DATE_YEAR_BLANK")):
        if not value:
            out.append(Finding.of(code, location=where, evidence=evidence))
    if day and len(day) == 1:
        out.append(Finding.of("ND30.DATE_LEADING_ZERO", location=where, evidence=evidence,
                              part="Ngày", part_en="day", printed=f"ngày {day}", expected=f"ngày 0{day}"))
    if month and len(month) == 1 and int(month) in (1, 2):
        out.append(Finding.of("ND30.DATE_LEADING_ZERO", location=where, evidence=evidence,
                              part="Tháng", part_en="month", printed=f"tháng {month}", expected=f"tháng 0{month}"))
    if month and month.startswith("0") and int(month) >= 3:
        out.append(Finding.of("ND30.DATE_MONTH_ZERO_PADDED", location=where, evidence=evidence,
                              printed=month, expected=str(int(month))))
    if day and month and year:
        try:
            date(int(year), int(month), int(day))
        except ValueError:
            out.append(Finding.of("ND30.DATE_INVALID", location=where, evidence=evidence,
                                  day=day, month=month, year=year))
    return out


# --------------------------------------------------------------------------- subject

@check("nd30.subject", applies_to="directive",
       codes=["ND30.SUBJECT_NO_VV", "ND30.SUBJECT_TRAILING_PERIOD"])
def subject(d: Directive, ctx) -> list[Finding]:
    """Trích yếu (Điều 8.2.đ; Phụ lục I, II.5): after 'V/v' for a công văn; no stray final period.
    (A missing trích yếu is a component: nd30.components.)"""
    span = _span(d, "subject")
    cong_van = is_cong_van(d)
    if span is None and not d.subject:
        return []
    text = _one_line(span.text if span else d.subject)
    where = _at(span)
    out = []
    if cong_van and span is not None and not _VV.match(fold(text)):
        out.append(Finding.of("ND30.SUBJECT_NO_VV", location=where, evidence=text))
    stripped = text.rstrip()
    if stripped.endswith(".") and not stripped.endswith(("..", "./.", "v.v.", "V.v.")):
        out.append(Finding.of("ND30.SUBJECT_TRAILING_PERIOD", location=where, evidence=text))
    return out


# --------------------------------------------------------------------------- signing authority

def _marker(line: str) -> tuple[str | None, str, bool]:
    """(canonical marker or None, the title after it, whether it was printed correctly)."""
    token, _, rest = line.strip().partition(" ")
    if token in MARKERS:
        return token, rest.strip(), True
    key = re.sub(r"[./:]", "", token).casefold()
    if key in _MARKER_KEYS and re.fullmatch(r"[A-Za-zĐđ./:]{1,6}", token):
        return _MARKER_KEYS[key], rest.strip(), False
    return None, line.strip(), True


def _title_key(text: str) -> str:
    """A title compared without diacritics: OCR drops a tone mark ('PHÓ CHỦ TICH'), and a format
    finding must not come from OCR noise."""
    return strip_accents(fold(text))


_DEPUTY_EXCEPTIONS = {_title_key(k): vs for k, vs in _DEPUTY["exceptions"].items()}
_COMPOUND = re.compile("|".join(re.escape(sep) for sep in _DEPUTY["compound_separators"]))


def _deputy_titles(head: str) -> list[str]:
    """The titles a deputy of `head` signs with, as printed ('PHÓ CHỦ TỊCH', 'THỨ TRƯỞNG'). A head
    holding two offices at once ('BỘ TRƯỞNG, CHỦ NHIỆM' of the Văn phòng Chính phủ) has the
    deputies of the whole title and of each office ('PHÓ CHỦ NHIỆM')."""
    offices = [p.strip() for p in _COMPOUND.split(head) if p.strip()]
    out: list[str] = []
    for title in [head] + (offices if len(offices) > 1 else []):
        for deputy in _DEPUTY_EXCEPTIONS.get(_title_key(title), [_DEPUTY["default_prefix"] + title]):
            if deputy not in out:
                out.append(deputy)
    return out


def _deputies(head: str) -> list[str]:
    return [_title_key(t) for t in _deputy_titles(head)]


@check("nd30.authority", applies_to="directive",
       codes=["ND30.AUTHORITY_INVALID", "ND30.KT_NOT_DEPUTY", "ND30.KT_TITLE_MISMATCH",
              "ND30.TM_NOT_COLLECTIVE"])
def authority(d: Directive, ctx) -> list[Finding]:
    """Thẩm quyền ký (Phụ lục I, II.7; Điều 13): only TM./KT./TL./TUQ./Q.; KT. over a deputy of
    that head; TM. before a collective or body, never a person's title."""
    span = _span(d, "authority")
    text = span.text if span else (d.signer.authority or "")
    if not text.strip():
        return []
    where = _at(span) or _at(_span(d, "position"))
    position_span = _span(d, "position")
    position = _one_line(position_span.text if position_span else (d.signer.position or ""))
    all_deputy_titles = {_title_key(v) for vs in _DEPUTY["exceptions"].values() for v in vs}
    out = []
    for line in filter(None, (ln.strip() for ln in text.splitlines())):
        marker, title, well_formed = _marker(line)
        evidence = _one_line(line)
        if marker is None:
            continue                                    # a title line, not a marker
        if not well_formed:
            out.append(Finding.of("ND30.AUTHORITY_INVALID", location=where, evidence=evidence,
                                  marker=line.split()[0]))
        if marker == "KT." and title and position:
            expected = _deputies(title)
            pos = _title_key(position)
            if any(pos.startswith(e) for e in expected):
                continue
            params = dict(authority=f"KT. {title}", position=position,
                          expected=" / ".join(_deputy_titles(title)))
            deputy = pos.startswith(_title_key(_DEPUTY["default_prefix"]))
            if deputy or any(pos.startswith(t) for t in all_deputy_titles):
                out.append(Finding.of("ND30.KT_TITLE_MISMATCH", location=where, evidence=evidence, **params))
            else:
                out.append(Finding.of("ND30.KT_NOT_DEPUTY", location=where, evidence=evidence, **params))
        elif marker == "TM." and title:
            t = fold(title)
            hit = next((p for p in _PERSONAL_TITLES if t == p or t.startswith(p + " ")), None)
            if hit:
                out.append(Finding.of("ND30.TM_NOT_COLLECTIVE", location=where, evidence=evidence,
                                      title=title))
    return out
