"""tthc — the one command of tthc-check. `python cli.py ...` is the same as `tthc ...`.

This module builds the command line from the commands/ package (one module per family of
commands) and runs it; commands/ is the only place that wires extract -> checks -> report.
Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage or environment error.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
from contextlib import contextmanager

from commands.cliparser import Parser
from commands.common import EXIT_OK, EXIT_USAGE, UsageError, __version__
from commands.pipeline import EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated
from commands.directives import add_check_parser, add_checks_parser, add_ingest_parser
from commands.dossiers import add_validate_parser
from commands.procedures import add_procedures_parser
from commands.register import add_register_parser, add_report_parser, add_tasks_parser
from commands.signatures import add_signatures_parser
from commands.timeline import (
    add_calendar_parser, add_due_parser, add_reconcile_parser, add_stats_parser, add_workdays_parser,
)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="tthc",
        description="tthc-check: đọc và kiểm tra văn bản chỉ đạo, hồ sơ TTHC số hóa và chữ ký số.\n"
                    "Reads and checks directives, digitized TTHC dossiers and digital signatures.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"tthc-check {__version__}",
                        help="in số phiên bản rồi thoát / show the version and exit")
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
    add_calendar_parser,
    add_stats_parser,
    add_reconcile_parser,
    add_validate_parser,
    add_procedures_parser,
    add_register_parser,
    add_tasks_parser,
    add_report_parser,
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
        with sigterm_stops():
            return args.func(args)
    except UsageError as exc:          # also an output that cannot be written (OutputError)
        from extract.dossier.personal import mask_text
        print(f"tthc: {mask_text(str(exc))}", file=sys.stderr)    # a path given may hold an identifier
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("tthc: đã dừng / interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("tthc: đã dừng (SIGTERM) / terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:            # `tthc ... | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


@contextmanager
def sigterm_stops():
    """SIGTERM stops a command the way Ctrl-C does: the runner stops its workers and leaves its
    journal with whole lines only (only in the main thread, where signals are delivered)."""
    import threading
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Terminated()
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
