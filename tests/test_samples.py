"""samples/make_samples.py rebuilds small, real-format samples; the image sample reads back."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from extract.load import load

ROOT = Path(__file__).resolve().parents[1]


def test_make_samples_builds_small_files(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "samples" / "make_samples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    monkeypatch.setattr(mod, "OUT", tmp_path)
    made = {p.name: p for p in mod.build()}
    assert set(made) == {"cong-van-so-hoa-ho-so.pdf", "chi-thi-ky-cuong-tthc.pdf", "ke-hoach-dvc-truc-tuyen.tif",
                         "cong-van-tang-cuong-so-hoa.docx"}
    assert all(p.stat().st_size < 1_000_000 for p in made.values())
    text_pdf = pdfium.PdfDocument(made["cong-van-so-hoa-ho-so.pdf"])
    assert text_pdf[0].get_textpage().count_chars() > 500
    scan = pdfium.PdfDocument(made["chi-thi-ky-cuong-tthc.pdf"])
    assert all(scan[i].get_textpage().count_chars() == 0 for i in range(len(scan)))
    with Image.open(made["ke-hoach-dvc-truc-tuyen.tif"]) as img:
        assert img.n_frames == 2 and round(img.info["dpi"][0]) == 200
    for name, p in made.items():                      # the committed samples are these files
        assert (ROOT / "samples" / "directives" / name).exists()
    assert load(made["cong-van-tang-cuong-so-hoa.docx"]).method == "docx"


def test_committed_image_sample_reads_back():
    doc = load(ROOT / "samples" / "directives" / "ke-hoach-dvc-truc-tuyen.tif")
    assert doc.method == "ocr" and len(doc.pages) == 2 and not doc.findings
    lines = doc.pages[0].text.splitlines()
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "TỈNH HÀ TĨNH", "Số:\t/KH-UBND"]       # number left blank
    assert lines[3:6] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                          "Hà Tĩnh, ngày tháng 4 năm 2025"]
    assert "KẾ HOẠCH" in lines and doc.pages[0].dpi == 200
    assert "Phụ lục" in doc.pages[1].text and "\t" in doc.pages[1].text            # table cells apart
