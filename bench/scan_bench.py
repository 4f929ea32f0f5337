"""Office scans of REAL documents: raw tesseract against tthc, on the same page images, in one run.

    python bench/scan_bench.py [--limit N] [--dpi 200|300] [--ids ID ...] [--keep DIR] [--forms pdf,images]

For each real corpus document that has a gold annotation (tests/gold/real, or the annotators' folders
/work/gold/dev and /work/gold/heldout while they fill), tests/kit/real_render.py lays it out as Decree
30 prints it and makes the office scan of it (red seal over the signer's position and name, blue
signature, 0.3-2 degrees of skew, uneven paper, speckle, JPEG 60-80; 300 dpi for even positions in
the list, 200 dpi for odd ones unless --dpi). None of these documents is used to tune the OCR path
or to build its vocabulary (schemas/ocr/vocabulary.json lists the documents it was built from).

Per document, printed as a table:
- body CER of raw `tesseract PAGE stdout -l vie --psm 3` on each page image (its TSV lines cut at
  wide gaps, as bench/ocr_bench.py does, so a merged two-column line is not held against it), and
  of tthc on the image-only PDF of the same JPEGs (and, with --forms images, on the JPEG files read
  as one document); the truth is the text layer of the Decree 30 text PDF, compared with
  tests/kit/real_render.py reading_errors (the order of blocks is not an error; lines are aligned
  in reading order first, so the many look-alike lines of a directive do not claim each other's
  place). Body = the pages that are not mostly ruled table; table pages are reported apart;
- seconds: raw tesseract over all pages, tthc's load (OCR) of the scan.
Then, over all documents: micro CER, time ratio, and the team scorer's (tests/kit/score_directive.py)
header fields exact (number, symbol, date, place, signer), deadlines F1 and task assignees F1 for the
scan, the text PDF of the same layout and the portal text, with the issue's targets.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import _ingest  # noqa: E402  one load per input, then the CLI's own pipeline
from ocr_bench import raw_tesseract, table_share  # noqa: E402
from tests.kit import real_render  # noqa: E402
from tests.kit.score_directive import Tally, score_one  # noqa: E402

HEADER = ("header.number", "header.symbol", "header.date", "header.place", "header.signer")
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def _ingest_pages(pages: list[Path]) -> tuple[str, dict, float, float, int]:
    """accuracy._ingest for page images read as one document (`--one-document`)."""
    import extract.load as loader
    from commands.pipeline import PAGES, read_directive
    from commands.settings import DirectiveSettings
    start = time.perf_counter()
    doc = loader.load([str(p) for p in pages])
    loaded = time.perf_counter() - start
    real = loader.load
    loader.load = lambda *_a, **_k: doc
    try:
        result = read_directive(PAGES.join(map(str, pages)), DirectiveSettings()).to_dict()
    finally:
        loader.load = real
    return doc.source, result, loaded, 0.0, len(doc.pages)


def gold_ids() -> list[str]:
    seen: dict[str, Path] = {}
    for d in real_render.GOLD_DIRS:
        if d.is_dir():
            for p in sorted(d.glob("*.json")):
                if (real_render.CORPUS / f"{p.stem}.txt").is_file():
                    seen.setdefault(p.stem, p)
    return sorted(seen)


def summary(tally: Tally) -> dict:
    t = tally.table()
    header = [t[k]["accuracy"] for k in HEADER if k in t]
    return {"header": sum(header) / len(header) if header else float("nan"),
            "deadlines": t.get("deadlines", {}).get("f1", float("nan")),
            "assignees": t.get("task_assignees", {}).get("f1", float("nan")),
            "fields": {k: t[k]["accuracy"] for k in HEADER if k in t}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="first N gold documents only")
    ap.add_argument("--ids", nargs="*", help="these corpus documents (default: every one with gold)")
    ap.add_argument("--dpi", type=int, choices=(200, 300), help="one resolution for all (default: alternate)")
    ap.add_argument("--forms", default="pdf", help="pdf (image-only PDF), images (JPEG pages), or both: pdf,images")
    ap.add_argument("--keep", help="write the scans and predictions here")
    ap.add_argument("--max-pages", type=int, default=0, help="skip documents longer than this")
    args = ap.parse_args()
    ids = args.ids or gold_ids()
    if args.limit:
        ids = ids[:args.limit]
    if not ids:
        print("no gold documents found", file=sys.stderr)
        return 2
    forms = args.forms.split(",")
    work = Path(args.keep or tempfile.mkdtemp(prefix="tthc-scan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # OCR once is right for users and wrong for a timing: every run reads the scans afresh
    os.environ["TTHC_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=work)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    tallies = {name: Tally() for name in ("portal text", "text PDF", *[f"scan {f}" for f in forms])}
    rows = []
    totals = {"raw_err": 0, "n": 0, "raw_s": 0.0, "table_raw": 0, "table_n": 0, **{f"{f}_err": 0 for f in forms},
              **{f"{f}_s": 0.0 for f in forms}, **{f"table_{f}": 0 for f in forms}}
    print(f"{'document':18s} {'dpi':>4s} {'pages':>5s} {'raw CER':>8s} " +
          " ".join(f"{'tthc ' + f:>11s}" for f in forms) + f" {'raw s':>7s} " +
          " ".join(f"{'tthc ' + f + ' s':>11s}" for f in forms))
    for k, doc_id in enumerate(ids):
        gold = real_render.gold_for(doc_id)
        dpi = args.dpi or (300 if k % 2 == 0 else 200)
        seed = int(hashlib.sha1(doc_id.encode()).hexdigest()[:8], 16)
        layout = real_render.load_layout(doc_id)
        pdf = real_render.text_pdf(layout)
        truths = real_render.truth_texts(pdf)
        if args.max_pages and len(truths) > args.max_pages:
            continue
        prose = [share <= 0.5 for share in table_share(pdf)]
        pages = real_render.office_scan(layout, dpi=dpi, seed=seed, pdf=pdf)
        folder = work / doc_id
        jpegs = real_render.jpeg_files(pages, folder / "pages")
        scan = folder / f"{doc_id}.pdf"
        scan.write_bytes(real_render.scan_pdf(pages))
        text_pdf = folder / f"{doc_id}.text.pdf"
        text_pdf.write_bytes(pdf)

        raw_err = n = 0
        raw_s = 0.0
        for page, truth, body in zip(jpegs, truths, prose):
            t = time.perf_counter()
            raw = raw_tesseract(page)
            raw_s += time.perf_counter() - t
            e, m = real_render.reading_errors(raw, truth)
            if body:
                raw_err, n = raw_err + e, n + m
            else:
                totals["table_raw"] += e
                totals["table_n"] += m
        ours = {}
        for form in forms:
            _, result, load_s, _, _ = _ingest(str(scan)) if form == "pdf" else _ingest_pages(jpegs)
            texts = (result.get("text") or "").split("\f")
            errs = [real_render.reading_errors(texts[i] if i < len(texts) else "", truth)[0]
                    for i, truth in enumerate(truths)]
            err = sum(e for e, body in zip(errs, prose) if body)
            totals[f"table_{form}"] += sum(e for e, body in zip(errs, prose) if not body)
            ours[form] = (err, load_s)
            score_one(gold, result, tallies[f"scan {form}"])
            (folder / f"pred.{form}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
            totals[f"{form}_err"] += err
            totals[f"{form}_s"] += load_s
        for name, path in (("text PDF", text_pdf), ("portal text", real_render.CORPUS / f"{doc_id}.txt")):
            score_one(gold, _ingest(str(path))[1], tallies[name])
        totals["raw_err"] += raw_err
        totals["n"] += n
        totals["raw_s"] += raw_s
        n = max(n, 1)
        rows.append((doc_id, dpi, len(pages), raw_err / n, {f: ours[f][0] / n for f in forms}, raw_s,
                     {f: ours[f][1] for f in forms}))
        print(f"{doc_id:18s} {dpi:>4d} {len(pages):>5d} {100 * raw_err / n:>7.2f}% " +
              " ".join(f"{100 * ours[f][0] / n:>10.2f}%" for f in forms) + f" {raw_s:>7.1f} " +
              " ".join(f"{ours[f][1]:>11.1f}" for f in forms), flush=True)

    n = totals["n"]
    print(f"\n{len(rows)} documents, {sum(r[2] for r in rows)} pages, {n} characters of truth")
    print(f"body CER (micro): raw tesseract {100 * totals['raw_err'] / n:.2f}%  " +
          "  ".join(f"tthc {f} {100 * totals[f + '_err'] / n:.2f}%" for f in forms) +
          "   [target: tthc <= raw and <= 1.00%]")
    if totals["table_n"]:
        print(f"pages mostly ruled table ({totals['table_n']} characters, not in the body figure): raw "
              f"{100 * totals['table_raw'] / totals['table_n']:.2f}%  " +
              "  ".join(f"tthc {f} {100 * totals['table_' + f] / totals['table_n']:.2f}%" for f in forms))
    for f in forms:
        worse = [r[0] for r in rows if r[4][f] > r[3] + 1e-9]
        print(f"  documents where tthc {f} is worse than raw: {len(worse)} of {len(rows)} {' '.join(worse[:8])}")
        print(f"OCR time: raw {totals['raw_s']:.1f} s, tthc {f} {totals[f + '_s']:.1f} s -> "
              f"{totals[f + '_s'] / totals['raw_s']:.2f}x   [target <= 1.20x]")
    scores = {name: summary(t) for name, t in tallies.items()}
    print(f"\n{'form':16s} {'header exact':>13s} {'deadlines F1':>13s} {'assignees F1':>13s}   fields")
    for name, s in scores.items():
        print(f"{name:16s} {s['header']:>13.3f} {s['deadlines']:>13.3f} {s['assignees']:>13.3f}   " +
              " ".join(f"{k.split('.')[1]} {v:.2f}" for k, v in s["fields"].items()))
    base = scores["text PDF"]
    for f in forms:
        s = scores[f"scan {f}"]
        print(f"scan {f}: header exact {s['header']:.3f} [>= 0.95]; deadlines F1 {s['deadlines'] - base['deadlines']:+.3f}, "
              f"assignees F1 {s['assignees'] - base['assignees']:+.3f} against the text PDF [within 0.05]")
    print(f"load average after: {os.getloadavg()[0]:.1f}; scans and predictions in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
