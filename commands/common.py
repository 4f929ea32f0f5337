"""What every command shares: inputs walked, the parallel batch runner, usage errors and
exit codes, option types, configuration and trust-root resolution."""
from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from datetime import date
from pathlib import Path
from typing import Callable, Iterable, Iterator




__version__ = "0.1.0"


EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


DOCUMENT_EXTENSIONS = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx", ".txt", ".md"}


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


def iter_inputs(paths: Iterable[str], extensions: set[str] = DOCUMENT_EXTENSIONS,
                skipped_packages: list[str] | None = None) -> Iterator[str]:
    """Files given by name always; folders walked recursively for known document types.
    A path that does not exist is still yielded, so it becomes an INPUT.NOT_FOUND finding.
    With `skipped_packages` (a list), dossier packages met while walking (folders holding
    manifest.json: their files are a dossier's, for `tthc validate`) are not entered and are
    appended to it instead."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            packages: dict[Path, bool] = {}

            def in_package(child: Path) -> bool:
                for folder in child.parents:
                    if folder not in packages:
                        packages[folder] = (folder / "manifest.json").is_file()
                        if packages[folder]:
                            skipped_packages.append(str(folder))
                    if packages[folder]:
                        return True
                    if folder == p:
                        return False
                return False

            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in extensions \
                        and not any(part.startswith(".") for part in child.relative_to(p).parts) \
                        and not (skipped_packages is not None and in_package(child)):
                    yield str(child)
        else:
            yield raw


def iter_dossiers(paths: Iterable[str]) -> Iterator[str]:
    """Dossier packages under the given paths: a folder holding manifest.json is a
    package, a .zip is a package, other folders are walked (hidden names skipped). A
    path given by name is always yielded when it holds no package, so a missing path or
    a package without its manifest becomes a finding instead of silence."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir() and not (p / "manifest.json").exists():
            found = list(_walk_packages(p))
            yield from found or ([raw] if any(p.iterdir()) else [])
        else:
            yield raw


def _walk_packages(root: Path) -> Iterator[str]:
    try:
        children = sorted((c for c in os.scandir(root) if not c.name.startswith(".")), key=lambda c: c.name)
    except OSError:
        return
    for child in children:
        if child.is_dir(follow_symlinks=False):
            path = Path(child.path)
            if (path / "manifest.json").exists():
                yield child.path
            elif _below(path, _is_package):
                yield from _walk_packages(path)
            elif _below(path, lambda e: not e.is_dir(follow_symlinks=False)):
                yield child.path        # files and no package: a package that lost its manifest
        elif child.is_file(follow_symlinks=False) and child.name.lower().endswith(".zip"):
            yield child.path


def _is_package(entry: os.DirEntry) -> bool:
    return entry.name == "manifest.json" or (entry.name.lower().endswith(".zip")
                                             and entry.is_file(follow_symlinks=False))


def _below(folder: Path, test: Callable[[os.DirEntry], bool]) -> bool:
    """Whether any entry under `folder` (hidden names and links to folders skipped) passes `test`."""
    stack = [folder]
    while stack:
        try:
            entries = [e for e in os.scandir(stack.pop()) if not e.name.startswith(".")]
        except OSError:
            continue
        if any(test(e) for e in entries):
            return True
        stack.extend(Path(e.path) for e in entries if e.is_dir(follow_symlinks=False))
    return False


def iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def run_batch(fn: Callable[[str, dict], dict], items: list[str], settings: dict, workers: int,
              progress: bool, label: str, chunk: int = 1, preload: list[str] | None = None) -> Iterator[dict]:
    """Apply fn to every item, in parallel when workers > 1, yielding results as they
    finish (so a writer can stream them). Results carry their input order in '_index'.
    With chunk > 1 each task carries that many items, which matters when an item takes
    milliseconds: fewer round trips to the workers. A worker that dies (a crash inside a
    native library) breaks the pool: a new pool takes over, the items of the lost tasks
    are retried one per task, and an item that kills a worker on its own becomes an
    INTERNAL.ERROR result. With `preload`, workers fork from a server process that
    imported those modules once (and no thread of this process is ever forked)."""
    from concurrent.futures.process import BrokenProcessPool

    from report.progress import progress_bar

    with progress_bar(len(items), label, enabled=progress) as advance:
        if workers <= 1 or len(items) <= 1:
            for i, item in enumerate(items):
                result = fn(item, settings)
                advance()
                yield {**result, "_index": i}
            return
        size = max(1, chunk)
        queue = [list(range(s, min(s + size, len(items)))) for s in range(0, len(items), size)]
        queue.reverse()                     # pop() from the end keeps the input order
        retry: list[list[int]] = []         # single items of tasks lost with a broken pool
        context = None
        if preload:
            import multiprocessing
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(preload)
        while queue or retry:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            pending: dict = {}                  # future -> (item indexes, ran alone)
            broken = False
            try:
                def submit() -> bool:
                    nonlocal broken
                    if broken:
                        return False
                    if retry:                   # a retried item runs alone: if the pool breaks, it is the cause
                        if pending:
                            return False
                        idx, alone = retry.pop(), True
                    elif queue:
                        idx, alone = queue.pop(), False
                    else:
                        return False
                    try:
                        pending[pool.submit(_apply_chunk, fn, [items[i] for i in idx], settings)] = (idx, alone)
                    except BrokenProcessPool:
                        broken = True           # a worker died meanwhile: next pool
                        (retry if alone else queue).append(idx)
                        return False
                    return True

                while len(pending) < 2 * workers and submit():   # bounded in flight: bounded memory
                    pass
                while pending:
                    done, _ = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        idx, alone = pending.pop(fut)
                        try:
                            results = fut.result()
                        except BrokenProcessPool as exc:
                            broken = True
                            if not alone:
                                retry.extend([i] for i in reversed(idx))
                                continue
                            results = [crashed(items[idx[0]], exc)]
                        except Exception as exc:  # noqa: BLE001 - a failed task is its items' problem
                            results = [crashed(items[i], exc) for i in idx]
                        for i, result in zip(idx, results):
                            advance()
                            yield {**result, "_index": i}
                        while len(pending) < 2 * workers and submit():
                            pass
                    if broken:
                        for idx, _alone in pending.values():   # lost with the pool: retried one by one
                            retry.extend([i] for i in reversed(idx))
                        pending.clear()
            finally:
                pool.shutdown(wait=not broken, cancel_futures=True)


def _apply_chunk(fn: Callable[[str, dict], dict], chunk: list[str], settings: dict) -> list[dict]:
    return [fn(item, settings) for item in chunk]


def crashed(path: str, exc: BaseException) -> dict:
    """A worker process died on this file: same shape as a result, one finding."""
    from extract.model import Finding
    f = Finding.of("INTERNAL.ERROR", evidence=f"{type(exc).__name__}: {exc}")
    return {"source": path, "kind": "directive", "extraction": None, "text": "", "document": None,
            "tasks": [], "deadlines": [], "references": [], "findings": [f.to_dict()]}


def strip_private(result: dict) -> dict:
    return {k: v for k, v in result.items() if not k.startswith("_")}


def say_skipped(packages: list[str]) -> None:
    if packages:
        print(f"tthc: bỏ qua {len(packages)} gói hồ sơ (thư mục có manifest.json; kiểm tra bằng `tthc validate`) / "
              f"skipped {len(packages)} dossier packages (folders with manifest.json; check them with "
              f"`tthc validate`)", file=sys.stderr)


def trust_settings(args: argparse.Namespace, config: dict) -> tuple[str | None, list[str]]:
    """Trust roots and CRLs from the command line, else from the config file (paths there are
    relative to it); loaded once here so a bad folder is a usage error (exit 2), not N findings."""
    from extract.signatures.pki import TrustStoreError, load_trust_store

    here = Path(config["_path"]).parent if config.get("_path") else Path.cwd()
    roots = getattr(args, "trust_roots", None) or config_path(here, config.get("trust_roots"))
    crls = getattr(args, "crl", None) or config.get("crl") or []
    crls = [crls] if isinstance(crls, str) else list(crls)
    if not getattr(args, "crl", None):
        crls = [config_path(here, c) for c in crls]
    try:
        load_trust_store(roots, crls)
    except TrustStoreError as exc:
        raise UsageError(str(exc)) from None
    return roots, crls


def config_path(base: Path, value: str | None) -> str | None:
    """Paths in tthc.toml / pyproject.toml are relative to that file."""
    return str(base / value) if value else None


def datetime_arg(value: str):
    from datetime import datetime, timedelta, timezone
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"thời điểm không hợp lệ / invalid date-time: {value!r} (YYYY-MM-DD[THH:MM[:SS][+07:00]])")
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone(timedelta(hours=7)))


SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


def worst_severity(record: dict) -> int:
    return max((SEVERITY_ORDER.get(f.get("severity"), -1) for f in record.get("findings") or []), default=-1)


def batch_settings(args: argparse.Namespace) -> dict:
    load = {}
    if getattr(args, "dpi", None):
        load["dpi"] = args.dpi
    if getattr(args, "force_ocr", False):
        load["force_ocr"] = True
    paths = getattr(args, "paths", [])
    if len(paths) == 1 and Path(paths[0]).is_file() and getattr(args, "workers", 1) > 1:
        # One (possibly long, scanned) file: spend the workers on its pages instead.
        load["ocr_workers"] = args.workers
    return {"load": load, "as_of": getattr(args, "as_of", None),
            "disable": list(getattr(args, "disable", None) or [])}


def show_progress(args: argparse.Namespace, items: list) -> bool:
    if getattr(args, "no_progress", False):
        return False
    return len(items) > 1 and sys.stderr.isatty()


def calendar_file(path: str | None = None) -> str | None:
    """The user's calendar file: --calendar, else the `calendar` key of tthc.toml / [tool.tthc]
    (relative to that file); None for the built-in calendar alone."""
    from checks.config import ConfigError, load_config

    if path is None:
        try:
            config = load_config()
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
        path = config.get("calendar")
        if path and not Path(path).is_absolute() and config.get("_path"):
            path = str(Path(config["_path"]).parent / path)
    return path or None


def load_calendar(path: str | None = None):
    """The working-day calendar: built-in, plus the user's file from --calendar or from the
    `calendar` key of tthc.toml / [tool.tthc]. Errors are UsageError (exit 2)."""
    from extract.calendar import Calendar, CalendarError

    path = calendar_file(path)
    try:
        return Calendar.from_file(path) if path else Calendar()
    except CalendarError as exc:
        raise UsageError(str(exc)) from None


def date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ / invalid date: {value!r} (YYYY-MM-DD)")


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"cần số nguyên dương / must be a positive integer: {value!r}")
    return n


def common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=positive_int, default=1, metavar="N",
                   help="số tiến trình song song / parallel worker processes (default 1)")
    p.add_argument("--dpi", type=positive_int, metavar="DPI", help="độ phân giải OCR / OCR render resolution (default 300)")
    p.add_argument("--force-ocr", action="store_true", help="OCR mọi trang PDF / OCR every PDF page")
    p.add_argument("--as-of", type=date_arg, metavar="DATE", help="ngày đối chiếu / reference date for 'already past' checks")
    p.add_argument("--disable", action="append", metavar="ID",
                   help="tắt kiểm tra theo mã hoặc nhóm / disable a check id or family (repeatable)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ thông báo / message language")
    p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình / no progress bar")


FAIL_ON = ("error", "warning", "info", "never")


def load_check_config(args: argparse.Namespace) -> dict:
    from checks.config import ConfigError, load_config
    path = Path(args.config) if getattr(args, "config", None) else None
    if path is not None and not path.is_file():
        raise UsageError(f"không tìm thấy tệp cấu hình / config file not found: {path}")
    try:
        return load_config(path)
    except ConfigError as exc:
        raise UsageError(f"tệp cấu hình sai / bad config file: {exc}") from exc


def config_date(value, where) -> date | None:
    from datetime import datetime
    if isinstance(value, datetime):          # TOML date-time: the day is what counts
        return value.date()
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise UsageError(f"tệp cấu hình sai / bad config file: {where}: as_of {value!r} is not YYYY-MM-DD") from None


def resolve_disabled(entries: list[str]) -> list[str]:
    """Each entry is a check id, a finding code or a family (any case, trailing dot allowed);
    returns their canonical spelling, or a UsageError naming what exists."""
    from checks.registry import all_checks
    from schemas import rules
    codes = rules()
    known = {c: c for c in codes}
    known.update({r["family"]: r["family"] for r in codes.values()})
    known.update({c.id: c.id for c in all_checks()})
    by_key = {k.casefold(): v for k, v in known.items()}
    out, unknown = [], []
    for entry in entries:
        key = entry.strip().rstrip(".").casefold()
        if key in by_key:
            out.append(by_key[key])
        elif key:
            unknown.append(entry)
    if unknown:
        families = sorted({r["family"] for r in codes.values()})
        ids = sorted(c.id for c in all_checks())
        raise UsageError(f"không có kiểm tra / unknown check: {', '.join(unknown)}\n"
                         f"  nhóm / families: {', '.join(families)}\n"
                         f"  mã kiểm tra / check ids: {', '.join(ids)}\n"
                         f"  mã phát hiện / finding codes: xem / see `tthc checks list`")
    return out


def calendar_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--calendar", metavar="FILE",
                   help="tệp lịch riêng (ngày hoán đổi, ngày nghỉ, buổi làm việc; schemas/calendar/calendar.schema.json) / "
                        "your calendar file (swapped days, days off, sessions)")
