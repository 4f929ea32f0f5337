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
  (tcp://host:8786; every worker needs tthc-check installed). A chunk past its limit is
  cancelled, its worker restarted, and its items retried one by one; an item that fails alone
  gets the finding.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
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
        try:
            self.pool = [self._start(fn, settings) for _ in range(min(self.workers, len(queue)))]
            while queue or any(w.running for w in self.pool):
                for w in self.pool:
                    if not w.running and queue:
                        idx = queue.popleft()
                        w.running.extend(idx)
                        w.deadline = time.monotonic() + seconds if seconds else None
                        w.conn.send([(i, items[i]) for i in idx])
                busy = [w for w in self.pool if w.running]
                deadlines = [w.deadline for w in busy if w.deadline is not None]
                timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                ready = wait([w.conn for w in busy], timeout)
                for w in busy:
                    if w.conn in ready:
                        try:
                            i, record = w.conn.recv()
                        except (EOFError, OSError):             # the worker died on its current item
                            i = w.running.popleft()
                            code = w.process.exitcode
                            yield i, failed(items[i], "INTERNAL.ERROR",
                                            crash_params(f"worker process died (exit code {code})"))
                            self._replace(w, fn, settings, queue)
                            continue
                        w.running.remove(i)
                        w.deadline = time.monotonic() + seconds if (seconds and w.running) else None
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


def _kill(process) -> None:
    if process.is_alive():
        process.kill()
    process.join(timeout=5)


def _worker_main(conn, fn: Fn, settings: Any) -> None:
    """A worker: items in, one (index, record) out per item as it finishes. The main process
    decides about interruptions (SIGINT ignored here; SIGTERM ends the worker)."""
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
            record = fn(item, settings)
            try:
                conn.send((i, record))
            except (OSError, EOFError):                  # the main process is gone
                return


# --------------------------------------------------------------------------- Dask distributed

def _apply_chunk(fn: Fn, chunk: list[str], settings: Any) -> list[Record]:
    return [fn(item, settings) for item in chunk]


class DaskExecutor(Executor):
    def __init__(self, workers: int, scheduler: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            from commands.settings import UsageError
            raise UsageError("--executor dask cần Dask / needs Dask: pip install 'tthc-check[dask]'") from None
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=30)
            except OSError as exc:
                from commands.settings import UsageError
                raise UsageError(f"không kết nối được / cannot reach the Dask scheduler {scheduler}: {exc}") from None
        else:
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)

    def threads(self) -> int:
        return max(1, sum(self.client.nthreads().values()))

    def map(self, fn, items, settings, *, failed, seconds=None, chunk=1):
        from distributed import wait
        from distributed.client import FIRST_COMPLETED

        size = max(1, chunk)
        queue = deque([list(range(s, min(s + size, len(items)))) for s in range(0, len(items), size)])
        retry: deque = deque()                          # single items of chunks that failed or ran too long
        pending: dict = {}                              # future -> (item indexes, deadline)
        settings_future = self.client.scatter(settings, broadcast=True)
        try:
            while queue or retry or pending:
                while len(pending) < self.threads() and (queue or retry):
                    idx = retry.popleft() if retry else queue.popleft()
                    fut = self.client.submit(_apply_chunk, fn, [items[i] for i in idx], settings_future, pure=False)
                    pending[fut] = (idx, time.monotonic() + seconds * len(idx) if seconds else None)
                deadlines = [d for _, d in pending.values() if d is not None]
                timeout = max(0.05, min(deadlines) - time.monotonic()) if deadlines else None
                try:
                    done, _ = wait(list(pending), timeout=timeout, return_when=FIRST_COMPLETED)
                except TimeoutError:
                    done = set()
                for fut in done:
                    idx, _ = pending.pop(fut)
                    try:
                        records = fut.result()
                    except Exception as exc:  # noqa: BLE001 - a killed worker or a task that raised
                        if len(idx) > 1:
                            retry.extend([i] for i in idx)
                            continue
                        records = [failed(items[idx[0]], "INTERNAL.ERROR", crash_params(exc))]
                    for i, record in zip(idx, records):
                        yield i, record
                now = time.monotonic()
                late = [f for f, (_, d) in pending.items() if d is not None and now >= d]
                if late:
                    self._stop(late)
                for fut in late:
                    idx, _ = pending.pop(fut)
                    if len(idx) > 1:
                        retry.extend([i] for i in idx)
                    else:
                        yield idx[0], failed(items[idx[0]], "INPUT.TIME_LIMIT", time_limit_params(seconds))
        finally:
            if pending:
                self.client.cancel(list(pending), force=True)

    def _stop(self, futures: list) -> None:
        """Cancel tasks past their limit and restart the workers running them (a thread
        cannot be stopped; the worker process can)."""
        keys = {f.key for f in futures}
        workers = [w for w, running in self.client.processing().items() if keys & set(running)]
        self.client.cancel(futures, force=True)
        if workers:
            try:
                self.client.restart_workers(workers)
            except Exception:  # noqa: BLE001 - a remote cluster may refuse; the task is cancelled anyway
                pass

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
