"""Header and closing fields from the layouts a directive reaches an office in: issuer lines as a column
wraps them, and a text PDF's lines with their boxes (paragraphs told apart by space, not empty lines;
a long place name that wraps the date; position and name on one line)."""
import pytest

from extract.directive import parse
from extract.directive.header import normalize_issuer
from tests.kit.docbuild import document


@pytest.mark.parametrize("lines, normalized", [
    (["ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN"], "UBND tỉnh Ninh Thuận"),
    (["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HẢI PHÒNG"], "UBND thành phố Hải Phòng"),
    (["UỶ BAN NHÂN DÂN", "TỈNH BẮC NINH", "SỞ Y TẾ"], "Sở Y tế tỉnh Bắc Ninh"),
    (["UBND TỈNH NINH THUẬN", "SỞ NỘI VỤ"], "Sở Nội vụ tỉnh Ninh Thuận"),
    (["BỘ TÀI CHÍNH", "CỤC HẢI QUAN"], "Cục Hải quan"),
    (["CỤC THUẾ", "THUẾ TỈNH VĨNH LONG"], "Thuế tỉnh Vĩnh Long"),
    (["BỘ NÔNG NGHIỆP VÀ", "MÔI TRƯỜNG"], "Bộ Nông nghiệp và Môi trường"),
    (["BỘ NÔNG NGHIỆP VÀ MÔI", "TRƯỜNG"], "Bộ Nông nghiệp và Môi trường"),
    (["UBND THÀNH PHỐ HÀ NỘI SỞ", "GIÁO", "DỤC VÀ ĐÀO TẠO"], "Sở Giáo dục và Đào tạo thành phố Hà Nội"),
    (["BAN CHỈ ĐẠO NHÀ NƯỚC", "VỀ DU LỊCH"], "Ban chỉ đạo Nhà nước về du lịch"),
    (["HỘI ĐỒNG NHÂN DÂN", "THÀNH PHỐ HUẾ"], "HĐND thành phố Huế"),
    (["THỦ TƯỚNG CHÍNH PHỦ"], "Thủ tướng Chính phủ"),
], ids=lambda v: " / ".join(v) if isinstance(v, list) else None)
def test_issuer_normalized_however_the_column_wraps_it(lines, normalized):
    assert normalize_issuer(lines) == normalized


# A text PDF of a quyết định as Decree 30 prints it: (text, x0, top, x1, bottom) per line, A4 points.
PDF_LINES = [
    ("ỦY BAN NHÂN DÂN", 125, 67, 242, 78),
    ("THÀNH PHỐ HỒ CHÍ MINH", 102, 82, 265, 93),
    ("Số: 2820/QĐ-UBND", 129, 110, 238, 122),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 287, 67, 547, 81),
    ("Độc lập - Tự do - Hạnh phúc", 338, 84, 496, 96),
    ("Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm", 293, 110, 542, 123),
    ("2025", 404, 127, 430, 136),
    ("QUYẾT ĐỊNH", 275, 159, 364, 174),
    ("BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY", 96, 176, 542, 190),
    ("02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG CHÍNH PHỦ", 130, 191, 508, 205),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", 175, 222, 463, 236),
    ("Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;", 120, 250, 546, 263),
    ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai.", 120, 280, 546, 293),
    ("Điều 2. Sở Tài chính chủ trì tổ chức thực hiện Kế hoạch./.", 120, 300, 546, 313),
    ("Nơi nhận:", 85, 340, 131, 350),
    ("- Như Điều 3;", 85, 352, 150, 362),
    ("- Lưu: VT.", 85, 364, 140, 374),
    ("KT. CHỦ TỊCH", 379, 340, 469, 354),
    ("PHÓ CHỦ TỊCH Nguyễn Lộc Hà", 350, 420, 500, 434),
]


def test_text_pdf_lines_give_the_header_and_closing():
    doc = document("\n".join(t for t, *_ in PDF_LINES), method="text",
                   boxes=[[tuple(box) for _, *box in PDF_LINES]])
    d = parse(doc)
    assert (d.place, d.date) == ("Thành phố Hồ Chí Minh", "2025-11-19")
    assert d.subject == ("BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 "
                         "CỦA THỦ TƯỚNG CHÍNH PHỦ")
    assert (d.signer.authority, d.signer.position, d.signer.name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Lộc Hà")
    assert d.issuer_normalized == "UBND thành phố Hồ Chí Minh" and d.number == "2820/QĐ-UBND"
    assert all(z.found for name, z in d.zones.items() if name not in ("recipients", "appendices"))


TOP = ("{issuer}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/QĐ-{abbr}\n"
       "Hà Nội, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n{subject}\n{heading}\nCăn cứ Luật Tổ chức Chính phủ;\n"
       "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế./.\n")


@pytest.mark.parametrize("issuer, abbr, heading", [
    ("THỦ TƯỚNG CHÍNH PHỦ", "TTg", "THỦ TƯỚNG CHÍNH PHỦ"),
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ CẦN THƠ", "UBND", "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"),
    ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN", "UBND", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"),
    ("BAN CHỈ ĐẠO NHÀ NƯỚC\nVỀ DU LỊCH", "BCĐNNDL", "TRƯỞNG BAN CHỈ ĐẠO NHÀ NƯỚC VỀ DU LỊCH"),
], ids=["Government", "city committee", "chairman", "steering committee"])
def test_the_authority_heading_under_a_trich_yeu_is_not_part_of_it(issuer, abbr, heading):
    """Paragraph by paragraph, as a DOCX gives them (no blank line between the trích yếu and the line
    naming who decides)."""
    subject = "BAN HÀNH QUY CHẾ HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO TRÊN ĐỊA BÀN TỈNH NGHỆ AN"
    d = parse(document(TOP.format(issuer=issuer, abbr=abbr, subject=subject, heading=heading)))
    assert d.subject == subject
