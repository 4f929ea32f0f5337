"""A task table's row that goes on to the next page: drawn without a rule at the page break, it
still reads as a row (extract/load/pdf_tables.close_split_rows), and its two parts are one row again
(extract/load/pdf.join_split_row)."""
import pytest

from extract.load import load
from extract.load.pdf_tables import close_split_rows
from tests.kit import render


def h(y, x0=0, x1=300):
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "orientation": "h"}


def v(x, top, bottom):
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0, "height": bottom - top, "orientation": "v"}


GRID = [h(100), h(150), v(0, 100, 250), v(100, 100, 250), v(300, 100, 250)]          # bottom row open
CASES = [
    ("column rules run past the last row rule: the page break closes the row", GRID, [250]),
    ("column rules start above the first row rule (the row's top half is on the page before)",
     [h(150), h(200), v(0, 60, 200), v(100, 60, 200), v(300, 60, 200)], [60]),
    ("a closed grid gets nothing", GRID + [h(250)], []),
    ("two rules are no table", [h(100), h(150), v(0, 100, 250), v(300, 100, 250)], []),
    ("stray rules that no row rule crosses", [h(400), h(450), v(0, 100, 250), v(100, 100, 250), v(300, 100, 250)],
     []),
]


@pytest.mark.parametrize("name, edges, added", CASES, ids=[c[0] for c in CASES])
def test_split_row_rules(name, edges, added):
    out = close_split_rows(edges)
    assert sorted(e["top"] for e in out[len(edges):]) == added


def _table_pdf(tmp_path, flow) -> list:
    """The pages the loader reads from a story of (kind, value) items (tests/kit/render.story_pdf;
    "para" is a body paragraph), on ReportLab's default page."""
    path = tmp_path / "split.pdf"
    path.write_bytes(render.story_pdf([("body", v) if k == "para" else (k, v) for k, v in flow], decree_margins=False))
    return load(path).pages


LONG_TASK = " ".join(["Xây dựng cơ sở dữ liệu kết cấu hạ tầng, kết nối và chia sẻ dữ liệu."] * 14)
LONG_LEAD = "Sở Khoa học và Công nghệ; " * 30 + "Sở Tài chính"
TASKS = [["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["1", "Rà soát quy định", "Bộ Xây dựng", "2026"],
         ["2", LONG_TASK, "Bộ Khoa học và Công nghệ", "2026-2030"], ["3", "Đào tạo", "Bộ Nội vụ", "2027"]]
WIDTHS = [30, 260, 110, 70]
CLOSE = "Các cơ quan, đơn vị tổ chức thực hiện nghiêm túc Kế hoạch này."   # a page of text, not a scan
OTHER = [["", "Ghi chú của bảng khác", "Văn phòng"], ["4", "Tổng hợp", "Sở Nội vụ"]]


@pytest.mark.parametrize("name, flow, last_on_first, first_on_second", [
    ("a task cut by the page break is one row again, on the page where it begins",
     [("space", 560), ("table", (TASKS, WIDTHS))],
     "2\t" + LONG_TASK + "\tBộ Khoa học và Công nghệ\t2026-2030", "3\tĐào tạo\tBộ Nội vụ\t2027"),
    ("the lead body's cell cut by the break is rejoined too",
     [("space", 600), ("table", ([TASKS[0], ["1", "Rà soát quy định", LONG_LEAD, "2026"]], WIDTHS)),
      ("para", CLOSE)],
     "1\tRà soát quy định\t" + LONG_LEAD + "\t2026", CLOSE),
    ("a numbered row at the top of the page is a row of its own",
     [("table", (TASKS[:3], WIDTHS)), ("break", None), ("table", (TASKS[3:], WIDTHS)), ("para", CLOSE)],
     "2\t" + LONG_TASK + "\tBộ Khoa học và Công nghệ\t2026-2030", "3\tĐào tạo\tBộ Nội vụ\t2027"),
    ("another table (other columns) under the break is not the row's rest",
     [("table", (TASKS[:3], WIDTHS)), ("break", None), ("table", (OTHER, [30, 300, 140]))],
     "2\t" + LONG_TASK + "\tBộ Khoa học và Công nghệ\t2026-2030", "\tGhi chú của bảng khác\tVăn phòng"),
    ("a paragraph after the table ends the row: the next page's table starts afresh",
     [("table", (TASKS[:3], WIDTHS)), ("para", "Ghi chú."), ("break", None),
      ("table", ([["", "Phần tiếp", "Sở Y tế", "2028"]], WIDTHS)), ("para", CLOSE)],
     "Ghi chú.", "\tPhần tiếp\tSở Y tế\t2028"),
], ids=lambda x: x if isinstance(x, str) and " " in x and len(x) < 90 else "")
def test_a_row_the_page_break_cuts_reads_as_one_row(tmp_path, name, flow, last_on_first, first_on_second):
    pages = _table_pdf(tmp_path, flow)
    assert len(pages) == 2
    assert pages[0].lines[-1].text == last_on_first
    assert pages[1].lines[0].text == first_on_second
    rows = [r for p in pages for t in p.tables for r in t.rows]
    assert ["\t".join(r) for r in rows].count(last_on_first) <= 1          # the tables say the same
    assert [ln.number for ln in pages[1].lines] == list(range(1, len(pages[1].lines) + 1))


def box_edges(xs, ys):
    """The rules of a grid with column edges xs and row edges ys (top-down)."""
    return [h(y, xs[0], xs[-1]) for y in ys] + [v(x, ys[0], ys[-1]) for x in xs]


@pytest.mark.parametrize("name, xs, ys, tables", [
    ("a box around a paragraph", [0, 300], [100, 200], 0),
    ("one row of two cells (a bordered two-column box)", [0, 150, 300], [100, 200], 0),
    ("one row of three cells: the last row of a task table, alone on its page", [0, 40, 200, 300], [100, 200], 1),
    ("two rows of two cells", [0, 150, 300], [100, 150, 200], 1),
])
def test_what_a_grid_is(name, xs, ys, tables):
    from extract.load.pdf_tables import TOLERANCE, grid_tables
    assert len(grid_tables(box_edges(xs, ys), TOLERANCE, 3.0)) == tables


@pytest.mark.parametrize("name, cell, text", [
    ("runs in three fonts that touch are one word", "<b>Sở KH</b>&amp;<i>CN</i> chủ trì hướng dẫn, tổng hợp",
     "Sở KH&CN chủ trì hướng dẫn, tổng hợp"),
    ("a run with marks over capitals stands higher, and is still on its line",
     "Sở KH&amp;CN <b>CHỦ TRÌ HƯỚNG DẪN, TỔNG</b> hợp; Các sở, ngành, UBND cấp xã thực hiện công bố",
     "Sở KH&CN CHỦ TRÌ HƯỚNG DẪN, TỔNG hợp; Các sở, ngành, UBND cấp xã thực hiện công bố"),
], ids=lambda x: x if isinstance(x, str) and " " in x and "<" not in x and len(x) < 80 else "")
def test_cell_text_in_reading_order(tmp_path, name, cell, text):
    rows = [["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["1", "Công bố dữ liệu mở", cell, "Hằng năm"]]
    pages = _table_pdf(tmp_path, [("table", (rows, [30, 200, 170, 70])), ("para", CLOSE)])
    assert pages[0].tables[0].rows[1][2] == text
