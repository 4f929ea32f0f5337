"""Cited documents: every `Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ` in a directive.

A mention is a document type from schemas/lexicons/doc_types.json followed by a number (with or
without `số`), or a bare number that the grammar in numbers.py recognises (`…, 107/2021/NĐ-CP`).
Around it: the article chain before it (`khoản 8 Điều 13, Điều 14 Nghị định …` -> articles, clauses
dropped), the date after it (`ngày …`), and the issuer either stated after it (`… của Chính phủ`)
or given by the context before it (`theo yêu cầu của Chính phủ tại Nghị định …`).

Type words are matched on an accent-free skeleton of the text with the same length, so an OCR
tone error (`Quyết đinh`) still finds its mention while offsets stay those of the original text.
Everything is compiled regex over the normalized text: the offsets are exact without a tokenizer,
and the pass takes a few milliseconds per document (spaCy's Matcher was 20x slower here, see
../shared/research/feasibility.md §5).
"""
from __future__ import annotations

import re

import schemas
from schemas import built_from_data
from extract.directive.dates import date_at, keyword
from extract.directive.grammar import alternatives
from extract.directive.numbers import (NumberParts, known_parts, normalize_number, parse_number, repair_number,
                                       symbol_vocabulary, type_of)
from extract.model import Reference, Span
from extract.normalize import SUPERSCRIPTS, base_letters, fold
from extract.normalize import skeleton as normalize_skeleton

# --------------------------------------------------------------------------- text skeleton

# The offset-keeping keys live in extract/normalize.py; the names this lane has always used:
skeleton = base_letters          # `Nghị định` -> `Nghi dinh`, one character for one character
low_skeleton = normalize_skeleton  # the same in lower case: scanning regexes run on it


def phrase_regex(phrases) -> str:
    """One regex alternation for many phrases, factored as a trie ('nghi dinh|nghi quyet' ->
    'nghi\\s+(?:dinh|quyet)'): `re` has no trie of its own and tries every alternative at every
    position otherwise. Words are separated by any whitespace; a longer phrase wins."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for word in phrase.split():
            node = node.setdefault(word, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = []
        for word in sorted((w for w in node if w), key=len, reverse=True):
            child = node[word]
            if not any(child):
                alts.append(re.escape(word))
            elif "" in child:
                alts.append(rf"{re.escape(word)}(?:\s+{build(child)})?")
            else:
                alts.append(rf"{re.escape(word)}\s+{build(child)}")
        return "(?:" + "|".join(alts) + ")"

    return build(trie)


# --------------------------------------------------------------------------- lexicons

@built_from_data
def _types() -> list[dict]:
    return schemas.load_json("lexicons", "doc_types.json")["types"]


@built_from_data
def _type_regex() -> tuple[re.Pattern, dict[str, dict]]:
    """Type words and their aliases as one trie regex over low_skeleton(text); key -> type entry."""
    by_key: dict[str, dict] = {}
    for t in _types():
        for name in [t["name"]] + list(t.get("aliases", [])):
            by_key[skeleton(name).lower()] = t
    alternation = phrase_regex(by_key)
    first = "".join(sorted({k[0] for k in by_key}))
    # On low_skeleton(text); the look-ahead on first letters lets `re` skip most positions fast.
    return re.compile(rf"(?=[{first}])(?<![a-z0-9])(?:{alternation})(?![a-z0-9])"), by_key


@built_from_data
def _issuer_lexicon() -> tuple[list[str], list[str], re.Pattern]:
    lex = schemas.load_json("lexicons", "issuers.json")
    heads = sorted({_lower_key(h) for h in lex["heads"]}, key=len, reverse=True)
    multi = sorted({_lower_key(n) for n in lex["multiword_names"]}, key=len, reverse=True)
    stops = "|".join(re.escape(s).replace(r"\ ", r"\s+")
                     for s in sorted(set(lex["stop_phrases"]), key=len, reverse=True))
    return heads, multi, re.compile(rf"(?:{stops})(?!\w)")


def _lower_key(text: str) -> str:
    """Lower case with single spaces: how heads and names are compared (cheaper than fold())."""
    return " ".join(text.split()).lower()


def _type_entry(word: str) -> dict | None:
    _, by_key = _type_regex()
    return by_key.get(" ".join(low_skeleton(word).split()))


# --------------------------------------------------------------------------- issuer phrases

_WORD = re.compile(r"[^\s,;.:()\[\]“”\"!?/" + SUPERSCRIPTS + r"]+")
_MAX_ISSUER_WORDS = 16


def issuer_at(text: str, pos: int) -> tuple[str, int] | None:
    """The issuing body named at `pos` (just after `của `): (name with single spaces, end offset),
    or None when what follows is not a body (`của người dân`, `của đơn vị`). The name starts with a
    head from the lexicon (Chính phủ, Bộ, Sở, UBND, Chủ tịch …) and runs until punctuation, a
    function word or verb (`về`, `tại`, `ban hành` …), a date, or a new document type."""
    heads, multi, stops = _issuer_lexicon()
    window = text[pos:pos + 260]
    if not window[:1].isupper():
        return None                                 # every body's name starts with a capital
    fw = _lower_key(window[:80])
    for name in multi:
        if fw.startswith(name):
            end = _advance_words(window, len(_WORD.findall(name)))
            return _extend_issuer(text, pos, pos + end, stops)
    head = next((h for h in heads if fw.startswith(h) and not fw[len(h):len(h) + 1].isalnum()), None)
    if head is None:
        return None
    return _extend_issuer(text, pos, pos + _advance_words(window, len(_WORD.findall(head))), stops)


def _advance_words(window: str, n: int) -> int:
    """Offset just after the n-th word of `window` (words as _WORD cuts them)."""
    end = 0
    for m in _WORD.finditer(window):
        n -= 1
        end = m.end()
        if n <= 0:
            break
    return end


_GAP = re.compile(r"[ \t\n\f]+(?:-[ \t]+)?")
_ABBREV_DOT = re.compile(r"\.[ \t]+(?=[A-ZĐÀ-Ỹ])")
_LINE_LABEL = re.compile(r"(?:[0-9]+(?:\.[0-9]+)*[.)]|[a-zđ]\)|[IVX]+\.)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\f")


def _extend_issuer(text: str, start: int, end: int, stops: re.Pattern) -> tuple[str, int] | None:
    words = len(text[start:end].split())
    pos = end
    while words < _MAX_ISSUER_WORDS:
        gap = _GAP.match(text, pos)
        if not gap and _ABBREV_DOT.match(text, pos) and re.fullmatch(r"T[Pp]|Tx|TX|Q|H", text[pos - 2:pos].strip()):
            gap = _GAP.match(text, pos + 1)         # "UBND TP. Hồ Chí Minh"
            pos += 1
        if not gap:
            break                                   # punctuation right after the last word
        nxt = _WORD.match(text, gap.end())
        if not nxt:
            break
        word, first = nxt.group(0), nxt.group(0)[:1]
        if _PARAGRAPH_BREAK.search(gap.group(0)) and not first.islower():
            break                                   # "Ủy\n\nban nhân dân" goes on; a new paragraph does not
        if "\n" in gap.group(0) and (_LINE_LABEL.match(text, gap.end()) or "-" in gap.group(0)):
            break                                   # the next line is a new list item
        if "-" in gap.group(0) and not first.isupper():
            break
        if first.isdigit() or text.startswith("V/v", gap.end()):
            break
        if first.islower() and _stop_at(text, gap.end(), stops):
            break
        if first.isupper() and _starts_type(text, gap.end()):
            break
        if word in ("và", "hoặc"):
            after = _GAP.match(text, nxt.end())
            w2 = _WORD.match(text, after.end()) if after else None
            if not w2 or not w2.group(0)[:1].isupper() or _starts_type(text, w2.start()):
                break                               # "Bộ Nội vụ và Bộ Tài chính" goes on
        pos = nxt.end()
        words += 1
    name = " ".join(text[start:pos].split())
    return (name, pos) if name else None


def _stop_at(text: str, pos: int, stops: re.Pattern) -> bool:
    return bool(stops.match(text, pos))


def _starts_type(text: str, pos: int) -> bool:
    rx, _ = _type_regex()
    m = rx.match(low_skeleton(text[pos:pos + 30]))
    return bool(m) and text[pos:pos + 1].isupper()


# --------------------------------------------------------------------------- article chains

# The words of a citation are data (schemas/lexicons/citations.json); the shapes around them are here.
_CITATION = schemas.load_json("lexicons", "citations.json")
_POINT, _CLAUSE, _ARTICLE = (alternatives(_CITATION["units"][u]) for u in ("point", "clause", "article"))
_PLURAL, _AND, _OR = (alternatives(_CITATION[w]) for w in ("plural", "and", "or"))
_THROUGH, _OF = alternatives(_CITATION["through"]), alternatives(_CITATION["of"])
_SO_IN_A_LIST = alternatives(_CITATION["number_word"]["in_a_list"])
_ITEM = (rf"(?:{_POINT}\s+[a-zđ](?:\s*(?:,|{_AND})\s*[a-zđ])*\s+)?"
         rf"(?:{_CLAUSE}\s+[0-9]+(?:\s*(?:,|{_AND})\s*[0-9]+)*\s+)?"
         rf"(?:{_PLURAL}\s+)?{_ARTICLE}\s+[0-9]+[a-zđ]?(?:\s*(?:,|{_AND}|{_THROUGH})\s*[0-9]+[a-zđ]?(?![0-9/]))*")
_CHAIN = re.compile(rf"(?:{_ITEM})(?:\s*(?:,|;|{_AND}|,\s*{_AND}|{_THROUGH})\s*(?:{_ITEM}))*\s*"
                    rf"(?:{alternatives(_CITATION['chain_end'])}\s+)?$", re.I)
_ARTICLE_RANGE = re.compile(rf"{_ARTICLE}\s+([0-9]+)\s*{_THROUGH}\s*(?:{_ARTICLE}\s+)?([0-9]+)", re.I)
_ARTICLE_NUMBERS = re.compile(rf"{_ARTICLE}\s+([0-9]+[a-zđ]?(?:\s*(?:,|{_AND}|{_THROUGH})\s*[0-9]+[a-zđ]?(?![0-9/]))*)",
                              re.I)
_ARTICLE_SEPARATOR = re.compile(rf"\s*(?:,|{_AND}|{_THROUGH})\s*")


def _articles_before(text: str, start: int) -> tuple[list[str], int]:
    """Articles cited just before `start` and where the chain begins (or `start` when none)."""
    lo = max(0, start - 240)
    window = text[lo:start]
    if "iều" not in window and "IỀU" not in window:
        return [], start                            # no "Điều" nearby: skip the anchored search
    m = _CHAIN.search(window)
    if not m:
        return [], start
    arts: list[str] = []
    for am in _ARTICLE_NUMBERS.finditer(m.group(0)):
        for a in _ARTICLE_SEPARATOR.split(am.group(1)):
            if a and a not in arts:
                arts.append(a)
    for rm in _ARTICLE_RANGE.finditer(m.group(0)):  # "từ Điều 5 đến Điều 8" -> 5, 6, 7, 8
        a, b = int(rm.group(1)), int(rm.group(2))
        for n in range(a, b + 1) if 0 < b - a <= 50 else ():
            if str(n) not in arts:
                arts.append(str(n))
    return sorted(arts, key=_article_order), lo + m.start()


# --------------------------------------------------------------------------- mentions

_SO = re.compile(r"\s*(?:" + alternatives(_CITATION["number_word"]["before_a_number"]) + r"\b\s*:?\s*)", re.I)
_TOKEN = re.compile(r"[0-9OoIl|][^\s,;()\[\]“”\"]*")
_TOKEN_CONT = re.compile(r"(?:[ \t]?/[ \t]?|[ \t]?-[ \t]?(?=[A-ZĐ])|(?<=[/-])[ \t]?\n?(?=[A-ZĐ0-9]))[^\s,;()\[\]“”\"]+")
_SO_AFTER_A_NAME = alternatives(_CITATION["number_word"]["after_a_name"])
_NAME_WORDS = re.compile(r"(?:\s+[^\s,;.:()\[\]“”\"0-9][^\s,;.:()\[\]“”\"]*){1,12}?(?=\s+" + _SO_AFTER_A_NAME + r"\b)",
                         re.I)
# "Thông báo kết luận số …", "Kế hoạch hành động số …": a few lower-case words before "số".
_QUALIFIER_WORDS = re.compile(r"(?:[ \t]+[^\s,;.:()\[\]“”\"0-9]+){1,3}?(?=\s+" + _SO_AFTER_A_NAME + r"\b)")
_FORM_CODE = re.compile(r"(?<![a-z])(?:" + phrase_regex(
    {" ".join(low_skeleton(w).split()) for w in schemas.load_json("lexicons", "doc_types.json")["not_documents"]})
    + r")(?:\s+so)?\s*:?\s*$")
_SPACE_OR_NEWLINE = re.compile(r"[ \t]*\n?[ \t]*")
_BARE = re.compile(
    r"(?=[0-9])(?<![\w/.-])(?:[0-9]{1,5}[a-z]?[ \t]?/[ \t]?(?:(?:19|20)[0-9]{2}/)?[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-ZĐ][A-Za-zĐđ0-9&]*)*"
    r"|[0-9]{1,5}-[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ0-9&]*(?:-[A-ZĐ][A-Za-zĐđ0-9&]*)*)")
_CONTINUATION = re.compile(rf"^\s*(?:,|;|{_AND}|{_OR}|,\s*{_AND})\s*(?:{_PLURAL}\s+)?(?:{_SO_IN_A_LIST}\s*:?\s*)?$", re.I)
_ATTACHMENT = re.compile(alternatives(_CITATION["attachment_caption"]["lead"]) + r"\s+"
                         + alternatives(_CITATION["attachment_caption"]["then"]) + r"\s*$", re.I)


def _number_tokens(text: str, pos: int) -> list[tuple[str, int]]:
    """The printed number starting at `pos`, longest reading first: a number may continue over a
    space or line break at '/' or '-' (`2707 /UBND-TTHC`, `NĐ- CP`, `NĐ -CP`), but what follows
    may also be the next words (`NĐ-CP - Quy định …`), so shorter readings are offered too."""
    m = _TOKEN.match(text, pos)
    if not m:
        return []
    ends = [m.end()]
    for _ in range(3):
        c = _TOKEN_CONT.match(text, ends[-1])
        if not c:
            break
        ends.append(c.end())
    out = []
    for end in reversed(ends):
        stripped = text[pos:end].rstrip(".,;:)]}>'\"”’" + SUPERSCRIPTS)
        out.append((stripped, pos + len(stripped)))
    return out


def _mention(text: str, start: int, raw: str, num_end: int, type_name: str | None, value: str,
             repaired_from: str | None) -> Reference:
    """One mention from `start` (its type word) to the number's end, with what is attached to it."""
    articles, chain_start = _articles_before(text, start)
    end = num_end
    date_iso = issuer = via = None
    # "… số X ngày D của I", "… số X của I ngày D", "… số X, ngày D"
    for _ in range(2):
        m = _date_lead().match(text, end)
        if m and date_iso is None:
            d = date_at(text, m.end())
            if d and d.value:
                date_iso, end = d.iso, d.end
                continue
        m = _ISSUER_LEAD.match(text, end)
        if m and issuer is None:
            found = issuer_at(text, m.end())
            if found:
                issuer, end, via = found[0], found[1], "mention"
                continue
        break
    if issuer is None:
        issuer = _context_issuer(text, chain_start)
        via = "context" if issuer else None
    lead = text[max(0, chain_start - 30):chain_start]
    ref = Reference(type=type_name, number=value, date=date_iso, issuer=issuer, articles=articles,
                    mentions=1, spans=[Span(text=text[start:end], start=start, end=end)],
                    printed=raw if raw != value else None, repaired_from=repaired_from,
                    issuer_via=via, attachment_caption=bool(_ATTACHMENT.search(lead)))
    return ref


_GAP_CHARS = r"[\s,!?" + SUPERSCRIPTS + r"]*"   # footnote markers (OCR: ¹ -> !, ² -> ?) before "của"
_ISSUER_LEAD = re.compile(_GAP_CHARS + _OF + r"\s+")


@built_from_data
def _date_lead() -> re.Pattern:
    return re.compile(_GAP_CHARS + alternatives(_CITATION["issued"], r"\s+") + rf"?(?={keyword('day')}\b)", re.I)


_CONTEXT = re.compile(r"(?:^|[\s(])" + _OF + r"\s+", re.I)
_CONTEXT_GAP = re.compile(r"\s+" + alternatives(_CITATION["issuer_context"]["then"]) + r"\s+"
                          r"(?:" + alternatives(_CITATION["issuer_context"]["plural"]) + r"\s+)?"
                          r"(?:" + alternatives(_CITATION["issuer_context"]["document"]) + r"\s+)?", re.I)


def _context_issuer(text: str, start: int) -> str | None:
    """`của <issuer> tại|theo …` right before a mention (or its article chain)."""
    lo = max(0, start - 160)
    window = text[lo:start]
    for m in reversed(list(_CONTEXT.finditer(window))):
        found = issuer_at(text, lo + m.end())
        if not found:
            continue
        gap = text[found[1]:start]
        if _CONTEXT_GAP.fullmatch(gap):
            return found[0]
        return None
    return None


def find_references(text: str) -> list[Reference]:
    """Every mention of a cited document in `text`, in order (see the module doc). One Reference
    per mention: mentions=1, one Span with offsets into `text` (page/line left None)."""
    vocabulary = symbol_vocabulary(text)
    skel = low_skeleton(text)
    type_rx, _ = _type_regex()
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []

    for tm in type_rx.finditer(skel):
        entry = _type_entry(tm.group(0))
        if entry is None or _on_header_number_line(text, tm.start()):
            continue
        pos = tm.end()
        if entry.get("named"):
            nm = _NAME_WORDS.match(text, pos)       # "Luật Giao dịch điện tử số …"
        else:
            nm = _QUALIFIER_WORDS.match(text, pos)  # lower-case words only: "Thông báo kết luận số …"
            nm = nm if nm and all(w[:1].islower() for w in nm.group(0).split()) else None
        if nm and not _has_type_word(nm.group(0)):
            pos = nm.end()
        so = _SO.match(text, pos)
        if so:
            pos = so.end()
        else:
            pos = _SPACE_OR_NEWLINE.match(text, pos).end()
            if pos == tm.end():
                continue
        expect = {a for a in (entry.get("abbr"), *entry.get("also_abbr", ())) if a}
        for raw, num_end in _number_tokens(text, pos):
            value, repaired_from = repair_number(raw, vocabulary, expect=expect)
            parts = parse_number(value)
            if parts is not None and parts.seq is not None:
                break
        else:
            continue
        raw, num_end, value, repaired_from = _split_symbol(text, raw, num_end, value, repaired_from,
                                                           vocabulary, expect)
        ref = _mention(text, tm.start(), raw, num_end, entry["name"], value, repaired_from)
        found.append(ref)
        taken.append((tm.start(), num_end))

    for bm in _BARE.finditer(text):
        if any(s <= bm.start() < e for s, e in taken) or _on_header_number_line(text, bm.start()):
            continue
        raw = bm.group(0)
        if _FORM_CODE.search(skel[max(0, bm.start() - 20):bm.start()]):
            continue                                # "Mẫu số 02/BC-SNV": a form's code
        value, repaired_from = repair_number(raw, vocabulary)
        parts = parse_number(value)
        if parts is None or parts.seq is None or not _plausible_bare(parts):
            continue
        type_name = _continued_type(text, bm.start(), found) or type_of(parts)
        raw, end, value, repaired_from = _split_symbol(text, raw, bm.end(), value, repaired_from, vocabulary)
        found.append(_mention(text, bm.start(), raw, end, type_name, value, repaired_from))
        taken.append((bm.start(), end))

    found.sort(key=lambda r: r.spans[0].start)
    _share_list_issuer(text, found)
    return found


_FRAGMENT = re.compile(r"[ \t](?:[A-ZĐ]{1,3}(?=[\s,;.)]|$)|[^\s\d/]{1,2}(?:-[A-ZĐ][A-Za-zĐđ0-9&]*)+)")


def _split_symbol(text: str, raw: str, end: int, value: str, repaired_from: str | None, vocabulary,
                  expect=frozenset()) -> tuple[str, int, str, str | None]:
    """OCR cut a symbol part in two (`727/TTg-KST TT ngày …`, `727/TT ø-KSTT`): when the number's
    last part is unknown and a short capital fragment right after it makes a known part, or a
    fragment goes on with `-` and more parts, it belongs to the number (and the date or issuer
    after it to the mention) if every part of the result is known."""
    m = _FRAGMENT.match(text, end)
    parts = parse_number(value)
    printed = parse_number(raw)
    chained = bool(m) and "-" in m.group(0)             # '727/TT ø-KSTT': the symbol goes on after it
    if not m or parts is None or printed is None or (not chained and _known_part(printed.parts[-1], vocabulary)):
        return raw, end, value, repaired_from
    joined = raw + m.group(0)
    fixed, fixed_from = repair_number(joined.translate(_G_LOOKALIKES), vocabulary, expect=expect)
    new = parse_number(fixed)
    if new is None or new.seq != parts.seq or not all(_known_part(x, vocabulary) for x in new.parts):
        return raw, end, value, repaired_from
    return joined, m.end(), fixed, fixed_from or (joined if fixed != normalize_number(joined) else None)


_G_LOOKALIKES = str.maketrans({"ø": "g", "q": "g"})     # the g of TTg as OCR reads it


def _known_part(part: str, vocabulary) -> bool:
    return part in known_parts() or part.rstrip("0123456789") in known_parts() or part in vocabulary


_LIST_GAP = re.compile(rf"\s*(?:,|{_AND}|{_OR}|,\s*{_AND})\s*(?:{_PLURAL}\s+)?(?:{_SO_IN_A_LIST}\s*:?\s*)?", re.I)
_HEADER_NUMBER_LINE = re.compile(r"[ \t]*" + alternatives(_CITATION["number_word"]["header_line_case_sensitive"])
                                 + r"\s*:")


def _share_list_issuer(text: str, found: list[Reference]) -> None:
    """`Nghị quyết số 01/NQ-CP ngày …, số 02/NQ-CP ngày … của Chính phủ`: the issuer stated after
    the last item of a list of one type belongs to every item before it."""
    for i in range(len(found) - 2, -1, -1):
        cur, nxt = found[i], found[i + 1]
        if cur.issuer_via == "mention" or not nxt.issuer or nxt.issuer_via != "mention" or cur.type != nxt.type:
            continue
        gap = text[cur.spans[0].end:nxt.spans[0].start]
        if _LIST_GAP.fullmatch(gap):
            cur.issuer, cur.issuer_via = nxt.issuer, "mention"


def _has_type_word(words: str) -> bool:
    rx, _ = _type_regex()
    return bool(rx.search(low_skeleton(words)))


def _on_header_number_line(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return bool(_HEADER_NUMBER_LINE.match(text[line_start:pos + 1]))


def _plausible_bare(parts: NumberParts) -> bool:
    """A number with no type word before it counts only when its shape is unmistakable."""
    known = known_parts()
    if parts.form == "party":
        return parts.type_abbr is not None
    if parts.form == "legal":
        return True
    return len(parts.parts) >= 2 and any(p in known or p.rstrip("0123456789") in known for p in parts.parts)


def _continued_type(text: str, start: int, found: list[Reference]) -> str | None:
    """`Nghị định số 45/2020/NĐ-CP, 107/2021/NĐ-CP`: a bare number listed after a typed one."""
    before = [r for r in found if r.spans[0].end <= start]
    if not before:
        return None
    prev = max(before, key=lambda r: r.spans[0].end)
    if _CONTINUATION.match(text[prev.spans[0].end:start]):
        return prev.type
    return None


# --------------------------------------------------------------------------- merging

def _key(number: str) -> str:
    return number.casefold()


def _seq_close(a: str | None, b: str | None) -> bool:
    """270 vs 2707, 2770 vs 2707: the kind of slip a typist makes in an appendix caption."""
    if not a or not b or a == b:
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long_ = sorted((a, b), key=len)
    return len(long_) - len(short) == 1 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _is_self(ref: Reference, own_number: str | None, own_symbol: str | None, own_date: str | None,
             own_type: str | None) -> bool:
    if own_number and _key(ref.number) == _key(own_number):
        return True
    parts = parse_number(ref.number)
    if not parts or not own_symbol or _key(parts.symbol) != _key(own_symbol):
        return False
    if own_type and ref.type and fold(ref.type) != fold(own_type):
        return False
    if not own_date or ref.date != own_date:
        return False
    own_parts = parse_number(own_number) if own_number else None
    own_seq = own_parts.seq if own_parts else None
    return own_seq is None or ref.attachment_caption or _seq_close(parts.seq, own_seq)


def merge_references(mentions: list[Reference], own_number: str | None, own_symbol: str | None,
                     own_date: str | None, own_type: str | None = None
                     ) -> tuple[list[Reference], list[Reference]]:
    """Deduplicate mentions by number, in order of first appearance: mention count, union of
    articles, spans concatenated; the date from the first mention that states one; the issuer
    stated after a mention (`… của X`, as a footnote does) over one given by context (`của X tại …`).
    Mentions of the document itself (its own number, or its own symbol and date with a slipped
    sequence number) come back separately as self_references, one per mention."""
    merged: dict[str, Reference] = {}
    selfs: list[Reference] = []
    for m in sorted(mentions, key=lambda r: r.spans[0].start if r.spans else 0):
        if _is_self(m, own_number, own_symbol, own_date, own_type):
            selfs.append(m)
            continue
        k = _key(m.number)
        cur = merged.get(k)
        if cur is None:
            merged[k] = Reference(type=m.type, number=m.number, date=m.date, issuer=m.issuer,
                                  articles=list(m.articles), mentions=m.mentions, spans=list(m.spans),
                                  printed=m.printed, repaired_from=m.repaired_from,
                                  issuer_via=m.issuer_via, attachment_caption=m.attachment_caption)
            continue
        cur.mentions += m.mentions
        cur.spans.extend(m.spans)
        for a in m.articles:
            if a not in cur.articles:
                cur.articles.append(a)
        if cur.date is None and m.date:
            cur.date = m.date
        if m.issuer and (cur.issuer is None or (cur.issuer_via != "mention" and m.issuer_via == "mention")):
            cur.issuer, cur.issuer_via = m.issuer, m.issuer_via
        if cur.type is None and m.type:
            cur.type = m.type
        if m.repaired_from is None:
            cur.repaired_from, cur.printed = None, m.printed   # one clean reading vouches for it
    refs = list(merged.values())
    for r in refs:
        r.articles.sort(key=_article_order)
    return refs, selfs


def _article_order(a: str) -> tuple[int, str]:
    digits = re.match(r"[0-9]+", a)
    return (int(digits.group(0)) if digits else 0, a)

