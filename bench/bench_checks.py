"""How much the directive checks and the report writers cost, with ratios against a baseline
measured in the same run.

    python bench/bench_checks.py [--docs 2000] [--files 2000]

1. checks: all registered directive checks over hand-built directives of the six document types
   (clean and faulty variants), per document; baseline: serializing the same directive to JSON
   (the work `tthc ingest` does for it anyway).
2. writers: text, JUnit, SARIF for N result dicts with 5 findings each; baseline: json.dumps of
   the same results.
3. end to end: `tthc check samples/` (load, parse, checks, SARIF), and the share the checks take.
Prints figures only; nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.registry import Context, rule_table, run_checks  # noqa: E402
from extract.model import Finding, to_jsonable  # noqa: E402
from tests.kit.directive_factory import KINDS, directive  # noqa: E402


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def documents(n: int):
    faulty = [dict(parts={"number": "Số: /UBND-VX"}, number=None),
              dict(parts={"place_date": "Hà Nội, ngày 5 tháng 1 năm 2024"}),
              dict(parts={"authority": "KT. CHỦ TỊCH", "position": "CHỦ TỊCH"}), {}]
    kinds = sorted(KINDS)
    return [directive(kinds[i % len(kinds)], **faulty[i % len(faulty)]) for i in range(n)]


def bench_checks(n: int) -> None:
    docs = documents(n)
    ctx = Context(options={})
    run_checks("directive", docs[0], ctx)                     # imports, caches
    t_checks = timed(lambda: [run_checks("directive", d, ctx) for d in docs])
    t_json = timed(lambda: [json.dumps({"document": d.document_dict(), "tasks": [to_jsonable(t) for t in d.tasks],
                                        "deadlines": [to_jsonable(x) for x in d.deadlines],
                                        "references": [to_jsonable(r) for r in d.references]},
                                       ensure_ascii=False) for d in docs])
    findings = sum(len(run_checks("directive", d, ctx)) for d in docs)
    print(f"checks   {n} directives, {findings} findings: {t_checks / n * 1e6:8.1f} µs/doc "
          f"(baseline JSON dump {t_json / n * 1e6:.1f} µs/doc, ratio {t_checks / t_json:.1f}x)")


def results(n: int) -> list[dict]:
    proto = [Finding.of("ND30.NUMBER_BLANK", location={"page": 1, "line": 7}, evidence="Số: /UBND-VX").to_dict(),
             Finding.of("ND30.DATE_DAY_BLANK", location={"page": 1, "line": 9}, evidence="Hà Nội, ngày tháng 7 năm 2024").to_dict(),
             Finding.of("ND30.SUBJECT_TRAILING_PERIOD", location={"page": 1, "line": 8}, evidence="V/v x.").to_dict(),
             Finding.of("DEADLINE.PAST", location={"page": 2, "line": 3}, evidence="trước ngày 30/11/2022",
                        deadline="30/11/2022", as_of="01/01/2023").to_dict(),
             Finding.of("INPUT.NOT_FOUND", evidence="x.pdf").to_dict()]
    return [{"source": f"van-ban/{i:05d}.pdf", "kind": "directive", "findings": proto} for i in range(n)]


def bench_writers(n: int) -> None:
    from report.findings_text import write_findings_text
    from report.junit import write_junit
    from report.sarif import write_sarif
    data, rules = results(n), rule_table()
    base = timed(lambda: json.dumps(data, ensure_ascii=False))
    for name, fn in (("json", lambda: json.dumps(data, ensure_ascii=False, indent=2)),
                     ("junit", lambda: write_junit(data, io.StringIO())),
                     ("sarif", lambda: write_sarif(data, rules, io.StringIO())),
                     ("text", lambda: write_findings_text(data, io.StringIO(), width=120))):
        t = timed(fn, repeat=1 if name == "text" else 3)
        print(f"writer   {name:6s} {n} files x 5 findings: {t * 1e3:8.1f} ms "
              f"({t / n * 1e6:.0f} µs/file, ratio to json.dumps {t / base:.1f}x)")


def bench_end_to_end() -> None:
    import cli
    from commands.pipeline import find_documents
    from extract.directive import parse
    from extract.load import load
    samples = find_documents([str(ROOT / "samples")]).items
    if not samples:
        print("end-to-end: samples/ holds no documents")
        return
    start = time.perf_counter()
    out = io.StringIO()
    sys_stdout, sys.stdout = sys.stdout, out
    try:
        cli.main(["check", str(ROOT / "samples"), "--format", "sarif", "--no-progress", "--fail-on", "never"])
    finally:
        sys.stdout = sys_stdout
    total = time.perf_counter() - start
    parsed = [parse(load(p)) for p in samples]
    recognised = [d for d in parsed if d.is_directive]
    t_checks = timed(lambda: [run_checks("directive", d, Context(options={})) for d in recognised])
    print(f"e2e      tthc check samples/ ({len(samples)} files, {len(recognised)} recognised as directives): "
          f"{total:.2f} s total, checks {t_checks * 1e3:.1f} ms ({t_checks / total:.1%} of the run)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()
    bench_checks(args.docs)
    bench_writers(args.files)
    bench_end_to_end()


if __name__ == "__main__":
    main()
