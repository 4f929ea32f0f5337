"""The Decree 30 forms of a portal text (tests/kit/real_render.py) keep the document the text shows:
its paragraphs where the export sets them, its task tables' columns after an elision. What the
renderer reads wrong, every PDF, DOCX and scan form of the real corpus reads wrong too."""
import pytest

from tests.kit import real_render

HEADER = ["|", "**ỦY BAN NHÂN DÂN**", "**TỈNH NGHỆ AN**", "|", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**",
          "Độc lập - Tự do - Hạnh phúc", "|", "|", "Số: 12/KH-UBND", "|",
          "*Nghệ An, ngày 18 tháng 11 năm 2025*", "|", "", "**KẾ HOẠCH**", "", ]
CLOSING = ["|", "*Nơi nhận:*", "- Như trên;", "- Lưu: VT.", "|", "**TM. ỦY BAN NHÂN DÂN**", "**CHỦ TỊCH**",
           "", "**Nguyễn Văn An**", "|"]

# Paragraph wrapped by the portal's HTML source: a line can end on a full stop inside a paragraph.
WRAPPED = ["Chủ trì, phối hợp với các cơ quan tham mưu các giải pháp bảo đảm hạ tầng",
           "bảo mật cho việc số hóa tài liệu bí mật nhà nước.",
           "Nghiên cứu, ban hành quy chuẩn kỹ thuật về hạ tầng bảo mật."]
NEXT = ["Sở Nội vụ chủ trì tập huấn cho công chức, viên chức làm công tác văn thư."]


def _paragraphs(lines: list[str]) -> list[str]:
    layout = real_render.from_portal("\n".join(lines))
    return [b.text for b in layout.body if b.kind == "para"]


@pytest.mark.parametrize("name, body, paragraphs", [
    ("paragraphs set apart by blank lines: a full stop at a line end is a wrap",
     WRAPPED + [""] + NEXT, [" ".join(WRAPPED), NEXT[0]]),
    ("no blank lines in the whole export: a full stop at a line end is the only paragraph end",
     WRAPPED + NEXT, [" ".join(WRAPPED[:2]), WRAPPED[2], NEXT[0]]),
    ("a numbered item still starts its own paragraph in a blank-line export",
     WRAPPED[:2] + ["1. Sở Nội vụ chủ trì tập huấn."] + [""] + NEXT,
     [" ".join(WRAPPED[:2]), "1. Sở Nội vụ chủ trì tập huấn.", NEXT[0]]),
    ("a dash the wrap put at a line's start is no list item",
     ["b) Chỉ đạo phòng, ban chuyên môn, phối hợp tổ chức chính trị", "- xã hội tại địa phương thực hiện tuyên truyền."]
     + [""] + NEXT, ["b) Chỉ đạo phòng, ban chuyên môn, phối hợp tổ chức chính trị - xã hội tại địa phương thực hiện "
                     "tuyên truyền.", NEXT[0]]),
    ("rows of a tab-separated table in a blank-line export are lines of their own",
     ["STT\tNỘI DUNG NHIỆM VỤ", "1.1\tHằng ngày kiểm tra các thủ tục hành chính.", "1.2\tCập nhật hồ sơ trong ngày."]
     + [""] + NEXT, ["1.1\tHằng ngày kiểm tra các thủ tục hành chính.", "1.2\tCập nhật hồ sơ trong ngày.",
                     NEXT[0]]),                  # (the header row, in capitals, is set as a heading)
], ids=lambda x: x if isinstance(x, str) and " " in x else "")
def test_paragraphs_as_the_export_sets_them(name, body, paragraphs):
    filler = [f"Mục tiêu thứ {k} của kế hoạch được bảo đảm." for k in range(30)]   # a document's worth
    blank_separated = "" in body
    lines = HEADER + body + ([""] + [x for f in filler for x in (f, "")] if blank_separated else filler) + CLOSING
    assert _paragraphs(lines)[:len(paragraphs)] == paragraphs


def test_body_in_the_closing_tables_cell_keeps_its_paragraphs():
    """Some exports put the body in the closing table's first cell: no blank line there, so a line
    ending a sentence ends the paragraph (1a814c71, 5d3180ce)."""
    cell = ["Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ về việc rà soát biên chế,",
            "Bộ Nội vụ đề nghị các bộ, ngành báo cáo như sau:",
            "Bộ Nông nghiệp và Môi trường chủ trì, phối hợp với Bộ Tư pháp nghiên cứu kiến nghị",
            "của Hiệp hội và báo cáo Thủ tướng Chính phủ trước ngày 30 tháng 11 năm 2025.",
            "Văn phòng Chính phủ thông báo để các cơ quan biết, thực hiện./."]
    lines = HEADER + [x for k in range(20) for x in (f"Mục tiêu thứ {k} được bảo đảm.", "")] + \
        ["|", *cell, "|"] + CLOSING[1:]
    paras = _paragraphs(lines)
    assert paras[-3:] == [" ".join(cell[:2]), " ".join(cell[2:4]), cell[4]]


ELIDED = "\n".join([
    "|", "**TT**", "|", "**Nhiệm vụ**", "|", "**Chủ trì**", "|", "**Thời hạn**", "|",
    "|", "1", "|", "Việc một", "|", "Sở A", "|", "2025", "|",
    "", "….................................", "",
    "|", "2", "|", "Việc hai", "|", "Sở B", "|", "2026", "|",
    "|", "**VII**", "|", "**DIỄN TẬP PHÒNG THỦ DÂN SỰ**", "|",      # a group row spans the row
    "|", "1", "|", "Diễn tập các cấp", "|", "Sở C", "|", "Theo kế hoạch", "|",
    "|", "Diễn tập tiếp", "|", "Sở D", "|",                        # its number cell spans the row above
    "|", "2", "|", "Diễn tập hai", "|", "Sở E", "|", "2027", "|",
    "Đoạn sau bảng."])


def test_a_numbered_table_goes_on_after_an_elision_with_its_columns():
    tables = [u for u in real_render._units(ELIDED) if u.kind == "table"]
    rows = [[" ".join(c) for c in r] for r in tables[-1].rows]
    assert rows == [["2", "Việc hai", "Sở B", "2026"],
                    ["**VII**", "**DIỄN TẬP PHÒNG THỦ DÂN SỰ**", "", ""],
                    ["1", "Diễn tập các cấp", "Sở C", "Theo kế hoạch"],
                    ["", "Diễn tập tiếp", "Sở D", ""],
                    ["2", "Diễn tập hai", "Sở E", "2027"]]
