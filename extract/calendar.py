"""Vietnamese working days and working hours.

A day is a working day when it has office sessions: Monday-Friday by default, minus the
statutory holidays (`holidays` package, country VN: lunar Tết, Giỗ Tổ, nghỉ bù), minus the
government's swapped days off, plus the Saturdays worked in exchange. The swaps live in
schemas/calendar/vn_workday_changes.json (each row with its source); a user file given with
`--calendar FILE` (same format, schemas/calendar/calendar.schema.json) adds or overrides rows,
sessions, the weekly schedule and half days.

Time is measured on a "working-time line": the number of working seconds since the start
of the calendar's range. Adding working hours/days and counting working time between two
moments are then one subtraction, so adding N and counting back always gives N. One
working day is `hours_per_day` working hours (8 by default, the peer system's rule:
sessions 07:00-11:30 and 13:30-17:00, ../shared/research/peer-dvc.md §3).

All moments are naive datetimes in Vietnam local time, as the sync format writes them.
"""
from __future__ import annotations

import bisect
import calendar as _cal
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Iterable

DEFAULT_SESSIONS = ("07:00-11:30", "13:30-17:00")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_VI = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MIN_YEAR, MAX_YEAR = 2000, 2200
UNITS = ("working_day", "working_hour", "day", "hour", "month")


class CalendarError(ValueError):
    """A calendar file or request that cannot be used; the message is Vietnamese / English."""


Session = tuple[int, int]          # seconds since midnight [start, end)


@dataclass(frozen=True)
class DayInfo:
    sessions: tuple[Session, ...]
    name: str | None = None        # holiday / swap / half-day name (vi)
    name_en: str | None = None
    kind: str = "regular"          # regular | weekend | holiday | day_off | working_day | half_day

    @property
    def seconds(self) -> int:
        return sum(b - a for a, b in self.sessions)


@dataclass(frozen=True)
class CalendarDay:
    """One day of `tthc calendar YEAR`: why it is special and who said so."""
    date: date
    kind: str                      # holiday | day_off | working_day | half_day
    working: bool
    name: str
    name_en: str
    source: str | None
    citation: dict
    swap_with: str | None = None
    occasion: str | None = None
    sessions: list[str] | None = None

    @property
    def verified(self) -> bool | None:
        return self.citation.get("verified")

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "weekday": WEEKDAYS[self.date.weekday()], "kind": self.kind,
                "working": self.working, "name": self.name, "name_en": self.name_en, "swap_with": self.swap_with,
                "occasion": self.occasion, "sessions": self.sessions, "source": self.source,
                "verified": self.verified, "citation": {k: v for k, v in self.citation.items() if k != "origin"}}


def parse_sessions(values: Iterable[str]) -> tuple[Session, ...]:
    """["07:00-11:30", "13:30-17:00"] -> ((25200, 41400), (48600, 61200)); ordered, disjoint."""
    out: list[Session] = []
    for v in values:
        try:
            a, b = (x.strip() for x in str(v).split("-"))
            start, end = _clock(a), _clock(b)
        except (ValueError, TypeError):
            raise CalendarError(f"buổi làm việc không hợp lệ / invalid session {v!r} (HH:MM-HH:MM)") from None
        if end <= start or (out and start < out[-1][1]):
            raise CalendarError(f"buổi làm việc phải tăng dần, không chồng nhau / sessions must be "
                                f"ordered and disjoint: {v!r}")
        out.append((start, end))
    return tuple(out)


def _clock(text: str) -> int:
    h, m = text.split(":")
    h, m = int(h), int(m)
    if not (0 <= h <= 24 and 0 <= m < 60) or h * 3600 + m * 60 > 86400:
        raise ValueError(text)
    return h * 3600 + m * 60


def _seconds_of_day(dt: datetime) -> int:
    return dt.hour * 3600 + dt.minute * 60 + dt.second


class Calendar:
    """Working days and hours. `Calendar()` is the built-in Vietnamese public-sector calendar;
    `Calendar.from_file(path)` adds a user's overrides on top of it."""

    def __init__(self, changes: Iterable[dict] | None = None, *, sessions: Iterable[str] = DEFAULT_SESSIONS,
                 weekly: dict[str, Iterable[str]] | None = None, hours_per_day: float | None = None,
                 use_holidays_package: bool = True, builtin: bool = True, label: str = "built-in",
                 sources: dict[str, Any] | None = None, windows: Iterable[dict] = ()):
        default = parse_sessions(sessions)
        self._weekly: list[tuple[Session, ...]] = [default] * 5 + [(), ()]
        for key, value in (weekly or {}).items():
            if key not in WEEKDAYS:
                raise CalendarError(f"ngày trong tuần không hợp lệ / unknown weekday {key!r} (mon..sun)")
            self._weekly[WEEKDAYS.index(key)] = parse_sessions(value)
        self._default = default
        self.hours_per_day = float(hours_per_day) if hours_per_day else sum(b - a for a, b in default) / 3600
        if self.hours_per_day <= 0:
            raise CalendarError("số giờ của một ngày làm việc phải dương / hours_per_day must be positive")
        self.use_holidays_package = use_holidays_package
        self.label = label
        self._changes: dict[date, dict] = {}
        self.sources: dict[str, dict] = {}
        self.windows: list[dict] = []
        if builtin:
            data = builtin_data()
            self._add_changes(data["changes"])
            self._add_sources(data.get("sources") or {}, "built-in")
            self.windows.extend({**w, "origin": "built-in"} for w in data.get("windows") or ())
        self._add_changes(changes or ())
        self._add_sources(sources or {}, label)
        self.windows.extend({**w, "origin": label} for w in windows or ())
        self._holidays: dict[int, dict] = {}
        self._holidays_en: dict[int, dict] = {}
        self._days: dict[int, DayInfo] = {}
        # the working-time line: day i is ordinal self._base + i, from 1 Jan MIN_YEAR
        self._last_year: int | None = None
        self._base = date(MIN_YEAR, 1, 1).toordinal()
        self._info: list[DayInfo] = []
        self._cum: list[int] = [0]          # working seconds before day i
        self._wd: list[int] = [0]           # working days before day i

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_file(cls, path: str | Path) -> "Calendar":
        """A user's calendar file (JSON, schemas/calendar/calendar.schema.json)."""
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CalendarError(f"không tìm thấy tệp lịch / calendar file not found: {p}") from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CalendarError(f"không đọc được tệp lịch / cannot read calendar file {p}: {exc}") from None
        return cls.from_dict(data, label=str(p))

    @classmethod
    def from_dict(cls, data: Any, label: str = "user") -> "Calendar":
        validate_calendar_data(data, label)
        return cls(data.get("changes", ()), sessions=data.get("sessions", DEFAULT_SESSIONS),
                   weekly=data.get("weekly"), hours_per_day=data.get("hours_per_day"),
                   use_holidays_package=data.get("use_holidays_package", True),
                   builtin=not data.get("replace_builtin", False), label=label,
                   sources=data.get("sources"), windows=data.get("windows") or ())

    def _add_sources(self, sources: dict, origin: str) -> None:
        """Source ids -> citation dicts; a plain string is a citation title the user wrote."""
        for key, value in sources.items():
            cite = {"title": value, "verified": False} if isinstance(value, str) else dict(value)
            self.sources[key] = {**cite, "id": key, "origin": origin}

    def _add_changes(self, rows: Iterable[dict]) -> None:
        for row in rows:
            d = date.fromisoformat(row["date"])
            kind = row["type"]
            if kind == "half_day" and not row.get("sessions"):
                raise CalendarError(f"{row['date']}: nửa ngày cần 'sessions' / a half_day needs 'sessions'")
            self._changes[d] = {**row, "_sessions": parse_sessions(row["sessions"]) if row.get("sessions") else None}

    # ------------------------------------------------------------------ days

    def day(self, d: date) -> DayInfo:
        o = d.toordinal()
        info = self._days.get(o)
        if info is None:
            info = self._days[o] = self._compute_day(d)
        return info

    def _compute_day(self, d: date) -> DayInfo:
        row = self._changes.get(d)
        if row is not None:
            kind = row["type"]
            if kind == "day_off":
                return DayInfo((), row.get("name"), row.get("name_en") or row.get("name"), "day_off")
            sessions = row["_sessions"] or self._weekly[d.weekday()] or self._default
            return DayInfo(sessions, row.get("name"), row.get("name_en") or row.get("name"), kind)
        vi = self._holiday_names(d.year)
        if d in vi:
            return DayInfo((), vi[d], None, "holiday")     # English name looked up on demand
        sessions = self._weekly[d.weekday()]
        return DayInfo(sessions, None, None, "regular" if sessions else "weekend")

    def _holiday_names(self, year: int, lang: str = "vi") -> dict:
        if not self.use_holidays_package:
            return {}
        cache = self._holidays if lang == "vi" else self._holidays_en
        got = cache.get(year)
        if got is None:
            import holidays
            got = cache[year] = dict(holidays.country_holidays("VN", years=year,
                                                               language="vi" if lang == "vi" else "en_US"))
        return got

    def _name(self, d: date, info: DayInfo, lang: str) -> str | None:
        if lang != "en":
            return info.name
        if info.kind == "holiday" and info.name_en is None:
            return self._holiday_names(d.year, "en").get(d, info.name)
        return info.name_en

    def is_working_day(self, d: date) -> bool:
        return bool(self.day(_as_date(d)).sessions)

    def holiday_name(self, d: date, lang: str = "vi") -> str | None:
        """Name of the public holiday or government day off on `d`; None on working days and
        on ordinary weekends."""
        d = _as_date(d)
        info = self.day(d)
        if info.kind not in ("holiday", "day_off"):
            return None
        return self._name(d, info, lang)

    def day_note(self, d: date, lang: str = "vi") -> str | None:
        """Why `d` is special: holiday, day off, swapped working Saturday, half day, weekend."""
        d = _as_date(d)
        info = self.day(d)
        if info.kind == "weekend":
            return (WEEKDAY_EN if lang == "en" else WEEKDAY_VI)[d.weekday()]
        return self._name(d, info, lang)

    def sessions(self, d: date) -> list[tuple[time, time]]:
        return [(_to_time(a), _to_time(b)) for a, b in self.day(_as_date(d)).sessions]

    def next_working_day(self, d: date, include: bool = False) -> date:
        d = _as_date(d)
        if not include:
            d += timedelta(days=1)
        for _ in range(3660):
            if self.is_working_day(d):
                return d
            d += timedelta(days=1)
        raise CalendarError("không tìm thấy ngày làm việc trong 10 năm / no working day within 10 years")

    def previous_working_day(self, d: date, include: bool = False) -> date:
        d = _as_date(d)
        if not include:
            d -= timedelta(days=1)
        for _ in range(3660):
            if self.is_working_day(d):
                return d
            d -= timedelta(days=1)
        raise CalendarError("không tìm thấy ngày làm việc trong 10 năm / no working day within 10 years")

    def days_off(self, start: date, end: date) -> list[tuple[date, str, str]]:
        """Non-working days in [start, end] with their reason (vi, en)."""
        out = []
        d = _as_date(start)
        while d <= _as_date(end):
            if not self.is_working_day(d):
                out.append((d, self.day_note(d) or "", self.day_note(d, "en") or ""))
            d += timedelta(days=1)
        return out

    # ------------------------------------------------------------------ what the calendar believes

    def weekly_sessions(self) -> dict[str, list[str]]:
        """The office sessions of each weekday ("mon": ["07:00-11:30", "13:30-17:00"], "sat": [])."""
        return {WEEKDAYS[i]: [f"{_to_time(a):%H:%M}-{_to_time(b):%H:%M}" for a, b in s]
                for i, s in enumerate(self._weekly)}

    def window_of(self, d: date) -> dict | None:
        """The announced holiday window (schemas/calendar windows, or the user's) holding `d`."""
        iso = _as_date(d).isoformat()
        hits = [w for w in self.windows if w["from"] <= iso <= w["to"] or iso in (w.get("working_days") or ())]
        return hits[-1] if hits else None          # a user's window, added last, wins

    def citation(self, source: str | None) -> dict:
        """The source of a row or window as a dict (id, number, issuer, date, title, where, verified);
        a source the file does not define is the citation the user wrote (verified: None)."""
        if source and source in self.sources:
            return self.sources[source]
        return {"id": source, "title": source or "", "verified": None, "origin": "user"}

    def law_source(self, d: date) -> str:
        """The Labour Code in force on `d` (the holidays package encodes both)."""
        return "BLLD-2012" if _as_date(d).year <= 2020 else "BLLD-2019"

    def year_days(self, year: int) -> list["CalendarDay"]:
        """Every day of `year` that is not an ordinary weekday or weekend, each with its source:
        statutory holidays and their nghỉ bù, announced days off, Saturdays worked in exchange,
        half days. A statutory holiday inside an announced window cites the announcement, else
        the Labour Code in force."""
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CalendarError(f"năm ngoài phạm vi lịch / year outside the calendar range {MIN_YEAR}-{MAX_YEAR}: {year}")
        out = []
        d = date(year, 1, 1)
        while d.year == year:
            info = self.day(d)
            row = self._changes.get(d)
            if row is not None or info.kind == "holiday":
                window = self.window_of(d)
                if row is not None:
                    source = row["source"]
                elif window is not None:
                    source = window["source"]
                else:
                    source = self.law_source(d)
                cite = self.citation(source)
                out.append(CalendarDay(
                    date=d, kind=info.kind if row is not None else "holiday", working=bool(info.sessions),
                    name=self._name(d, info, "vi") or "", name_en=self._name(d, info, "en") or "",
                    swap_with=(row or {}).get("swap_with"), occasion=(window or {}).get("occasion"),
                    source=source, citation=cite, sessions=[f"{a:%H:%M}-{b:%H:%M}" for a, b in self.sessions(d)]
                    if info.kind == "half_day" else None))
            d += timedelta(days=1)
        return out

    def year_windows(self, year: int) -> list[dict]:
        return [{**w, "citation": self.citation(w["source"])} for w in self.windows if w["year"] == year]

    # ------------------------------------------------------------------ the working-time line

    def _extend_to(self, last_year: int) -> None:
        """Grow the line forward to the end of `last_year`. It always starts on 1 Jan MIN_YEAR,
        so a position computed earlier never changes meaning."""
        if last_year > MAX_YEAR:
            raise CalendarError(f"ngoài phạm vi lịch {MIN_YEAR}-{MAX_YEAR} / outside the calendar range "
                                f"{MIN_YEAR}-{MAX_YEAR}: {last_year}")
        first = MIN_YEAR if self._last_year is None else self._last_year + 1
        if first > last_year:
            return
        self._prefetch_holidays(first, last_year)
        info, cum, wd = self._info, self._cum, self._wd
        for o in range(date(first, 1, 1).toordinal(), date(last_year, 12, 31).toordinal() + 1):
            day = self.day(date.fromordinal(o))
            info.append(day)
            cum.append(cum[-1] + day.seconds)
            wd.append(wd[-1] + (1 if day.sessions else 0))
        self._last_year = last_year

    def _prefetch_holidays(self, first: int, last: int) -> None:
        """One call to the holidays package for a range of years (much faster than per year)."""
        if not self.use_holidays_package or all(y in self._holidays for y in range(first, last + 1)):
            return
        import holidays
        years = range(first, last + 1)
        by_year: dict[int, dict] = {y: {} for y in years}
        for d, n in holidays.country_holidays("VN", years=years, language="vi").items():
            by_year[d.year][d] = n
        self._holidays.update(by_year)

    def _index(self, o: int) -> int:
        i = o - self._base
        if i < 0:
            raise CalendarError(f"ngày trước năm {MIN_YEAR} nằm ngoài phạm vi lịch / dates before "
                                f"{MIN_YEAR} are outside the calendar range: {date.fromordinal(o)}")
        if i >= len(self._info):
            self._extend_to(date.fromordinal(o).year + 1)
        return i

    def working_seconds(self, moment: datetime) -> int:
        """Position of `moment` on the working-time line (working seconds since 1 Jan MIN_YEAR)."""
        i = self._index(moment.toordinal())
        s = _seconds_of_day(moment)
        acc = self._cum[i]
        for a, b in self._info[i].sessions:
            if s <= a:
                break
            acc += (b if s >= b else s) - a
        return acc

    def moment_at(self, ws: int, end: bool = True) -> datetime:
        """The moment at working-time position `ws`. A position on a day boundary is written as
        the end of the earlier working day (end=True: a deadline "by 17:00 Friday") or the start
        of the next one (end=False: "counting starts 07:00 Monday")."""
        if ws < 0 or (end and ws == 0):
            raise CalendarError(f"trước năm {MIN_YEAR}, ngoài phạm vi lịch / before {MIN_YEAR}, "
                                f"outside the calendar range")
        while ws > self._cum[-1] or (not end and ws == self._cum[-1]):
            self._extend_to((self._last_year or MIN_YEAR) + 5)
        cum = self._cum
        i = (bisect.bisect_left(cum, ws) if end else bisect.bisect_right(cum, ws)) - 1
        offset = ws - cum[i]
        day = date.fromordinal(self._base + i)
        for a, b in self._info[i].sessions:
            length = b - a
            if offset < length or (end and offset == length):
                return datetime.combine(day, time()) + timedelta(seconds=a + offset)
            offset -= length
        raise AssertionError("working-time line out of step")  # pragma: no cover

    def count_start(self, moment: datetime, late_cutoff_minutes: float = 0) -> datetime:
        """Where counting begins for something received at `moment`: the moment itself inside
        office hours, else the next session start. With `late_cutoff_minutes` (DOMAIN.md §2.3:
        "trong thời gian 01 giờ trước khi kết thúc giờ hành chính" -> 60), a reception in the last
        minutes of the working day counts from the next working day."""
        return self.moment_at(self._start_ws(moment, late_cutoff_minutes), end=False)

    def _start_ws(self, moment: datetime, late_cutoff_minutes: float = 0) -> int:
        ws = self.working_seconds(moment)
        if late_cutoff_minutes:
            i = self._index(moment.toordinal())
            day_end = self._cum[i + 1]
            if self._info[i].sessions and ws >= day_end - late_cutoff_minutes * 60:
                ws = day_end
        return ws

    # ------------------------------------------------------------------ arithmetic

    def add_working_hours(self, moment: datetime, hours: float, late_cutoff_minutes: float = 0) -> datetime:
        ws = self._start_ws(moment, late_cutoff_minutes) + round(hours * 3600)
        return self.moment_at(ws, end=hours > 0)

    def add_working_days(self, moment: datetime, days: float, late_cutoff_minutes: float = 0) -> datetime:
        """N working days = N × hours_per_day working hours from the reception moment, the way
        portal systems compute NgayHenTra: received Fri 15:00, 5 days -> Fri a week later 15:00
        (holidays skipped). A result on a day boundary is the end of the last day (17:00)."""
        return self.add_working_hours(moment, days * self.hours_per_day, late_cutoff_minutes)

    def add_days(self, moment: datetime, days: float, land_on_working_day: bool = True,
                 late_cutoff_minutes: float = 0) -> datetime:
        """Calendar days ("15 ngày"). A due date falling on a day off moves to the next working
        day (Civil Code: a period ending on a day off ends on the next working day)."""
        start = self.count_start(moment, late_cutoff_minutes) if late_cutoff_minutes else moment
        return self._land(start + timedelta(days=days), land_on_working_day)

    def add_hours(self, moment: datetime, hours: float) -> datetime:
        return moment + timedelta(hours=hours)

    def add_months(self, moment: datetime, months: int, land_on_working_day: bool = True) -> datetime:
        m = moment.month - 1 + int(months)
        y, m = moment.year + m // 12, m % 12 + 1
        d = min(moment.day, _cal.monthrange(y, m)[1])
        return self._land(moment.replace(year=y, month=m, day=d), land_on_working_day)

    def _land(self, moment: datetime, land: bool) -> datetime:
        if land and not self.is_working_day(moment.date()):
            return datetime.combine(self.next_working_day(moment.date()), moment.time())
        return moment

    def add(self, moment: datetime, value: float, unit: str, late_cutoff_minutes: float = 0) -> datetime:
        """Add a duration in one of UNITS (the procedure catalog's processing_time units)."""
        if unit == "working_day":
            return self.add_working_days(moment, value, late_cutoff_minutes)
        if unit == "working_hour":
            return self.add_working_hours(moment, value, late_cutoff_minutes)
        if unit == "day":
            return self.add_days(moment, value, late_cutoff_minutes=late_cutoff_minutes)
        if unit == "hour":
            return self.add_hours(moment, value)
        if unit == "month":
            if value != int(value):
                raise CalendarError(f"số tháng phải là số nguyên / months must be whole: {value}")
            return self.add_months(moment, int(value))
        raise CalendarError(f"đơn vị thời gian không hỗ trợ / unsupported unit {unit!r} ({', '.join(UNITS)})")

    def same_day_due(self, moment: datetime, before: str) -> datetime:
        """"Giải quyết ngay trong ngày; nhận sau 15 giờ thì trả trong ngày làm việc tiếp theo"
        (e.g. Luật Hộ tịch Điều 5.3): the end of the working day counting starts on when that is
        before `before` ("15:00"), else the end of the next working day."""
        start = self.count_start(moment)
        day = start.date()
        if _seconds_of_day(start) >= _clock(before):
            day = self.next_working_day(day)
        return datetime.combine(day, self.sessions(day)[-1][1])

    # ------------------------------------------------------------------ counting

    def working_seconds_between(self, start: datetime, end: datetime) -> int:
        """Working seconds from `start` to `end` (negative when end is earlier)."""
        return self.working_seconds(end) - self.working_seconds(start)

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        return self.working_seconds_between(start, end) / 3600

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in [start, end], both ends included (0 when end < start)."""
        start, end = _as_date(start), _as_date(end)
        if end < start:
            return 0
        j, i = self._index(end.toordinal()), self._index(start.toordinal())
        return self._wd[j + 1] - self._wd[i]

    def deadline_dates(self, moment: datetime) -> set[date]:
        """The dates on which a deadline at `moment` may be written: a deadline at the very end
        of a working day (17:00 Fri) is the same working-time instant as the start of the next
        one (07:00 Mon), and portal systems store either."""
        ws = self.working_seconds(moment)
        return {self.moment_at(ws, end=True).date(), self.moment_at(ws, end=False).date()}


def default_calendar() -> Calendar:
    """One shared built-in calendar per process (reuse it: the first use builds the line),
    kept by the data-loading object of schemas/ (built from schemas/calendar/)."""
    from schemas import DATA
    return DATA.built(("built", "default_calendar"), Calendar)


def builtin_data() -> dict:
    """schemas/calendar/vn_workday_changes.json: sources, changes, windows, claims not adopted."""
    from schemas import load_json
    return load_json("calendar", "vn_workday_changes.json")


def builtin_changes() -> list[dict]:
    return builtin_data()["changes"]


def validate_calendar_data(data: Any, label: str = "calendar") -> None:
    """Check a calendar file against schemas/calendar/calendar.schema.json; CalendarError lists
    every problem in Vietnamese and English."""
    import jsonschema

    from schemas import load_json

    schema = load_json("calendar", "calendar.schema.json")
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"  {'/'.join(str(p) for p in e.absolute_path) or '(gốc/root)'}: {e.message}" for e in errors[:10]]
        raise CalendarError(f"tệp lịch không hợp lệ / invalid calendar file {label}:\n" + "\n".join(lines))
    for row in data.get("changes", ()):
        try:
            date.fromisoformat(row["date"])
        except ValueError:
            raise CalendarError(f"{label}: ngày không hợp lệ / invalid date {row['date']!r}") from None


def _as_date(d: date | datetime) -> date:
    return d.date() if isinstance(d, datetime) else d


def _to_time(seconds: int) -> time:
    if seconds >= 86400:
        return time(23, 59, 59)
    return time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
