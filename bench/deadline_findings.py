"""Deadline findings of a baseline revision and of this checkout, on the same real documents, in one run.

Usage: python bench/deadline_findings.py [--rev REV] [--workers N] [--list N] [--out FILE]

Issue 10 asks that a CI gate never fail on a correct document. This counts, on the 300 real documents
(tests/corpus/real), how many documents get each DEADLINE.* date finding (BEFORE_ISSUE as an error,
BEFORE_ISSUE as info, NON_WORKING_DAY, YEAR_INFERRED) and lists the findings' evidence, so a reader can
check them by eye; and it scores the deadlines of tests/gold/real/dev (tests/kit/score_directive.py,
text form; the held-out gold is not used: it is not tuned on). The baseline revision (default 00637db,
main before the deadlines2 branch) runs in spawned workers over a temporary git worktree, as
bench/wave1_baseline.py does, so both columns are measured in the same run. Nothing here is asserted.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from wave1_baseline import _enter  # noqa: E402

BASELINE = "00637db"
CODES = ("DEADLINE.BEFORE_ISSUE/error", "DEADLINE.BEFORE_ISSUE/info", "DEADLINE.NON_WORKING_DAY/warning",
         "DEADLINE.YEAR_INFERRED/info")


def _read(path: str) -> tuple[str, dict]:
    from commands.pipeline import read_directive
    from commands.settings import DirectiveSettings
    try:
        return path, read_directive(path, DirectiveSettings()).to_dict()
    except Exception as exc:  # noqa: BLE001 - read_directive should never raise; count it
        return path, {"findings": [], "deadlines": [], "error": repr(exc)}


def _measure(pool: ProcessPoolExecutor, paths: list[str]) -> dict:
    from tests.kit.score_directive import Tally, score_one
    results = dict(pool.map(_read, paths, chunksize=8))
    docs: Counter = Counter()
    evidence: dict[str, list[str]] = {}
    for path, result in results.items():
        seen = set()
        for f in result.get("findings", []):
            key = f"{f['code']}/{f['severity']}"
            if key in CODES:
                seen.add(key)
                evidence.setdefault(key, []).append(f"{Path(path).stem}  {f.get('evidence')}")
        docs.update(seen)
    tally = Tally()
    for gold_file in sorted((ROOT / "tests" / "gold" / "real" / "dev").glob("*.json")):
        source = str(ROOT / "tests" / "corpus" / "real" / f"{gold_file.stem}.txt")
        if source in results:
            score_one(json.loads(gold_file.read_text(encoding="utf-8")), results[source], tally)
    failing = sum(any(f["severity"] == "error" and f["code"].startswith("DEADLINE.") for f in r.get("findings", []))
                  for r in results.values())
    return {"documents": len(results), "docs_with": dict(docs), "evidence": evidence,
            "docs_failing_on_a_deadline_error": failing, "deadlines": tally.table().get("deadlines")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rev", default=BASELINE, help=f"the baseline revision (default {BASELINE})")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--list", type=int, default=12, help="list this many findings of each code and reader")
    ap.add_argument("--out", help="also write the table here")
    args = ap.parse_args()
    paths = sorted(str(p) for p in (ROOT / "tests" / "corpus" / "real").glob("*.txt"))
    figures = {}
    with tempfile.TemporaryDirectory(prefix="tthc-deadlines-") as tmp:
        checkout = Path(tmp) / "old"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(checkout), args.rev], cwd=ROOT, check=True)
        try:
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(args.workers, mp_context=spawn, initializer=_enter,
                                     initargs=(str(checkout),)) as old:
                figures[f"baseline {args.rev}"] = _measure(old, paths)
            with ProcessPoolExecutor(args.workers, mp_context=spawn) as new:
                figures["this checkout"] = _measure(new, paths)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT, check=False)
    lines = [f"Deadline findings on {len(paths)} real documents (documents with the finding), "
             "and deadlines F1 on tests/gold/real/dev (text)", ""]
    names = list(figures)
    lines.append(f"{'':36s}" + "".join(f"{n:>22s}" for n in names))
    for code in CODES:
        lines.append(f"{code:36s}" + "".join(f"{figures[n]['docs_with'].get(code, 0):>22d}" for n in names))
    lines.append(f"{'documents failing on a DEADLINE error':36s}"
                 + "".join(f"{figures[n]['docs_failing_on_a_deadline_error']:>22d}" for n in names))
    for metric in ("precision", "recall", "f1"):
        lines.append(f"{'deadlines ' + metric:36s}" + "".join(f"{figures[n]['deadlines'][metric]:>22.3f}" for n in names))
    for n in names:
        for code in CODES:
            found = figures[n]["evidence"].get(code, [])
            if found:
                lines.append(f"\n{n}: {code} ({len(found)} findings)")
                lines += [f"  {e}" for e in found[:args.list]] + (["  …"] if len(found) > args.list else [])
    text = "\n".join(lines)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
