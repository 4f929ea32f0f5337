"""Start-up of the library: CPU seconds to `import tthc` and to read the first document, in fresh
interpreters, for this checkout and for a baseline checkout measured in the same run, alternating.

    python bench/startup.py --baseline DIR [--runs 7] [--document FILE]
    python bench/startup.py --deadline-patterns [--corpus tests/corpus/real]

DIR is another checkout of the project (e.g. `git archive <commit> | tar -x -C DIR`). Prints the
median CPU seconds of each step and the ratio this/baseline. CPU time (time.process_time), not wall
time: the machine is shared. The document defaults to the first seed text."""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "corpus" / "texts" / "001_490bfe24c093c67f.txt"

PROBE = """
import sys, time
sys.path.insert(0, {root!r})
t0 = time.process_time()
import tthc
t1 = time.process_time()
run = tthc.ingest({doc!r})
t2 = time.process_time()
assert run.exit_code in (0, 1), run.exit_code
compiled = None
try:
    from extract.directive.deadlines import _lex
    lex = _lex()
    if hasattr(lex, "_builders"):
        compiled = [sum(1 for v in lex.values() if hasattr(v, "pattern")), len(lex._builders)]
except ImportError:
    pass
print(__import__("json").dumps({{"import": t1 - t0, "first_document": t2 - t1, "deadline_patterns": compiled}}))
"""


def probe(root: Path, doc: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE.format(root=str(root), doc=str(doc))], cwd=root,
                         capture_output=True, text=True, timeout=300)
    if out.returncode != 0:
        raise SystemExit(f"probe failed in {root}:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def deadline_patterns(corpus: Path) -> int:
    sys.path.insert(0, str(ROOT))
    import re

    import tthc
    from extract.directive.deadlines import _lex
    from schemas import DATA
    key = ("built", _lex.__module__, _lex.__qualname__)     # how schemas.built_from_data keeps it
    counts = []
    for doc in sorted(corpus.glob("*.txt")):
        DATA._built.pop(key, None)                  # a fresh lexicon: nothing compiled yet
        tthc.ingest(str(doc))
        lex = _lex()
        counts.append(sum(1 for v in lex.values() if isinstance(v, re.Pattern)))
    total = len(_lex()._builders)
    print(f"{len(counts)} documents of {corpus}: deadline patterns compiled per document, of {total}: "
          f"median {statistics.median(counts)}, min {min(counts)}, max {max(counts)}; "
          f"{sum(c < total for c in counts)} documents left some uncompiled")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", type=Path)
    ap.add_argument("--deadline-patterns", action="store_true")
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "corpus" / "real")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--document", type=Path, default=SEED)
    args = ap.parse_args(argv)
    if args.deadline_patterns:
        return deadline_patterns(args.corpus)
    if args.baseline is None:
        ap.error("--baseline DIR is required")
    runs: dict[str, list[dict]] = {"baseline": [], "this": []}
    for _ in range(args.runs):                      # alternate, so load on the machine hits both alike
        runs["baseline"].append(probe(args.baseline.resolve(), args.document.resolve()))
        runs["this"].append(probe(ROOT, args.document.resolve()))
    med = {k: {step: statistics.median(r[step] for r in v) for step in ("import", "first_document")}
           for k, v in runs.items()}
    print(f"document: {args.document.name}; {args.runs} fresh interpreters each, alternating; median CPU seconds")
    print(f"{'step':<16}{'baseline':>10}{'this':>10}{'this/baseline':>15}")
    for step in ("import", "first_document"):
        b, t = med["baseline"][step], med["this"][step]
        print(f"{step:<16}{b:>10.3f}{t:>10.3f}{t / b:>15.2f}")
    b, t = (sum(med[k].values()) for k in ("baseline", "this"))
    print(f"{'total':<16}{b:>10.3f}{t:>10.3f}{t / b:>15.2f}")
    compiled = runs["this"][-1]["deadline_patterns"]
    if compiled:
        print(f"deadline patterns compiled after the first document: {compiled[0]} of {compiled[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
