"""Images through load(): PNG, JPEG (EXIF orientation, missing DPI), multi-page TIFF, and
every bad input an image can be (bombs, truncation, lying extensions, no tesseract)."""
from __future__ import annotations

import json
import time

import pytest
from PIL import Image

import cli
from extract.load import LoadOptions, load
from extract.load.limits import Limits
from tests.kit import render


@pytest.fixture(scope="module")
def page():
    pdf = render.directive_pdf(render.SAMPLE_DIRECTIVE)
    img = render.rasterize(pdf, 300)[0]
    return img.crop((0, 0, img.width, 1000))          # the header: small and quick to OCR


HEADER_WORDS = ("ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 152/UBND-KSTT")


def codes(doc):
    return [f.code for f in doc.findings]


def test_png(tmp_path, page):
    path = tmp_path / "cv.png"
    path.write_bytes(render.png_bytes(page, dpi=300))
    doc = load(path)
    assert doc.kind == "png" and doc.method == "ocr" and codes(doc) == []
    assert doc.pages[0].dpi == 300 and not doc.pages[0].dpi_assumed
    for words in HEADER_WORDS:
        assert words in doc.text
    assert doc.extraction()["ocr_confidence"] > 0.85


def test_jpeg_exif_orientation_and_no_dpi(tmp_path, page):
    stored = page.transpose(Image.Transpose.ROTATE_90)        # a camera's sideways pixels
    path = tmp_path / "cv.jpg"
    path.write_bytes(render.png_bytes(stored, dpi=None, exif_orientation=6, fmt="JPEG"))
    doc = load(path)
    assert doc.kind == "jpeg" and codes(doc) == []
    assert (doc.pages[0].width, doc.pages[0].height) == page.size
    assert doc.pages[0].dpi == 300 and doc.pages[0].dpi_assumed
    for words in HEADER_WORDS:
        assert words in doc.text


def test_multipage_tiff(tmp_path, page):
    second = page.crop((0, 0, page.width, 500))
    path = tmp_path / "cv.tiff"
    path.write_bytes(render.tiff([page, second], dpi=300))
    doc = load(path)
    assert doc.kind == "tiff" and [p.number for p in doc.pages] == [1, 2]
    assert all(p.method == "ocr" and p.dpi == 300 for p in doc.pages)
    assert "Số: 152/UBND-KSTT" in doc.pages[0].text and "Số:" not in doc.pages[1].text
    assert "ỦY BAN NHÂN DÂN" in doc.pages[1].text
    assert doc.text.count("\f") == 1


@pytest.mark.parametrize("name, make, pixels", [
    ("bomb.png", lambda: render.png_claiming(12_000, 10_000), "120\u202f000\u202f000"),   # over our limit only
    ("bomb2.png", lambda: render.png_claiming(20_000, 20_000), "400\u202f000\u202f000"),  # Pillow's own error
    ("bomb.tif", lambda: render.tiff_claiming(15_000, 10_000), "150\u202f000\u202f000"),
])
def test_decompression_bomb(tmp_path, name, make, pixels):
    path = tmp_path / name
    data = make()
    assert len(data) < 1000
    path.write_bytes(data)
    start = time.perf_counter()
    doc = load(path)
    assert time.perf_counter() - start < 5                     # nothing was decoded
    assert codes(doc) == ["INPUT.IMAGE_TOO_LARGE"]
    f = doc.findings[0]
    assert pixels in f.message and "image_pixels = 100\u202f000\u202f000" in f.message_en and f.severity == "error"
    assert "tthc.toml" in f.message and "[limits], e.g. image_pixels = " in f.message_en


def test_limit_is_an_option(tmp_path, page):
    path = tmp_path / "cv.png"
    path.write_bytes(render.png_bytes(page))
    doc = load(path, LoadOptions(limits=Limits(image_pixels=1_000_000)))
    assert codes(doc) == ["INPUT.IMAGE_TOO_LARGE"]


@pytest.mark.parametrize("fmt, name", [("PNG", "cut.png"), ("JPEG", "cut.jpg")])
def test_truncated_image(tmp_path, page, fmt, name):
    path = tmp_path / name
    path.write_bytes(render.truncated(render.png_bytes(page, fmt=fmt), 0.4))
    doc = load(path)
    assert codes(doc) == ["INPUT.UNREADABLE"]
    assert "cắt cụt" in doc.findings[0].message and "truncated" in doc.findings[0].message_en


def test_garbage_after_png_signature(tmp_path):
    path = tmp_path / "x.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20)
    assert codes(load(path)) == ["INPUT.UNREADABLE"]


def test_png_named_pdf(tmp_path, page):
    path = tmp_path / "really-a-png.pdf"
    path.write_bytes(render.png_bytes(page))
    doc = load(path)
    assert doc.kind == "png" and codes(doc) == ["INPUT.EXTENSION_MISMATCH"]
    assert "PNG" in doc.findings[0].message and "Số: 152/UBND-KSTT" in doc.text


def test_pdf_named_png(tmp_path):
    __import__("extract.load.pdf")          # an import error fails the test; it never skips
    path = tmp_path / "really-a-pdf.png"
    path.write_bytes(render.directive_pdf(render.SAMPLE_DIRECTIVE))
    doc = load(path)
    assert doc.kind == "pdf" and "INPUT.EXTENSION_MISMATCH" in codes(doc)
    assert "152/UBND-KSTT" in doc.text


def test_tesseract_missing_gives_install_hint(tmp_path, page, monkeypatch):
    monkeypatch.setenv("TTHC_TESSERACT", "/nonexistent/tesseract")
    path = tmp_path / "cv.png"
    path.write_bytes(render.png_bytes(page))
    doc = load(path, LoadOptions(cache=False))          # a document read before would come from the cache
    assert codes(doc) == ["INPUT.OCR_UNAVAILABLE"]
    f = doc.findings[0]
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in f.message
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in f.message_en


def test_batch_goes_on_past_bad_images(tmp_path, page, capsys):
    (tmp_path / "a_bomb.png").write_bytes(render.png_claiming(12_000, 10_000))
    (tmp_path / "b_cut.jpg").write_bytes(render.truncated(render.png_bytes(page, fmt="JPEG")))
    (tmp_path / "c_good.png").write_bytes(render.png_bytes(page.crop((0, 0, page.width, 500))))
    out = tmp_path / "out.json"
    assert cli.main(["ingest", str(tmp_path), "--format", "json", "-o", str(out), "--no-progress"]) == 1
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [r["source"].rsplit("/", 1)[1] for r in results] == ["a_bomb.png", "b_cut.jpg", "c_good.png"]
    assert results[0]["findings"][0]["code"] == "INPUT.IMAGE_TOO_LARGE"
    assert results[1]["findings"][0]["code"] == "INPUT.UNREADABLE"
    assert "ỦY BAN NHÂN DÂN" in results[2]["text"] and results[2]["extraction"]["method"] == "ocr"
