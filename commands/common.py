"""What the command modules share: option types, the options every batch command has (one
definition, so every command spells and documents them the same way), the settings of a
command line (resolved by commands/settings.py like every other source), outputs that fail
with exit 2, and the version."""
from __future__ import annotations

import argparse
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import IO, Iterator

from commands.pipeline import (  # noqa: F401 - re-exported for the command modules
    EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, FAIL_ON, OutputError, Terminated, UsageError,
)
from commands.settings import LIMIT_NAMES, Settings, parse_day, parse_limit_option, parse_time, resolve

__version__ = "0.1.0"

EXIT_CODES_HELP = ("Mã thoát / exit codes: 0 không có phát hiện đạt --fail-on / nothing reached --fail-on; 1 có / "
                   "some did; 2 lỗi cách dùng, cấu hình hoặc ghi kết quả, đường dẫn không tồn tại hoặc không có đầu "
                   "vào / a usage, configuration or output error, a path that does not exist or holds no input; "
                   "130/143 dừng giữa chừng / interrupted (SIGINT/SIGTERM).")


# --------------------------------------------------------------------------- option types

def date_arg(value: str) -> date:
    day = parse_day(value)
    if day is None:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ / invalid date: {value!r} (dd/mm/yyyy hoặc / or YYYY-MM-DD)")
    return day


def datetime_arg(value: str):
    from datetime import timedelta, timezone
    moment = parse_time(value)
    if moment is None:
        raise argparse.ArgumentTypeError(
            f"thời điểm không hợp lệ / invalid date-time: {value!r} "
            f"(dd/mm/yyyy [HH:MM] hoặc / or YYYY-MM-DD[THH:MM[:SS][+07:00]])")
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone(timedelta(hours=7)))


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"cần số nguyên dương / must be a positive integer: {value!r}")
    return n


# --------------------------------------------------------------------------- shared options

def config_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", metavar="FILE",
                   help="tệp cấu hình, đọc thay cho tthc.toml gần nhất / config file read instead of the nearest "
                        "tthc.toml or pyproject.toml [tool.tthc]")


def calendar_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--calendar", metavar="FILE",
                   help="tệp lịch riêng (ngày hoán đổi, ngày nghỉ, buổi làm việc; schemas/calendar/calendar.schema.json) / "
                        "your calendar file (swapped days, days off, sessions)")


def catalog_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--catalog", metavar="DIR",
                   help="thư mục danh mục thủ tục của tỉnh (thêm hoặc thay thủ tục có sẵn; component_codes.json chuyển "
                        "mã thành phần) / the province's procedure folder (adds to or replaces shipped procedures; "
                        "component_codes.json maps component codes); default: catalog in tthc.toml")


def as_of_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", type=date_arg, metavar="DATE",
                   help="ngày đối chiếu (mặc định hôm nay) / reference date (default today)")


def batch_options(p: argparse.ArgumentParser, *, as_of: bool = True, calendar: bool = True,
                  output_help: str = "tệp kết quả / output file (default stdout)") -> None:
    """The options of every batch command (ingest, check, validate, signatures)."""
    p.add_argument("-o", "--output", metavar="OUT", help=output_help)
    p.add_argument("--resume", action="store_true", default=None,
                   help="bỏ qua đầu vào đã có trong OUT (hoặc OUT.partial.jsonl) của lần chạy trước / "
                        "skip inputs already in OUT (or OUT.partial.jsonl) of an interrupted run")
    p.add_argument("--fail-on", choices=FAIL_ON, default=None,
                   help="mã thoát 1 khi có phát hiện từ mức này / exit 1 on findings at or above this severity "
                        "(default error, or fail_on in the config)")
    p.add_argument("--disable", action="append", metavar="ID",
                   help="tắt kiểm tra theo mã, mã kiểm tra hoặc nhóm (lặp lại được; cộng thêm vào disable của tệp "
                        "cấu hình) / disable a finding code, check id or family (repeatable; adds to the config's)")
    config_option(p)
    if as_of:
        as_of_option(p)
    if calendar:
        calendar_option(p)
    p.add_argument("--trust-roots", metavar="DIR",
                   help="chứng thư gốc tin cậy (thư mục hoặc tệp) để kiểm tra chữ ký số / trusted root certificates "
                        "(folder or file) for digital signatures (default: trust_roots in the config)")
    p.add_argument("--existence-records", metavar="FILE",
                   help="bản ghi tin cậy về thời điểm tệp đã tồn tại (JSON: sha256, time, source), bằng chứng thời "
                        "điểm ký / trusted records of when files existed (JSON list of sha256, time, source): a proof "
                        "of the signing time")
    p.add_argument("--crl", action="append", metavar="FILE",
                   help="danh sách thu hồi CRL (PEM/DER), lặp lại được / certificate revocation list, repeatable")
    p.add_argument("--workers", type=positive_int, default=None, metavar="N",
                   help="số tiến trình song song, tối đa bằng số CPU / parallel workers, capped at the CPU count "
                        "(default 1)")
    p.add_argument("--force-workers", action="store_true", default=None,
                   help="cho phép nhiều tiến trình hơn số CPU / allow more workers than CPUs")
    executor_option(p)
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="bộ lập lịch Dask / a Dask scheduler, e.g. tcp://host:8786 (implies --executor dask)")
    p.add_argument("--limit", action="append", dest="limit_options", metavar="NAME=VALUE",
                   help="giới hạn tài nguyên / a resource limit: " + ", ".join(LIMIT_NAMES)
                        + " (tthc.toml [limits])")
    p.add_argument("--lang", choices=["vi", "en"], default=None, help="ngôn ngữ thông báo / message language")
    p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình / no progress bar")


def executor_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--executor", choices=("auto", "serial", "process", "dask"), default=None,
                   help="cách chạy song song / how to run: auto (serial for one worker, else process), serial, "
                        "process (a hard time limit even with one worker), dask (a Dask LocalCluster; "
                        "pip install 'tthc-check[dask]')")


def directive_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dpi", type=positive_int, metavar="DPI", help="độ phân giải OCR / OCR render resolution (default 300)")
    p.add_argument("--force-ocr", action="store_true", default=None, help="OCR mọi trang PDF / OCR every PDF page")
    p.add_argument("--one-document", action="store_true",
                   help="các ảnh trang (hoặc thư mục ảnh, theo thứ tự tên) là MỘT văn bản / the page images "
                        "given (or a folder of them, in natural name order) are ONE document")


# --------------------------------------------------------------------------- settings of a command line



def settings_from_args(cls: type[Settings], args: argparse.Namespace) -> Settings:
    """The settings of family `cls` from a parsed command line, over the config file and the
    defaults; prints what resolution changed (a capped --workers) to stderr."""
    given = {}
    names = set(cls.__dataclass_fields__)
    for name, value in vars(args).items():
        if name in names and name not in ("config", "notes", "limits"):
            given[name] = value
    if getattr(args, "limit_options", None):
        given["limits"] = dict(parse_limit_option(x) for x in args.limit_options)
    settings = resolve(cls, given, config=getattr(args, "config", None))
    for note in settings.notes:
        print(note, file=sys.stderr)
    return settings


def show_progress(args: argparse.Namespace, count: int) -> bool:
    if getattr(args, "no_progress", False):
        return False
    return count > 1 and sys.stderr.isatty()


def say_skipped(packages: list[str]) -> None:
    if packages:
        print(f"tthc: bỏ qua {len(packages)} gói hồ sơ (thư mục có manifest.json; kiểm tra bằng `tthc validate`) / "
              f"skipped {len(packages)} dossier packages (folders with manifest.json; check them with "
              f"`tthc validate`)", file=sys.stderr)


def say_problems(problems: list[str]) -> None:
    from extract.dossier.personal import mask_text
    for p in problems:
        print(f"tthc: {mask_text(p)}", file=sys.stderr)


# --------------------------------------------------------------------------- outputs

def check_output(path: str | None) -> None:
    """Fail early (exit 2) when OUT cannot be a file: a folder, or a place that cannot be written."""
    if not path or path == "-":
        return
    p = Path(path)
    if p.is_dir():
        raise OutputError(f"không ghi được / cannot write {path}: là thư mục / is a directory")
    if p.parent.exists() and not p.parent.is_dir():
        raise OutputError(f"không ghi được / cannot write {path}: {p.parent} không phải thư mục / is not a directory")


@contextmanager
def output_errors(path: str | None) -> Iterator[None]:
    """Any error of the output itself (a folder, no permission, a full disk) becomes an
    OutputError: exit 2 with a message, never a traceback. Wraps every command's writing."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = exc.filename or (path if path and path != "-" else "stdout")
        raise OutputError.of(where, exc) from None


@contextmanager
def open_output(path: str | None) -> Iterator[IO[str]]:
    """stdout for None or '-', else the file (parent folders created), under output_errors."""
    from report.writers import open_out
    with output_errors(path), open_out(path) as out:
        yield out


def journal_path(output: str | None, fmt: str) -> Path | None:
    """Where a batch streams its records: OUT itself for jsonl, else OUT.partial.jsonl, which
    the final writer reads and then removes (none for stdout)."""
    if not output or output == "-":
        return None
    return Path(output) if fmt == "jsonl" else Path(output + ".partial.jsonl")


# --------------------------------------------------------------------------- the batch of a command line

def run_cli_batch(command: str, args: argparse.Namespace, settings: Settings, fmt: str, finish=None, *,
                  to_dict=None, on_record=None, journal: Path | None | bool = True) -> int:
    """A batch command line: inputs found the same way for every command, records streamed as
    each finishes (to OUT for jsonl, else to OUT.partial.jsonl, or to stdout for jsonl without
    OUT), `finish(outcome)` writing the final format, and the exit code. A named path that does
    not exist or holds no input is exit 2 with a message, after the other inputs are done."""
    from commands.pipeline import SUBJECTS, one_document, run_batch, write_line

    if journal is True:
        check_output(args.output)
        journal = journal_path(args.output, fmt)
    if args.resume and not journal:
        raise UsageError("--resume cần -o OUT (tệp kết quả của lần chạy trước) / "
                         "--resume needs -o OUT (the previous run's output)")
    inputs = SUBJECTS[command].find(args.paths) if not getattr(args, "one_document", False) \
        else one_document(args.paths)
    say_skipped(inputs.skipped_packages)
    if not inputs.items:
        raise UsageError("; ".join(inputs.problems()) or "không có đầu vào / no input")
    stdout_lines = fmt == "jsonl" and journal is None

    def seen(record: dict, resumed: bool) -> None:
        if stdout_lines and not resumed:
            write_line(sys.stdout, record)
        if on_record:
            on_record(record, resumed)
    try:
        outcome = run_batch(command, inputs, settings, journal=journal, resume=bool(args.resume),
                            keep=fmt != "jsonl", on_record=seen, progress=show_progress(args, len(inputs.items)),
                            to_dict=to_dict)
    except (KeyboardInterrupt, Terminated):
        if journal:
            print(f"tthc: đã dừng; kết quả đã xong nằm trong {journal}, chạy lại với --resume để tiếp tục / "
                  f"stopped; the finished records are in {journal}, run again with --resume to go on",
                  file=sys.stderr)
        raise
    if fmt != "jsonl" and finish is not None:
        with output_errors(args.output):
            finish(outcome)
        if journal and journal.exists():
            journal.unlink()
    say_problems(inputs.problems())
    return outcome.exit_code
