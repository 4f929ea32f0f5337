"""Rebuild samples/directives/ from the Markdown-ish sources in samples/src/.

    python samples/make_samples.py

The directives are the project's own writing (not copies of real documents), rendered in
the real format by tests/kit/render.py: one text PDF, one noisy scanned PDF and one multi-page
TIFF. Scans are 200 dpi (JPEG q70 inside the PDF, Deflate in the TIFF) to keep each file
well under 1 MB; the TIFF is a clean scan. Deterministic: the same sources give the same
pages. The sources live outside samples/directives/ so `tthc ingest samples/directives`
reads only the rendered files.

What each sample exercises:
- cong-van-so-hoa-ho-so.pdf: a công văn with tasks and every kind of deadline (a date,
  "trong tháng", a quarter, "định kỳ hằng tháng", "trong vòng 08 giờ làm việc"), references
  to decrees and a circular, a footnote, and a deliberate fault: the appendix cites the
  document as 1254/UBND-KSTT while it is numbered 1245/UBND-KSTT.
- chi-thi-ky-cuong-tthc.pdf: a chỉ thị (type name and trích yếu), scanned with skew and noise.
- ke-hoach-dvc-truc-tuyen.tif: a kế hoạch awaiting registration (blank number and day) with
  an appendix table.
- cong-van-tang-cuong-so-hoa.docx: a công văn made in Word: borderless two-column header and
  closing, automatic list numbering (1., a), bullets), a data table and a footnote.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import json  # noqa: E402

from tests.kit import render  # noqa: E402
from tests.kit.render_docx import directive_docx  # noqa: E402

SRC = ROOT / "samples" / "src"
OUT = ROOT / "samples" / "directives"
DPI = 200


def build() -> list[Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    made = []

    pdf = render.directive_pdf((SRC / "cong-van-so-hoa-ho-so.md").read_text(encoding="utf-8"))
    made.append(_write(OUT / "cong-van-so-hoa-ho-so.pdf", pdf))

    pdf = render.directive_pdf((SRC / "chi-thi-ky-cuong-tthc.md").read_text(encoding="utf-8"))
    scans = render.rasterize(pdf, DPI, noisy=True, seed=7)
    made.append(_write(OUT / "chi-thi-ky-cuong-tthc.pdf", render.scanned_pdf(scans, dpi=DPI, quality=70)))

    pdf = render.directive_pdf((SRC / "ke-hoach-dvc-truc-tuyen.md").read_text(encoding="utf-8"))
    made.append(_write(OUT / "ke-hoach-dvc-truc-tuyen.tif", render.tiff(render.rasterize(pdf, DPI), dpi=DPI)))

    spec = json.loads((SRC / "cong-van-tang-cuong-so-hoa.json").read_text(encoding="utf-8"))
    spec["items"] = [tuple(item) for item in spec["items"]]
    made.append(_write(OUT / "cong-van-tang-cuong-so-hoa.docx", directive_docx(spec)))
    return made


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


if __name__ == "__main__":
    for p in build():
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size / 1024:.0f} KB")
