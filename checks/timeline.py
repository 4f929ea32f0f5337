"""Dossier timeline rules (family TIME, schemas/rules/time.json).

Each check reads one shared analysis of the dossier (facts from extract/timeline.py, the due
dates the procedure's processing time gives on the working-day calendar, the on-time class),
computed once per dossier and calendar.

Conventions, as the national portal's statistics use them (peer-dvc.md §4):
- on-time classes compare calendar DATES, not date-times: finished before the due date's day
  is trước hạn, on that day đúng hạn, after it trễ hạn; an open dossier past the due day on
  the reference date (--as-of, default today) is quá hạn;
- a due date is accepted when it is the date of a computed due moment, or the equivalent next
  working day when that moment is the very end of a working day (17:00 Fri == 07:00 Mon);
- the regime (Decree 61/2018 vs 118/2025) follows the dossier's reception date.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Iterator

from checks.registry import Context, check
from extract.calendar import Calendar, CalendarError, default_calendar
from extract.dossier.durations import Duration, DurationError, UNIT_LABELS, from_catalog
from extract.model import Dossier, Finding
from extract.normalize import fold
from extract.dossier.timeline import Timeline, event_kind, fmt, timeline_of
from schemas import codes, load_json, rule

WORKING_UNITS = ("working_day", "working_hour")
FINISHED_CLASSES = ("truoc_han", "dung_han", "tre_han")
LATE_CLASSES = ("tre_han", "qua_han")
IN_TIME_CLASSES = ("truoc_han", "dung_han", "dang_xu_ly_trong_han")
_CONFUSED_WITH = {"working_day": "day", "working_hour": "hour", "day": "working_day", "hour": "working_hour"}


def _table() -> dict:
    return load_json("timeline.json")


def parameter(name: str, options: dict | None = None):
    if options and options.get(name) is not None:
        return options[name]
    return _table()["parameters"][name]["value"]


def status_info(code: str | None) -> dict:
    """{name, name_en, group} of a TrangThaiHoSo code (schemas/codes.json), {} when unknown."""
    return codes("TrangThaiHoSo").get(code or "", {})


_LABELS: dict | None = None


def class_label(key: str, lang: str = "vi") -> str:
    global _LABELS
    if _LABELS is None:
        _LABELS = _table()["classes"]["labels"]
    entry = _LABELS[key]
    return entry["label_en"] if lang == "en" else entry["label"]


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
    durations: list[Duration] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)
    verdict: str | None = None     # ok | rescheduled | mismatch | confused | missing | None (not checkable)
    closest: Expected | None = None
    confused: Expected | None = None      # the wrong-unit computation that explains the stored date
    original_due: datetime | None = None  # the due date the dossier is judged against
    class_key: str = "khong_xac_dinh"
    class_portal: str = "khong_xac_dinh"  # by the stored NgayHenTra, as the portal counts


def analyse(dossier: Dossier, ctx: Context) -> Analysis:
    """The shared analysis, computed once per dossier, context and calendar (kept on the
    Dossier object while the same manifest, procedure, calendar and reference day apply)."""
    cached = dossier.__dict__.get("_timeline_analysis")
    if cached is not None and cached[0] is ctx and cached[1] is dossier.manifest and cached[2] is dossier.procedure:
        return cached[3]
    cal = ctx.options.get("calendar") or default_calendar()
    a = _analyse(timeline_of(dossier.manifest or {}), dossier.procedure, cal, ctx.as_of or date.today(), ctx.options)
    dossier.__dict__["_timeline_analysis"] = (ctx, dossier.manifest, dossier.procedure, a)
    return a


def analyse_record(record: dict, procedure: dict | None, cal: Calendar, as_of: date,
                   options: dict | None = None) -> Analysis:
    return _analyse(timeline_of(record), procedure, cal, as_of, options or {})


def _analyse(t: Timeline, procedure: dict | None, cal: Calendar, as_of: date, options: dict) -> Analysis:
    a = Analysis(t=t, cal=cal, as_of=as_of, durations=durations_for(t, procedure))
    try:
        _judge_due(a, expected_dues(t, a.durations, cal, parameter("due_cutoffs_minutes", options)))
    except CalendarError:
        a.expected, a.verdict, a.original_due = [], None, t.due   # dates outside the calendar
    a.class_portal = classify(t, as_of, t.due)
    a.class_key = a.class_portal if a.original_due is t.due else classify(t, as_of, a.original_due)
    return a


_DURATIONS: dict[tuple[int, str | None], tuple[dict, list]] = {}


def durations_for(t: Timeline, procedure: dict | None) -> list[Duration]:
    """The processing times that may apply: the dossier's case (TenTruongHop/MaTruongHop) when
    it names one that the catalog knows, else every case of the procedure. Memoized per
    catalog entry object (a batch shares a handful of procedures)."""
    if not procedure:
        return []
    key = (id(procedure), t.case)
    hit = _DURATIONS.get(key)
    if hit is not None and hit[0] is procedure:
        return hit[1]
    out = _durations(t, procedure)
    if len(_DURATIONS) > 4096:
        _DURATIONS.clear()
    _DURATIONS[key] = (procedure, out)
    return out


def _durations(t: Timeline, procedure: dict) -> list[Duration]:
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
        wrong = _CONFUSED_WITH.get(e.duration.unit)
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


# --------------------------------------------------------------------------- helpers for findings

def _loc(pointer: str) -> dict:
    return {"pointer": pointer}


def _regime(code: str, t: Timeline) -> str | None:
    """The code in force for this dossier: Decree 61/2018 rules until their effective_to,
    the _ND118 twin from then on (by the dossier's reception date)."""
    r = rule(code)
    day = t.reception_day
    if day is None:
        return code
    iso = day.isoformat()
    if r.get("effective_from") and iso < r["effective_from"]:
        return None
    if r.get("effective_to") and iso >= r["effective_to"]:
        twin = code + "_ND118"
        try:
            rule(twin)
        except KeyError:
            return None
        return twin
    return code


def _working_days_text(cal: Calendar, stored: date, expected: date) -> tuple[str, str]:
    if stored > expected:
        n = cal.working_days_between(expected + timedelta(days=1), stored)
        return (f"muộn hơn {n} ngày làm việc", f"{n} working days later") if n else \
               (f"muộn hơn {(stored - expected).days} ngày lịch", f"{(stored - expected).days} calendar days later")
    n = cal.working_days_between(stored + timedelta(days=1), expected)
    return (f"sớm hơn {n} ngày làm việc", f"{n} working days earlier") if n else \
           (f"sớm hơn {(expected - stored).days} ngày lịch", f"{(expected - stored).days} calendar days earlier")


def _consequence(a: Analysis) -> tuple[str, str]:
    if a.class_portal == a.class_key:
        return "", ""
    return (f" Vì vậy hồ sơ bị tính '{class_label(a.class_portal)}' trong khi theo thời hạn đúng là "
            f"'{class_label(a.class_key)}'.",
            f" As a result the dossier counts as '{class_label(a.class_portal, 'en')}' while by the correct "
            f"due date it is '{class_label(a.class_key, 'en')}'.")


_START_KINDS = {"reception": ("tiếp nhận", "reception"),
                "supplement": ("nhận đủ hồ sơ bổ sung", "receipt of the complete supplement"),
                "pause": ("tiếp nhận, trừ thời gian chờ bổ sung", "reception, not counting the wait for the supplement")}


def _start_text(e: Expected) -> tuple[str, str]:
    vi, en = _START_KINDS[e.start_kind]
    return f"{fmt(e.start)} ({vi})", f"{fmt(e.start)} ({en})"


# --------------------------------------------------------------------------- checks

@check("timeline.due", applies_to="dossier",
       codes=["TIME.DUE_MISMATCH", "TIME.DUE_DAY_UNIT_CONFUSED", "TIME.DUE_MISSING"])
def check_due(dossier: Dossier, ctx: Context) -> list[Finding]:
    """The due date on the dossier is what the procedure's processing time gives on the calendar."""
    a = analyse(dossier, ctx)
    t = a.t
    if a.verdict == "missing":
        e = a.closest
        return [Finding.of("TIME.DUE_MISSING", location=_loc(t.pointer("NgayHenTra")),
                           evidence=f"NgayTiepNhan={fmt(t.received)}; NgayHenTra=",
                           duration=e.duration.label(), duration_en=e.duration.label("en"),
                           start=fmt(e.start), expected=fmt(e.moment))]
    if a.verdict not in ("mismatch", "confused"):
        return []
    e = a.closest
    stored = t.due.date()
    diff, diff_en = _working_days_text(a.cal, stored, e.moment.date())
    cons, cons_en = _consequence(a)
    evidence = f"NgayTiepNhan={fmt(t.received)}; NgayHenTra={fmt(t.due)}; MaTTHC={t.procedure or ''}"
    if a.verdict == "confused":
        c = a.confused
        right = next((x for x in a.expected if x.duration.unit == _CONFUSED_WITH[c.duration.unit]
                      and x.start_kind == c.start_kind and x.cutoff == c.cutoff), e)
        return [Finding.of("TIME.DUE_DAY_UNIT_CONFUSED", location=_loc(t.pointer("NgayHenTra")), evidence=evidence,
                           stored=fmt(t.due), wrong=UNIT_LABELS[c.duration.unit][0], wrong_en=UNIT_LABELS[c.duration.unit][1],
                           right=UNIT_LABELS[right.duration.unit][0], right_en=UNIT_LABELS[right.duration.unit][1],
                           duration=right.duration.label(), duration_en=right.duration.label("en"),
                           start=_start_text(right)[0], start_en=_start_text(right)[1], expected=fmt(right.moment),
                           consequence=cons, consequence_en=cons_en)]
    return [Finding.of("TIME.DUE_MISMATCH", location=_loc(t.pointer("NgayHenTra")), evidence=evidence,
                       stored=fmt(t.due), expected=fmt(e.moment), duration=e.duration.label(),
                       duration_en=e.duration.label("en"), start=_start_text(e)[0], start_en=_start_text(e)[1],
                       diff=diff, diff_en=diff_en,
                       consequence=cons, consequence_en=cons_en)]


@check("timeline.online_intake", applies_to="dossier",
       codes=["TIME.ONLINE_INTAKE_LATE", "TIME.ONLINE_INTAKE_OVERDUE"])
def check_online_intake(dossier: Dossier, ctx: Context) -> list[Finding]:
    """An online dossier is received, refused or sent back for supplement within 8 working hours."""
    a = analyse(dossier, ctx)
    t, cal = a.t, a.cal
    if t.channel != load_json("codes.json")["KenhThucHien"]["online"] or t.submitted is None:
        return []
    hours = float(parameter("online_intake_hours", ctx.options))
    cutoff = float(parameter("online_intake_cutoff_minutes", ctx.options))
    limit = int(hours) if hours.is_integer() else hours
    try:
        deadline = cal.add_working_hours(t.submitted, hours, cutoff)
        responses = [(m, kind) for m, kind in _responses(t) if m >= t.submitted]
        if responses:
            first, kind = min(responses)
            if first <= deadline:
                return []
            taken = cal.working_hours_between(cal.count_start(t.submitted, cutoff), first)
            vi, en = {"reception": ("tiếp nhận", "received"), "refusal": ("từ chối", "refused"),
                      "supplement_request": ("yêu cầu bổ sung", "sent back for supplement")}[kind]
            return [Finding.of("TIME.ONLINE_INTAKE_LATE", location=_loc(t.pointer("NgayNopHoSo")),
                               evidence=f"NgayNopHoSo={fmt(t.submitted)}; {kind}={fmt(first)}",
                               submitted=fmt(t.submitted), response=fmt(first), response_kind=vi, response_kind_en=en,
                               hours=f"{taken:.1f}", limit=limit)]
    except CalendarError:
        return []
    group = status_info(t.status).get("group")
    if group in (None, "not_received") and deadline.date() < a.as_of:
        return [Finding.of("TIME.ONLINE_INTAKE_OVERDUE", location=_loc(t.pointer("NgayNopHoSo")),
                           evidence=f"NgayNopHoSo={fmt(t.submitted)}; TrangThaiHoSo={t.status or ''}",
                           submitted=fmt(t.submitted), deadline=fmt(deadline), limit=limit)]
    return []


def _responses(t: Timeline) -> list[tuple[datetime, str]]:
    out = []
    if t.received:
        out.append((t.received, "reception"))
    if t.refused:
        out.append((t.refused, "refusal"))
    out += [(s.requested, "supplement_request") for s in t.supplements if s.requested]
    for ev in t.history:
        if ev.at is None:
            continue
        kind = event_kind(ev.text)
        if kind in ("reception", "refusal", "supplement_request"):
            out.append((ev.at, kind))
        elif ev.status in ("2", "3", "5") and kind is None:
            out.append((ev.at, {"2": "reception", "3": "refusal", "5": "supplement_request"}[ev.status]))
    return out


@check("timeline.supplements", applies_to="dossier",
       codes=["TIME.SUPPLEMENT_REPEATED", "TIME.SUPPLEMENT_AFTER_DUE", "TIME.SUPPLEMENT_AFTER_DUE_ND118",
              "TIME.SUPPLEMENT_AFTER_3_DAYS"])
def check_supplements(dossier: Dossier, ctx: Context) -> list[Finding]:
    """At most one supplement request per stage, within 3 working days and never after the due date."""
    a = analyse(dossier, ctx)
    t, cal = a.t, a.cal
    requests = [s for s in t.supplements if s.requested]
    if not requests:
        return []
    out = []
    intake = [s for s in requests if t.received is None or s.requested < t.received]
    processing = [s for s in requests if t.received is not None and s.requested >= t.received]
    for stage, stage_en, rows in (("tiếp nhận", "intake", intake), ("giải quyết", "processing", processing)):
        if len(rows) > 1:
            out.append(Finding.of("TIME.SUPPLEMENT_REPEATED", location=_loc(rows[1].pointer),
                                  evidence="; ".join(f"{r.source}={fmt(r.requested)}" for r in rows),
                                  count=len(rows), stage=stage, stage_en=stage_en,
                                  dates=", ".join(fmt(r.requested) for r in rows)))
    limit_days = int(parameter("supplement_request_max_working_days", ctx.options))
    reception = t.received
    due_before = a.original_due
    for s in processing:
        due = s.due_before or due_before
        code = _regime("TIME.SUPPLEMENT_AFTER_DUE", t)
        if code and due and s.requested.date() > due.date():
            out.append(Finding.of(code, location=_loc(s.pointer), evidence=f"{s.source}={fmt(s.requested)}; NgayHenTra={fmt(due)}",
                                  requested=fmt(s.requested), due=fmt(due)))
        code = _regime("TIME.SUPPLEMENT_AFTER_3_DAYS", t)
        if code and reception:
            try:
                if s.requested > cal.add_working_days(reception, limit_days):
                    days = cal.working_hours_between(reception, s.requested) / cal.hours_per_day
                    out.append(Finding.of(code, location=_loc(s.pointer),
                                          evidence=f"NgayTiepNhan={fmt(reception)}; {s.source}={fmt(s.requested)}",
                                          requested=fmt(s.requested), received=fmt(reception),
                                          days=f"{days:.1f}", limit=limit_days))
            except CalendarError:
                pass
        if s.received:
            reception, due_before = s.received, s.due_after    # the next round counts from here
    return out


@check("timeline.apology", applies_to="dossier",
       codes=["TIME.LATE_NO_APOLOGY", "TIME.LATE_NO_APOLOGY_ND118", "TIME.APOLOGY_TOO_LATE",
              "TIME.APOLOGY_TOO_LATE_ND118", "TIME.RESCHEDULED_MORE_THAN_ONCE",
              "TIME.RESCHEDULED_MORE_THAN_ONCE_ND118", "TIME.NEW_APPOINTMENT_MISSED"])
def check_apology(dossier: Dossier, ctx: Context) -> list[Finding]:
    """A late dossier has an apology and new appointment sent at least one working day before
    the original due date; only one new appointment; and the new appointment is kept."""
    a = analyse(dossier, ctx)
    t, cal, due = a.t, a.cal, a.original_due
    if due is None or a.class_key not in ("tre_han", "qua_han"):
        return []
    out = []
    try:
        limit = cal.previous_working_day(due.date())
        for _ in range(int(parameter("apology_min_working_days_before_due", ctx.options)) - 1):
            limit = cal.previous_working_day(limit)
    except CalendarError:
        return []
    if t.received and limit < t.received.date():
        limit = t.received.date()      # a same-day procedure: no letter can precede the reception
    finished = t.finished or t.returned
    late_vi, late_en = ("trễ hạn", "late") if a.class_key == "tre_han" else ("quá hạn, chưa có kết quả", "overdue and still open")
    fin_vi = f", kết thúc xử lý {fmt(finished)}" if a.class_key == "tre_han" else ""
    fin_en = f", finished {fmt(finished)}" if a.class_key == "tre_han" else ""
    letters = sorted((ap for ap in t.apologies if ap.sent), key=lambda ap: ap.sent)
    if not letters:
        code = _regime("TIME.LATE_NO_APOLOGY", t)
        if code:
            out.append(Finding.of(code, location=_loc(t.pointer("NgayHenTra")),
                                  evidence=f"NgayHenTra={fmt(due)}; NgayKetThucXuLy={fmt(finished)}",
                                  late=late_vi, late_en=late_en, due=fmt(due), finished=fin_vi, finished_en=fin_en,
                                  limit=fmt(limit)))
        return out
    first = letters[0]
    code = _regime("TIME.APOLOGY_TOO_LATE", t)
    if code and first.sent.date() > limit:
        out.append(Finding.of(code, location=_loc(first.pointer), evidence=f"{first.source}={fmt(first.sent)}; NgayHenTra={fmt(due)}",
                              sent=fmt(first.sent), limit=fmt(limit), due=fmt(due)))
    code = _regime("TIME.RESCHEDULED_MORE_THAN_ONCE", t)
    if code and len(letters) > 1:
        out.append(Finding.of(code, location=_loc(letters[1].pointer),
                              evidence="; ".join(f"{ap.source}={fmt(ap.sent)}" for ap in letters),
                              count=len(letters), dates=", ".join(fmt(ap.sent) for ap in letters)))
    new_due = next((ap.new_due for ap in reversed(letters) if ap.new_due), None)
    if new_due:
        if finished and finished.date() > new_due.date():
            out.append(Finding.of("TIME.NEW_APPOINTMENT_MISSED", location=_loc(letters[-1].pointer),
                                  evidence=f"NgayHenTraMoi={fmt(new_due)}; NgayKetThucXuLy={fmt(finished)}",
                                  new_due=fmt(new_due), outcome=f"kết thúc xử lý {fmt(finished)}",
                                  outcome_en=f"finished {fmt(finished)}"))
        elif not finished and a.as_of > new_due.date():
            out.append(Finding.of("TIME.NEW_APPOINTMENT_MISSED", location=_loc(letters[-1].pointer),
                                  evidence=f"NgayHenTraMoi={fmt(new_due)}", new_due=fmt(new_due),
                                  outcome=f"đến {fmt(a.as_of)} chưa có kết quả",
                                  outcome_en=f"still open on {fmt(a.as_of)}"))
    return out


# Pairs that must not run backwards: (earlier field, attribute), (later field, attribute).
_ORDER = (("NgayNopHoSo", "submitted", "NgayTiepNhan", "received"),
          ("NgayTiepNhan", "received", "NgayHenTra", "due"),
          ("NgayTiepNhan", "received", "NgayKetThucXuLy", "finished"),
          ("NgayKetThucXuLy", "finished", "NgayTra", "returned"),
          ("NgayTiepNhan", "received", "NgayTra", "returned"),
          ("NgayNopHoSo", "submitted", "NgayTuChoi", "refused"))
_PAST_FIELDS = (("NgayNopHoSo", "submitted"), ("NgayTiepNhan", "received"), ("NgayKetThucXuLy", "finished"),
                ("NgayTra", "returned"), ("NgayTuChoi", "refused"), ("NgayYeuCauBoSung", "supplement_requested"))


@check("timeline.consistency", applies_to="dossier",
       codes=["TIME.STATUS_DATE_MISSING", "TIME.STATUS_DATE_RECOMMENDED", "TIME.STATUS_DATE_CONFLICT",
              "TIME.DATES_BACKWARDS", "TIME.DATE_IN_FUTURE", "TIME.HISTORY_OUT_OF_ORDER", "TIME.HISTORY_STATUS_MISMATCH"])
def check_consistency(dossier: Dossier, ctx: Context) -> list[Finding]:
    """Status and dates agree, no date runs backwards or lies in the future, the history is in order.
    One finding per problem: an unreadable date is the manifest schema's finding (DOSSIER.SCHEMA,
    which judges every date field of the manifest), a finished dossier without its result is
    COMPONENT.RESULT_MISSING (which knows whether the procedure has an electronic result)."""
    a = analyse(dossier, ctx)
    t = a.t
    out = _status_dates(t)
    for early_name, early, late_name, late in _ORDER:
        x, y = getattr(t, early), getattr(t, late)
        if x and y and y < x:
            out.append(Finding.of("TIME.DATES_BACKWARDS", location=_loc(t.pointer(late_name)),
                                  evidence=f"{early_name}={fmt(x)}; {late_name}={fmt(y)}",
                                  earlier_field=early_name, earlier=fmt(x), later_field=late_name, later=fmt(y)))
    for i, s in enumerate(t.supplements):
        if s.requested and s.received and s.received < s.requested:
            out.append(Finding.of("TIME.DATES_BACKWARDS", location=_loc(s.pointer + "/NgayTiepNhanBoSung"),
                                  evidence=f"NgayBoSung={fmt(s.requested)}; NgayTiepNhanBoSung={fmt(s.received)}",
                                  earlier_field=f"DanhSachHoSoBoSung[{i + 1}].NgayBoSung", earlier=fmt(s.requested),
                                  later_field=f"DanhSachHoSoBoSung[{i + 1}].NgayTiepNhanBoSung", later=fmt(s.received)))
    future = []
    for name, attr in _PAST_FIELDS:
        value = getattr(t, attr)
        if value is not None and value.date() > a.as_of:
            future.append((name, value, t.pointer(name)))
    future += [(f"QuaTrinhXuLy[{ev.index}].ThoiDiemXuLy", ev.at, ev.pointer + "/ThoiDiemXuLy")
               for ev in t.history if ev.at and ev.at.date() > a.as_of]
    for name, value, p in future:
        out.append(Finding.of("TIME.DATE_IN_FUTURE", location=_loc(p), evidence=f"{name}={fmt(value)}",
                              field=name, value=fmt(value), as_of=fmt(a.as_of)))
    previous = None
    for ev in t.history:
        if ev.at is None:
            continue
        if previous and ev.at < previous.at:
            out.append(Finding.of("TIME.HISTORY_OUT_OF_ORDER", location=_loc(ev.pointer),
                                  evidence=f"QuaTrinhXuLy[{previous.index}]={fmt(previous.at)}; QuaTrinhXuLy[{ev.index}]={fmt(ev.at)}",
                                  index=ev.index, at=fmt(ev.at), previous=fmt(previous.at)))
        previous = ev
    last = next((ev for ev in reversed(t.history) if ev.status), None)
    if last and status_info(t.status) and last.status != t.status:
        out.append(Finding.of("TIME.HISTORY_STATUS_MISMATCH", location=_loc(last.pointer),
                              evidence=f"QuaTrinhXuLy[{last.index}].TrangThai={last.status}; TrangThaiHoSo={t.status}",
                              last=last.status, status=t.status))
    return out


def _status_dates(t: Timeline) -> list[Finding]:
    info = status_info(t.status)
    if not info:
        return []
    group = info["group"]
    names = {"status": t.status, "status_name": info["name"], "status_name_en": info["name_en"]}
    out = []

    def need(code: str, name: str, value) -> None:
        if value is None and not t.unreadable(name):
            out.append(Finding.of(code, location=_loc(t.pointer(name)), evidence=f"TrangThaiHoSo={t.status}; {name}=",
                                  field=name, **names))
    if group in ("in_process", "paused", "finished", "withdrawn"):
        need("TIME.STATUS_DATE_MISSING", "NgayTiepNhan", t.received)
    if group == "finished":
        need("TIME.STATUS_DATE_MISSING", "NgayKetThucXuLy", t.finished)
    if t.status == "10":
        need("TIME.STATUS_DATE_MISSING", "NgayTra", t.returned)
    if t.status == "3":
        need("TIME.STATUS_DATE_RECOMMENDED", "NgayTuChoi", t.refused)
    if t.status == "5" and not t.supplements:
        need("TIME.STATUS_DATE_RECOMMENDED", "NgayYeuCauBoSung", t.supplement_requested)
    if group in ("in_process", "not_received") and t.finished:
        out.append(Finding.of("TIME.STATUS_DATE_CONFLICT", location=_loc(t.pointer("NgayKetThucXuLy")),
                              evidence=f"TrangThaiHoSo={t.status}; NgayKetThucXuLy={fmt(t.finished)}",
                              field="NgayKetThucXuLy", value=fmt(t.finished), **names))
    return out


@check("timeline.status", applies_to="dossier", codes=["TIME.FINISHED_LATE", "TIME.OVERDUE_OPEN"])
def check_status(dossier: Dossier, ctx: Context) -> list[Finding]:
    """A dossier finished after its correct due date, or still open past it. The on-time class
    itself is a fact of every dossier, not a problem: `classification` gives it for the result
    record (tthc validate writes it as "on_time"), and findings are kept for problems."""
    a = analyse(dossier, ctx)
    t, due = a.t, a.original_due
    note_vi = note_en = ""
    if a.class_portal != a.class_key:
        note_vi = f"Theo ngày hẹn trả ghi trên hồ sơ ({fmt(t.due)}), Cổng DVC tính là '{class_label(a.class_portal)}'"
        note_en = f"by the due date on the dossier ({fmt(t.due)}) the portal counts it as '{class_label(a.class_portal, 'en')}'"
    finished = t.finished or t.returned
    loc = _loc(t.pointer("TrangThaiHoSo"))
    if a.class_key == "tre_han":
        return [Finding.of("TIME.FINISHED_LATE", location=loc, evidence=f"NgayKetThucXuLy={fmt(finished)}; NgayHenTra={fmt(due)}",
                           finished=fmt(finished), due=fmt(due), note=_sentence(note_vi), note_en=_sentence(note_en))]
    if a.class_key == "qua_han":
        return [Finding.of("TIME.OVERDUE_OPEN", location=loc, evidence=f"NgayHenTra={fmt(due)}; TrangThaiHoSo={t.status or ''}",
                           due=fmt(due), as_of=fmt(a.as_of), note=_sentence(note_vi), note_en=_sentence(note_en))]
    return []


def classification(dossier: Dossier, ctx: Context) -> dict:
    """The dossier's on-time class against the correct due date, and the class the portal gives it
    by the due date written on the dossier (they differ when that date is wrong)."""
    a = analyse(dossier, ctx)
    return {"class": a.class_key, "label": class_label(a.class_key), "label_en": class_label(a.class_key, "en"),
            "due": _iso(a.original_due), "due_on_dossier": _iso(a.t.due), "portal_class": a.class_portal,
            "as_of": a.as_of.isoformat()}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _sentence(text: str) -> str:
    return f" {text[0].upper()}{text[1:]}." if text else ""
