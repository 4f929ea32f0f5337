"""Findings right for the kind of document, on the shapes the 300 real documents show
(tests/corpus/real): a closing glued into one line by the portal, table cells the portal copy printed
empty, laws and resolutions of the Quốc hội and its Standing Committee that date themselves by their
passage line, and a cited year printed with a digit too many. Each rule is a table of cases: small
documents written here, then real documents of the kind."""
import json
from pathlib import Path

import pytest

import tthc
from checks.registry import Context, run_checks
from extract.directive import parse
from extract.load.portal import _split_glued, read_portal
from tests.kit.docbuild import document

REAL = Path(__file__).parent / "corpus" / "real"


def ingest(path: Path) -> dict:
    return json.loads(json.dumps(tthc.ingest(str(path))[0].to_dict()))


def codes(result: dict, severity: str | None = None) -> list[str]:
    return sorted(f["code"] for f in result["findings"] if severity is None or f["severity"] == severity)


def uncertain(result: dict) -> str:
    return " ".join(f["message"] for f in result["findings"] if f["code"] == "PARSE.LAYOUT_UNCERTAIN")


# --------------------------------------------------------------------------- a closing glued into one line

@pytest.mark.parametrize("cell, lines", [
    ("TM. CHÍNH PHỦKT. THỦ TƯỚNGPHÓ THỦ TƯỚNG(Đã ký)Hồ Đức Phớc",
     ["TM. CHÍNH PHỦ", "KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "(Đã ký)", "Hồ Đức Phớc"]),
    ("TM. ỦY BAN THƯỜNG VỤ QUỐC HỘICHỦ TỊCH", ["TM. ỦY BAN THƯỜNG VỤ QUỐC HỘI", "CHỦ TỊCH"]),
    ("TM. ỦY BAN NHÂN DÂNKT. CHỦ TỊCHPHÓ CHỦ TỊCHNguyễn Văn An",
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"]),
    ("KT. BỘ TRƯỞNGTHỨ TRƯỞNG(đã ký)", ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "(đã ký)"]),
    # not glued: left as printed
    ("KT. CHỦ TỊCH PHÓ CHỦ TỊCH", ["KT. CHỦ TỊCH PHÓ CHỦ TỊCH"]),
    ("CỤC HQ. TỈNH", ["CỤC HQ. TỈNH"]),                      # 'Q.' glued to capitals is an abbreviation's end
    ("Phó Chủ tịch UBND tỉnh", ["Phó Chủ tịch UBND tỉnh"]),   # titles are cut only where printed in capitals
])
def test_a_glued_signature_cell_is_cut_where_its_printed_lines_begin(cell, lines):
    assert _split_glued(cell) == lines


@pytest.mark.parametrize("name, signer, position, missing", [
    ("750314c2c5666d56", "Hồ Đức Phớc", "PHÓ THỦ TƯỚNG", None),   # Markdown row, all one line
    ("284dd97bc14e3aeb", None, "CHỦ TỊCH", "họ tên"),              # the name is not in the copy
    ("ff9aace5b310314d", None, "CHỦ TỊCH", "họ tên"),              # the cell on a line of its own before '|'
    ("9e001697662f9728", "Trần Thanh Mẫn", "CHỦ TỊCH", None),
])
def test_real_glued_closings_give_the_signer_as_printed(name, signer, position, missing):
    result = ingest(REAL / f"{name}.txt")
    got = result["document"]["signer"]
    assert (got["name"], got["position"]) == (signer, position)
    messages = [f["message"] for f in result["findings"] if f["code"] == "ND30.MISSING_SIGNER"]
    if missing is None:
        assert messages == []
    else:                                   # what is missing, and only that: the position is on the page
        assert len(messages) == 1 and missing in messages[0] and "chức vụ" not in messages[0]


# --------------------------------------------------------------------------- cells the copy printed empty

CLOSING_EMPTY_LEFT = "|\n|\n**KT. CHỦ TỊCH **\nPHÓ CHỦ TỊCH\nHoàng Nam\n|\n"
CLOSING_BOLD_SPACE = "|\n** **\n|\n**TM. ỦY BAN NHÂN DÂN**\nCHỦ TỊCH\n**Phạm Đức Ấn**\n|\n"
CLOSING_BOTH = "|\nNơi nhận:\n- Như Điều 3;\n- Lưu: VT.\n|\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nHoàng Nam\n|\n"
HEADER_DASH_ISSUER = "---------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc---------- |\n" \
                     "Số: 1655/NQ-UBTVQH15 |\n|\n\n**NGHỊ QUYẾT**\n"
HEADER_LEADING_PIPE = "| CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc\n|\nSố: 1654/NQ-UBTVQH15 |\n|\n"
HEADER_FULL = "CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc------- |\n" \
              "Số: 16/2025/NĐ-CP | Hà Nội, ngày 04 tháng 02 năm 2025 |\n\n**NGHỊ ĐỊNH**\n"


@pytest.mark.parametrize("text, marked", [
    (CLOSING_EMPTY_LEFT, {"KT. CHỦ TỊCH": "left", "PHÓ CHỦ TỊCH": "left", "Hoàng Nam": "left"}),
    (CLOSING_BOLD_SPACE, {"TM. ỦY BAN NHÂN DÂN": "left", "CHỦ TỊCH": "left", "Phạm Đức Ấn": "left"}),
    (CLOSING_BOTH, {}),
    (HEADER_DASH_ISSUER, {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": "left", "Độc lập - Tự do - Hạnh phúc": "left",
                          "Số: 1655/NQ-UBTVQH15": "right"}),
    (HEADER_LEADING_PIPE, {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": "left", "Độc lập - Tự do - Hạnh phúc": "left",
                           "Số: 1654/NQ-UBTVQH15": "right"}),
    (HEADER_FULL, {}),
])
def test_portal_cells_printed_empty_are_recorded_beside_their_neighbour(text, marked):
    portal = read_portal(text)
    got = {portal.lines[k][0].strip("* "): side for k, side in portal.beside_empty.items()}
    assert got == marked


# Real quyết định whose closing table keeps an empty cell where the Nơi nhận goes (four provinces' copies,
# pipe tables, an emphasis-only cell, TM./KT. closings).
@pytest.mark.parametrize("name", ["094432765aa270a8", "0c462ec3eec6e18d", "14d45619867d65a2", "62b335debea8ebf0",
                                  "7599f6525eb44d2e", "83652dd19c6fef24", "adf53d885efc1c23", "f48a2691d3f74ec4"])
def test_an_empty_noi_nhan_cell_is_uncertainty_not_a_missing_part(name):
    result = ingest(REAL / f"{name}.txt")
    assert "ND30.MISSING_CC" not in codes(result)
    assert "nơi nhận" in uncertain(result)
    assert result["zones"]["cc"]["confident"] is False and "empty" in result["zones"]["cc"]["evidence"]
    assert result["zones"]["signature"]["found"] is True


@pytest.mark.parametrize("name, zones", [
    ("4ea650b6faa46d71", ["place_date"]),        # a Nghị định: the cell right of 'Số:' is empty
    ("750314c2c5666d56", ["place_date"]),
])
def test_an_empty_header_cell_is_uncertainty_not_a_missing_part(name, zones):
    result = ingest(REAL / f"{name}.txt")
    for zone in zones:
        assert result["zones"][zone] == {**result["zones"][zone], "found": False, "confident": False}
        assert "empty" in result["zones"][zone]["evidence"]
    assert not {"ND30.MISSING_ISSUER", "ND30.MISSING_PLACE_DATE"} & set(codes(result))


@pytest.mark.parametrize("name", [
    "284dd97bc14e3aeb",          # UBTVQH copies: the issuer cell holds only its rule
    "4d98410054b11ab4",
    "a57bf3febd1d410d",          # '| CỘNG HÒA …': the row opens with an empty cell
    "9e001697662f9728", "d469759e6fcdc805", "ff9aace5b310314d",
])
def test_a_header_without_its_issuer_takes_the_enacting_body_over_the_can_cu(name):
    """A resolution of the Standing Committee prints its name again over its Căn cứ ('ỦY BAN THƯỜNG
    VỤ QUỐC HỘI'); the portal copy lost the header's left column, so that line is the issuer."""
    result = ingest(REAL / f"{name}.txt")
    doc = result["document"]
    assert (doc["issuer"], doc["issuer_normalized"]) == ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội")
    assert result["zones"]["issuer"]["found"] is True and "ND30.MISSING_ISSUER" not in codes(result)
    assert not any(t["text"].startswith("ỦY BAN THƯỜNG VỤ") for t in result["tasks"])


@pytest.mark.parametrize("name, issuer", [
    ("001c610b2efdcf0c", "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH"),   # the body over the Căn cứ repeats the header's
    ("012b8a728c178e7a", "QUỐC HỘI"),
])
def test_a_header_with_its_issuer_keeps_it(name, issuer):
    assert ingest(REAL / f"{name}.txt")["document"]["issuer"] == issuer


def test_a_header_without_an_empty_cell_still_proves_the_absence():
    """c22591f10eec1dab prints its header as one Markdown row: the Quốc hiệu cell is there, whole, and holds
    no place-and-date line. Nothing was lost in a cell, so the absence is a fact of the text."""
    result = ingest(REAL / "c22591f10eec1dab.txt")
    assert "ND30.MISSING_PLACE_DATE" in codes(result, "error")


# --------------------------------------------------------------------------- dated by the passage line

LAW = """QUỐC HỘI
Luật số: 60/2024/QH15

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

LUẬT
DỮ LIỆU

Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;

Quốc hội ban hành Luật Dữ liệu.

Điều 1. Phạm vi điều chỉnh
Luật này quy định về dữ liệu số.

{passage}

CHỦ TỊCH QUỐC HỘI

Trần Thanh Mẫn
"""


@pytest.mark.parametrize("passage, date, missing", [
    ("Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV, kỳ họp thứ 8 thông qua ngày 30 "
     "tháng 11 năm 2024.", "2024-11-30", False),
    # wrapped as a PDF prints it, the older 'đã được'
    ("Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIV, kỳ họp thứ 9\nthông qua ngày "
     "16 tháng 6\nnăm 2020.", "2020-06-16", False),
    ("Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XV thông qua "
     "ngày 16 tháng 6 năm 2025.", "2025-06-16", False),
    # a Hội đồng nhân dân's resolution prints a place-and-date line as well: its passage line does not stand in
    ("Nghị quyết này đã được Hội đồng nhân dân tỉnh Hà Tĩnh khóa XVIII, kỳ họp thứ 25 thông qua ngày 10 tháng "
     "12 năm 2024.", None, True),
    # another law's passage, quoted: not the document's own line
    ("Căn cứ Luật Đất đai được Quốc hội thông qua ngày 18 tháng 01 năm 2024.", None, True),
    # a form's blank passage line dates nothing: the absence stands
    ("Luật này được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa …, kỳ họp thứ … thông qua ngày … tháng "
     "… năm …", None, True),
])
def test_the_kinds_dated_by_their_passage_line(passage, date, missing):
    d = parse(document(LAW.format(passage=passage)))
    found = [f.code for f in run_checks("directive", d, Context(disabled=frozenset({"REF", "DEADLINE"})))]
    assert d.date == date
    assert ("ND30.MISSING_PLACE_DATE" in found) is missing
    if not missing:
        assert d.zones["place_date"].found and "passage" in d.zones["place_date"].evidence


@pytest.mark.parametrize("name, date", [
    ("012b8a728c178e7a", "2024-11-30"),          # Luật Dữ liệu
    ("284dd97bc14e3aeb", "2025-06-16"),          # UBTVQH resolutions, four provinces
    ("4d98410054b11ab4", "2025-06-16"),
    ("9e001697662f9728", "2025-06-16"),
    ("a57bf3febd1d410d", "2025-06-16"),          # '**ngày** 16 **tháng** 6* *năm 2025': emphasis inside
])
def test_real_laws_and_resolutions_are_dated_by_their_passage(name, date):
    result = ingest(REAL / f"{name}.txt")
    assert result["document"]["date"] == date and result["document"]["place"] is None
    assert "ND30.MISSING_PLACE_DATE" not in codes(result)


# --------------------------------------------------------------------------- a year with a digit too many

@pytest.mark.parametrize("printed, shown", [
    ("ngày 20/11/20225", "20/11/20225"),
    ("ngày 20 tháng 11 năm 20225", "20 tháng 11 năm 20225"),
    ("ngày 21/12/2025", "21/12/2025"),
])
def test_a_self_reference_date_is_quoted_as_printed(printed, shown):
    text = f"""ỦY BAN NHÂN DÂN
TỈNH BẮC NINH

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 1505/QĐ-UBND

Bắc Ninh, ngày 20 tháng 11 năm 2025

QUYẾT ĐỊNH
Về việc công bố Danh mục thủ tục hành chính

Căn cứ Luật Tổ chức chính quyền địa phương;

Điều 1. Công bố kèm theo Quyết định này Danh mục thủ tục hành chính.

Nơi nhận:
- Như Điều 1;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn An

PHỤ LỤC
(Kèm theo Quyết định số 1505/QĐ-UBND {printed} của Chủ tịch UBND tỉnh Bắc Ninh)
"""
    d = parse(document(text))
    found = [f for f in run_checks("directive", d, Context()) if f.code == "REF.SELF_DATE_MISMATCH"]
    assert len(found) == 1
    assert f"ngày {shown} nhưng ngày ban hành là 20/11/2025" in found[0].message
