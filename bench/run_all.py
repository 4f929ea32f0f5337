"""Run every benchmark with its default (issue-sized) inputs and print their figures.

    python bench/run_all.py            # everything (about 25 minutes on 2 cores)
    python bench/run_all.py --quick    # smaller inputs (a few minutes)
    python bench/run_all.py load ocr   # only the named ones

Each benchmark is its own script (see its --help) and prints figures and ratios against a
baseline measured in the same run. None of them asserts a time: they are reports.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name -> (script, full arguments, quick arguments)
BENCHES = {
    "load": ("load_bench.py", [], ["--reps", "2"]),
    "ocr": ("ocr_bench.py", [], ["--quick", "--no-workers"]),
    "extractors": ("extractors.py", [], ["--reps", "3"]),
    "accuracy": ("accuracy.py", [], ["--no-scans"]),
    "checks": ("bench_checks.py", [], ["--docs", "300", "--files", "300"]),
    "signatures": ("signatures_bench.py", [], ["--reps", "10"]),
    "hostile": ("hostile.py", [], ["--out", "/dev/null", "--only", "a 1 MB DOCX inflating to 1 GiB",
                                  "a PNG header claiming 20,000 x 20,000"]),
    "validate": ("validate_bench.py", [], ["--n", "300", "--skip-big"]),
    "timeline": ("timeline_bench.py", [], ["--n", "10000"]),
    "register": ("register_bench.py", [], ["--n", "200", "--reps", "3"]),
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", choices=[[], *BENCHES], metavar="NAME",
                    help=f"benchmarks to run (default all): {', '.join(BENCHES)}")
    ap.add_argument("--quick", action="store_true", help="smaller inputs")
    args = ap.parse_args()
    failed = []
    for name in args.names or list(BENCHES):
        script, full, quick = BENCHES[name]
        cmd = [sys.executable, str(HERE / script), *(quick if args.quick else full)]
        print(f"\n{'=' * 100}\n{name}: {' '.join(cmd[1:])}\n{'=' * 100}", flush=True)
        start = time.perf_counter()
        rc = subprocess.call(cmd, cwd=HERE.parent)
        print(f"[{name}: exit {rc}, {time.perf_counter() - start:.0f} s]", flush=True)
        if rc:
            failed.append(name)
    if failed:
        print(f"\nbenchmarks that did not run to the end: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
