"""The hostile directive inputs of issue 12, made by code: what one file may try to cost the
loaders (pixels, pages, bytes of text, inflated bytes). Used by tests/test_limits.py (each
gives the finding that names its limit, under 1 GB) and bench/hostile.py (peak memory and time
of `tthc check` on each, with the default limits).

Every maker writes its file at `path` and returns the path; none holds the whole input in
memory (the 200 MB text and the 1 GiB DOCX member are written in 1 MB chunks).
"""
from __future__ import annotations

import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DOCX = ROOT / "samples" / "directives" / "cong-van-tang-cuong-so-hoa.docx"
LINE = "Ủy ban nhân dân tỉnh đề nghị các sở, ban, ngành triển khai nhiệm vụ trước ngày 30/6/2024.\n"


def pdf_pages(path: Path, pages: int, size: tuple[float, float], text: str | None = None) -> Path:
    """A PDF of `pages` pages of `size` points, blank or with one line of 200 pt text."""
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(str(path), pagesize=size)
    for _ in range(pages):
        if text:
            c.setFont("Helvetica", 200)
            c.drawString(300, size[1] - 700, text)
        c.showPage()
    c.save()
    return path


def text_file(path: Path, megabytes: int) -> Path:
    """`megabytes` MB of a directive's sentence, over and over."""
    line = LINE.encode()
    chunk = line * ((1 << 20) // len(line))
    with path.open("wb") as fh:
        for _ in range(megabytes):
            fh.write(chunk)
    return path


def docx_bomb(path: Path, inflated: int = 1 << 30) -> Path:
    """A real DOCX whose document.xml is padded with `inflated` bytes of blanks (deflated ~1000:1,
    so 1 GiB is about 1 MB on disk)."""
    with zipfile.ZipFile(SAMPLE_DOCX) as z, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename != "word/document.xml":
                out.writestr(info, data)
                continue
            head, tail = data.split(b"<w:body>", 1)
            with out.open("word/document.xml", "w", force_zip64=True) as w:
                w.write(head + b"<w:body>")
                pad = b" " * (1 << 20)
                for _ in range(inflated >> 20):
                    w.write(pad)
                w.write(tail)
    return path


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A PNG of a few hundred bytes whose header claims width x height (a decompression bomb)."""
    from tests.kit.render import png_claiming as claiming
    path.write_bytes(claiming(width, height))
    return path


def big_image(path: Path, width: int, height: int, dpi: int = 300) -> Path:
    """A real image of width x height (white paper, the sample directive's header printed in the
    top left corner at 300 dpi), PNG or TIFF by the suffix: it decodes to all its pixels."""
    from PIL import Image

    from tests.kit import render
    page = render.rasterize(render.directive_pdf(render.SAMPLE_DIRECTIVE), dpi)[0].convert("L")
    header = page.crop((0, 0, page.width, min(page.height, 1000)))
    canvas = Image.new("L", (width, height), 255)
    canvas.paste(header, (0, 0))
    canvas.save(path, dpi=(dpi, dpi), **({"compression": "tiff_deflate"} if path.suffix in (".tif", ".tiff") else {}))
    return path


def blank_tiff(path: Path, frames: int, size: tuple[int, int] = (2480, 3508), dpi: int = 300) -> Path:
    """A multi-page TIFF of `frames` blank A4 pages at 300 dpi (1-bit, Group 4: tiny on disk)."""
    from PIL import Image
    blank = Image.new("1", size, 1)
    blank.save(path, save_all=True, append_images=[blank] * (frames - 1), compression="group4", dpi=(dpi, dpi))
    return path
