"""`tthc validate`: digitized dossier packages through the dossier, timeline and signature checks."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Callable

from commands.common import (
    batch_options, catalog_option, EXIT_CODES_HELP, open_output, run_cli_batch, settings_from_args, UsageError, __version__,
)
from commands.pipeline import DossierSettings

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


def cmd_validate(args: argparse.Namespace) -> int:
    from report.summary import Summary, write_summary_text

    fmt = args.format
    writer = _external_writer(fmt) if fmt in EXTERNAL_WRITERS else None
    if fmt == "xlsx" and not args.output:
        raise UsageError("--format xlsx cần -o OUT.xlsx / --format xlsx needs -o OUT.xlsx")
    settings = settings_from_args(DossierSettings, args)
    summary = Summary()
    untrusted = []

    def seen(record: dict, resumed: bool) -> None:
        summary.add(record)
        if not untrusted and any(f.get("code") == "SIG.UNTRUSTED" for f in record.get("findings") or []):
            untrusted.append(record["source"])

    def finish(outcome) -> None:
        records = outcome.records
        if fmt == "json":
            from report.writers import write_json
            with open_output(args.output) as fh:
                write_json(records, fh)
        elif fmt == "xlsx":
            from report.xlsx import write_xlsx
            write_xlsx(records, summary, args.output)
        elif fmt == "csv":
            from report.xlsx import write_csv
            with open_output(args.output) as fh:
                write_csv(records, fh)
        else:
            with open_output(args.output) as fh:
                if fmt == "text":
                    writer(records, fh, lang=settings.lang)
                elif fmt == "junit":
                    writer(records, fh, fail_on=settings.fail_on, lang=settings.lang)
                else:
                    from checks.registry import rule_table
                    writer(records, rule_table(), fh, lang=settings.lang, version=__version__,
                           exit_code=outcome.exit_code)

    code = run_cli_batch("validate", args, settings, fmt, finish, on_record=seen)
    # what went to stdout is out before the notes and tables of stderr, so `2>&1 | less` never
    # shows a table inside a line of JSON
    sys.stdout.flush()
    if untrusted and not settings.trust_roots:
        print(NO_TRUST_ROOTS, file=sys.stderr)
    if not args.no_summary:
        write_summary_text(summary, sys.stderr, settings.lang)
    return code


NO_TRUST_ROOTS = ("tthc: không có --trust-roots nên không chữ ký số nào được tin cậy (SIG.UNTRUSTED); toàn vẹn, sửa đổi "
                  "sau khi ký, cơ quan ký và thời điểm ký vẫn được kiểm tra / no --trust-roots, so no signature can be "
                  "trusted (SIG.UNTRUSTED); integrity, changes after signing, the signer and the signing time are "
                  "still checked")


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
                                   "--resume skips dossiers already in OUT.\n\n" + EXIT_CODES_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="gói hồ sơ hoặc thư mục chứa các gói / packages or folders of packages (walked)")
    p.add_argument("--format", choices=["jsonl", "json", "xlsx", "csv", "text", "junit", "sarif"], default="jsonl",
                   help="định dạng kết quả / output format (default jsonl)")
    p.add_argument("--no-summary", action="store_true", help="không in bảng tổng hợp / no summary tables on stderr")
    catalog_option(p)
    batch_options(p)
    p.set_defaults(func=cmd_validate)
