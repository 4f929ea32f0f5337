"""Word's automatic numbering read back as the labels a reader sees (extract/load/docx_numbering.py).

Each case: the numbering definitions (numbering.xml), extra styles, the paragraphs as Word stores
them (text, numId, ilvl, paragraph style), and the lines the loader must give."""
import pytest

from extract.load import load
from extract.load.docx_numbering import format_number
from tests.kit.render_docx import abstract_num, num, numbered_docx

DEC, LET, BUL = ("decimal", "%1."), ("lowerLetter", "%2)"), ("bullet", "-")
PLAN = abstract_num(1, DEC, LET, BUL)                           # "1." / "a)" / "-"
ROMAN = abstract_num(2, ("upperRoman", "%1."), ("decimal", "%2."), ("lowerLetter", "%3)"))
NEVER_RESTART = abstract_num(3, ("upperRoman", "%1."), ("decimal", "%2.", 1, '<w:lvlRestart w:val="0"/>'))
DOTTED = abstract_num(4, DEC, ("decimal", "%1.%2."), ("decimal", "%1.%2.%3."))
ARTICLE = abstract_num(5, ("decimal", "Điều %1."), ("decimal", "%2."), ("lowerLetter", "%3)"))
LEGAL = abstract_num(6, ("upperRoman", "%1."), ("decimal", "%1.%2.", 1, "<w:isLgl/>"))
LINKED = abstract_num(7, ("upperRoman", "%1.", 1, '<w:pStyle w:val="Muc"/>'),
                      ("decimal", "%2.", 1, '<w:pStyle w:val="Khoan"/>'))

STYLE_ARTICLE = ('<w:style w:type="paragraph" w:styleId="Dieu"><w:name w:val="Dieu"/>'
                 '<w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'
                 '<w:style w:type="paragraph" w:styleId="DieuDam"><w:name w:val="Dieu dam"/>'
                 '<w:basedOn w:val="Dieu"/></w:style>')
STYLE_OUTLINE = ('<w:style w:type="paragraph" w:styleId="Muc"><w:name w:val="Muc"/>'
                 '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
                 '<w:style w:type="paragraph" w:styleId="Khoan"><w:name w:val="Khoan"/>'
                 '<w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>')
# A list style: the abstractNum paragraphs use only points (numStyleLink) at the one that holds levels.
LIST_STYLE = ('<w:style w:type="numbering" w:styleId="DanhSach"><w:name w:val="Danh sach"/>'
              '<w:pPr><w:numPr><w:numId w:val="8"/></w:numPr></w:pPr></w:style>')
STYLE_LINKED = (abstract_num(8, DEC, LET).replace('<w:multiLevelType w:val="multilevel"/>',
                                                  '<w:multiLevelType w:val="multilevel"/><w:styleLink w:val="DanhSach"/>')
                + abstract_num(9, link="DanhSach"))

CASES = [
    ("1. / a) / - with letters restarting under each number", PLAN + num(1, 1),
     [("Các Sở, ngành:", 1, 0), ("Số hóa hồ sơ.", 1, 1), ("Báo cáo hằng tháng.", 1, 1),
      ("Giao Sở Nội vụ:", 1, 0), ("Rà soát quy trình.", 1, 1), ("Hoàn thành trong quý III.", 1, 2)],
     ["1. Các Sở, ngành:", "a) Số hóa hồ sơ.", "b) Báo cáo hằng tháng.", "2. Giao Sở Nội vụ:",
      "a) Rà soát quy trình.", "- Hoàn thành trong quý III."]),
    ("I. / 1. / a) restart under each Roman part", ROMAN + num(2, 2),
     [("MỤC ĐÍCH", 2, 0), ("Mục đích một.", 2, 1), ("Mục đích hai.", 2, 1), ("NHIỆM VỤ", 2, 0),
      ("Sở Tư pháp:", 2, 1), ("chủ trì.", 2, 2)],
     ["I. MỤC ĐÍCH", "1. Mục đích một.", "2. Mục đích hai.", "II. NHIỆM VỤ", "1. Sở Tư pháp:", "a) chủ trì."]),
    ("lvlRestart 0: numbers run on across Roman parts", NEVER_RESTART + num(3, 3),
     [("MỤC ĐÍCH", 3, 0), ("Một.", 3, 1), ("Hai.", 3, 1), ("NHIỆM VỤ", 3, 0), ("Ba.", 3, 1)],
     ["I. MỤC ĐÍCH", "1. Một.", "2. Hai.", "II. NHIỆM VỤ", "3. Ba."]),
    ("%1.%2. and %1.%2.%3.", DOTTED + num(4, 4),
     [("Nhiệm vụ chung", 4, 0), ("Tuyên truyền.", 4, 1), ("Kiểm tra.", 4, 1), ("Nhiệm vụ cụ thể", 4, 0),
      ("Sở Y tế", 4, 1), ("trước 30/6.", 4, 2)],
     ["1. Nhiệm vụ chung", "1.1. Tuyên truyền.", "1.2. Kiểm tra.", "2. Nhiệm vụ cụ thể", "2.1. Sở Y tế",
      "2.1.1. trước 30/6."]),
    ("two instances of one definition continue one count", PLAN + num(1, 1) + num(2, 1),
     [("Một.", 1, 0), ("Hai.", 1, 0), ("Đoạn xen giữa.", None, None), ("Ba.", 2, 0), ("Bốn.", 1, 0)],
     ["1. Một.", "2. Hai.", "Đoạn xen giữa.", "3. Ba.", "4. Bốn."]),
    ("startOverride restarts the count (the plan attached to a decision)", ARTICLE + num(5, 5)
     + PLAN + num(1, 1) + num(2, 1, lvl0=1),
     [("Ban hành Kế hoạch.", 5, 0), ("Tổ chức thực hiện.", 5, 0), ("Một.", 1, 0), ("Hai.", 1, 0),
      ("KẾ HOẠCH", None, None), ("Mục tiêu.", 2, 0), ("chi tiết.", 2, 1), ("Nhiệm vụ.", 2, 0)],
     ["Điều 1. Ban hành Kế hoạch.", "Điều 2. Tổ chức thực hiện.", "1. Một.", "2. Hai.", "KẾ HOẠCH", "1. Mục tiêu.",
      "a) chi tiết.", "2. Nhiệm vụ."]),
    ("set numbering value: startOverride 5 on a letter level", PLAN + num(1, 1) + num(3, 1, lvl1=5),
     [("Giao:", 1, 0), ("một.", 1, 1), ("tiếp theo.", 3, 1), ("nữa.", 3, 1)],
     ["1. Giao:", "a) một.", "e) tiếp theo.", "f) nữa."]),
    ("lvlOverride with a replacement level", PLAN + num(1, 1) + '<w:num w:numId="4"><w:abstractNumId w:val="1"/>'
     '<w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
     '<w:lvlText w:val="%1.%2."/></w:lvl></w:lvlOverride></w:num>',
     [("Chung:", 4, 0), ("một.", 4, 1), ("hai.", 4, 1)], ["1. Chung:", "1.1. một.", "1.2. hai."]),
    ("numbering from the paragraph style, through basedOn", ARTICLE + num(5, 5),
     [("Phạm vi.", None, None, "Dieu"), ("Đối tượng.", None, None, "DieuDam"), ("Hiệu lực.", None, None, "Dieu")],
     ["Điều 1. Phạm vi.", "Điều 2. Đối tượng.", "Điều 3. Hiệu lực."], STYLE_ARTICLE),
    ("a direct numId 0 removes the style's numbering", ARTICLE + num(5, 5),
     [("Phạm vi.", None, None, "Dieu"), ("Không đánh số.", 0, None, "Dieu"), ("Hiệu lực.", None, None, "Dieu")],
     ["Điều 1. Phạm vi.", "Không đánh số.", "Điều 2. Hiệu lực."], STYLE_ARTICLE),
    ("a direct ilvl on a styled paragraph", ARTICLE + num(5, 5),
     [("Trách nhiệm.", None, None, "Dieu"), ("Sở Nội vụ:", None, 1, "Dieu"), ("chủ trì.", None, 2, "Dieu")],
     ["Điều 1. Trách nhiệm.", "1. Sở Nội vụ:", "a) chủ trì."], STYLE_ARTICLE),
    ("levels chosen by w:pStyle (heading styles linked to an outline)", LINKED + num(7, 7),
     [("MỤC TIÊU", None, None, "Muc"), ("Một.", None, None, "Khoan"), ("NHIỆM VỤ", None, None, "Muc"),
      ("Hai.", None, None, "Khoan")],
     ["I. MỤC TIÊU", "1. Một.", "II. NHIỆM VỤ", "1. Hai."], STYLE_OUTLINE),
    ("numStyleLink: the definition held by a list style", STYLE_LINKED + num(8, 8) + num(9, 9),
     [("Chung:", 9, 0), ("một.", 9, 1), ("Riêng:", 9, 0)], ["1. Chung:", "a) một.", "2. Riêng:"], LIST_STYLE),
    ("bullets: symbol-font glyphs, dash and plus", abstract_num(10, ("bullet", "\uf0b7"), ("bullet", "-"),
                                                                ("bullet", "+")) + num(10, 10),
     [("Mục tiêu.", 10, 0), ("Sở Y tế;", 10, 1), ("phối hợp.", 10, 2)], ["• Mục tiêu.", "- Sở Y tế;", "+ phối hợp."]),
    ("isLgl: a legal level shows the Roman part as a number", LEGAL + num(6, 6),
     [("CHUNG", 6, 0), ("một.", 6, 1), ("RIÊNG", 6, 0), ("hai.", 6, 1)],
     ["I. CHUNG", "1.1. một.", "II. RIÊNG", "2.1. hai."]),
    ("Word's letters after z repeat (aa, bb)", abstract_num(11, ("lowerLetter", "%1)", 25)) + num(11, 11),
     [("y.", 11, 0), ("z.", 11, 0), ("aa.", 11, 0), ("bb.", 11, 0)], ["y) y.", "z) z.", "aa) aa.", "bb) bb."]),
    ("Vietnamese points numbered by Word print e) fifth (no đ: the page is the document)",
     abstract_num(12, ("lowerLetter", "%1)")) + num(12, 12),
     [(t, 12, 0) for t in ("một;", "hai;", "ba;", "bốn;", "năm;", "sáu.")],
     ["a) một;", "b) hai;", "c) ba;", "d) bốn;", "e) năm;", "f) sáu."]),
    ("an empty numbered paragraph counts", PLAN + num(1, 1),
     [("Một.", 1, 0), ("", 1, 0), ("Ba.", 1, 0)], ["1. Một.", "2.", "3. Ba."]),
    ("decimalZero and a start value", abstract_num(13, ("decimalZero", "%1.", 8)) + num(13, 13),
     [("tám.", 13, 0), ("chín.", 13, 0), ("mười.", 13, 0)], ["08. tám.", "09. chín.", "10. mười."]),
    ("numbering inside a task table counts in document order", PLAN + num(1, 1),
     [("Nhiệm vụ:", 1, 0),
      ("table", [[[("TT",)], [("Nội dung",)]],
                 [[("", 1, 1)], [("Rà soát", None, None)]],
                 [[("", 1, 1)], [("Số hóa", None, None)]]]),
      ("Tổ chức:", 1, 0)],
     ["1. Nhiệm vụ:", "TT\tNội dung", "a)\tRà soát", "b)\tSố hóa", "2. Tổ chức:"]),
    ("a level without its definition gives no label", PLAN + num(1, 1),
     [("Một.", 1, 0), ("Cấp 5.", 1, 5), ("Không có định nghĩa.", 99, 0)],
     ["1. Một.", "Cấp 5.", "Không có định nghĩa."]),
]


@pytest.mark.parametrize("name, numbering, paragraphs, expected, styles", [c if len(c) == 5 else (*c, "") for c in CASES],
                         ids=[c[0] for c in CASES])
def test_word_numbering_reads_as_printed(tmp_path, name, numbering, paragraphs, expected, styles):
    path = tmp_path / "list.docx"
    path.write_bytes(numbered_docx(numbering, paragraphs, styles))
    doc = load(path)
    assert not doc.findings
    assert [ln.text for ln in doc.pages[0].lines if ln.text.strip()] == expected


@pytest.mark.parametrize("n, fmt, text", [
    (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (5, "lowerLetter", "e"), (27, "upperLetter", "AA"),
    (3, "decimalZero", "03"), (12, "ordinal", "12"), (2, "none", ""), (1, "decimalEnclosedParen", "(1)")])
def test_number_formats(n, fmt, text):
    assert format_number(n, fmt) == text
