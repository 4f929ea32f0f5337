"""Zones of a directive (extract/directive/zones.py) and the absence findings they allow
(checks/directive_format.py nd30.components): a part is reported missing only where its zone was
located; otherwise one PARSE.LAYOUT_UNCERTAIN names the zones. Rows are short directives in the
shapes the real corpus shows."""
import pytest

from checks.registry import Context, run_checks
from extract.directive import parse
from tests.kit.docbuild import document
from tests.kit.directive_factory import directive
from extract.model import Zone

HEADER = """ỦY BAN NHÂN DÂN
TỈNH NINH THUẬN

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 1520/UBND-VX
V/v tăng cường cải cách thủ tục hành chính

Ninh Thuận, ngày 20 tháng 10 năm 2022

Kính gửi: Các Sở, ban, ngành cấp tỉnh.

Thực hiện Nghị định số 61/2018/NĐ-CP, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:

1. Sở Nội vụ rà soát quy trình nội bộ, hoàn thành trước ngày 30/11/2022.
"""
CLOSING = """
Nơi nhận:
- Như trên;
- Lưu: VT, VX.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An
"""


def components(text: str):
    d = parse(document(text))
    found = run_checks("directive", d, Context(disabled=frozenset({"REF", "DEADLINE"})))
    return d, sorted(f.code for f in found if f.code.startswith(("ND30.MISSING", "ND30.SUBJECT_MISSING",
                                                                  "ND30.KINH_GUI", "PARSE.LAYOUT")))


CASES = [
    ("complete công văn", HEADER + CLOSING, [], {}),
    ("no place and date in a located header", HEADER.replace("Ninh Thuận, ngày 20 tháng 10 năm 2022\n", "") + CLOSING,
     ["ND30.MISSING_PLACE_DATE"], {"place_date": (False, True)}),
    ("no Kính gửi between the header and the body", HEADER.replace("Kính gửi: Các Sở, ban, ngành cấp tỉnh.\n", "")
     + CLOSING, ["ND30.KINH_GUI_MISSING"], {"recipients": (False, True)}),
    ("signer's name missing under the position", HEADER + CLOSING.replace("Nguyễn Văn An", ""),
     ["ND30.MISSING_SIGNER"], {"signature": (False, True)}),
    ("no closing at all: the signature zone is not located, not missing", HEADER,
     ["PARSE.LAYOUT_UNCERTAIN"], {"signature": (False, False), "cc": (False, False)}),
    ("Nơi nhận entries printed without their heading", HEADER + CLOSING.replace("Nơi nhận:\n", ""),
     ["PARSE.LAYOUT_UNCERTAIN"], {"cc": (False, False), "signature": (True, True)}),
]


@pytest.mark.parametrize("text, codes, zones", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_absence_findings_only_where_the_zone_was_located(text, codes, zones):
    d, found = components(text)
    assert found == codes
    for name, (is_found, confident) in zones.items():
        assert (d.zones[name].found, d.zones[name].confident) == (is_found, confident), name


def test_every_zone_is_recorded_and_found_parts_are_located():
    d, _ = components(HEADER + CLOSING)
    assert set(d.zones) == {"issuer", "national_title", "number", "place_date", "doc_title", "subject",
                            "recipients", "body", "signature", "cc", "appendices"}
    for name in ("issuer", "national_title", "number", "place_date", "subject", "recipients", "body",
                 "signature", "cc"):
        z = d.zones[name]
        assert z.found and z.confident and z.span.page == 1 and z.span.line, name
    assert d.zones["doc_title"].absent            # a công văn has no tên loại


def test_a_lost_header_gives_one_uncertainty_naming_its_zones():
    text = "Số: 1655/NQ-UBTVQH15\n\nNGHỊ QUYẾT\n\nVề việc sắp xếp các đơn vị hành chính\n\n" \
           "Căn cứ Luật Tổ chức chính quyền địa phương;\n\n1. Chính phủ tổ chức thi hành Nghị quyết này.\n" + CLOSING
    d, found = components(text)
    assert found == ["PARSE.LAYOUT_UNCERTAIN"]
    f = next(f for f in run_checks("directive", d, Context()) if f.code == "PARSE.LAYOUT_UNCERTAIN")
    assert f.severity == "info" and "tên cơ quan ban hành" in f.message and "Quốc hiệu" in f.message
    assert f.evidence and f.location == {"page": 1, "line": 1}


@pytest.mark.parametrize("zone, code, changes", [
    ("issuer", "ND30.MISSING_ISSUER", {"parts": {"issuer": None}, "issuer": None}),
    ("number", "ND30.MISSING_NUMBER", {"parts": {"number": None}, "number": None, "symbol": None}),
    ("place_date", "ND30.MISSING_PLACE_DATE", {"parts": {"place_date": None}, "date": None}),
    ("cc", "ND30.MISSING_CC", {"parts": {"cc": None}, "cc": []}),
])
def test_an_unlocated_zone_turns_the_absence_into_uncertainty(zone, code, changes):
    d = directive("Công văn", **changes)
    assert code in [f.code for f in run_checks("directive", d, Context())]
    d.zones[zone] = Zone(zone, False, False, evidence="not located")
    codes = [f.code for f in run_checks("directive", d, Context())]
    assert code not in codes and codes.count("PARSE.LAYOUT_UNCERTAIN") == 1


def test_absence_findings_quote_the_line_next_to_the_missing_part():
    d, _ = components(HEADER.replace("Ninh Thuận, ngày 20 tháng 10 năm 2022\n", "") + CLOSING)
    f = next(f for f in run_checks("directive", d, Context()) if f.code == "ND30.MISSING_PLACE_DATE")
    assert f.evidence == "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN" and f.location == {"page": 1, "line": 1}
