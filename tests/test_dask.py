"""The Dask executor gives the same records, resume and exit codes as the local process pool
on the sample batch (a LocalCluster here; `--scheduler tcp://...` on a real cluster)."""
import json
from pathlib import Path

import pytest

import cli

# The dask extra is part of the dev install (make test): no skip hides this executor.

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "dossiers"
PKI = ROOT / "samples" / "pki"
TRUST = ["--trust-roots", str(PKI), "--crl", str(PKI / "test-intermediate.TEST-ONLY.crl")]
AS_OF = ["--as-of", "2025-06-30"]


@pytest.fixture(scope="module")
def scheduler():
    import dask
    from distributed import LocalCluster
    # as `--executor dask` makes its own: the runner, not the scheduler, retries what a dead worker held
    from commands.executors import LOCAL_CLUSTER_CONFIG
    with dask.config.set(LOCAL_CLUSTER_CONFIG), LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def validate(tmp_path, name, *args):
    out = tmp_path / name
    code = cli.main(["validate", str(SAMPLES), *TRUST, *AS_OF, "-o", str(out), "--no-progress", "--no-summary",
                     *args])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return code, {r["source"]: {k: v for k, v in r.items() if k != "seconds"} for r in records}, records


@pytest.fixture(scope="module")
def pool(tmp_path_factory):
    """The sample batch on the local process pool: what every Dask run must equal."""
    return validate(tmp_path_factory.mktemp("pool"), "pool.jsonl", "--workers", "2", "--executor", "process")


def test_dask_gives_the_same_records_and_exit_code_as_the_process_pool(tmp_path, scheduler, pool):
    code_p, by_source, _ = pool
    code_d, dask, records = validate(tmp_path, "dask.jsonl", "--scheduler", scheduler)
    assert len(records) == len(by_source) == len(list(SAMPLES.glob("*"))) - 2       # README.md, expected.json
    assert code_d == code_p == 1 and dask == by_source


def test_dask_resume_skips_what_the_journal_holds(tmp_path, scheduler, pool):
    _, pool, records = pool
    journal = tmp_path / "resumed.jsonl"
    first = records[:7]
    journal.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in first)
                       + '{"source": "cut by a crash', encoding="utf-8")
    code, resumed, lines = validate(tmp_path, "resumed.jsonl", "--scheduler", scheduler, "--resume")
    assert code == 1 and resumed == pool
    assert len(lines) == len(pool) and lines[:7] == first                  # each dossier exactly once


def test_dask_exit_codes_follow_fail_on_and_disable(tmp_path, scheduler):
    assert validate(tmp_path, "a.jsonl", "--scheduler", scheduler, "--fail-on", "never")[0] == 0
    code = cli.main(["validate", str(SAMPLES / "hop-le-1.001193"), *TRUST, "--scheduler", scheduler, "--no-progress",
                     "--no-summary", "-o", str(tmp_path / "one.jsonl")])
    assert code == 0


def test_executor_dask_starts_its_own_local_cluster(tmp_path, pool):
    code, records, _ = validate(tmp_path, "own.jsonl", "--executor", "dask", "--workers", "1")
    assert code == pool[0] and records == pool[1]


def test_dask_time_limit_and_dying_worker_cost_only_their_item(scheduler):
    from commands.executors import DaskExecutor
    from tests.test_runner import _failed, _slow_or_dying
    items = ["a", "b-slow", "c", "e-dies", "f"]
    with DaskExecutor(2, scheduler=scheduler) as ex:
        by = {r["source"]: r for _, r in ex.map(_slow_or_dying, items, None, failed=_failed, seconds=3, chunk=2)}
    assert sorted(by) == items
    assert [f["code"] for f in by["b-slow"]["findings"]] == ["INPUT.TIME_LIMIT"]
    assert [f["code"] for f in by["e-dies"]["findings"]] == ["INTERNAL.ERROR"]
    assert all(by[i]["findings"] == [] for i in ("a", "c", "f")), by
