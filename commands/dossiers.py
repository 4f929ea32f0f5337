"""`tthc validate`: digitized dossier packages through the dossier, timeline and signature checks."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from commands.common import (
    batch_settings, calendar_file, calendar_option, date_arg, EXIT_FINDINGS, EXIT_OK,
    iter_dossiers, load_calendar, positive_int, run_batch, SEVERITY_ORDER, show_progress,
    strip_private, trust_settings, UsageError, __version__, worst_severity,
)


def validate_one(path: str, settings: dict) -> dict:
    """read package -> checks for one dossier; returns its result dict. Never raises:
    an unexpected error becomes an INTERNAL.ERROR finding."""
    from extract.dossier.personal import mask_record
    from extract.model import Finding
    from report.journal import source_key
    try:
        return _validate(path, settings)
    except Exception as exc:  # noqa: BLE001 - one bad dossier must not stop a batch
        f = Finding.of("INTERNAL.ERROR", evidence=f"{type(exc).__name__}: {exc}")
        return mask_record({"source": path, "source_id": source_key(path), "kind": "dossier", "MaHoSo": None,
                            "MaTTHC": None, "DonViXuLy": None, "findings": [f.to_dict()]}, keep={"source_id"})


def _validate(path: str, settings: dict) -> dict:
    import time

    from checks.registry import Context, is_disabled, run_checks
    from extract.dossier.package import DossierOptions, load_dossier
    from extract.dossier.personal import mask_record, personal_values
    from report.journal import source_key

    start = time.perf_counter()
    dossier = load_dossier(path, DossierOptions(signature_reader=_signature_reader()))
    disabled = frozenset(settings.get("disable", ()))
    findings = [f for f in dossier.findings if not is_disabled(f.code, disabled)]
    on_time = None
    if isinstance(dossier.manifest, dict):
        from checks.timeline import classification
        from extract.dossier.timeline import timeline_of
        # The rules in force on the reception day apply (the _ND118 regime switch relies on it).
        ctx = Context(as_of=settings.get("as_of"), disabled=disabled,
                      subject_date=timeline_of(dossier.manifest, scalars_only=True).reception_day,
                      options={"calendar": _worker_calendar(settings.get("calendar")),
                               "trust_roots": settings.get("trust_roots"), "crls": settings.get("crls") or []})
        findings.extend(run_checks("dossier", dossier, ctx))
        on_time = classification(dossier, ctx)
    m = dossier.manifest or {}
    proc = dossier.procedure
    # Every string of the record is masked (source path, MaHoSo, DonViXuLy, findings ...);
    # source_id, a digest of the path, lets --resume match it to its input.
    return mask_record({
        "source": path,
        "source_id": source_key(path),
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
    }, personal_values(dossier.manifest), keep={"source_id"})


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
        from extract.signatures import pdfsig  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(pdfsig, "read_signatures", None)


# Report formats written by other modules, generic over result dicts.
EXTERNAL_WRITERS = {"text": ("report.findings_text", "write_findings_text"),
                    "junit": ("report.junit", "write_junit"),
                    "sarif": ("report.sarif", "write_sarif")}


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
VALIDATE_PRELOAD = ["extract.dossier.package", "checks.components", "checks.digitization", "checks.timeline",
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
            worst = max(worst, worst_severity(record))
    settings = {**batch_settings(args), **_validate_settings(args)}
    # Dossiers take milliseconds: send them to the workers in chunks, small enough to
    # keep every worker busy to the end and to lose little to an interruption.
    chunk = max(1, min(16, len(todo) // (8 * args.workers)))
    results = run_batch(validate_one, todo, settings, args.workers, show_progress(args, todo),
                        "Kiểm tra hồ sơ / validate", chunk=chunk, preload=VALIDATE_PRELOAD)
    mode = "a" if args.resume else "w"
    untrusted = False
    with (_open_journal(journal, mode) if journal else writers.open_out(None)) as out:
        for r in results:
            record = strip_private(r)
            summary.add(record)
            worst = max(worst, worst_severity(record))
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
                writers.write_json(ordered, fh)
        elif fmt == "xlsx":
            from report.xlsx import write_xlsx
            write_xlsx(ordered, summary, args.output)
        elif fmt == "csv":
            from report.xlsx import write_csv
            with writers.open_out(args.output) as fh:
                write_csv(ordered, fh)
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
    roots, crls = trust_settings(args, config)
    return {"calendar": calendar, "trust_roots": roots, "crls": crls}


NO_TRUST_ROOTS = ("tthc: không có --trust-roots nên không chữ ký số nào được tin cậy (SIG.UNTRUSTED); toàn vẹn, sửa đổi "
                  "sau khi ký, cơ quan ký và thời điểm ký vẫn được kiểm tra / no --trust-roots, so no signature can be "
                  "trusted (SIG.UNTRUSTED); integrity, changes after signing, the signer and the signing time are "
                  "still checked")


def _open_journal(path: Path, mode: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open(mode, encoding="utf-8", newline="\n")


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
    p.add_argument("--format", choices=["jsonl", "json", "xlsx", "csv", "text", "junit", "sarif"], default="jsonl",
                   help="định dạng kết quả / output format (default jsonl)")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default: stdout)")
    p.add_argument("--resume", action="store_true",
                   help="bỏ qua hồ sơ đã có trong OUT (hoặc OUT.partial.jsonl) / skip dossiers already in OUT")
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"], default="error",
                   help="mã thoát 1 khi có phát hiện từ mức này / exit 1 on findings at or above this severity")
    p.add_argument("--no-summary", action="store_true", help="không in bảng tổng hợp / no summary tables on stderr")
    p.add_argument("--workers", type=positive_int, default=1, metavar="N",
                   help="số tiến trình song song / parallel worker processes (default 1)")
    p.add_argument("--as-of", type=date_arg, metavar="DATE",
                   help="ngày đối chiếu cho hồ sơ đang xử lý (mặc định hôm nay) / reference date (default today)")
    p.add_argument("--trust-roots", metavar="DIR",
                   help="chứng thư gốc tin cậy để kiểm tra chữ ký số của kết quả (mặc định: trust_roots trong tthc.toml); "
                        "không có thì không chữ ký nào được tin cậy / trusted root certificates for the results' "
                        "signatures (default: trust_roots in tthc.toml); without them no signature is trusted")
    p.add_argument("--crl", action="append", metavar="FILE",
                   help="danh sách thu hồi CRL (PEM/DER), lặp lại được / certificate revocation list, repeatable")
    calendar_option(p)
    p.add_argument("--disable", action="append", metavar="ID",
                   help="tắt kiểm tra theo mã hoặc nhóm / disable a check id, code or family (repeatable), "
                        "vd / e.g. --disable SIG, --disable TIME")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ thông báo / message language")
    p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình / no progress bar")
    p.set_defaults(func=cmd_validate)
