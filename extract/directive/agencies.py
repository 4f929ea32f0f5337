"""Who must act: the bodies named by a heading or an item, split into individual bodies.

Rules (../shared/corpus/gold/CONVENTIONS.md §5):
- a list of bodies starts a heading or item, after an optional `Giao` / `Đề nghị` and a
  personal role (`Thủ trưởng`, `Chủ tịch` …, removed), and ends at `:` or where the predicate
  starts (`chủ trì`, `tiếp tục`, `sớm` …) — so coordinating parties after `chủ trì, phối hợp`
  never get in;
- it is split at `;`, and at `,` / `và` only where a new body with its own head noun begins
  (`UBND các huyện, thị xã, thành phố` stays whole; `…, Ban Quản lý …` splits);
- parenthetical remarks are dropped;
- an item overrides its heading only when it names a specific acting body: at its start, in a
  closing parenthesis `(Văn phòng UBND tỉnh)`, or as the agent of `phải được … thực hiện`;
  generic collectives (`các cơ quan, đơn vị, địa phương`), conditions (`Đối với …`,
  `Các đơn vị có …`) and examples (`như …`) do not.

Known names (a gazetteer with abbreviations, old and new names) are matched with a spaCy
PhraseMatcher so that words inside a name ('Phục vụ', 'Xây dựng') are never taken for a verb
and a name is never split at its own comma ('Sở Văn hóa, Thể thao và Du lịch').
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extract.directive.grammar import folded_alternatives
from extract.directive.layout import LOWER, UPPER, skeleton
from extract.normalize import fold_same
from schemas import DATA, built_from_data, load_json


def lexicon() -> dict:
    return load_json("lexicons", "agencies.json")


def _fw(word: str) -> str:
    return fold_same(word.strip(".,;:()“”\"'"))


def _alternatives(key: str, *, either_case: bool = False) -> str:
    """The phrases of lexicon list `key` as a regex alternation (no group), longest first, any
    run of spaces between words; `either_case`: each phrase also with its first letter
    capitalised ('đối với' / 'Đối với')."""
    forms = set(lexicon()[key])
    if either_case:
        forms |= {f[:1].upper() + f[1:] for f in forms} | {f[:1].lower() + f[1:] for f in forms}
    return "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in sorted(forms, key=len, reverse=True))


@built_from_data
def _patterns() -> dict[str, re.Pattern]:
    """The patterns of the rules below, built from the lexicon's grammar words."""
    a = _alternatives
    places = a("place_heads")
    plural = a("plural_markers", either_case=True)
    return {
        "cut": re.compile(rf";|,|\s(?:{a('list_conjunctions')})\s"),
        "list_gap": re.compile(rf",\s|\s(?:{a('list_conjunctions')})\s"),
        "shared_plural": re.compile(rf"^(?:\S+\s+){{0,2}}(?:{plural})\s"),
        "plural_place": re.compile(rf"\b(?:{plural})\s+(?:{places})\b"),
        "platform_object": re.compile(rf"(?<!\w)(?:{a('platform_prepositions')})\s+(\w+)", re.I),
        "glued_unit": re.compile(rf"(?<=[{UPPER}]{{3}})(?=(?:{places}|{a('level_words')})\b)"),
        "passive_agent": re.compile(rf"\b(?:{a('passive_agent_markers')})\s+"),
        "connective": re.compile(rf"^(?:{a('sentence_connectives', either_case=True)})\s*,?\s*"),
        "topic": re.compile(rf"^(?:{a('topic_markers', either_case=True)})\s+"),
        "modal": re.compile(rf"\s*(?:{a('modal_verbs')})\b"),
        "condition": re.compile(rf"(?:{a('condition_markers')})\b"),
        "preamble_assign": re.compile(rf"\b(?:{a('preamble_assign_verbs')})\s+", re.I),
        "ground": re.compile(rf"(?:{a('ground_openings')})\b"),
        "lead_cell_coordination": re.compile(rf"(?:^|[\s,;.\-–])(?:{a('lead_cell_coordination')})\b", re.I),
        "lead_cell_role_first": re.compile(rf"^\s*(?:{a('lead_cell_roles')})\s*[:;,.-]\s*", re.I),
        "lead_cell_role_last": re.compile(rf"[\s,;:.-]*(?:{a('lead_cell_roles')})?[\s,;:.-]*$", re.I),
        "named_in_parentheses": re.compile(rf"(?<![\w])(?:{a('parenthesis_named_parties', either_case=True)})\s*"
                                           r"\((?P<name>[^()]{3,80})\)"),
        "sentence": re.compile(rf"(?<=[.;!?])\s+(?=[\"“(]?[{UPPER}])|;\s+"),
        "first_sentence": re.compile(rf"(?<=[.;])\s+(?=[{UPPER}])"),
        "last_clause": re.compile(rf";\s+|(?<=[.!?])\s+(?=[{UPPER}])"),
    }


# --------------------------------------------------------------------------- gazetteer

_TOKEN = re.compile(r"\w+(?:[&\-./']\w+)*|[^\w\s]")


class _Gazetteer:
    """Known agency names, matched as whole sequences of folded tokens (a dict keyed by the token
    tuple, tried longest first at each token); built once, lazily. A dictionary does this job in a
    few milliseconds: a spaCy PhraseMatcher gave the same matches for 1-3 s of start-up."""

    def __init__(self) -> None:
        self.canonical: dict[tuple[str, ...], str] = {}
        lex = lexicon()
        forms: dict[str, str] = {}
        for entry in lex["names"]:
            for form in [entry["name"], *entry.get("aliases", [])]:
                forms[form] = entry["name"]
        for dept in lex["departments"]:
            for head in lex["department_heads"]:
                forms.setdefault(f"{head} {dept}", f"{head} {dept}")
        for form, name in forms.items():
            key = tuple(_TOKEN.findall(fold_same(form)))
            if key:
                self.canonical[key] = name
        self.longest = max((len(k) for k in self.canonical), default=0)
        self.first = frozenset(k[0] for k in self.canonical)

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """Known names in `text`: (start, end, canonical name), longest first, not overlapping."""
        toks = list(_TOKEN.finditer(fold_same(text)))
        words = [t.group(0) for t in toks]
        found = []
        for i, word in enumerate(words):
            if word not in self.first:
                continue
            for n in range(min(self.longest, len(words) - i), 0, -1):
                name = self.canonical.get(tuple(words[i:i + n]))
                if name is not None:
                    found.append((toks[i].start(), toks[i + n - 1].end(), name))
        found.sort(key=lambda x: (x[0], -(x[1] - x[0])))
        out: list[tuple[int, int, str]] = []
        for f in found:
            if out and f[0] < out[-1][1]:
                continue
            out.append(f)
        return out


@built_from_data
def gazetteer() -> _Gazetteer:
    return _Gazetteer()


def canonical_name(text: str) -> str | None:
    """The gazetteer's name when `text` is exactly a known name or abbreviation."""
    t = text.strip()
    for a, b, name in gazetteer().spans(t):
        if a == 0 and b == len(t):
            return name
    return None


# --------------------------------------------------------------------------- words

@dataclass
class _Word:
    text: str
    start: int
    end: int
    key: str = ""          # folded, punctuation stripped: what lexicon phrases are compared with


@lru_cache(maxsize=4096)
def _key(word: str) -> str:
    return _fw(word)


def _words(text: str) -> list[_Word]:
    return [_Word(m.group(0), m.start(), m.end(), _key(m.group(0))) for m in re.finditer(r"\S+", text)]


def _phrases(key: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Lexicon phrases as word tuples, indexed by their first word, longest first."""
    def build() -> dict[str, tuple[tuple[str, ...], ...]]:
        index: dict[str, list[tuple[str, ...]]] = {}
        for w in lexicon()[key]:
            words = tuple(_fw(x) for x in fold_same(w).split())
            index.setdefault(words[0], []).append(words)
        return {k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in index.items()}
    return DATA.built((__name__, "phrases", key), build)


def _match_phrase(words: list[_Word], i: int, key: str) -> int:
    """Number of words of the longest lexicon phrase starting at word i (0 if none)."""
    if i >= len(words):
        return 0
    for phrase in _phrases(key).get(words[i].key, ()):
        n = len(phrase)
        if i + n <= len(words) and all(words[i + k].key == phrase[k] for k in range(1, n)):
            if n > 1 and any(words[i + k].text.endswith((":", ";")) for k in range(n - 1)):
                continue
            return n
    return 0


def _head_at(words: list[_Word], i: int) -> int:
    """Words of a head noun ('Sở', 'UBND', 'Ban' capitalised …) at word i."""
    n = _match_phrase(words, i, "heads_any_case")
    not_head = _match_phrase(words, i, "not_heads")
    if not_head and not_head >= n:
        return 0                             # 'Báo cáo', 'Ban hành', 'Bộ chỉ số'
    if n:
        return n                             # 'Đài truyền hình Việt Nam' over 'Đài truyền'(thanh)
    p = _match_phrase(words, i, "place_heads")
    if p and i + p < len(words) and words[i + p].text[:1].isupper() and words[i + p].text[:1].isalpha():
        return p                             # 'tỉnh Lâm Đồng', 'Các tỉnh Nghệ An, Quảng Ngãi' (DECISIONS A24)
    w = words[i].text.strip("(“\"'")
    if w[:1].isupper():
        return _match_phrase(words, i, "heads_capitalised")
    return 0


def head_length(text: str) -> int:
    """Words of the head noun `text` starts with (0 if it names no body)."""
    words = _words(text)
    return _head_at(words, 0) if words else 0


def _body_starts(words: list[_Word], i: int) -> int:
    """Words before the head noun of a body starting at i ('các', a role, 'đồng chí'), or -1 if
    none. A role printed bare in a list of addressees ('Bộ trưởng, Thủ trưởng cơ quan ngang Bộ …',
    'Các đồng chí Bí thư, Chủ tịch UBND tỉnh …') is itself the body: nothing else would name the
    ones it stands for (gold DECISIONS 11, B31)."""
    j = i + _match_phrase(words, i, "honorifics")
    if j < len(words) and words[j].key == "từng":
        j += 1                                 # 'từng bộ, ngành, địa phương' (persons are dropped later)
    role = _match_phrase(words, j, "role_prefixes")
    if role:
        if words[j + role - 1].text.endswith(",") and j + role < len(words) and (j > i or words[j].text[:1].isupper()) and (
                _match_phrase(words, j + role, "role_prefixes") or _head_at(words, j + role)):
            return j - i
        j += role
    if j < len(words) and words[j].key == "các":
        j += 1
    if j < len(words) and _head_at(words, j):
        return j - i
    return -1


# --------------------------------------------------------------------------- lists of bodies

@dataclass
class BodyList:
    names: list[str]
    start: int          # offsets in the text given
    end: int            # where the list ends (before ':' or the predicate)
    stop: str           # "colon" | "predicate" | "end" | "sentence"


def _blank_parentheses(text: str) -> str:
    """Parenthetical remarks replaced by spaces (offsets kept)."""
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        out.append(" " if depth else ch)
        if ch == ")" and depth:
            depth -= 1
    return "".join(out)


_WINDOW = 700


def body_list(text: str, start: int = 0, *, allow_verb: bool = True) -> BodyList | None:
    """The bodies named at `start` of `text` (after an optional 'Giao'/'Đề nghị')."""
    text = text[:start + _WINDOW]                 # a list of bodies is never longer than this
    plain = _blank_parentheses(text)
    words = [w for w in _words(plain) if w.end > start]
    if not words:
        return None
    i = 0
    if allow_verb:
        n = _match_phrase(words, 0, "assign_verbs")
        if n and _body_starts(words, n + (1 if n < len(words) and words[n].key == "cho" else 0)) >= 0:
            i = n + (1 if words[n].key == "cho" else 0)
    lead = _body_starts(words, i)
    if lead < 0:
        return None
    known = [(a, b) for a, b, _ in gazetteer().spans(plain)]

    def inside_known(w: _Word) -> bool:
        return any(a <= w.start and w.end <= b for a, b in known)

    j, end, stop = i + lead, None, "end"
    head_end = i + lead + 1                        # the word after the last head noun seen
    while j < len(words):
        w = words[j]
        q = _match_phrase(words, j, "qualifier_phrases")
        if q and j > i + lead:
            j += q                                 # 'các cơ quan có liên quan'
            continue
        b = _body_starts(words, j) if j > i + lead and w.key == "các" else -1
        if b > 0:
            j += b                                 # '… và các tổ chức chính trị - xã hội'
            continue
        h = _head_at(words, j)
        if j > i + lead and not h and not inside_known(w) and not _role_after_conjunction(words, j) and (
                (w.text[:1].islower() and _match_phrase(words, j, "predicate_starts"))
                or (j > head_end and _match_phrase(words, j, "capital_predicates"))):
            end, stop = words[j - 1].end, "predicate"      # 'Sở Công Thương Chủ trì triển khai …'
            break
        if h:                                      # a common-noun head ('các tổ chức chính trị - xã hội')
            head_end = j + h - (1 if w.text[:1].islower() else 0)   # is whole; 'Ban', 'Sở' take a name
        colon = j + h - 1 if h > 1 else j
        if words[colon].text.endswith(":"):
            members = _member_list(words, colon, i)
            if members is None:
                end, stop = words[colon].end - 1, "colon"
                break
            j, closed = members                    # 'Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, …'
            if closed:                             # '2. Chủ tịch UBND các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai:'
                end, stop = words[j - 1].end - 1, "colon"
                break
            continue
        if h > 1:
            j += h
            continue
        if w.text.endswith(".") and not re.search(r"(?:TP|Tp|TX|TT)\.$", w.text) and not inside_known(w):
            end, stop = w.end - 1, "sentence"
            break
        j += 1
    if end is None:
        end = words[-1].end
    segment = plain[words[i].start:end]
    names = split_bodies(segment)
    if not names:
        return None
    return BodyList(names, words[i].start, end, stop)


def _role_after_conjunction(words: list[_Word], j: int) -> bool:
    """'… Gia Lai và lãnh đạo các Bộ, ngành theo chức năng …': after 'và' or ',' a role word that a
    body follows ('lãnh đạo', 'chỉ huy' …) opens the next body of the list; it is not the predicate
    ('lãnh đạo, chỉ đạo …' as a verb)."""
    if j == 0 or not (words[j - 1].key in _conjunction_keys() or words[j - 1].text.endswith(",")):
        return False
    role = _match_phrase(words, j, "role_prefixes")
    return bool(role) and _body_starts(words, j + role) >= 0 and words[j + role].key == "các"


@built_from_data
def _conjunction_keys() -> frozenset[str]:
    return frozenset(_fw(w) for w in lexicon()["list_conjunctions"])


@built_from_data
def _stock_re() -> re.Pattern:
    forms = sorted(lexicon()["stock_collectives"], key=len, reverse=True)
    alts = [r"\s*,\s*".join(r"\s+".join(re.escape(w) for w in part.split()) for part in f.split(","))
            for f in forms]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.I)


def _member_at(words: list[_Word], k: int, head: str | None) -> tuple[int, bool]:
    """Words of one member of a colon list at word k, and whether the gazetteer knows it under the
    list's head ('Quốc phòng' under 'Bộ', 'Văn hóa, Thể thao và Du lịch' under 'Sở'); else a run of
    capitalised words ('Khánh Hòa', 'Bà Rịa - Vũng Tàu', 'NN&MT') that opens no predicate. (0, False)
    if none."""
    if k >= len(words):
        return 0, False
    if head:
        for n in range(min(8, len(words) - k), 0, -1):
            name = " ".join(w.text for w in words[k:k + n]).rstrip(",;:.")
            if canonical_name(f"{head} {name}"):
                return n, True
    n = 0
    while k + n < len(words):
        w = words[k + n]
        if not (w.text[:1].isupper() or (n and w.text == "-" and k + n + 1 < len(words)
                                          and words[k + n + 1].text[:1].isupper())):
            break
        n += 1
        if w.text.endswith((",", ";", ":", ".")):
            break
    if n and (_match_phrase(words, k, "capital_predicates") or _match_phrase(words, k, "predicate_starts")
              or _match_phrase(words, k, "assign_verbs")):
        return 0, False                            # 'Các sở, ngành: Chủ động triển khai …'
    return n, False


def _member_list(words: list[_Word], colon: int, start: int) -> tuple[int, bool] | None:
    """The members a ':' after a plural head opens ('các tỉnh, thành phố: Tuyên Quang, Đồng Nai',
    'Các Bộ: Quốc phòng, Tài chính', 'Giám đốc các Sở: Tư pháp, Nội vụ;'): they belong to the body,
    which is kept whole as printed (DECISIONS 20, B34). Returns the word after the last member and
    whether the list itself ends with ':' (a heading: '2. Chủ tịch UBND các tỉnh: Khánh Hòa, Gia
    Lai:'); None when no member list follows (a heading's ':' after '2. Sở Tài chính:'). The list
    ends at a word that is no member ('… Gia Lai và lãnh đạo các Bộ', '… Tài chính kịp thời …'), at
    ';' unless a member the gazetteer knows follows ('Sở: Văn hóa, Thể thao và Du lịch; Nội vụ'), at
    '.' or ':'."""
    if "các" not in [w.key for w in words[max(start, colon - 4):colon + 1]]:
        return None
    heads = {fold_same(h): h for h in lexicon()["department_heads"]}
    head = heads.get(words[colon].key)
    k, members = colon + 1, 0
    while True:
        n, known = _member_at(words, k, head)
        if not n:
            break
        members += 1
        k += n
        last = words[k - 1].text
        if last.endswith(":"):
            return k, True
        if last.endswith("."):
            break
        if last.endswith(";"):
            if head and _member_at(words, k, head)[1]:
                continue
            break
        if last.endswith(","):
            continue
        if k + 1 < len(words) and words[k].key in ("và", "&") and _member_at(words, k + 1, head)[0]:
            k += 1
            continue
        break
    if not members:
        return None
    return k, False


def _member_spans(segment: str) -> list[tuple[int, int]]:
    """Where the member lists of `segment` run (from the ':' to the last member): never split."""
    words = _words(segment)
    spans = []
    for j, w in enumerate(words):
        if w.text.endswith(":"):
            members = _member_list(words, j, 0)
            if members is not None:
                last = words[members[0] - 1]
                spans.append((w.end - 1, last.end - (1 if last.text.endswith((",", ";", ":", ".")) else 0)))
    return spans


def split_bodies(segment: str) -> list[str]:
    """Split a list of bodies: at ';' always, at ',' / 'và' where a new head noun begins, or
    where a new lower-case collective opens with 'các' ('UBND tỉnh, Thành phố, các cấp, các ngành
    của địa phương', DECISIONS A24); never inside a known name or a stock collective ('cơ quan
    ngang Bộ, cơ quan thuộc Chính phủ')."""
    known = [(a, b) for a, b, _ in gazetteer().spans(segment)]
    known += [m.span() for m in _stock_re().finditer(segment)]
    known += _member_spans(segment)
    nouns = _generic_words()[0]
    cuts = []
    for m in _patterns()["cut"].finditer(segment):
        if any(a < m.start() < b for a, b in known):
            continue
        if m.group(0) == ";":
            cuts.append((m.start(), m.end()))
            continue
        rest = _words(segment[m.end():])
        if rest and (_match_phrase(rest, 0, "role_prefixes") and rest[0].text[:1].isupper()):
            cuts.append((m.start(), m.end()))      # '…, Thủ trưởng các ngành, …': a role opens a new body
            continue
        before = segment[cuts[-1][1] if cuts else 0:m.start()].strip().lower()
        if len(rest) > 1 and rest[0].text == "các" and not before.startswith("các ") and (
                rest[1].key in nouns or " ".join(w.key for w in rest[1:3]) in nouns):
            cuts.append((m.start(), m.end()))      # 'UBND tỉnh, Thành phố, các cấp, các ngành của địa phương',
            continue                               # 'Sở Nội vụ và các đơn vị có liên quan'

        shared = bool(_patterns()["shared_plural"].match(before))
        placed = bool(_patterns()["plural_place"].search(before))
        if rest and _body_starts(rest, 0) >= 0 and not _coordination(rest, shared, placed) \
                and not _parallel_object(before, rest):
            cuts.append((m.start(), m.end()))
    pieces, last = [], 0
    for a, b in cuts:
        pieces.append(segment[last:a])
        last = b
    pieces.append(segment[last:])
    out: list[str] = []
    for p in pieces:
        name = _clean_body(p)
        if name and name not in out:
            out.append(name)
    return out


def _parallel_object(before: str, rest: list[_Word]) -> bool:
    """'… khai thác thông tin trên Cổng thông tin điện tử tỉnh và Cổng thông tin điện tử thành
    phần': the name after 'và' repeats the head of a platform named after 'trên' / 'qua' in the body
    before it; it is that place's twin, not a new body (a161f65b93293a7b Điều 19)."""
    m = None
    for m in _patterns()["platform_object"].finditer(before):
        pass
    return m is not None and _key(m.group(1)) == rest[0].key


def _coordination(rest: list[_Word], shared: bool = False, placed: bool = False) -> bool:
    """'…, ban, ngành' continue the head noun before the comma: not a new body; so does a lower-case
    'cơ quan' / 'đơn vị' after a list opened by 'các' ('các ngành, cơ quan cấp tỉnh')."""
    first = rest[0]
    if first.text[:1].islower() and first.key in ("ban", "ngành", "cấp", "phòng", "vụ"):
        return True
    if placed and first.text[:1].islower() and _match_phrase(rest, 0, "place_heads"):
        return True                                # 'Ủy ban nhân dân các huyện, thị xã, thành phố Huế'
    if shared and first.text[:1].islower() and first.key in ("địa", "đơn") and len(rest) > 1 \
            and f"{first.key} {rest[1].key}" in ("địa phương", "đơn vị"):
        return True                                # 'các bộ, ngành, địa phương' is one collective
    return shared and first.text[:1].islower() and len(rest) > 1 and f"{first.key} {rest[1].key}" in ("cơ quan", "đơn vị")


def _clean_body(piece: str) -> str:
    t = " ".join(piece.split()).strip(" ,;:.-–")
    last = t.rsplit(" ", 1)
    if len(last) == 2 and _fw(last[1]) in _conjunction_keys():
        t = last[0].rstrip(" ,")                   # '… Gia Lai và' (the next body was cut off)
    t = _patterns()["glued_unit"].sub(" ", t)                    # OCR lost the space: 'UBNDtỉnh'
    words = _words(t)
    h = _match_phrase(words, 0, "honorifics")
    if h and h < len(words):
        t = t[words[h].start:]                     # 'đồng chí Bộ trưởng Bộ Xây dựng' -> 'Bộ trưởng …'
        words = _words(t)
    n = _match_phrase(words, 0, "role_prefixes")
    if n and (_body_starts(words, n) >= 0 or (n < len(words) and words[n].key == "các")):
        t = t[words[n].start:]                     # 'Thủ trưởng các ngành, cơ quan cấp tỉnh' -> 'các ngành, …'
    return t.strip(" ,;:.-–")


# --------------------------------------------------------------------------- generic or specific

@built_from_data
def _generic_words() -> tuple[frozenset, tuple]:
    nouns = frozenset(fold_same(w) for w in lexicon()["generic_nouns"])
    fillers = tuple(sorted((fold_same(w) for w in lexicon()["generic_fillers"]), key=len, reverse=True))
    return nouns, fillers


def is_generic(name: str) -> bool:
    """'các cơ quan, đơn vị, địa phương', 'Các đơn vị' name nobody in particular."""
    nouns, fillers = _generic_words()
    t = " " + re.sub(r"[,;:.]", " ", fold_same(name)) + " "
    for f in fillers:
        t = t.replace(" " + f + " ", " ")
    rest = " ".join(t.split())
    if not rest:
        return True
    for n in sorted(nouns, key=len, reverse=True):
        rest = (" " + rest + " ").replace(" " + n + " ", " ").strip()
    return not rest.strip()


# --------------------------------------------------------------------------- public rules

def heading_assignees(text: str) -> tuple[list[str], int]:
    """Bodies a heading (or a heading-like item '2. Sở X: …', '3. Văn phòng UBND tỉnh theo dõi …')
    assigns; and where the rest of its text starts (after ':' or at the predicate)."""
    bl = body_list(text)
    if bl is None or bl.stop == "sentence":
        return [], 0
    rest = bl.end + (1 if bl.stop == "colon" else 0)
    while rest < len(text) and text[rest] in " :":
        rest += 1
    return bl.names, rest


@built_from_data
def _lead_clause_re() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(lexicon()["subject_lead_clauses"], key=len, reverse=True))
    return re.compile(rf"^(?:{words})\b[^,;:]{{0,120}},\s*")


_RUN_IN_TITLE = re.compile(r"^(?:(?![.;]\s)(?:[^:()]|\([^():]*\))){3,250}:\s+(?=\S)")   # no sentence end, no '(như:' before ':'


def _after_lead_clause(text: str) -> str | None:
    """'Căn cứ kế hoạch này, Giám đốc các Sở … xây dựng …' -> 'Giám đốc các Sở …'; a run-in title
    before the subject ('Khen thưởng cấp Nhà nước: Sở Nội vụ phối hợp …') likewise (None if neither)."""
    m = _lead_clause_re().match(text)
    if m is None:
        m = _RUN_IN_TITLE.match(text)
        if m and any(a < m.end() <= b for a, b in _member_spans(text[:m.end() + 200])):
            return None                        # 'Ủy ban nhân dân các tỉnh: Ninh Bình, …' opens members, not a title
    return text[m.end():] if m else None


@built_from_data
def _named_official_re() -> re.Pattern:
    verbs = "|".join(re.escape(w) for w in sorted(lexicon()["assign_verbs"], key=len, reverse=True))
    titles = "|".join(re.escape(w) for w in sorted(lexicon()["named_officials"], key=len, reverse=True))
    name = rf"[{UPPER}][^\W\d_]*"
    return re.compile(rf"^(?:{verbs})\s+(?P<who>(?:{titles})\s+{name}(?:\s+{name}){{1,3}})(?=\s+[{LOWER}])")


def named_official(text: str) -> list[str]:
    """'Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo …': a named senior official
    the item assigns, kept with the name as printed (gold DECISIONS 11: nothing but the role would
    remain; 1095764e502a89b8 item 7, 50f694478a35aefd III.2.c)."""
    m = _named_official_re().match(text.strip())
    return [" ".join(m.group("who").split())] if m else []


def starts_with_assignment(text: str) -> bool:
    """The text opens with an assign verb ('Đề nghị …', 'Giao …', 'Yêu cầu …')."""
    words = _words(text)
    return bool(words) and _match_phrase(words, 0, "assign_verbs") > 0


def item_assignees(text: str) -> list[str] | None:
    """The bodies an item itself names as acting, or None (the heading's bodies apply)."""
    official = named_official(text)
    if official:
        return official
    rest = _after_lead_clause(text)
    if rest is not None:
        found = item_assignees(rest)
        if found:
            return found
    bl = body_list(text)
    if bl is not None and bl.stop in ("predicate", "colon") and not all(is_generic(n) for n in bl.names):
        if not _conditional(text, bl):
            return bl.names
    tail = re.search(r"\(([^()]{3,120})\)\s*[.;]?\s*$", text)
    if tail:
        inner = tail.group(1)
        tb = body_list(inner, allow_verb=False)
        if tb and tb.stop == "end" and not any(is_generic(n) for n in tb.names):
            return tb.names
    first = _patterns()["first_sentence"].split(text, maxsplit=1)[0]
    for m in _patterns()["passive_agent"].finditer(first):
        pb = body_list(first, m.end(), allow_verb=False)
        if pb and pb.stop == "predicate" and not any(is_generic(n) for n in pb.names):
            return pb.names
    return None


def directed_bodies(sentence: str) -> list[str]:
    """The bodies one sentence directs: its subject before a predicate ('Bộ Tư pháp tổng hợp …',
    'Trên cơ sở đó, Bộ Tư pháp …'), or the object of a leading 'Giao' / 'Yêu cầu' / 'Đề nghị'
    ('Yêu cầu Nhà đầu tư (Tập đoàn Đèo Cả) …'), or of the issuer's own 'Ủy ban nhân dân tỉnh yêu
    cầu X …'. A body that only 'phối hợp' is a coordinator (DECISIONS 10); persons ('từng cán bộ,
    công chức') and a list with no agency in it name nobody (A23)."""
    text = sentence.strip(" ,;.")
    rest = _after_lead_clause(text)
    if rest is not None:
        text = rest
    text = _patterns()["connective"].sub("", text)
    topic = _patterns()["topic"].match(text)
    if topic:                                  # 'Đối với các chủ đầu tư cần nhanh chóng …'
        bl = body_list(text, topic.end(), allow_verb=False)
        if bl is None or not _patterns()["modal"].match(text[bl.end:]):
            return []
        text = text[topic.end():]
    text = _patterns()["named_in_parentheses"].sub(lambda m: m.group("name") if canonical_name(m.group("name")) or head_length(
        m.group("name")) else m.group(0), text)
    bl = body_list(text)
    if bl is None or bl.stop not in ("predicate", "colon") or _conditional(text, bl):
        return []
    after = _words(text[bl.end:])
    if after and _match_phrase(after, 0, "assign_verbs"):
        return directed_bodies(text[bl.end:].lstrip())      # 'UBND tỉnh yêu cầu các sở …'
    if after and (_match_phrase(after, 0, "coordinator_predicates") or _match_phrase(after, 0, "statement_predicates")):
        return []                              # 'thành viên Ban Chỉ đạo gồm …', 'Bộ Nội vụ đã hướng dẫn …'
    persons = _individual_words()
    return [n for n in bl.names if not any(fold_same(n).startswith(w) for w in persons) and len(n.split()) <= 14]


@built_from_data
def _individual_words() -> tuple[str, ...]:
    return tuple(fold_same(w) for w in lexicon()["individuals"])


def part_of(name: str, other: str) -> bool:
    """`name` is (a subset of) the body `other` names: most of its words are in it ('UBND cấp xã'
    in 'UBND các xã, phường')."""
    a = [w for w in _TOKEN.findall(fold_same(name)) if w.isalnum()]
    b = set(_TOKEN.findall(fold_same(other)))
    return bool(a) and sum(w in b for w in a) >= max(2, (2 * len(a) + 2) // 3) or fold_same(name) == fold_same(other)


def later_bodies(text: str) -> list[str]:
    """Bodies directed by the sentences of an item after its first (DECISIONS A23, B29: an item
    that directs several bodies has all of them as assignees: '… Yêu cầu Nhà đầu tư (Tập đoàn Đèo
    Cả) …', '… Trên cơ sở đó, Bộ Tư pháp tổng hợp, báo cáo …')."""
    out: list[str] = []
    for sentence in _patterns()["sentence"].split(text)[1:]:
        for n in directed_bodies(sentence):
            if n not in out:
                out.append(n)
    return out


def subject_bodies(text: str) -> list[str]:
    """The bodies an item names as its grammatical subject, generic collectives included ('Các
    cơ quan, đơn vị căn cứ Kế hoạch này …'): who acts when no heading names anyone (DECISIONS.md
    A7). A conditional subset ('Các đơn vị có hồ sơ …') names nobody."""
    rest = _after_lead_clause(text)
    if rest is not None and subject_bodies(rest):
        return subject_bodies(rest)
    bl = body_list(text)
    if bl is None or bl.stop not in ("predicate", "colon") or _conditional(text, bl):
        return []
    return bl.names


@built_from_data
def _duty_title_re() -> re.Pattern:
    words = "|".join(re.escape(w) for w in sorted(lexicon()["duty_titles"], key=len, reverse=True))
    return re.compile(rf"^(?:{words})\s+(?:(?:{_alternatives('duty_title_linkers')})\s+)(?P<who>[^.:;()]{{3,160}})$", re.I)


def duty_title_bodies(title: str) -> list[str]:
    """Who an article or item titled 'Trách nhiệm của Ban Chỉ đạo' / 'Nhiệm vụ, quyền hạn của Trưởng
    Ban' is about: its clauses are that body's duties (DECISIONS 11: a role with no body after it
    is kept as printed, 'Trưởng Ban Chỉ đạo')."""
    m = _duty_title_re().match(" ".join(title.split()).rstrip(" .:"))
    if not m:
        return []
    who = m.group("who").strip()
    return split_bodies(who) if ";" in who or _patterns()["list_gap"].search(who) else [who]


def lead_in_bodies(text: str) -> list[str]:
    """The bodies of a lead-in that introduces a part's items ('…; các sở, ban, ngành, Ủy ban Mặt
    trận Tổ quốc tỉnh … triển khai Đợt thi đua …, tập trung thi đua thực hiện các nội dung chủ yếu
    sau:'): the subject of its last clause, when it ends with a colon (DECISIONS.md D50)."""
    t = text.rstrip()
    if not t.endswith(":"):
        return []
    clause = _patterns()["last_clause"].split(t)[-1]
    return subject_bodies(clause)                   # 'Để toàn dân đồng lòng, …' skipped there


def _conditional(text: str, bl: BodyList) -> bool:
    """'Các đơn vị có hồ sơ …' — a subset by condition, not a named body."""
    after = text[bl.end:].lstrip()
    return bool(_patterns()["condition"].match(after)) and all(is_generic(n) for n in bl.names)


@built_from_data
def _group_assignees_lead() -> re.Pattern:
    words = load_json("lexicons", "tables.json")["group_rows"]["assignees"]
    return re.compile(folded_alternatives(words["duty_tail"]) + r"\s+(?:" + folded_alternatives(words["role"], r"\s+", r"\s+")
                      + r")?" + folded_alternatives(words["of"]) + r"\s+")


def group_assignees(text: str) -> list[str]:
    """An appendix group row: '(trách nhiệm [thực hiện] của X, Y và Z)' or a leading list."""
    # on the accent-free text, 'trách' optional: OCR garbles the start of a parenthesis
    m = _group_assignees_lead().search(skeleton(text))
    if m:
        close = text.find(")", m.end())
        segment = text[m.end():close if close > 0 else len(text)]
        return split_bodies(segment)
    names, _ = heading_assignees(text)
    return names


def addressed_bodies(text: str) -> list[str]:
    """Bodies a preamble asks to act ('… đề nghị các Sở, ngành … thực hiện'), generic ones left out."""
    best: list[str] = []
    for m in _patterns()["preamble_assign"].finditer(text):
        bl = body_list(text, m.end(), allow_verb=False)
        if bl and bl.stop in ("predicate", "colon"):
            names = [n for n in bl.names if not is_generic(n)]
            if names:
                best = names
    return best


def duty_subject(sentence: str) -> list[str]:
    """The specific bodies a sentence opens with when a duty verb follows them ('Bộ Nông nghiệp và
    Môi trường chủ trì, phối hợp với Bộ Tư pháp … nghiên cứu …', 'Chủ tịch Ủy ban nhân dân tỉnh Hưng
    Yên khẩn trương làm việc …'): a body directed without 'giao' / 'đề nghị' in an unnumbered body.
    A sentence that only reports ('Cục Thuế nhận được …', 'Bộ Nội vụ đã xây dựng …') names nobody."""
    text = sentence.strip()
    if _patterns()["ground"].match(text):
        return []                              # a ground cited, not a duty ('Căn cứ Thông tư … của Bộ trưởng, …')
    rest = _after_lead_clause(text)
    if rest is not None:
        text = rest
    bl = body_list(text, allow_verb=False)
    if bl is None or bl.stop != "predicate" or _conditional(text, bl):
        return []
    after = _words(text[bl.end:])
    if not after or not after[0].text[:1].islower() or not _match_phrase(after, 0, "duty_predicates"):
        return []                              # 'ỦY BAN NHÂN DÂN TỈNH' over 'Căn cứ Luật Tổ chức …' is no duty
    return [n for n in bl.names if not is_generic(n)]


@built_from_data
def _coordinator_re() -> tuple[re.Pattern, re.Pattern]:
    cues = sorted(lexicon()["coordinator_cues"], key=len, reverse=True)
    fillers = sorted(lexicon()["coordinator_fillers"], key=len, reverse=True)
    cue = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(c) for c in cues) + r")(?!\w)\s*:?\s*", re.I)
    filler = re.compile(r"(?:[,\s]*(?:" + "|".join(re.escape(f) for f in fillers) + r")(?!\w))*[,:\s]*", re.I)
    return cue, filler


def coordinators(text: str, assignees: list[str] = ()) -> list[str]:
    """The coordinating bodies a task names: after `phối hợp (chặt chẽ) (với)`, `chủ trì cùng`,
    `Cơ quan phối hợp:` (DECISIONS.md 10, A13, D40, D48), split like assignees, role words
    removed; a body that is already an assignee is not also a coordinator."""
    cue, filler = _coordinator_re()
    out: list[str] = []
    taken = {fold_same(a) for a in assignees}
    for m in cue.finditer(text):
        at = filler.match(text, m.end()).end()
        bl = body_list(text, at, allow_verb=False)
        if bl is None or bl.start > at + 1:
            continue
        for n in bl.names:
            if fold_same(n) not in taken and n not in out:
                out.append(n)
    return out


def lead_cell_bodies(text: str) -> list[str]:
    """The bodies a task table's lead column names ('Sở Tài chính', 'UBND cấp huyện, cấp xã',
    'Sở Nội vụ (chủ trì); phối hợp: Sở Tư pháp'): parentheses dropped, coordinating bodies cut off."""
    plain = _blank_parentheses(text)
    m = _patterns()["lead_cell_coordination"].search(plain)
    if m:
        plain = plain[:m.start()]
    plain = _patterns()["lead_cell_role_first"].sub("", plain)
    plain = _patterns()["lead_cell_role_last"].sub("", plain)   # 'Sở X chủ trì,'
    plain = " ".join(plain.split()).strip(" ,;:.-–")
    bl = body_list(plain, allow_verb=False)
    if bl is not None and bl.stop == "predicate":
        return bl.names                            # 'Sở Khoa học và Công nghệ thúc đẩy, theo dõi, báo cáo chỉ tiêu'
    return split_bodies(plain)


_STRAY = re.compile(r"(?<!\S)(?:[^\w\s]+|\w)(?!\S)|(?<=\s)[^\w\s]+(?=\w)")   # 'chuyên I môn', 'Truyền -thông'


def ocr_twin(name: str, candidates: list[str]) -> str | None:
    """The name `name` was meant to be, when OCR put noise in it: the candidate (a name the
    document prints more often, or a known name) it equals once stray one-letter tokens and
    marks are dropped from both ('chuyên I môn' is 'chuyên môn'). None when there is none."""
    bare = fold_same(" ".join(_STRAY.sub(" ", name).split()))
    if bare == fold_same(name):
        return None                                 # nothing stray in it
    for cand in candidates:
        if cand != name and bare == fold_same(" ".join(_STRAY.sub(" ", cand).split())):
            return cand
    return None


def known_names() -> list[str]:
    return sorted(set(gazetteer().canonical.values()))

