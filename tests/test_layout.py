"""Layout: header columns in reading order or interleaved, blank number and day, subjects over
several lines, lost line breaks, closings in any order, footnotes across a page break,
appendices and page numbers."""
import pytest

from extract.directive.layout import analyse, name_line
from tests.kit.docbuild import document

READING_ORDER = """ỦY BAN NHÂN DÂN
TỈNH NINH THUẬN

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Số: 4560 /UBND-PVHCC

Ninh Thuận, ngày 20 tháng 10 năm 2022

V/v đẩy mạnh cải cách thủ tục hành chính.

Kính gửi:

- Các Sở, ban, ngành cấp tỉnh;
- Ủy ban nhân dân các huyện, thành phố.

Triển khai thực hiện Nghị quyết số 131/NQ-CP ngày 06/10/2022 của Chính phủ,"""

# pdfplumber / OCR: both header columns on the same lines, the title broken as a narrow column breaks it
INTERLEAVED = """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA
TỈNH NINH THUẬN VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: /UBND-PVHCC Ninh Thuận, ngày   tháng 7 năm 2024
V/v triển khai thực hiện Kế hoạch
số 12/KH-UBND của UBND tỉnh
Kính gửi: Sở Thông tin và Truyền thông.
Thực hiện Kế hoạch số 12/KH-UBND ngày 02/01/2024 của UBND tỉnh,"""

# one column per block, left column first (pypdfium2 on a header table): no blank lines at all
COLUMN_BLOCKS = """UBND TỈNH ĐỒNG THÁP
SỞ NỘI VỤ
Số: 125/SNV-CCHC
V/v hướng dẫn đánh giá, chấm điểm
chỉ số cải cách hành chính năm 2024
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đồng Tháp, ngày 12 tháng 4 năm 2024
Kính gửi:
- Các sở, ban, ngành tỉnh;
- UBND các huyện, thành phố.
Căn cứ Quyết định số 876/QĐ-BNV ngày 10/11/2023 của Bộ Nội vụ,"""

NAMED_TYPE = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 08/CT-UBND
Lâm Đồng, ngày 05 tháng 3 năm 2024
CHỈ THỊ
Về việc tăng cường kỷ luật, kỷ cương trong giải quyết
thủ tục hành chính trên địa bàn tỉnh
Thời gian qua, công tác giải quyết thủ tục hành chính đã có nhiều chuyển biến."""

LOST_BREAK = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 2150/UBND-KGVX V/v tăng cường công tác phòng, chống dịch bệnh
Quảng Ngãi, ngày 18 tháng 5 năm 2023
Kính gửi: Sở Y tế.
Thực hiện Công văn số 1234/BYT-DP ngày 10/5/2023 của Bộ Y tế,"""

HEADERS = [
    # text, expected part texts
    (READING_ORDER, {
        "issuer": "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
        "national_title": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "number": "Số: 4560 /UBND-PVHCC",
        "place_date": "Ninh Thuận, ngày 20 tháng 10 năm 2022",
        "subject": "V/v đẩy mạnh cải cách thủ tục hành chính.",
    }),
    (INTERLEAVED, {
        "issuer": "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
        "national_title": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "number": "Số: /UBND-PVHCC",
        "place_date": "Ninh Thuận, ngày tháng 7 năm 2024",  # loaders collapse spaces
        "subject": "V/v triển khai thực hiện Kế hoạch số 12/KH-UBND của UBND tỉnh",
    }),
    (COLUMN_BLOCKS, {
        "issuer": "UBND TỈNH ĐỒNG THÁP SỞ NỘI VỤ",
        "number": "Số: 125/SNV-CCHC",
        "subject": "V/v hướng dẫn đánh giá, chấm điểm chỉ số cải cách hành chính năm 2024",
        "place_date": "Đồng Tháp, ngày 12 tháng 4 năm 2024",
    }),
    (NAMED_TYPE, {
        "doc_title": "CHỈ THỊ",
        "subject": "Về việc tăng cường kỷ luật, kỷ cương trong giải quyết thủ tục hành chính trên địa bàn tỉnh",
        "number": "Số: 08/CT-UBND",
    }),
    (LOST_BREAK, {
        "issuer": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "number": "Số: 2150/UBND-KGVX",
        "subject": "V/v tăng cường công tác phòng, chống dịch bệnh",
        "place_date": "Quảng Ngãi, ngày 18 tháng 5 năm 2023",
    }),
]


@pytest.mark.parametrize("text, expected", HEADERS)
def test_header_parts(text, expected):
    layout = analyse(document(text))
    got = {k: layout.parts[k].text for k in expected if k in layout.parts}
    assert got == expected


def test_header_parts_are_located():
    doc = document(INTERLEAVED)
    layout = analyse(doc)
    place = layout.parts["place_date"]
    assert doc.text[place.start:place.end] == "Ninh Thuận, ngày tháng 7 năm 2024"
    span = place.span()
    assert (span.page, span.line) == (1, 4)
    assert layout.interleaved


@pytest.mark.parametrize("text, recipients, body_start", [
    (READING_ORDER, ["- Các Sở, ban, ngành cấp tỉnh;", "- Ủy ban nhân dân các huyện, thành phố."], "Triển khai"),
    (INTERLEAVED, ["Sở Thông tin và Truyền thông."], "Thực hiện Kế hoạch"),
    (COLUMN_BLOCKS, ["- Các sở, ban, ngành tỉnh;", "- UBND các huyện, thành phố."], "Căn cứ"),
    (NAMED_TYPE, [], "Thời gian qua"),
])
def test_recipients_and_body_start(text, recipients, body_start):
    layout = analyse(document(text))
    assert [b.text for b in layout.recipients] == recipients
    assert layout.body[0].text.startswith(body_start)


BODY = "1. Giao Sở Tài chính bố trí kinh phí thực hiện theo quy định./."

CLOSINGS = [
    ("reading order", """Nơi nhận:
- Như trên;
- Lưu: VT, TTHC. ant
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Handwritten signature in blue ink)
lamhoangngiep
Lâm Hoàng Nghiệp"""),
    ("signature first", """KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
(Đã ký)
Lâm Hoàng Nghiệp
Nơi nhận:
- Như trên;
- Lưu: VT, TTHC."""),
    ("interleaved", """Nơi nhận: KT. CHỦ TỊCH
- Như trên; PHÓ CHỦ TỊCH
- Lưu: VT, TTHC. Lâm Hoàng Nghiệp"""),
    ("one line", """Nơi nhận:
- Như trên;
- Lưu: VT, TTHC.
KT. CHỦ TỊCH PHÓ CHỦ TỊCH
Lâm Hoàng Nghiệp"""),
]


@pytest.mark.parametrize("name, closing", CLOSINGS, ids=[c[0] for c in CLOSINGS])
def test_closing_in_any_order(name, closing):
    layout = analyse(document(READING_ORDER + "\n" + BODY + "\n" + closing))
    assert layout.parts["authority"].text == "KT. CHỦ TỊCH"
    assert layout.parts["position"].text == "PHÓ CHỦ TỊCH"
    assert layout.parts["signer_name"].text == "Lâm Hoàng Nghiệp"
    assert [b.text for b in layout.cc][0] == "- Như trên;"
    assert layout.body[-1].text == BODY


@pytest.mark.parametrize("line, is_name", [
    ("Nguyễn Long Biên", True),
    ("Lâm Hoàng Nghiệp", True),
    ("NGUYỄN THANH BÌNH", True),
    ("lamhoangngiep", False),
    ("Mhv", False),
    ("PHÓ CHỦ TỊCH", False),
    ("Sở Tài Chính", False),
    ("Như trên", False),
    ("Thượng tướng Võ Minh Lương", True),      # a rank before the name (Bộ Quốc phòng, tests/corpus/real)
    ("Thượng tướng Vũ Hải Sản", True),
    ("Đại tá Nguyễn Văn Bình", True),
    ("Phó Đô đốc Phạm Hoài Nam", True),
    ("Thượng tướng", False),
    ("Trung tá", False),
])
def test_signer_names(line, is_name):
    assert name_line(line) is is_name


@pytest.mark.parametrize("position, name", [
    ("THỨ TRƯỞNG", "Thượng tướng Võ Minh Lương"),       # 92/VBHN-BQP, 94/VBHN-BQP
    ("THỨ TRƯỞNG", "Thượng tướng Vũ Hải Sản"),          # 8ea98f884cf1d2a7
    ("PHÓ GIÁM ĐỐC", "Đại tá Nguyễn Văn Bình"),
])
def test_a_rank_before_the_signer_name_keeps_the_name(position, name):
    closing = f"Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. BỘ TRƯỞNG\n{position}\n{name}"
    layout = analyse(document(READING_ORDER + "\n" + BODY + "\n" + closing))
    assert (layout.parts["position"].text, layout.parts["signer_name"].text) == (position, name)


def test_footnote_across_page_break_does_not_end_the_item():
    doc = document(READING_ORDER + """
1. Các Sở, ban, ngành:
- Rà soát các văn bản chỉ đạo của Ủy ban nhân dân tỉnh²;
² Công văn số 24/UBND-HCC ngày 20/9/2023 của Ủy ban nhân dân Tỉnh.""",
                   """2
tổ chức thực hiện nghiêm túc, báo cáo kết quả trước ngày 30/6/2024.
- Thực hiện nghiêm việc tiếp nhận hồ sơ.""")
    layout = analyse(doc)
    assert [(f.number, f.block.text[:13]) for f in layout.footnotes] == [(2, "² Công văn số")]
    texts = [p.text for p in layout.body]
    assert "2" not in texts                                  # page number of page 2 dropped
    assert texts[-2].startswith("tổ chức thực hiện")         # the bullet goes on after the footnote


def test_ocr_footnote_without_superscript():
    doc = document(READING_ORDER + """
1. Các Sở, ban, ngành thực hiện theo các văn bản chỉ đạo của Thủ tướng Chính phủ1.
1 Công văn số 727/TTg-KSTT ngày 01/10/2024 của Thủ tướng Chính phủ.
2. Sở Tư pháp rà soát thủ tục hành chính.""")
    layout = analyse(doc)
    assert [f.number for f in layout.footnotes] == [1]
    assert layout.body[-1].text.startswith("2. Sở Tư pháp")


def test_appendix_after_the_signature():
    doc = document(READING_ORDER + "\n" + BODY + "\n" + CLOSINGS[0][1] + """
PHỤ LỤC
DANH MỤC NHIỆM VỤ
(Kèm theo Công văn số 4560/UBND-PVHCC ngày 20/10/2022 của UBND tỉnh)
STT Nội dung nhiệm vụ
1 Nhóm “Công khai” (trách nhiệm thực hiện của các sở, ngành)
1.1 Công khai thủ tục hành chính.""")
    layout = analyse(doc)
    assert len(layout.appendices) == 1
    app = layout.appendices[0]
    assert app.title.text.startswith("PHỤ LỤC DANH MỤC NHIỆM VỤ (Kèm theo Công văn số 4560")
    assert [p.text[:3] for p in app.pieces] == ["STT", "1 N", "1.1"]
    assert layout.parts["signer_name"].text == "Lâm Hoàng Nghiệp"


@pytest.mark.parametrize("text", ["", "\n\n", "Hôm nay trời đẹp.\nChúng tôi đi dạo."])
def test_no_structure(text):
    layout = analyse(document(text))
    assert "number" not in layout.parts and "issuer" not in layout.parts


def test_centered_lines_end_a_named_subject():
    """With line boxes (PDF, OCR) a trích yếu is centred; the body's first line is not."""
    text = NAMED_TYPE.replace("\nThời gian qua", "\nCăn cứ tình hình thực tế, yêu cầu\nThời gian qua")
    lines = text.split("\n")
    boxes = []
    for t in lines:
        if t.startswith(("Về việc", "thủ tục", "CHỈ THỊ")):
            boxes.append((150.0, 0, 445.0, 10))            # centred
        else:
            boxes.append((85.0, 0, 540.0, 10))             # full width
    layout = analyse(document(text, boxes=[boxes]))
    assert layout.parts["subject"].text.endswith("trên địa bàn tỉnh")


def test_ocr_specks_in_the_header():
    text = READING_ORDER.replace("V/v đẩy", "_ V/v đẩy").replace("- Các Sở", "~ Các Sở")
    layout = analyse(document(text))
    assert layout.parts["subject"].text == "V/v đẩy mạnh cải cách thủ tục hành chính."
    assert [b.text for b in layout.recipients][0] == "~ Các Sở, ban, ngành cấp tỉnh;"


def test_ocr_line_cut_in_two_is_read_in_order():
    """OCR returned the right half of a printed line after the next line; boxes put it back."""
    body = ["1. Thủ trưởng các sở; Chủ tịch UBND các", "xã, phường, thị trấn:", "huyện, thị xã; Chủ tịch UBND các"]
    lines = READING_ORDER.split("\n") + body
    boxes = [(380.0, 40.0 * i, 1500.0, 40.0 * i + 30) for i in range(len(lines))]
    boxes[-1] = (1600.0, boxes[-3][1], 2270.0, boxes[-3][3])       # same baseline as body[0]
    boxes[-2] = (380.0, boxes[-3][1] + 40, 1300.0, boxes[-3][3] + 40)
    doc = document("\n".join(lines), boxes=[boxes])
    for page in doc.pages:
        page.width = 2481.0
    layout = analyse(doc)
    assert [p.text for p in layout.body[-3:]] == [body[0], body[2], body[1]]


def test_signing_tool_text_and_page_numbers_are_not_content():
    stamp = ("Người ký: Ủy ban Nhân dân tỉnh Ninh Thuận\nEmail: ubnd@ninhthuan.gov.vn\n"
             "Cơ quan: Tỉnh Ninh Thuận\nThời gian ký: 20.10.2022 15:30:22 +07:00\n")
    doc = document(stamp + READING_ORDER + "\n1. Các Sở thực hiện nghiêm các nội dung trên.",
                   "Trang 2/3\n2. Sở Tài chính bố trí kinh phí.")
    layout = analyse(doc)
    assert layout.parts["issuer"].text == "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN"
    assert [p.text[:2] for p in layout.body[-2:]] == ["1.", "2."]


def test_named_subject_ends_where_full_width_lines_begin():
    """A text layer without blank lines or boxes: the trích yếu lines are shorter than the body's."""
    text = NAMED_TYPE.replace(
        "\nThời gian qua, công tác giải quyết thủ tục hành chính đã có nhiều chuyển biến.",
        "\nCông tác giải quyết thủ tục hành chính trên địa bàn tỉnh thời gian qua đã có nhiều chuyển biến\n"
        "tích cực, song vẫn còn tình trạng hồ sơ trễ hạn.")
    layout = analyse(document(text))
    assert layout.parts["subject"].text.endswith("thủ tục hành chính trên địa bàn tỉnh")
    assert layout.body[0].text.startswith("Công tác giải quyết")


def test_ocr_damage_in_the_closing():
    """OCR drops a dot ('CHỦ TICH'), leaves specks (': ', ' -') and splits the columns oddly."""
    closing = ("Nơi nhận:\n- Văn phòng Chính phủ; : CHỦ TICH\n- Lưu: VT, NC.\nTM. ỦY BAN NHÂN DÂN\n"
               "(Đã ký)\nỲ\nĐặng Văn Minh -")
    layout = analyse(document(READING_ORDER + "\n" + BODY + "\n" + closing))
    assert layout.parts["position"].text == "CHỦ TICH"
    assert layout.parts["signer_name"].text == "Đặng Văn Minh"
    assert [b.text for b in layout.cc] == ["- Văn phòng Chính phủ;", "- Lưu: VT, NC."]


def test_table_rows_keep_an_empty_first_cell_and_are_no_title():
    doc = document(READING_ORDER + "\n" + BODY + "\n" + CLOSINGS[0][1] + """
PHỤ LỤC
STT\tNỘI DUNG NHIỆM VỤ
1\tCông khai thủ tục hành chính trên Cổng Dịch vụ công quốc gia, các
\tbiểu mẫu điện tử.""")
    layout = analyse(doc)
    app = layout.appendices[0]
    assert app.title.text == "PHỤ LỤC"
    assert [p.text for p in app.pieces] == ["STT\tNỘI DUNG NHIỆM VỤ", "1\tCông khai thủ tục hành chính trên Cổng "
                                            "Dịch vụ công quốc gia, các", "\tbiểu mẫu điện tử."]
    cont = app.pieces[2]
    assert doc.text[cont.start:cont.end] == cont.text


@pytest.mark.parametrize("name, texts, appendices", [
    # A text PDF of 82483d7fa7f7a186: its appendix table's title row ('DANH MỤC …\tGhi chú') read as one
    # tab-separated line; parse_appendices looped on it for ever (neither a title nor the end of content).
    ("a table row that opens like a title", ["DANH MỤC QUY TRÌNH NỘI BỘ\tGhi chú", "1\tQuy trình cấp phép\t"],
     [(None, 2)]),
    ("a title, then such a row", ["PHỤ LỤC", "Bảng kê\tSố lượng", "1\tMáy tính\t5"], [("PHỤ LỤC", 0), (None, 2)]),
    ("two appendices", ["PHỤ LỤC I", "Nội dung một", "PHỤ LỤC II", "Nội dung hai"],
     [("PHỤ LỤC I", 1), ("PHỤ LỤC II", 1)]),
])
def test_appendices_always_move_on(name, texts, appendices):
    from extract.directive.layout import Layout, Piece, parse_appendices
    pieces, at = [], 0
    for n, t in enumerate(texts):
        pieces.append(Piece(text=t, start=at, page=3, line=n + 1))
        at += len(t) + 1
    layout = Layout()
    parse_appendices(pieces, 0, layout)
    assert [(a.title.text if a.title else None, len(a.pieces)) for a in layout.appendices] == appendices
