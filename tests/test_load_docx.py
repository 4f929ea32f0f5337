"""DOCX: paragraphs in order, automatic numbering back to visible labels, tables, footnotes,
and the borderless two-column header and closing read column by column."""
import pytest

from extract.load import load
from tests.kit.render_docx import SAMPLE, directive_docx


def test_docx_round_trip(tmp_path):
    path = tmp_path / "cv.docx"
    path.write_bytes(directive_docx(SAMPLE))
    doc = load(path)
    assert not doc.findings and doc.method == "docx"
    lines = [line.text for line in doc.pages[0].lines]
    assert lines[:7] == ["ỦY BAN NHÂN DÂN", "TỈNH HÀ NAM", "Số: 1234/UBND-KSTT",
                         "V/v tăng cường số hóa hồ sơ thủ tục hành chính",
                         "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         "Hà Nam, ngày 05 tháng 3 năm 2024"]
    assert "1. Các Sở, ban, ngành tỉnh:" in lines
    assert "a) Số hóa 100% hồ sơ tiếp nhận, hoàn thành trước ngày 30/6/2024.¹" in lines
    assert "b) Báo cáo kết quả định kỳ hằng tháng." in lines
    assert "2. Giao Sở Thông tin và Truyền thông:" in lines
    # the letter counter restarts under a new number
    assert "a) Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh." in lines
    assert "- Hoàn thành chậm nhất trong quý III năm 2024." in lines
    assert "1\tRà soát quy trình nội bộ\tSở Nội vụ" in lines
    assert doc.pages[0].tables[0].rows[0] == ["TT", "Nội dung", "Đơn vị thực hiện"]
    # closing: the Nơi nhận column, then the signer column
    i = lines.index("Nơi nhận:")
    assert lines[i:i + 7] == ["Nơi nhận:", "- Như trên;", "- CT, các PCT UBND tỉnh;", "- Lưu: VT, KSTT.",
                              "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Minh"]
    assert lines[-1] == "¹ Theo Công văn số 12/VPCP-KSTT ngày 02/01/2024 của Văn phòng Chính phủ."


def _wrapped_docx(tmp_path, wrap):
    """A DOCX of three paragraphs whose XML `wrap` rewrites (python-docx cannot write these parts)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    for text in ("ỦY BAN NHÂN DÂN", "Số: 12/UBND-VP", "Kính gửi: Sở Nội vụ"):
        document.add_paragraph(text)
    wrap(document.element.body, parse_xml, nsdecls)
    path = tmp_path / "w.docx"
    document.save(path)
    return [ln.text for ln in load(path).pages[0].lines if ln.text.strip()]


def _in_content_control(body, parse_xml, nsdecls):
    first, second = body[0], body[1]
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    body.insert(0, sdt)
    sdt[1].append(first)
    sdt[1].append(second)


def _text_box(body, parse_xml, nsdecls):
    p = body[2]
    box = ("<w:r {ns} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'><mc:AlternateContent>"
           "<mc:Choice Requires='wps'><w:t>Hỏa tốc</w:t></mc:Choice>"
           "<mc:Fallback><w:t>Hỏa tốc</w:t></mc:Fallback></mc:AlternateContent></w:r>").format(ns=nsdecls("w"))
    p.insert(0, parse_xml(box))



@pytest.mark.parametrize("name, wrap, expected", [
    ("the header kept in a content control (w:sdt), as templates do", _in_content_control,
     ["ỦY BAN NHÂN DÂN", "Số: 12/UBND-VP", "Kính gửi: Sở Nội vụ"]),
    ("a text box is read once, not again from its fallback copy", _text_box,
     ["ỦY BAN NHÂN DÂN", "Số: 12/UBND-VP", "Hỏa tốcKính gửi: Sở Nội vụ"]),
])
def test_word_containers(tmp_path, name, wrap, expected):
    assert _wrapped_docx(tmp_path, wrap) == expected
