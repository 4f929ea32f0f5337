"""Document numbers: grammar, normalization and OCR repair (tables run through one helper)."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.directive.numbers import (known_parts, normalize_number, parse_number, repair_number,
                                       symbol_vocabulary, type_abbreviations, type_of)

# (printed, expected (seq, year, symbol, form, type_abbr) or None when it is no document number)
PARSE = [
    ("4560/UBND-PVHCC", ("4560", None, "UBND-PVHCC", "administrative", None)),
    ("2707 /UBND-TTHC", ("2707", None, "UBND-TTHC", "administrative", None)),
    ("Số: 4560 /UBND-PVHCC", ("4560", None, "UBND-PVHCC", "administrative", None)),
    ("61/2018/NĐ-CP", ("61", "2018", "NĐ-CP", "legal", "NĐ")),
    ("61 / 2018 / NĐ-CP", ("61", "2018", "NĐ-CP", "legal", "NĐ")),
    ("120/QĐ-UBND-HC", ("120", None, "QĐ-UBND-HC", "administrative", "QĐ")),
    ("1867/STTTT-TTCNTTTT", ("1867", None, "STTTT-TTCNTTTT", "administrative", None)),
    ("16/2022/QĐ-UBND", ("16", "2022", "QĐ-UBND", "legal", "QĐ")),
    ("01/NQ-CP", ("01", None, "NQ-CP", "administrative", "NQ")),
    ("766/QĐ-TTg", ("766", None, "QĐ-TTg", "administrative", "QĐ")),
    ("01/2015/TTLT-BNV-BTC", ("01", "2015", "TTLT-BNV-BTC", "legal", "TTLT")),
    ("20/2023/QH15", ("20", "2023", "QH15", "legal", None)),
    ("18-NQ/TW", ("18", None, "NQ/TW", "party", "NQ")),
    ("/UBND-PVHCC", (None, None, "UBND-PVHCC", "administrative", None)),
    ("/UBND-HCC", (None, None, "UBND-HCC", "administrative", None)),
    ("6882 /UBND-NC2", ("6882", None, "UBND-NC2", "administrative", None)),
    ("12/QĐ–UBND", ("12", None, "QĐ-UBND", "administrative", "QĐ")),         # en dash
    ("45/2020/NĐ-CP.", ("45", "2020", "NĐ-CP", "legal", "NĐ")),               # sentence end
    ("24/UBND-HCC⁵", ("24", None, "UBND-HCC", "administrative", None)),       # footnote marker
    ("20/10/2022", None),
    ("Hà Nội", None),
    ("5/Hà", None),
    ("1.070", None),
    ("", None),
]


@pytest.mark.parametrize("printed,expected", PARSE, ids=[p[0] or "empty" for p in PARSE])
def test_parse_number(printed, expected):
    parts = parse_number(printed)
    got = None if parts is None else (parts.seq, parts.year, parts.symbol, parts.form, parts.type_abbr)
    assert got == expected


# (as OCR or a typist printed it, document vocabulary text, expected value, expected repaired_from)
REPAIR = [
    ("2707 /UBND-TTHC", "", "2707/UBND-TTHC", None),                  # spacing is not a repair
    ("017NQ-CP", "", "01/NQ-CP", "017NQ-CP"),                          # slash read as 7
    ("01NQ-CP", "", "01/NQ-CP", "01NQ-CP"),                            # slash lost
    ("6172018/NĐ-CP", "", "61/2018/NĐ-CP", "6172018/NĐ-CP"),
    ("6249/VPCP-KSTI", "", "6249/VPCP-KSTT", "6249/VPCP-KSTI"),        # T read as I
    ("4560 /UBND-PVHCGC", "", "4560/UBND-PVHCC", "4560/UBND-PVHCGC"),  # stray G
    ("846/QĐÐ-UBND", "", "846/QĐ-UBND", "846/QĐĐ-UBND"),              # doubled Đ (U+00D0)
    ("846/QÐ-UBND", "", "846/QĐ-UBND", None),                          # Eth for Đ is a look-alike
    ("1977/UBND-TTTHC", "", "1977/UBND-TTHC", "1977/UBND-TTTHC"),
    ("1977/UBND-THC", "", "1977/UBND-TTHC", "1977/UBND-THC"),
    ("1977/UBND-TIHC", "", "1977/UBND-TTHC", "1977/UBND-TIHC"),
    ("2319/VPCP-KSTTT", "", "2319/VPCP-KSTT", "2319/VPCP-KSTTT"),
    ("2O23/QĐ-UBND", "", "2023/QĐ-UBND", "2O23/QĐ-UBND"),             # letter O in the digits
    # A code the document itself uses twice is not "repaired" towards the lexicon.
    ("12/UBND-KTH", "Lưu: VT, KTH. Gửi KTH", "12/UBND-KTH", None),
    # Two plausible readings (NC, NC1): the document's own vocabulary decides, or nothing changes.
    ("12/UBND-NCI", "Lưu: VT, NC1. NC1", "12/UBND-NC1", "12/UBND-NCI"),
    ("12/UBND-NCI", "", "12/UBND-NCI", None),
    # Unknown codes with no plausible known neighbour stay as printed.
    ("88/SLĐTBXH-VP", "", "88/SLĐTBXH-VP", None),
    ("5/UBND-XYZW", "", "5/UBND-XYZW", None),
    ("6882/UBND-NC2", "", "6882/UBND-NC2", None),
    ("không phải số", "", "khôngphảisố", None),
]


def test_repair_prefers_the_expected_abbreviation():
    # "ND" is one edit from both NĐ and HD; the type word before the number settles it.
    assert repair_number("61/2018/ND-CP") == ("61/2018/ND-CP", None)
    assert repair_number("61/2018/ND-CP", expect={"NĐ"}) == ("61/2018/NĐ-CP", "61/2018/ND-CP")


@pytest.mark.parametrize("printed,context,value,repaired_from", REPAIR, ids=[r[0] for r in REPAIR])
def test_repair_number(printed, context, value, repaired_from):
    assert repair_number(printed, symbol_vocabulary(context)) == (value, repaired_from)


@pytest.mark.parametrize("printed, number", [
    ("  Số: 2707 /UBND-TTHC. ", "2707/UBND-TTHC"),
    ("61/2018/NĐ- CP", "61/2018/NĐ-CP"),
    ("SỐ: 11821/UBND-KSTT", "11821/UBND-KSTT"),          # the label (layout.json labels.number) in capitals
    ("Sô 45/KH-UBND", "45/KH-UBND"),                      # a tone mark lost
    ("So:/TB-VPCP", "/TB-VPCP"),                          # a blank number after an unaccented label
    ("12/QĐ-UBND", "12/QĐ-UBND"),                         # digits are no label
])
def test_normalize_number(printed, number):
    assert normalize_number(printed) == number


def test_type_of_number():
    assert type_of(parse_number("61/2018/NĐ-CP")) == "Nghị định"
    assert type_of(parse_number("4560/UBND-PVHCC")) == "Công văn"
    assert type_of(parse_number("20/2023/QH15")) == "Luật"
    assert type_of(parse_number("7548/TB-VPCP")) == "Thông báo"
    assert type_of(parse_number("5/ABC-XYZ")) is None


def test_symbol_vocabulary_ignores_singletons():
    vocab = symbol_vocabulary("TTHC, thủ tục (TTHC); Số: 1/UBND-TTTHC")
    assert vocab["TTHC"] == 2 and "TTTHC" not in vocab


# ---- properties: every well-formed number survives normalization, spacing and repair unchanged
_parts = st.sampled_from(sorted(known_parts()))
_seq = st.integers(min_value=1, max_value=20000).map(lambda n: f"{n:02d}")


@st.composite
def numbers(draw):
    seq = draw(_seq)
    if draw(st.booleans()):
        year = draw(st.integers(min_value=1990, max_value=2030))
        return f"{seq}/{year}/{draw(st.sampled_from(sorted(type_abbreviations())))}-{draw(_parts)}"
    return f"{seq}/{draw(_parts)}-{draw(_parts)}"


@settings(max_examples=200, deadline=None)
@given(numbers(), st.sampled_from(["", " ", "  "]))
def test_wellformed_numbers_roundtrip(number, space):
    printed = number.replace("/", f"{space}/", 1)
    parts = parse_number(printed)
    assert parts is not None and parts.number == number
    assert repair_number(printed, Counter()) == (number, None)
