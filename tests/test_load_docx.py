"""DOCX: paragraphs in order, automatic numbering back to visible labels, tables, footnotes,
and the borderless two-column header and closing read column by column."""
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
