"""Header fields as the output contract writes them."""
import pytest

from extract.directive.header import clean_subject, normalize_issuer, read_header, signer_name
from extract.directive.layout import analyse
from tests.kit.docbuild import document

TOP = "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
BOTTOM = "\nKính gửi: Sở Tài chính.\nThực hiện Công văn số 12/VPCP-KSTT ngày 02/01/2024 của Văn phòng Chính phủ,"


def header_of(number_line: str, date_line: str = "Ninh Thuận, ngày 20 tháng 10 năm 2022",
              subject: str = "V/v đẩy mạnh cải cách thủ tục hành chính.", top: str = TOP):
    text = top + number_line + "\n" + date_line + "\n" + subject + BOTTOM
    return read_header(analyse(document(text)), text)


@pytest.mark.parametrize("line, number, symbol, doc_type", [
    ("Số: 4560 /UBND-PVHCC", "4560/UBND-PVHCC", "UBND-PVHCC", "Công văn"),
    ("Số: 4560/UBND-PVHCC", "4560/UBND-PVHCC", "UBND-PVHCC", "Công văn"),
    ("Số: /UBND-PVHCC", None, "UBND-PVHCC", "Công văn"),
    ("Số:      /UBND-HCC", None, "UBND-HCC", "Công văn"),
    ("Số: 120/QĐ-UBND-HC", "120/QĐ-UBND-HC", "QĐ-UBND-HC", "Quyết định"),
    ("Số: 08/CT-UBND", "08/CT-UBND", "CT-UBND", "Chỉ thị"),
    ("Số: 45/KH-UBND", "45/KH-UBND", "KH-UBND", "Kế hoạch"),
])
def test_number_symbol_and_type(line, number, symbol, doc_type):
    h = header_of(line, subject="Về tăng cường cải cách thủ tục hành chính")   # no heading, no V/v: the symbol decides
    assert (h.number, h.symbol, h.doc_type) == (number, symbol, doc_type)


TAX = "BỘ TÀI CHÍNH\nCỤC THUẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
VPCP = "VĂN PHÒNG CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"


# The type comes from the evidence on the page, strongest first (Nghị định 30/2020 Phụ lục I II.3,
# II.5; Phụ lục III): the heading; a 'V/v' trích yếu (a công văn); the symbol's first part only,
# and only when it is not the issuer's own initials. Rows from the real corpus: Cục Thuế letters
# 5330/CT-CS, 5615/CT-CS (tests/corpus/real/0bc7bfa8f2ed42e8, 03890575449f6e05), its decision
# 3509/QĐ-CT (9e9ed41212fc9334), Đắk Lắk's chỉ thị 012/CT-UBND (541cde0f8d5ffef3).
@pytest.mark.parametrize("top, line, subject, doc_type", [
    (TAX, "Số: 5330/CT-CS", "V/v Chính sách thuế TNCN", "Công văn"),
    (TAX, "Số: 5615/CT-CS", "V/v: Mẫu tờ khai", "Công văn"),
    (TAX, "Số: 5330/CT-CS", "Chính sách thuế TNCN", "Công văn"),          # <issuer>-<unit>: CT is Cục Thuế
    (TAX, "Số: 3509/QĐ-CT", "QUYẾT ĐỊNH\nBan hành quy tắc ứng xử", "Quyết định"),
    (TAX, "Số: 3509/QĐ-CT", "Ban hành quy tắc ứng xử", "Quyết định"),     # QĐ in the type position
    (TOP, "Số: 012/CT-UBND", "CHỈ THỊ\nVề việc tăng cường cải cách", "Chỉ thị"),
    (TOP, "Số: 012/CT-UBND", "V/v tăng cường cải cách", "Công văn"),       # V/v outweighs the symbol
    (TOP, "Số: 17986/BTC-CT", "Về chính sách thuế", "Công văn"),           # CT in the unit position
    (TOP, "Số: 450/SYT-KH", "Về kế hoạch tiêm chủng", "Công văn"),         # KH: a Phòng Kế hoạch
    (TOP, "Số: 1520/KH-UBND", "Về tăng cường cải cách", "Kế hoạch"),
    (VPCP, "Số: 627/TB-VPCP", "THÔNG BÁO\nKết luận của Thủ tướng", "Thông báo"),
    (VPCP, "Số: 12/VPCP-KSTT", "V/v rà soát thủ tục", "Công văn"),
])
def test_type_comes_from_the_evidence_on_the_page(top, line, subject, doc_type):
    assert header_of(line, subject=subject, top=top).doc_type == doc_type


def test_number_repaired_after_ocr_is_reported():
    text = (TOP + "Số: 1250/UBND-TTTHC\nNinh Thuận, ngày 18 tháng 5 năm 2023\nV/v kiểm soát TTHC\n"
            "Kính gửi: Sở Tư pháp.\nĐề nghị Sở Tư pháp rà soát TTHC, báo cáo kết quả kiểm soát TTHC.")
    h = read_header(analyse(document(text)), text)
    assert h.number == "1250/UBND-TTHC"
    [f] = h.findings
    assert f.code == "PARSE.NUMBER_REPAIRED" and f.evidence == "Số: 1250/UBND-TTTHC"
    assert "1250/UBND-TTHC" in f.message_en and f.location == {"page": 1, "line": 5}


@pytest.mark.parametrize("line, place, date, partial", [
    ("Ninh Thuận, ngày 20 tháng 10 năm 2022", "Ninh Thuận", "2022-10-20", None),
    ("Ninh Thuận, ngày   tháng 7 năm 2024", "Ninh Thuận", None, {"year": 2024, "month": 7}),
    ("Đồng Tháp, ngày ... tháng 4 năm 2024", "Đồng Tháp", None, {"year": 2024, "month": 4}),
    ("Thừa Thiên Huế, ngày 04 tháng 11 năm 2024", "Thừa Thiên Huế", "2024-11-04", None),
    ("Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019", "Thành phố Hồ Chí Minh", "2019-06-29", None),
    ("TP. Hồ Chí Minh, ngày 05 tháng 01 năm 2020", "TP. Hồ Chí Minh", "2020-01-05", None),
])
def test_place_and_date(line, place, date, partial):
    h = header_of("Số: 12/UBND-VX", date_line=line)
    assert (h.place, h.date, h.date_partial) == (place, date, partial)


@pytest.mark.parametrize("printed, subject", [
    ("V/v đẩy mạnh cải cách thủ tục hành chính.", "đẩy mạnh cải cách thủ tục hành chính"),
    ("V/v: báo cáo tình hình;", "báo cáo tình hình"),
    ("Về việc giao nhiệm vụ kiểm tra", "giao nhiệm vụ kiểm tra"),
    ("Triển khai Bộ chỉ số phục vụ người dân", "Triển khai Bộ chỉ số phục vụ người dân"),
])
def test_subject(printed, subject):
    assert clean_subject(printed) == subject


@pytest.mark.parametrize("lines, normalized", [
    (["ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN"], "UBND tỉnh Ninh Thuận"),
    (["ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ"], "UBND tỉnh Thừa Thiên Huế"),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"], "UBND thành phố Hồ Chí Minh"),
    (["UBND TỈNH ĐỒNG NAI", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"], "Sở Thông tin và Truyền thông tỉnh Đồng Nai"),
    (["UBND TỈNH ĐỒNG THÁP", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Đồng Tháp"),
    (["ỦY BAN NHÂN DÂN", "HUYỆN NINH SƠN"], "UBND huyện Ninh Sơn"),
    (["BỘ NỘI VỤ"], "Bộ Nội vụ"),
])
def test_issuer_normalized(lines, normalized):
    assert normalize_issuer(lines) == normalized


def test_signer_and_lists():
    text = (TOP + "Số: 12/UBND-VX\nNinh Thuận, ngày 20 tháng 10 năm 2022\nV/v báo cáo\nKính gửi:\n"
            "- Các Sở, ban, ngành cấp tỉnh;\n- Ủy ban nhân dân các huyện, thành phố.\n"
            "Đề nghị các cơ quan báo cáo kết quả./.\nNơi nhận:\n- Như trên;\n- VPUB: LĐ, KTHH;\n"
            "- Lưu: VT, TTPVHCC. HTHG\n- Lưu: VT, TTHC. ant\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An")
    h = read_header(analyse(document(text)), text)
    assert h.recipients == ["Các Sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thành phố"]
    assert h.cc == ["Như trên", "VPUB: LĐ, KTHH", "Lưu: VT, TTPVHCC. HTHG", "Lưu: VT, TTHC"]
    assert (h.signer.name, h.signer.position, h.signer.authority) == ("Nguyễn Văn An", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN")


@pytest.mark.parametrize("date_line, cited, date", [
    # OCR read 'năm 2022' as 'năm 20232' (measured on a 300-dpi scan of corpus 001): of the years one
    # deleted digit away, the earliest that is not older than the documents cited
    ("Ninh Thuận, ngày 20 tháng 10 năm 20232", ["2022-10-06", "2022-09-21"], "2022-10-20"),
    ("Ninh Thuận, ngày 20 tháng 10 năm 20232", ["2023-07-27"], "2023-10-20"),
    # nothing cited: a digit glued after the year is a footnote marker (the dates.py reading)
    ("Ninh Thuận, ngày 20 tháng 10 năm 20232", [], "2023-10-20"),
])
def test_five_digit_year_of_issue(date_line, cited, date):
    text = TOP + "Số: 12/UBND-VX\n" + date_line + "\nV/v báo cáo" + BOTTOM
    h = read_header(analyse(document(text)), text, cited)
    assert h.date == date
    [f] = [f for f in h.findings if f.code == "PARSE.DATE_REPAIRED"]
    assert f.evidence == date_line and date[:4] in f.message and "20232" in f.message_en


def test_four_digit_year_is_not_repaired():
    text = TOP + "Số: 12/UBND-VX\nNinh Thuận, ngày 20 tháng 10 năm 2022\nV/v báo cáo" + BOTTOM
    h = read_header(analyse(document(text)), text, ["2023-01-01"])
    assert h.date == "2022-10-20" and not h.findings


@pytest.mark.parametrize("printed, name", [
    ("Lầm Hoàng Nghiệp", "Lâm Hoàng Nghiệp"),        # OCR tone error on a surname (scan of corpus 003)
    ("Nguyến Long Biên", "Nguyễn Long Biên"),
    ("Lâm Hoàng Nghiệp.", "Lâm Hoàng Nghiệp"),
    ("Ngo Văn An", "Ngo Văn An"),                      # Ngô or Ngọ: left as printed
    ("NGUYỄN VĂN AN", "NGUYỄN VĂN AN"),
])
def test_signer_surname(printed, name):
    assert signer_name(printed) == name
