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
- seconds: raw tesseract over all pages, tthc's load (OCR) of the scan; CPU seconds (the process's
  own and its tesseract children's), as the machine is shared, and wall seconds beside them.
Then, over all documents: micro CER, time ratio, and the team scorer's (tests/kit/score_directive.py)
header fields exact (number, symbol, date, place, signer), deadlines F1 and task assignees F1 for the
scan, the text PDF of the same layout and the portal text, with the issue's targets.

Each document's figures are appended to KEEP/rows.jsonl as it ends; `--rescore KEEP` prints the
table and summary of the documents a stopped run finished. Every run OCRs afresh (its own cache).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accuracy import _ingest  # noqa: E402  the text forms: one load, then the CLI's own pipeline
from ocr_bench import raw_tesseract, table_share  # noqa: E402
from tests.kit import real_render  # noqa: E402
from tests.kit.score_directive import Tally, score_one  # noqa: E402

HEADER = ("header.number", "header.symbol", "header.date", "header.place", "header.signer")
ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


def cpu_seconds() -> float:
    """CPU seconds of this process (all its threads) and of the children it waited for (every
    tesseract run): on a machine shared with other jobs, wall time measures their load too."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _ingest_timed(paths: list[Path]) -> tuple[dict, float, float]:
    """(contract dict, load wall seconds, load CPU seconds) of one input: a file, or page images
    read as one document (`--one-document`). The document is loaded (OCRed) once, timed, then
    the CLI's own pipeline runs on it (as accuracy._ingest does)."""
    import extract.load as loader
    from commands.pipeline import PAGES, read_directive
    from commands.settings import DirectiveSettings
    wall, cpu = time.perf_counter(), cpu_seconds()
    doc = loader.load(str(paths[0]) if len(paths) == 1 else [str(p) for p in paths])
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    real = loader.load
    loader.load = lambda *_a, **_k: doc
    try:
        name = str(paths[0]) if len(paths) == 1 else PAGES.join(map(str, paths))
        result = read_directive(name, DirectiveSettings()).to_dict()
    finally:
        loader.load = real
    return result, wall, cpu


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


def _row(doc_id: str, dpi: int, folder: Path, forms: list[str], raw: dict | None) -> dict:
    """One document's figures from its kept folder: truth from the text PDF, ours from the kept
    predictions; raw tesseract's errors and seconds as measured in the run (`raw`)."""
    pdf = (folder / f"{doc_id}.text.pdf").read_bytes()
    truths = real_render.truth_texts(pdf)
    prose = [share <= 0.5 for share in table_share(pdf)]
    row = {"doc": doc_id, "dpi": dpi, "pages": len(truths), "n": 0, "table_n": 0, **(raw or {})}
    for truth, body in zip(truths, prose):
        row["n" if body else "table_n"] += real_render.reading_errors("", truth)[1]
    for form in forms:
        result = json.loads((folder / f"pred.{form}.json").read_text(encoding="utf-8"))
        texts = (result.get("text") or "").split("\f")
        errs = [real_render.reading_errors(texts[i] if i < len(texts) else "", truth)[0]
                for i, truth in enumerate(truths)]
        row[f"{form}_err"] = sum(e for e, body in zip(errs, prose) if body)
        row[f"table_{form}"] = sum(e for e, body in zip(errs, prose) if not body)
        row[form] = _doc_scores(real_render.gold_for(doc_id), result)
    if "text PDF" not in row:
        row["text PDF"] = _doc_scores(real_render.gold_for(doc_id), _ingest(str(folder / f"{doc_id}.text.pdf"))[1])
    return row


def _doc_scores(gold: dict, result: dict) -> dict:
    """One document's header fields exact (of 5), deadlines F1 and task assignees F1 (None when
    neither the gold nor the prediction has any)."""
    tally = Tally()
    score_one(gold, result, tally)
    t = tally.table()
    f1 = lambda key: t[key]["f1"] if t.get(key, {}).get("gold") or t.get(key, {}).get("pred") else None  # noqa: E731
    return {"header": sum(t[k]["accuracy"] for k in HEADER if k in t), "deadlines": f1("deadlines"),
            "assignees": f1("task_assignees")}


def _print_row(r: dict, forms: list[str]) -> None:
    n = max(r["n"], 1)
    f1 = lambda v: "  -" if v is None else f"{v:.2f}"  # noqa: E731
    scores = lambda s: f"{s['header']:.0f}/5 {f1(s['deadlines']):>4s} {f1(s['assignees']):>4s}"  # noqa: E731
    print(f"{r['doc']:18s} {r['dpi']:>4d} {r['pages']:>5d} {100 * r['raw_err'] / n:>7.2f}% " +
          " ".join(f"{100 * r[f + '_err'] / n:>10.2f}%" for f in forms) + f" {r['raw_s']:>7.1f} " +
          " ".join(f"{r[f + '_s']:>11.1f}" for f in forms) +
          ("   " + "  ".join(scores(r[f]) for f in (*forms, "text PDF")) if "text PDF" in r else ""), flush=True)


def _header(forms: list[str]) -> None:
    print(f"{'document':18s} {'dpi':>4s} {'pages':>5s} {'raw CER':>8s} " +
          " ".join(f"{'tthc ' + f:>11s}" for f in forms) + f" {'raw s':>7s} " +
          " ".join(f"{'tthc ' + f + ' s':>11s}" for f in forms) + "   " +
          "  ".join(f"{f[:11]:>16s}" for f in (*forms, "text PDF")))
    print(f"{'':18s} {'':>4s} {'':>5s} {'':>8s} " + " ".join(f"{'':>11s}" for f in forms) + f" {'(CPU)':>7s} " +
          " ".join(f"{'(CPU)':>11s}" for f in forms) + "   " +
          "  ".join(f"{'hdr   DL   AS':>16s}" for _ in (*forms, "text PDF")))


def _summary(rows: list[dict], tallies: dict, forms: list[str]) -> None:
    total = lambda key: sum(r.get(key, 0) for r in rows)            # noqa: E731
    n = max(total("n"), 1)
    print(f"\n{len(rows)} documents, {total('pages')} pages, {total('n')} characters of truth")
    print(f"body CER (micro): raw tesseract {100 * total('raw_err') / n:.2f}%  " +
          "  ".join(f"tthc {f} {100 * total(f + '_err') / n:.2f}%" for f in forms) +
          "   [target: tthc <= raw and <= 1.00%]")
    if total("table_n"):
        print(f"pages mostly ruled table ({total('table_n')} characters, not in the body figure): raw "
              f"{100 * total('table_raw') / total('table_n'):.2f}%  " +
              "  ".join(f"tthc {f} {100 * total('table_' + f) / total('table_n'):.2f}%" for f in forms))
    for f in forms:
        worse = [r["doc"] for r in rows if r[f + "_err"] > r["raw_err"]]
        print(f"  documents where tthc {f} is worse than raw: {len(worse)} of {len(rows)} {' '.join(worse[:8])}")
        print(f"OCR time (CPU): raw {total('raw_s'):.1f} s, tthc {f} {total(f + '_s'):.1f} s -> "
              f"{total(f + '_s') / max(total('raw_s'), 1e-9):.2f}x   [target <= 1.20x]")
        if total("raw_wall") and total(f + "_wall"):
            print(f"OCR time (wall, loaded machine): raw {total('raw_wall'):.1f} s, tthc {f} "
                  f"{total(f + '_wall'):.1f} s -> {total(f + '_wall') / total('raw_wall'):.2f}x")
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


def _score_text_forms(doc_id: str, gold: dict, text_pdf: Path, tallies: dict) -> None:
    for name, path in (("text PDF", text_pdf), ("portal text", real_render.CORPUS / f"{doc_id}.txt")):
        score_one(gold, _ingest(str(path))[1], tallies[name])


def rescore(work: Path, forms: list[str]) -> int:
    """The table and summary again from a kept folder (`--keep`) whose run was stopped: every
    document with its predictions and its raw figures (rows.jsonl) counts."""
    rows_file = work / "rows.jsonl"
    measured = [json.loads(x) for x in rows_file.read_text(encoding="utf-8").splitlines() if x.strip()] \
        if rows_file.is_file() else []
    tallies = {name: Tally() for name in ("portal text", "text PDF", *[f"scan {f}" for f in forms])}
    _header(forms)
    rows = []
    for r in measured:
        folder = work / r["doc"]
        if not all((folder / f"pred.{f}.json").is_file() for f in forms):
            continue
        gold = real_render.gold_for(r["doc"])
        for f in forms:
            score_one(gold, json.loads((folder / f"pred.{f}.json").read_text(encoding="utf-8")), tallies[f"scan {f}"])
        _score_text_forms(r["doc"], gold, folder / f"{r['doc']}.text.pdf", tallies)
        rows.append(r)
        _print_row(r, forms)
    if not rows:
        print(f"no finished document in {work}", file=sys.stderr)
        return 2
    _summary(rows, tallies, forms)
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=0, help="first N gold documents only")
    ap.add_argument("--ids", nargs="*", help="these corpus documents (default: every one with gold)")
    ap.add_argument("--dpi", type=int, choices=(200, 300), help="one resolution for all (default: alternate)")
    ap.add_argument("--forms", default="pdf", help="pdf (image-only PDF), images (JPEG pages), or both: pdf,images")
    ap.add_argument("--keep", help="write the scans and predictions here")
    ap.add_argument("--max-pages", type=int, default=0, help="skip documents longer than this")
    ap.add_argument("--rescore", help="print the table and summary of a kept folder (a run stopped early)")
    args = ap.parse_args()
    forms = args.forms.split(",")
    if args.rescore:
        return rescore(Path(args.rescore), forms)
    ids = args.ids or gold_ids()
    if args.limit:
        ids = ids[:args.limit]
    if not ids:
        print("no gold documents found", file=sys.stderr)
        return 2
    work = Path(args.keep or tempfile.mkdtemp(prefix="tthc-scan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # OCR once is right for users and wrong for a timing: every run reads the scans afresh
    os.environ["TTHC_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-", dir=work)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    tallies = {name: Tally() for name in ("portal text", "text PDF", *[f"scan {f}" for f in forms])}
    rows = []
    _header(forms)
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

        raw = {"raw_err": 0, "raw_s": 0.0, "raw_wall": 0.0, "table_raw": 0}
        for page, truth, body in zip(jpegs, truths, prose):
            wall, cpu = time.perf_counter(), cpu_seconds()
            text = raw_tesseract(page)
            raw["raw_s"] += cpu_seconds() - cpu
            raw["raw_wall"] += time.perf_counter() - wall
            raw["raw_err" if body else "table_raw"] += real_render.reading_errors(text, truth)[0]
        for form in forms:
            result, wall, cpu = _ingest_timed([scan] if form == "pdf" else jpegs)
            raw[f"{form}_s"], raw[f"{form}_wall"] = cpu, wall
            score_one(gold, result, tallies[f"scan {form}"])
            (folder / f"pred.{form}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        _score_text_forms(doc_id, gold, text_pdf, tallies)
        row = _row(doc_id, dpi, folder, forms, raw)
        with open(work / "rows.jsonl", "a", encoding="utf-8") as fh:      # kept as each document ends
            fh.write(json.dumps(row) + "\n")
        rows.append(row)
        _print_row(row, forms)
    _summary(rows, tallies, forms)
    print(f"load average after: {os.getloadavg()[0]:.1f}; scans and predictions in {work}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
