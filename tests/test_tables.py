"""Task tables, as the loaders give them (one line per row, cells separated by tabs): column roles
from the heading, repeated headings, rows broken by a page, group rows, OCR-garbled number cells;
then end to end, a kế hoạch whose tasks are table rows, from its text, a rendered text PDF, a DOCX
and 300-dpi scans (clean and noisy) of the PDF."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.directive import parse
from extract.directive.layout import pieces_of
from extract.directive.tables import read_table, role_of, table_runs
from extract.load import load
from tests.kit import render
from tests.kit.docbuild import document

SAMPLE = Path(__file__).parent / "samples" / "directives" / "kh_task_table.txt"

ROLES = [
    ("STT", "number"), ("TT", "number"), ("Số TT", "number"),
    ("Nội dung nhiệm vụ", "content"), ("NỘI DUNG NHIỆM VỤ", "content"), ("Nhiệm vụ", "content"),
    ("Nội dung thực hiện", "content"), ("Tên nhiệm vụ, giải pháp", "content"),
    ("Cơ quan chủ trì", "lead"), ("Đơn vị thực hiện", "lead"), ("Cơ quan chủ trì, phối hợp", "lead"),
    ("Trách nhiệm thực hiện", "lead"),
    ("Cơ quan phối hợp", "coordinate"), ("Cơ quan phối hợp thực hiện", "coordinate"),
    ("Thời gian hoàn thành", "time"), ("Thời hạn", "time"), ("Thời gian thực hiện", "time"),
    ("Tiến độ thực hiện", "time"), ("Sản phẩm", "product"), ("Ghi chú", "note"),
    ("Số hồ sơ trễ hạn", None),
]


@pytest.mark.parametrize("heading, role", ROLES, ids=[r[0] for r in ROLES])
def test_column_roles(heading, role):
    assert role_of(heading) == role


def rows_of(text: str):
    """(label, is_group, content, lead, time) of every row of the one table in `text`."""
    pieces = pieces_of(document(*text.split("\f")))
    [(a, b)] = table_runs(pieces)
    table = read_table(pieces[a:b])
    out = []
    for top in table.rows:
        for row in [top, *top.children]:
            out.append((row.label, row.is_group, row.cell(table.col("content")).text,
                        row.cell(table.col("lead")).text, row.cell(table.col("time")).text))
    return table, out


TABLES = [
    ("plain task table with lead and time columns",
     "TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\n"
     "1\tRà soát quy trình nội bộ\tSở Nội vụ\tSở Tư pháp\tQuý III/2025\n"
     "2\tTích hợp thanh toán trực tuyến\tSở Tài chính\t\tTháng 5/2025",
     ["number", "content", "lead", "coordinate", "time"],
     [("1", False, "Rà soát quy trình nội bộ", "Sở Nội vụ", "Quý III/2025"),
      ("2", False, "Tích hợp thanh toán trực tuyến", "Sở Tài chính", "Tháng 5/2025")]),
    ("group rows with numbers restarting under each Roman numeral",
     "TT\tNội dung\tĐơn vị thực hiện\tThời hạn\n"
     "I\tNHIỆM VỤ CHUNG\t\t\n1\tMột\tSở A\tQuý I\n2\tHai\tSở B\tQuý II\n"
     "II\tNHIỆM VỤ RIÊNG\t\t\n1\tBa\tSở C\tQuý III",
     ["number", "content", "lead", "time"],
     [("I", True, "NHIỆM VỤ CHUNG", "", ""), ("I.1", False, "Một", "Sở A", "Quý I"),
      ("I.2", False, "Hai", "Sở B", "Quý II"), ("II", True, "NHIỆM VỤ RIÊNG", "", ""),
      ("II.1", False, "Ba", "Sở C", "Quý III")]),
    ("heading over two rows: Cơ quan thực hiện / Chủ trì | Phối hợp",
     "STT\tNhiệm vụ\tCơ quan thực hiện\t\tThời hạn\n\t\tChủ trì\tPhối hợp\t\n"
     "1\tTổng hợp báo cáo\tVăn phòng UBND tỉnh\tCác sở, ban, ngành\tHằng quý",
     ["number", "content", "lead", "coordinate", "time"],
     [("1", False, "Tổng hợp báo cáo", "Văn phòng UBND tỉnh", "Hằng quý")]),
    ("two heading rows, the merged cell repeated per column (Word)",
     "STT\tNhiệm vụ\tCơ quan thực hiện\tCơ quan thực hiện\tThời hạn\n"
     "STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời hạn\n"
     "1\tTổng hợp báo cáo\tVăn phòng UBND tỉnh\tCác sở, ban, ngành\tHằng quý",
     ["number", "content", "lead", "coordinate", "time"],
     [("1", False, "Tổng hợp báo cáo", "Văn phòng UBND tỉnh", "Hằng quý")]),
    ("a short group row right under the heading is no second heading",
     "TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tThời hạn\n"
     "\tNHIỆM VỤ CHUNG\t\t\n1\tMột việc\tSở A\tQuý I\n"
     "\tNHIỆM VỤ RIÊNG\t\t\n2\tHai việc\tSở B\tQuý II",
     ["number", "content", "lead", "time"],
     [("1", True, "NHIỆM VỤ CHUNG", "", ""), ("1.1", False, "Một việc", "Sở A", "Quý I"),
      ("2", True, "NHIỆM VỤ RIÊNG", "", ""), ("2.1", False, "Hai việc", "Sở B", "Quý II")]),
    ("heading repeated on a new page, a row broken by the page, a footer between",
     "STT\tNỘI DUNG NHIỆM VỤ\n"
     "1\tNhóm “Công khai” (trách nhiệm thực hiện của các sở, ngành)\n"
     "1.1\tCập nhật, công khai các thủ tục hành chính đã được công bố trên Cơ sở dữ liệu quốc gia, các\n"
     "ỦY BAN NHÂN DÂN TỈNH\f"
     "STT\tNỘI DUNG NHIỆM VỤ\n"
     "\tbiểu mẫu điện tử kèm theo.\n"
     "1.2\tThực hiện tiếp nhận hồ sơ đúng quy trình.",
     ["number", "content"],
     [("1", True, "Nhóm “Công khai” (trách nhiệm thực hiện của các sở, ngành)", "", ""),
      ("1.1", False, "Cập nhật, công khai các thủ tục hành chính đã được công bố trên Cơ sở dữ liệu quốc "
                     "gia, các biểu mẫu điện tử kèm theo.", "", ""),
      ("1.2", False, "Thực hiện tiếp nhận hồ sơ đúng quy trình.", "", "")]),
    ("OCR: number cells garbled or lost, heading cell misread, a heading repeated without its STT",
     "SIT\tNỘI DUNG NHIỆM VỤ\n"
     "1\tNhóm “Công khai” (trách nhiệm thực hiện của các sở, ngành)\n"
     "đội\tHằng ngày phải kiểm tra các TTHC được công bố.\n"
     "12\tCập nhật, công khai tất cả TTHC đã được công bố.\n"
     "\tNhóm “Tiến độ” (trách nhiệm thực hiện của UBND cấp huyện)\n"
     "\tNỘI DUNG NHIỆM VỤ\n"
     "2.4\tThực hiện tiếp nhận hồ sơ đúng quy trình.\n"
     "S.2\tRà soát các hồ sơ trễ hạn.",
     ["number", "content"],
     [("1", True, "Nhóm “Công khai” (trách nhiệm thực hiện của các sở, ngành)", "", ""),
      ("1.1", False, "Hằng ngày phải kiểm tra các TTHC được công bố.", "", ""),
      ("1.2", False, "Cập nhật, công khai tất cả TTHC đã được công bố.", "", ""),
      ("2", True, "Nhóm “Tiến độ” (trách nhiệm thực hiện của UBND cấp huyện)", "", ""),
      ("2.1", False, "Thực hiện tiếp nhận hồ sơ đúng quy trình.", "", ""),
      ("2.2", False, "Rà soát các hồ sơ trễ hạn.", "", "")]),
    ("no heading row; a line without cells between rows is not a row",
     "1\tRà soát thủ tục hành chính trên địa bàn tỉnh\tSở Tư pháp\n"
     "NHIỆM VỤ VỀ SỐ HÓA\n"
     "2\tSố hóa hồ sơ còn hiệu lực trên địa bàn tỉnh\tUBND cấp huyện",
     ["number", "content", None],
     [("1", False, "Rà soát thủ tục hành chính trên địa bàn tỉnh", "", ""),
      ("2", False, "Số hóa hồ sơ còn hiệu lực trên địa bàn tỉnh", "", "")]),
]


@pytest.mark.parametrize("name, text, roles, rows", TABLES, ids=[t[0] for t in TABLES])
def test_table_rows(name, text, roles, rows):
    table, got = rows_of(text)
    assert table.roles == roles
    assert got == rows


# --------------------------------------------------------------------------- end to end

def summary(d) -> list[tuple]:
    dls = [(x.kind, x.date or x.recurrence) for x in d.deadlines]
    return [(t.section, t.assignees, [dls[i] for i in t.deadlines]) for t in d.tasks]


EXPECTED = [
    ("II.I.1", ["Sở Nội vụ", "Sở Tư pháp"], [("quarter", "2025-09-30")]),
    ("II.I.2", ["Văn phòng UBND tỉnh"], [("date", "2025-12-15")]),
    ("II.II.1", ["UBND các huyện, thị xã, thành phố"], [("month", "2025-05-31")]),
    # an empty lead cell under a filled one: a cell merged down
    ("II.II.2", ["UBND các huyện, thị xã, thành phố"], [("year", "2025-12-31")]),
    # 'Sở … (chủ trì); phối hợp: Công an tỉnh' leads alone; 'Thường xuyên' sets no deadline
    ("II.II.3", ["Sở Khoa học và Công nghệ"], []),
    ("III", ["Sở Nội vụ"], []),
    ("appendix 1", ["Văn phòng UBND tỉnh"], [("recurring", "quarterly")]),
    ("appendix 2", ["Sở Nội vụ"], [("quarter", "2025-12-31")]),
    ("appendix 3", ["Sở Nội vụ"], [("date", "2025-11-30")]),
]


def test_task_table_sample_from_text():
    d = parse(load(SAMPLE))
    assert summary(d) == EXPECTED
    by = {t.section: t for t in d.tasks}
    assert by["appendix 2"].text.endswith("báo cáo kết quả kiểm tra trình Chủ tịch UBND tỉnh xem xét, "
                                          "xử lý theo thẩm quyền.")
    assert by["II.I.1"].text == "Rà soát, đơn giản hóa thủ tục hành chính nội bộ trong hệ thống hành chính nhà nước"
    assert not any("phối hợp" in a.lower() or a in ("Văn phòng Chính phủ", "Bưu điện tỉnh")
                   for t in d.tasks for a in t.assignees)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render.directive_pdf(SAMPLE.read_text(encoding="utf-8"))


def test_task_table_sample_from_a_text_pdf(sample_pdf, tmp_path):
    path = tmp_path / "kh.pdf"
    path.write_bytes(sample_pdf)
    doc = load(path)
    assert any(page.tables for page in doc.pages)
    assert summary(parse(doc)) == EXPECTED


@pytest.mark.parametrize("noisy", [False, True], ids=["clean", "noisy"])
def test_task_table_sample_from_a_scan(sample_pdf, tmp_path, noisy):
    path = tmp_path / "kh-scan.pdf"
    path.write_bytes(render.scanned_pdf(render.rasterize(sample_pdf, 300, noisy=noisy, seed=5), 300))
    doc = load(path)
    rows = [ln.text for p in doc.pages for ln in p.lines if ln.text.startswith("1\tRà soát")]
    assert rows and rows[0].count("\t") == 4                    # one line per row, a tab per cell
    assert [[t.section for t in parse(doc).tasks]] == [[e[0] for e in EXPECTED]]
    got = {s: a for s, a, _ in summary(parse(doc))}
    assert got == {s: a for s, a, _ in EXPECTED}


def test_task_table_from_docx(tmp_path):
    """A Word table after the numbered items, announced by nothing: rows labelled 'table N'."""
    from tests.kit.render_docx import SAMPLE as DOCX_SAMPLE, directive_docx

    spec = dict(DOCX_SAMPLE, table=[
        ["TT", "Nội dung công việc", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời hạn"],
        ["1", "Rà soát quy trình nội bộ giải quyết thủ tục hành chính", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2024"],
        ["2", "Công khai kết quả giải quyết hồ sơ trên Cổng Dịch vụ công", "", "", "Hằng tháng"],
        ["3", "Kiểm tra việc số hóa hồ sơ tại Bộ phận Một cửa", "Văn phòng UBND tỉnh", "Sở Nội vụ",
         "Trước ngày 30/11/2024"]])
    path = tmp_path / "cv.docx"
    path.write_bytes(directive_docx(spec))
    got = {s: (a, dl) for s, a, dl in summary(parse(load(path))) if s.startswith("table")}
    assert got == {"table 1": (["Sở Nội vụ"], [("quarter", "2024-06-30")]),
                   "table 2": (["Sở Nội vụ"], [("recurring", "monthly")]),
                   "table 3": (["Văn phòng UBND tỉnh"], [("date", "2024-11-30")])}


HEAD = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 12/UBND-NC
Quảng Trị, ngày 10 tháng 3 năm 2025
V/v triển khai nhiệm vụ cải cách hành chính
Kính gửi: Các sở, ban, ngành tỉnh.
Ủy ban nhân dân tỉnh giao nhiệm vụ như sau:
"""
TAIL = """
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hoàng Nam"""

BODY_TABLES = [
    ("a group row's lead cell leads the rows under it; 'chủ trì, phối hợp' in one column",
     "STT\tNội dung\tCơ quan chủ trì, phối hợp\tThời gian thực hiện\n"
     "1\tNhóm nhiệm vụ về công khai\tVăn phòng UBND tỉnh\t\n"
     "1.1\tCông khai thủ tục hành chính trên Cổng Dịch vụ công\t\tQuý II/2025\n"
     "1.2\tCập nhật quy trình nội bộ của các cơ quan\tSở Nội vụ chủ trì, phối hợp Sở Tư pháp\tNăm 2025",
     {"table 1.1": ["Văn phòng UBND tỉnh"], "table 1.2": ["Sở Nội vụ"]}),
    ("a statistics table holds no tasks",
     "STT\tĐơn vị\tSố hồ sơ tiếp nhận\tSố hồ sơ trễ hạn\n"
     "1\tSở Tư pháp\t1.070\t35\n2\tSở Nội vụ\t768\t26",
     {}),
    ("a list of administrative procedures holds no tasks (DECISIONS D30, D42)",                  # e7792cccbca70a64
     "STT\tTên thủ tục hành chính\tLĩnh vực\tCơ quan thực hiện\n"
     "1\tCho phép nhập khẩu thuốc, nguyên liệu làm thuốc có hạn dùng còn lại tại thời điểm thông quan ngắn hơn quy "
     "định\tDược\tSở Y tế\n"
     "2\tCho phép mua thuốc gây nghiện, thuốc hướng thần thuộc thẩm quyền của Ủy ban nhân dân tỉnh\tDược\tSở Y tế",
     {}),
]

# The column that names the rows says what they are: procedures ('Tên thủ tục hành chính', 'Tên TTHC') are a
# catalogue (the annex of a quyết định công bố / phê duyệt danh mục TTHC), tasks ('Tên nhiệm vụ') are not.
CATALOGUES = [
    ("STT\tTên thủ tục hành chính\tLĩnh vực\tCơ quan thực hiện\n"                                 # e7792cccbca70a64
     "1\tCho phép nhập khẩu thuốc, nguyên liệu làm thuốc có hạn dùng ngắn hơn quy định\tDược\tSở Y tế", True),
    ("STT\tMã số TTHC\tTên thủ tục hành chính\tNội dung đề xuất\n"                                # 24ac05c2c7c4518e
     "1\t2.000286\tTiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội"
     "\tRút ngắn thời hạn giải quyết", True),
    ("STT\tTên thủ tục hành chính\tCách thức, địa điểm thực hiện\n"                                # 128b34e0abc1c504
     "1\tĐăng ký nội quy lao động của doanh nghiệp\tNộp hồ sơ trực tiếp hoặc qua dịch vụ bưu chính công ích", True),
    ("STT\tTên thủ tục hành chính nội bộ\tLĩnh vực\tCơ quan thực hiện\n"                          # 1b479d81b4a8f42e
     "1\tThủ tục công nhận báo cáo viên pháp luật cấp tỉnh\tPhổ biến, giáo dục pháp luật\tSở Tư pháp", True),
    ("STT\tTên nhiệm vụ\tCơ quan chủ trì\tThời gian\n"
     "1\tRà soát, đơn giản hóa thủ tục hành chính nội bộ\tSở Tư pháp\tQuý II/2025", False),
    ("STT\tNội dung\tCơ quan chủ trì\tThời gian\n"
     "1\tThủ tục hành chính được công khai đầy đủ trên Cổng Dịch vụ công\tVăn phòng UBND tỉnh\tNăm 2025", False),
]


@pytest.mark.parametrize("text, catalogue", CATALOGUES, ids=[c[0].split("\n")[0][:40] for c in CATALOGUES])
def test_a_list_of_procedures_is_a_catalogue(text, catalogue):
    table, _ = rows_of(text)
    assert table.catalogue is catalogue


@pytest.mark.parametrize("name, table, expected", BODY_TABLES, ids=[b[0] for b in BODY_TABLES])
def test_tables_in_a_cong_van(name, table, expected):
    d = parse(document(HEAD + table + TAIL))
    assert {t.section: t.assignees for t in d.tasks if t.section.startswith("table")} == expected


# Task tables of the real corpus (tests/gold/real/dev), as the portal loader gives them.
def test_a_group_row_with_its_numeral_in_the_content_cell():                              # ad5aff6c13929815
    text = ("TT\tChỉ tiêu\tChủ trì\n\tI. Kinh tế số\t\n1\tKinh tế số chiếm 45% GRDP tỉnh.\tSở Tài chính\n"
            "2\tTỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt tối thiểu 40%\tSở Khoa học và Công nghệ\n"
            "\tII. Xã hội số\t\n1\tTỷ lệ phủ sóng 5G trên địa bàn đạt 100% dân số.\tSở Khoa học và Công nghệ")
    _, rows = rows_of(text)
    assert [(r[0], r[1]) for r in rows] == [("I", True), ("I.1", False), ("I.2", False), ("II", True), ("II.1", False)]


def test_a_row_whose_number_and_time_cells_span_a_second_line():                          # 001c610b2efdcf0c
    text = ("TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian dự kiến hoàn thành\n"
            "I\tXây dựng hạ tầng công nghệ thông tin\t\t\t\n"
            "1\tXây dựng hạ tầng công nghệ thông tin, trang thiết bị tại Sở Tài chính.\tTrung tâm Chuyển đổi số Thành phố"
            "\tSở Khoa học và Công nghệ\tQuý IV/2026\n"
            "Thực hiện sao lưu dữ liệu và đảm bảo có khả năng phục hồi hệ thống sau sự cố.\tSở Khoa học và Công nghệ\n"
            "2\tĐầu tư trang thiết bị hiện đại.\tSở Tài chính\tCác sở, ngành\tQuý IV/2026\n"
            "II\tXây dựng cơ sở dữ liệu\t\t\t\n"
            "1\tThu thập, biên tập, xây dựng cơ sở dữ liệu.\tSở Tài chính\tCác sở, ngành\tQuý IV/2026")
    table, rows = rows_of(text)
    assert [r[0] for r in rows] == ["I", "I.1", "I.2", "II", "II.1"]
    assert table.rows[0].children[0].cell(table.col("lead")).parts() == [
        "Trung tâm Chuyển đổi số Thành phố", "Sở Khoa học và Công nghệ"]
