"""The numbered tree: labels per CONVENTIONS.md §5, sequence checks, lost line breaks, OCR'd
letters, bullets within their section, appendix rows."""
import pytest

from extract.directive.layout import Appendix, Block, pieces_of
from extract.directive.sections import build_tree, is_task_table, parse_rows
from tests.kit.docbuild import document


def tree_of(text: str, ocr: bool = False):
    return build_tree(pieces_of(document(text)), ocr)


def labels(text: str, ocr: bool = False) -> list[str]:
    return [it.label for it in tree_of(text, ocr).walk()]


CASES = [
    ("letters in Vietnamese order",
     "1. Các Sở:\na) Một.\nb) Hai.\nc) Ba.\nd) Bốn.\nđ) Năm.\ne) Sáu.\ng) Bảy.\nh) Tám.\n2. Sở Y tế:\na) Một.",
     ["1", "1.a", "1.b", "1.c", "1.d", "1.đ", "1.e", "1.g", "1.h", "2", "2.a"]),
    ("bullets numbered within their section",
     "1. Các Sở:\n- Một;\n- Hai;\n2. Sở Y tế:\n- Ba.",
     ["1", "1.b1", "1.b2", "2", "2.b1"]),
    ("bullets under a letter",
     "1. Các Sở:\na) Rà soát:\n- Một;\n- Hai;\nb) Báo cáo.",
     ["1", "1.a", "1.a.b1", "1.a.b2", "1.b"]),
    ("Roman parts and numbers",
     "I. MỤC ĐÍCH\n1. Mục đích\nNâng cao.\nII. NHIỆM VỤ\n1. Sở Nội vụ:\na) Một.\n2. Sở Y tế.",
     ["I", "I.1", "II", "II.1", "II.1.a", "II.2"]),
    ("sub-numbers",
     "1. Nhóm một\n1.1. Việc một.\n1.2. Việc hai.\n2. Nhóm hai\n2.1. Việc ba.",
     ["1", "1.1", "1.2", "2", "2.1"]),
    ("articles of a Quyết định",
     "Điều 1. Giao Sở Nội vụ tổ chức kiểm tra.\nĐiều 2. Quyết định này có hiệu lực.\nĐiều 3. Các Sở thi hành.",
     ["Điều 1", "Điều 2", "Điều 3"]),
    ("a wrapped line starting with a number is no item",
     "1. Sở Tư pháp thực hiện theo khoản\n2 Điều 17 Nghị định số 61/2018/NĐ-CP và điểm\n3. Sở Y tế.\n2. Sở Tài chính.",
     ["1", "2"]),
    ("a wrapped line starting with a dash inside an item",
     "1. Các Sở:\na) Rà soát thủ tục hành chính trong lĩnh vực lao động\n- thương binh và xã hội;\nb) Báo cáo.",
     ["1", "1.a", "1.b"]),
    ("lost line breaks before a letter and a number",
     "1. Giao Sở Y tế: a) Chủ động theo dõi; b) Tham mưu báo cáo. 2. Giao Sở Tài chính bố trí kinh phí.",
     ["1", "1.a", "1.b", "2"]),
    ("OCR: Roman numerals without their dot, with I read as T or a stroke lost",
     "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao.\nII NHIỆM VỤ VÀ PHÂN CÔNG\n1. Sở Nội vụ rà soát.\n"
     "II. TỔ CHỨC THỰC HIỆN\nSở Y tế báo cáo.\nTV. KINH PHÍ THỰC HIỆN\nNgân sách tỉnh.",
     ["I", "II", "II.1", "III", "IV"]),
    ("OCR: a heading's dot read as a comma, with a stroke lost, and the next one read one stroke short",
     "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao.\nI, NHIỆM VỤ VÀ GIẢI PHÁP\n1. Sở Nội vụ rà soát.\n"
     "II. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế báo cáo.\nIV. KINH PHÍ THỰC HIỆN\nNgân sách tỉnh.",
     ["I", "II", "II.1", "III", "III.1", "IV"]),
    ("a comma after a Roman numeral in a text layer is no part",
     "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao.\nI, NHIỆM VỤ VÀ GIẢI PHÁP\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Y tế báo cáo.",
     ["I", "II", "II.1"]),
    ("OCR: I read as T",
     "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao.\nTI. NHIỆM VỤ VÀ PHÂN CÔNG.\n1. Sở Nội vụ rà soát.",
     ["I", "II", "II.1"]),
    ("a Roman numeral starting a sentence is no part",
     "I. MỤC ĐÍCH, YÊU CẦU\nII Nâng cao chất lượng.\nII. NHIỆM VỤ\n1. Sở Nội vụ.",
     ["I", "II", "II.1"]),
    ("OCR: a speck before a number label",
     "1. Các Sở:\n- Một;\n- Hai.\n_ 2. Sở Thông tin và Truyền thông:\n- Ba.",
     ["1", "1.b1", "1.b2", "2", "2.b1"]),
    ("OCR: đ read as d, g read as ø",
     "1. Các Sở:\na) Một.\nb) Hai.\nc) Ba.\nd) Bốn.\nd) Năm.\ne) Sáu.\nø) Bảy.",
     ["1", "1.a", "1.b", "1.c", "1.d", "1.đ", "1.e", "1.g"]),
]


@pytest.mark.parametrize("name, text, expected", CASES, ids=[c[0] for c in CASES])
def test_labels(name, text, expected):
    assert labels(text, ocr=name.startswith("OCR:")) == expected     # OCR cases read as OCR text


# Kinds of outline the real corpus prints (tests/gold/real/dev), one case per document.
KIND_CASES = [
    ("a numeral printed twice gets a prime (62f25a030c183151)",
     "I. MỤC ĐÍCH\nHỗ trợ kịp thời.\nII. NGUYÊN TẮC\nĐúng đối tượng.\nIII. TỔ CHỨC CẤP PHÁT\n1. Cấp phát.\nIV. KINH PHÍ - NGUỒN HUY ĐỘNG\n1. Ngân sách tỉnh.\n"
     "IV. PHÂN CÔNG NHIỆM VỤ\n1. Sở Công Thương:\n- Chủ trì điều phối.\n2. Sở Y tế.",
     ["I", "II", "III", "III.1", "IV", "IV.1", "IV'", "IV'.1", "IV'.1.b1", "IV'.2"]),
    ("a numeral printed twice, then the next one (24c7124ec6b2bf61)",
     "I. MỤC ĐÍCH\nNâng cao.\nII. NỘI DUNG\n1. Rà soát.\nIII. LỘ TRÌNH\nNăm 2026.\n"
     "IV. PHÂN CÔNG NHIỆM VỤ\n1. Sở Nội vụ.\nIV. TỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành.\nV. KINH PHÍ\n1. Ngân sách.",
     ["I", "II", "II.1", "III", "IV", "IV.1", "IV'", "IV'.1", "V", "V.1"]),
    ("a plan printed inside Điều 1 of a quyết định (ec00bd6f58be7864)",
     "Điều 1. Phê duyệt Đề án chuyển đổi số.\nI. QUAN ĐIỂM\n1. Chuyển đổi số là đòn bẩy.\nII. MỤC TIÊU\nThúc đẩy chuyển đổi số.\n"
     "III. NHIỆM VỤ, GIẢI PHÁP\n1. Hoàn thiện thể chế\na) Rà soát toàn diện.\n"
     "Điều 2. Quyết định này có hiệu lực.",
     ["Điều 1", "Điều 1.I", "Điều 1.I.1", "Điều 1.II", "Điều 1.III", "Điều 1.III.1", "Điều 1.III.1.a", "Điều 2"]),
    ("a skipped đ keeps the printed letter (541cde0f8d5ffef3; DECISIONS A5)",
     "1. Các sở, ban, ngành:\na) Rà soát.\nb) Công khai.\nc) Số hóa.\nd) Tiếp tục chuẩn hóa.\ne) Tăng cường hiệu quả.\n"
     "g) Nâng cao chất lượng.",
     ["1", "1.a", "1.b", "1.c", "1.d", "1.e", "1.g"]),
    ("an answer after 'Về kiến nghị …:' is no closing, items follow (826ed569ec2ddaa1)",
     "I. VỀ MỘT SỐ KIẾN NGHỊ CỦA TỈNH\n1. Về kiến nghị đầu tư xây dựng tuyến cao tốc:\n"
     "Đề nghị Ủy ban nhân dân tỉnh Đắk Lắk chủ trì, phối hợp với Bộ Xây dựng.\n"
     "2. Về kiến nghị bổ sung nguồn ngân sách:\nGiao Bộ Tài chính nghiên cứu.",
     ["I", "I.1", "I.2"]),
    ("chapters of a regulation give no label and no text (322358d6040a153b)",
     "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi và đối tượng áp dụng\n1. Quy chế này quy định.\n"
     "Chương II\nTRÁCH NHIỆM CỦA BAN CHỈ ĐẠO\nĐiều 2. Trách nhiệm của Ban Chỉ đạo\n1. Giúp Thủ tướng.",
     ["Điều 1", "Điều 1.1", "Điều 2", "Điều 2.1"]),
    ("parenthesised numerals under a numbered conclusion (75a0867a09525909; DECISIONS D31)",
     "1. Ghi nhận, đánh giá cao sự nỗ lực của Bộ Y tế.\n2. Để đảm bảo tiến độ, yêu cầu các bộ thực hiện một số nội dung "
     "trọng tâm như sau:\n(1) Bộ Y tế chỉ đạo Ban Quản lý dự án hoàn thành.\n- Chỉ đạo Ban Quản lý dự án mua sắm.\n"
     "- Chủ trì, phối hợp với Bộ Tài chính hoàn thiện hồ sơ.\n(2) Bộ Công an tiếp tục hướng dẫn.\n"
     "(3) Bộ Xây dựng chỉ đạo các cơ quan liên quan.",
     ["1", "2", "2.1", "2.1.b1", "2.1.b2", "2.2", "2.3"]),
    ("parenthesised numerals restart under the next number (05729ab54fc07c39)",
     "1. Việc hợp nhất 03 Chương trình có ý nghĩa quan trọng.\n2. Về những nội dung còn có ý kiến khác nhau:\n(1) Về việc phê duyệt Chương trình: các Bộ thống nhất.\n"
     "(2) Về triển khai Chương trình: Bộ Dân tộc và Tôn giáo hướng dẫn.\n3. Trong thời gian tới, yêu cầu:\n"
     "(1) Giao Bộ Nông nghiệp và Môi trường chủ trì.\n(2) Đề nghị Ủy ban Kinh tế và Tài chính của Quốc hội thẩm tra.",
     ["1", "2", "2.1", "2.2", "3", "3.1", "3.2"]),
    ("a parenthesised numeral inside a sentence or out of sequence is no item (9124b25553a6c642)",
     "1. Sở Tài chính cấp kinh phí quỹ tiền lương, gồm:\n(2) Quỹ lương của số biên chế được duyệt.\n"
     "Kinh phí quỹ lương, gồm: (1) Quỹ lương của số biên chế thực có mặt.",
     ["1"]),
    ("Roman parts printed in sentence case (6bac4a0d92da936d)",
     "I. Trách nhiệm phối hợp trong công tác thẩm định chủ trương đầu tư dự án\n1. Sở Tài chính chủ trì thẩm định.\n"
     "2. Các sở, ngành có ý kiến.\nII. Trách nhiệm phối hợp giải quyết thủ tục đầu tư và quản lý dự án\n"
     "1. Sở Tài chính hướng dẫn.\nIII. Tổ chức thực hiện\n1. Các sở, ngành triển khai.",
     ["I", "I.1", "I.2", "II", "II.1", "III", "III.1"]),
    ("Roman parts in sentence case, numbers restarting under each (a6fb1f372de14a1e, c257b50e82ec95ef)",
     "I. Đối với tiêu chí chính\n1. Dân số.\n2. Diện tích.\nII. Tiêu chí bổ sung\n1. Số trường công lập.\n"
     "III. Cách tính điểm và phân bổ vốn đầu tư phân cấp cho các xã, phường\n1. Điểm của xã.",
     ["I", "I.1", "I.2", "II", "II.1", "III", "III.1"]),
    ("a sentence after a Roman numeral, or a numeral out of sequence, is no part",
     "1. Sở Nội vụ:\nII. Tiếp tục rà soát, sắp xếp.\nI. Rà soát, kiện toàn tổ chức; bảo đảm hiệu quả hoạt động.\n2. Sở Y tế.",
     ["1", "2"]),
    ("chapters of a regulation attached to a quyết định (1a434d0a7e14dc93)",
     "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy định này quy định.\n"
     "Chương II\nTIÊU CHÍ, THANG ĐIỂM VÀ PHƯƠNG PHÁP ĐÁNH GIÁ, XẾP LOẠI\nĐiều 2. Tiêu chí\n1. Lãnh đạo.",
     ["Điều 1", "Điều 2", "Điều 2.1"]),
]


@pytest.mark.parametrize("name, text, expected", KIND_CASES, ids=[c[0] for c in KIND_CASES])
def test_labels_of_real_kinds(name, text, expected):
    assert labels(text) == expected


def test_chapter_heading_is_no_item_text():
    tree = tree_of("Điều 1. Phạm vi\nQuy chế này quy định.\nChương II\nTRÁCH NHIỆM\nĐiều 2. Trách nhiệm\n1. Giúp.")
    assert tree.items[0].text == "Phạm vi Quy chế này quy định."


def test_item_text_and_continuation():
    tree = tree_of("Chủ tịch UBND tỉnh có ý kiến như sau:\n1. Các Sở:\na) Tiếp tục triển khai nhiệm vụ của Ủy\n"
                   "\nban nhân dân tỉnh về cải cách.\nb) Báo cáo.\nYêu cầu Thủ trưởng các cơ quan thực hiện nghiêm./.")
    items = {it.label: it for it in tree.walk()}
    assert items["1.a"].text == "Tiếp tục triển khai nhiệm vụ của Ủy ban nhân dân tỉnh về cải cách."
    assert [p.text for p in tree.preamble] == ["Chủ tịch UBND tỉnh có ý kiến như sau:"]
    assert [p.text[:8] for p in tree.epilogue] == ["Yêu cầu "]
    assert items["1.b"].text == "Báo cáo."


def test_preamble_lists_are_not_items():
    tree = tree_of("Căn cứ các văn bản sau:\n- Nghị định số 61/2018/NĐ-CP;\n- Nghị định số 107/2021/NĐ-CP.\n"
                   "1. Sở Nội vụ:\n- Rà soát.")
    assert [it.label for it in tree.walk()] == ["1", "1.b1"]
    assert len(tree.preamble) == 3


def _appendix(lines: str, title: str) -> Appendix:
    pieces = pieces_of(document(title + "\n" + lines))
    return Appendix(Block(pieces[:1]), pieces[1:])


TASK_TABLE = """STT NỘI DUNG NHIỆM VỤ
1 Nhóm “Công khai, minh bạch” (trách nhiệm thực hiện của các sở, ngành)
1.1 Hằng ngày phải kiểm tra, theo dõi các TTHC được công bố trên Cổng Dịch vụ công quốc gia để kịp
thời tham mưu công bố.
1.2 Cập nhật, công khai tất cả TTHC đã được công bố trên Cơ sở dữ liệu quốc gia.
STT NỘI DUNG NHIỆM VỤ
2 Nhóm “Tiến độ giải quyết” (trách nhiệm của UBND cấp huyện)
2.1 Thực hiện tiếp nhận, xử lý hồ sơ trên Hệ thống thông tin giải quyết TTHC của tỉnh theo quy
STT NỘI DUNG NHIỆM VỤ
trình điện tử đã được thiết lập.
30 ngày làm việc là thời hạn tối đa.
2.2 Rà soát các hồ sơ trễ hạn."""

STATS_TABLE = """STT Đơn vị Số hồ sơ trễ hạn
1 UBND huyện Mỹ Tú 1.070 35
2 UBND huyện Mỹ Xuyên 768 26
3 Sở Nội vụ 38 0"""


def test_appendix_rows():
    app = _appendix(TASK_TABLE, "DANH MỤC NHIỆM VỤ")
    rows = parse_rows(app)
    assert [r.number for r in rows] == ["1", "2"]
    assert [c.number for c in rows[0].children] == ["1.1", "1.2"]
    assert [c.number for c in rows[1].children] == ["2.1", "2.2"]
    row = rows[1].children[0]
    assert row.text.endswith("theo quy trình điện tử đã được thiết lập. 30 ngày làm việc là thời hạn tối đa.")
    assert is_task_table(app, rows)


def test_statistics_table_holds_no_tasks():
    app = _appendix(STATS_TABLE, "THỐNG KÊ SỐ LƯỢNG HỒ SƠ TRỄ HẠN")
    rows = parse_rows(app)
    assert [r.number for r in rows] == ["1", "2", "3"]
    assert not is_task_table(app, rows)
    untitled = Appendix(None, app.pieces)
    assert not is_task_table(untitled, parse_rows(untitled))


def _scanned_table(rows: list[tuple[str | None, list[str]]], pitch: float = 58.0, row_gap: float = 82.0):
    """Appendix pieces as OCR gives them: a number cell (maybe garbled, maybe lost) at the
    left, cell lines at the content column, a wider gap between rows than between lines."""
    lines, boxes, top = [], [], 300.0
    for number, cell in rows:
        if number is not None:
            lines.append(number)
            boxes.append((382.0, top + 3, 440.0, top + 37))
        for i, text in enumerate(cell):
            lines.append(text)
            boxes.append((585.0, top, 2270.0, top + 47))
            top += pitch
        top += row_gap - pitch
    doc = document("\n".join(lines), method="ocr", boxes=[boxes])
    for page in doc.pages:
        page.width = 2481.0
    pieces = pieces_of(doc)
    return Appendix(Block([]), pieces)


def test_scanned_table_rows_from_geometry():
    app = _scanned_table([
        ("1", ["Nhóm “Công khai” (trách nhiệm thực hiện của các sở, ngành)"]),
        ("TT", ["Hằng ngày phải kiểm tra các TTHC được công bố trên Cổng Dịch vụ công quốc",
                "gia để kịp thời tham mưu công bố."]),
        ("1C", ["Cập nhật, công khai tất cả TTHC đã được công bố."]),
        (None, ["Thực hiện việc cập nhật 100% hồ sơ TTHC được tiếp nhận trên Hệ thống",
                "thông tin giải quyết TTHC của tỉnh."]),
        (None, ["Nhóm “Tiến độ” ni nhiệm thực hiện của UBND cấp huyện)"]),
        ("S.l", ["Thực hiện tiếp nhận hồ sơ đúng quy trình."]),
        ("9.2", ["Rà soát các hồ sơ trễ hạn."]),
    ])
    rows = parse_rows(app)
    assert [(r.number, [c.number for c in r.children]) for r in rows] == [
        ("1", ["1.1", "1.2", "1.3"]), ("2", ["2.1", "2.2"])]
    assert rows[0].children[0].text.endswith("gia để kịp thời tham mưu công bố.")
    assert rows[0].children[2].text.startswith("Thực hiện việc cập nhật 100%")


# Attribute lines a plan prints under each item (CONVENTIONS §7): the item's own text, by role.
ATTRIBUTE_CASES = [
    ("86367f2ddb2225cd",
     "1. Tổ chức tuyên truyền, phổ biến pháp luật\n- Cơ quan thực hiện: Bộ Công an, Bộ Tư pháp.\n"
     "- Cơ quan phối hợp: các bộ, cơ quan ngang bộ.\n- Thời gian thực hiện: năm 2025 và các năm tiếp theo.\n"
     "2. Tổ chức tập huấn chuyên sâu\n- Cơ quan chủ trì: Bộ Công an.",
     {"1": {"lead": "Bộ Công an, Bộ Tư pháp.", "coordinate": "các bộ, cơ quan ngang bộ.",
            "time": "năm 2025 và các năm tiếp theo."}, "2": {"lead": "Bộ Công an."}}),
    ("31fb08f34535fce3: the value printed as + items under the attribute",
     "a) Tổ chức các hoạt động truyền thông.\n- Cơ quan thực hiện:\n+ Sở Văn hóa và Thể thao chủ trì.\n"
     "b) Triển khai mô hình.\n- Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với các sở.",
     {"a": {"lead": "+ Sở Văn hóa và Thể thao chủ trì."}, "b": {"lead": "Sở Y tế chủ trì, phối hợp với các sở."}}),
    ("86367f2ddb2225cd: + attributes under a dash item",
     "1. Xây dựng Nghị định\n- Nghị định quy định chi tiết.\n+ Cơ quan chủ trì: Bộ Công an.\n"
     "+ Thời hạn ban hành: trước ngày 01 tháng 01 năm 2026.",
     {"1": {}, "1.b1": {"lead": "Bộ Công an.", "time": "trước ngày 01 tháng 01 năm 2026."}}),
]


@pytest.mark.parametrize("name, text, expected", ATTRIBUTE_CASES, ids=[c[0] for c in ATTRIBUTE_CASES])
def test_item_attributes(name, text, expected):
    tree = tree_of(text)
    assert {it.label: it.attributes for it in tree.walk()} == expected


@pytest.mark.parametrize("title, excluded", [
    ("Phạm vi và đối tượng áp dụng", True), ("Nguyên tắc làm việc", True),                     # 322358d6 Điều 1, 2
    ("Các hình thức làm việc của Ban Chỉ đạo", True),                                          # 322358d6 Điều 3
    ("Trách nhiệm của Ban Chỉ đạo", False),                                                    # 322358d6 Điều 4
])
def test_articles_of_a_regulation_that_hold_no_task(title, excluded):
    from extract.directive.sections import excluded_part
    tree = tree_of(f"Điều 1. {title}\n1. Ban Chỉ đạo làm việc theo nguyên tắc tập trung dân chủ.")
    assert excluded_part(tree.items[0].children[0]) is excluded


# An article that states the decision's own act is no task (sections.json own_act_openings, DECISIONS D1/D30);
# an article that gives a body work is. -> the labels of the articles that are tasks' ground.
@pytest.mark.parametrize("first_article, kept", [
    ("Ban hành kèm theo Quyết định này Kế hoạch triển khai Quyết định số 06/QĐ-TTg.", []),       # 001c610b2efdcf0c
    ("Công bố kèm theo Quyết định này Danh mục 16 thủ tục hành chính mới ban hành.", []),       # 04e4130eb91f3242
    ("Bãi bỏ Quyết định số 636/QĐ-UBND ngày 17/3/2025 của UBND tỉnh Quảng Nam.", []),          # 14d45619867d65a2
    ("Phê duyệt kèm theo Quyết định này danh mục gồm 13 thủ tục hành chính.", []),              # 2e037ff2daea1c76
    ("Thông qua phương án đơn giản hóa 05 thủ tục hành chính.", []),                             # 24ac05c2c7c4518e
    ("Giao Sở Tài chính chủ trì triển khai Kế hoạch ban hành kèm theo Quyết định này.", ["Điều 1"]),
    ("Sở Nội vụ công bố kèm theo văn bản này danh sách thủ tục.", ["Điều 1"]),
])
def test_an_article_stating_the_decisions_own_act_is_no_task(first_article, kept):
    from extract.directive.sections import excluded_part
    tree = tree_of(f"Điều 1. {first_article}\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    assert [it.label for it in tree.walk() if not it.children and not excluded_part(it)] == kept


# A part whose title joins a non-task topic with others: its numbered sub-parts decide by their own
# titles (sections.json task_topics). -> the labels of the items that are tasks' ground (not excluded).
@pytest.mark.parametrize("text, kept", [
    ("II. ĐỐI TƯỢNG VÀ THỜI GIAN THI ĐUA\n1. Đối tượng thi đua\na) Tập thể\n- Ủy ban nhân dân xã, phường;\n"
     "2. Thời gian thi đua\na) Đợt 01: từ ngày 20/11/2025 đến ngày 03/12/2025;\nb) Kiểm tra trước ngày 31/12/2025.",
     ["II.2.a", "II.2.b"]),                                                                   # 3a2db039af8c2d05
    ("II. ĐỐI TƯỢNG, NỘI DUNG THI ĐUA\n1. Đối tượng\nCác tập thể, cá nhân.\n2. Nội dung thi đua\n"
     "a) Thi đua thực hiện thành công cuộc bầu cử.\n3. Thời gian tổ chức phong trào thi đua: từ tháng 10 năm 2025 "
     "đến hết tháng 3 năm 2026.", ["II.2.a", "II.3"]),                                       # 2957e4f4f0e41373
    ("II. NGUYÊN TẮC\nĐúng đối tượng.\nIII. PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ\n1. Phạm vi: toàn tỉnh.\n2. Nhu cầu hỗ trợ cấp bách\n"
     "- Lương thực.\n3. Phương án tổ chức cấp phát\n- Cấp phát trong 0-48 giờ.", ["III.3.b1"]),   # 62f25a030c183151
    ("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNâng cao.\n2. Yêu cầu\nBảo đảm thiết thực.", []),
    ("II. ĐỐI TƯỢNG\nTập thể.\nIII. ĐỐI TƯỢNG, NGUYÊN TẮC, HÌNH THỨC KHEN THƯỞNG\n1. Đối tượng\nTập thể.\n2. Hình thức khen thưởng\n"
     "a) Bằng khen.", []),                                                                    # 2957e4f4f0e41373 III
])
def test_mixed_part_titles_let_their_sub_parts_decide(text, kept):
    from extract.directive.sections import excluded_part
    tree = tree_of(text if text.startswith("I.") else "I. MỤC ĐÍCH\nNâng cao.\n" + text)
    assert [it.label for it in tree.walk() if not it.children and not excluded_part(it)] == kept

def test_an_answer_is_its_item_text_not_a_closing():                                        # 826ed569ec2ddaa1
    tree = tree_of("1. Về kiến nghị đầu tư xây dựng tuyến cao tốc:\n\nĐề nghị Ủy ban nhân dân tỉnh Đắk Lắk chủ trì.\n\n"
                   "2. Về kiến nghị bổ sung nguồn ngân sách:\n\nGiao Bộ Tài chính nghiên cứu.")
    assert [it.text for it in tree.items][0].endswith("Đề nghị Ủy ban nhân dân tỉnh Đắk Lắk chủ trì.")
    assert not tree.epilogue


@pytest.mark.parametrize("text, closing", [
    # the issuer's closing paragraph after the last item: not a task of that item
    ("Văn phòng Chính phủ thông báo để các cơ quan, đơn vị liên quan biết, thực hiện./.", True),
    ("Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh, thành phố triển khai thực hiện./.", True),
    ("Bộ Tài chính trân trọng đề nghị UBND các tỉnh quan tâm, chỉ đạo thực hiện./.", True),
    # items, not closings
    ("Sở Y tế đề nghị bổ sung kinh phí cho chương trình", False),
    ("Giao Sở Y tế thực hiện.", False),
])
def test_issuer_closing_paragraph(text, closing):
    from extract.directive.sections import _issuer_closing
    assert _issuer_closing(text) is closing


def test_issuer_closing_printed_over_two_lines():                        # 50f694478a35aefd, 826ed569 as PDF lines
    tree = tree_of("1. Sở Y tế báo cáo kết quả.\nVăn phòng Chính phủ xin thông báo để các bộ, ngành, địa phương và "
                   "các cơ quan,\nđơn vị liên quan biết, thực hiện./.")
    assert [it.text for it in tree.walk()] == ["Sở Y tế báo cáo kết quả."]
    assert tree.epilogue[0].text.startswith("Văn phòng Chính phủ xin thông báo")
