"""Resource limits of the loaders (extract/load/limits.py): the hostile inputs of issue 12 each
give the finding that names the limit, and stay under 1 GB of peak memory.

Memory is measured, not timed: each hostile file is loaded in a child process with an address
space limit (a safety net for the machine), and the child reports its own peak resident set
and that of the programs it ran (tesseract), from getrusage.
"""
from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extract.load import LoadOptions, load
from extract.load.limits import DEFAULT_LIMITS, Limits, zip_over_limit
from extract.load.pdf import render_scale
from tests.kit import hostile as H

ROOT = Path(__file__).resolve().parents[1]
ONE_GB_KB = 1 << 20
ADDRESS_SPACE = 4 << 30          # the child may map this much, so a regression fails instead of swapping

CHILD = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from extract.load import load
doc = load(sys.argv[2])
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"findings": [f.to_dict() for f in doc.findings], "pages": len(doc.pages),
                  "chars": len(doc.text), "peak_kb": peak}))
"""


def load_in_child(path: Path) -> dict:
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    # An empty OCR cache: a page OCRed by an earlier run is never read back instead of measured.
    env = dict(os.environ, TTHC_CACHE_DIR=str(path.parent / "cache"))
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(path)], capture_output=True, text=True,
                         preexec_fn=cap, timeout=600, check=False, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout)


def limit_findings(result: dict) -> dict[str, dict]:
    out = {}
    for f in result["findings"]:
        if f["code"] == "INPUT.LIMIT_EXCEEDED":
            name = f["message_en"].split("reaches the limit ", 1)[1].split(" ", 1)[0]
            out[name] = f
    return out


# --------------------------------------------------------------------------- the hostile inputs (tests/kit/hostile.py)

HOSTILE = {
    # name: (make(tmp) -> path, limit expected, severity, pages read)
    "one PDF page of 100 x 100 inches": (lambda d: H.pdf_pages(d / "big.pdf", 1, (7200, 7200), "UY BAN NHAN DAN"),
                                          "page_pixels", "warning", 1),
    "2,000 blank PDF pages": (lambda d: H.pdf_pages(d / "blank.pdf", 2000, (595, 842)), "pages", "warning",
                              DEFAULT_LIMITS.pages),
    "a 200 MB text file": (lambda d: H.text_file(d / "big.txt", 200), "text_bytes", "warning", 1),
    "a 1 MB DOCX inflating to 1 GiB": (lambda d: H.docx_bomb(d / "bomb.docx"), "zip_inflated_bytes", "error", 0),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_reaches_its_limit_with_bounded_memory(name, tmp_path):
    make, limit, severity, pages = HOSTILE[name]
    path = make(tmp_path)
    result = load_in_child(path)
    found = limit_findings(result)
    assert list(found) == [limit], result["findings"]
    f = found[limit]
    assert f["severity"] == severity
    assert "tthc.toml" in f["message"] and "[limits]" in f["message_en"] and f"{limit} = " in f["message_en"]
    assert result["pages"] == pages
    assert result["peak_kb"] < ONE_GB_KB, f"peak {result['peak_kb'] // 1024} MB"


def test_the_docx_bomb_is_small_on_disk(tmp_path):
    path = H.docx_bomb(tmp_path / "bomb.docx", inflated=64 << 20)
    assert path.stat().st_size < 200_000
    assert zip_over_limit(path, Limits(zip_inflated_bytes=32 << 20))[0] == "zip_inflated_bytes"
    assert zip_over_limit(path, Limits(zip_ratio=100))[:2] == ("zip_ratio", 100)
    assert zip_over_limit(path)[0] == "zip_ratio"            # 64 MB at ~1000:1: a bomb by its ratio alone
    normal = ROOT / "samples" / "directives" / "cong-van-tang-cuong-so-hoa.docx"
    assert zip_over_limit(normal) is None


# --------------------------------------------------------------------------- the limits themselves

@pytest.mark.parametrize("values, expected", [
    ({}, DEFAULT_LIMITS),
    ({"pages": 2000}, Limits(pages=2000)),
    ({"page_pixels": 100_000_000, "text_bytes": 1_000}, Limits(page_pixels=100_000_000, text_bytes=1_000)),
    ({"file_seconds": 30}, Limits(file_seconds=30.0)),
])
def test_limits_from_the_limits_table(values, expected):
    assert Limits.from_mapping(values) == expected


@pytest.mark.parametrize("values, message", [
    ({"page": 10}, "unknown limit(s) page; known: page_pixels, image_pixels, pages"),
    ({"pages": 0}, "pages must be a positive number"),
    ({"pages": "many"}, "pages must be a positive number"),
    ({"zip_ratio": True}, "zip_ratio must be a positive number"),
])
def test_bad_limits_are_named(values, message):
    with pytest.raises(ValueError) as err:
        Limits.from_mapping(values)
    assert message in str(err.value)


@pytest.mark.parametrize("size, dpi, limit, expected_dpi", [
    ((595, 842), 300, 50_000_000, 300),                # A4 at 300 dpi: 8.7 Mpx, as asked
    ((842, 1191), 300, 50_000_000, 300),               # A3: 17 Mpx, as asked
    ((7200, 7200), 300, 50_000_000, 70.7),             # 100 x 100 inches: lowered to fit
    ((595, 842), 300, 1_000_000, 101.7),
])
def test_render_scale_keeps_a_page_within_its_pixels(size, dpi, limit, expected_dpi):
    scale = render_scale(*size, dpi, limit)
    assert round(scale * 72, 1) == expected_dpi
    assert size[0] * size[1] * scale * scale <= limit * 1.000001


def test_a_text_file_is_cut_on_a_character_boundary(tmp_path):
    path = tmp_path / "cut.txt"
    path.write_bytes("Ủy ban nhân dân\n".encode() * 10)
    doc = load(path, LoadOptions(limits=Limits(text_bytes=17)))        # 17 bytes end inside the second "â"
    assert doc.text == "Ủy ban nhân d"
    (f,) = [f for f in doc.findings if f.code == "INPUT.LIMIT_EXCEEDED"]
    assert "text_bytes = 17" in f.message_en and "found 200" in f.message_en and f.severity == "warning"


def test_text_layer_and_docx_text_stop_at_the_limit(tmp_path):
    from tests.kit.pki import make_pdf

    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(make_pdf(pages=5))
    first = len(load(pdf).pages[0].text.encode())
    doc = load(pdf, LoadOptions(limits=Limits(text_bytes=first + 1)))
    assert len(doc.pages) == 2 and [f.code for f in doc.findings] == ["INPUT.LIMIT_EXCEEDED"]
    assert "reading stopped after page 2" in doc.findings[0].message_en
    docx = ROOT / "samples" / "directives" / "cong-van-tang-cuong-so-hoa.docx"
    whole = load(docx)
    cut = load(docx, LoadOptions(limits=Limits(text_bytes=500)))
    assert 0 < len(cut.text) < len(whole.text) and "INPUT.LIMIT_EXCEEDED" in [f.code for f in cut.findings]
    assert not [f for f in whole.findings if f.code == "INPUT.LIMIT_EXCEEDED"]


def test_pages_limit_reads_the_first_pages(tmp_path):
    from tests.kit.pki import make_pdf

    pdf = tmp_path / "five.pdf"
    pdf.write_bytes(make_pdf(pages=5))
    doc = load(pdf, LoadOptions(limits=Limits(pages=3)))
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "found 5; only the first 3 pages were read" in doc.findings[0].message_en
    assert "pages = 12" in doc.findings[0].message_en          # how to raise it, with a value that would do


def test_real_samples_never_reach_a_limit():
    """The sample directives that need no OCR (the scanned ones are read by their own tests)."""
    for path in sorted((ROOT / "samples" / "directives").iterdir()):
        if path.suffix not in (".txt", ".docx"):
            continue
        doc = load(path)
        assert not [f for f in doc.findings if f.code == "INPUT.LIMIT_EXCEEDED"], path.name


def test_an_xlsx_export_bomb_is_refused_before_it_is_inflated(tmp_path):
    from extract.dossier.exports import iter_records

    bomb = tmp_path / "xuat.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as w:
            for _ in range(64):
                w.write(b" " * (1 << 20))
    problems: list = []
    assert list(iter_records([str(bomb)], problems)) == []
    (p,) = problems
    assert "zip_ratio" in p.message_en and "zip bomb" in p.message_en


@pytest.mark.parametrize("limit, value, files, detail", [
    ("package_files", 2, {"a.pdf": b"%PDF-1.4\n", "b.pdf": b"%PDF-1.4\n"}, "3 entries, limit 2"),
    ("package_inflated_bytes", 1 << 20, {"tp/noise.bin": random.Random(12).randbytes(2 << 20)},
     "uncompressed in total"),
    ("zip_ratio", 50, {"tp/zeros.bin": bytes(2 << 20)}, "limit 50:1"),
])
def test_a_dossier_package_over_a_limit_names_it_and_how_to_raise_it(limit, value, files, detail, tmp_path, capsys):
    """The package's safety limits are [limits] of tthc.toml like the loaders' (or --limit):
    DOSSIER.LIMIT_EXCEEDED names the one reached and the line that raises it."""
    import cli
    from tests.kit import dossier_kit as kit

    m = kit.base_manifest("1.001193", 1)
    package = kit.write_zip(tmp_path / "goi.zip", m, files)
    (tmp_path / "tthc.toml").write_text(f"[limits]\n{limit} = {value}\n", encoding="utf-8")
    argv = ["validate", str(package), "--format", "json", "--no-summary", "--no-progress", "--disable", "SIG"]
    cli.main(argv + ["--config", str(tmp_path / "tthc.toml")])
    (finding,) = [f for f in json.loads(capsys.readouterr().out)[0]["findings"] if f["code"] == "DOSSIER.LIMIT_EXCEEDED"]
    assert detail in finding["message_en"] and f"[limits], e.g. {limit} = {value * 4:_}" in finding["message_en"]
    cli.main(argv + ["--limit", f"{limit}={value * 100}"])                  # raised: the package is read
    record = json.loads(capsys.readouterr().out)[0]
    assert "DOSSIER.LIMIT_EXCEEDED" not in {f["code"] for f in record["findings"]}


def test_package_limits_default_to_what_the_loaders_say():
    from extract.dossier.package import USER_LIMITS, DossierOptions
    opts = DossierOptions()
    assert {name: opts.limit(name) for name in USER_LIMITS} == {
        "max_entries": 10_000, "max_total_uncompressed_bytes": 4 << 30, "max_entry_ratio": 200,
        "max_manifest_bytes": 16 << 20}


def test_an_image_over_its_pixel_limit_is_named_in_the_output_unmasked(tmp_path, capsys):
    """image_pixels is a [limits] key like the others; the finding's numbers survive the masking of
    identifiers in every output (grouped by narrow spaces, never read as a CMND's groups)."""
    import cli

    bomb = H.png_claiming(tmp_path / "bom.png", 20_000, 20_000)
    argv = ["check", str(bomb), "--format", "json", "--no-progress", "--executor", "serial"]
    assert cli.main(argv) == 1
    (finding,) = json.loads(capsys.readouterr().out)["results"][0]["findings"]
    assert finding["code"] == "INPUT.IMAGE_TOO_LARGE"
    assert "400\u202f000\u202f000 pixels" in finding["message_en"] and "*" not in finding["message_en"]
    assert "image_pixels = 100\u202f000\u202f000" in finding["message_en"]
    assert "[limits], e.g. image_pixels = 800_000_000" in finding["message_en"]
    # Raised, also past Pillow's own guard (twice its 89.5 Mpx): the image is decoded (and its
    # 64 bytes of pixel data found truncated). 13,500 x 13,500 is 182 Mpx: 182 MB in grey.
    bigger = H.png_claiming(tmp_path / "bom2.png", 13_500, 13_500)
    argv[1] = str(bigger)
    assert cli.main(argv + ["--limit", "image_pixels=200000000"]) in (0, 1)
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["results"][0]["findings"]}
    assert "INPUT.IMAGE_TOO_LARGE" not in codes and "INPUT.UNREADABLE" in codes, codes


def test_a_tiff_of_many_blank_frames_reads_its_first_pages_without_ocr(tmp_path, monkeypatch):
    """A multi-page TIFF is bounded by `pages` like a PDF, and a blank frame is not sent to OCR."""
    import extract.load.image as image

    sent = []
    real = image.ocr_pages
    monkeypatch.setattr(image, "ocr_pages", lambda items, options: sent.extend(items) or real(items, options))
    tiff = H.blank_tiff(tmp_path / "trang-trang.tif", 12, size=(850, 1100))
    doc = load(tiff, LoadOptions(limits=Limits(pages=5), cache=False))
    assert [p.number for p in doc.pages] == [1, 2, 3, 4, 5] and not any(p.lines for p in doc.pages)
    (f,) = [f for f in doc.findings if f.code == "INPUT.LIMIT_EXCEEDED"]
    assert "reaches the limit pages = 5" in f.message_en and "found 12; only the first 5 pages were read" in f.message_en
    assert "NO_TEXT" in " ".join(x.code for x in doc.findings) and sent == []


@pytest.mark.parametrize("executor", ["serial", "process"])
def test_a_file_over_its_seconds_is_stopped_and_the_batch_goes_on(executor, tmp_path, monkeypatch, capsys):
    """file_seconds bounds a hostile file's time (here 40 MB of directive text, all of it read:
    a minute or more of parsing): that file is INPUT.TIME_LIMIT naming the limit, the batch's
    other file (read first, so it pays for the imports; a few seconds) has its own result."""
    import cli

    monkeypatch.setenv("TTHC_CACHE_DIR", str(tmp_path / "cache"))
    ordinary = tmp_path / "a-ke-hoach.txt"
    ordinary.write_bytes((ROOT / "samples" / "directives" / "ke-hoach-clean.txt").read_bytes())
    slow = H.text_file(tmp_path / "b-40mb.txt", 40)
    argv = ["check", str(ordinary), str(slow), "--format", "json", "--no-progress", "--executor", executor,
            "--workers", "1", "--limit", "file_seconds=10", "--limit", f"text_bytes={50 << 20}"]
    assert cli.main(argv) == 1
    results = {Path(r["source"]).name: r for r in json.loads(capsys.readouterr().out)["results"]}
    (limit,) = results["b-40mb.txt"]["findings"]
    assert limit["code"] == "INPUT.TIME_LIMIT" and "file_seconds = 10" in json.dumps(limit)
    assert "INPUT.TIME_LIMIT" not in {f["code"] for f in results["a-ke-hoach.txt"]["findings"]}
