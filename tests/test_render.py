"""The fixture renderer itself: real-format PDFs, scans, TIFFs and broken files."""
from __future__ import annotations

import io
import re

import pdfplumber
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extract.load import LoadOptions, load
from extract.load.ocr import estimate_skew
from extract.normalize import clean_text
from tests.kit import render

PLAIN = """**ỦY BAN NHÂN DÂN
TỈNH BẮC NINH**

**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc**

Số: 88/UBND-VP
V/v tăng cường cải cách hành chính

Bắc Ninh, ngày 12 tháng 01 năm 2025

Kính gửi: Các sở, ban, ngành tỉnh.

Ủy ban nhân dân tỉnh yêu cầu các đơn vị **hoàn thành trong quý I năm 2025** việc rà soát *thủ tục hành chính* theo Nghị định số 61/2018/NĐ-CP.

STT	Đơn vị	Số hồ sơ
1	Sở Tư pháp	1.070
2	Sở Y tế	35

**Nơi nhận:**

- Như trên;
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH**

**Lê Văn Hùng**
"""


@pytest.fixture(scope="module")
def pdf():
    return render.directive_pdf(PLAIN)


def words(text: str) -> list[str]:
    return re.findall(r"\w[\w/.,;:\-()]*", text)


def test_text_layer_has_every_word(pdf):
    (layer,) = render.page_texts(pdf)
    assert sorted(words(layer)) == sorted(words(clean_text(PLAIN, markup=True)))


def test_a4_margins_fonts(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        chars = page.chars
        mm = 72 / 25.4
        assert min(c["x0"] for c in chars) >= 30 * mm - 0.5
        assert max(c["x1"] for c in chars) <= page.width - 15 * mm + 0.5
        assert min(c["top"] for c in chars) >= 20 * mm - 0.5
        fonts = {c["fontname"].split("+")[-1] for c in chars}
        assert fonts <= {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic",
                         "LiberationSerif-BoldItalic"}
        national = [c for c in chars if c["text"] == "C" and c["top"] < 40 * mm]
        assert all("Bold" in c["fontname"] for c in national)
        assert any("Italic" in c["fontname"] for c in chars)          # *thủ tục hành chính*, the date
        body = [c for c in chars if c["text"] == "Ủ" and c["top"] > 60 * mm]
        assert body and all(abs(c["size"] - 13) < 0.01 for c in body)


def test_two_column_header_and_closing(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words_ = doc.pages[0].extract_words()
    first = lambda text: next(w for w in words_ if w["text"] == text)  # noqa: E731
    issuer, national = first("ỦY"), first("CỘNG")
    assert abs(issuer["top"] - national["top"]) < 2 and issuer["x1"] < national["x0"]
    cc, authority = first("Nơi"), first("TM.")
    assert abs(cc["top"] - authority["top"]) < 2 and cc["x1"] < authority["x0"]


def test_tab_blocks_become_ruled_tables(pdf):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        tables = doc.pages[0].extract_tables()
    assert [["STT", "Đơn vị", "Số hồ sơ"], ["1", "Sở Tư pháp", "1.070"], ["2", "Sở Y tế", "35"]] in tables


def test_superscript_is_small_and_raised():
    pdf = render.directive_pdf(render.SAMPLE_DIRECTIVE)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = doc.pages[0].chars
    i = next(k for k, c in enumerate(chars) if c["text"] == "ủ" and chars[k + 1]["text"] == "1")
    normal, sup = chars[i], chars[i + 1]
    assert sup["size"] < normal["size"] * 0.8 and sup["bottom"] < normal["bottom"] - 2


def test_later_pages_are_numbered(tmp_path):
    long = render.SAMPLE_DIRECTIVE.replace("1. Các sở", "1. Các sở" + " rà soát hồ sơ" * 600)
    texts = render.page_texts(render.directive_pdf(long))
    assert len(texts) >= 2
    assert texts[1].lstrip().startswith("2")


def test_rasterize(pdf):
    clean = render.rasterize(pdf, 100)
    assert len(clean) == 1 and clean[0].mode == "L" and abs(clean[0].width - 827) <= 1
    assert clean[0].info["dpi"] == (100, 100)
    a = render.rasterize(pdf, 150, noisy=True, seed=4)[0]
    b = render.rasterize(pdf, 150, noisy=True, seed=4)[0]
    assert a.tobytes() == b.tobytes()                               # deterministic
    assert 0.45 <= abs(estimate_skew(a)) <= 1.6                     # skewed as promised
    assert abs(estimate_skew(clean[0])) < 0.15


def test_scanned_pdf_is_image_only(pdf):
    images = render.rasterize(pdf, 150)
    data = render.scanned_pdf(images, dpi=150)
    doc = pdfium.PdfDocument(data)
    try:
        assert len(doc) == 1
        w, h = doc[0].get_size()
        assert abs(w - 595) <= 1 and abs(h - 842) <= 1       # A4, rounded to whole pixels
        assert doc[0].get_textpage().count_chars() == 0
    finally:
        doc.close()


def test_tiff_pages_and_dpi(pdf):
    images = render.rasterize(pdf, 100) * 3
    with Image.open(io.BytesIO(render.tiff(images, dpi=100))) as img:
        assert img.n_frames == 3 and round(img.info["dpi"][0]) == 100


def test_claiming_headers_are_tiny():
    with Image.open(io.BytesIO(render.png_claiming(12_000, 10_000))) as img:
        assert img.size == (12_000, 10_000)
    with Image.open(io.BytesIO(render.tiff_claiming(15_000, 10_000))) as img:
        assert img.size == (15_000, 10_000)


def test_encrypted_pdf_needs_password():
    data = render.encrypted_pdf()
    with pytest.raises(pdfium.PdfiumError):
        pdfium.PdfDocument(data)
    pdfium.PdfDocument(data, password="secret").close()


def test_fair_cer():
    truth = "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI\nSố: 12/UBND-VP"
    assert render.fair_cer("CỘNG HÒA XÃ HỘI\nỦY BAN NHÂN DÂN\nSố: 12/UBND-VP", truth) == 0
    assert render.fair_cer("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI\nSố: 12/UBND-VB", truth) == pytest.approx(1 / 37)
    assert render.fair_cer("Số: 12/UBND-VP", truth) == pytest.approx(24 / 37)        # a line lost
    assert render.fair_cer("Số: 12/UBND-VP\tỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI", truth) == 0  # cells
    assert render.fair_cer("x\n" + truth, truth) == pytest.approx(1 / 37)            # a speck added
    repeated = "về cải cách hành chính. Kế hoạch về cải cách hành chính."
    assert render.fair_cer("Kế hoạch về cải cách hành chính.\nvề cải cách hành chính.", repeated) == 0
    assert render.fair_cer("", truth) == 1


# ------------------------------------------------------ through the PDF loader (lead's, on main)

def test_text_pdf_round_trip_exact(tmp_path, pdf):
    __import__("extract.load.pdf")          # an import error fails the test; it never skips
    path = tmp_path / "cv.pdf"
    path.write_bytes(pdf)
    doc = load(path)
    assert doc.method == "text" and not doc.findings
    assert sorted(words(doc.text)) == sorted(words(clean_text(PLAIN, markup=True)))


def test_scanned_pdf_round_trip(tmp_path):
    __import__("extract.load.pdf")          # an import error fails the test; it never skips
    pdf = render.directive_pdf(render.SAMPLE_DIRECTIVE)
    path = tmp_path / "scan.pdf"
    path.write_bytes(render.scanned_pdf(render.rasterize(pdf, 300, noisy=True, seed=2), dpi=300))
    doc = load(path, LoadOptions())
    assert doc.method == "ocr" and doc.pages[0].ocr_confidence > 0.8
    assert render.fair_cer(doc.text, render.page_texts(pdf)[0]) < 0.03
