"""Patterns built from lexicons (issue 13, one home each): the words are data, the regex syntax is
code, and what is built is kept by schemas.DATA. Here: how the pieces are built, and that the
deadline patterns compile only when a document needs them."""
import re

import pytest

from extract.directive.deadlines import _lex, find_deadlines
from extract.directive.grammar import alternatives


@pytest.mark.parametrize("words, after, text, matched", [
    (["và", "va"], "", "và", "và"),
    (["là", "la"], r"\s+", "là  :", "là  "),
    (["kèm theo", "kèm"], "", "kèm theo", "kèm theo"),                   # the lexicon's order decides:
    (["kèm", "kèm theo"], "", "kèm theo", "kèm"),                         # the first form that matches
    (["a.b"], "", "axb", None),                                           # words are escaped
])
def test_alternatives_keep_the_lexicon_order_and_escape_words(words, after, text, matched):
    m = re.match(alternatives(words, after), text)
    assert (m.group(0) if m else None) == matched


def test_a_fresh_deadline_lexicon_compiles_nothing_until_asked():
    fresh = _lex.__wrapped__()                       # not the one kept by schemas.DATA
    compiled = lambda: {k for k, v in fresh.items() if isinstance(v, re.Pattern)}      # noqa: E731
    assert len(fresh._builders) > 30 and compiled() == set()
    assert fresh["limit"].search("cham nhat ngay 20/7/2024") is not None      # patterns read the skeleton
    assert compiled() == {"limit"} and fresh["limit"] is fresh["limit"]


def test_a_plain_dated_deadline_builds_few_of_the_patterns():
    kept = _lex()
    compiled_before = {k for k, v in kept.items() if isinstance(v, re.Pattern)}
    assert find_deadlines("Sở Tư pháp hoàn thành trước ngày 20/7/2024.", None)
    compiled = {k for k, v in kept.items() if isinstance(v, re.Pattern)}
    assert "trigger" in compiled and len(compiled - compiled_before) < len(kept._builders) / 2
    if "quarter" not in compiled_before:             # another test may have read a quarter first
        assert "quarter" not in compiled             # no 'quý' in the text: its pattern is not built
