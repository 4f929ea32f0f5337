"""The DOCX back-end of the real-document layouts (tests/kit/render_docx.layout_docx): what Word
would print is what the loader reads, while the labels live in numbering.xml, not in the text."""
import io
import re
import zipfile
from types import SimpleNamespace

import pytest

from extract.load import load
from tests.kit.render_docx import layout_docx


def block(kind, text="", rows=None):
    return SimpleNamespace(kind=kind, text=text, rows=rows or [])


LAYOUT = SimpleNamespace(
    source="fixture", issuer=["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH"], number="Số: 25/QĐ-UBND",
    place_date="Hà Tĩnh, ngày 24 tháng 11 năm 2025", subject=[],
    heading=["QUYẾT ĐỊNH", "Ban hành Kế hoạch chuyển đổi số năm 2026"], recipients=[],
    body=[block("para", "Căn cứ Luật Tổ chức chính quyền địa phương;"),
          block("heading", "QUYẾT ĐỊNH:"),
          block("para", "**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số."),
          block("para", "**Điều 2.** Tổ chức thực hiện:"),
          block("para", "1. Sở Khoa học và Công nghệ chủ trì, hướng dẫn."),
          block("para", "2. Các sở, ngành:"),
          block("para", "a) Rà soát thủ tục hành chính;"),
          block("para", "b) Báo cáo trước ngày 15/12/2025."),
          block("para", "**Điều 3.** Quyết định này có hiệu lực kể từ ngày ký./.")],
    cc=["- Như Điều 3;", "- Lưu: VT."], signer=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], signer_name="Trần Báu Hà",
    appendix=[block("heading", "KẾ HOẠCH"),
              block("heading", "I. MỤC ĐÍCH, YÊU CẦU"),
              block("para", "1. Mục đích: nâng cao chất lượng dịch vụ công."),
              block("heading", "II. NHIỆM VỤ"),
              block("para", "1. Giao Sở Nội vụ:"),
              block("para", "a) Rà soát;"), block("para", "b) Sắp xếp;"), block("para", "c) Kiểm tra;"),
              block("para", "d) Đôn đốc;"), block("para", "đ) Tổng hợp;"), block("para", "e) Báo cáo."),
              block("item", "- Thời gian: Quý IV/2025 - Quý II/2026;"),
              block("item", "+ Phối hợp: Sở Tài chính."),
              block("para", "5. Giao Công an tỉnh bảo đảm an ninh."),
              block("para", "5.1. Rà soát dữ liệu dân cư."),
              block("para", "5.3. Làm sạch dữ liệu."),
              block("table", rows=[["TT", "Nhiệm vụ", "Chủ trì"], ["1", "Số hóa hồ sơ", "Sở Nội vụ"],
                                   ["2", "Kết nối dữ liệu", "Công an tỉnh"], ["II", "Nhiệm vụ khác", ""],
                                   ["3", "Đào tạo", "Sở Nội vụ"]]),
              block("table", rows=[["TT", "Chỉ tiêu"], ["1", "100% hồ sơ"]])])

EXPECTED_BODY = [
    "QUYẾT ĐỊNH", "Ban hành Kế hoạch chuyển đổi số năm 2026", "Căn cứ Luật Tổ chức chính quyền địa phương;",
    "QUYẾT ĐỊNH:", "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số.", "Điều 2. Tổ chức thực hiện:",
    "1. Sở Khoa học và Công nghệ chủ trì, hướng dẫn.", "2. Các sở, ngành:", "a) Rà soát thủ tục hành chính;",
    "b) Báo cáo trước ngày 15/12/2025.", "Điều 3. Quyết định này có hiệu lực kể từ ngày ký./.",
    "Nơi nhận:", "- Như Điều 3;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Báu Hà",
    "KẾ HOẠCH", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích: nâng cao chất lượng dịch vụ công.", "II. NHIỆM VỤ",
    "1. Giao Sở Nội vụ:", "a) Rà soát;", "b) Sắp xếp;", "c) Kiểm tra;", "d) Đôn đốc;", "đ) Tổng hợp;",
    "e) Báo cáo.", "- Thời gian: Quý IV/2025 - Quý II/2026;", "+ Phối hợp: Sở Tài chính.",
    "5. Giao Công an tỉnh bảo đảm an ninh.", "5.1. Rà soát dữ liệu dân cư.", "5.3. Làm sạch dữ liệu.",
    "TT\tNhiệm vụ\tChủ trì", "1\tSố hóa hồ sơ\tSở Nội vụ", "2\tKết nối dữ liệu\tCông an tỉnh",
    "II\tNhiệm vụ khác\t", "3\tĐào tạo\tSở Nội vụ", "TT\tChỉ tiêu", "1\t100% hồ sơ"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    path = tmp_path_factory.mktemp("docx") / "qd.docx"
    path.write_bytes(layout_docx(LAYOUT))
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        parts = {n: z.read(n).decode("utf-8") for n in ("word/document.xml", "word/numbering.xml", "word/styles.xml")}
    return path, parts


def test_the_loader_reads_what_word_prints(rendered):
    doc = load(rendered[0])
    lines = [ln.text for ln in doc.pages[0].lines if ln.text.strip()]
    assert lines[:8] == ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "-------", "Số: 25/QĐ-UBND",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "---------------",
                         "Hà Tĩnh, ngày 24 tháng 11 năm 2025"]
    assert lines[8:] == EXPECTED_BODY


@pytest.mark.parametrize("what, part, pattern, count", [
    ("labels are not typed where Word numbers", "word/document.xml", r">(?:Điều \d|\d\.|[a-e]\)|I\.|-|\+) ", 0),
    ("the letter Word cannot print stays typed", "word/document.xml", r">đ\) Tổng hợp", 1),
    ("articles and parts numbered through their paragraph styles", "word/document.xml",
     r'<w:pStyle w:val="VB(?:Dieu|Muc|Khoan)"/>', 10),
    ("the styles carry the numbering", "word/styles.xml", r'w:styleId="VB\w+">.*?<w:numPr>', 3),
    ("restarts: a new instance with a startOverride (5. after 1., 5.3. after 5.1., each table)",
     "word/numbering.xml", r"<w:startOverride w:val=\"\d+\"/>", 4),
    ("bullets are numbering levels", "word/numbering.xml", r'<w:numFmt w:val="bullet"/><w:lvlText w:val="[-+]"/>', 2),
    ("numbering inside tables: four TT cells and the Nơi nhận bullets", "word/document.xml",
     r"<w:tc>(?:(?!</w:tc>).)*<w:numPr>", 5),
])
def test_numbering_lives_in_numbering_xml(rendered, what, part, pattern, count):
    assert len(re.findall(pattern, rendered[1][part], re.S)) == count, what


def small(**kw):
    base = dict(source="t", issuer=["BỘ NỘI VỤ"], number="Số: 12/BNV-KHTC",
                place_date="Hà Nội, ngày 26 tháng 11 năm 2025", subject=[], heading=[], recipients=[], body=[],
                cc=["- Như trên;", "- Lưu: VT."], signer=["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG"],
                signer_name="Nguyễn Văn An", appendix=[])
    return SimpleNamespace(**{**base, **kw})


BODY = [block("para", "Triển khai Thông tư số 95/2025/TT-BTC ngày 20/10/2025 của Bộ Tài chính, Bộ Nội vụ đề nghị:"),
        block("para", "1. Ủy ban nhân dân các tỉnh báo cáo trước ngày 15/12/2025."), block("para", "Trân trọng./.")]


@pytest.mark.parametrize("name, layout, field, value", [
    ("one addressee, then the first paragraph of the body", small(
        subject=["V/v phân bổ chi phí quản lý"], recipients=["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"],
        body=BODY), "recipients", ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"]),
    ("a decision's trích yếu, then the authority that decides", small(
        heading=["QUYẾT ĐỊNH", "BAN HÀNH KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026"],
        body=[block("heading", "BỘ TRƯỞNG BỘ NỘI VỤ")] + BODY), "subject", "BAN HÀNH KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026"),
])
def test_paragraphs_are_units(tmp_path, name, layout, field, value):
    """A Word paragraph is a unit of the page (space around it): the loader keeps a blank line
    between paragraphs, so nothing runs on from one paragraph into the next."""
    from extract.directive import parse
    path = tmp_path / "cv.docx"
    path.write_bytes(layout_docx(layout))
    assert getattr(parse(load(path)), field) == value
