"""iCalendar (RFC 5545) output of generic events through the `icalendar` library: the
working-day calendar (`tthc calendar YEAR --format ics`) uses it, and so can any writer
that puts dates into a user's calendar application. Events are all-day (a `date`) or
timed (a `datetime`, Vietnam local time, written with its UTC+07:00 offset)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import IO, Iterable

VN = timezone(timedelta(hours=7))
PRODID = "-//tthc-check//tthc-check//VI"


@dataclass(frozen=True)
class IcsEvent:
    uid: str                                    # stable across runs: the same event keeps its UID
    start: date | datetime
    summary: str
    description: str = ""
    end: date | datetime | None = None          # all-day: the day after by default; timed: start
    categories: tuple[str, ...] = ()
    busy: bool = False                          # TRANSP: a day off is free time, a make-up day busy
    url: str | None = None
    extra: dict = field(default_factory=dict)   # other properties, e.g. {"X-TTHC-SOURCE": "..."}


def build_ics(events: Iterable[IcsEvent], name: str, description: str = "", stamp: datetime | None = None) -> bytes:
    """The VCALENDAR as bytes (CRLF line ends, folded lines, as the RFC wants)."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", description)
    stamp = stamp or datetime.now(timezone.utc)
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
        ev.add("transp", "OPAQUE" if e.busy else "TRANSPARENT")
        if e.url:
            ev.add("url", e.url)
        for key, value in e.extra.items():
            ev.add(key, value)
        cal.add_component(ev)
    return cal.to_ical()


def write_events(events: Iterable[IcsEvent], out: IO[str], name: str, description: str = "",
              stamp: datetime | None = None) -> None:
    """Write to a text stream opened with newline="\\n" (report.writers.open_out), so the
    CRLF line ends pass through unchanged."""
    out.write(build_ics(events, name, description, stamp).decode("utf-8"))
