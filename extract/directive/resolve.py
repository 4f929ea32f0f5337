"""Due dates of a directive's deadlines: every deadline as the dates it falls due, on the
working-day calendar, each saying what it was counted from.

Pure functions over a Directive (or one Deadline and the document text), a Calendar and the
anchor dates (the directive's date; the day the office received it):

- a named day, month, quarter or year (`trước ngày 28/6/2024`, `trong quý I năm 2024`) is the
  date the extractor gave, anchor `stated`;
- a duration (`trong 05 ngày làm việc kể từ ngày ký`, `chậm nhất 10 ngày kể từ ngày nhận`) is
  counted from the anchor the words after it name (schemas/lexicons/deadline_anchors.json):
  `issued` (the directive's date) or `received` (a receipt date given by the clerk); a duration
  that names none counts from the date of issue and says the anchor was assumed; one that
  counts from an event the document does not date (`kể từ ngày kết thúc đợt kiểm tra`) has no
  date and says why. Days are counted as the Civil Code counts them (Điều 147: the anchor day is
  not counted; Điều 148: a period ending on a day off ends on the next working day): working
  days skip weekends, holidays and the government's swapped days, calendar days land on a
  working day;
- a recurring deadline (`định kỳ hằng quý`, `trước ngày 30 tháng 11 hằng năm`, `trước ngày 20
  hằng tháng`) expands into its next occurrences from the date of issue: the named day of each
  period, or the last day of the period when it names none.
"""
from __future__ import annotations

import calendar as _cal
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import schemas
from schemas import built_from_data
from extract.directive.dates import find_dates
from extract.directive.grammar import folded_alternatives
from extract.directive.references import low_skeleton
from extract.model import Deadline, Directive

ABSOLUTE_KINDS = ("date", "month", "before_month", "quarter", "year")
ANCHORS = ("stated", "issued", "received", "event")


@dataclass(frozen=True)
class Anchors:
    """The dates a relative deadline may count from."""
    issued: date | None = None       # the directive's date (ngày ký, ban hành)
    received: date | None = None     # the day the office received it


@dataclass(frozen=True)
class Due:
    """One date a deadline falls due (a recurring deadline has several)."""
    deadline: int                    # index into Directive.deadlines
    date: date | None                # None: could not be resolved (`reason` says why)
    anchor: str                      # stated | issued | received | event
    anchor_date: date | None = None
    anchor_assumed: bool = False     # a duration naming no anchor: counted from the date of issue
    anchor_text: str | None = None   # the words naming the anchor ("kể từ ngày ký")
    occurrence: int | None = None    # 1, 2, … of a recurring deadline
    recurrence: str | None = None
    reason: str | None = None        # vi, when date is None
    reason_en: str | None = None

    @property
    def basis(self) -> str:
        """How the date was obtained, in Vietnamese (for tables, calendars and the report)."""
        return basis_text(self, "vi")

    def to_dict(self) -> dict:
        return {"deadline": self.deadline, "date": self.date.isoformat() if self.date else None,
                "anchor": self.anchor, "anchor_date": self.anchor_date.isoformat() if self.anchor_date else None,
                "anchor_assumed": self.anchor_assumed, "anchor_text": self.anchor_text,
                "occurrence": self.occurrence, "recurrence": self.recurrence,
                "basis": basis_text(self, "vi"), "basis_en": basis_text(self, "en")}


def _dmy(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "?"


RECURRENCE_VI = {"daily": "hằng ngày", "weekly": "hằng tuần", "monthly": "hằng tháng", "quarterly": "hằng quý",
                 "yearly": "hằng năm"}


def basis_text(due: Due, lang: str = "vi") -> str:
    vi = lang == "vi"
    if due.date is None:
        return (due.reason if vi else due.reason_en) or ""
    if due.anchor == "stated":
        if due.recurrence:
            label = RECURRENCE_VI.get(due.recurrence, due.recurrence) if vi else due.recurrence
            return (f"lần {due.occurrence} của thời hạn {label}" if vi
                    else f"occurrence {due.occurrence} of a {label} deadline")
        return "ngày ghi trong văn bản" if vi else "date stated in the document"
    if due.anchor == "issued":
        if due.anchor_assumed:
            return (f"tính từ ngày ban hành {_dmy(due.anchor_date)} (văn bản không nêu mốc)" if vi
                    else f"counted from the date of issue {_dmy(due.anchor_date)} (the document names no anchor)")
        return (f"tính từ ngày ký ban hành {_dmy(due.anchor_date)}" if vi
                else f"counted from the date of issue {_dmy(due.anchor_date)}")
    return (f"tính từ ngày nhận {_dmy(due.anchor_date)}" if vi
            else f"counted from the date received {_dmy(due.anchor_date)}")


@built_from_data
def _lex() -> dict:
    raw = schemas.load_json("lexicons", "deadline_anchors.json")
    fold = lambda s: " ".join(low_skeleton(s).split())   # noqa: E731
    cues = sorted((fold(c) for c in raw["cues"]), key=len, reverse=True)
    anchors = [(kind, tuple(fold(w).split())) for kind, words in raw["anchors"].items() for w in words]
    anchors.sort(key=lambda a: len(a[1]), reverse=True)
    weekdays = {fold(k): v for k, v in raw["weekdays"].items()}
    return {"cue": re.compile(r"^[\s,(]*(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues) + r")(?![a-z])"),
            "anchors": anchors, "window": raw["window_words"], "weekdays": weekdays,
            "before_anchor": {fold(w) for w in raw["before_anchor"]},
            "weekly_default": raw["weekly_default_weekday"], "occurrences": raw["occurrences"]}


# --------------------------------------------------------------------------- anchors

def anchor_of(deadline: Deadline, text: str) -> tuple[str | None, str | None]:
    """(anchor kind, the words naming it) of a duration deadline, read from the document text
    right after the duration: `issued`, `received`, `event` (an anchor the document does not
    date), or (None, None) when no anchor is named."""
    if deadline.span is None:
        return None, None
    return anchor_after(text, deadline.span.end)


def anchor_after(text: str, pos: int) -> tuple[str | None, str | None]:
    lex = _lex()
    tail = text[pos:pos + 160]
    skel = low_skeleton(tail)
    m = lex["cue"].match(skel)
    if not m:
        return None, None
    words = skel[m.end():].split()[:lex["window"]]
    words = [w.strip(",.;:()") for w in words]
    start = 1 if words and words[0] in lex["before_anchor"] else 0
    kind = next((k for k, phrase in lex["anchors"] if tuple(words[start:start + len(phrase)]) == phrase), "event")
    # the words shown: from the cue to the end of the clause, at most the window
    shown = re.split(r"[,.;:\n]", tail[len(tail) - len(tail.lstrip(" ,(")):], maxsplit=1)[0]
    shown = " ".join(shown.split()[:lex["window"] + 2])
    return kind, shown or None


# --------------------------------------------------------------------------- durations

def _end_of_day(d: date) -> datetime:
    return datetime.combine(d, time(23, 59))


def add_duration(calendar, anchor: date, value: float, unit: str) -> date:
    """The due date `value` `unit`s after the anchor day (the anchor day itself not counted)."""
    if unit in ("working_day", "working_hour"):
        moment = calendar.add(_end_of_day(anchor), value, unit)
        return calendar.previous_working_day(moment.date(), include=True) if moment.time() == time(0, 0) \
            else moment.date()
    if unit == "hour":
        return calendar.next_working_day((_end_of_day(anchor) + timedelta(hours=value)).date(), include=True)
    return calendar.add(datetime.combine(anchor, time(0, 0)), value, unit).date()


def resolve_duration(index: int, deadline: Deadline, text: str, calendar, anchors: Anchors) -> Due:
    duration = deadline.duration or {}
    kind, words = anchor_of(deadline, text)
    assumed = kind is None
    kind = kind or "issued"
    if kind == "event":
        return Due(index, None, "event", anchor_text=words,
                   reason=f"tính từ một sự kiện văn bản không ghi ngày ({words})",
                   reason_en=f"counted from an event the document does not date ({words})")
    anchor_date = anchors.issued if kind == "issued" else anchors.received
    if anchor_date is None:
        reason = ("chưa có ngày nhận văn bản (register add --received DD/MM/YYYY)" if kind == "received"
                  else "văn bản không có ngày ban hành")
        reason_en = ("no date received given (register add --received DD/MM/YYYY)" if kind == "received"
                     else "the document has no date of issue")
        return Due(index, None, kind, anchor_assumed=assumed, anchor_text=words, reason=reason, reason_en=reason_en)
    if kind == "received" and anchors.issued and anchor_date < anchors.issued:
        return Due(index, None, kind, anchor_date, assumed, words,
                   reason=f"ngày nhận {_dmy(anchor_date)} trước ngày ban hành {_dmy(anchors.issued)}",
                   reason_en=f"the date received {_dmy(anchor_date)} is before the date of issue {_dmy(anchors.issued)}")
    value, unit = duration.get("value"), duration.get("unit")
    if not value or not unit:
        return Due(index, None, kind, anchor_date, assumed, words, reason="thời hạn không đọc được",
                   reason_en="the duration could not be read")
    return Due(index, add_duration(calendar, anchor_date, value, unit), kind, anchor_date, assumed, words)


# --------------------------------------------------------------------------- recurring

def _month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def _clamped(y: int, m: int, d: int) -> date:
    return date(y, m, min(d, _cal.monthrange(y, m)[1]))


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


@dataclass(frozen=True)
class Cadence:
    """What a recurring deadline's words say about the day of each period."""
    recurrence: str
    day: int | None = None           # day of the month
    month: int | None = None         # month of the year (yearly)
    quarter_month: str | None = None  # "last" | "first" | "next_first": the month of the quarter
    weekday: int | None = None


@built_from_data
def _day_words() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """The day of the month and the month of the quarter of a cadence, and the quarter edges
    ('cuối' -> last, 'đầu' -> first) by their skeleton (deadline_cues.json pattern_words.day_of_month)."""
    words = schemas.load_json("lexicons", "deadline_cues.json")["pattern_words"]["day_of_month"]
    day, month, quarter, each, edge, after = (folded_alternatives(words[k]) for k in
                                              ("day", "month", "quarter", "each", "quarter_edges", "next"))
    edges = {" ".join(low_skeleton(w).split()): where for w, where in words["quarter_edges"].items()}
    return (re.compile(day + r"\s+(?P<d>[0-9]{1,2})(?![0-9/])"),
            re.compile(month + r"\s+(?P<w>" + edge + r")\s+(?:" + each + r"\s+)?" + quarter + r"(?P<next>\s+" + after + ")?"),
            edges)


def cadence_of(deadline: Deadline, doc_year: int | None = None) -> Cadence:
    skel = low_skeleton(deadline.text)
    rec = deadline.recurrence or ""
    if rec == "yearly":
        for dm in find_dates(deadline.text, default_year=doc_year or 2000):
            if dm.day and dm.month:
                return Cadence(rec, day=dm.day, month=dm.month)
        return Cadence(rec)
    if rec == "quarterly":
        day_re, quarter_month_re, edges = _day_words()
        q = quarter_month_re.search(skel)
        d = day_re.search(skel)
        if q:
            where = "next_first" if q.group("next") else edges[q.group("w")]
            return Cadence(rec, day=int(d.group("d")) if d else None, quarter_month=where)
        return Cadence(rec, day=int(d.group("d")) if d else None)
    if rec == "monthly":
        d = _day_words()[0].search(skel)
        return Cadence(rec, day=int(d.group("d")) if d else None)
    if rec == "weekly":
        lex = _lex()
        folded = " ".join(skel.split())
        for words, wd in sorted(lex["weekdays"].items(), key=lambda kv: -len(kv[0])):
            if re.search(rf"(?<![a-z]){re.escape(words)}(?![a-z0-9])", folded):
                return Cadence(rec, weekday=wd)
        return Cadence(rec, weekday=lex["weekly_default"])
    return Cadence(rec)


def occurrences(cadence: Cadence, start: date, count: int, calendar=None) -> list[date]:
    """The first `count` due dates of a cadence on or after `start`."""
    out: list[date] = []
    rec = cadence.recurrence
    if rec == "daily":
        d = start
        while len(out) < count:
            if calendar is None or calendar.is_working_day(d):
                out.append(d)
            d += timedelta(days=1)
        return out
    if rec == "weekly":
        d = start + timedelta(days=(cadence.weekday - start.weekday()) % 7)
        while len(out) < count:
            out.append(d)
            d += timedelta(days=7)
        return out
    y, m = start.year, start.month
    candidates = []
    if rec == "monthly":
        for n in range(count + 2):
            yy, mm = _add_months(y, m, n)
            candidates.append(_clamped(yy, mm, cadence.day) if cadence.day else _month_end(yy, mm))
    elif rec == "quarterly":
        q0 = (m - 1) // 3
        for n in range(count + 2):
            yy, qm = _add_months(y, q0 * 3 + 1, 3 * n)          # first month of the quarter
            if cadence.quarter_month == "last":
                yy, mm = _add_months(yy, qm, 2)
            elif cadence.quarter_month == "next_first":
                yy, mm = _add_months(yy, qm, 3)
            elif cadence.quarter_month == "first":
                mm = qm
            else:
                yy, mm = _add_months(yy, qm, 2)
                if cadence.day is None:
                    candidates.append(_month_end(yy, mm))
                    continue
            candidates.append(_clamped(yy, mm, cadence.day) if cadence.day else _month_end(yy, mm))
    elif rec == "yearly":
        for n in range(count + 2):
            yy = y + n
            candidates.append(_clamped(yy, cadence.month, cadence.day) if cadence.month and cadence.day
                              else date(yy, 12, 31))
    for d in sorted(set(candidates)):
        if d >= start and len(out) < count:
            out.append(d)
    return out


def resolve_recurring(index: int, deadline: Deadline, calendar, anchors: Anchors,
                      count: int | None = None, start: date | None = None) -> list[Due]:
    begin = start or anchors.issued or anchors.received
    if begin is None:
        return [Due(index, None, "stated", recurrence=deadline.recurrence,
                    reason="văn bản không có ngày ban hành để bắt đầu kỳ", reason_en="no date of issue to start from")]
    n = count or _lex()["occurrences"].get(deadline.recurrence or "", 4)
    cadence = cadence_of(deadline, begin.year)
    # the first occurrence after the day of issue: a periodic task is never due the day it is set
    dates = occurrences(cadence, begin + timedelta(days=1), n, calendar)
    return [Due(index, d, "stated", anchor_date=begin, occurrence=i, recurrence=deadline.recurrence)
            for i, d in enumerate(dates, 1)]


# --------------------------------------------------------------------------- one deadline, a directive

def resolve_deadline(index: int, deadline: Deadline, text: str, calendar, anchors: Anchors,
                     count: int | None = None) -> list[Due]:
    """The due dates of one deadline (index into its directive's deadlines)."""
    if deadline.kind == "recurring":
        return resolve_recurring(index, deadline, calendar, anchors, count)
    if deadline.kind == "duration":
        return [resolve_duration(index, deadline, text, calendar, anchors)]
    if deadline.date:
        try:
            return [Due(index, date.fromisoformat(deadline.date), "stated")]
        except ValueError:
            pass
    return [Due(index, None, "stated", reason="văn bản không ghi đủ ngày", reason_en="the document gives no full date")]


def anchors_of(directive: Directive, received: date | None = None) -> Anchors:
    issued = None
    if directive.date:
        try:
            issued = date.fromisoformat(directive.date)
        except ValueError:
            issued = None
    return Anchors(issued=issued, received=received)


def resolve(directive: Directive, text: str, calendar, received: date | None = None,
            count: int | None = None) -> list[list[Due]]:
    """For every deadline of the directive (same order), its due dates."""
    anchors = anchors_of(directive, received)
    return [resolve_deadline(i, dl, text, calendar, anchors, count) for i, dl in enumerate(directive.deadlines)]

