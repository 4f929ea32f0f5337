"""Scans as offices make them: the scanner's page image taken as it is, coloured ink apart from the
text, the seal as a fact, page images as one document, OCR once, tesseract in one wrapper, words
corrected among tesseract's own alternatives. OCR runs on small images only."""
from __future__ import annotations

import io
import json
import re
import zlib

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

import cli
from extract.directive import parse
from extract.load import LoadOptions, inks, load, ocr, page_images, tesseract
from extract.load.ocr_correct import correct
from extract.load.pdf import page_image
from extract.model import Directive, Seal, Signer, Span
from checks.scans import seal as seal_check
from tests.kit import real_render, render


def _box(img: Image.Image) -> tuple:
    ys, xs = np.nonzero(np.asarray(img.convert("L")) < 128)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


@pytest.fixture(scope="module")
def mark():
    img = Image.new("L", (300, 200), 255)
    ImageDraw.Draw(img).rectangle((10, 10, 60, 40), fill=0)
    return img


def _encoded(img: Image.Image, kind: str) -> tuple[bytes, str, dict]:
    if kind == "dct":
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=90)
        return buf.getvalue(), "/DCTDecode", {}
    if kind == "jpx":
        buf = io.BytesIO()
        img.save(buf, "JPEG2000")
        return buf.getvalue(), "/JPXDecode", {}
    if kind == "flate":
        return zlib.compress(img.tobytes()), "/FlateDecode", {}
    if kind == "ccitt":
        return real_render.g4_stream(img), "/CCITTFaxDecode", {
            "bits": 1, "decode_parms": f"<< /K -1 /Columns {img.width} /Rows {img.height} /BlackIs1 true >>"}
    return real_render.jbig2_stream(img), "/JBIG2Decode", {"bits": 1}


@pytest.mark.parametrize("kind", ["dct", "jpx", "flate", "ccitt", "jbig2"])
def test_scanned_page_image_is_taken_at_native_resolution(mark, kind):
    data, filters, extra = _encoded(mark, kind)
    pdf = pdfium.PdfDocument(real_render.raw_image_pdf(data, 300, 200, filters, dpi=200, **extra))
    img, dpi = page_image(pdf[0], 10**8)
    assert img.size == (300, 200) and dpi == 200.0            # the scanner's pixels, no resampling
    assert _box(img) == (10, 10, 60, 40)


@pytest.mark.parametrize("placement", [
    {"rotate": 90}, {"rotate": 180}, {"rotate": 270},
    {"matrix": (72, 0, 0, -48, 0, 48)},                 # drawn upside down (flipped)
    {"matrix": (-72, 0, 0, 48, 72, 0)},                 # mirrored
    {"matrix": (0, 72, -48, 0, 48, 0)},                 # turned a quarter by its matrix
    {"matrix": (0, -72, 48, 0, 0, 72)},
    {"matrix": (0, 72, -48, 0, 48, 0), "rotate": 90},   # and by the page's /Rotate
], ids=["rot90", "rot180", "rot270", "flip", "mirror", "turned", "turned-back", "turned-rotated"])
def test_page_image_upright_as_the_page_shows_it(mark, placement):
    data, filters, _ = _encoded(mark, "dct")
    pdf = pdfium.PdfDocument(real_render.raw_image_pdf(data, 300, 200, filters, dpi=300, **placement))
    img, _ = page_image(pdf[0], 10**8)
    shown = pdf[0].render(scale=300 / 72).to_pil()
    assert img.size == shown.size
    assert _box(img) == _box(shown)


def test_page_that_is_not_one_image_is_rendered(mark):
    pdf = pdfium.PdfDocument(render.directive_pdf(render.SAMPLE_DIRECTIVE))
    assert page_image(pdf[0], 10**8) is None


@pytest.fixture(scope="module")
def stamped():
    """A colour page at 200 dpi: black text, a red seal ring with a star over it, a blue stroke."""
    img = Image.new("RGB", (1200, 800), (240, 236, 222))
    d = ImageDraw.Draw(img)
    for y in range(100, 700, 60):
        d.rectangle((100, y, 1100, y + 18), fill=(25, 25, 25))          # lines of "text"
    r = 140                                                              # a 35.6 mm seal at 200 dpi
    d.ellipse((500 - r, 400 - r, 500 + r, 400 + r), outline=(205, 40, 50), width=6)
    d.polygon([(500, 350), (520, 420), (480, 420)], fill=(205, 40, 50))
    d.line([(420, 500), (760, 380)], fill=(45, 60, 150), width=5)
    return img


def test_red_and_blue_ink_leave_the_text(stamped):
    split = inks.separate(stamped, 200, ocr.to_gray)
    gray = np.asarray(split.gray)
    assert split.colour
    assert gray[400 - 140 + 2, 500] > 200                # on the seal's rim, off any text line
    assert gray[345, 560] < 80                           # black text inside the seal stays black
    assert gray[490, 448] > 200                          # the blue stroke between text lines
    (x0, top, x1, bottom), = split.seals
    assert x0 <= 360 <= 640 <= x1 and top <= 260 <= 540 <= bottom


def test_gray_scan_has_no_colour_facts(stamped):
    split = inks.separate(stamped.convert("L"), 200, ocr.to_gray)
    assert not split.colour and split.seals == []


def test_tesseract_wrapper_sets_nothing_at_import_and_gives_alternatives(monkeypatch):
    monkeypatch.setenv("OMP_THREAD_LIMIT", "4")
    assert tesseract.environment()["OMP_THREAD_LIMIT"] == "1"
    img = Image.new("L", (900, 90), 255)
    font = render._font_file("LiberationSerif-Regular.ttf")
    from PIL import ImageFont
    ImageDraw.Draw(img).text((20, 20), "Chuyển đổi số để thực hiện", fill=0,
                             font=ImageFont.truetype(str(font), 40))
    words = tesseract.words(img, dpi=300)
    assert " ".join(w.text for w in words) == "Chuyển đổi số để thực hiện"
    for w in words:
        assert "".join(c[0][0] for c in w.choices) == w.text
        assert w.x0 < w.x1 and w.top < w.bottom and (w.block, w.par, w.line) == (words[0].block, words[0].par, 1)


HOCR = """<div class='ocr_carea' id='block_1_1' title="bbox 1 2 3 4">
<p class='ocr_par' id='par_1_1' lang='vie'>
<span class='ocr_line' id='line_1_1' title="bbox 1 2 3 4">
<span class='ocrx_word' id='word_1_1' title='bbox 10 20 60 50; x_wconf 94'>kể
 <span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
  <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 95.1'>k</span></span>
 <span class='ocrx_cinfo' id='lstm_choices_1_1_2'>
  <span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 93.2'>ể</span>
  <span class='ocrx_cinfo' id='choice_1_1_3' title='x_confs 63.5'>ế</span></span>
</span>
<span class='ocrx_word' id='word_1_2' title='bbox 70 20 99 50; x_wconf 90'>&amp;</span>
</span></p></div>"""


def test_hocr_words_with_alternatives():
    first, second = tesseract.parse_hocr(HOCR)
    assert (first.text, first.conf, first.x0, first.bottom) == ("kể", 94.0, 10, 50)
    assert first.choices == [[("k", 95.1)], [("ể", 93.2), ("ế", 63.5)]]
    assert (second.text, second.choices) == ("&", [])


def _word(text, key=(1, 1, 1), alts=None):
    """A word as the OCR path hands it to the corrector; alts: {position: [(char, conf)]}."""
    choices = [[(c, 95.0)] for c in text]
    for pos, extra in (alts or {}).items():
        choices[pos] = extra
    return {"text": text, "conf": 90.0, "key": key, "choices": choices}


@pytest.mark.parametrize("words, expected", [
    # tesseract's own second choice, made likely by the vocabulary of directives
    ([_word("đế", alts={1: [("ế", 80.0), ("ể", 60.0)]}), _word("thực"), _word("hiện")], "để thực hiện"),
    # a hook read as an acute that tesseract did not offer: the tone swap
    ([_word("Chuyến"), _word("đối"), _word("số")], "Chuyển đổi số"),
    # right already: stays
    ([_word("để", alts={1: [("ể", 90.0), ("ế", 20.0)]}), _word("thực"), _word("hiện")], "để thực hiện"),
    ([_word("Ủy"), _word("ban"), _word("nhân"), _word("dân")], "Ủy ban nhân dân"),
    # names and words the vocabulary does not know keep tesseract's reading
    ([_word("Nguyễn"), _word("Lộc"), _word("Hà")], "Nguyễn Lộc Hà"),
    ([_word("2820/QĐ-UBND"), _word("ngày")], "2820/QĐ-UBND ngày"),
], ids=["own-alternative", "tone-swap", "already-right", "common-phrase", "name", "number"])
def test_corrector(words, expected):
    correct(words)
    assert " ".join(w["text"] for w in words) == expected


def _spaced(texts, key=(1, 1, 1), gap=(), alts=None):
    """Words on one line, 40 px tall, a space of 15 px (or 400 px after the positions in gap)."""
    words, x = [], 100
    for k, text in enumerate(texts):
        w = _word(text, key, (alts or {}).get(k))
        w.update(x0=x, x1=x + 30 * len(text), top=100, bottom=140)
        words.append(w)
        x = w["x1"] + (400 if k in gap else 15)
    return words


_A_FOR_AW = {2: [("ắ", 70.0), ("á", 60.0)]}          # tesseract unsure between Thắng and Tháng


@pytest.mark.parametrize("words, expected", [
    # a signer's name alone on its line: the vocabulary's common words (trình, tháng, phước) are
    # one mark away, its prior must not rewrite what is printed
    (_spaced(["Trịnh", "Mạnh", "Linh"]), "Trịnh Mạnh Linh"),
    (_spaced(["Hồ", "Đức", "Phớc"]), "Hồ Đức Phớc"),
    (_spaced(["Trần", "Đức", "Thắng"], alts={2: _A_FOR_AW}), "Trần Đức Thắng"),
    # two capitalised words alone in their column, beside the Nơi nhận list
    (_spaced(["-", "Lưu:", "VT.", "Ngọc", "Thắng"], gap=(2,), alts={4: _A_FOR_AW}), "- Lưu: VT. Ngọc Thắng"),
    # a name in a sentence: three capitalised words in a row
    (_spaced(["Ông", "Trịnh", "Văn", "Hòa,", "Chủ", "tịch"]), "Ông Trịnh Văn Hòa, Chủ tịch"),
    # a capitalised word becomes a calendar word only before a number
    (_spaced(["Thắng"], alts={0: _A_FOR_AW}), "Thắng"),
    (_spaced(["Thắng", "5", "năm", "2025"], alts={0: _A_FOR_AW}), "Tháng 5 năm 2025"),
    # capitalised words that are not a name are still corrected
    (_spaced(["Chuyến", "đối", "số"]), "Chuyển đổi số"),
    # two names run together are two words; abbreviations with a capital inside stay
    (_spaced(["ĐỗNgọc", "Huỳnh"]), "Đỗ Ngọc Huỳnh"),
    (_spaced(["các", "PTTgCP;"]), "các PTTgCP;"),
], ids=["signer-trinh", "signer-phoc", "signer-thang", "name-column", "name-in-sentence", "not-before-number",
        "month-before-number", "not-a-name", "glued-names", "abbreviation"])
def test_corrector_leaves_proper_names_as_printed(words, expected):
    correct(words)
    assert " ".join(w["text"] for w in words) == expected


@pytest.fixture(scope="module")
def sample_page():
    return render.rasterize(render.directive_pdf(render.SAMPLE_DIRECTIVE), 200)[0]


def test_ocr_once_from_the_cache(tmp_path, sample_page, monkeypatch):
    path = tmp_path / "cv.png"
    path.write_bytes(render.png_bytes(sample_page.crop((0, 0, sample_page.width, 700)), dpi=200))
    options = LoadOptions(cache_dir=str(tmp_path / "cache"))
    first = load(path, options)
    assert first.method == "ocr" and "152/UBND-KSTT" in first.text

    def no_ocr(*_a, **_k):
        raise AssertionError("OCR ran again")
    monkeypatch.setattr(tesseract, "words", no_ocr)
    again = load(path, options)
    assert again.text == first.text and [p.dpi for p in again.pages] == [p.dpi for p in first.pages]
    assert [ln.bbox for ln in again.pages[0].lines] == [ln.bbox for ln in first.pages[0].lines]


def test_check_reads_the_json_ingest_wrote(tmp_path, sample_page, monkeypatch):
    path = tmp_path / "cv.png"
    path.write_bytes(render.png_bytes(sample_page, dpi=200))
    out = tmp_path / "cv.json"
    assert cli.main(["ingest", str(path), "--format", "json", "-o", str(out), "--no-progress"]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))

    def no_ocr(*_a, **_k):
        raise AssertionError("OCR ran again")
    monkeypatch.setattr(tesseract, "words", no_ocr)
    report = tmp_path / "check.json"
    cli.main(["check", str(out), "--format", "json", "-o", str(report), "--no-progress"])
    result = json.loads(report.read_text(encoding="utf-8"))["results"][0]
    assert result["source"] == str(path)
    assert sorted(f["code"] for f in result["findings"]) == sorted(f["code"] for f in written["findings"])


def test_page_images_in_natural_order(tmp_path):
    for name in ("trang-10.jpg", "trang-2.jpg", "trang-1.jpg", "ghi-chu.txt"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in page_images([tmp_path])] == ["trang-1.jpg", "trang-2.jpg", "trang-10.jpg"]
    named = [tmp_path / "trang-2.jpg", tmp_path / "trang-1.jpg"]
    assert page_images(named) == named                     # names given: the order given


@pytest.fixture(scope="module")
def halves(tmp_path_factory, sample_page):
    """The sample directive photographed as two page images: header and body, then the closing."""
    folder = tmp_path_factory.mktemp("pages")
    cut = int(sample_page.height * 0.42)
    top, bottom = sample_page.crop((0, 0, sample_page.width, cut)), \
        sample_page.crop((0, cut, sample_page.width, sample_page.height))
    (folder / "trang-1.png").write_bytes(render.png_bytes(top, dpi=200))
    (folder / "trang-2.png").write_bytes(render.png_bytes(bottom, dpi=200))
    return folder


def test_page_images_read_as_one_document(halves, tmp_path):
    out = tmp_path / "one.json"
    assert cli.main(["ingest", str(halves), "--one-document", "--format", "json", "-o", str(out),
                     "--no-progress"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["extraction"]["pages"] == 2 and result["extraction"]["method"] == "ocr"
    assert result["document"]["number"] == "152/UBND-KSTT"
    assert result["document"]["signer"]["name"] == "Trần Văn Nam"
    codes = {f["code"] for f in result["findings"]}
    assert not codes & {"ND30.MISSING_SIGNER", "ND30.MISSING_CC", "ND30.CLOSING_NOT_ON_PAGE"}


def test_one_page_image_without_its_closing_is_not_accused(halves):
    doc = load(halves / "trang-1.png")
    from checks.registry import Context, run_checks
    d = parse(doc)
    codes = {f.code: f.severity for f in run_checks("directive", d, Context(options={"document": doc}))}
    assert "ND30.MISSING_SIGNER" not in codes and "ND30.MISSING_CC" not in codes
    assert codes["ND30.CLOSING_NOT_ON_PAGE"] == "info"


def _signed(**facts) -> Directive:
    d = Directive(signer=Signer(name="Trần Văn Nam", position="PHÓ CHỦ TỊCH"))
    d.parts["signer_name"] = Span("Trần Văn Nam", 0, 12, page=1, line=30)
    for k, v in facts.items():
        setattr(d, k, v)
    return d


@pytest.mark.parametrize("directive, expected", [
    (_signed(scan_colour=True), ["ND30.SEAL_NOT_SEEN"]),
    (_signed(scan_colour=True, seals=[Seal(page=1, bbox=(1, 2, 3, 4), over_signer=True)]), []),
    (_signed(scan_colour=False), []),                  # a gray scan would not show a red seal
    (_signed(scan_colour=None), []),                   # not a scan
    (Directive(scan_colour=True), []),                 # not signed
], ids=["colour-no-seal", "seal", "gray-scan", "text", "unsigned"])
def test_seal_not_seen(directive, expected):
    found = seal_check(directive, None)
    assert [f.code for f in found] == expected
    assert all(f.severity == "warning" for f in found)


def test_seal_over_the_signer_block_is_a_fact(tmp_path):
    layout = real_render.from_portal(render.SAMPLE_DIRECTIVE)
    page, = real_render.office_scan(layout, dpi=200, seed=5)
    assert page.seal is not None
    path = tmp_path / "signed.jpg"
    path.write_bytes(page.jpeg)
    doc = load(path)
    d = parse(doc)
    assert d.scan_colour and len(d.seals) == 1 and d.seals[0].page == 1
    assert d.seals[0].over_signer is True
    assert d.signer.name == "Trần Văn Nam"
    closing = doc.text[doc.text.index("KT. CHỦ TỊCH"):]
    assert "GIANG" not in closing and "NHÂN DÂN" not in closing      # the seal's rim is not text
    assert "ND30.SEAL_NOT_SEEN" not in [f.code for f in seal_check(d, None)]


@pytest.mark.parametrize("name, number, place_date, signer", [
    ("001c610b2efdcf0c", "Số: 2820/QĐ-UBND", "Thành phố Hồ Chí Minh, ngày 19 tháng 11 năm 2025", "Nguyễn Lộc Hà"),
    ("05729ab54fc07c39", "Số: 631/TB-VPCP", "Hà Nội, ngày 19 tháng 11 năm 2025", "Phạm Mạnh Cường"),
    ("2957e4f4f0e41373", "Số: 0125/KH-UBND", "Đắk Lắk, ngày 18 tháng 11 năm 2025", "Đào Mỹ"),
])
def test_real_layout_from_portal_text(name, number, place_date, signer):
    layout = real_render.load_layout(name, use_gold=False)
    assert (layout.number, layout.place_date, layout.signer_name) == (number, place_date, signer)
    flat = " ".join(b.text for b in layout.body)
    assert "THƯ VIỆN PHÁP LUẬT" not in flat and "Văn bản liên quan" not in flat and "|" not in flat
    assert layout.cc and layout.cc[-1].startswith("- Lưu")
    first_page = real_render.truth_texts(real_render.text_pdf(layout))[0]
    assert place_date in first_page                     # one line, as offices print it (smaller if need be)


def test_real_text_pdf_numbers_pages_from_two():
    texts = real_render.truth_texts(real_render.text_pdf(real_render.load_layout("2957e4f4f0e41373")))
    assert len(texts) > 2
    assert not texts[0].startswith("1\n")
    assert all(t.split("\n", 1)[0].strip() == str(k) for k, t in enumerate(texts[1:], start=2))


def _body_text(layout) -> str:
    return " ".join((b.text or "") + " ".join(" ".join(r) for r in (b.rows or [])) for b in layout.body)


@pytest.mark.parametrize("name, words, blocks_at_least", [
    # the body runs on under Kính gửi without a blank line: its paragraphs and items stay apart
    ("c81379258ef3a44f", "1. Tại thời điểm tổng hợp dự toán", 4),
    ("1a814c71716d3047", "Văn phòng Chính phủ thông báo để", 3),
    ("9063e901ca3fd0c3", "Căn cứ Luật Quản lý thuế", 8),
    # the export put the body in the first cells of the closing table
    ("15e6fb3d3f3b2644", "Lũ trên các sông ở Khánh Hòa", 10),
    ("2c71d790ecdeb8d1", "Xét báo cáo và đề xuất", 5),
])
def test_real_layout_keeps_the_body_as_printed(name, words, blocks_at_least):
    layout = real_render.load_layout(name)
    assert len(layout.body) >= blocks_at_least
    assert words in _body_text(layout)
    assert "Nơi nhận" not in _body_text(layout)
    assert layout.signer_name


_NUMBERED_TABLE = "\n".join([
    "Các nhiệm vụ như sau:", "|", "**TT**", "|", "**Nhiệm vụ**", "|", "**Chủ trì**", "|", "**Thời hạn**", "|",
    "|", "**I**", "|", "**NHÓM MỘT**", "|",                 # a group row: its title spans the row
    "|", "1", "|", "Việc một", "|", "Sở A", "|", "Quý IV/2025", "|",
    "|", "2", "|", "Việc hai", "|", "Sở B", "|",             # its deadline spans the next row
    "|", "3", "|", "Việc ba", "|", "Sở C", "|", "Năm 2026", "|",
    "|", "Việc ba tiếp", "|", "Sở D", "|",                   # its number cell spans the row above
    "|", "4", "|", "Việc bốn", "|", "Sở E", "|", "2027", "|",
    "Đoạn sau bảng."])


def test_numbered_table_with_merged_cells_keeps_its_columns():
    units = real_render._units(_NUMBERED_TABLE)
    table = next(u for u in units if u.kind == "table")
    rows = [[" ".join(c) for c in r] for r in table.rows]
    assert rows == [["**TT**", "**Nhiệm vụ**", "**Chủ trì**", "**Thời hạn**"],
                    ["**I**", "**NHÓM MỘT**", "", ""],
                    ["1", "Việc một", "Sở A", "Quý IV/2025"],
                    ["2", "Việc hai", "Sở B", ""],
                    ["3", "Việc ba", "Sở C", "Năm 2026"],
                    ["", "Việc ba tiếp", "Sở D", ""],
                    ["4", "Việc bốn", "Sở E", "2027"]]
    assert units[-1].lines == ["Đoạn sau bảng."]


@pytest.mark.parametrize("name, first_rows", [
    ("8718801c503045f9", 14), ("001c610b2efdcf0c", 18), ("c5d930a5fc8373cd", 10),
])
def test_real_task_tables_keep_rows_under_their_header(name, first_rows):
    layout = real_render.load_layout(name)
    table = next(b for b in layout.body + layout.appendix if b.kind == "table")
    assert len(table.rows) >= first_rows
    width = len(table.rows[0])
    assert all(len(r) == width for r in table.rows)
    labels = [r[0] for r in table.rows[1:first_rows]]
    assert all(not x or re.match(r"^(\*\*)?\s*([IVX]+|\d+)\b", x) for x in labels), labels


def test_real_appendix_citing_decrees_is_not_portal_chrome():
    layout = real_render.load_layout("24ac05c2c7c4518e")
    text = " ".join(real_render.truth_texts(real_render.text_pdf(layout)))
    for number in ("147/2025/NĐ-CP", "176/2025/NĐ-CP", "39/2015/NĐ-CP"):
        assert number in re.sub(r"\s+", " ", text)
    assert "Văn bản liên quan" not in text
