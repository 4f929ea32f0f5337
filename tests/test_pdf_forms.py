"""A directive's parts read the same from a born-digital PDF as from its text: lines with boxes as
the PDF loader gives them (Decree 30 margins: 30 mm left, 15 mm right on A4)."""
import pytest

from extract.directive import parse
from tests.kit.docbuild import document

HEADER = [("ỦY BAN NHÂN DÂN", (125, 67, 242, 78)), ("TỈNH HÀ TĨNH", (135, 82, 232, 93)),
          ("Số: 2820/QĐ-UBND", (129, 110, 238, 122)), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", (287, 67, 547, 80)),
          ("Độc lập - Tự do - Hạnh phúc", (338, 84, 496, 96)),
          ("Hà Tĩnh, ngày 19 tháng 11 năm 2025", (322, 110, 512, 122)), ("QUYẾT ĐỊNH", (275, 158, 364, 173))]
BODY = [("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", (120, 254, 470, 266)),
        ("QUYẾT ĐỊNH:", (275, 280, 362, 292)),
        ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2026.", (120, 300, 540, 312))]


@pytest.mark.parametrize("name, subject_lines, subject", [
    ("a short trích yếu, centred", [("Về việc ban hành Kế hoạch chuyển đổi số", (190, 175, 450, 189))],
     "ban hành Kế hoạch chuyển đổi số"),
    ("a trích yếu wrapped over the full width of the text block",
     [("BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 06 THÁNG 01 NĂM", (92, 175, 546, 189)),
      ("2022 CỦA THỦ TƯỚNG CHÍNH PHỦ VỀ PHÁT TRIỂN ỨNG DỤNG DỮ LIỆU DÂN CƯ TRÊN", (91, 191, 546, 205)),
      ("ĐỊA BÀN TỈNH", (270, 207, 367, 220))],
     "BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 06 THÁNG 01 NĂM 2022 CỦA THỦ TƯỚNG CHÍNH PHỦ "
     "VỀ PHÁT TRIỂN ỨNG DỤNG DỮ LIỆU DÂN CƯ TRÊN ĐỊA BÀN TỈNH"),
])
def test_trich_yeu_from_pdf_lines(name, subject_lines, subject):
    lines = HEADER + subject_lines + BODY
    doc = document("\n".join(t for t, _ in lines), method="text", boxes=[[b for _, b in lines]])
    directive = parse(doc)
    assert directive.subject == subject
    assert directive.number == "2820/QĐ-UBND"


@pytest.mark.parametrize("name, date_lines, place, date", [
    ("on one line", [("Hà Tĩnh, ngày 19 tháng 11 năm 2025", (322, 110, 512, 122))], "Hà Tĩnh", "2025-11-19"),
    ("a long place wraps the year onto the next line of the column",
     [("Thành phố Hồ Chí Minh, ngày 18 tháng 11 năm", (293, 110, 542, 122)), ("2025", (404, 127, 430, 136))],
     "Thành phố Hồ Chí Minh", "2025-11-18"),
])
def test_place_and_date_from_pdf_lines(name, date_lines, place, date):
    header = [x for x in HEADER if "ngày" not in x[0]]
    at = next(k for k, (t, _) in enumerate(header) if t.startswith("Độc lập")) + 1
    lines = header[:at] + date_lines + header[at:] + [("Về việc ban hành Kế hoạch", (230, 175, 410, 189))] + BODY
    doc = document("\n".join(t for t, _ in lines), method="text", boxes=[[b for _, b in lines]])
    directive = parse(doc)
    assert (directive.place, directive.date) == (place, date)
    assert directive.subject == "ban hành Kế hoạch"


def _header_of(province: str) -> list:
    """HEADER with another People's Committee: its name in the issuer column and the place line."""
    place = province.split(" ", 1)[1].title() if province.startswith("TỈNH") else province.split(" ", 2)[2].title()
    swap = {"TỈNH HÀ TĨNH": province, "Hà Tĩnh, ngày 19 tháng 11 năm 2025": f"{place}, ngày 19 tháng 11 năm 2025"}
    return [(swap.get(t, t), box) for t, box in HEADER]


# Trích yếu lines as a column of 455 pt wraps them, the last one the province alone (the corpus
# documents named; the issuing body's own locality line is never the heading over the Căn cứ).
@pytest.mark.parametrize("document, province, subject_lines, heading", [
    ("6e205b75bcc588b5", "TỈNH HÀ TĨNH",
     ["CÔNG BỐ THỦ TỤC HÀNH CHÍNH NỘI BỘ TRONG HỆ THỐNG HÀNH CHÍNH NHÀ NƯỚC", "LĨNH VỰC MÔI TRƯỜNG THUỘC "
      "PHẠM VI, CHỨC NĂNG QUẢN LÝ NGÀNH NÔNG", "NGHIỆP VÀ MÔI TRƯỜNG ÁP DỤNG TRÊN ĐỊA BÀN", "TỈNH HÀ TĨNH"], None),
    ("2d563450d5a57ad1", "THÀNH PHỐ HẢI PHÒNG",
     ["QUY ĐỊNH CẤP DỰ BÁO CHÁY RỪNG, BẢNG TRA CẤP DỰ BÁO CHÁY RỪNG, THỜI GIAN", "CAO ĐIỂM XẢY RA CHÁY RỪNG VÀ "
      "XÁC ĐỊNH VÙNG TRỌNG ĐIỂM CHÁY RỪNG", "TRÊN ĐỊA BÀN", "THÀNH PHỐ HẢI PHÒNG"], None),
    ("1726b1b0ca691ac5", "TỈNH ĐẮK LẮK",
     ["PHÂN CẤP THẨM QUYỀN QUYẾT ĐỊNH XÁC LẬP, PHÊ DUYỆT PHƯƠNG ÁN XỬ LÝ TÀI", "SẢN ĐƯỢC XÁC LẬP QUYỀN SỞ HỮU "
      "TOÀN DÂN THUỘC PHẠM VI QUẢN LÝ CỦA", "TỈNH ĐẮK LẮK"], None),
    ("1fa949f85858c62f, with the head's title over the Căn cứ", "TỈNH ĐỒNG THÁP",
     ["QUY ĐỊNH GIỜ BÁN HÀNG, CÁC TRƯỜNG HỢP DỪNG BÁN HÀNG VÀ QUY TRÌNH THÔNG", "BÁO TRƯỚC KHI DỪNG BÁN HÀNG TẠI "
      "CÁC CỬA HÀNG BÁN LẺ XĂNG DẦU", "TRÊN ĐỊA BÀN TỈNH ĐỒNG THÁP"], "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"),
    ("b2dd1bd0fcce426b, with the body over the Căn cứ", "TỈNH LÂM ĐỒNG",
     ["VỀ VIỆC CÔNG NHẬN XÃ, PHƯỜNG MIỀN NÚI TRÊN ĐỊA BÀN", "TỈNH LÂM ĐỒNG"], "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),
])
def test_trich_yeu_ending_with_the_issuers_locality(document, province, subject_lines, heading):
    top, lines = 175, []
    for text in subject_lines:                      # centred lines, one under the other, no space between
        width = min(455, 6.4 * len(text))
        lines.append((text, (319 - width / 2, top, 319 + width / 2, top + 14)))
        top += 16
    if heading:                                     # the authority heading, a blank line below the trích yếu
        lines.append((heading, (200, top + 10, 440, top + 24)))
    doc_lines = _header_of(province) + lines + BODY
    doc = parse(document_of(doc_lines))
    want = " ".join(subject_lines)
    assert doc.subject == (want[len("VỀ VIỆC "):] if want.startswith("VỀ VIỆC ") else want)


def document_of(lines: list) -> "object":
    return document("\n".join(t for t, _ in lines), method="text", boxes=[[b for _, b in lines]])
