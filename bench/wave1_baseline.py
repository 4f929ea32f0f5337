"""The directive reader of wave 1 and of this checkout, on the same real documents, in one run.

Usage: python bench/wave1_baseline.py [--rev REV] [--workers N] [--no-gold] [--json FILE]

bench/real_corpus.py measures this checkout. This script measures the reader of another git revision
(default: 7ff3644, the last commit of wave 1, before any real document was read) with exactly the
same measures, inputs and scorer, so that the "before" column of the issue's table is measured in the
same run as the "after" one, not copied from an older note:

1. the 300 real documents (tests/corpus/real): false absence findings, number/date/signer found
   where printed, crashes, schema validity;
2. the gold (tests/gold/seed, tests/gold/real/dev, tests/gold/real/heldout) per form: portal text,
   text PDF and DOCX as tests/kit/real_forms.py renders them TODAY (the same bytes for both readers).

The old revision is checked out into a temporary git worktree and run in worker processes whose
import path starts there (spawned, so nothing of this checkout's parser is loaded in them); its
`commands.directives.ingest_one` is wave 1's `tthc ingest` for one file. Schema validity is judged
against TODAY's schema (wave 1's output did not have the fields added since: counted, not hidden).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import real_corpus  # noqa: E402

WAVE1 = "7ff3644"
_OWN_PACKAGES = ("commands", "extract", "checks", "report", "schemas", "cli", "tthc", "register")


def _enter(checkout: str) -> None:
    """Worker initializer: forget this checkout's packages and import the old ones instead."""
    for name in list(sys.modules):
        if name.split(".")[0] in _OWN_PACKAGES:
            del sys.modules[name]
    sys.path[:] = [checkout] + [p for p in sys.path if Path(p).resolve() != ROOT]
    os.chdir(checkout)


def _old_ingest(path: str) -> dict:
    from commands.directives import ingest_one  # wave 1's reader (the worker's path starts at the old checkout)
    start = time.perf_counter()
    try:
        result = ingest_one(path, {})
        crash = any(f["code"] == "INTERNAL.ERROR" for f in result.get("findings", []))
    except Exception as exc:  # noqa: BLE001 - count it, as real_corpus does
        result, crash = {"findings": [], "document": None, "error": repr(exc)}, True
    return {"path": path, "result": result, "crash": crash, "seconds": time.perf_counter() - start}


class OldReader:
    """A pool of spawned workers running the old revision; stands in for real_corpus's reader."""

    def __init__(self, checkout: Path, workers: int):
        ctx = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                        initializer=_enter, initargs=(str(checkout),))

    def run(self, paths: list[str], workers: int) -> list[dict]:
        return list(self.pool.map(_old_ingest, paths, chunksize=4))

    def one(self, path: str) -> dict:
        return self.pool.submit(_old_ingest, path).result()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rev", default=WAVE1, help=f"the baseline revision (default {WAVE1}, end of wave 1)")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--no-gold", action="store_true")
    ap.add_argument("--json", help="write both readers' robustness figures here")
    args = ap.parse_args()
    corpus = ROOT / "tests" / "corpus" / "real"
    golds = [ROOT / "tests" / "gold" / "seed", ROOT / "tests" / "gold" / "real" / "dev",
             ROOT / "tests" / "gold" / "real" / "heldout", ROOT / "tests" / "gold" / "real" / "heldout2"]
    figures = {}
    with tempfile.TemporaryDirectory(prefix="tthc-baseline-") as tmp:
        checkout = Path(tmp) / "old"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(checkout), args.rev], cwd=ROOT, check=True)
        try:
            old = OldReader(checkout, args.workers)
            for label, run, one in (("BASELINE " + args.rev, old.run, old.one),
                                    ("THIS CHECKOUT", real_corpus._run, real_corpus._ingest)):
                print(f"\n==================== {label}")
                real_corpus._run, real_corpus._ingest = run, one
                figures[label] = real_corpus.robustness(corpus, args.workers, show_false=0)
                if not args.no_gold:
                    real_corpus.gold_scores(golds, Path(tmp) / label.split()[0].lower())
            old.pool.shutdown()
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=ROOT, check=False)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
