"""A task table's row that goes on to the next page: drawn without a rule at the page break, it
still reads as a row on both pages (extract/load/pdf_tables.close_split_rows)."""
import io

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


def test_a_row_split_by_the_page_reads_as_rows_on_both_pages(tmp_path):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    render._register_fonts()
    st = render._styles()
    long_task = " ".join(["Xây dựng cơ sở dữ liệu kết cấu hạ tầng, kết nối và chia sẻ dữ liệu."] * 14)
    rows = [["TT", "Nhiệm vụ", "Chủ trì", "Thời gian"], ["1", "Rà soát quy định", "Bộ Xây dựng", "2026"],
            ["2", long_task, "Bộ Khoa học và Công nghệ", "2026-2030"], ["3", "Đào tạo", "Bộ Nội vụ", "2027"]]
    table = Table([[Paragraph(c, st["cell"]) for c in r] for r in rows], colWidths=[30, 260, 110, 70],
                  splitInRow=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=(render.PAGE_W, render.PAGE_H))
    doc.build([Spacer(1, 560), table])
    path = tmp_path / "split.pdf"
    path.write_bytes(buf.getvalue())
    pages = load(path).pages
    assert len(pages) == 2
    first = [ln.text for ln in pages[0].lines if "\t" in ln.text]
    second = [ln.text for ln in pages[1].lines if "\t" in ln.text]
    assert first[-1].startswith("2\tXây dựng cơ sở dữ liệu") and first[-1].endswith("\tBộ Khoa học và Công nghệ\t2026-2030")
    assert second[0].startswith("\t") and "dữ liệu" in second[0]          # the rest of row 2, no number
    assert second[-1] == "3\tĐào tạo\tBộ Nội vụ\t2027"


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
