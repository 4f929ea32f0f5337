"""Text copied from legal portals (extract/load/portal.py): each row is a piece of portal text as the
real corpus prints it (tests/corpus/real, the forms seen there) and the lines a reader sees."""
import pytest

from extract.load.portal import is_portal_text, read_portal


def lines(text: str) -> list[str]:
    return [t for t, _ in read_portal(text).lines]


HEADER_TABLE = """|
**ỦY BAN NHÂN
DÂN **
THÀNH PHỐ HỒ CHÍ MINH
--------
|
**CỘNG HÒA XÃ
HỘI CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số:
2820/QĐ-UBND
|
*Thành phố Hồ
Chí Minh, ngày 19 tháng 11 năm 2025*
|


**QUYẾT ĐỊNH**

BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ
06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025

*Căn cứ Luật Tổ chức chính
quyền địa phương số 72/2025/QH15;*
"""

CONG_VAN_TABLE = """|
BỘ TÀI CHÍNH
**CỤC THUẾ**
-------
|
**CỘNG HÒA XÃ HỘI
CHỦ NGHĨA VIỆT NAM**
Độc lập - Tự do - Hạnh phúc
---------------
|
|
Số: 5615/CT-CS
*V/v Mẫu tờ khai liên quan đến thực hiện Nghị
quyết số 98/2023/QH15*
|
*Hà Nội, ngày 28
tháng 11 năm 2025*
|
|
**Kính gửi:**
|
Chủ tịch Ủy ban nhân dân các tỉnh: Hưng Yên, Ninh
Bình, Bắc Ninh.
|
Cục Thuế nhận được Công văn số 3374/CCTKV02-NVDTPC
ngày 30/6/2025 của Chi cục Thuế khu vực II.
"""

CLOSING_TABLE = """Quyết định này có hiệu lực kể từ ngày ký./.
|
*Nơi nhận:*
- Như Điều 3;
- VPCP: BTCN, Trợ lý TTgCP, các Vụ: PL,
TCCV, KTTH;
- Lưu: VT, (TH/MT).
|
**TM. ỦY BAN
NHÂN DÂN **
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
**Trần
Báu Hà**
|
"""

DENSE_PROSE = """**QUYẾT ĐỊNH**
VỀ
VIỆC CHUYỂN TRƯỜNG ĐẠI HỌC CÔNG NGHIỆP HÀ NỘI
**THỦ TƯỚNG CHÍNH PHỦ**
*Căn cứ Luật Tổ chức
Chính phủ ngày 18 tháng 02 năm 2025;*
Cục Thuế có ý kiến như sau:
- Khoản 1 Điều 8 Nghị quyết số
98/2023/QH15 có quy định:
“Điều 8. Về quản lý khoa học và công nghệ, đổi mới
sáng tạo
1. Việc hỗ trợ hoạt động đổi mới sáng tạo và khởi
nghiệp được quy định như sau:
"""

GLUED_ROWS = """CHÍNH PHỦ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc--------------- |
Số: 16/2025/NĐ-CP |
|

**NGHỊ ĐỊNH**
"""

MARKDOWN_TABLE = """**KẾ HOẠCH**

| TT | Nhiệm vụ | Chủ trì | Thời gian |
|---|---|---|---|
| 1 | Rà soát quy trình nội bộ | Sở Nội vụ | Quý IV/2025 |
"""

HTML_TABLE = """<table><tr><td>STT</td><td>Nhiệm vụ</td><td>Chủ trì</td></tr>
<tr><td>1</td><td>Số hóa hồ sơ<br>đã tiếp nhận</td><td>Sở Tư pháp</td></tr></table>
"""

DATA_TABLE = """Phân công như sau:
|
**TT**
|
**Nhiệm vụ**
|
**Cơ quan chủ trì**
|
|
1
|
Rà soát toàn diện các luật, nghị định, thông tư
có liên quan
|
Bộ Xây dựng
|
|
2
|
|
Sở Tư pháp
|
|
3
|
Đề xuất sửa đổi các quy định
|
Bộ Tư pháp
|
"""

CASES = [
    ("header table: cells rejoined, emphasis removed, read cell by cell", HEADER_TABLE,
     ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "--------", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "---------------", "", "Số: 2820/QĐ-UBND", "",
      "Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025", "", "QUYẾT ĐỊNH", "",
      "BAN HÀNH KẾ HOẠCH TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025", "",
      "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;"]),
    ("công văn: governing body over the issuer, V/v under the number, Kính gửi row", CONG_VAN_TABLE,
     ["BỘ TÀI CHÍNH", "CỤC THUẾ", "-------", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc", "---------------", "", "Số: 5615/CT-CS",
      "V/v Mẫu tờ khai liên quan đến thực hiện Nghị quyết số 98/2023/QH15", "",
      "Hà Nội, ngày 28 tháng 11 năm 2025", "", "Kính gửi:", "",
      "Chủ tịch Ủy ban nhân dân các tỉnh: Hưng Yên, Ninh Bình, Bắc Ninh.", "",
      "Cục Thuế nhận được Công văn số 3374/CCTKV02-NVDTPC ngày 30/6/2025 của Chi cục Thuế khu vực II."]),
    ("closing table: Nơi nhận entries, stacked authority, wrapped name", CLOSING_TABLE,
     ["Quyết định này có hiệu lực kể từ ngày ký./.", "", "Nơi nhận:", "- Như Điều 3;",
      "- VPCP: BTCN, Trợ lý TTgCP, các Vụ: PL, TCCV, KTTH;", "- Lưu: VT, (TH/MT).", "",
      "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Báu Hà"]),
    ("paragraphs not separated by blank lines", DENSE_PROSE,
     ["QUYẾT ĐỊNH", "", "VỀ VIỆC CHUYỂN TRƯỜNG ĐẠI HỌC CÔNG NGHIỆP HÀ NỘI", "", "THỦ TƯỚNG CHÍNH PHỦ", "",
      "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;", "", "Cục Thuế có ý kiến như sau:", "",
      "- Khoản 1 Điều 8 Nghị quyết số 98/2023/QH15 có quy định:", "",
      "“Điều 8. Về quản lý khoa học và công nghệ, đổi mới sáng tạo", "",
      "1. Việc hỗ trợ hoạt động đổi mới sáng tạo và khởi nghiệp được quy định như sau:"]),
    ("Markdown rows whose cells lost their line breaks", GLUED_ROWS,
     ["CHÍNH PHỦ", "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
      "Số: 16/2025/NĐ-CP", "", "NGHỊ ĐỊNH"]),
    ("Markdown table: one tab-separated line per row", MARKDOWN_TABLE,
     ["KẾ HOẠCH", "", "TT\tNhiệm vụ\tChủ trì\tThời gian", "1\tRà soát quy trình nội bộ\tSở Nội vụ\tQuý IV/2025"]),
    ("HTML table: one tab-separated line per row", HTML_TABLE,
     ["STT\tNhiệm vụ\tChủ trì", "1\tSố hóa hồ sơ đã tiếp nhận\tSở Tư pháp"]),
    ("flattened data table: rows rebuilt, an empty cell kept in place", DATA_TABLE,
     ["Phân công như sau:", "", "TT\tNhiệm vụ\tCơ quan chủ trì",
      "1\tRà soát toàn diện các luật, nghị định, thông tư có liên quan\tBộ Xây dựng",
      "2\t\tSở Tư pháp", "3\tĐề xuất sửa đổi các quy định\tBộ Tư pháp"]),
]


@pytest.mark.parametrize("text, expected", [
    # a thông báo kết luận's '(1)', '(2)' items start their own lines (75a0867a09525909, 05729ab54fc07c39)
    ("|\n|\n**Số hiệu:**\n|\n637/TB-VPCP\n|\nPhó Thủ tướng kết luận, lưu ý một số nội dung\ntrọng tâm như sau:\n"
     "(1) Bộ Y tế chỉ đạo Ban Quản lý dự án, các đơn vị\nliên quan phối hợp chặt chẽ.\n(2) Đồng chí Bộ trưởng Bộ Y tế\n"
     "tiếp tục bám sát tình hình.",
     ["Phó Thủ tướng kết luận, lưu ý một số nội dung trọng tâm như sau:",
      "(1) Bộ Y tế chỉ đạo Ban Quản lý dự án, các đơn vị liên quan phối hợp chặt chẽ.",
      "(2) Đồng chí Bộ trưởng Bộ Y tế tiếp tục bám sát tình hình."]),
])
def test_parenthesised_numerals_start_lines(text, expected):
    assert [line for line in lines(text) if line] [-3:] == expected


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_portal_text_reads_as_the_page_shows_it(text, expected):
    assert lines(text) == expected


@pytest.mark.parametrize("text", [HEADER_TABLE, CONG_VAN_TABLE, CLOSING_TABLE, GLUED_ROWS, MARKDOWN_TABLE, HTML_TABLE,
                                  DATA_TABLE], ids=["header", "công văn", "closing", "glued rows", "markdown", "html",
                                                    "data table"])
def test_tables_and_chrome_mark_portal_text(text):
    assert is_portal_text(text)


CHROME = """|
|
Bản dịch này thuộc quyền sở hữu của **
THƯ VIỆN PHÁP LUẬT**. Mọi hành vi sao chép, đăng tải lại mà không có sự đồng ý của **
THƯ VIỆN PHÁP LUẬT** là vi phạm pháp luật về Sở hữu trí tuệ.
Đang tải văn bản...
#
**Số hiệu:**
|
2536/QĐ-TTg
|
|
**Loại văn bản:**
|
Quyết định
|
**Người ký:**
|
Lê Thành Long
|
**Ngày ban hành:**
|
20/11/2025
|
|
**Tình trạng:**
|
Đã biết
|
|
|
**THỦ TƯỚNG CHÍNH
PHỦ**
-------
|
**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**
|
**Điều 6.** Bộ trưởng chịu trách nhiệm thi hành Quyết định này./.
|
**KT. THỦ TƯỚNG**
PHÓ THỦ TƯỚNG
Lê Thành Long
|
Quyết định 2536/QĐ-TTg năm 2025 chuyển Trường Đại học Công nghiệp Hà Nội do Thủ tướng Chính phủ ban hành
Văn bản này chưa cập nhật nội dung Tiếng Anh
Quyết định 2536/QĐ-TTg ngày 20/11/2025 chuyển Trường Đại học Công nghiệp Hà Nội
## Văn bản liên quan
Ban hành:
TP. HCM, ngày 31/05/2021
**Kính gửi:** Quý Thành viên,
"""


def test_chrome_is_dropped_and_its_metadata_kept_apart():
    portal = read_portal(CHROME)
    text = "\n".join(t for t, _ in portal.lines)
    assert portal.metadata == {"number": "2536/QĐ-TTg", "type": "Quyết định", "signer": "Lê Thành Long",
                               "date": "20/11/2025", "status": "Đã biết"}
    for chrome in ("THƯ VIỆN PHÁP LUẬT", "Số hiệu", "Đang tải", "Văn bản liên quan", "chưa cập nhật",
                   "Quý Thành viên", "do Thủ tướng Chính phủ ban hành"):
        assert chrome not in text
    assert text.startswith("THỦ TƯỚNG CHÍNH PHỦ")
    assert text.endswith("KT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nLê Thành Long")


def test_each_line_keeps_the_number_of_the_source_line_it_starts_on():
    numbered = dict((t, n) for t, n in read_portal(HEADER_TABLE).lines if t)
    source = HEADER_TABLE.split("\n")
    assert source[numbered["Số: 2820/QĐ-UBND"] - 1] == "Số:"
    assert source[numbered["Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025"] - 1] == "*Thành phố Hồ"


@pytest.mark.parametrize("text", [
    "ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSố: 4560/UBND-PVHCC\n\nNội dung công văn.\n",
    "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH KHÁNH HÒA Độc lập - Tự do - Hạnh phúc\n",
], ids=["plain text", "lines as a PDF prints them"])
def test_text_that_is_not_from_a_portal_is_left_to_the_line_reader(text):
    """(Paragraphs wrapped at a width alone do not make portal text: a PDF's lines are wrapped too.)"""
    assert not is_portal_text(text)


# --------------------------------------------------------------------------- plans' tables flattened into '|' lines
# A pipe opens a row and closes each cell; a row whose number and other cells span it (HTML rowspan)
# prints fewer cells. Pieces of real tables (tests/corpus/real), shortened.

ROWSPAN_ROW = """|
**TT**
|
**Nhiệm vụ**
|
**Cơ quan chủ trì**
|
**Cơ quan phối hợp**
|
**Thời gian**
|
**Kết quả**
|
|
2
|
Quản lý, vận hành Hệ thống
thông tin và cơ sở dữ liệu quốc gia về quy hoạch đảm bảo hoạt động thông suốt,
liên tục 24/7.
|
Sở Tài chính
|
Các sở, ngành, UBND xã, phường, đặc khu
|
Quý IV/2026
|
|
Thực hiện sao lưu dữ liệu
và đảm bảo có khả năng phục hồi hệ thống sau sự cố.
|
Sở Khoa học và Công nghệ
|
Sở Tài chính
|
|
3
|
Cập nhật, chia sẻ và đồng
bộ dữ liệu về Trung tâm dữ liệu quốc gia.
|
Sở Tài chính
|
Các sở, ngành, UBND xã, phường, đặc khu
|
Quý IV/2026
|
Cơ sở dữ liệu được chia sẻ
|
"""

EMPTY_LAST_CELLS = """|
**TT**
|
**Nhiệm vụ**
|
**Chủ trì**
|
**Thời gian**
|
**Kết quả**
|
**Kinh phí**
|
|
1
|
Tuyên truyền, nâng cao nhận
thức về xây dựng và quản lý Hệ thống.
|
Sở Khoa học và Công nghệ
|
Hằng năm.
|
|
|
|
2
|
Tổng hợp kế hoạch thực hiện Đề án.
|
Sở Tài chính
|
Hằng năm.
|
"""

NUMBERED_UNDER_GROUP = """|
**TT**
|
**Nhiệm vụ**
|
**Chủ trì**
|
**Phối hợp**
|
|
**III.1**
|
**Nhóm ứng dụng, nền tảng số quy mô quốc gia**
|
|
*III.1.1*
|
*Nhóm các nền tảng số giải quyết thủ tục
hành chính và tương tác với người dân, doanh nghiệp*
|
|
1
|
Triển khai Cổng Dịch vụ công quốc gia.
|
Bộ Công an
|
Các bộ, ngành, địa phương
|
"""

HEADING_BETWEEN_TABLES = """|
**STT**
|
**Tên TTHC**
|
**Quy trình**
|
|
3
|
Đăng ký thông tin kết quả nghiên cứu khoa học.
Mã TTHC: 1.014461.H35
|
|
**B. THỦ TỤC HÀNH CHÍNH SỬA ĐỔI, BỔ SUNG**
|
**STT**
|
**Tên TTHC**
|
**Quy trình nội bộ giải
quyết TTHC**
|
|
1
|
Thay đổi, bổ sung, cấp giấy chứng nhận.
|
"""


@pytest.mark.parametrize("text, expected", [
    (ROWSPAN_ROW, [       # 001c610b (also 2edf5927, 4672020d, 9b7eebad, c9372820 …): the row under '2' spans it
        "TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian\tKết quả",
        "2\tQuản lý, vận hành Hệ thống thông tin và cơ sở dữ liệu quốc gia về quy hoạch đảm bảo hoạt động "
        "thông suốt, liên tục 24/7.\tSở Tài chính\tCác sở, ngành, UBND xã, phường, đặc khu\tQuý IV/2026",
        "Thực hiện sao lưu dữ liệu và đảm bảo có khả năng phục hồi hệ thống sau sự cố.\tSở Khoa học và Công nghệ"
        "\tSở Tài chính",
        "3\tCập nhật, chia sẻ và đồng bộ dữ liệu về Trung tâm dữ liệu quốc gia.\tSở Tài chính\tCác sở, ngành, "
        "UBND xã, phường, đặc khu\tQuý IV/2026\tCơ sở dữ liệu được chia sẻ"]),
    (EMPTY_LAST_CELLS, [  # 001c610b appendix VI: two empty cells, then row 2 of the same table
        "TT\tNhiệm vụ\tChủ trì\tThời gian\tKết quả\tKinh phí",
        "1\tTuyên truyền, nâng cao nhận thức về xây dựng và quản lý Hệ thống.\tSở Khoa học và Công nghệ\tHằng năm.\t\t",
        "2\tTổng hợp kế hoạch thực hiện Đề án.\tSở Tài chính\tHằng năm."]),
    (NUMBERED_UNDER_GROUP, [   # 2edf5927: rows numbered III.1, III.1.1 under their group
        "TT\tNhiệm vụ\tChủ trì\tPhối hợp",
        "III.1\tNhóm ứng dụng, nền tảng số quy mô quốc gia",
        "III.1.1\tNhóm các nền tảng số giải quyết thủ tục hành chính và tương tác với người dân, doanh nghiệp",
        "1\tTriển khai Cổng Dịch vụ công quốc gia.\tBộ Công an\tCác bộ, ngành, địa phương"]),
    (HEADING_BETWEEN_TABLES, [  # b8baff03: a heading across the page between two tables is no row
        "STT\tTên TTHC\tQuy trình",
        "3\tĐăng ký thông tin kết quả nghiên cứu khoa học. Mã TTHC: 1.014461.H35\t",
        "",
        "B. THỦ TỤC HÀNH CHÍNH SỬA ĐỔI, BỔ SUNG",
        "",
        "STT\tTên TTHC\tQuy trình nội bộ giải quyết TTHC",
        "1\tThay đổi, bổ sung, cấp giấy chứng nhận."]),
], ids=["row spanned by the number cell", "empty last cells then the next row", "rows numbered under a group",
        "heading between two tables"])
def test_a_plans_table_keeps_its_rows(text, expected):
    assert lines(text) == expected
