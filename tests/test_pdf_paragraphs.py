"""A born-digital PDF read as its paragraphs (extract/load/pdf.paragraphs), as a portal's text and a
DOCX give them: a line the typesetter wrapped goes on the line before it, on the next page too; lines
ended on purpose stay lines; paragraphs are set apart by an empty line. Pages are typeset here in
Decree 30 style (A4, 30/15 mm margins, 13 pt, first-line indent) with the kit's styles."""
import pytest

from extract.load import load
from tests.kit import render

TITLE = ("1. Về kiến nghị sớm ban hành Nghị quyết mới về phát triển kinh tế - xã hội và bảo đảm quốc phòng, "
         "an ninh đối với vùng mới được hình thành là vùng Duyên hải Nam Trung Bộ và Tây Nguyên:")
TASK = ("Giao Bộ Tài chính khẩn trương hoàn thiện báo cáo sơ kết 03 năm thực hiện Nghị quyết của Bộ Chính trị "
        "về các vùng kinh tế - xã hội để có cơ sở báo cáo Bộ Chính trị, Ban Bí thư ban hành Nghị quyết mới.")
NAMED = "13. Báo và Phát thanh, Truyền hình tỉnh và các cơ quan báo chí đóng trên địa bàn"
LIST = ["- Sở Tài chính;", "- Sở Nội vụ;", "- Ủy ban nhân dân các xã, phường."]
FULL_THEN_ITEM = ("Các cơ quan, đơn vị phối hợp chặt chẽ trong quá trình triển khai thực hiện Kế hoạch, "
                  "gồm các cơ quan sau đây;")
OPENING = ("Thực hiện Nghị định số 02/2025/NĐ-CP ngày 05 tháng 01 năm 2025 của Chính phủ quy định chi tiết một số "
           "điều của Luật Phòng thủ dân sự, Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện trên địa "
           "bàn tỉnh với các nội dung như sau:")       # three full lines: the page's text block
HEADING = "KẾ HOẠCH TRIỂN KHAI THI HÀNH NGHỊ ĐỊNH QUY ĐỊNH CHI TIẾT MỘT SỐ ĐIỀU CỦA LUẬT PHÒNG THỦ DÂN SỰ"


def _pages(tmp_path, flow) -> list[list[str]]:
    """The lines of each page the loader reads from (style, text) paragraphs; ("space", pt) and
    ("break", None) place them (tests/kit/render.story_pdf)."""
    path = tmp_path / "p.pdf"
    path.write_bytes(render.story_pdf(flow))
    return [[ln.text for ln in page.lines] for page in load(path).pages]


@pytest.mark.parametrize("name, flow, lines", [
    ("a numbered item's title over three lines, then its paragraph",
     [("body", TITLE), ("body", TASK)], [TITLE, "", TASK]),
    ("a body's name broken by the line end is whole",
     [("hard", NAMED + " chủ trì tuyên truyền thường xuyên, sâu rộng về nội dung Kế hoạch.")],
     [NAMED + " chủ trì tuyên truyền thường xuyên, sâu rộng về nội dung Kế hoạch."]),
    ("short list lines are lines ended on purpose",
     [("list", x) for x in LIST], LIST),
    ("a list item at the margin after a line that ends a clause is its own line",
     [("cc", FULL_THEN_ITEM + "<br/>- Sở Tài chính;")], None),
    ("a centred heading over two lines stays two lines",
     [("title", HEADING), ("body", TASK)], None),
], ids=lambda x: x if isinstance(x, str) and " " in x else "")
def test_paragraphs_of_a_page(tmp_path, name, flow, lines):
    pages = _pages(tmp_path, [("body", OPENING)] + flow)
    assert pages[0][:2] == [OPENING, ""]
    got = pages[0][2:]
    if name.startswith("a list item at the margin"):
        assert got[-1] == "- Sở Tài chính;" and got[-2].endswith("gồm các cơ quan sau đây;")
    elif name.startswith("a centred heading"):
        assert len([x for x in got if x and x != TASK]) == 2 and TASK in got
    elif name.startswith("short list lines"):
        assert [x for x in got if x] == lines           # a little space after each item may set it apart
    else:
        assert got == lines


def test_a_paragraph_goes_on_over_the_page_break(tmp_path):
    filler = "Nội dung thực hiện theo kế hoạch của Ủy ban nhân dân tỉnh đã ban hành. " * 3
    long = " ".join([TASK] * 12)                         # some 30 lines: the page break falls inside
    pages = _pages(tmp_path, [("body", filler)] * 8 + [("body", long), ("body", TITLE)])
    assert len(pages) == 2
    assert pages[0][-1] == long                          # on the page where it begins
    assert pages[1][0] == TITLE
    assert "" not in pages[1][:1]


def test_a_paragraph_ending_its_page_leaves_the_next_page_alone(tmp_path):
    filler = "Nội dung thực hiện theo kế hoạch của Ủy ban nhân dân tỉnh đã ban hành. " * 3
    pages = _pages(tmp_path, [("body", filler)] * 8 + [("body", TASK), ("break", None),
                                                       ("list", LIST[0]), ("body", TASK)])
    assert pages[0][-1] == TASK
    assert pages[1][0] == LIST[0]


# Runs of one printed line as pdfium gives them (x0, x1, bottom, top; y up), body type 13 pt: glyph
# boxes of Vietnamese text reach 12 pt high, a digit's 9 pt, descenders and dots below go 3 pt under.
@pytest.mark.parametrize("name, runs, line", [
    ("a footnote marker raised after a date", [(85, 160, 700, 712, "ngày 20/9/2023"), (161, 165, 706, 712, "5")],
     "ngày 20/9/2023⁵"),
    ("a footnote marker opening a footnote", [(85, 89, 706, 712, "1"), (91, 300, 700, 712, "Nghị định số 30/2020")],
     "¹ Nghị định số 30/2020"),
    ("an item's number in bold, its stop in the text's font, descenders beside it",
     [(85, 92, 700, 709, "1"), (92, 400, 697, 712, ". Các sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường:")],
     "1. Các sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường:"),
    ("a letter label's bracket in another font", [(85, 92, 700, 709, "2"), (92, 300, 697, 712, ") Sở Tư pháp, Sở Y tế")],
     "2) Sở Tư pháp, Sở Y tế"),
], ids=lambda x: x if isinstance(x, str) and " " in x else "")
def test_small_digits_beside_a_line(name, runs, line):
    from extract.load.layout import Segment, reading_order
    body = [Segment(85, 540, 600 - 16 * k, 612 - 16 * k, "Nội dung thực hiện kế hoạch của tỉnh") for k in range(5)]
    out = reading_order(body + [Segment(*r) for r in runs], 842)
    assert line in [o.text for o in out]
