"""Typed settings of every command, resolved one way: command line > --config FILE (read
instead of the nearest file) > the nearest tthc.toml, or [tool.tthc] of the nearest
pyproject.toml > defaults.

    # tthc.toml
    disable = ["ND30.SUBJECT_TRAILING_PERIOD", "SIG"]   # codes, check ids or families
    fail_on = "warning"                                 # error | warning | info | never
    as_of = 2025-01-01
    calendar = "lich-tinh.json"                         # paths are relative to this file
    catalog = "danh-muc"                                # the province's procedures (tthc validate, tthc procedures)
    trust_roots = "pki/roots"
    crl = ["pki/ca.crl"]
    workers = 2
    executor = "process"                                # auto | serial | process | dask
    db = "so-theo-doi.db"                               # the register: an SQLite file, or postgresql://…
    [limits]
    file_seconds = 300
    pages = 500

`--disable` adds to the file's list; every other command-line value replaces the file's. Each
command reads the settings of its family (`DirectiveSettings`, `DossierSettings`,
`SignatureSettings`); a key of another family is ignored, an unknown key is an error.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

from extract.load.limits import Limits

FAIL_ON = ("error", "warning", "info", "never")
EXECUTORS = ("auto", "serial", "process", "dask")
LANGS = ("vi", "en")
VN = timezone(timedelta(hours=7))


class UsageError(Exception):
    """A mistake in how a command was called or configured (exit code 2)."""


# The readers' limits and the runner's, one table: `file_seconds` is enforced by the executor
# (a file still running then is stopped and reported as INPUT.TIME_LIMIT), the others by the loaders.
RunLimits = Limits


@dataclass(frozen=True)
class Settings:
    """What every batch command shares."""
    disable: tuple[str, ...] = ()              # canonical check ids, codes and families
    fail_on: str = "error"
    as_of: date | None = None                  # reference day (None: today)
    calendar: str | None = None                # the user's working-day calendar file
    trust_roots: str | None = None             # folder or file of trusted root certificates
    crl: tuple[str, ...] = ()                  # CRL files
    existence_records: str | None = None       # trusted records of existence (JSON; extract/signatures/pki.py)
    lang: str = "vi"
    limits: RunLimits = field(default_factory=RunLimits)
    workers: int = 1
    force_workers: bool = False                # more workers than CPUs (capped otherwise)
    executor: str = "auto"                     # auto: serial for one worker, else process
    scheduler: str | None = None               # a Dask scheduler address (tcp://host:8786)
    config: str | None = None                  # the file these settings were read from
    notes: tuple[str, ...] = field(default=(), compare=False)   # what resolution changed, for stderr

    def enabled(self, code_or_id: str) -> bool:
        from checks.registry import is_disabled
        return not is_disabled(code_or_id, self.disable)

    @property
    def executor_kind(self) -> str:
        if self.executor != "auto":
            return self.executor
        if self.scheduler:
            return "dask"
        return "process" if self.workers > 1 else "serial"


@dataclass(frozen=True)
class DirectiveSettings(Settings):
    """`tthc ingest`, `tthc check`."""
    dpi: int = 300
    force_ocr: bool = False


@dataclass(frozen=True)
class DossierSettings(Settings):
    """`tthc validate`, `tthc procedures` (and the calendar commands, which read `calendar`
    and `as_of`)."""
    catalog: str | None = None                 # a folder of the province's procedures and code mapping


@dataclass(frozen=True)
class SignatureSettings(Settings):
    """`tthc signatures`."""
    at: datetime | None = None                 # the validation time (default now); signatures are judged at their best signature time
    expected_org: str | None = None
    allow_unsigned: bool = False


@dataclass(frozen=True)
class RegisterSettings(DirectiveSettings):
    """`tthc register add`, `tthc tasks`, `tthc report`: directives read as `tthc ingest` reads
    them, into the register at `db` (an SQLite file, created on first use, or a database URL)."""
    db: str = "tthc.db"


FAMILIES = (DirectiveSettings, DossierSettings, SignatureSettings, RegisterSettings)


# --------------------------------------------------------------------------- values

def _choice(options: tuple[str, ...]):
    def convert(value: Any, where: str, base: Path | None) -> str:
        if value not in options:
            raise UsageError(f"{where}: {value!r} không hợp lệ / is not valid; một trong / one of: {', '.join(options)}")
        return value
    return convert


def parse_day(value) -> date | None:
    """A day as people write it: 2025-01-24 (ISO) or 24/01/2025, 24-01-2025, 24.01.2025
    (dd/mm/yyyy, the Vietnamese order); None when it is neither (or carries a time)."""
    import re
    text = str(value).strip()
    moment = parse_time(text) if re.fullmatch(r"[0-9/.-]+", text) else None
    return moment.date() if moment else None


def parse_time(value) -> datetime | None:
    """A moment as people write it: ISO 8601 (2025-01-24T15:00[:00][+07:00]) or the Vietnamese
    order, 24/01/2025 [15:00[:00]] (also with - or . between day, month and year); None when it
    is neither. No zone given: none is set (the caller says which)."""
    import re
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?", text)
    if m:
        day, month, year, hour, minute, second = (int(g) if g else 0 for g in m.groups())
        try:
            return datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
    return None


def _date(value: Any, where: str, base: Path | None) -> date:
    if isinstance(value, datetime):            # TOML date-time: the day is what counts
        return value.date()
    if isinstance(value, date):
        return value
    day = parse_day(value)
    if day is None:
        raise UsageError(f"{where}: {value!r} không phải ngày / is not a date (dd/mm/yyyy hoặc / or YYYY-MM-DD)")
    return day


def _datetime(value: Any, where: str, base: Path | None) -> datetime:
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        moment = parse_time(value)
        if moment is None:
            raise UsageError(f"{where}: {value!r} không phải thời điểm / is not a date-time "
                             f"(dd/mm/yyyy [HH:MM] hoặc / or YYYY-MM-DD[THH:MM[:SS][+07:00]])")
        value = moment
    return value if value.tzinfo else value.replace(tzinfo=VN)


def _positive_int(value: Any, where: str, base: Path | None) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise UsageError(f"{where}: cần số nguyên dương / must be a positive integer: {value!r}")
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise UsageError(f"{where}: cần số nguyên dương / must be a positive integer: {value!r}")
    return n


def _positive_number(value: Any, where: str, base: Path | None) -> float:
    try:
        n = float(value) if not isinstance(value, bool) else 0.0
    except (TypeError, ValueError):
        n = 0.0
    if not n > 0:
        raise UsageError(f"{where}: cần số dương / must be a positive number: {value!r}")
    return n


def _bool(value: Any, where: str, base: Path | None) -> bool:
    if isinstance(value, bool):
        return value
    raise UsageError(f"{where}: cần true hoặc false / must be true or false: {value!r}")


def _text(value: Any, where: str, base: Path | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{where}: cần một chuỗi / must be a string: {value!r}")
    return value


def _path(value: Any, where: str, base: Path | None) -> str:
    """A path of the config file is relative to that file; one of the command line is kept as given."""
    text = str(_text(value if isinstance(value, str) else str(value), where, base))
    return str(base / text) if base is not None and not Path(text).is_absolute() else text


def _paths(value: Any, where: str, base: Path | None) -> tuple[str, ...]:
    items = [value] if isinstance(value, (str, Path)) else value
    if not isinstance(items, (list, tuple)):
        raise UsageError(f"{where}: cần một đường dẫn hoặc danh sách / must be a path or a list of paths")
    return tuple(_path(v, where, base) for v in items)


def _database(value: Any, where: str, base: Path | None) -> str:
    """A database URL (postgresql://…) as given; a file path like every other path."""
    text = _text(value, where, base)
    return text if "://" in text else _path(text, where, base)


def _ids(value: Any, where: str, base: Path | None) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(isinstance(v, str) for v in items):
        raise UsageError(f"{where}: cần danh sách mã kiểm tra / must be a list of check ids, codes or families")
    return tuple(items)


CONVERTERS = {
    "disable": _ids, "fail_on": _choice(FAIL_ON), "as_of": _date, "calendar": _path,
    "trust_roots": _path, "crl": _paths, "existence_records": _path, "lang": _choice(LANGS), "workers": _positive_int,
    "force_workers": _bool, "executor": _choice(EXECUTORS), "scheduler": _text,
    "dpi": _positive_int, "force_ocr": _bool, "catalog": _path,
    "at": _datetime, "expected_org": _text, "allow_unsigned": _bool, "db": _database,
}
KNOWN_KEYS = frozenset(CONVERTERS) | {"limits"}
LIMIT_NAMES = tuple(f.name for f in fields(RunLimits))


def _limits(table: Any, where: str, current: RunLimits) -> RunLimits:
    if not isinstance(table, Mapping):
        raise UsageError(f"{where}: cần một bảng [limits] / must be a [limits] table")
    unknown = sorted(set(table) - set(LIMIT_NAMES))
    if unknown:
        raise UsageError(f"{where}: giới hạn không có / unknown limit(s) {unknown}; "
                         f"có / known: {', '.join(LIMIT_NAMES)}")
    values = {}
    for name, raw in table.items():
        kind = next(f.type for f in fields(RunLimits) if f.name == name)
        convert = _positive_number if "float" in str(kind) else _positive_int
        values[name] = convert(raw, f"{where}.{name}", None)
    return replace(current, **values)


def parse_limit_option(text: str) -> tuple[str, str]:
    """`--limit NAME=VALUE` as (name, value)."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise UsageError(f"--limit {text!r}: cần dạng / expected NAME=VALUE (vd / e.g. file_seconds=300); "
                         f"có / known: {', '.join(LIMIT_NAMES)}")
    return name.strip(), value.strip()


# --------------------------------------------------------------------------- config files

def find_config(start: Path | None = None) -> Path | None:
    """The nearest tthc.toml, else the nearest pyproject.toml with a [tool.tthc] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "tthc.toml").is_file():
            return folder / "tthc.toml"
        pp = folder / "pyproject.toml"
        if pp.is_file() and "tthc" in _read_toml(pp).get("tool", {}):
            return pp
    return None


def read_config(path: Path) -> dict:
    """The tthc table of a config file: top-level keys of a tthc.toml, or its [tool.tthc]
    table, or the [tool.tthc] table of a pyproject.toml. Unknown keys are an error."""
    data = _read_toml(path)
    table = data.get("tool", {}).get("tthc")
    if table is None:
        table = {} if path.name == "pyproject.toml" else data
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise UsageError(f"tệp cấu hình sai / bad config file: {path}: khóa không có / unknown key(s) {unknown}; "
                         f"có / known: {sorted(KNOWN_KEYS)}")
    return table


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        import re
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f" ở dòng {m.group(1)}, cột {m.group(2)}" if m else ""
        raise UsageError(f"tệp cấu hình sai / bad config file: {path}: cú pháp TOML sai{where} / "
                         f"TOML syntax error: {exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"tệp cấu hình sai / bad config file: {path}: không phải văn bản UTF-8 (byte thứ {exc.start}) / "
                         f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise UsageError(f"tệp cấu hình sai / bad config file: {path}: không đọc được / cannot read: "
                         f"{exc.strerror or exc}") from None


# --------------------------------------------------------------------------- resolution

def resolve(cls: type[Settings] = Settings, given: Mapping[str, Any] | None = None, *,
            config: str | Path | None = None, discover: bool = True, start: Path | None = None) -> Settings:
    """Settings of family `cls`: `given` (command line or API keywords; None means not given)
    over the config file (`config`, else the nearest one when `discover`) over the defaults.
    `given["limits"]` is a mapping of limit names to values. Raises UsageError."""
    names = {f.name for f in fields(cls)}
    given = {k: v for k, v in (given or {}).items() if v is not None and v != () and v != []}
    unknown = sorted(set(given) - names)
    if unknown:
        raise UsageError(f"không có thiết lập / unknown setting(s) {unknown}; có / known: {sorted(names - {'notes'})}")
    path = Path(config) if config else (find_config(start) if discover else None)
    if config and not path.is_file():
        raise UsageError(f"không tìm thấy tệp cấu hình / config file not found: {path}")
    table = read_config(path) if path else {}
    values: dict[str, Any] = {}
    limits = RunLimits()
    for name, raw in table.items():
        if name == "limits":
            limits = _limits(raw, f"{path}: [limits]", limits)
        elif name in names:
            values[name] = CONVERTERS[name](raw, f"{path}: {name}", path.parent)
    disable = list(values.get("disable", ()))
    for name, raw in given.items():
        if name == "limits":
            limits = _limits(raw, "--limit", limits) if not isinstance(raw, RunLimits) else raw
        elif name == "disable":
            disable += _ids(raw, "--disable", None)
        elif name in CONVERTERS:
            values[name] = CONVERTERS[name](raw, f"--{name.replace('_', '-')}", None)
        else:
            values[name] = raw
    values["disable"] = tuple(resolve_disabled(disable))
    values["limits"] = limits
    values["config"] = str(path) if path else None
    if values.get("scheduler") and values.get("executor", "auto") not in ("auto", "dask"):
        raise UsageError(f"--scheduler cần / needs --executor dask (không phải / not {values['executor']})")
    notes = []
    workers = values.get("workers", 1)
    cpus = available_cpus()
    if workers > cpus and not values.get("force_workers") and values.get("executor") != "dask" \
            and not values.get("scheduler"):
        values["workers"] = cpus
        notes.append(f"tthc: {workers} tiến trình nhiều hơn số CPU ({cpus}), dùng {cpus}; --force-workers để giữ / "
                     f"{workers} workers is more than the {cpus} CPUs; using {cpus} (--force-workers keeps {workers})")
    values["notes"] = tuple(notes)
    return cls(**{k: v for k, v in values.items() if k in names})


def available_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:                      # not Linux
        return max(1, os.cpu_count() or 1)


def resolve_disabled(entries: Iterable[str]) -> list[str]:
    """Each entry is a check id, a finding code or a family (any case, trailing dot allowed);
    returns their canonical spelling, or a UsageError naming what exists."""
    entries = [e for e in entries if e.strip().rstrip(".")]
    if not entries:
        return []                       # nothing to resolve: the check modules stay unimported
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
            if by_key[key] not in out:
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
