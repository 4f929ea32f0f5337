"""The due dates and on-time class of one dossier: facts the timeline checks compare with their
rules (checks/timeline.py), and the on-time class every dossier record carries.

Conventions, as the national portal's statistics use them (peer-dvc.md §4):
- on-time classes compare calendar DATES, not date-times: finished before the due date's day
  is trước hạn, on that day đúng hạn, after it trễ hạn; an open dossier past the due day on
  the reference date (--as-of, default today) is quá hạn;
- a due date is accepted when it is the date of a computed due moment, or the equivalent next
  working day when that moment is the very end of a working day (17:00 Fri == 07:00 Mon).

`analyse_dossier(dossier, calendar, as_of, policy)` computes the facts once and keeps them on
the Dossier (`dossier.timeline`); the runner calls it before the checks, which read them
(checks/timeline.py), and writes `Analysis.on_time()` in the dossier's record.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterator

from extract.calendar import Calendar, CalendarError
from extract.dossier.durations import Duration, DurationError, from_catalog
from extract.dossier.timeline import Timeline, timeline_of
from extract.model import Dossier, OnTime
from extract.normalize import fold
from schemas import codes
from schemas.policies import TimelinePolicy, timeline_policy

WORKING_UNITS = ("working_day", "working_hour")
FINISHED_CLASSES = ("truoc_han", "dung_han", "tre_han")
LATE_CLASSES = ("tre_han", "qua_han")
IN_TIME_CLASSES = ("truoc_han", "dung_han", "dang_xu_ly_trong_han")
CONFUSED_WITH = {"working_day": "day", "working_hour": "hour", "day": "working_day", "hour": "working_hour"}


def status_info(code: str | None) -> dict:
    """{name, name_en, group} of a TrangThaiHoSo code (schemas/codes.json), {} when unknown."""
    return codes("TrangThaiHoSo").get(code or "", {})


# --------------------------------------------------------------------------- classification

_CLASS_DATES = ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra")


def classify(t: Timeline, as_of: date | None, due: datetime | None) -> str:
    """trước hạn / đúng hạn / trễ hạn / đang xử lý trong hạn / quá hạn (and the classes that
    are none of these), comparing dates as the portal does. `as_of` is the reference day:
    a dossier finished after it was still in process on that day. A date the class rests on
    that cannot be read (or lies outside the plausible years) leaves the class undetermined:
    a reception in year 1 is never "on time"."""
    if any(t.unreadable(name) for name in _CLASS_DATES):
        return "khong_xac_dinh"
    group = status_info(t.status).get("group")
    if as_of and t.received and t.received.date() > as_of:
        return "chua_tiep_nhan"
    if group == "not_received":
        return "chua_tiep_nhan"
    if group == "refused":
        return "khong_tiep_nhan"
    if group == "withdrawn":
        return "tra_lai"
    finished = t.finished or (t.returned if group == "finished" else None)
    if group == "finished" or (group is None and finished):
        if finished is None:
            return "khong_xac_dinh"
        if as_of is None or finished.date() <= as_of:
            if due is None:
                return "dung_han"          # the portal counts a missing due date as on time
            f, d = finished.date(), due.date()
            return "truoc_han" if f < d else "dung_han" if f == d else "tre_han"
    if group == "paused":
        return "tam_dung"
    if t.received is None:
        return "khong_xac_dinh"
    if due is None or as_of is None:
        return "dang_xu_ly_trong_han"
    return "dang_xu_ly_trong_han" if as_of <= due.date() else "qua_han"


# --------------------------------------------------------------------------- analysis

@dataclass
class Expected:
    moment: datetime
    duration: Duration
    start_kind: str                # reception | supplement | pause
    start: datetime
    cutoff: float = 0
    _dates: frozenset | None = None

    def dates(self, cal: Calendar) -> frozenset:
        if self._dates is None:
            self._dates = _dates(cal, self.moment, self.duration.unit)
        return self._dates

    def matches(self, cal: Calendar, day: date) -> bool:
        return day == self.moment.date() or (self.duration.unit in WORKING_UNITS and day in self.dates(cal))


@dataclass
class Analysis:
    t: Timeline
    cal: Calendar
    as_of: date
    policy: TimelinePolicy
    durations: list[Duration] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)
    verdict: str | None = None     # ok | rescheduled | mismatch | confused | missing | None (not checkable)
    closest: Expected | None = None
    confused: Expected | None = None      # the wrong-unit computation that explains the stored date
    original_due: datetime | None = None  # the due date the dossier is judged against
    class_key: str = "khong_xac_dinh"
    class_portal: str = "khong_xac_dinh"  # by the stored NgayHenTra, as the portal counts

    def on_time(self) -> OnTime:
        """The record's on-time class: by the correct due date, and as the portal counts it."""
        label = self.policy.class_label
        return OnTime(klass=self.class_key, label=label(self.class_key), label_en=label(self.class_key, "en"),
                      due=_iso(self.original_due), due_on_dossier=_iso(self.t.due), portal_class=self.class_portal,
                      as_of=self.as_of.isoformat())


def analyse_dossier(dossier: Dossier, calendar: Calendar, as_of: date | None = None,
                    policy: TimelinePolicy | None = None) -> Analysis:
    """The timeline facts of a dossier, kept on it (`dossier.timeline`) for the checks."""
    dossier.timeline = analysis_of(dossier, calendar, as_of, policy)
    return dossier.timeline


def analysis_of(dossier: Dossier, calendar: Calendar, as_of: date | None = None,
                policy: TimelinePolicy | None = None) -> Analysis:
    """The timeline facts of a dossier, computed (not kept); a manifest that is no JSON object
    reads as an empty one."""
    manifest = dossier.manifest if isinstance(dossier.manifest, dict) else {}
    return analyse_record(manifest, dossier.procedure, calendar, as_of or date.today(), policy)


def analyse_record(record: dict, procedure: dict | None, cal: Calendar, as_of: date,
                   policy: TimelinePolicy | None = None) -> Analysis:
    """The analysis of one record (a manifest or a row of an export)."""
    policy = policy or timeline_policy()
    t = timeline_of(record)
    a = Analysis(t=t, cal=cal, as_of=as_of, policy=policy, durations=durations_for(t, procedure))
    try:
        _judge_due(a, expected_dues(t, a.durations, cal, policy.due_cutoffs_minutes))
    except CalendarError:
        a.expected, a.verdict, a.original_due = [], None, t.due   # dates outside the calendar
    a.class_portal = classify(t, as_of, t.due)
    a.class_key = a.class_portal if a.original_due is t.due else classify(t, as_of, a.original_due)
    return a


def durations_for(t: Timeline, procedure: dict | None) -> list[Duration]:
    """The processing times that may apply: the dossier's case (TenTruongHop/MaTruongHop) when
    it names one that the catalog knows, else every case of the procedure."""
    if not procedure:
        return []
    entries = [e for e in (procedure or {}).get("processing_time") or [] if isinstance(e, dict)]
    if t.case:
        want = fold(t.case)
        named = [e for e in entries if e.get("case") and (fold(e["case"]) in want or want in fold(e["case"]))]
        if named:
            entries = named + [e for e in entries if not e.get("case")]
    out = []
    for e in entries:
        try:
            out.append(from_catalog(e))
        except DurationError:
            continue
    return out


def _dates(cal: Calendar, moment: datetime, unit: str) -> frozenset:
    return frozenset(cal.deadline_dates(moment)) if unit in WORKING_UNITS else frozenset({moment.date()})


def expected_dues(t: Timeline, durations: list[Duration], cal: Calendar, cutoffs) -> Iterator[Expected]:
    """Due moments the catalog's processing time gives, most usual first (computed lazily: the
    first that matches ends the search): from the reception moment; under the last-office-hour
    rule; from the receipt of the last complete supplement (Decree 61/2018 Điều 19.4: the time
    restarts); and from reception with the clock stopped while waiting for the supplement."""
    if t.received is None:
        return
    rounds = [s for s in t.supplements if s.requested and s.received and s.requested >= t.received
              and s.received >= s.requested]
    starts = [("reception", t.received)] + ([("supplement", rounds[-1].received)] if rounds else [])
    for dur in durations:
        for kind, start in starts:
            if dur.same_day_before:
                yield Expected(cal.same_day_due(start, dur.same_day_before), dur, kind, start)
                continue
            for cut in cutoffs:
                yield Expected(cal.add(start, dur.value, dur.unit, cut), dur, kind, start, cut)
        if rounds:
            base = cal.add(t.received, dur.value, dur.unit)
            if dur.unit in WORKING_UNITS:
                paused = sum(cal.working_seconds_between(s.requested, s.received) for s in rounds)
                m = cal.moment_at(cal.working_seconds(base) + paused)
            else:
                m = cal.add_days(base, sum(((s.received - s.requested) for s in rounds), timedelta()).total_seconds() / 86400)
            yield Expected(m, dur, "pause", t.received)


def _judge_due(a: Analysis, candidates: Iterator[Expected]) -> None:
    t, cal = a.t, a.cal
    stored = t.due.date() if t.due else None
    for e in candidates:
        a.expected.append(e)
        if stored is None:
            break                      # a missing due date: the usual computation is enough
        if e.matches(cal, stored):
            a.verdict, a.original_due = "ok", t.due
            return
    if not a.expected:
        a.original_due = t.due
        return
    primary = a.expected[0]
    if t.due is None:
        missing = status_info(t.status).get("group") not in ("not_received", "refused") and not t.unreadable("NgayHenTra")
        a.verdict = "missing" if missing else None
        a.closest = primary
        a.original_due = primary.moment if a.verdict else None
        return
    moved = [ap for ap in t.apologies if ap.new_due and ap.new_due.date() == stored]
    if moved:
        a.verdict = "rescheduled"
        a.original_due = moved[0].old_due or primary.moment
        return
    a.closest = min(a.expected, key=lambda e: (abs((stored - e.moment.date()).days), e.cutoff))
    a.original_due = a.closest.moment
    a.confused = _confusion(a, stored)
    a.verdict = "confused" if a.confused else "mismatch"


def _confusion(a: Analysis, stored: date) -> Expected | None:
    """The stored date is what the other unit gives: calendar days where the procedure says
    working days (the seed directives' "Ngày" vs "Ngày làm việc"), or the reverse."""
    cal = a.cal
    for e in a.expected:
        wrong = CONFUSED_WITH.get(e.duration.unit)
        if not wrong or e.start_kind == "pause":
            continue
        candidates = []
        if wrong == "day":
            candidates = [e.start + timedelta(days=e.duration.value), cal.add_days(e.start, e.duration.value)]
        elif wrong == "hour":
            candidates = [e.start + timedelta(hours=e.duration.value)]
        else:
            candidates = [cal.add(e.start, e.duration.value, wrong, e.cutoff)]
        for m in candidates:
            dates = cal.deadline_dates(m) if wrong in WORKING_UNITS else {m.date()}
            if stored in dates:
                return Expected(m, Duration(e.duration.value, wrong), e.start_kind, e.start, e.cutoff, frozenset(dates))
    return None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
