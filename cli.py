"""tthc — the one command of tthc-check. `python cli.py ...` is the same as `tthc ...`.

This module builds the command line from the commands/ package (one module per family of
commands) and runs it; commands/ is the only place that wires extract -> checks -> report.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or environment error.
"""
from __future__ import annotations

import argparse
import os
import sys

# Tesseract's environment (one OpenMP thread per call) is set per call by extract/load/tesseract.py.

from commands.common import EXIT_OK, EXIT_USAGE, UsageError, __version__
from commands.directives import add_check_parser, add_checks_parser, add_ingest_parser
from commands.dossiers import add_validate_parser
from commands.signatures import add_signatures_parser
from commands.timeline import add_due_parser, add_reconcile_parser, add_stats_parser, add_workdays_parser


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
