"""Regex pieces built from the words of a lexicon: the words are data (schemas/lexicons/*.json,
each with its sources), the regular-expression syntax around them stays in the code that uses them.

The order of the words is the lexicon's: in an alternation the first word that matches wins, so a
list is written in the order its patterns need (a longer form before its prefix)."""
from __future__ import annotations

import re
from typing import Iterable

from extract.normalize import skeleton


def alternatives(words: Iterable[str], after: str = "") -> str:
    """`(?:w1|w2|…)` for the words in their order, each escaped and followed by `after` (a regex)."""
    return "(?:" + "|".join(re.escape(w) + after for w in words) + ")"


def folded_alternatives(words: Iterable[str], after: str = "") -> str:
    """`alternatives` of the words as the scanning patterns read them: the accent-free lower-case
    skeleton with single spaces (`Lĩnh vực` -> `linh vuc`, `đầu` -> `dau`). Lexicons keep the words
    as they are written; the folding is the code's."""
    return alternatives([" ".join(skeleton(w).split()) for w in words], after)
