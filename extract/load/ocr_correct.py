"""Word correction of OCR output among tesseract's own alternatives, by the vocabulary of real directives.

On office scans most OCR errors are diacritic confusions: a hook above read as an acute
("Chuyển đổi" -> "Chuyến đối", "để" -> "đế"), a dot below lost. Tesseract usually has the right
letter among its alternatives for that position (hOCR with lstm_choice_mode=2, tesseract.py),
just not first. For each word made of letters, the candidates are the combinations of the
alternatives tesseract gave with a confidence of its own, plus the tone-mark swaps that scans
cause (acute <-> hook above, and the other tones of the same vowel, at a fixed cost); each is
scored by

    weight * log P(OCR | candidate)  +  log P(candidate | previous word) + log P(next word | candidate)

with the channel from tesseract's character confidences and the language model from the syllable
and syllable-bigram counts of real directives (schemas/ocr/vocabulary.json, rebuilt by
schemas/ocr/build_vocabulary.py from documents the benchmarks never evaluate on). The word is
replaced only when a candidate beats what tesseract read by a margin. Names that are not in the
vocabulary keep tesseract's reading unless a vocabulary word is far more likely.
"""
from __future__ import annotations

import itertools
import math
import re
import unicodedata
from functools import lru_cache

from extract.normalize import without_marks
from schemas import built_from_data, load_json

CHANNEL_WEIGHT = 1.0      # weight of tesseract's evidence against the language model
SWAP_COST = 6.5           # -log probability of a tone swap tesseract did not propose itself (tuned: 3.0, 4.5, 6.5)
MARGIN = 1.0              # a candidate must beat tesseract's reading by this (log units)
MIN_ALTERNATIVE = 1.0     # tesseract's alternatives below this confidence (0-100) are noise
MAX_CANDIDATES = 48
SAME_LETTERS = 8          # vocabulary words with the same base letters considered per word
MARK_COST = 5.0           # -log probability per diacritic mark tesseract lost or added (tuned: 3, 5, 7: 3.26, 3.18, 3.16% CER)
BACKOFF = 0.4             # share of the bigram estimate given to the unigram (interpolation)
NAME_RUN = 3              # capitalised words in a row that make a proper name wherever they stand
CALENDAR = frozenset({"ngày", "tháng", "năm", "giờ", "quý"})   # become these only before a number

_CORE = re.compile(r"^(\W*)(.*?)(\W*)$", re.S)
# Tone marks as combining characters (NFD): grave, acute, hook above, tilde, dot below.
TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
SWAPS = {"\u0301": ("\u0309", "\u0300", "\u0303", "\u0323", ""), "\u0309": ("\u0301", "\u0303", "\u0300", ""),
         "\u0300": ("\u0301", "\u0309", ""), "\u0303": ("\u0309", "\u0301", ""),
         "\u0323": ("", "\u0301"), "": ("\u0301", "\u0309", "\u0300", "\u0323")}


class Model:
    def __init__(self, unigrams: dict[str, int], bigrams: dict[str, int]):
        self.uni = unigrams
        self.total = sum(unigrams.values()) or 1
        self.types = len(unigrams) or 1
        self._skeletons: dict[str, list[str]] | None = None
        self.bi: dict[tuple[str, str], int] = {}
        self.left: dict[str, int] = {}
        for key, n in bigrams.items():
            a, b = key.split(" ")
            self.bi[(a, b)] = n
            self.left[a] = self.left.get(a, 0) + n

    def known(self, w: str) -> bool:
        return w in self.uni

    def same_letters(self, w: str) -> list[str]:
        """Vocabulary words spelt with the same base letters as w (diacritics aside), most
        frequent first: "the" -> thể, thế, thẻ, ..."""
        if self._skeletons is None:
            index: dict[str, list[str]] = {}
            for word in sorted(self.uni, key=lambda x: -self.uni[x]):
                index.setdefault(without_marks(word), []).append(word)
            self._skeletons = index
        return self._skeletons.get(without_marks(w), [])[:SAME_LETTERS]

    def p_uni(self, w: str) -> float:
        return (self.uni.get(w, 0) + 0.05) / (self.total + 0.05 * self.types * 4)

    def p(self, w: str, prev: str | None) -> float:
        """P(w | prev), interpolated with the unigram."""
        pu = self.p_uni(w)
        if not prev or prev not in self.left:
            return pu
        return (1 - BACKOFF) * self.bi.get((prev, w), 0) / self.left[prev] + BACKOFF * pu


@built_from_data
def model() -> Model | None:
    try:
        data = load_json("ocr", "vocabulary.json")
    except (OSError, ValueError):
        return None
    return Model(data.get("unigrams", {}), data.get("bigrams", {}))


def _marks(word: str) -> list[str]:
    return [c for c in unicodedata.normalize("NFD", word.lower().replace("đ", "d\u0335")) if unicodedata.combining(c)]


@lru_cache(maxsize=65536)
def _mark_distance(a: str, b: str) -> int:
    """Marks to change, a swap (acute for hook) counting once. Cached: a page asks for the same
    pairs many times (the corrector's largest cost after the language model)."""
    from collections import Counter
    ma, mb = Counter(_marks(a)), Counter(_marks(b))
    return max(sum((ma - mb).values()), sum((mb - ma).values())) or 1


def _split(text: str) -> tuple[str, str, str]:
    m = _CORE.match(text)
    return m.group(1), m.group(2), m.group(3)


def _letters(core: str, longest: int = 8) -> bool:
    return bool(core) and all(c.isalpha() for c in core) and len(core) <= longest


def _undoubled(core: str, choices: list[list[tuple[str, float]]]) -> list[tuple[str, float]]:
    """The word without one letter that tesseract's decoder read twice: two neighbouring positions
    offering the same letters ("tiỉnh": i/ỉ then ỉ/i). Each variant keeps one of the two, with
    the confidence tesseract gave that letter there."""
    out = []
    if len(choices) != len(core):
        return out
    for k in range(len(core) - 1):
        here = {c.lower() for c, p in choices[k] if p >= MIN_ALTERNATIVE}
        after = {c.lower() for c, p in choices[k + 1] if p >= MIN_ALTERNATIVE}
        if len(here & after) and (here | after) - {core[k].lower()} & (here & after):
            for keep, drop in ((k, k + 1), (k + 1, k)):
                text = core[:drop] + core[drop + 1:]
                out.append((text, math.log(max(choices[keep][0][1], MIN_ALTERNATIVE) / 100)))
    return out


def _glued(core: str, choices: list, lm: "Model") -> list[tuple[list[str], float]]:
    """A word two words long (a space tesseract missed), split where capitals end: "UBNDtỉnh"
    -> "UBND" "tỉnh". Parts that are not words may have a doubled letter removed."""
    k = 0
    while k < len(core) and core[k].isupper():
        k += 1
    if k < 2 or k >= len(core) - 1 or not core[k:].islower():
        return []
    head, tail = core[:k], core[k:]
    tails = [(tail, 0.0)] + _undoubled(tail, choices[k:] if len(choices) == len(core) else [])
    return [([head, t], score) for t, score in tails if lm.known(t.lower()) and lm.known(head.lower())]


def _two_names(core: str, lm: "Model") -> tuple[str, str] | None:
    """("Đỗ", "Ngọc") for "ĐỗNgọc": two capitalised syllables the vocabulary knows, run together."""
    cut = next((j for j in range(2, len(core) - 1) if core[j].isupper()), 0)
    head, tail = core[:cut], core[cut:]
    if cut and _capitalised(head) and _capitalised(tail) and lm.known(head.lower()) and lm.known(tail.lower()):
        return head, tail
    return None


def _tone_swaps(word: str) -> list[str]:
    """The word with the tone mark of its vowel replaced by the ones a scan confuses it with."""
    nfd = unicodedata.normalize("NFD", word)
    tone = next((t for t in TONES if t in nfd), "")
    out = []
    for other in SWAPS[tone]:
        if tone:
            swapped = nfd.replace(tone, other)
        else:                                  # no tone: put one on the main vowel
            vowels = [k for k, c in enumerate(nfd) if c.lower() in "aeiouy"]
            if not vowels:
                break
            k = vowels[-1] if len(vowels) == 1 or nfd[vowels[-1] + 1:vowels[-1] + 2] in ("\u0302", "\u031b", "\u0306") \
                else vowels[0] if len(vowels) == 2 and vowels[-1] == len(nfd) - 1 else vowels[-1]
            swapped = nfd[:k + 1] + other + nfd[k + 1:]
        out.append(unicodedata.normalize("NFC", swapped))
    return out


def candidates(core: str, choices: list[list[tuple[str, float]]], lm: "Model | None" = None) -> dict[str, float]:
    """Candidate spellings of a word -> channel log-probability (tesseract's reading first)."""
    out: dict[str, float] = {}
    if choices and len(choices) == len(core):
        options = []
        for pos in choices:
            alts = [(c, p) for c, p in pos if p >= MIN_ALTERNATIVE and c.isalpha()][:3] or [pos[0]]
            options.append(alts)
        for combo in itertools.islice(itertools.product(*options), MAX_CANDIDATES):
            text = "".join(c for c, _ in combo)
            score = sum(math.log(max(p, MIN_ALTERNATIVE) / 100) for _, p in combo)
            if score > out.get(text, -math.inf):
                out[text] = score
    best = out.get(core, sum(math.log(max(pos[0][1], MIN_ALTERNATIVE) / 100) for pos in choices)
                   if choices and len(choices) == len(core) else math.log(0.9))
    out[core] = best
    for swapped in _tone_swaps(core):
        if swapped not in out:
            out[swapped] = best - SWAP_COST
    if lm is not None:                  # diacritics the scan lost (noise ate a hat or a hook)
        for word in lm.same_letters(core):
            cased = _case_like(word, core)
            out[cased] = max(out.get(cased, -math.inf), best - MARK_COST * _mark_distance(word, core))
    return out


def correct(words: list[dict]) -> int:
    """Correct word dicts (text, choices, conf, key = line) in place; returns how many changed."""
    lm = model()
    if lm is None:
        return 0
    changed = 0
    lines: dict[object, list[dict]] = {}
    for w in words:
        lines.setdefault(w.get("key"), []).append(w)
    for line in lines.values():
        parts = [_split(w["text"]) for w in line]
        names = _proper_names(line, parts)
        for k, w in enumerate(line):
            pre, core, post = parts[k]
            if k == 0 and _roman_label(w, line):
                changed += 1
                continue
            if not _letters(core, longest=12) or k in names:
                continue
            lower = core.lower()
            prev = parts[k - 1][1].lower() if k and not parts[k - 1][2] and not pre and _letters(parts[k - 1][1]) else None
            nxt = parts[k + 1][1].lower() if k + 1 < len(line) and not post and not parts[k + 1][0] \
                and _letters(parts[k + 1][1]) else None
            choices = w.get("choices") or []
            offset = len(pre)
            cands = candidates(core, choices[offset:offset + len(core)] if choices else [], lm) if len(core) <= 8 \
                else {core: math.log(0.9)}

            def score(text: str) -> float:
                t = text.lower()
                s = CHANNEL_WEIGHT * cands[text] + math.log(lm.p(t, prev))
                if nxt:
                    s += math.log(lm.p(nxt, t))
                return s

            if _capitalised(core) and not (k + 1 < len(line) and line[k + 1]["text"][:1].isdigit()):
                cands = {c: v for c, v in cands.items() if c == core or c.lower() not in CALENDAR}
            base = score(core)
            best = max(cands, key=score)
            if best != core and best.lower() != lower and lm.known(best.lower()) and score(best) > base + MARGIN:
                w["text"] = pre + _case_like(best, core) + post
                w["corrected_from"] = core
                parts[k] = (pre, best, post)
                changed += 1
            elif not lm.known(lower):
                changed += _split_glued(w, pre, core, post, choices[offset:offset + len(core)] if choices else [],
                                        prev, nxt, lm, base)
    return changed


def _capitalised(core: str) -> bool:
    """A capitalised syllable: an upper-case letter, then lower-case ones ("Thắng", not "UBND")."""
    return len(core) >= 2 and core[0].isupper() and core[1:].isalpha() and core[1:].islower()


def _proper_names(line: list[dict], parts: list[tuple[str, str, str]]) -> set[int]:
    """Positions of the words of a line that belong to a proper name: a run of NAME_RUN or more
    capitalised words, or of two that fill their line or their piece of it (words far apart are
    columns: the signer's name beside the Nơi nhận list). Punctuation before a word or after it
    ends the run there (`Thành, Hà Nội`)."""
    runs: list[list[int]] = [[]]
    for k, (pre, core, post) in enumerate(parts):
        if not _capitalised(core) or pre:
            runs.append([])
        if _capitalised(core):
            runs[-1].append(k)
            if post:
                runs.append([])
    out: set[int] = set()
    for run in runs:
        if len(run) >= NAME_RUN or (len(run) == 2 and _alone(line, run)):
            out.update(run)
    return out


def _alone(line: list[dict], run: list[int]) -> bool:
    """The run is all its line holds, or stands apart from the rest by gaps far wider than a space."""
    height = max(1, max(line[k]["bottom"] - line[k]["top"] for k in run)) if all(
        "bottom" in line[k] for k in run) else 0
    first, last = run[0], run[-1]
    apart_before = first == 0 or (height and line[first]["x0"] - line[first - 1]["x1"] > 2.5 * height)
    apart_after = last == len(line) - 1 or (height and line[last + 1]["x0"] - line[last]["x1"] > 2.5 * height)
    return bool(apart_before and apart_after)


def _split_glued(w: dict, pre: str, core: str, post: str, choices: list, prev, nxt, lm: "Model",
                 base: float) -> int:
    """An unknown long word that is two known words run together: split it when the pair is far
    more likely than the run-together word. Two capitalised syllables run together ("ĐỗNgọc") are
    two words whatever the vocabulary thinks of the pair: no Vietnamese word has a capital inside
    (abbreviations such as TTgCP open with two capitals), and a name's syllables are rare."""
    title = _two_names(core, lm)
    if title:
        w["text"], w["corrected_from"] = pre + " ".join(title) + post, core
        return 1
    best, best_score = None, base + MARGIN
    for (head, tail), channel in _glued(core, choices, lm):
        s = CHANNEL_WEIGHT * channel + math.log(lm.p(head.lower(), prev)) + math.log(lm.p(tail.lower(), head.lower()))
        if nxt:
            s += math.log(lm.p(nxt, tail.lower()))
        if s > best_score:
            best, best_score = f"{head} {tail}", s
    if best is None:
        return 0
    w["text"], w["corrected_from"] = pre + best + post, core
    return 1


_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_LOOKALIKE = str.maketrans({"1": "I", "l": "I", "|": "I", "]": "I", "T": "I"})


def _roman_label(w: dict, line: list[dict]) -> bool:
    """A section heading's Roman numeral read with a look-alike ("1I. NHIỆM VỤ", "IL. MỤC ĐÍCH"):
    at a line start, before a full stop and an upper-case heading, where every look-alike has
    "I" among tesseract's own alternatives."""
    m = re.match(r"^([1lI|\]TVXL]{1,4})([.)])(.*)$", w["text"])
    if not m or len(line) < 2 or not line[1]["text"][:1].isupper() or not line[1]["text"].isupper():
        return False
    label = m.group(1)
    fixed = label.translate(_ROMAN_LOOKALIKE).replace("L", "I")
    if fixed == label or not _ROMAN.match(fixed) or not fixed:
        return False
    choices = w.get("choices") or []
    if len(choices) < len(label):
        return False
    for k, (c, want) in enumerate(zip(label, fixed)):
        if c != want and not any(alt == want for alt, p in choices[k] if p >= MIN_ALTERNATIVE):
            return False
    w["text"], w["corrected_from"] = fixed + m.group(2) + m.group(3), w["text"]
    return True


def _case_like(text: str, model_word: str) -> str:
    if model_word.isupper():
        return text.upper()
    if model_word[:1].isupper():
        return text[:1].upper() + text[1:].lower()
    return text.lower()
