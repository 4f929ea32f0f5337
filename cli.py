"""tthc — the one command of tthc-check. `python cli.py ...` is the same as `tthc ...`.

This module is the only place that wires extract -> checks -> report together.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or environment error.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

# Tesseract's OpenMP threads oversubscribe small machines: one thread per process, and
# parallelism over pages and files instead (measured 2.2 s/page vs 9.6 s on 2 cores).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

__version__ = "0.1.0"

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
DOCUMENT_EXTENSIONS = {".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".docx", ".txt", ".md"}


class UsageError(Exception):
    """A mistake in how the command was called (exit code 2)."""


# --------------------------------------------------------------------------- inputs

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
            else:
                yield from _walk_packages(path)
        elif child.is_file(follow_symlinks=False) and child.name.lower().endswith(".zip"):
            yield child.path


# --------------------------------------------------------------------------- pipeline

def ingest_one(path: str, settings: dict) -> dict:
    """load -> parse -> checks for one directive file; returns the output-contract dict.
    Never raises: an unexpected error becomes an INTERNAL.ERROR finding."""
    try:
        return _ingest(path, settings)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        return _crashed(path, exc)


def _ingest(path: str, settings: dict) -> dict:
    from checks.registry import Context, run_checks
    from extract.calendar import default_calendar
    from extract.directive import parse
    from extract.load import LoadOptions, load

    doc = load(path, LoadOptions(**settings.get("load", {})))
    findings = list(doc.findings)
    directive = None
    if doc.pages and not any(f.severity == "error" for f in doc.findings):
        directive = parse(doc)
        findings.extend(directive.findings)
        if directive.is_directive:
            ctx = Context(as_of=settings.get("as_of"), disabled=frozenset(settings.get("disable", ())),
                          subject_date=_iso(directive.date), options={"document": doc, "calendar": default_calendar()})
            findings.extend(run_checks("directive", directive, ctx))
    if doc.kind == "pdf" and settings.get("trust_roots") and doc.pages:
        findings.extend(_signature_findings(path, settings))
    return {
        "source": path,
        "kind": "directive",
        "extraction": doc.extraction(),
        "text": doc.text,
        "document": directive.document_dict() if directive and directive.is_directive else None,
        "tasks": [t.to_dict() for t in directive.tasks] if directive else [],
        "deadlines": [d.to_dict() for d in directive.deadlines] if directive else [],
        "references": [r.to_dict() for r in directive.references] if directive else [],
        "findings": [f.to_dict() for f in findings],
    }


def _signature_findings(path: str, settings: dict) -> list:
    """`tthc check` with trust roots also judges the PDF's digital signatures (an unsigned
    directive is not a finding here; the loader already reported an unreadable file)."""
    from checks.registry import Context, run_checks
    from extract.pdfsig import read_signatures

    ctx = Context(disabled=frozenset(settings.get("disable", ())),
                  options={"trust_roots": settings["trust_roots"], "crls": settings.get("crls", []),
                           "signature_required": False})
    return [f for f in run_checks("pdf", read_signatures(path), ctx) if not f.code.startswith("INPUT.")]


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def validate_one(path: str, settings: dict) -> dict:
    """read package -> checks for one dossier; returns its result dict. Never raises:
    an unexpected error becomes an INTERNAL.ERROR finding."""
    from extract.model import Finding
    try:
        return _validate(path, settings)
    except Exception as exc:  # noqa: BLE001 - one bad dossier must not stop a batch
        f = Finding.of("INTERNAL.ERROR", evidence=f"{type(exc).__name__}: {exc}")
        return {"source": path, "kind": "dossier", "MaHoSo": None, "MaTTHC": None, "DonViXuLy": None,
                "findings": [f.to_dict()]}


def _validate(path: str, settings: dict) -> dict:
    import time

    from checks.registry import Context, is_disabled, run_checks
    from extract.dossier import DossierOptions, load_dossier
    from extract.personal import personal_values, redact_finding

    start = time.perf_counter()
    dossier = load_dossier(path, DossierOptions(signature_reader=_signature_reader()))
    disabled = frozenset(settings.get("disable", ()))
    findings = [f for f in dossier.findings if not is_disabled(f.code, disabled)]
    on_time = None
    if isinstance(dossier.manifest, dict):
        from checks.timeline import classification
        from extract.timeline import timeline_of
        # The rules in force on the reception day apply (the _ND118 regime switch relies on it).
        ctx = Context(as_of=settings.get("as_of"), disabled=disabled,
                      subject_date=timeline_of(dossier.manifest, scalars_only=True).reception_day,
                      options={"calendar": _worker_calendar(settings.get("calendar")),
                               "trust_roots": settings.get("trust_roots"), "crls": settings.get("crls") or []})
        findings.extend(run_checks("dossier", dossier, ctx))
        on_time = classification(dossier, ctx)
    personal = personal_values(dossier.manifest)
    findings = [redact_finding(f, personal) for f in findings]
    m = dossier.manifest or {}
    proc = dossier.procedure
    return {
        "source": path,
        "kind": "dossier",
        "MaHoSo": _text(m.get("MaHoSo")),
        "MaTTHC": _text(m.get("MaTTHC")),
        "DonViXuLy": _text(m.get("DonViXuLy")),
        "TrangThaiHoSo": _text(m.get("TrangThaiHoSo")),
        "procedure": {"code": proc["code"], "name": proc["name"]} if proc else None,
        "package": dossier.package,
        "components": len({c.pointer for c in dossier.components if not c.deleted}),
        "results": len({c.pointer for c in dossier.results if not c.deleted}),
        "files": len(dossier.files),
        "on_time": on_time,
        "seconds": round(time.perf_counter() - start, 4),
        "findings": [f.to_dict() for f in findings],
    }


_CALENDARS: dict = {}


def _worker_calendar(path: str | None):
    """The calendar of a validate run, built once per worker process (the path was checked
    by cmd_validate; no path: the built-in calendar)."""
    from extract.calendar import Calendar, default_calendar
    if not path:
        return default_calendar()
    if path not in _CALENDARS:
        _CALENDARS[path] = Calendar.from_file(path)
    return _CALENDARS[path]


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _signature_reader():
    """extract/pdfsig.py (signature workstream) reads the signatures of result PDFs
    into Component.signed when it exists; until then results carry signed=None."""
    try:
        from extract import pdfsig  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(pdfsig, "read_signatures", None)


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
                            results = [_crashed(items[idx[0]], exc)]
                        except Exception as exc:  # noqa: BLE001 - a failed task is its items' problem
                            results = [_crashed(items[i], exc) for i in idx]
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


def _crashed(path: str, exc: BaseException) -> dict:
    """A worker process died on this file: same shape as a result, one finding."""
    from extract.model import Finding
    f = Finding.of("INTERNAL.ERROR", evidence=f"{type(exc).__name__}: {exc}")
    return {"source": path, "kind": "directive", "extraction": None, "text": "", "document": None,
            "tasks": [], "deadlines": [], "references": [], "findings": [f.to_dict()]}


def strip_private(result: dict) -> dict:
    return {k: v for k, v in result.items() if not k.startswith("_")}


# --------------------------------------------------------------------------- commands

def _say_skipped(packages: list[str]) -> None:
    if packages:
        print(f"tthc: bỏ qua {len(packages)} gói hồ sơ (thư mục có manifest.json; kiểm tra bằng `tthc validate`) / "
              f"skipped {len(packages)} dossier packages (folders with manifest.json; check them with "
              f"`tthc validate`)", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from report import writers

    packages: list[str] = []
    items = list(iter_inputs(args.paths, skipped_packages=packages))
    _say_skipped(packages)
    if not items:
        raise UsageError("không có tệp nào để xử lý / no input files")
    settings = _settings(args)
    results = run_batch(ingest_one, items, settings, args.workers, _show_progress(args, items),
                        "Đọc văn bản / ingest")
    if args.format == "jsonl":
        with writers.open_out(args.output) as out:
            for r in results:
                writers.write_jsonl_line(out, strip_private(r))
        return EXIT_OK
    ordered = [strip_private(r) for r in sorted(results, key=lambda r: r["_index"])]
    if args.output and (Path(args.output).is_dir() or args.output.endswith(os.sep)):
        writers.write_json_per_file(ordered, Path(args.output))
    elif args.format == "json":
        with writers.open_out(args.output) as out:
            json.dump(ordered[0] if len(ordered) == 1 else ordered, out, ensure_ascii=False, indent=2)
            out.write("\n")
    else:
        writers.write_ingest_text(ordered, args.output, lang=args.lang)
    return EXIT_OK


def signatures_one(path: str, settings: dict) -> dict:
    """Signature facts and verdicts of one PDF. Never raises (INTERNAL.ERROR instead)."""
    from checks.registry import is_disabled
    from checks.signatures import assess
    from extract.model import Finding
    from extract.pdfsig import read_signatures
    from extract.pki import load_trust_store
    try:
        trust = load_trust_store(settings.get("trust_roots"), settings.get("crls", ()))
        result = assess(read_signatures(path), trust, required=settings.get("required", True),
                        expected_org=settings.get("expected_org"), at=settings.get("at")).to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        f = Finding.of("INTERNAL.ERROR", evidence=f"{type(exc).__name__}: {exc}")
        return {"source": path, "kind": "signatures", "verdict": "unreadable", "signatures": [],
                "findings": [f.to_dict()]}
    off = settings.get("disable") or ()
    if off:
        result["findings"] = [f for f in result["findings"] if not is_disabled(f["code"], off)]
        for s in result["signatures"]:
            s["findings"] = [f for f in s["findings"] if not is_disabled(f["code"], off)]
    return result


def cmd_signatures(args: argparse.Namespace) -> int:
    from checks.config import ConfigError, load_config
    from extract.model import severity_rank
    from report import writers
    from report.signatures import write_signatures_text

    try:
        config = load_config()
    except ConfigError as exc:
        raise UsageError(f"cấu hình sai / bad configuration: {exc}") from None
    roots, crls = _trust_settings(args, config)
    if not roots:
        print("tthc: không có --trust-roots: không chữ ký nào được tin cậy / "
              "no --trust-roots: no signature can be trusted", file=sys.stderr)
    items = list(iter_inputs(args.paths, {".pdf"}))
    if not items:
        raise UsageError("không có tệp PDF nào để kiểm tra / no PDF files to check")
    settings = {"trust_roots": roots, "crls": crls, "required": not args.allow_unsigned,
                "expected_org": args.expected_org, "at": args.at,
                "disable": list(args.disable or config.get("disable") or [])}
    fail_on = args.fail_on or config.get("fail_on") or "error"
    worst = -1
    results = run_batch(signatures_one, items, settings, args.workers or int(config.get("workers", 1)),
                        _show_progress(args, items), "Kiểm tra chữ ký / signatures")
    if args.format == "jsonl":
        with writers.open_out(args.output) as out:
            for r in results:
                worst = max([worst, *(severity_rank(f["severity"]) for f in r["findings"])])
                writers.write_jsonl_line(out, strip_private(r))
    else:
        ordered = [strip_private(r) for r in sorted(results, key=lambda r: r["_index"])]
        for r in ordered:
            worst = max([worst, *(severity_rank(f["severity"]) for f in r["findings"])])
        if args.format == "json":
            with writers.open_out(args.output) as out:
                json.dump(ordered[0] if len(ordered) == 1 else ordered, out, ensure_ascii=False, indent=2)
                out.write("\n")
        else:
            write_signatures_text(ordered, args.output, lang=args.lang, show_info=args.verbose)
    if fail_on != "never" and worst >= severity_rank(fail_on):
        return EXIT_FINDINGS
    return EXIT_OK


def _trust_settings(args: argparse.Namespace, config: dict) -> tuple[str | None, list[str]]:
    """Trust roots and CRLs from the command line, else from the config file (paths there are
    relative to it); loaded once here so a bad folder is a usage error (exit 2), not N findings."""
    from extract.pki import TrustStoreError, load_trust_store

    here = Path(config["_path"]).parent if config.get("_path") else Path.cwd()
    roots = getattr(args, "trust_roots", None) or _config_path(here, config.get("trust_roots"))
    crls = getattr(args, "crl", None) or config.get("crl") or []
    crls = [crls] if isinstance(crls, str) else list(crls)
    if not getattr(args, "crl", None):
        crls = [_config_path(here, c) for c in crls]
    try:
        load_trust_store(roots, crls)
    except TrustStoreError as exc:
        raise UsageError(str(exc)) from None
    return roots, crls


def _config_path(base: Path, value: str | None) -> str | None:
    """Paths in tthc.toml / pyproject.toml are relative to that file."""
    return str(base / value) if value else None


def _datetime_arg(value: str):
    from datetime import datetime, timedelta, timezone
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"thời điểm không hợp lệ / invalid date-time: {value!r} (YYYY-MM-DD[THH:MM[:SS][+07:00]])")
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone(timedelta(hours=7)))
# Report formats written by other modules, generic over result dicts.
EXTERNAL_WRITERS = {"text": ("report.findings_text", "write_findings_text"),
                    "junit": ("report.junit", "write_junit"),
                    "sarif": ("report.sarif", "write_sarif")}
SEVERITY_ORDER = {"info": 0, "warning": 1, "error": 2}


def _external_writer(fmt: str) -> Callable:
    module, name = EXTERNAL_WRITERS[fmt]
    try:
        import importlib
        fn = getattr(importlib.import_module(module), name, None)
    except ImportError:
        fn = None
    if fn is None:
        raise UsageError(f"định dạng {fmt} cần {module}.{name}, chưa có trong bản cài đặt này / "
                         f"format {fmt} needs {module}.{name}, which is not installed yet")
    return fn


# Imported once by the forkserver, inherited by every validate worker.
VALIDATE_PRELOAD = ["extract.dossier", "checks.components", "checks.digitization", "checks.timeline",
                    "checks.signatures", "extract.calendar", "pypdfium2", "PIL.Image",
                    "PIL.JpegImagePlugin", "PIL.PngImagePlugin", "numpy", "rapidfuzz", "jsonschema"]


def cmd_validate(args: argparse.Namespace) -> int:
    from report import writers
    from report.journal import done_sources, read_journal, source_key
    from report.summary import Summary, write_summary_text

    fmt = args.format
    writer = _external_writer(fmt) if fmt in EXTERNAL_WRITERS else None
    if fmt == "xlsx" and not args.output:
        raise UsageError("--format xlsx cần -o OUT.xlsx / --format xlsx needs -o OUT.xlsx")
    if args.resume and not args.output:
        raise UsageError("--resume cần -o OUT (tệp kết quả của lần chạy trước) / --resume needs -o OUT (the previous run's output)")
    items = list(iter_dossiers(args.paths))
    if not items:
        raise UsageError("không tìm thấy gói hồ sơ nào / no dossier packages found")
    # Every result is streamed to a journal as it finishes: OUT itself for jsonl, else a
    # sidecar OUT.partial.jsonl that the final writer reads and then removes.
    journal = None
    if args.output:
        journal = Path(args.output) if fmt == "jsonl" else Path(args.output + ".partial.jsonl")
    done = done_sources(journal) if (args.resume and journal) else set()
    todo = [i for i in items if source_key(i) not in done]
    summary = Summary()
    kept: list[dict] = []                       # only without a journal (small runs to stdout)
    worst = -1
    if journal and args.resume:
        for record in read_journal(journal):
            summary.add(record)
            worst = max(worst, _worst(record))
    settings = {**_settings(args), **_validate_settings(args)}
    # Dossiers take milliseconds: send them to the workers in chunks, small enough to
    # keep every worker busy to the end and to lose little to an interruption.
    chunk = max(1, min(16, len(todo) // (8 * args.workers)))
    results = run_batch(validate_one, todo, settings, args.workers, _show_progress(args, todo),
                        "Kiểm tra hồ sơ / validate", chunk=chunk, preload=VALIDATE_PRELOAD)
    mode = "a" if args.resume else "w"
    untrusted = False
    with (_open_journal(journal, mode) if journal else writers.open_out(None)) as out:
        for r in results:
            record = strip_private(r)
            summary.add(record)
            worst = max(worst, _worst(record))
            untrusted = untrusted or any(f.get("code") == "SIG.UNTRUSTED" for f in record.get("findings") or [])
            if journal or fmt == "jsonl":
                writers.write_jsonl_line(out, record)
            else:
                kept.append(record)
    limit = SEVERITY_ORDER.get(args.fail_on)
    code = EXIT_FINDINGS if limit is not None and worst >= limit else EXIT_OK
    if fmt != "jsonl":
        ordered = kept if not journal else sorted(read_journal(journal), key=lambda r: r["source"])
        if fmt == "json":
            with writers.open_out(args.output) as fh:
                json.dump(ordered, fh, ensure_ascii=False, indent=2)
                fh.write("\n")
        elif fmt == "xlsx":
            from report.xlsx import write_xlsx
            write_xlsx(ordered, summary, args.output)
        else:
            with writers.open_out(args.output) as fh:
                if fmt == "text":
                    writer(ordered, fh, lang=args.lang)
                elif fmt == "junit":
                    writer(ordered, fh, fail_on=args.fail_on, lang=args.lang)
                else:
                    from checks.registry import rule_table
                    writer(ordered, rule_table(), fh, lang=args.lang, version=__version__, exit_code=code)
        if journal:
            journal.unlink()
    if untrusted and not settings.get("trust_roots"):
        print(NO_TRUST_ROOTS, file=sys.stderr)
    if not args.no_summary:
        write_summary_text(summary, sys.stderr, args.lang)
    return code


def _validate_settings(args: argparse.Namespace) -> dict:
    """Calendar and trust settings of `tthc validate`, checked here once (a bad file is exit 2)."""
    from checks.config import ConfigError, load_config

    try:
        config = load_config()
    except ConfigError as exc:
        raise UsageError(f"cấu hình sai / bad configuration: {exc}") from None
    calendar = calendar_file(args.calendar)
    load_calendar(calendar)
    roots, crls = _trust_settings(args, config)
    return {"calendar": calendar, "trust_roots": roots, "crls": crls}


NO_TRUST_ROOTS = ("tthc: không có --trust-roots nên không chữ ký số nào được tin cậy (SIG.UNTRUSTED); toàn vẹn, sửa đổi "
                  "sau khi ký, cơ quan ký và thời điểm ký vẫn được kiểm tra / no --trust-roots, so no signature can be "
                  "trusted (SIG.UNTRUSTED); integrity, changes after signing, the signer and the signing time are "
                  "still checked")


def _open_journal(path: Path, mode: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open(mode, encoding="utf-8", newline="\n")


def _worst(record: dict) -> int:
    return max((SEVERITY_ORDER.get(f.get("severity"), -1) for f in record.get("findings") or []), default=-1)


def _settings(args: argparse.Namespace) -> dict:
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


def _show_progress(args: argparse.Namespace, items: list) -> bool:
    if getattr(args, "no_progress", False):
        return False
    return len(items) > 1 and sys.stderr.isatty()


# --------------------------------------------------------------------------- calendar, stats, reconcile

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


def _moment_arg(text: str) -> tuple[Any, bool]:
    """A date or date-time from the command line; the flag says whether a time was given."""
    from extract.timeline import parse_moment
    try:
        moment = parse_moment(text)
    except (ValueError, TypeError, OverflowError):
        moment = None
    if moment is None:
        raise UsageError(f"thời điểm không hợp lệ / invalid moment {text!r} (vd / e.g. 2025-01-24T15:00, "
                         f"20250124150000, 24/01/2025 15:00)")
    stripped = text.strip()
    has_time = not (len(stripped) <= 10 or (stripped.isdigit() and len(stripped) == 8))
    return moment, has_time


def _weekday(d) -> dict:
    from extract.calendar import WEEKDAY_EN, WEEKDAY_VI
    return {"vi": WEEKDAY_VI[d.weekday()], "en": WEEKDAY_EN[d.weekday()]}


def _days_off(cal, start, end) -> list[dict]:
    return [{"date": d.isoformat(), "name": vi, "name_en": en} for d, vi, en in cal.days_off(start, end)]


def _print_days_off(days: list[dict]) -> None:
    named = [d for d in days if d["name"] not in ("Thứ Bảy", "Chủ nhật")]
    weekends = len(days) - len(named)
    if weekends:
        print(f"  {weekends} ngày cuối tuần / weekend days")
    for d in named:
        print(f"  {d['date']}  {d['name']} / {d['name_en']}")


def cmd_due(args: argparse.Namespace) -> int:
    from extract.calendar import CalendarError
    from extract.durations import DurationError, parse_duration

    start, _ = _moment_arg(args.start)
    try:
        duration = parse_duration(args.duration)
    except DurationError as exc:
        raise UsageError(str(exc)) from None
    cal = load_calendar(args.calendar)
    try:
        counted = cal.count_start(start, args.late_cutoff)
        due = cal.add(start, duration.value, duration.unit, args.late_cutoff)
        days = _days_off(cal, counted.date(), due.date())
        worked = cal.working_hours_between(counted, due)
        dates = sorted(cal.deadline_dates(due)) if duration.unit in ("working_day", "working_hour") else [due.date()]
    except CalendarError as exc:
        raise UsageError(str(exc)) from None
    result = {"from": start.isoformat(), "counting_starts": counted.isoformat(),
              "duration": {**duration.to_dict(), "text": duration.text},
              "due": due.isoformat(), "due_date": due.date().isoformat(), "weekday": _weekday(due),
              "same_deadline_dates": [d.isoformat() for d in dates], "working_hours": round(worked, 4),
              "days_off": days, "late_cutoff_minutes": args.late_cutoff, "calendar": cal.label}
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    wd = _weekday(start)
    print(f"Tiếp nhận / received:     {start:%Y-%m-%d %H:%M} ({wd['vi']} / {wd['en']})")
    if counted != start:
        wc = _weekday(counted)
        print(f"Bắt đầu tính / counted from: {counted:%Y-%m-%d %H:%M} ({wc['vi']} / {wc['en']})")
    print(f"Thời hạn / duration:      {duration.label()} / {duration.label('en')}")
    wd = _weekday(due)
    print(f"Hạn / due:                {due:%Y-%m-%d %H:%M} ({wd['vi']} / {wd['en']})")
    if len(dates) > 1:
        print(f"  cùng thời hạn với / the same deadline as: {dates[-1]} 07:00 (đầu ngày làm việc tiếp theo / "
              f"start of the next working day)")
    if days:
        print("Ngày nghỉ trong khoảng / days off in between:")
        _print_days_off(days)
    return EXIT_OK


def cmd_workdays(args: argparse.Namespace) -> int:
    from extract.calendar import CalendarError

    (start, start_time), (end, end_time) = _moment_arg(args.start), _moment_arg(args.end)
    if end < start:
        raise UsageError(f"ngày kết thúc trước ngày bắt đầu / END is before START: {args.end} < {args.start}")
    cal = load_calendar(args.calendar)
    try:
        result = {"from": start.date().isoformat(), "to": end.date().isoformat(),
                  "working_days": cal.working_days_between(start.date(), end.date()),
                  "calendar_days": (end.date() - start.date()).days + 1,
                  "days_off": _days_off(cal, start.date(), end.date()), "calendar": cal.label,
                  "counting": "both ends included / tính cả ngày đầu và ngày cuối"}
        if start_time or end_time:
            hours = cal.working_hours_between(start, end)
            result.update({"from": start.isoformat(), "to": end.isoformat(), "working_hours": round(hours, 4),
                           "working_days_equivalent": round(hours / cal.hours_per_day, 4)})
    except CalendarError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Từ / from {result['from']} đến / to {result['to']} (tính cả hai đầu / both ends included)")
    print(f"Ngày làm việc / working days: {result['working_days']} trên / of {result['calendar_days']} ngày lịch / "
          f"calendar days")
    if "working_hours" in result:
        print(f"Giờ làm việc / working hours: {result['working_hours']:g} "
              f"(= {result['working_days_equivalent']:g} ngày làm việc / working days)")
    if result["days_off"]:
        print("Ngày nghỉ / days off:")
        _print_days_off(result["days_off"])
    return EXIT_OK


def _read_records(paths: list[str], problems: list):
    from extract.exports import iter_records
    return (record for _, record in iter_records(paths, problems))


def _report_problems(problems: list) -> None:
    for p in problems:
        print(f"tthc: {p.source}: {p.message} / {p.message_en}", file=sys.stderr)


def cmd_stats(args: argparse.Namespace) -> int:
    from checks.service_index import compute
    from report.stats import write_stats

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx cần -o TỆP.xlsx / --format xlsx needs -o FILE.xlsx")
    problems: list = []
    stats = compute(_read_records(args.paths, problems), by=args.by, as_of=args.as_of)
    if not stats.total["tong_ho_so"]:
        _report_problems(problems)
        raise UsageError("không đọc được hồ sơ nào / no dossier records were read")
    result = {**stats.to_dict(), "sources": list(args.paths), "problems": [p.to_dict() for p in problems]}
    write_stats(result, args.format, args.output)
    if args.format != "text":
        _report_problems(problems)
    return EXIT_OK


def cmd_reconcile(args: argparse.Namespace) -> int:
    from checks.reconcile import has_differences, reconcile
    from report.stats import write_reconcile

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx cần -o TỆP.xlsx / --format xlsx needs -o FILE.xlsx")
    problems: list = []
    names = (args.left_name or Path(args.left).stem or "left", args.right_name or Path(args.right).stem or "right")
    result = reconcile(_read_records([args.left], problems), _read_records([args.right], problems),
                       as_of=args.as_of, names=names)
    if not result["left"]["records"] and not result["right"]["records"]:
        _report_problems(problems)
        raise UsageError("không đọc được hồ sơ nào ở cả hai bên / no records were read on either side")
    result["sources"] = {"left": args.left, "right": args.right}
    result["problems"] = [p.to_dict() for p in problems]
    write_reconcile(result, args.format, args.output, limit=args.limit)
    if args.format != "text":
        _report_problems(problems)
    return EXIT_FINDINGS if has_differences(result) else EXIT_OK


# --------------------------------------------------------------------------- parser

def _date_arg(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ / invalid date: {value!r} (YYYY-MM-DD)")


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"cần số nguyên dương / must be a positive integer: {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tthc",
        description="tthc-check: đọc và kiểm tra văn bản chỉ đạo, hồ sơ TTHC số hóa và chữ ký số.\n"
                    "Reads and checks directives, digitized TTHC dossiers and digital signatures.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"tthc-check {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def add_ingest_parser(sub) -> None:
    p = sub.add_parser("ingest", help="đọc văn bản thành dữ liệu có cấu trúc / parse directives into JSON",
                       description="Đọc văn bản (PDF có lớp chữ, PDF scan, ảnh, DOCX, văn bản thuần) và "
                                   "trích xuất tiêu đề, nhiệm vụ, thời hạn, văn bản viện dẫn.\n"
                                   "Reads directives (text PDF, scanned PDF, images, DOCX, plain text) into "
                                   "structured JSON: header, tasks, deadlines, references, findings.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="FILE", help="tệp hoặc thư mục / files or folders (folders are walked)")
    p.add_argument("--format", choices=["json", "jsonl", "text"], default="json")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="tệp kết quả, hoặc thư mục (một JSON cho mỗi tệp) / output file, or a folder for one JSON per input")
    _common_options(p)
    p.set_defaults(func=cmd_ingest)


def add_signatures_parser(sub) -> None:
    p = sub.add_parser("signatures", help="kiểm tra chữ ký số trong PDF / validate PDF digital signatures",
                       description="Liệt kê và kiểm tra mọi chữ ký số trong tệp PDF: toàn vẹn, sửa đổi sau khi ký, "
                                   "chuỗi tin cậy, hiệu lực chứng thư tại thời điểm ký, thu hồi, mục đích khóa, "
                                   "thuật toán. Không truy cập mạng.\n"
                                   "Lists and validates every digital signature of PDF files: integrity, changes "
                                   "after signing, trust chain, certificate validity at the signing time, "
                                   "revocation, key usage, algorithms. Works offline.\n\n"
                                   "Thời điểm kiểm tra / validation time: dấu thời gian hợp lệ nếu có, nếu không "
                                   "thì thời điểm người ký tự khai (mỗi chữ ký nói rõ dùng thời điểm nào); --at "
                                   "thay thế cả hai. / a valid timestamp's time when present, else the time the "
                                   "signer claims (each signature says which); --at overrides both.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="FILE", help="tệp PDF hoặc thư mục / PDF files or folders (folders are walked)")
    p.add_argument("--trust-roots", metavar="DIR",
                   help="thư mục (hoặc tệp) chứng thư gốc tin cậy .pem/.crt/.cer/.der / folder (or file) of trusted "
                        "root certificates; none is bundled (default: trust_roots in tthc.toml)")
    p.add_argument("--crl", action="append", metavar="FILE",
                   help="danh sách thu hồi CRL (PEM/DER), lặp lại được / certificate revocation list, repeatable")
    p.add_argument("--at", type=_datetime_arg, metavar="DATE",
                   help="kiểm tra tại thời điểm này thay vì thời điểm ký / validate at this time instead of the "
                        "signing time (YYYY-MM-DD or ISO 8601; Vietnam time when no offset)")
    p.add_argument("--expected-org", metavar="NAME",
                   help="cơ quan phải ký (so với O/OU/CN của chứng thư) / agency that must have signed")
    p.add_argument("--allow-unsigned", action="store_true",
                   help="tệp không có chữ ký không bị báo lỗi SIG.MISSING / unsigned files are not an error")
    p.add_argument("--format", choices=["text", "json", "jsonl"], default="text")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default stdout)")
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"],
                   help="mã thoát 1 khi có phát hiện từ mức này / exit 1 on findings at or above (default error)")
    p.add_argument("--verbose", action="store_true", help="hiện cả thông tin / show info findings in text output")
    p.add_argument("--workers", type=_positive_int, metavar="N",
                   help="số tiến trình song song / parallel worker processes (default 1)")
    p.add_argument("--disable", action="append", metavar="ID",
                   help="tắt mã phát hiện hoặc nhóm / disable a finding code or family (repeatable)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ thông báo / message language")
    p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình / no progress bar")
    p.set_defaults(func=cmd_signatures)
def add_validate_parser(sub) -> None:
    p = sub.add_parser("validate", help="kiểm tra hồ sơ TTHC số hóa / validate digitized dossiers",
                       description="Kiểm tra các gói hồ sơ TTHC số hóa (thư mục hoặc .zip có manifest.json): lược đồ "
                                   "manifest, thành phần hồ sơ bắt buộc theo danh mục thủ tục, tệp đính kèm, chất lượng "
                                   "số hóa, thời hạn (ngày hẹn trả theo lịch ngày làm việc, tiếp nhận trực tuyến, bổ sung, "
                                   "xin lỗi khi trễ hạn) và chữ ký số của kết quả. Kết quả từng hồ sơ được ghi ngay khi "
                                   "xong; --resume bỏ qua hồ sơ đã có.\n"
                                   "Validates digitized dossier packages (folders or .zip with manifest.json): manifest "
                                   "schema, mandatory components from the procedure catalog, attached files, "
                                   "digitization quality, the timeline (due date on the working-day calendar, online "
                                   "intake, supplements, apologies for late dossiers) and the digital signatures of the "
                                   "results. Each dossier's result is written as soon as it is done; "
                                   "--resume skips dossiers already in OUT.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="gói hồ sơ hoặc thư mục chứa các gói / packages or folders of packages (walked)")
    p.add_argument("--format", choices=["jsonl", "json", "xlsx", "text", "junit", "sarif"], default="jsonl",
                   help="định dạng kết quả / output format (default jsonl)")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default: stdout)")
    p.add_argument("--resume", action="store_true",
                   help="bỏ qua hồ sơ đã có trong OUT (hoặc OUT.partial.jsonl) / skip dossiers already in OUT")
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default="error",
                   help="mã thoát 1 khi có phát hiện từ mức này / exit 1 on findings at or above this severity")
    p.add_argument("--no-summary", action="store_true", help="không in bảng tổng hợp / no summary tables on stderr")
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                   help="số tiến trình song song / parallel worker processes (default 1)")
    p.add_argument("--as-of", type=_date_arg, metavar="DATE",
                   help="ngày đối chiếu cho hồ sơ đang xử lý (mặc định hôm nay) / reference date (default today)")
    p.add_argument("--trust-roots", metavar="DIR",
                   help="chứng thư gốc tin cậy để kiểm tra chữ ký số của kết quả (mặc định: trust_roots trong tthc.toml); "
                        "không có thì không chữ ký nào được tin cậy / trusted root certificates for the results' "
                        "signatures (default: trust_roots in tthc.toml); without them no signature is trusted")
    p.add_argument("--crl", action="append", metavar="FILE",
                   help="danh sách thu hồi CRL (PEM/DER), lặp lại được / certificate revocation list, repeatable")
    _calendar_option(p)
    p.add_argument("--disable", action="append", metavar="ID",
                   help="tắt kiểm tra theo mã hoặc nhóm / disable a check id, code or family (repeatable), "
                        "vd / e.g. --disable SIG, --disable TIME")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ thông báo / message language")
    p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình / no progress bar")
    p.set_defaults(func=cmd_validate)


def _common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--workers", type=_positive_int, default=1, metavar="N",
                   help="số tiến trình song song / parallel worker processes (default 1)")
    p.add_argument("--dpi", type=_positive_int, metavar="DPI", help="độ phân giải OCR / OCR render resolution (default 300)")
    p.add_argument("--force-ocr", action="store_true", help="OCR mọi trang PDF / OCR every PDF page")
    p.add_argument("--as-of", type=_date_arg, metavar="DATE", help="ngày đối chiếu / reference date for 'already past' checks")
    p.add_argument("--disable", action="append", metavar="ID",
                   help="tắt kiểm tra theo mã hoặc nhóm / disable a check id or family (repeatable)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ thông báo / message language")
    p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình / no progress bar")


# --------------------------------------------------------------------------- check

FAIL_ON = ("error", "warning", "info", "never")


def cmd_check(args: argparse.Namespace) -> int:
    """Ingest + all checks over files and folders, findings as text, JSON, JUnit or SARIF;
    the exit code says whether a finding reached --fail-on."""
    from checks.registry import is_disabled
    from extract.model import severity_rank
    from report import writers

    config = _load_check_config(args)
    disabled = resolve_disabled(list(config.get("disable", [])) + list(args.disable or []))
    fail_on = args.fail_on or config.get("fail_on") or "error"
    as_of = args.as_of or _config_date(config.get("as_of"), config.get("_path"))
    packages: list[str] = []
    items = list(iter_inputs(args.paths, skipped_packages=packages))
    _say_skipped(packages)
    if not items:
        print("tthc: không có tệp nào để kiểm tra / no input files to check", file=sys.stderr)
    roots, crls = _trust_settings(args, config)
    settings = {**_settings(args), "disable": disabled, "as_of": as_of, "trust_roots": roots, "crls": crls}
    ordered = sorted(run_batch(ingest_one, items, settings, args.workers, _show_progress(args, items),
                               "Kiểm tra văn bản / check"), key=lambda r: r["_index"])
    # --disable also silences INPUT.*/PARSE.* findings, which no check emits.
    results = [{"source": r["source"], "kind": r.get("kind") or "directive",
                "extraction": r.get("extraction"),
                "findings": [f for f in r.get("findings", []) if not is_disabled(f["code"], disabled)]}
               for r in ordered]
    failed = fail_on != "never" and any(severity_rank(f["severity"]) >= severity_rank(fail_on)
                                        for r in results for f in r["findings"])
    code = EXIT_FINDINGS if failed else EXIT_OK
    try:
        with writers.open_out(args.output) as out:
            write_check_results(results, out, args.format, lang=args.lang, fail_on=fail_on, exit_code=code)
    except OSError as exc:
        raise UsageError(f"không ghi được kết quả / cannot write the output: {exc}") from exc
    return code


def write_check_results(results: list[dict], out, fmt: str, lang: str = "vi", fail_on: str = "error",
                        exit_code: int | None = None) -> None:
    """The four formats of `tthc check`; also usable by other commands over result dicts."""
    from report.findings_text import count
    if fmt == "text":
        from report.findings_text import write_findings_text
        write_findings_text(results, out, lang=lang)
    elif fmt == "junit":
        from report.junit import write_junit
        write_junit(results, out, fail_on=fail_on, lang=lang)
    elif fmt == "sarif":
        from checks.registry import rule_table
        from report.sarif import write_sarif
        write_sarif(results, rule_table(), out, lang=lang, version=__version__, exit_code=exit_code)
    else:
        json.dump({"tool": "tthc-check", "version": __version__, "fail_on": fail_on,
                   "summary": count(results),
                   "results": [{k: r[k] for k in ("source", "kind", "findings")} for r in results]},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")


def _load_check_config(args: argparse.Namespace) -> dict:
    from checks.config import ConfigError, load_config
    path = Path(args.config) if getattr(args, "config", None) else None
    if path is not None and not path.is_file():
        raise UsageError(f"không tìm thấy tệp cấu hình / config file not found: {path}")
    try:
        return load_config(path)
    except ConfigError as exc:
        raise UsageError(f"tệp cấu hình sai / bad config file: {exc}") from exc


def _config_date(value, where) -> date | None:
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


def cmd_checks_list(args: argparse.Namespace) -> int:
    from checks.registry import rule_table
    from report import writers
    table = rule_table()
    with writers.open_out(getattr(args, "output", None)) as out:
        if args.format == "json":
            json.dump(table, out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif args.format == "markdown":
            out.write(rule_table_markdown(table))
        else:
            _write_rule_table(table, out, args.lang)
    return EXIT_OK


def rule_table_markdown(table: list[dict]) -> str:
    """docs/checks.md: every rule with its severity, legal basis and description (vi, en)."""
    cell = lambda text: str(text).replace("|", "\\|").replace("\n", " ")   # noqa: E731
    lines = ["# Các kiểm tra / Checks", "",
             "Generated by `tthc checks list --format markdown > docs/checks.md`; "
             "the rules are data in `schemas/rules/*.json`. A rule whose basis is not verified is never an error.", "",
             "| code | check | severity | verified | legal basis | mô tả | description |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in table:
        lines.append("| " + " | ".join(cell(x) for x in (
            f"`{r['code']}`", r.get("check") or "—", r["severity"], "yes" if r["verified"] else "**NO**",
            r["basis"], r["title"], r["title_en"])) + " |")
    return "\n".join(lines) + "\n"


def _write_rule_table(table: list[dict], out, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    from report.findings_text import COLORS, LABELS

    vi = lang == "vi"
    console = Console(file=out, highlight=False, width=None if out.isatty() else 200)
    t = Table(show_lines=True, expand=True,
              title="Các kiểm tra của tthc-check" if vi else "tthc-check rules")
    for head in (("Mã", "Code"), ("Kiểm tra", "Check"), ("Mức", "Severity"), ("Xác minh", "Verified"),
                 ("Căn cứ pháp lý", "Legal basis"), ("Mô tả", "Description")):
        t.add_column(head[0] if vi else head[1], ratio=2 if head[1] in ("Legal basis", "Description") else None,
                     no_wrap=head[1] in ("Code", "Severity"))
    for r in table:
        verified = ("có" if vi else "yes") if r["verified"] else ("CHƯA" if vi else "NO")
        first, second = (r["title"], r["title_en"]) if vi else (r["title_en"], r["title"])
        t.add_row(escape(r["code"]), escape(r.get("check") or "—"),
                  f"[{COLORS[r['severity']]}]{LABELS[lang][r['severity']]}[/]", verified,
                  escape(r["basis"]), f"{escape(first)}\n[dim]{escape(second)}[/]")
    console.print(t)
    console.print(f"{len(table)} {'quy tắc' if vi else 'rules'}")


def add_check_parser(sub) -> None:
    p = sub.add_parser("check", help="kiểm tra văn bản theo Nghị định 30/2020 và logic nội tại / check directives",
                       description="Đọc và kiểm tra văn bản (thể thức theo Nghị định 30/2020/NĐ-CP, dẫn chiếu, "
                                   "thời hạn); xuất kết quả cho người đọc hoặc cho CI.\n"
                                   "Reads and checks directives (Decree 30/2020/NĐ-CP format, references, deadlines); "
                                   "writes findings for people or for CI.\n\n"
                                   "Mã thoát / exit codes: 0 không có phát hiện đạt --fail-on / nothing reached "
                                   "--fail-on; 1 có / some did; 2 lỗi cách dùng hoặc môi trường / usage or "
                                   "environment error.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp hoặc thư mục / files or folders (folders are walked)")
    p.add_argument("--format", choices=["text", "json", "junit", "sarif"], default="text",
                   help="text (bảng / table), json, junit (JUnit XML), sarif (SARIF 2.1.0)")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default stdout)")
    p.add_argument("--fail-on", choices=FAIL_ON, default=None,
                   help="mức phát hiện làm thoát mã 1 / lowest severity that exits 1 (default error, or fail_on in config)")
    p.add_argument("--config", metavar="FILE",
                   help="tệp cấu hình / config file (tthc.toml or pyproject.toml with [tool.tthc]; default: nearest one)")
    p.add_argument("--trust-roots", metavar="DIR",
                   help="chứng thư gốc tin cậy; khi có, chữ ký số trong PDF cũng được kiểm tra / "
                        "trusted root certificates; when given, PDF digital signatures are checked too")
    p.add_argument("--crl", action="append", metavar="FILE", help="danh sách thu hồi / CRL file (repeatable)")
    _common_options(p)
    p.set_defaults(func=cmd_check)


def add_checks_parser(sub) -> None:
    p = sub.add_parser("checks", help="liệt kê các kiểm tra / list the checks and their legal basis",
                       description="Các kiểm tra, mức độ và căn cứ pháp lý.\nThe checks, their severity and legal basis.")
    inner = p.add_subparsers(dest="checks_command", metavar="list")
    lst = inner.add_parser("list", help="liệt kê / list",
                           description="Mã, mức, căn cứ pháp lý, đã xác minh hay chưa, mô tả (tiếng Việt và tiếng Anh).\n"
                                       "Code, severity, legal basis, whether it is verified, description (vi and en).",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    lst.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    lst.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ / language")
    lst.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default stdout)")
    lst.set_defaults(func=cmd_checks_list)
    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), EXIT_USAGE)[1])
def _calendar_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--calendar", metavar="FILE",
                   help="tệp lịch riêng (ngày hoán đổi, ngày nghỉ, buổi làm việc; schemas/calendar/calendar.schema.json) / "
                        "your calendar file (swapped days, days off, sessions)")


_DUE_EPILOG = ("Ví dụ / examples:\n"
               "  tthc due --from 2025-01-24T15:00 --in \"05 ngày làm việc\"\n"
               "  tthc due --from 20250124164500 --in \"8 giờ làm việc\" --late-cutoff 60\n"
               "  tthc due --from 2025-03-03 --in \"15 ngày\" --format json")


def add_due_parser(sub) -> None:
    p = sub.add_parser("due", help="tính hạn theo ngày/giờ làm việc / compute a due moment on the working-day calendar",
                       description="Tính thời điểm hết hạn từ thời điểm tiếp nhận và thời hạn (ngày làm việc, giờ làm việc, "
                                   "ngày lịch, tháng), bỏ qua cuối tuần, ngày lễ, ngày nghỉ hoán đổi; buổi làm việc "
                                   "07:00-11:30 và 13:30-17:00.\nComputes the due moment from a reception moment and a "
                                   "duration (working days/hours, calendar days, months), skipping weekends, public "
                                   "holidays and swapped days off; office sessions 07:00-11:30 and 13:30-17:00.",
                       epilog=_DUE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="start", required=True, metavar="MOMENT",
                   help="thời điểm tiếp nhận / reception moment (2025-01-24T15:00, 20250124150000, 24/01/2025 15:00)")
    p.add_argument("--in", dest="duration", required=True, metavar="DURATION",
                   help="thời hạn / duration (\"05 ngày làm việc\", \"8 giờ làm việc\", \"15 ngày\", \"5 working_day\")")
    p.add_argument("--late-cutoff", type=float, default=0, metavar="MIN",
                   help="tiếp nhận trong N phút cuối giờ làm việc thì tính từ ngày làm việc tiếp theo (vd 60) / "
                        "received in the last N minutes of office hours counts from the next working day (e.g. 60)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    _calendar_option(p)
    p.set_defaults(func=cmd_due)


def add_workdays_parser(sub) -> None:
    p = sub.add_parser("workdays", help="đếm ngày làm việc giữa hai ngày / count working days between two dates",
                       description="Đếm ngày làm việc từ START đến END (tính cả hai đầu) và liệt kê ngày nghỉ; với giờ "
                                   "cụ thể thì đếm cả giờ làm việc.\nCounts working days from START to END (both ends "
                                   "included) and lists the days off; with times, also the working hours between.",
                       epilog="Ví dụ / example:  tthc workdays 2025-01-20 2025-02-10",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("start", metavar="START", help="ngày hoặc thời điểm / date or moment")
    p.add_argument("end", metavar="END", help="ngày hoặc thời điểm / date or moment")
    p.add_argument("--format", choices=["text", "json"], default="text")
    _calendar_option(p)
    p.set_defaults(func=cmd_workdays)


def add_stats_parser(sub) -> None:
    p = sub.add_parser("stats", help="tỷ lệ của Bộ chỉ số phục vụ theo đơn vị / service-index rates per unit",
                       description="Tính các tỷ lệ của Bộ chỉ số 766 suy ra được từ hồ sơ (đúng hạn, trực tuyến, thanh toán "
                                   "trực tuyến, số hóa, kết quả điện tử, ...) theo đơn vị, thủ tục hoặc tháng. Đây là tỷ lệ "
                                   "kèm công thức, không phải điểm chính thức (công thức 766 chưa xác minh).\n"
                                   "Computes the service-index (Decision 766) rates that dossiers give (on time, online, "
                                   "online payment, digitization, electronic result, ...) per unit, procedure or month. "
                                   "They are rates with their formula, not official scores (the 766 formulas are "
                                   "unverified).\nInput: JSON array, JSONL, CSV or XLSX exports with the sync field "
                                   "names, dossier folders (manifest.json) or .zip packages.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp xuất hoặc thư mục hồ sơ / exports or dossier folders")
    p.add_argument("--by", choices=["unit", "procedure", "month", "none"], default="unit",
                   help="nhóm theo đơn vị, thủ tục, tháng tiếp nhận / group by unit, procedure, month received")
    p.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (required for xlsx)")
    p.add_argument("--as-of", type=_date_arg, metavar="DATE",
                   help="ngày đối chiếu cho hồ sơ đang xử lý (mặc định hôm nay) / reference date (default today)")
    p.set_defaults(func=cmd_stats)


def add_reconcile_parser(sub) -> None:
    p = sub.add_parser("reconcile", help="đối chiếu hai bản xuất hồ sơ / reconcile two exports of the same dossiers",
                       description="Đối chiếu hai bản xuất của cùng các hồ sơ (hệ thống tỉnh và Cổng DVC quốc gia) theo "
                                   "MaHoSo: hồ sơ chỉ có ở một bên, khác trạng thái hoặc ngày, trễ hạn ở một bên nhưng đúng "
                                   "hạn ở bên kia, và tổng số theo đơn vị đặt cạnh nhau. Mã thoát 1 khi có khác biệt.\n"
                                   "Matches two exports (the provincial system's and the national portal's) by MaHoSo: "
                                   "dossiers on one side only, status or date differences, late on one side but on time "
                                   "on the other, per-unit totals side by side. Exit code 1 when they differ.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("left", metavar="LEFT", help="bản xuất thứ nhất (vd hệ thống tỉnh) / first export (e.g. the province's)")
    p.add_argument("right", metavar="RIGHT", help="bản xuất thứ hai (vd Cổng DVCQG) / second export (e.g. the national portal's)")
    p.add_argument("--left-name", metavar="NAME", help="tên bên trái / label of LEFT (default: file name)")
    p.add_argument("--right-name", metavar="NAME", help="tên bên phải / label of RIGHT (default: file name)")
    p.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (required for xlsx)")
    p.add_argument("--as-of", type=_date_arg, metavar="DATE",
                   help="ngày đối chiếu cho hồ sơ đang xử lý (mặc định hôm nay) / reference date (default today)")
    p.add_argument("--limit", type=_positive_int, default=50, metavar="N",
                   help="số dòng tối đa mỗi danh sách ở dạng text / rows per list in text output (default 50)")
    p.set_defaults(func=cmd_reconcile)


# One line per command; each add_*_parser defines its options and sets func.
COMMANDS = [
    add_ingest_parser,
    add_check_parser,
    add_checks_parser,
    add_signatures_parser,
    add_due_parser,
    add_workdays_parser,
    add_stats_parser,
    add_reconcile_parser,
    add_validate_parser,
]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:          # argparse: --help/--version exit 0, errors exit 2
        return int(exc.code or 0)
    if not getattr(args, "command", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"tthc: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tthc: đã dừng / interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:            # `tthc ... | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
