"""The directive reader on real documents as provinces, ministries and the Government publish them.

Usage: python bench/real_corpus.py [--corpus DIR] [--gold DIR ...] [--workers N] [--no-gold] [--no-startup] [--startup-only]
                                   [--show-false N] [--json FILE] [--errors]

Two parts, both through `tthc ingest` (commands.pipeline.read_directive: load -> parse -> checks):

1. Robustness, on every document of the real corpus (tests/corpus/real, 300 portal texts):
   crashes, schema validity of the output, seconds per document, and the share of documents with a
   FALSE ABSENCE finding: an ND30.MISSING_* / SUBJECT_MISSING / KINH_GUI_MISSING finding whose part the
   text visibly prints, as tests/kit/printed.py decides it independently of the parser (the exact
   Quốc hiệu string, a "<Place>, ngày … tháng … năm …" line, a "Số:" line, "Nơi nhận", a signer name line …).
   The same patterns give the printed number, date and signer; the rates at which the reader finds
   them (equal to what is printed, numbers compared without spaces and with look-alike letters folded)
   are printed against the issue's targets.
2. Gold, per form: header fields, references, deadlines and task assignees scored with
   tests/kit/score_directive.py over every gold folder given (default: tests/gold/seed and the real
   documents' tests/gold/real/dev and tests/gold/real/heldout; held-out gold is scored, never tuned on). Forms:
   text; text PDF and DOCX in Decree-30 layout (tests/kit/real_forms.py over tests/kit/real_render.py,
   when it is on this branch; else NOT RUN, with the reason).
3. Start-up: `python cli.py check ONE.txt`, median wall and CPU time of several runs, against a bare
   interpreter start and the import of spaCy with a blank pipeline (what the agency gazetteer cost before
   it became a dictionary), measured in the same run; which heavy libraries the check imports
   (tests/test_startup.py guards the imports; no figure is asserted).
No figure here is asserted anywhere; tests/test_real_corpus.py holds the behaviour the suite guards.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.kit.printed import ABSENCE, false_absences, fold_name, fold_number, visible  # noqa: E402

TARGET_FALSE_ABSENCE = 0.02
TARGET_FOUND = 0.97
TARGET_HEADER = 0.97

# --------------------------------------------------------------------------- running the reader

def _ingest(path: str) -> dict:
    from commands.pipeline import read_directive
    from commands.settings import DirectiveSettings
    start = time.perf_counter()
    try:
        result = read_directive(path, DirectiveSettings()).to_dict()
        crash = any(f["code"] == "INTERNAL.ERROR" for f in result.get("findings", []))
    except Exception as exc:  # noqa: BLE001 - read_directive should never raise; if it does, count it
        result, crash = {"findings": [], "document": None, "error": repr(exc)}, True
    return {"path": path, "result": result, "crash": crash, "seconds": time.perf_counter() - start}


def _run(paths: list[str], workers: int) -> list[dict]:
    if workers > 1 and len(paths) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(_ingest, paths, chunksize=4))
    return [_ingest(p) for p in paths]


def _validator():
    from jsonschema import Draft202012Validator
    from schemas import load_json
    return Draft202012Validator(load_json("directive.schema.json"))


def robustness(corpus: Path, workers: int, show_false: int, list_errors: bool = False) -> dict:
    paths = sorted(str(p) for p in corpus.glob("*.txt"))
    start = time.perf_counter()
    rows = _run(paths, workers)
    wall = time.perf_counter() - start
    validator = _validator()
    n = len(rows)
    crashes = [r["path"] for r in rows if r["crash"]]
    invalid = [r["path"] for r in rows if any(True for _ in validator.iter_errors(json.loads(json.dumps(r["result"]))))]
    false_docs, false_codes, examples = [], Counter(), []
    printed = Counter()
    found = Counter()
    uncertain = 0
    absences = Counter()
    meta_signer = [0, 0]
    for r in rows:
        raw = Path(r["path"]).read_text(encoding="utf-8", errors="replace")
        seen = visible(raw)
        findings = r["result"].get("findings") or []
        doc = r["result"].get("document") or {}
        for f in findings:
            if f["code"] in ABSENCE:
                absences[f["code"]] += 1
        if any(f["code"] == "PARSE.LAYOUT_UNCERTAIN" for f in findings):
            uncertain += 1
        bad = false_absences(findings, seen)
        if bad:
            false_docs.append(r["path"])
            false_codes.update(b.split(":")[0] for b in bad)
            examples.append((Path(r["path"]).name, bad))
        for key, mine in (("number", fold_number(doc.get("number"))),
                          ("place_date", doc.get("date") or ""),
                          ("signer", fold_name((doc.get("signer") or {}).get("name")))):
            if key in seen:
                printed[key] += 1
                want = {"number": fold_number, "signer": fold_name}.get(key, str)(seen[key])
                found[key] += mine == want
        m = re.search(r"Người ký:\**\s*\|?\s*\n\|?\s*\n?([^\n|]+)", raw)
        if m and doc:
            meta_signer[0] += 1
            meta_signer[1] += fold_name(m.group(1).strip("* ")) == fold_name((doc.get("signer") or {}).get("name"))
    secs = [r["seconds"] for r in rows]
    report = {
        "documents": n, "crashes": len(crashes), "schema_invalid": len(invalid),
        "false_absence_docs": len(false_docs), "false_absence_share": len(false_docs) / n if n else 0.0,
        "false_absence_by_code": dict(false_codes), "absence_findings": dict(absences),
        "layout_uncertain_docs": uncertain,
        "found": {k: {"printed": printed[k], "found": found[k], "rate": found[k] / printed[k] if printed[k] else None}
                  for k in ("number", "place_date", "signer")},
        "metadata_signer_agrees": meta_signer,
        "seconds_per_doc": sum(secs) / n if n else 0.0, "wall_seconds": wall, "workers": workers,
    }
    print(f"Real corpus: {n} documents in {corpus} ({workers} worker(s), {wall:.1f} s wall)")
    print(f"  crashes {len(crashes)}   schema-invalid outputs {len(invalid)}   "
          f"seconds per document {report['seconds_per_doc']:.3f} (mean, one process each)")
    for p in (crashes + invalid)[:10]:
        print(f"    {p}")
    share = report["false_absence_share"]
    print(f"  false absence findings: {len(false_docs)} documents = {share:.1%} "
          f"(target <= {TARGET_FALSE_ABSENCE:.0%}) {'ok' if share <= TARGET_FALSE_ABSENCE else 'HIGH'}")
    for code, k in false_codes.most_common():
        print(f"    {code:32s} {k}")
    print(f"  absence findings given (all): " + ", ".join(f"{c.split('.', 1)[1]} {k}" for c, k in absences.most_common()))
    print(f"  PARSE.LAYOUT_UNCERTAIN on {uncertain} documents")
    for key, label in (("number", "number"), ("place_date", "date"), ("signer", "signer name")):
        row = report["found"][key]
        rate = row["rate"]
        mark = "" if rate is None else (" ok" if rate >= TARGET_FOUND else " LOW")
        print(f"  {label:12s} found as printed in {row['found']}/{row['printed']} documents that print it"
              + ("" if rate is None else f" = {rate:.1%}{mark} (target >= {TARGET_FOUND:.0%})"))
    if meta_signer[0]:
        print(f"  signer agrees with the portal's 'Người ký:' metadata in {meta_signer[1]}/{meta_signer[0]}")
    for name, bad in examples[:show_false]:
        print(f"    {name}: {'; '.join(bad)}")
    errors = [(Path(r["path"]).stem, f) for r in rows for f in (r["result"].get("findings") or [])
              if f["severity"] == "error"]
    by_code = Counter(f["code"] for _, f in errors)
    print(f"  error findings: {len(errors)} on {len({d for d, _ in errors})} documents: "
          + (", ".join(f"{c} {k}" for c, k in by_code.most_common()) or "none"))
    if list_errors:                  # each one, to be judged against its page (agrees / wrong for the kind)
        for doc, f in errors:
            print(f"    {doc}  {f['code']:26s} {' '.join(f['message'].split())[:150]}")
    report["error_findings"] = dict(by_code)
    return report


# --------------------------------------------------------------------------- gold

HEADER_FIELDS = ("header.number", "header.symbol", "header.date", "header.place", "header.signer")
EXTRA_FIELDS = ("doc_type", "issuer_normalized", "signer.position", "signer.authority")
METRICS = (*HEADER_FIELDS, "subject", *EXTRA_FIELDS, "recipients", "references", "deadlines", "task_assignees")


def _source_of(gold: dict, gold_file: Path) -> Path | None:
    name = gold.get("file") or gold_file.stem + ".txt"
    for folder in (ROOT / "tests" / "corpus" / "real", ROOT / "tests" / "corpus" / "texts"):
        if (folder / name).exists():
            return folder / name
    return None


def _extra(gold: dict, pred: dict, tally) -> None:
    from tests.kit.score_directive import norm
    doc = pred.get("document") or {}
    tally.acc("doc_type", norm(doc.get("doc_type")) == norm(gold.get("doc_type")))
    tally.acc("issuer_normalized", norm(doc.get("issuer_normalized")) == norm(gold.get("issuer_normalized")))
    for k in ("position", "authority"):
        tally.acc(f"signer.{k}", norm((doc.get("signer") or {}).get(k)) == norm((gold.get("signer") or {}).get(k)))


class NotRun(Exception):
    """A form this checkout cannot render yet; the message says why."""


def _real_forms():
    try:
        from tests.kit import real_forms
    except ImportError as exc:
        raise NotRun(f"tests/kit/real_forms.py cannot be used here ({exc})") from None
    return real_forms


def _text_pdf(src: Path) -> bytes:
    """A text PDF in Decree 30 layout: a real document through tests/kit/real_forms.py (its portal
    text laid out as offices print it), a seed through tests/kit/render.py."""
    if src.parent.name == "real":
        return _real_forms().real_pdf(src.read_text(encoding="utf-8"), src.name)
    from tests.kit import render
    return render.directive_pdf(src.read_text(encoding="utf-8"))


def _docx(src: Path) -> bytes:
    """A DOCX in Decree 30 layout (borderless header and closing tables, Word's own numbering)."""
    return _real_forms().real_docx(src.read_text(encoding="utf-8"), src.name)


FORMS = {"text": None, "text-pdf": (_text_pdf, ".pdf"), "docx": (_docx, ".docx")}


def gold_scores(folders: list[Path], workdir: Path) -> None:
    from tests.kit.score_directive import Tally, score_one
    notes: dict[str, set[str]] = {}
    print("\nGold (tests/kit/score_directive.py): header fields exact, subject similarity >= 0.95, F1 for lists")
    for folder in folders:
        files = sorted(folder.glob("*.json"))
        if not files:
            continue
        label = folder.name if folder.name not in ("dev", "heldout", "heldout2") else f"{folder.parent.name}/{folder.name}"
        tallies = {}
        for form, maker in FORMS.items():
            tally = Tally()
            missing = scored = 0
            for gf in files:
                gold = json.loads(gf.read_text(encoding="utf-8"))
                src = _source_of(gold, gf)
                if src is None:
                    missing += 1
                    continue
                path = src
                if maker is not None:
                    try:
                        data = maker[0](src)
                    except NotRun as why:
                        notes.setdefault(form, set()).add(str(why))
                        continue
                    path = workdir / form / f"{src.stem}{maker[1]}"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                pred = _ingest(str(path))["result"]
                score_one(gold, pred, tally)
                _extra(gold, pred, tally)
                scored += 1
            if scored:
                tallies[form] = tally.table()
        print(f"  {label}: {len(files)} gold file(s)" + (f", {missing} without source" if missing else ""))
        names = list(FORMS)
        print(f"    {'metric':20s}" + "".join(f"{n:>22s}" for n in names))
        for metric in METRICS:
            cells = []
            for n in names:
                if n not in tallies:
                    cells.append("NOT RUN")
                    continue
                row = tallies[n].get(metric)
                if row is None:
                    cells.append("-")
                    continue
                value = row.get("f1", row.get("accuracy"))
                size = row.get("n", row.get("gold"))
                mark = " LOW" if metric in HEADER_FIELDS + EXTRA_FIELDS and value < TARGET_HEADER else ""
                cells.append(f"{value:.3f}{mark} (n {size})")
            print(f"    {metric:20s}" + "".join(f"{c:>22s}" for c in cells))
        for n in names:
            if n in tallies:
                t = tallies[n]
                right = sum(t[m]["accuracy"] * t[m]["n"] for m in HEADER_FIELDS if m in t)
                total = sum(t[m]["n"] for m in HEADER_FIELDS if m in t)
                if total:
                    print(f"    header fields together ({n}): {right / total:.3f} exact "
                          f"(target >= {TARGET_HEADER:.2f}) {'ok' if right / total >= TARGET_HEADER else 'LOW'}")
    for form, whys in notes.items():
        for why in sorted(whys):
            print(f"  {form}: NOT RUN (for the documents it could not render) - {why}")


# --------------------------------------------------------------------------- start-up

def _timed(cmd: list[str], reps: int, env: dict) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system of the child) over `reps` runs. CPU time
    is the figure to read on a shared machine: wall time there mostly measures the other jobs."""
    import resource
    import statistics
    walls, cpus = [], []
    for _ in range(reps):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


HEAVY = ("spacy", "underthesea", "pdfplumber", "pypdfium2", "pyhanko", "asn1crypto", "docx", "PIL", "numpy")


def startup(sample: Path, reps: int = 7) -> dict:
    """One-file `tthc check`, measured as a user runs it: bytecode cached (a warm-up run first; this
    machine sets PYTHONDONTWRITEBYTECODE, which an installed tthc does not), median of `reps` runs,
    against a bare interpreter measured in the same run; and which heavy libraries it imported."""
    py = sys.executable
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    check = [py, "cli.py", "check", str(sample), "--format", "json", "-o", os.devnull]
    _timed(check, 1, env)
    bare = _timed([py, "-c", "pass"], reps, env)
    took = _timed(check, reps, env)
    spacy = _timed([py, "-c", "import spacy; spacy.blank('vi')"], max(3, reps // 2), env)
    trace = subprocess.run([py, "-X", "importtime", *check[1:]], cwd=ROOT, env=env, capture_output=True, text=True)
    loaded = {line.split("|")[2].strip() for line in trace.stderr.splitlines() if line.startswith("import time:")}
    heavy = [m for m in HEAVY if m in loaded]
    print(f"\nStart-up, `tthc check {sample.name}` (median of {reps} runs, bytecode cached):")
    print(f"  {'':26s}{'wall s':>9s}{'cpu s':>9s}{'cpu / bare':>12s}")
    for label, (wall, cpu) in (("bare interpreter", bare), ("tthc check (one text)", took),
                               ("spacy.blank('vi') alone", spacy)):
        print(f"  {label:26s}{wall:9.2f}{cpu:9.2f}{cpu / bare[1] if bare[1] else float('nan'):12.1f}")
    print(f"  heavy libraries imported by the check: {', '.join(heavy) or 'none'} (of {', '.join(HEAVY)})")
    return {"bare": bare, "check": took, "spacy_blank": spacy, "heavy_imported": heavy, "reps": reps}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(ROOT / "tests" / "corpus" / "real"))
    ap.add_argument("--gold", action="append", help="gold folder (repeatable)")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--no-gold", action="store_true")
    ap.add_argument("--no-startup", action="store_true")
    ap.add_argument("--startup-only", action="store_true", help="only the start-up measurement")
    ap.add_argument("--show-false", type=int, default=15, help="list this many documents with a false absence")
    ap.add_argument("--json", help="write the robustness figures here")
    ap.add_argument("--errors", action="store_true", help="list every error finding on the corpus, one per line")
    args = ap.parse_args()
    sample = ROOT / "tests" / "corpus" / "texts" / "001_490bfe24c093c67f.txt"
    if args.startup_only:
        startup(sample)
        return 0
    report = robustness(Path(args.corpus), args.workers, args.show_false, args.errors)
    if args.json:
        Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if not args.no_gold:
        gold = ROOT / "tests" / "gold"
        folders = [Path(g) for g in args.gold] if args.gold else [
            p for p in (gold / "seed", gold / "real" / "dev", gold / "real" / "heldout", gold / "real" / "heldout2")
            if p.is_dir()]
        import tempfile
        gold_scores(folders, Path(tempfile.mkdtemp(prefix="tthc-real-")))
    if not args.no_startup:
        startup(sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
