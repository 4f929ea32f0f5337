"""Text-layer PDFs: lines in reading order with positions, two-column header and closing
read column by column whatever order the PDF draws them in, tables as rows of cells,
superscript footnote markers kept recognizable, pdfium's line-end hyphen repaired."""
import io

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from extract.load import load

FONT_DIR = "/usr/share/fonts/truetype/liberation2/"
pdfmetrics.registerFont(TTFont("LS", FONT_DIR + "LiberationSerif-Regular.ttf"))
pdfmetrics.registerFont(TTFont("LSB", FONT_DIR + "LiberationSerif-Bold.ttf"))

HEADER = [(("LSB", "ỦY BAN NHÂN DÂN"), ("LSB", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
          (("LSB", "TỈNH NINH THUẬN"), ("LSB", "Độc lập - Tự do - Hạnh phúc")),
          (("LS", "Số: 4560 /UBND-PVHCC"), ("LS", "Ninh Thuận, ngày 20 tháng 10 năm 2022")),
          (("LS", "V/v đẩy mạnh cải cách thủ tục"), None),
          (("LS", "hành chính"), None)]
CLOSING = [(("LSB", "Nơi nhận:"), ("LSB", "KT. CHỦ TỊCH")), (("LS", "- Như trên;"), ("LSB", "PHÓ CHỦ TỊCH")),
           (("LS", "- Lưu: VT, TTPVHCC."), None), (None, ("LSB", "Nguyễn Long Biên"))]
EXPECTED = [
    "ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN", "Số: 4560 /UBND-PVHCC", "V/v đẩy mạnh cải cách thủ tục",
    "hành chính", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
    "Ninh Thuận, ngày 20 tháng 10 năm 2022",
    "Triển khai Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ và Công văn",
    "số 120/QĐ-UBND-HC ngày 21/9/2022 của Văn phòng Chính phủ,",
    "báo cáo chậm nhất ngày 20/9/2023⁵",
    "TT\tNội dung\tĐơn vị thực hiện", "1\tRà soát quy trình nội bộ\tSở Nội vụ", "2\tSố hóa hồ sơ\tUBND cấp huyện",
    "Nơi nhận:", "- Như trên;", "- Lưu: VT, TTPVHCC.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Long Biên",
]


def _rows(c, rows, y, left=85, right=300, size=12):
    """Draw two-column rows; the draw order interleaves the columns line by line."""
    for l, r in rows:
        if l:
            c.setFont(l[0], size)
            c.drawString(left, y, l[1])
        if r:
            c.setFont(r[0], size)
            c.drawString(right, y, r[1])
        y -= 16
    return y


def _columns(c, rows, y, left=85, right=300, size=12):
    """Draw the same rows column by column (as Word/LibreOffice tables do)."""
    y0 = y
    for l, _ in rows:
        if l:
            c.setFont(l[0], size)
            c.drawString(left, y, l[1])
        y -= 16
    y = y0
    for _, r in rows:
        if r:
            c.setFont(r[0], size)
            c.drawString(right, y, r[1])
        y -= 16
    return y0 - 16 * len(rows)


def directive_pdf(draw, pages=1) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in range(pages):
        if page:
            c.setFont("LS", 13)
            c.drawCentredString(300, 810, str(page + 1))     # page number in the top margin
        y = draw(c, 780)
        y -= 20
        c.setFont("LS", 13)
        c.drawString(85, y, "Triển khai Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ và Công văn")
        y -= 18
        c.drawString(85, y, "số 120/QĐ-")                       # pdfium reports this hyphen as \x02
        y -= 18
        c.drawString(85, y, "UBND-HC ngày 21/9/2022 của Văn phòng Chính phủ,")
        y -= 18
        c.drawString(85, y, "báo cáo chậm nhất ngày 20/9/2023")
        w = pdfmetrics.stringWidth("báo cáo chậm nhất ngày 20/9/2023", "LS", 13)
        c.setFont("LS", 8)
        c.drawString(85 + w + 1, y + 5, "5")                     # footnote marker
        c.setFont("LS", 13)
        top = y - 28
        cols = [85, 125, 335, 485]
        data = [["TT", "Nội dung", "Đơn vị thực hiện"], ["1", "Rà soát quy trình nội bộ", "Sở Nội vụ"],
                ["2", "Số hóa hồ sơ", "UBND cấp huyện"]]
        for i, row in enumerate(data):
            for j, cell in enumerate(row):
                c.drawString(cols[j] + 3, top - i * 30 - 18, cell)
        for i in range(len(data) + 1):
            c.line(cols[0], top - i * 30, cols[-1], top - i * 30)
        for x in cols:
            c.line(x, top, x, top - len(data) * 30)
        _rows(c, CLOSING, top - len(data) * 30 - 40, right=340, size=11)
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("draw", [lambda c, y: _rows(c, HEADER, y), lambda c, y: _columns(c, HEADER, y)],
                         ids=["interleaved-stream", "column-stream"])
def test_text_pdf_reading_order(tmp_path, draw):
    path = tmp_path / "cv.pdf"
    path.write_bytes(directive_pdf(draw))
    doc = load(path)
    assert not doc.findings
    assert doc.method == "text" and len(doc.pages) == 1
    assert [line.text for line in doc.pages[0].lines] == EXPECTED


def test_lines_carry_positions_and_tables_their_cells(tmp_path):
    path = tmp_path / "cv.pdf"
    path.write_bytes(directive_pdf(lambda c, y: _rows(c, HEADER, y)))
    page = load(path).pages[0]
    first = page.lines[0]
    assert first.page == 1 and first.number == 1
    x0, top, x1, bottom = first.bbox
    assert 80 < x0 < 90 and top < bottom < 80          # top of an A4 page, points from the top
    right = next(line for line in page.lines if line.text.startswith("CỘNG HÒA"))
    assert right.bbox[0] > 250                           # the right column stays on the right
    assert page.tables and page.tables[0].rows[1] == ["1", "Rà soát quy trình nội bộ", "Sở Nội vụ"]


def test_page_numbers_in_the_top_margin_are_not_text(tmp_path):
    path = tmp_path / "two.pdf"
    path.write_bytes(directive_pdf(lambda c, y: _rows(c, HEADER, y), pages=2))
    doc = load(path)
    assert len(doc.pages) == 2
    assert doc.pages[1].lines[0].text == "ỦY BAN NHÂN DÂN"
    assert "\f" in doc.text and doc.text.count("ỦY BAN NHÂN DÂN") == 2


def test_locator_maps_offsets_to_page_and_line(tmp_path):
    path = tmp_path / "two.pdf"
    path.write_bytes(directive_pdf(lambda c, y: _rows(c, HEADER, y), pages=2))
    doc = load(path)
    locate = doc.locator()
    text = doc.text
    second = text.index("ỦY BAN NHÂN DÂN", 1)
    assert locate(second) == {"page": 2, "line": 1}
    assert locate(text.index("Nguyễn Long Biên")) == {"page": 1, "line": len(EXPECTED)}
