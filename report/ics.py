"""The register's items as an iCalendar file (RFC 5545), written with the icalendar library:
one all-day event per due date, whose summary names the assignee and the task, whose
description gives the directive's number and date, the section, the whole task text and how the
date was resolved, with a reminder (VALARM) at 09:00 a number of days before. UIDs are stable
(the same item gives the same UID in every export), so a calendar that imports the file again
updates its events instead of doubling them. Items without a due date have no event. Personal
identifiers are masked outside the directive's own words (an officer's note; report/safe.py).
The events are written by report/ics_events.py, the one iCalendar writer of the project."""
from __future__ import annotations

import hashlib
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Iterable

from extract.model import section_display
from extract.normalize import without_marks
from report.tasks import NO_ASSIGNEE, deadline_label, directive_label, dmy, shorten, state

PRODID = "-//tthc-check//so theo doi nhiem vu//VI"


def item_uid(item: dict) -> str:
    digest = hashlib.sha1(f"{item.get('doc_key')}|{item.get('item_key')}".encode("utf-8")).hexdigest()[:24]
    return f"{digest}@tthc-check"


def item_event(it: dict, remind_days: int = 1):
    """The register item's due date as an all-day event, or None when it has none."""
    from report.ics_events import IcsAlarm, IcsEvent

    due: date | None = it.get("due_date")
    if due is None:
        return None
    assignee = it.get("assignee") or NO_ASSIGNEE
    number = directive_label(it)
    done = it["status"] == "done"
    lines = [f"Đơn vị thực hiện: {assignee}"]
    if it.get("coordinators"):
        lines.append(f"Đơn vị phối hợp: {'; '.join(it['coordinators'])}")
    lines += [f"Văn bản: {number}" + (f" ngày {dmy(it['issued'])}" if it.get("issued") else "")
              + (f" của {it['issuer_normalized']}" if it.get("issuer_normalized") else ""),
              f"Mục: {section_display(it.get('section')) or '—'}",
              f"Nhiệm vụ: {it.get('task') or ''}",
              f"Thời hạn trong văn bản: {deadline_label(it) or '—'} ({it.get('basis') or ''})",
              f"Tình trạng: {state(it)}" + (f" – {it['note']}" if it.get("note") else ""),
              f"Mã việc trong sổ theo dõi: {it['id']}"]
    alarms = ()
    if not done and remind_days >= 0:       # at 09:00, remind_days before the due day
        alarms = (IcsAlarm(f"Sắp đến hạn: {assignee} – {shorten(it.get('task'), 60)} ({number})",
                           -timedelta(hours=24 * remind_days - 9)),)
    return IcsEvent(uid=item_uid(it), start=due,
                    summary=f"{'[Đã xong] ' if done else ''}Hạn {number} – {assignee}: {shorten(it.get('task'), 80)}",
                    description="\n".join(lines), categories=(assignee,),
                    status="CANCELLED" if done else "CONFIRMED", alarms=alarms)


def calendar_of(items: Iterable[dict], *, name: str, remind_days: int = 1, stamp: datetime | None = None):
    from report.ics_events import calendar
    from report.safe import public_register_rows

    events = [e for e in (item_event(it, remind_days) for it in public_register_rows(items)) if e is not None]
    return calendar(events, name, stamp=stamp, prodid=PRODID, method="PUBLISH", timezone_name="Asia/Ho_Chi_Minh")


def write_ics(items: Iterable[dict], path: str | Path, *, name: str = "Hạn nhiệm vụ", remind_days: int = 1) -> int:
    """One .ics file; returns the number of events."""
    items = list(items)
    cal = calendar_of(items, name=name, remind_days=remind_days)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(cal.to_ical())
    return sum(1 for c in cal.walk("VEVENT"))


def slug(name: str) -> str:
    """A file name from an agency name: 'Sở Tài chính' -> 'so-tai-chinh'."""
    t = without_marks(name)
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")[:80] or "khong-ro-don-vi"


def write_ics_per_assignee(items: Iterable[dict], folder: str | Path, *, remind_days: int = 1) -> dict[str, Path]:
    """A file per assignee in `folder` (<slug of the name>.ics); returns assignee -> path."""
    groups: dict[str, list[dict]] = {}
    for it in items:
        groups.setdefault(it.get("assignee") or NO_ASSIGNEE, []).append(it)
    out, used = {}, set()
    for assignee, group in sorted(groups.items()):
        name = slug(assignee)
        n, base = 1, name
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        path = Path(folder) / f"{name}.ics"
        write_ics(group, path, name=f"Hạn nhiệm vụ – {assignee}", remind_days=remind_days)
        out[assignee] = path
    return out
