"""Speed of the part-A extractors (references, deadlines, number repair) on directive texts.

Usage: python bench/extractors.py [FILE_OR_DIR ...] [--reps N]
Default input: ../shared/corpus/texts. Each file is loaded once (extract.load), then the
extractors run N times over its normalized text. Printed: ms per document for each extractor,
pages/s and characters/s, and the ratio to a baseline measured in the same run: one compiled
regex pass that only locates number- and date-shaped strings (the lower bound of any extractor).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.directive.dates import find_dates  # noqa: E402
from extract.directive.deadlines import find_deadlines  # noqa: E402
from extract.directive.references import find_references, merge_references  # noqa: E402
from extract.load import load  # noqa: E402

BASELINE = re.compile(r"[0-9]+\s?/(?:[0-9]{4}/)?[A-ZĐ][A-Za-zĐ0-9]*(?:-[A-ZĐ][A-Za-zĐ0-9]*)*"
                      r"|ngày\s+[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}")


def inputs(paths: list[str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        out.extend(sorted(x for x in p.rglob("*") if x.suffix in (".txt", ".md", ".pdf", ".docx"))
                   if p.is_dir() else [p])
    return out


def timed(fn, texts, reps) -> float:
    start = time.perf_counter()
    for _ in range(reps):
        for t in texts:
            fn(t)
    return (time.perf_counter() - start) / reps


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=[str(ROOT.parent / "shared" / "corpus" / "texts")])
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args()
    docs = [load(p) for p in inputs(args.paths)]
    docs = [d for d in docs if d.pages]
    if not docs:
        print("no readable input", file=sys.stderr)
        return 2
    texts = [d.text for d in docs]
    pages = sum(len(d.pages) for d in docs)
    chars = sum(len(t) for t in texts)
    day = date(2024, 1, 1)
    for t in texts:                                       # warm the lexicon caches
        find_references(t), find_deadlines(t, day), find_dates(t)

    runs = {
        "baseline regex pass": lambda t: list(BASELINE.finditer(t)),
        "find_references+merge": lambda t: merge_references(find_references(t), None, None, None),
        "find_deadlines": lambda t: find_deadlines(t, day),
        "find_dates": lambda t: find_dates(t, 2024),
    }
    seconds = {name: timed(fn, texts, args.reps) for name, fn in runs.items()}
    base = seconds["baseline regex pass"]
    print(f"{len(docs)} document(s), {pages} page(s), {chars} characters, {args.reps} repetitions, 1 core")
    for name, s in seconds.items():
        print(f"{name:24s} {s / len(docs) * 1000:8.2f} ms/doc  {pages / s:9.0f} pages/s  "
              f"{chars / s / 1e6:6.2f} Mchar/s  x{s / base:6.1f} baseline")
    total = seconds["find_references+merge"] + seconds["find_deadlines"]
    print(f"{'references + deadlines':24s} {total / len(docs) * 1000:8.2f} ms/doc  {pages / total:9.0f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
