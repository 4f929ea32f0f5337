"""Accuracy and speed of the directive parser on the real corpus, from text and from scans.

Usage: python bench/accuracy.py [--corpus DIR] [--gold DIR] [--scorer FILE] [--reps N] [--workers N]
                                [--no-scans] [--keep DIR]
Defaults: ../shared/corpus/texts, ../shared/corpus/gold, ../shared/tools/score_directive.py.

Inputs, each run through `tthc ingest` (commands.pipeline.read_directive: load -> parse -> checks) and scored with
the scorer's --json output:
  text        the corpus texts as they are (plain-text loader)
  text-pdf    a real-format text PDF of each (tests/kit/render.py directive_pdf), PDF loader
  scan-clean  that PDF rasterized at 300 dpi (tests/kit/render.py rasterize), image-only PDF (or a
              multi-page TIFF while only the image loader exists), OCR
  scan-noisy  the same with scanner noise (skew, blur, grey paper, JPEG)
The PDF/scan columns need tests/kit/render.py and the PDF/OCR loaders (other workstreams); when one
is missing the column says it was NOT RUN and why. Printed: the score table with the issue's
targets, then parse speed (pages/s per core, after loading; target >= 50) and the ratio of parse
time to load time, measured in the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"


from commands.pipeline import read_directive
from commands.settings import DirectiveSettings
from extract.directive import parse  # noqa: E402
from extract.load import load  # noqa: E402

# metric -> (kind, target) ; kind "acc" reads accuracy, "f1" reads F1
TARGETS = {
    "header.number": ("acc", 1.0), "header.symbol": ("acc", 1.0), "header.date": ("acc", 1.0),
    "header.place": ("acc", 1.0), "header.signer": ("acc", 1.0),
    "subject": ("acc", 0.95), "recipients": ("f1", 0.95),
    "references": ("f1", 0.97), "ref_dates": ("acc", 0.95), "ref_articles": ("acc", 0.95),
    "deadlines": ("f1", 0.95), "deadline_assignees": ("acc", None), "task_assignees": ("f1", 0.90),
}
A4_CHARS = 3000          # characters of a full A4 page of body text at 13 pt, for plain text inputs


def _renderer():
    """tests/kit/render.py of the OCR workstream, or the reason it cannot be used."""
    try:
        from tests.kit import render
    except ImportError as exc:
        return None, f"tests/kit/render.py is not on this branch ({exc})"
    missing = [n for n in ("directive_pdf", "rasterize", "scanned_pdf") if not hasattr(render, n)]
    if missing:
        return None, f"tests/kit/render.py lacks {', '.join(missing)}"
    return render, None


def _loader(module: str, what: str) -> str | None:
    try:
        __import__(f"extract.load.{module}")
    except ImportError as exc:
        return f"the {what} loader extract/load/{module}.py is not on this branch ({exc})"
    return None


def _make_inputs(texts: list[Path], out: Path, render, variant: str) -> list[Path]:
    """Text PDFs, or 300-dpi scans of them: image-only PDFs when the PDF loader is here,
    else multi-page TIFFs (the image loader reads them the same way, through OCR)."""
    paths = []
    as_pdf = _loader("pdf", "PDF") is None
    for t in texts:
        pdf = render.directive_pdf(t.read_text(encoding="utf-8"))
        data, ext = pdf, "pdf"
        if variant != "text-pdf":
            images = render.rasterize(pdf, dpi=300, noisy=variant == "scan-noisy", seed=7)
            data, ext = (render.scanned_pdf(images, 300), "pdf") if as_pdf else (render.tiff(images, 300), "tif")
        p = out / variant / f"{t.stem}.{ext}"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        paths.append(p)
    return paths


def _ingest(path: str) -> tuple[str, dict, float, float, int]:
    """(path, contract dict, load seconds, parse seconds, pages) for one input. The document is
    loaded once (OCR is slow); commands.pipeline.read_directive then runs its own pipeline on that Document."""
    import extract.load as loader
    start = time.perf_counter()
    doc = load(path)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    parse(doc)
    parsed = time.perf_counter() - start
    real = loader.load
    loader.load = lambda *_a, **_k: doc             # cli imports load at call time
    try:
        result = read_directive(path, DirectiveSettings()).to_dict()
    finally:
        loader.load = real
    return path, result, loaded, parsed, len(doc.pages)


def _score(pred_dir: Path, gold: Path, scorer: Path) -> dict:
    out = subprocess.run([sys.executable, str(scorer), "--gold-dir", str(gold), "--pred-dir", str(pred_dir),
                          "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["scores"]


def _run_variant(paths: list[Path], pred_dir: Path, workers: int) -> list[tuple]:
    pred_dir.mkdir(parents=True, exist_ok=True)
    if workers > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            rows = list(pool.map(_ingest, map(str, paths)))
    else:
        rows = [_ingest(str(p)) for p in paths]
    for path, result, *_ in rows:
        (pred_dir / f"{Path(path).stem}.json").write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
        SCHEMA_ERRORS.extend(f"{Path(path).name}: {list(e.absolute_path)} {e.message}"
                             for e in _validator().iter_errors(json.loads(json.dumps(result))))
    return rows


SCHEMA_ERRORS: list[str] = []


def _validator():
    """Every prediction must validate against schemas/directive.schema.json (issue 3)."""
    from jsonschema import Draft202012Validator
    from schemas import load_json
    return Draft202012Validator(load_json("directive.schema.json"))


def _cell(scores: dict | None, metric: str) -> str:
    if scores is None:
        return "NOT RUN"
    row = scores.get(metric)
    if row is None:
        return "-"
    kind = TARGETS[metric][0]
    value = row["f1"] if kind == "f1" and "f1" in row else row.get("accuracy", row.get("f1"))
    target = TARGETS[metric][1]
    mark = "" if target is None else (" ok" if value >= target - 1e-9 else " LOW")
    n = row.get("n", row.get("gold"))
    return f"{value:.3f}{mark} (n {n})"


def _parse_speed(paths: list[Path], reps: int) -> tuple[float, float, int, int]:
    """(seconds to parse all, seconds to load all, pages, characters); parse timed as the
    fastest of `reps` passes over documents loaded once."""
    start = time.perf_counter()
    docs = [load(p) for p in paths]
    load_s = time.perf_counter() - start
    for d in docs:
        parse(d)                                   # warm caches: lexicons, spaCy, underthesea
    best = float("inf")
    for _ in range(reps):
        start = time.perf_counter()
        for d in docs:
            parse(d)
        best = min(best, time.perf_counter() - start)
    pages = sum(len(d.pages) for d in docs)
    chars = sum(len(d.text) for d in docs)
    return best, load_s, pages, chars


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(SHARED / "corpus" / "texts"))
    ap.add_argument("--gold", default=str(SHARED / "corpus" / "gold"))
    ap.add_argument("--scorer", default=str(SHARED / "tools" / "score_directive.py"))
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--no-scans", action="store_true", help="skip the OCR columns (slow)")
    ap.add_argument("--keep", help="write inputs and predictions here instead of a temporary folder")
    args = ap.parse_args()

    texts = sorted(Path(args.corpus).glob("*.txt"))
    gold, scorer = Path(args.gold), Path(args.scorer)
    if not texts or not gold.is_dir() or not scorer.is_file():
        print(f"corpus, gold or scorer missing: {args.corpus}, {args.gold}, {args.scorer}", file=sys.stderr)
        return 2
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="tthc-accuracy-"))
    work.mkdir(parents=True, exist_ok=True)

    columns: dict[str, dict | None] = {}
    notes: dict[str, str] = {}
    timings: dict[str, list[tuple]] = {}
    timings["text"] = _run_variant(texts, work / "pred" / "text", 1)
    columns["text"] = _score(work / "pred" / "text", gold, scorer)

    render, why = _renderer()
    for variant in ("text-pdf", "scan-clean", "scan-noisy"):
        reason = why or (_loader("pdf", "PDF") if variant == "text-pdf" else
                         (_loader("pdf", "PDF") and _loader("image", "image")))
        if reason or (args.no_scans and variant != "text-pdf"):
            columns[variant] = None
            notes[variant] = reason or "skipped (--no-scans)"
            continue
        paths = _make_inputs(texts, work / "inputs", render, variant)
        workers = 1 if variant == "text-pdf" else args.workers
        timings[variant] = _run_variant(paths, work / "pred" / variant, workers)
        columns[variant] = _score(work / "pred" / variant, gold, scorer)

    print(f"Directive parser accuracy: {len(texts)} corpus documents, scorer {scorer.name}")
    names = list(columns)
    print(f"{'metric':20s} {'target':>7s}  " + "  ".join(f"{n:>20s}" for n in names))
    for metric, (_, target) in TARGETS.items():
        t = "-" if target is None else f"{target:.2f}"
        print(f"{metric:20s} {t:>7s}  " + "  ".join(f"{_cell(columns[n], metric):>20s}" for n in names))
    for n, why_not in notes.items():
        print(f"  {n}: NOT RUN - {why_not}")

    # speed: parse after loading, one core
    parse_s, load_s, pages, chars = _parse_speed(texts, args.reps)
    est_pages = max(pages, round(chars / A4_CHARS))
    print(f"\nParse speed (one process, fastest of {args.reps} passes, documents loaded once)")
    print(f"  text: {len(texts)} docs, {chars} chars, {pages} pages as loaded (~{est_pages} A4 pages at "
          f"{A4_CHARS} chars): parse {parse_s * 1000:.1f} ms = {est_pages / parse_s:.0f} A4 pages/s "
          f"(target >= 50), {chars / parse_s / 1000:.0f} k chars/s; load {load_s * 1000:.1f} ms; "
          f"parse/load = {parse_s / load_s:.2f}")
    if "text-pdf" in timings:
        rows = timings["text-pdf"]
        load_t = sum(r[2] for r in rows)
        parse_t = sum(r[3] for r in rows)
        pages = sum(r[4] for r in rows)
        print(f"  text PDF: {pages} pages: load {load_t:.3f} s, parse {parse_t:.3f} s "
              f"({pages / parse_t:.0f} pages/s), parse/load = {parse_t / load_t:.2f}")
    else:
        print(f"  text PDF: NOT RUN - {notes.get('text-pdf')}")
    for variant in ("scan-clean", "scan-noisy"):
        if variant in timings:
            rows = timings[variant]
            print(f"  {variant}: {sum(r[4] for r in rows)} pages, OCR load {sum(r[2] for r in rows):.1f} s, "
                  f"parse {sum(r[3] for r in rows):.3f} s")
    if not args.keep:
        print(f"  (inputs and predictions in {work})")
    print(f"\nSchema: every prediction validated against schemas/directive.schema.json: "
          + ("all valid" if not SCHEMA_ERRORS else f"{len(SCHEMA_ERRORS)} ERRORS\n  " + "\n  ".join(SCHEMA_ERRORS[:20])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
