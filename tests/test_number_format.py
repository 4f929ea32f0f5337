"""Numbers the code computed read as their reader writes them: a decimal comma and no useless
".0" in Vietnamese ("10 giờ", "7,5 giờ", "97,06%"), a decimal point in English; JSON keeps numbers."""
from __future__ import annotations

import pytest

from extract.model import Finding, number_text
from report.vi import number, percent


@pytest.mark.parametrize("value, lang, shown", [
    (10.0, "vi", "10"), (7.5, "vi", "7,5"), (7.54, "vi", "7,5"), (7.56, "vi", "7,6"), (7.5, "en", "7.5"),
    (10.0, "en", "10"), (-0.04, "vi", "0"), (299.96, "vi", "300"), (1234.5, "vi", "1234,5"),
])
def test_a_finding_measure(value, lang, shown):
    assert number_text(value, lang) == shown


@pytest.mark.parametrize("code, params, vi, en", [
    ("TIME.ONLINE_INTAKE_LATE", {"hours": 10.0, "limit": 8}, "sau 10 giờ làm việc (quá 8 giờ", "after 10 working hours"),
    ("TIME.ONLINE_INTAKE_LATE", {"hours": 7.5, "limit": 4.0}, "sau 7,5 giờ làm việc (quá 4 giờ", "after 7.5 working hours"),
    ("TIME.SUPPLEMENT_AFTER_3_DAYS", {"days": 3.25, "limit": 3}, "sau 3,2 ngày làm việc", "3.2 working days after"),
    ("DIGI.LOW_RESOLUTION", {"dpi": 149.96, "min_dpi": 200}, "150", "150"),
])
def test_float_parameters_follow_the_message_language(code, params, vi, en):
    f = Finding.of(code, submitted="01/01/2025", response="02/01/2025", response_kind="tiếp nhận",
                   response_kind_en="received", requested="x", received="y", where="Trang 1", where_en="Page 1", name="Tờ khai", **params)
    assert vi in f.message, f.message
    assert en in f.message_en, f.message_en
    assert ".0 " not in f.message and not any(f"{d}.{e}" in f.message for d in "0123456789" for e in "0123456789")


@pytest.mark.parametrize("value, lang, digits, shown", [
    (9.75, "vi", 2, "9,75"), (1.21875, "vi", 2, "1,22"), (9.75, "en", 2, "9.75"), (10.0, "vi", 2, "10"),
    (0.0, "vi", 2, "0"), (0.06, "vi", 2, "0,06"), (2.5, "vi", 0, "2"),
])
def test_report_numbers(value, lang, digits, shown):
    assert number(value, lang, digits) == shown


@pytest.mark.parametrize("value, lang, shown", [
    (97.0588, "vi", "97,06%"), (100.0, "vi", "100,00%"), (97.0588, "en", "97.06%"), (None, "vi", "—"),
])
def test_report_percent(value, lang, shown):
    assert percent(value, lang) == shown


@pytest.mark.parametrize("size, lang, shown", [
    (1572864, "vi", "1,5"), (1572864, "en", "1.5"), (1048576, "vi", "1"), (52428800, "vi", "50"),
])
def test_megabytes_in_dossier_limit_messages(size, lang, shown):
    from extract.dossier.package import _mb
    assert _mb(size, lang) == shown
