"""Timeline checks and on-time classification for 100,000 dossiers, and `reconcile` of two
100,000-row exports, on one core. Targets (issue 7): each under 10 seconds.

    python bench/timeline_bench.py [--n 100000] [--xlsx]

Prints figures and ratios against baselines measured in the same run (the bare fact
extraction for the checks; the bare reading of both files for reconcile). Never asserts.
"""
from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.kit.synth_batch import PROCEDURES, portal_copy, synth_dossiers, write_records  # noqa: E402
from extract.dossier.reconcile import reconcile  # noqa: E402
from checks.registry import Context, load_all, run_checks  # noqa: E402
from extract.calendar import default_calendar  # noqa: E402
from extract.dossier.ontime import analyse_record  # noqa: E402
from extract.calendar import Calendar  # noqa: E402
from extract.dossier.exports import iter_records  # noqa: E402
from extract.model import Dossier  # noqa: E402
from extract.dossier.timeline import timeline_of  # noqa: E402

AS_OF = date(2025, 12, 31)


def timed(fn):
    """(seconds, result). CPU time of this process: on a shared machine wall time also counts
    other people's work; both are printed where it matters."""
    c0, t0 = time.process_time(), time.perf_counter()
    out = fn()
    timed.wall = time.perf_counter() - t0
    return time.process_time() - c0, out


def bench_calendar() -> None:
    cal = Calendar()
    t, _ = timed(lambda: cal.add_working_days(datetime(2025, 1, 24, 15), 5))
    print(f"calendar: first use {t * 1000:.0f} ms (holidays package, day swaps, 2000-2026 working-time line)")
    start = datetime(2025, 1, 24, 15)
    n = 200_000
    t, _ = timed(lambda: [cal.add_working_days(start, k % 40 + 1) for k in range(n)])
    print(f"calendar: add_working_days {n / t:,.0f} per second ({t / n * 1e6:.1f} µs each)")


def _line(label: str, seconds: float, n: int, base: float | None = None, extra: str = "") -> None:
    ratio = f"  {seconds / base:4.1f}x baseline" if base else ""
    print(f"{label:58s} {seconds:6.2f} s CPU ({timed.wall:6.2f} s wall) {n / seconds:>9,.0f} dossiers/s{ratio}{extra}")


def bench_checks(records: list[dict]) -> None:
    import checks.registry as registry

    n = len(records)
    cal = default_calendar()
    load_all()
    base, _ = timed(lambda: [timeline_of(r) for r in records])
    _line("baseline: fact extraction (timeline_of)", base, n)
    t_cls, _ = timed(lambda: [analyse_record(r, PROCEDURES[r["MaTTHC"]], cal, AS_OF).class_key for r in records])
    _line("on-time classification + due-date recomputation", t_cls, n, base)
    ctx = Context(as_of=AS_OF, options={"calendar": cal})
    mine = sorted((c for c in registry._REGISTRY.values() if c.id.startswith("timeline.")), key=lambda c: c.id)
    found = 0

    def run_mine():
        nonlocal found
        for r in records:
            d = Dossier(source="bench", manifest=r, procedure=PROCEDURES[r["MaTTHC"]])
            for chk in mine:
                found += len(chk.run(d, ctx))
    t_all, _ = timed(run_mine)
    verdict = "OK" if t_all < 10 else "OVER TARGET"
    _line(f"all {len(mine)} timeline checks + classification (TIME.*)", t_all, n, base,
          f"  [{found:,} findings]  target < 10 s: {verdict}")

    # The TIME family alone: the other dossier families judge packages these records do not have.
    only_time = Context(as_of=AS_OF, options={"calendar": cal}, disabled=frozenset({"DOSSIER", "COMPONENT", "DIGI", "SIG"}))

    def via_registry():
        for r in records:
            run_checks("dossier", Dossier(source="bench", manifest=r, procedure=PROCEDURES[r["MaTTHC"]]), only_time)
    t_reg, _ = timed(via_registry)
    _line("same through checks.registry.run_checks (TIME family)", t_reg, n, base)


def bench_reconcile(records: list[dict], xlsx: bool) -> None:
    right, _ = portal_copy(records)
    with tempfile.TemporaryDirectory() as tmp:
        lp, rp = Path(tmp) / "tinh.jsonl", Path(tmp) / "dvcqg.csv"
        write_records(lp, records)
        write_records(rp, right)
        mb = (lp.stat().st_size + rp.stat().st_size) / 1e6

        def read(p):
            return (r for _, r in iter_records([str(p)], []))
        base, _ = timed(lambda: (sum(1 for _ in read(lp)), sum(1 for _ in read(rp))))
        print(f"{f'baseline: read both exports (JSONL + CSV, {mb:.0f} MB)':58s} {base:6.2f} s CPU ({timed.wall:6.2f} s wall)")
        t, result = timed(lambda: reconcile(read(lp), read(rp), AS_OF))
        verdict = "OK" if t < 10 else "OVER TARGET"
        print(f"{f'reconcile {len(records):,} x {len(right):,} rows (read+match+classify)':58s} {t:6.2f} s CPU "
              f"({timed.wall:6.2f} s wall)  {t / base:4.1f}x reading alone  [{result['total']['differences']:,} "
              f"differences]  target < 10 s: {verdict}")
        if xlsx:
            xp = Path(tmp) / "dvcqg.xlsx"
            write_records(xp, right)
            t, result = timed(lambda: reconcile(read(lp), read(xp), AS_OF))
            print(f"{f'reconcile with the portal side as XLSX ({xp.stat().st_size / 1e6:.0f} MB)':58s} {t:6.2f} s CPU "
                  f"({timed.wall:6.2f} s wall)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--xlsx", action="store_true", help="also reconcile against an XLSX export (slow: openpyxl)")
    args = ap.parse_args(argv)
    print(f"python {sys.version.split()[0]}, one process")
    bench_calendar()
    t, pairs = timed(lambda: synth_dossiers(args.n, args.seed, AS_OF))
    records = [r for r, _ in pairs]
    del pairs
    # A real run streams its input; here 100,000 records sit in memory, and the cyclic GC would
    # rescan them on every collection. Freezing them measures the checks, not that artefact.
    gc.collect()
    gc.freeze()
    print(f"synthetic batch: {len(records):,} dossiers generated in {t:.1f} s (not part of any figure; "
          f"input frozen out of the GC)")
    bench_checks(records)
    bench_reconcile(records, args.xlsx)
    return 0


if __name__ == "__main__":
    sys.exit(main())
