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

def iter_inputs(paths: Iterable[str], extensions: set[str] = DOCUMENT_EXTENSIONS) -> Iterator[str]:
    """Files given by name always; folders walked recursively for known document types.
    A path that does not exist is still yielded, so it becomes an INPUT.NOT_FOUND finding."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in extensions \
                        and not any(part.startswith(".") for part in child.relative_to(p).parts):
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
    from extract.model import Finding
    try:
        return _ingest(path, settings)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        f = Finding.of("INTERNAL.ERROR", evidence=f"{type(exc).__name__}: {exc}")
        return {"source": path, "kind": "directive", "extraction": None, "text": "",
                "document": None, "tasks": [], "deadlines": [], "references": [],
                "findings": [f.to_dict()]}


def _ingest(path: str, settings: dict) -> dict:
    from checks.registry import Context, run_checks
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
                          subject_date=_iso(directive.date), options={"document": doc})
            findings.extend(run_checks("directive", directive, ctx))
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
    if dossier.manifest is not None:
        day = dossier.date("NgayTiepNhan") or dossier.date("NgayNopHoSo")
        ctx = Context(as_of=settings.get("as_of"), disabled=disabled, subject_date=day.date() if day else None)
        findings.extend(run_checks("dossier", dossier, ctx))
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
        "seconds": round(time.perf_counter() - start, 4),
        "findings": [f.to_dict() for f in findings],
    }


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
    from extract.model import Finding
    f = Finding.of("INTERNAL.ERROR", evidence=f"{type(exc).__name__}: {exc}")
    return {"source": path, "findings": [f.to_dict()]}


def strip_private(result: dict) -> dict:
    return {k: v for k, v in result.items() if not k.startswith("_")}


# --------------------------------------------------------------------------- commands

def cmd_ingest(args: argparse.Namespace) -> int:
    from report import writers

    items = list(iter_inputs(args.paths))
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
VALIDATE_PRELOAD = ["extract.dossier", "checks.components", "checks.digitization", "pypdfium2", "PIL.Image",
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
    settings = _settings(args)
    # Dossiers take milliseconds: send them to the workers in chunks, small enough to
    # keep every worker busy to the end and to lose little to an interruption.
    chunk = max(1, min(16, len(todo) // (8 * args.workers)))
    results = run_batch(validate_one, todo, settings, args.workers, _show_progress(args, todo),
                        "Kiểm tra hồ sơ / validate", chunk=chunk, preload=VALIDATE_PRELOAD)
    mode = "a" if args.resume else "w"
    with (_open_journal(journal, mode) if journal else writers.open_out(None)) as out:
        for r in results:
            record = strip_private(r)
            summary.add(record)
            worst = max(worst, _worst(record))
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
    if not args.no_summary:
        write_summary_text(summary, sys.stderr, args.lang)
    return code


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
    return {"load": load, "as_of": getattr(args, "as_of", None),
            "disable": list(getattr(args, "disable", None) or [])}


def _show_progress(args: argparse.Namespace, items: list) -> bool:
    if getattr(args, "no_progress", False):
        return False
    return len(items) > 1 and sys.stderr.isatty()


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


def add_validate_parser(sub) -> None:
    p = sub.add_parser("validate", help="kiểm tra hồ sơ TTHC số hóa / validate digitized dossiers",
                       description="Kiểm tra các gói hồ sơ TTHC số hóa (thư mục hoặc .zip có manifest.json): lược đồ "
                                   "manifest, thành phần hồ sơ bắt buộc theo danh mục thủ tục, tệp đính kèm, chất lượng "
                                   "số hóa. Kết quả từng hồ sơ được ghi ngay khi xong; --resume bỏ qua hồ sơ đã có.\n"
                                   "Validates digitized dossier packages (folders or .zip with manifest.json): manifest "
                                   "schema, mandatory components from the procedure catalog, attached files, "
                                   "digitization quality. Each dossier's result is written as soon as it is done; "
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
    p.add_argument("--as-of", type=_date_arg, metavar="DATE", help="ngày đối chiếu / reference date")
    p.add_argument("--disable", action="append", metavar="ID",
                   help="tắt kiểm tra theo mã hoặc nhóm / disable a check id, code or family (repeatable)")
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


# One line per command; each add_*_parser defines its options and sets func.
COMMANDS = [
    add_ingest_parser,
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


if __name__ == "__main__":
    sys.exit(main())
