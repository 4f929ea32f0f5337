"""Dossier timeline rules (family TIME, schemas/rules/time.json).

The checks compare facts with rules. The facts are the dossier's timeline analysis
(extract/dossier/ontime.py: the dates of the manifest, the due dates the procedure's
processing time gives on the working-day calendar, the on-time class), computed once by the
runner and kept on the Dossier (`dossier.timeline`); the parameters (the online intake
window, supplement and apology limits; the due-date cut-offs and class labels the analysis
used) come from the TimelinePolicy (schemas/policies.py, from schemas/timeline.json) the
Context carries. The regime (Decree 61/2018 vs 118/2025) follows the dossier's reception date.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from checks.registry import Context, check
from extract.calendar import Calendar, CalendarError, default_calendar
from extract.dossier.durations import UNIT_LABELS
from extract.dossier.ontime import CONFUSED_WITH, Analysis, Expected, analysis_of, status_info
from extract.dossier.timeline import Timeline, event_kind, fmt
from extract.model import Dossier, Finding
from schemas import load_json, rule


def analyse(dossier: Dossier, ctx: Context) -> Analysis:
    """The dossier's timeline facts: those the runner kept on it, else computed for this call
    (a check called on its own) and not kept."""
    if dossier.timeline is not None:
        return dossier.timeline
    return analysis_of(dossier, ctx.options.get("calendar") or default_calendar(), ctx.as_of, ctx.timeline_policy)


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
    class_label = a.policy.class_label
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
        right = next((x for x in a.expected if x.duration.unit == CONFUSED_WITH[c.duration.unit]
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
    hours = ctx.timeline_policy.online_intake_hours
    cutoff = ctx.timeline_policy.online_intake_cutoff_minutes
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
                               hours=float(taken), limit=limit)]
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
    limit_days = ctx.timeline_policy.supplement_request_max_working_days
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
                                          days=float(days), limit=limit_days))
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
        for _ in range(ctx.timeline_policy.apology_min_working_days_before_due - 1):
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
    t, due, class_label = a.t, a.original_due, a.policy.class_label
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


def _sentence(text: str) -> str:
    return f" {text[0].upper()}{text[1:]}." if text else ""
