"""iCalendar (RFC 5545) output through the `icalendar` library, for every writer that puts
dates into a user's calendar application: the working-day calendar (`tthc calendar YEAR
--format ics`, report/calendar.py) and the register's due dates (`tthc register export
--format ics`, report/ics.py) both describe their events as IcsEvent and write them here.
Events are all-day (a `date`) or timed (a `datetime`, Vietnam local time, written with its
UTC+07:00 offset); an event may carry reminders (VALARM)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import IO, Iterable

VN = timezone(timedelta(hours=7))
PRODID = "-//tthc-check//tthc-check//VI"


@dataclass(frozen=True)
class IcsAlarm:
    description: str
    trigger: timedelta                          # relative to the start: negative is before it


@dataclass(frozen=True)
class IcsEvent:
    uid: str                                    # stable across runs: the same event keeps its UID
    start: date | datetime
    summary: str
    description: str = ""
    end: date | datetime | None = None          # all-day: the day after by default; timed: start
    categories: tuple[str, ...] = ()
    status: str | None = None                   # STATUS: CONFIRMED, CANCELLED, TENTATIVE
    busy: bool = False                          # TRANSP: a day off is free time, a make-up day busy
    url: str | None = None
    extra: dict = field(default_factory=dict)   # other properties, e.g. {"X-TTHC-SOURCE": "..."}
    alarms: tuple[IcsAlarm, ...] = ()


def calendar(events: Iterable[IcsEvent], name: str, description: str = "", stamp: datetime | None = None, *,
             prodid: str = PRODID, method: str | None = None, timezone_name: str | None = None):
    """The VCALENDAR as an icalendar.Calendar. `method` (e.g. PUBLISH) and `timezone_name`
    (X-WR-TIMEZONE) are written when given."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", description)
    if timezone_name:
        cal.add("x-wr-timezone", timezone_name)
    stamp = stamp or datetime.now(timezone.utc).replace(microsecond=0)
    for e in events:
        ev = Event()
        ev.add("uid", e.uid)
        ev.add("dtstamp", stamp)
        start = e.start if not isinstance(e.start, datetime) or e.start.tzinfo else e.start.replace(tzinfo=VN)
        ev.add("dtstart", start)
        if isinstance(start, datetime):
            end = e.end or start
            ev.add("dtend", end if end.tzinfo else end.replace(tzinfo=VN))
        else:
            ev.add("dtend", e.end or start + timedelta(days=1))
        ev.add("summary", e.summary)
        if e.description:
            ev.add("description", e.description)
        if e.categories:
            ev.add("categories", list(e.categories))
        if e.status:
            ev.add("status", e.status)
        ev.add("transp", "OPAQUE" if e.busy else "TRANSPARENT")
        if e.url:
            ev.add("url", e.url)
        for key, value in e.extra.items():
            ev.add(key, value)
        for a in e.alarms:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", a.description)
            alarm.add("trigger", a.trigger)
            ev.add_component(alarm)
        cal.add_component(ev)
    return cal


def build_ics(events: Iterable[IcsEvent], name: str, description: str = "", stamp: datetime | None = None,
              **options) -> bytes:
    """The VCALENDAR as bytes (CRLF line ends, folded lines, as the RFC wants)."""
    return calendar(events, name, description, stamp, **options).to_ical()


def write_events(events: Iterable[IcsEvent], out: IO[str], name: str, description: str = "",
                 stamp: datetime | None = None, **options) -> None:
    """Write to a text stream opened with newline="\\n" (report.writers.open_out), so the
    CRLF line ends pass through unchanged."""
    out.write(build_ics(events, name, description, stamp, **options).decode("utf-8"))
