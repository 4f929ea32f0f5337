"""Text-PDF loading speed and reading order, beside raw pypdfium2 and raw pdfplumber.

Renders every corpus directive (../shared/corpus/texts) to a real-format text PDF with
tests/kit/render.py, then times, over the same files:
  - tthc's loader (extract.load.load): lines in reading order, tables, superscripts;
  - raw pypdfium2 get_text_range() (content-stream order, no layout);
  - raw pdfplumber extract_text() (geometric lines: two-column headers interleave).
Reading order is scored as the character error rate of each output against the corpus
text (markup removed, whitespace collapsed): lower is better, 0 is the logical order.

    python bench/load_bench.py [--reps 5] [--corpus ../shared/corpus/texts]
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from extract.load import load  # noqa: E402
from extract.normalize import clean_text, drop_superscripts  # noqa: E402
from tests.kit.render import directive_pdf  # noqa: E402


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", drop_superscripts(clean_text(text, markup=True))).strip()


def raw_pdfium(path: Path) -> str:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    out = []
    for i in range(len(pdf)):
        tp = pdf[i].get_textpage()
        out.append(tp.get_text_range())
    pdf.close()
    return "\n".join(out)


def raw_pdfplumber(path: Path) -> str:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def ours(path: Path) -> str:
    return load(path).text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "texts"))
    args = ap.parse_args()
    texts = sorted(Path(args.corpus).glob("*.txt"))
    if not texts:
        print(f"no corpus texts in {args.corpus}")
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="tthc-load-"))
    files, truths, pages = [], [], 0
    for t in texts:
        pdf = tmp / (t.stem + ".pdf")
        pdf.write_bytes(directive_pdf(t.read_text(encoding="utf-8")))
        files.append(pdf)
        truths.append(flat(t.read_text(encoding="utf-8")))
        pages += len(load(pdf).pages)
    print(f"{len(files)} corpus directives rendered to text PDFs, {pages} pages, {args.reps} repetitions\n")
    print(f"{'extractor':28s} {'pages/s (best)':>15s} {'pages/s (median)':>17s} {'reading-order CER':>18s}"
          f" {'interleaved headers':>20s}")
    rows = {}
    for name, fn in (("tthc load (reading order)", ours), ("raw pypdfium2 text", raw_pdfium),
                     ("raw pdfplumber extract_text", raw_pdfplumber)):
        fn(files[0])                                      # warm imports
        times = []
        for _ in range(args.reps):
            start = time.perf_counter()
            outs = [fn(f) for f in files]
            times.append(time.perf_counter() - start)
        cer = sum(Levenshtein.distance(flat(o), t) for o, t in zip(outs, truths)) / sum(len(t) for t in truths)
        best, med = pages / min(times), pages / statistics.median(times)
        rows[name] = best
        mixed = sum(1 for o in outs if any("CỘNG HÒA" in ln and "ỦY BAN" in ln for ln in o.splitlines()))
        print(f"{name:28s} {best:15.1f} {med:17.1f} {cer:17.2%} {mixed:>14d} of {len(outs)}")
    print("\n(the corpus text puts the Quốc hiệu before 'Số:'; a loader that reads the header's left\n"
          " column before its right column differs from it there by design: most of the CER above)")
    base = rows["raw pypdfium2 text"]
    print(f"\nratio tthc / raw pypdfium2: {rows['tthc load (reading order)'] / base:.2f}x "
          f"(target: >= 100 pages/s per core for tthc)")
    print(f"ratio tthc / raw pdfplumber: {rows['tthc load (reading order)'] / rows['raw pdfplumber extract_text']:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
