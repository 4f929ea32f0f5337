"""`tthc ingest`, `tthc check`, `tthc checks list`: directives through load -> parse -> checks -> report."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from commands.common import (
    batch_settings, common_options, config_date, crashed, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE,
    FAIL_ON, iso_date, iter_inputs, load_check_config, resolve_disabled, run_batch, say_skipped,
    show_progress, strip_private, trust_settings, UsageError, __version__,
)


def ingest_one(path: str | list, settings: dict) -> dict:
    """load -> parse -> checks for one directive file (or a list of page images read as one
    document); returns the output-contract dict. Never raises: an unexpected error becomes an
    INTERNAL.ERROR finding."""
    try:
        return _ingest(path, settings)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        return crashed(path if isinstance(path, str) else " + ".join(map(str, path)), exc)


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
                          subject_date=iso_date(directive.date), options={"document": doc, "calendar": default_calendar()})
            findings.extend(run_checks("directive", directive, ctx))
    if doc.kind == "pdf" and settings.get("trust_roots") and doc.pages:
        findings.extend(_signature_findings(path, settings))
    return {
        "source": doc.source,
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
    from extract.signatures.pdfsig import read_signatures

    ctx = Context(disabled=frozenset(settings.get("disable", ())),
                  options={"trust_roots": settings["trust_roots"], "crls": settings.get("crls", []),
                           "signature_required": False})
    return [f for f in run_checks("pdf", read_signatures(path), ctx) if not f.code.startswith("INPUT.")]


def cmd_ingest(args: argparse.Namespace) -> int:
    from report import writers

    packages: list[str] = []
    items = list(iter_inputs(args.paths, skipped_packages=packages)) if not args.one_document \
        else _one_document(args.paths)
    say_skipped(packages)
    if not items:
        raise UsageError("không có tệp nào để xử lý / no input files")
    settings = batch_settings(args)
    results = run_batch(ingest_one, items, settings, args.workers, show_progress(args, items),
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


def _one_document(paths: list[str]) -> list:
    """--one-document: the page images named (folders: their images in natural name order) as
    one item, read as one document."""
    from extract.load import page_images
    pages = page_images(paths)
    return [pages] if pages else []


def _one_document_option(p) -> None:
    p.add_argument("--one-document", action="store_true",
                   help="các ảnh trang (hoặc thư mục ảnh, theo thứ tự tên) là MỘT văn bản / the page images "
                        "given (or a folder of them, in natural name order) are ONE document")


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
    common_options(p)
    _one_document_option(p)
    p.set_defaults(func=cmd_ingest)


def cmd_check(args: argparse.Namespace) -> int:
    """Ingest + all checks over files and folders, findings as text, JSON, JUnit or SARIF;
    the exit code says whether a finding reached --fail-on."""
    from checks.registry import is_disabled
    from extract.model import severity_rank
    from report import writers

    config = load_check_config(args)
    disabled = resolve_disabled(list(config.get("disable", [])) + list(args.disable or []))
    fail_on = args.fail_on or config.get("fail_on") or "error"
    as_of = args.as_of or config_date(config.get("as_of"), config.get("_path"))
    packages: list[str] = []
    items = list(iter_inputs(args.paths, skipped_packages=packages)) if not args.one_document \
        else _one_document(args.paths)
    say_skipped(packages)
    if not items:
        print("tthc: không có tệp nào để kiểm tra / no input files to check", file=sys.stderr)
    roots, crls = trust_settings(args, config)
    settings = {**batch_settings(args), "disable": disabled, "as_of": as_of, "trust_roots": roots, "crls": crls}
    ordered = sorted(run_batch(ingest_one, items, settings, args.workers, show_progress(args, items),
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
    common_options(p)
    _one_document_option(p)
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
