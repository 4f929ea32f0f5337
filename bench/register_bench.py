"""The task register with 1,000 text directives: the time to add them (`tthc register add`'s
path: read, check, resolve deadlines, store one transaction per document) and to ask the
clerk's questions, on SQLite and, when TTHC_TEST_POSTGRES_URL is set (`eval "$(.ci/start-postgres)"`),
on PostgreSQL.

    python bench/register_bench.py [--n 1000] [--reps 5] [--no-postgres]

Baselines measured in the same run: reading the same files without storing them (what
`tthc ingest` does, after a warm-up of 20 files), so the register's own cost is the difference;
and adding them a second time through the API (every document read again, then unchanged; the
command line does not even read a file whose content is stored). Query times are the median of
--reps runs. Wall-clock times on a shared machine: compare the ratios. Never asserts.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from commands.pipeline import DirectiveSettings, calendar_for, prepare, stream  # noqa: E402
from register import Register, TaskQuery, entry_from  # noqa: E402
from tests.kit.databases import fresh_database, postgres_url  # noqa: E402
from tests.kit.register_kit import office_specs, write_form  # noqa: E402

AS_OF = date(2025, 8, 1)


def read_all(paths: list[str]) -> tuple[float, list]:
    settings = DirectiveSettings()
    prepare(settings)
    for _ in stream("ingest", paths[:20], settings):     # warm-up: imports, lexicons, the agency gazetteer
        pass
    t0 = time.perf_counter()
    results = [r for _, r in stream("ingest", paths, settings)]
    return time.perf_counter() - t0, results


def add_all(url: str, paths: list[str]) -> tuple[float, float, dict]:
    """Read and store every file the way `register add` does; (seconds in all, seconds storing, actions)."""
    settings = DirectiveSettings()
    calendar = calendar_for(None)
    stored, actions = 0.0, {}
    t0 = time.perf_counter()
    with Register.open(url) as reg:
        for _, result in stream("ingest", paths, settings):
            s0 = time.perf_counter()
            outcome = reg.add(entry_from(result, calendar))
            stored += time.perf_counter() - s0
            actions[outcome.action] = actions.get(outcome.action, 0) + 1
    return time.perf_counter() - t0, stored, actions


QUESTIONS = {
    "Sở Tài chính, hạn trong 7 ngày tới": TaskQuery(assignee="Sở Tài chính", due_from=AS_OF,
                                                    due_to=date(2025, 8, 8), status="open", as_of=AS_OF),
    "quá hạn tính đến 31/12/2025": TaskQuery(status="overdue", as_of=date(2025, 12, 31)),
    "Sở TT&TT, mọi việc": TaskQuery(assignee="Sở TT&TT", status="all", as_of=AS_OF),
    "một văn bản (số)": TaskQuery(directive="3500/UBND-KSTT", status="all", as_of=AS_OF),
    "tất cả việc chưa xong": TaskQuery(status="open", as_of=AS_OF),
}


def ask(url: str, reps: int) -> list[tuple[str, int, float]]:
    out = []
    with Register.open(url) as reg:
        for label, query in QUESTIONS.items():
            times, n = [], 0
            for _ in range(reps):
                t0 = time.perf_counter()
                n = len(reg.items(query))
                times.append(time.perf_counter() - t0)
            out.append((label, n, statistics.median(times)))
    return out


def run(engine: str, url: str, paths: list[str], read_seconds: float, reps: int) -> None:
    total, storing, actions = add_all(url, paths)
    again, _, actions_again = add_all(url, paths)
    n = len(paths)
    with Register.open(url) as reg:
        items = len(reg.items(TaskQuery(status="all")))
    print(f"\n{engine}: {items} việc / items from {n} directives")
    print(f"  add {n} (read + store)     {total:8.1f} s  {1000 * total / n:7.1f} ms/doc  {actions}")
    print(f"    of which storing         {storing:8.1f} s  {1000 * storing / n:7.1f} ms/doc  "
          f"({storing / total:.0%} of the add)")
    print(f"  baseline: read only        {read_seconds:8.1f} s  add/read = {total / read_seconds:.2f}")
    print(f"  add the same {n} again     {again:8.1f} s  {actions_again}")
    for label, count, seconds in ask(url, reps):
        print(f"  query {label:34s} {1000 * seconds:8.1f} ms  ({count} việc)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="register-bench-") as tmp:
        folder = Path(tmp) / "van-ban"
        paths = [str(write_form(s, folder, "txt")) for s in office_specs(args.n, first_day=date(2025, 6, 1))]
        read_seconds, results = read_all(paths)
        print(f"{len(paths)} text directives; read only (tthc ingest's path): {read_seconds:.1f} s, "
              f"{1000 * read_seconds / len(paths):.1f} ms/doc; "
              f"{sum(len(r.directive.tasks) for r in results if r.directive)} tasks")
        engines = [("sqlite", None)]
        if not args.no_postgres:
            engines.append(("postgresql", None))
        for engine, _ in engines:
            try:
                with fresh_database(engine, Path(tmp)) as url:
                    run(engine, url, paths, read_seconds, args.reps)
            except LookupError as exc:
                print(f"\n{engine}: not measured — {exc}")
    if not postgres_url() and not args.no_postgres:
        print("(PostgreSQL: set TTHC_TEST_POSTGRES_URL, e.g. eval \"$(.ci/start-postgres)\")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
