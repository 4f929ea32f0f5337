"""OCR of rendered directives: text back within a CER bound, reading order, footnote
markers, deskew, confidences, the missing-tesseract message."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from extract.load import LoadOptions
from extract.load.errors import LoadError
from extract.load import ocr
from tests.kit import render


@pytest.fixture(scope="module")
def sample():
    pdf = render.directive_pdf(render.SAMPLE_DIRECTIVE)
    return pdf, render.page_texts(pdf)[0]


@pytest.fixture(scope="module")
def clean_page(sample):
    pdf, _ = sample
    return ocr.ocr_pages([(1, render.rasterize(pdf, 300)[0], 300)], LoadOptions())[0]


@pytest.fixture(scope="module")
def noisy_page(sample):
    pdf, _ = sample
    return ocr.ocr_pages([(1, render.rasterize(pdf, 300, noisy=True, seed=3)[0], 300)], LoadOptions())[0]


def test_clean_scan_reads_back(sample, clean_page):
    assert render.fair_cer(clean_page.text, sample[1]) < 0.015
    assert "Số: 152/UBND-KSTT" in clean_page.text
    assert "107/2021/NĐ-CP" in clean_page.text


def test_noisy_skewed_scan_reads_back(sample, noisy_page):
    assert render.fair_cer(noisy_page.text, sample[1]) < 0.03
    assert "152/UBND-KSTT" in noisy_page.text


def test_page_facts(clean_page):
    p = clean_page
    assert p.method == "ocr" and p.dpi == 300 and not p.dpi_assumed
    assert abs(p.width - 2480) <= 1 and abs(p.height - 3508) <= 1      # A4 at 300 dpi
    assert 0.85 < p.ocr_confidence <= 1
    assert [ln.number for ln in p.lines] == list(range(1, len(p.lines) + 1))
    for ln in p.lines:
        x0, top, x1, bottom = ln.bbox
        assert 0 <= x0 < x1 <= p.width and 0 <= top < bottom <= p.height
        assert 0 <= ln.confidence <= 1 and ln.page == 1
        assert ln.text == ln.text.strip() and "  " not in ln.text


@pytest.mark.parametrize("which", ["clean_page", "noisy_page"])
def test_two_column_header_not_interleaved(which, request):
    lines = [ln.text for ln in request.getfixturevalue(which).lines]
    # the whole left column, then the right one (the PDF loader's order for text layers)
    assert lines[:7] == ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG", "Số: 152/UBND-KSTT",
                         "V/v số hóa hồ sơ thủ tục hành chính", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "An Giang, ngày 05 tháng 3 năm 2025"]
    assert lines[7].startswith("Kính gửi:")
    cc = lines.index("Nơi nhận:")
    authority = next(i for i, x in enumerate(lines) if x.startswith("KT. CHỦ TỊCH"))
    assert cc < authority and lines[cc + 1] == "- Như trên;"     # left column, then right


@pytest.mark.parametrize("which", ["clean_page", "noisy_page"])
def test_footnote_markers_become_superscripts(which, request):
    text = request.getfixturevalue(which).text
    assert "Chính phủ¹" in text
    assert "20/9/2023²" in text and "20/9/20232" not in text
    assert "\n¹ Nghị định" in text and "\n² Công văn" in text


def test_normal_numbers_are_not_markers(clean_page):
    text = clean_page.text
    for number in ("06/12/2021", "30/6/2025", "trong vòng 08", "05 tháng 3 năm 2025"):
        assert number in text


@pytest.mark.parametrize("angle", [-5.0, -2.3, 0.0, 1.2, 5.0])
def test_estimate_skew_finds_rotation(sample, angle):
    page = render.rasterize(sample[0], 150)[0]
    tilted = page.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    assert ocr.estimate_skew(tilted) == pytest.approx(-angle, abs=0.15)
    straight, _ = ocr.deskew(tilted)
    assert abs(ocr.estimate_skew(straight)) <= 0.15
    assert straight.size == tilted.size


def test_estimate_skew_blank_page():
    assert ocr.estimate_skew(Image.new("L", (800, 1100), 250)) == 0.0


def test_to_gray_modes():
    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))             # fully transparent
    assert ocr.to_gray(rgba).getpixel((5, 5)) == 255
    assert ocr.to_gray(Image.new("1", (4, 4), 0)).mode == "L"
    deep = Image.fromarray(np.array([[0, 65535]], dtype=np.uint16))
    assert np.asarray(ocr.to_gray(deep)).tolist() == [[0, 255]]
    assert ocr.to_gray(Image.new("CMYK", (3, 3))).mode == "L"


def test_pages_keep_order_with_workers(sample):
    img = render.rasterize(sample[0], 300)[0]
    top, bottom = img.crop((0, 0, img.width, 900)), img.crop((0, 1400, img.width, 2300))
    pages = ocr.ocr_pages([(1, top, 300), (2, bottom, 300), (3, top, 300)], LoadOptions(ocr_workers=2))
    assert [p.number for p in pages] == [1, 2, 3]
    assert "CỘNG HÒA" in pages[0].text and "CỘNG HÒA" not in pages[1].text
    assert pages[0].text == pages[2].text


def test_unknown_dpi_is_assumed_and_said():
    page = ocr.ocr_pages([(1, Image.new("L", (600, 400), 255), None)], LoadOptions())[0]
    assert page.dpi == 300 and page.dpi_assumed
    assert page.lines == [] and page.ocr_confidence == 0.0


def test_missing_tesseract(monkeypatch):
    monkeypatch.setenv("TTHC_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(LoadError) as err:
        ocr.ocr_pages([(1, Image.new("L", (50, 50), 255), 300)], LoadOptions())
    assert err.value.code == "INPUT.OCR_UNAVAILABLE"
    assert "tesseract" in err.value.params["detail_en"]


@pytest.mark.parametrize("listed, lang, package_in_detail", [
    ("eng vie", "xyz", "tesseract-ocr-xyz"),       # a language the finding's install hint does not name
    ("eng", "vie", None),                          # vie: the finding's own hint names it, said once
    ("eng", "vie+xyz", "tesseract-ocr-xyz"),
])
def test_missing_language_data(tmp_path, monkeypatch, listed, lang, package_in_detail):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\necho 'List of available languages (2):'\n"
                    + "".join(f"echo {name}\n" for name in listed.split()))
    fake.chmod(0o755)
    monkeypatch.setenv("TTHC_TESSERACT", str(fake))
    with pytest.raises(LoadError) as err:
        ocr.check_tesseract(lang)
    assert err.value.code == "INPUT.OCR_UNAVAILABLE"
    detail, detail_en = err.value.params["detail"], err.value.params["detail_en"]
    assert lang.split("+")[-1] in detail
    if package_in_detail:
        assert package_in_detail in detail and package_in_detail in detail_en
    assert "tesseract-ocr-vie" not in detail + detail_en


def test_tesseract_runs_single_threaded(monkeypatch):
    """Every call gets OMP_THREAD_LIMIT=1; importing the loader changes nothing in os.environ."""
    import importlib
    import os
    from extract.load import tesseract
    monkeypatch.delenv("OMP_THREAD_LIMIT", raising=False)
    importlib.reload(tesseract)
    importlib.reload(ocr)
    assert "OMP_THREAD_LIMIT" not in os.environ
    assert tesseract.environment()["OMP_THREAD_LIMIT"] == "1"


def _line_image(tokens: list[tuple[str, int]]) -> tuple[Image.Image, list[dict]]:
    """A line of Liberation Serif 40 px tokens, each raised by its own pixels, with word boxes."""
    from PIL import ImageDraw, ImageFont
    font = ImageFont.truetype(render._font_file("LiberationSerif-Regular.ttf"), 40)
    img = Image.new("L", (1400, 140), 255)
    draw = ImageDraw.Draw(img)
    words, x = [], 20
    for text, raised in tokens:
        x0, top, x1, bottom = draw.textbbox((x, 50 - raised), text, font=font)
        draw.text((x, 50 - raised), text, font=font, fill=0)
        words.append({"text": text, "conf": 95.0, "x0": x0, "top": top, "x1": x1, "bottom": bottom})
        x = x1 + 14
    return img, words


@pytest.mark.parametrize("tokens, expected", [
    # an item label opening a line that rises a little at its start (a skew left after deskew)
    ([("3.", 20), ("Bộ", 0), ("Tài", 0), ("chính", 0), ("chủ", 0), ("trì", 0)], "3. Bộ Tài chính chủ trì"),
    ([("6)", 20), ("Bộ", 0), ("trưởng", 0), ("Bộ", 0), ("Nội", 0), ("vụ", 0)], "6) Bộ trưởng Bộ Nội vụ"),
    # a footnote's own line starts with its raised marker, no full stop
    ([("1", 20), ("Nghị", 0), ("định", 0), ("số", 0), ("107/2021", 0)], "¹ Nghị định số 107/2021"),
], ids=["label-dot", "label-bracket", "footnote-line"])
def test_line_opening_item_label_is_not_a_footnote_marker(tokens, expected):
    img, words = _line_image(tokens)
    shifted = ocr._Shifted(img, 0, 0, img.width, img.height)
    assert ocr._join_marking_superscripts(words, shifted) == expected


def _word_box(text, x0, top, x1, bottom, conf=95.0):
    return {"text": text, "conf": conf, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "key": (1, 1, 1),
            "choices": []}


@pytest.mark.parametrize("again, expected", [
    ([("tháng", 93.0)], "ngày 01 tháng 12 năm"),      # read again within the line: far surer, kept
    ([("thăng", 40.0)], "ngày 01 .._ 12 năm"),        # not surer: the first reading stays
    ([(":", 51.0), ("tháng", 93.0)], "ngày 01 tháng 12 năm"),   # the speck read apart is left out
    ([("_.", 60.0), ("-", 60.0), ("tháng", 93.0)], "ngày 01 tháng 12 năm"),
], ids=["surer", "not-surer", "speck-apart", "specks-apart"])
def test_word_that_swallowed_a_speck_is_read_again_within_its_line(monkeypatch, again, expected):
    """A dot of dust under a word made tesseract's box twice the line's height and its reading
    garbage; the word is read again from the line's band only."""
    from extract.load import tesseract
    line = [_word_box("ngày", 100, 500, 200, 549), _word_box("01", 215, 501, 260, 540),
            _word_box(".._", 275, 500, 395, 600, conf=0.0), _word_box("12", 410, 501, 460, 540),
            _word_box("năm", 475, 500, 565, 540)]
    asked = []

    def words(image, **kwargs):
        asked.append((image.size, kwargs.get("psm")))
        return [tesseract.Word(text, conf, 0, 0, 10, 10, 1, 1, 1) for text, conf in again]

    monkeypatch.setattr(tesseract, "words", words)
    img = Image.new("L", (700, 700), 255)
    out = ocr._swollen_reread(line, ocr._Shifted(img, 0, 0, 700, 700), LoadOptions(), 300)
    assert " ".join(w["text"] for w in out) == expected
    (width, height), psm = asked[0]
    assert psm == 7 and height < 70                    # the line's band, not the speck below it
    assert len(asked) == 1                             # only the swollen word is read again


@pytest.mark.parametrize("line, expected", [
    # (text, confidence) of each word of one line, as tesseract gave them
    ([("._—_", 13.0), ("2,", 92.0), ("Giao", 96.0), ("Công", 96.0)], "2, Giao Công"),   # specks at a page's top
    ([("Số:", 95.0), ("…", 30.0), ("/KH-UBND", 90.0)], "Số: … /KH-UBND"),          # one kind of mark: kept
    ([("-", 25.0), ("Giao", 96.0), ("Sở", 96.0), ("Nội", 96.0)], "- Giao Sở Nội"),   # a list dash: kept
    ([("._—_", 75.0), ("Giao", 96.0), ("Sở", 96.0), ("Nội", 96.0)], "._—_ Giao Sở Nội"),   # tesseract is sure
], ids=["speck-cluster", "ellipsis", "dash", "sure"])
def test_speck_clusters_are_dropped_by_form_and_confidence(line, expected):
    words, x = [], 100
    for text, conf in line:
        width = 40 * len(text)
        words.append(_word_box(text, x, 500, x + width, 540, conf=conf))
        x += width + 30
    img = Image.new("L", (2000, 700), 255)
    out = ocr._without_specks(words, ocr._Shifted(img, 0, 0, 2000, 700))
    assert " ".join(w["text"] for w in out) == expected


@pytest.mark.parametrize("text, expected", [
    ("I.MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU"),     # a bold Roman label glued to its title
    ("IV.TỔ CHỨC THỰC HIỆN", "IV. TỔ CHỨC THỰC HIỆN"),
    ("2.Sở Tư pháp", "2. Sở Tư pháp"),
    ("1.2.Tổ chức rà soát", "1.2. Tổ chức rà soát"),
    ("3.5 triệu đồng", "3.5 triệu đồng"),                 # a number, not a label
    ("1.1.1", "1.1.1"),
    ("V.v triển khai", "V.v triển khai"),                 # not followed by a capital
    ("II. NỘI DUNG", "II. NỘI DUNG"),
], ids=["roman", "roman-iv", "number", "multi", "decimal", "numbers-only", "lowercase", "spaced"])
def test_glued_item_label_is_spaced(text, expected):
    assert ocr._label_apart(text) == expected


def _ocr_lines(rows):
    """(x0, x1, text) per printed line, 65 px apart, 50 px tall: a 300-dpi page's body."""
    from extract.model import Line
    return [Line(text=text, page=1, number=k + 1, bbox=(x0, 300 + 65 * k + gap, x1, 350 + 65 * k + gap), confidence=0.9)
            for k, (x0, x1, text, *more) in enumerate(rows) for gap in [more[0] if more else 0]]


_FULL = "đơn vị, địa phương trên địa bàn tỉnh trong việc tổ chức, triển khai thực hiện công tác"


@pytest.mark.parametrize("rows, expected", [
    # a paragraph: its first line indented, the wrapped ones at the left edge, full lines reach the right edge
    ([(500, 2276, "1. Tiếp tục đẩy mạnh công tác tuyên truyền, phổ biến, quán triệt pháp luật bảo vệ"),
      (380, 2276, _FULL), (380, 1500, "nâng cao hiệu quả công tác.")], [3]),
    # an indented line after a full one starts a paragraph
    ([(380, 2276, _FULL), (500, 2276, _FULL), (380, 2276, _FULL)], [1, 2]),
    # a line ended on purpose (the next word would have fit) is not wrapped
    ([(380, 2276, _FULL), (380, 1200, "pháp luật có liên quan:"), (380, 2276, _FULL)], [2, 1]),
    # a list item after a finished sentence stays apart, even at the left edge
    ([(380, 2276, _FULL + "."), (380, 2276, "- Chủ trì, phối hợp với các cơ quan"), (380, 2276, _FULL)], [1, 2]),
    # space between the lines: another paragraph
    ([(380, 2276, _FULL), (380, 2276, _FULL, 40), (380, 2276, _FULL, 40)], [1, 2]),
    # table rows (cells apart by tabs) are lines of their own
    ([(380, 2276, _FULL), (380, 2276, "1\tSở Nội vụ\tQuý I"), (380, 2276, _FULL)], [1, 1, 1]),
    # a left edge that drifts 20 px down a page skewed below the deskew angle
    ([(400, 2276, _FULL), (390, 2276, _FULL), (380, 2276, _FULL), (370, 2276, _FULL)], [4]),
], ids=["paragraph", "indent", "short-line", "list-item", "space", "table-row", "drift"])
def test_wrapped_ocr_lines_become_their_paragraph(rows, expected):
    lines = ocr.paragraphs(_ocr_lines(rows), 2480, 300, [])
    assert [ln.text.count(" ") + 1 for ln in lines] == [
        sum(r[2].count(" ") + 1 for r in rows[sum(expected[:k]):sum(expected[:k + 1])]) for k in range(len(expected))]
    assert all(not hasattr(ln, "last_line") for ln in lines)
