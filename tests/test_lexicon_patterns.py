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


# Patterns whose words come from the lexicons (citations.json, sections.json, tables.json,
# deadline_cues.json): each case fails if a word of its lexicon list is lost or reordered.
def _pattern(module: str, name: str) -> re.Pattern:
    import importlib
    value = getattr(importlib.import_module(module), name)
    return value() if callable(value) else value


@pytest.mark.parametrize("module, name, text, how, matched", [
    ("extract.directive.references", "_CHAIN", "theo điểm a, b khoản 1 Điều 5 và Điều 7 của ", "search",
     "điểm a, b khoản 1 Điều 5 và Điều 7 của "),
    ("extract.directive.references", "_ARTICLE_RANGE", "từ Điều 5 tới Điều 8", "search", "Điều 5 tới Điều 8"),
    ("extract.directive.references", "_SO", " sổ: 12", "match", " sổ: "),        # a tone-mark misreading
    ("extract.directive.references", "_SO", " sữa 12", "match", None),
    ("extract.directive.references", "_CONTINUATION", ", và các số ", "match", ", và các số "),
    ("extract.directive.references", "_ATTACHMENT", "Quy chế ban hành kèm theo ", "search", "ban hành kèm theo "),
    ("extract.directive.references", "_CONTEXT_GAP", " theo các văn bản ", "fullmatch", " theo các văn bản "),
    ("extract.directive.references", "_HEADER_NUMBER_LINE", "Số: 12/UBND", "match", "Số:"),
    ("extract.directive.references", "_HEADER_NUMBER_LINE", "số: 12/UBND", "match", None),   # case-sensitive
    ("extract.directive.sections", "_ARTICLE_RE", "Điều 3. Tổ chức thực hiện", "match", "Điều 3. "),
    ("extract.directive.sections", "_ISSUER_CLOSING", "Bộ Tài chính trân trọng đề nghị UBND các tỉnh thực hiện.",
     "match", "Bộ Tài chính trân trọng đề nghị"),
    ("extract.directive.sections", "_TITLE_JOINER", "ĐỐI TƯỢNG VÀ THỜI GIAN", "search", " VÀ "),
    ("extract.directive.sections", "_GROUP_START", "(trách nhiệm của Sở Y tế)", "search", "(trách nhiệm"),
    ("extract.directive.sections", "_GROUP_DUTY", "Nhóm 1: các sở phải báo cáo", "search", "phải"),
    ("extract.directive.tables", "_group_duty", "Nhóm 2 phải hoàn thành", "search", "phải"),
    ("extract.directive", "_ASSIGNS", "Đề nghị Sở Y tế chủ trì", "search", "Đề nghị "),
    ("extract.directive.tables", "_GROUP_WORDS", "linh vuc y te", "search", "linh vuc"),      # on the skeleton
    ("extract.directive.tables", "_GROUP_WORDS", "trach nhiem thuc hien cua so", "search", "trach nhiem thuc hien"),
])
def test_patterns_built_from_lexicon_words(module, name, text, how, matched):
    m = getattr(_pattern(module, name), how)(text)
    assert (m.group(0) if m else None) == matched


@pytest.mark.parametrize("text, day, quarter_month", [
    ("trước ngày 20 hằng tháng", 20, None),
    ("trước ngày 25 của tháng cuối quý", 25, "last"),
    ("trước ngày 05 tháng đầu quý sau", 5, "next_first"),
    ("trước ngày 10 tháng đầu mỗi quý", 10, "first"),
])
def test_the_day_of_a_cadence_is_read_with_the_lexicon_words(text, day, quarter_month):
    from extract.directive.resolve import cadence_of
    found = find_deadlines(text, None)
    assert found and found[0].recurrence in ("monthly", "quarterly")
    cadence = cadence_of(found[0], 2025)
    assert (cadence.day, cadence.quarter_month) == (day, quarter_month)
