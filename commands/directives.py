"""`tthc ingest`, `tthc check`, `tthc checks list`: directives through load -> parse -> checks -> report."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from commands.common import (
    batch_options, directive_options, EXIT_CODES_HELP, EXIT_OK, EXIT_USAGE, open_output, output_errors, run_cli_batch, settings_from_args,
    __version__,
)
from commands.pipeline import DirectiveSettings


def cmd_ingest(args: argparse.Namespace) -> int:
    """Directives into the output contract's JSON: one document, a list, JSON Lines, a folder of
    one JSON per input (written as each finishes), or a readable summary."""
    from report import writers

    settings = settings_from_args(DirectiveSettings, args)
    folder = args.output and (Path(args.output).is_dir() or args.output.endswith(os.sep))
    if folder:
        names: dict[str, str] = {}

        def write_file(record: dict, resumed: bool) -> None:
            with output_errors(args.output):
                writers.write_json_file(record, Path(args.output), names)
        return run_cli_batch("ingest", args, settings, "folder", journal=None, on_record=write_file)

    def finish(outcome) -> None:
        records = outcome.records
        if args.format == "json":
            with open_output(args.output) as out:
                writers.write_json(records[0] if len(records) == 1 else records, out)
        else:
            with open_output(args.output) as out:
                writers.write_ingest_text(records, out, lang=settings.lang)
    return run_cli_batch("ingest", args, settings, args.format, finish)


def add_ingest_parser(sub) -> None:
    p = sub.add_parser("ingest", help="đọc văn bản thành dữ liệu có cấu trúc / parse directives into JSON",
                       description="Đọc văn bản (PDF có lớp chữ, PDF scan, ảnh, DOCX, văn bản thuần) và "
                                   "trích xuất tiêu đề, nhiệm vụ, thời hạn, văn bản viện dẫn.\n"
                                   "Reads directives (text PDF, scanned PDF, images, DOCX, plain text) into "
                                   "structured JSON: header, tasks, deadlines, references, findings.\n\n" + EXIT_CODES_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="FILE", help="tệp hoặc thư mục / files or folders (folders are walked)")
    p.add_argument("--format", choices=["json", "jsonl", "text"], default="json",
                   help="json (mặc định / default), jsonl (một dòng mỗi tệp / one line per file), text (bảng đọc được: "
                        "tiêu đề và nhiệm vụ / a readable table: header and tasks)")
    batch_options(p, output_help="tệp kết quả, hoặc thư mục (một JSON cho mỗi tệp, ghi ngay khi xong) / output file, "
                                 "or a folder for one JSON per input (written as each is done)")
    directive_options(p)
    p.set_defaults(func=cmd_ingest)


def cmd_check(args: argparse.Namespace) -> int:
    """Ingest + all checks over files and folders, findings as text, JSON, JSON Lines, JUnit or
    SARIF; each file's record is written as soon as it is done."""
    settings = settings_from_args(DirectiveSettings, args)

    def finish(outcome) -> None:
        with open_output(args.output) as out:
            write_check_results(outcome.records, out, args.format, lang=settings.lang, fail_on=settings.fail_on,
                                exit_code=outcome.exit_code)
    return run_cli_batch("check", args, settings, args.format, finish, to_dict=lambda r: r.brief())


def write_check_results(results: list[dict], out, fmt: str, lang: str = "vi", fail_on: str = "error",
                        exit_code: int | None = None) -> None:
    """The formats of `tthc check`; also usable by other commands over result dicts."""
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
        from report.writers import write_json
        write_json({"tool": "tthc-check", "version": __version__, "fail_on": fail_on, "summary": count(results),
                    "results": [{k: r[k] for k in ("source", "kind", "findings")} for r in results]}, out)


def cmd_checks_list(args: argparse.Namespace) -> int:
    from checks.registry import rule_table
    from report.rules_list import rules_markdown, write_rules_table, write_rules_text
    table = rule_table()
    with open_output(getattr(args, "output", None)) as out:
        if args.format == "json":
            json.dump(table, out, ensure_ascii=False, indent=2)
            out.write("\n")
        elif args.format == "markdown":
            out.write(rules_markdown(table))
        elif args.long:
            write_rules_table(table, out, args.lang)
        else:
            write_rules_text(table, out, args.lang)
    return EXIT_OK


def add_check_parser(sub) -> None:
    p = sub.add_parser("check", help="kiểm tra văn bản theo Nghị định 30/2020 và logic nội tại / check directives",
                       description="Đọc và kiểm tra văn bản (thể thức theo Nghị định 30/2020/NĐ-CP, dẫn chiếu, "
                                   "thời hạn); xuất kết quả cho người đọc hoặc cho CI. Kết quả từng tệp được ghi "
                                   "ngay khi xong (OUT, hoặc OUT.partial.jsonl đến khi xong cả lô).\n"
                                   "Reads and checks directives (Decree 30/2020/NĐ-CP format, references, deadlines); "
                                   "writes findings for people or for CI. Each file's record is written as soon as it "
                                   "is done (to OUT, or to OUT.partial.jsonl until the batch is done).\n\n"
                                   + EXIT_CODES_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp hoặc thư mục / files or folders (folders are walked)")
    p.add_argument("--format", choices=["text", "json", "jsonl", "junit", "sarif"], default="text",
                   help="text (bảng, mặc định / a table, the default), json, jsonl (một dòng mỗi tệp / one line "
                        "per file), junit (JUnit XML), sarif (SARIF 2.1.0)")
    batch_options(p)
    directive_options(p)
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
    lst.add_argument("--long", action="store_true",
                     help="một bảng rộng, mỗi trường một cột (cho màn hình rộng hoặc tệp) / one wide table, "
                          "a column per field (for a wide terminal or a file)")
    lst.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default stdout)")
    lst.set_defaults(func=cmd_checks_list)
    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), EXIT_USAGE)[1])
