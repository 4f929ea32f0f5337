"""Executors: how the runner spreads one function over a batch. A choice, not a code path:
every executor takes `fn(item, settings) -> record`, yields `(index, record)` as each item
finishes, and turns an item that kills its worker or outlives `file_seconds` into that
item's own record (`failed(item, finding)`), so one bad item never costs the others.

- `SerialExecutor`: in this process. The time limit is an alarm signal (main thread only): it
  stops Python code, not a native call that never returns; use `ProcessExecutor` (even with one
  worker) for a hard limit.
- `ProcessExecutor`: worker processes forked from a forkserver that imported `preload` once. A
  worker past the limit is killed and replaced; a worker that dies costs only the item it was
  running. Results stream per item, also inside a chunk.
- `DaskExecutor`: a Dask distributed cluster (`pip install tthc-check[dask]`): a LocalCluster
  with one single-threaded worker process per worker, or the scheduler at `scheduler`
  (tcp://host:8786; every worker needs tthc-check installed, and a nanny to restart it). On the
  worker each item runs in a thread given the limit: past it, the item gets its finding and the
  rest of its chunk goes back to the queue. The worker is NOT restarted: a thread cannot be
  stopped, so the runaway item keeps its thread until it returns (restarting the worker lost
  the results it held and, under load, left the cluster without workers). A chunk whose worker
  died is retried one item at a time; an item that fails alone gets the finding.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

Record = Any
Fn = Callable[[str, Any], Record]
Failed = Callable[[str, str, dict], Record]     # (item, code, params) -> the item's record


class TimeLimitExceeded(BaseException):
    """Raised by the alarm of SerialExecutor. A BaseException, so that the `except Exception`
    that keeps a batch going does not swallow it."""


def time_limit_params(seconds: float) -> dict:
    return {"seconds": f"{seconds:g}", "evidence": f"limits.file_seconds = {seconds:g}"}


def crash_params(exc: BaseException | str) -> dict:
    text = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    return {"evidence": text}


def make_executor(kind: str, workers: int, *, scheduler: str | None = None,
                  preload: tuple[str, ...] = ()) -> "Executor":
    if kind == "serial":
        return SerialExecutor()
    if kind == "process":
        return ProcessExecutor(workers, preload=preload)
    if kind == "dask":
        return DaskExecutor(workers, scheduler=scheduler)
    raise ValueError(f"unknown executor {kind!r}")


class Executor:
    def map(self, fn: Fn, items: list[str], settings: Any, *, failed: Failed,
            seconds: float | None = None, chunk: int = 1) -> Iterator[tuple[int, Record]]:
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# --------------------------------------------------------------------------- serial

class SerialExecutor(Executor):
    def map(self, fn, items, settings, *, failed, seconds=None, chunk=1):
        alarm = bool(seconds) and threading.current_thread() is threading.main_thread() \
            and hasattr(signal, "setitimer")
        for i, item in enumerate(items):
            if not alarm:
                yield i, fn(item, settings)
                continue
            previous = signal.signal(signal.SIGALRM, _raise_time_limit)
            signal.setitimer(signal.ITIMER_REAL, seconds)
            try:
                record = fn(item, settings)
            except TimeLimitExceeded:
                record = failed(item, "INPUT.TIME_LIMIT", time_limit_params(seconds))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            yield i, record


def _raise_time_limit(signum, frame):
    raise TimeLimitExceeded()


# --------------------------------------------------------------------------- local processes

@dataclass
class _Worker:
    process: Any
    conn: Any
    running: deque = field(default_factory=deque)      # item indexes sent and not yet answered
    deadline: float | None = None


class ProcessExecutor(Executor):
    def __init__(self, workers: int, preload: tuple[str, ...] = ()):
        import multiprocessing
        self.workers = max(1, workers)
        _workers_import_this_checkout()
        self.context = multiprocessing.get_context("forkserver")
        if preload:
            self.context.set_forkserver_preload(list(preload))
        self.pool: list[_Worker] = []

    def _start(self, fn: Fn, settings: Any) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(child, fn, settings), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def map(self, fn, items, settings, *, failed, seconds=None, chunk=1):
        from multiprocessing.connection import wait

        size = max(1, chunk)
        queue = deque([list(range(s, min(s + size, len(items)))) for s in range(0, len(items), size)])
        failed_starts = 0
        try:
            self.pool = [self._start(fn, settings) for _ in range(min(self.workers, len(queue)))]
            while queue or any(w.running for w in self.pool):
                for w in self.pool:
                    if not w.running and queue:
                        idx = queue.popleft()
                        w.running.extend(idx)
                        w.conn.send([(i, items[i]) for i in idx])
                busy = [w for w in self.pool if w.running]
                deadlines = [w.deadline for w in busy if w.deadline not in (None, float("inf"))]
                timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                ready = wait([w.conn for w in busy], timeout)
                for w in busy:
                    if w.conn in ready:
                        try:
                            message = w.conn.recv()
                        except (EOFError, OSError):             # the worker died
                            if w.deadline is None:              # ... before its item began: not the item's fault
                                failed_starts += 1
                                if failed_starts > 3:
                                    raise RuntimeError(f"worker processes do not start (exit code {w.process.exitcode})")
                                self._replace(w, fn, settings, queue)
                                continue
                            i = w.running.popleft()
                            yield i, failed(items[i], "INTERNAL.ERROR",
                                            crash_params(f"worker process died (exit code {w.process.exitcode})"))
                            self._replace(w, fn, settings, queue)
                            continue
                        failed_starts = 0
                        if message[0] == "start":               # the item's clock runs from here
                            w.deadline = time.monotonic() + seconds if seconds else float("inf")
                            continue
                        _, i, record = message
                        w.running.remove(i)
                        w.deadline = None
                        yield i, record
                    elif w.deadline is not None and time.monotonic() >= w.deadline:
                        i = w.running.popleft()
                        yield i, failed(items[i], "INPUT.TIME_LIMIT", time_limit_params(seconds))
                        self._replace(w, fn, settings, queue)
        finally:
            self.close()

    def _replace(self, w: _Worker, fn, settings, queue: deque) -> None:
        """Kill a worker (dead or past its limit) and start another; the rest of its chunk
        goes back to the front of the queue."""
        _kill(w.process)
        w.conn.close()
        if w.running:
            queue.appendleft(list(w.running))
        fresh = self._start(fn, settings)
        w.process, w.conn, w.running, w.deadline = fresh.process, fresh.conn, deque(), None

    def close(self) -> None:
        for w in self.pool:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                pass
        for w in self.pool:
            if w.running:                           # interrupted mid-item: stop it now
                _kill(w.process)
            else:
                w.process.join(timeout=2)
                if w.process.is_alive():
                    _kill(w.process)
            try:
                w.conn.close()
            except OSError:
                pass
        self.pool = []


def _workers_import_this_checkout() -> None:
    """The forkserver starts as a fresh `python -c` (Python 3.11 passes it no sys.path): put the
    folder this code runs from first on its PYTHONPATH, so workers import the same code as the
    main process (a checkout run as `python cli.py`, a git worktree beside an editable install)."""
    root = str(Path(__file__).resolve().parents[1])
    current = os.environ.get("PYTHONPATH", "")
    if current.split(os.pathsep)[0] != root:
        os.environ["PYTHONPATH"] = os.pathsep.join(x for x in (root, current) if x)


def _kill(process) -> None:
    if process.is_alive():
        process.kill()
    process.join(timeout=5)


def _worker_main(conn, fn: Fn, settings: Any) -> None:
    """A worker: items in; ("start", index) when an item begins and ("done", index, record) when
    it is done. The main process decides about interruptions (SIGINT ignored here; SIGTERM
    ends the worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        for i, item in task:
            try:
                conn.send(("start", i))
                conn.send(("done", i, fn(item, settings)))
            except (OSError, EOFError):                  # the main process is gone
                return


# --------------------------------------------------------------------------- Dask distributed

_NOT_RUN = "tthc:not-run"          # a chunk's items left after one ran past the limit


def _run_chunk(fn: Fn, chunk: list[str], settings: Any, seconds: float | None,
               failed: Failed) -> list:
    """A Dask task: the items of a chunk, each in a thread given `seconds`. An item past the limit
    gets its finding and the rest of the chunk is handed back (_NOT_RUN) for the queue."""
    out: list = []
    for n, item in enumerate(chunk):
        if not seconds:
            out.append(fn(item, settings))
            continue
        box: dict = {}

        def work() -> None:
            try:
                box["record"] = fn(item, settings)
            except BaseException as exc:  # noqa: BLE001 - reported as the item's own record
                box["error"] = exc
        thread = threading.Thread(target=work, daemon=True, name=f"tthc-item-{n}")
        thread.start()
        thread.join(seconds)
        if thread.is_alive():
            out.append(failed(item, "INPUT.TIME_LIMIT", time_limit_params(seconds)))
            out.extend(_NOT_RUN for _ in chunk[n + 1:])
            return out
        out.append(box["record"] if "record" in box else failed(item, "INTERNAL.ERROR", crash_params(box["error"])))
    return out


# A task whose worker died is not retried by the scheduler: the runner retries a chunk's items one
# by one itself, and an item that kills its worker alone gets its finding. One task per worker
# thread (no task waits on a worker), so a worker that dies takes no bystander with it.
LOCAL_CLUSTER_CONFIG = {"distributed.scheduler.allowed-failures": 0, "distributed.scheduler.worker-saturation": 1.0}
NO_WORKER_SECONDS = 120     # a cluster without any worker this long stops the run (exit 2)
LONE_RERUNS = 2             # a lone item whose worker died is run again this often before its finding


class DaskExecutor(Executor):
    def __init__(self, workers: int, scheduler: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            from commands.settings import UsageError
            raise UsageError("--executor dask cần Dask / needs Dask: pip install 'tthc-check[dask]'") from None
        self.cluster = None
        self.workers = max(1, workers)
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=30)
            except OSError as exc:
                from commands.settings import UsageError
                raise UsageError(f"không kết nối được / cannot reach the Dask scheduler {scheduler}: {exc}") from None
        else:
            import dask
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                            dashboard_address=None)
            self.client = Client(self.cluster)

    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def map(self, fn, items, settings, *, failed, seconds=None, chunk=1):
        size = max(1, chunk)
        queue = deque([list(range(s, min(s + size, len(items)))) for s in range(0, len(items), size)])
        slots = self.threads()                          # one task per worker thread: bounded memory
        pending: dict = {}                              # future -> item indexes
        reruns: dict[int, int] = {}                     # item -> times run again after its worker died
        try:
            while queue or pending:
                while len(pending) < slots and queue:
                    idx = queue.popleft()
                    fut = self.client.submit(_run_chunk, fn, [items[i] for i in idx], settings, seconds, failed,
                                             pure=False)
                    pending[fut] = idx
                fut = self._next_done(pending)
                idx = pending.pop(fut)
                try:
                    records = fut.result()
                except Exception as exc:  # noqa: BLE001 - a dead worker or a task that raised
                    if len(idx) > 1:                    # which item? each one alone will tell
                        queue.extendleft([i] for i in reversed(idx))
                        continue
                    if reruns.get(idx[0], 0) < LONE_RERUNS:   # it may have died with a worker restarted
                        reruns[idx[0]] = reruns.get(idx[0], 0) + 1    # for another item, or beside one that
                        queue.appendleft(idx)                 # killed it (a remote scheduler may queue
                        continue                              # two tasks on one worker)
                    records = [failed(items[idx[0]], "INTERNAL.ERROR", crash_params(exc))]
                finally:
                    fut.release()
                for n, (i, record) in enumerate(zip(idx, records)):
                    if isinstance(record, str) and record == _NOT_RUN:   # after an item past the limit
                        queue.extendleft([j] for j in reversed(idx[n:]))
                        break
                    yield i, record
        finally:
            if pending:
                self.client.cancel(list(pending), force=True)

    def _next_done(self, pending: dict):
        """The next finished future. Never waits forever on a cluster that lost its workers: our
        own LocalCluster is scaled back up; with no worker for NO_WORKER_SECONDS the run stops
        with exit 2 (what was written stays written; --resume goes on from it)."""
        from distributed import wait
        from distributed.client import FIRST_COMPLETED

        since = None
        while True:
            try:
                done, _ = wait(list(pending), timeout=5, return_when=FIRST_COMPLETED)
            except TimeoutError:
                done = set()
            if done:
                return next(iter(done))
            if self.client.nthreads():
                since = None
                continue
            now = time.monotonic()
            if since is None:
                since = now
                if self.cluster is not None:
                    self.cluster.scale(self.workers)
            elif now - since > NO_WORKER_SECONDS:
                from commands.settings import UsageError
                raise UsageError(f"cụm Dask không còn tiến trình xử lý / the Dask cluster has had no worker for "
                                 f"{NO_WORKER_SECONDS} s")

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
