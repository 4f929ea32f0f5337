"""Vietnamese dates: a table of real strings and the dates expected from each, through one helper."""
from __future__ import annotations

import pytest

from extract.directive.dates import (find_dates, month_end, number_value, parse_date, quarter_end,
                                     quarter_number)

# (text, default year, [(matched text, ISO date or None, partial or None)])
CASES = [
    ("Ninh Thuận, ngày 20 tháng 10 năm 2022", None, [("ngày 20 tháng 10 năm 2022", "2022-10-20", None)]),
    ("Thừa Thiên Huế, ngày 04 tháng 11 năm 2024", None, [("ngày 04 tháng 11 năm 2024", "2024-11-04", None)]),
    ("Hà Nội, ngày 05 tháng 01 năm 2020", None, [("ngày 05 tháng 01 năm 2020", "2020-01-05", None)]),
    # Blank day (number not yet registered): no date, what is known is partial.
    ("Ninh Thuận, ngày   tháng 7 năm 2024", None, [("ngày   tháng 7 năm 2024", None, {"year": 2024, "month": 7})]),
    ("Đồng Tháp, ngày tháng 4 năm 2024", None, [("ngày tháng 4 năm 2024", None, {"year": 2024, "month": 4})]),
    ("Hà Nội, ngày … tháng … năm 2024", None, [("ngày … tháng … năm 2024", None, {"year": 2024})]),
    ("ngày .... tháng 7 năm 2024", None, [("ngày .... tháng 7 năm 2024", None, {"year": 2024, "month": 7})]),
    # Numeric forms.
    ("Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ", None, [("ngày 06/10/2022", "2022-10-06", None)]),
    ("Thông tư số 01/2023/TT-VPCP ngày 05/4/2023", None, [("ngày 05/4/2023", "2023-04-05", None)]),
    ("ký ngày 20-10-2022", None, [("ngày 20-10-2022", "2022-10-20", None)]),
    ("ký ngày 20.10.2022", None, [("ngày 20.10.2022", "2022-10-20", None)]),
    ("24/06/2024", None, [("24/06/2024", "2024-06-24", None)]),
    ("trước ngày\n20/7/2024.", None, [("ngày\n20/7/2024", "2024-07-20", None)]),
    # Without the year: the year comes from the caller (the document date), only after "ngày".
    ("trước ngày 20/7", 2024, [("ngày 20/7", "2024-07-20", None)]),
    ("trước ngày 20 tháng 7", 2024, [("ngày 20 tháng 7", "2024-07-20", None)]),
    ("trước ngày 20/7", None, [("ngày 20/7", None, {"month": 7})]),
    ("tỷ lệ 20/30 hồ sơ", 2024, []),
    # Month written as a word; the month word "năm" (May) is not the year keyword.
    ("ngày 20 tháng mười năm 2022", None, [("ngày 20 tháng mười năm 2022", "2022-10-20", None)]),
    ("ngày 20 tháng năm năm 2022", None, [("ngày 20 tháng năm năm 2022", "2022-05-20", None)]),
    # A footnote marker never changes the year, even glued on by OCR.
    ("Công văn số 24/UBND-HCC ngày 20/9/2023⁵ của", None, [("ngày 20/9/2023", "2023-09-20", None)]),
    ("Công văn số 24/UBND-HCC ngày 20/9/20235 của", None, [("ngày 20/9/20235", "2023-09-20", None)]),
    # OCR tone errors on the keywords.
    ("ngáy 08 thảng 7 nằm 2022", None, [("ngáy 08 thảng 7 nằm 2022", "2022-07-08", None)]),
    # Two dates of a period.
    ("Từ ngày 15/12/2023 – 14/3/2024", None, [("ngày 15/12/2023", "2023-12-15", None), ("14/3/2024", "2024-03-14", None)]),
    # Not dates.
    ("61/2018/NĐ-CP", None, []),
    ("01/2023/TT-VPCP", None, []),
    ("1.070 hồ sơ, 4.129 lượt", None, []),
    ("ngày 31/02/2023", None, []),
    ("ngày, tháng, năm sinh", None, []),
    ("quý I/2023, tháng 6/2023", None, []),
    ("Số: 4560 /UBND-PVHCC", None, []),
]


def run(text: str, default_year: int | None) -> list[tuple]:
    return [(d.text, d.iso, d.partial) for d in find_dates(text, default_year)]


@pytest.mark.parametrize("text,default_year,expected", CASES, ids=[c[0][:40] for c in CASES])
def test_find_dates(text, default_year, expected):
    assert run(text, default_year) == expected


def test_offsets_index_the_text():
    for text, year, _ in CASES:
        for d in find_dates(text, year):
            assert text[d.start:d.end] == d.text


def test_parse_date_whole_line():
    d = parse_date("Sóc Trăng, ngày 04 tháng 10 năm 2023")
    assert d.iso == "2023-10-04" and d.year_given
    assert parse_date("không có ngày nào") is None


def test_period_ends_and_words():
    assert month_end(2024, 2).isoformat() == "2024-02-29"
    assert quarter_end(2023, 1).isoformat() == "2023-03-31"
    assert [quarter_number(q) for q in ("I", "II", "III", "IV", "4")] == [1, 2, 3, 4, 4]
    assert [number_value(w) for w in ("05", "năm", "mười", "mười lăm", "hai mươi", "hai mươi lăm")] == \
        [5, 5, 10, 15, 20, 25]
    assert number_value("lăm") is None
