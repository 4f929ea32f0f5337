"""Deadlines: every phrase of a directive that says by when something must be done.

Normalized as ../shared/corpus/gold/CONVENTIONS.md §4 and the output contract say:
  date          `trước ngày 20/7/2024`, `chậm nhất đến ngày 19/7/2024`, `trước 17 giờ ngày 20/7`
  month         `trong tháng 6 năm 2023` (last day of the month)
  before_month  `trước tháng 6 năm 2023` (last day of the month before)
  quarter       `chậm nhất trong quý I năm 2023` (last day of the quarter)
  year          a task table's time cell `Năm 2025`, `Trong năm 2025` (last day of the year)
  recurring     `định kỳ hàng quý, năm` (the first period named), `Hằng ngày`, `trước ngày 20 hằng tháng`
  duration      `trong vòng 08 giờ làm việc`, `không quá 05 ngày`, `05 ngày làm việc kể từ …`
A missing year comes from the document date (the next year when that would put the day well before
the document). Not deadlines: dates of cited documents (they have no trigger), statistical or
review periods (`Từ ngày … – …`, `Số liệu từ … đến …`, `tính đến`, a `trong quý I` that ended before
the document was written), counts (`01 lần`) and urgency adverbs.

The cue words live in schemas/lexicons/deadline_cues.json and are matched on the accent-free
skeleton of the text (see references.skeleton), so OCR tone errors do not hide a trigger; values are
read from the original text at the same offsets.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import schemas
from schemas import built_from_data
from extract.directive.dates import (date_at, month_end, month_word, number_value,
                                     number_words_pattern, quarter_end, quarter_number, words)
from extract.directive.grammar import alternatives, folded_alternatives
from extract.directive.references import low_skeleton, phrase_regex, skeleton
from extract.model import Deadline, Span

# A yearless month or quarter more than this far before the document date belongs to the next year
# (nearer, it is the period under review). A yearless DAY is the first one on or after the date.
_ROLLOVER = timedelta(days=60)


def _alt(phrases) -> str:
    return phrase_regex({" ".join(skeleton(p).lower().split()) for p in phrases})


def _scanner(alternation: str, phrases) -> re.Pattern:
    """A regex that scans the whole lower-case skeleton: no re.IGNORECASE, and a look-ahead on
    the phrases' first letters so that `re` skips most positions fast."""
    first = "".join(sorted({skeleton(p).lower()[0] for p in phrases}))
    return re.compile(rf"(?=[{first}])(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")


def _word(rx: str) -> str:
    return rf"(?<![A-Za-z0-9]){rx}(?![A-Za-z0-9])"


class _Patterns(dict):
    """The deadline lexicon's tables, and its patterns compiled on first use: most documents need
    only a few of them (a document without a recurrence never compiles the recurrence patterns)."""

    def __init__(self, entries: dict) -> None:
        super().__init__((k, v) for k, v in entries.items() if not callable(v))
        self._builders = {k: v for k, v in entries.items() if callable(v)}

    def __missing__(self, key: str):
        value = self[key] = self._builders[key]()
        return value


@built_from_data
def _lex() -> dict:
    raw = schemas.load_json("lexicons", "deadline_cues.json")
    rec = raw["recurrence"]
    conn_kind = {skeleton(w).lower(): kind for kind, ws in raw["connectors"].items() for w in ws}
    periods = {" ".join(skeleton(k).lower().split()): v for k, v in rec["periods"].items()}
    units = [(" ".join(skeleton(u["words"]).lower().split()), u["unit"], u.get("factor", 1))
             for u in raw["duration_units"]]
    period_alt = _alt(rec["periods"])
    grammar = raw["pattern_words"]
    year_word = alternatives(grammar["year"])
    year_tail = (r"(?:\s*(?:,\s*)?" + year_word + r"\s*(?P<y>(?:19|20)[0-9]{2})"
                 r"|\s*[/-]\s*(?P<y2>(?:19|20)[0-9]{2}))?")
    return _Patterns({
        "trigger": lambda: _scanner("|".join([_alt(raw["limits"]), _alt(conn_kind), _alt(raw["lead_ins"]),
                                      _alt(rec["lead"]), _alt(rec["every"])]),
                            raw["limits"] + list(conn_kind) + raw["lead_ins"] + rec["lead"] + rec["every"]),
        "limit": lambda: re.compile(_word(_alt(raw["limits"])) + r"\s*:?\s*", re.I),
        "conn": lambda: re.compile(_word("(?P<c>" + _alt(conn_kind) + ")") + r"\s+", re.I),
        "conn_kind": conn_kind,
        "lead_in": lambda: re.compile(_word(_alt(raw["lead_ins"])) + r"\s*" + alternatives(grammar["copula"], r"\s+")
                              + r"?:?\s*", re.I),
        "recur": lambda: re.compile(
            rf"(?:{_word(_alt(rec['lead']))}\s+)?(?:(?:{_word(_alt(rec['every']))})\s+)?"
            rf"(?P<p>{period_alt})(?![A-Za-z0-9])"
            rf"(?:\s*(?:,|{alternatives(grammar['period_joiners'])})\s*(?:(?:{_alt(rec['every'])})\s+)?"
            rf"{period_alt}(?![A-Za-z0-9])(?!\s*[0-9]))*",
            re.I),
        "recur_lead": lambda: re.compile(_word(_alt(rec["lead"])), re.I),
        "recur_every": lambda: re.compile(_word(_alt(rec["every"])), re.I),
        "periods": periods,
        "period_word": lambda: re.compile(_word(period_alt), re.I),
        "after_verbs": lambda: re.compile("(?:" + _alt(rec["after_verbs"]) + r")\s+$", re.I),
        "verb_in_clause": lambda: re.compile(_word("(?:" + _alt(rec["after_verbs"]) + ")"), re.I),
        "plan_noun": lambda: re.compile(_word("(?:" + _alt(rec["plan_nouns"]) + r")"), re.I),
        "not_before_words": {skeleton(w).lower() for w in rec["not_before_words"]},
        "day_of_month": lambda: _day_of_month(grammar["day_of_month"]),
        "time_of_day": lambda: re.compile(raw["time_of_day"].replace("giờ", "gio") + r"\s*,?\s*", re.I),
        "month": lambda: re.compile(r"thang\s*(?P<m>[0-9]{1,2}(?![0-9])|[A-Za-z]+(?:\s+(?:mot|hai))?)" + year_tail
                            + r"(?![0-9A-Za-z/])", re.I),
        "quarter": lambda: re.compile(r"qu[yi]\s*(?P<q>" + _quarter_numerals() + r")(?![A-Za-z0-9])" + year_tail
                              + r"(?![0-9/])", re.I),
        "year": lambda: re.compile(r"(?P<nam>nam\s+)?(?P<a>(?:19|20)[0-9]{2})(?![0-9/])(?:\s*(?:" + _alt(raw["range_separators"])
                           + r")\s*(?:nam\s+)?(?P<b>(?:19|20)[0-9]{2})(?![0-9/]))?", re.I),
        "event": lambda: re.compile(_word(_alt(raw["event_cues"])), re.I),
        "event_day": lambda: re.compile(r"ngay\s+[0-9]", re.I),
        "event_subject": lambda: re.compile(r"[\s\-–+•*]*(?:[0-9]+(?:\.[0-9]+)*\.?|[a-z]\))?\s*" + _alt(raw["event_subjects"])
                                    + r"(?![a-z0-9])", re.I),
        "year_topic": lambda: re.compile(_word(_alt(raw["year_topic_cues"])), re.I),
        "open_ended": lambda: re.compile(r"\s*,?\s*(?:" + _alt(raw["open_ended"]) + r")(?![A-Za-z0-9])", re.I),
        "range_sep": lambda: re.compile(r"\s*(?:" + _alt(raw["range_separators"]) + r")\s*", re.I),
        "number": lambda: re.compile(r"(?P<n>[0-9]{1,3})(?:\s*\((?P<w>[^()\n]{1,20})\))?\s+", re.I),
        "number_words": lambda: re.compile(rf"(?P<n>{number_words_pattern()})\s+", re.I),
        "units": units,
        "unit": lambda: re.compile("(?P<u>" + _alt([u["words"] for u in raw["duration_units"]]) + ")(?![A-Za-z0-9])", re.I),
        "duration_not_before": lambda: re.compile(r"\s*" + _alt(raw["duration_not_before"]) + r"(?![A-Za-z0-9])", re.I),
        "anchor": lambda: re.compile(r"\s*,?\s*" + _alt(raw["duration_anchor"]) + r"(?![A-Za-z0-9])", re.I),
        "direction": lambda: re.compile(r"\s+" + _alt(raw["direction_after_duration"]) + r"(?![A-Za-z0-9])", re.I),
        "period_cue": lambda: re.compile(_word(_alt(raw["period_cues"])), re.I),
        "recurring_cue": lambda: re.compile(_word(_alt(raw["yearless_days"]["recurrence_cues"])), re.I),
        "sentence_window": raw["yearless_days"]["sentence_window"],
        "past_context": lambda: re.compile(_word(_alt(raw["past_dates"]["past_context"])), re.I),
        "condition": lambda: re.compile(_word(_alt(raw["past_dates"]["condition_cues"])), re.I),
        "cutoff": timedelta(days=raw["past_dates"]["cutoff_days"]),
        "condition_after": lambda: re.compile(r"[^,;.:]*?" + _word(_alt(raw["condition_dates"]["followed_by"])), re.I),
        "condition_window": raw["condition_dates"]["window"],
        "relative_year": lambda: re.compile(r"\s*,?\s*" + year_word + r"\s+(?!(?:" + _alt(raw["yearless_days"]["relative_year"]["this_year"])
                                    + r")(?![a-z]))[a-z]", re.I),
        "bare_duration": lambda: re.compile(r"(?=[0-9])(?<![a-z0-9/.,])(?P<n>[0-9]{1,3})(?:\s*\([^()\n]{1,20}\))?\s+(?="
                                    + _alt([u["words"] for u in raw["duration_units"]]) + r"(?![a-z0-9]))"),
    })


def _day_of_month(words: dict) -> re.Pattern:
    """'ngày 20 hằng tháng', 'ngày 25 của tháng cuối quý', 'ngày 05 tháng đầu quý sau' on the skeleton
    (deadline_cues.json pattern_words.day_of_month)."""
    day, month, quarter, each, edge, after = (folded_alternatives(words[k]) for k in
                                              ("day", "month", "quarter", "each", "quarter_edges", "next"))
    return re.compile(
        day + r"\s+(?P<d>[0-9]{1,2})\s+(?:" + each + r"\s+" + month + r"(?P<cuoiquy>\s+" + edge + r"\s+(?:" + each
        + r"\s+)?" + quarter + r")?|" + month + r"\s+" + edge + r"\s+(?:" + each + r"\s+)?(?P<quy>" + quarter + r"))(?:\s+"
        + after + r")?(?![A-Za-z0-9])", re.I)


def _quarter_numerals() -> str:
    """'IV|III|II|I|1..4' and the OCR readings of the lexicon ('IH' for III): numerals, not words."""
    keys = [k for k in words()["quarters"] if re.fullmatch(r"[IVXlH1-4]+", k)]
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


# --------------------------------------------------------------------------- parsing one phrase

def _year(m: re.Match) -> int | None:
    y = m.group("y") or m.group("y2")
    return int(y) if y else None


def _resolve_year(day: date | None, year_given: bool, doc_date: date | None) -> date | None:
    """A day printed without its year is the first such day on or after the document date
    ('trước ngày 15/11' in a document of 22/11/2025 -> 15/11/2026); find_deadlines turns it into a
    recurring one when its sentence names a cadence, and the checks say the year was inferred."""
    if day is None or year_given or doc_date is None:
        return day
    if day < doc_date:
        try:
            return day.replace(year=day.year + 1)
        except ValueError:
            return None
    return day


# Start of a clause: punctuation, a line break or a list label ("1.1", "a)", "-") before the word.
# A line break counts only after a finished sentence or as a blank line: a PDF wraps a paragraph's lines
# ('… trong dự toán ngân sách nhà nước' / 'hằng năm').
_CLAUSE_START = re.compile(r"(?:^|[.;:,()\t\f•+-]|[.;:!?)][ \t]*\n|\n[ \t]*\n|(?:^|\s)[0-9]+(?:\.[0-9]+)*\.?|(?:^|\s)[a-z]\))[ \t]*$")


# "vào ngày 25 hàng tháng": a day of the period before the cadence word.
_DAY_BEFORE = re.compile(r"ngay\s+[0-9]{1,2}\s+$")


_MORE_DAYS = re.compile(r"(?:\s*(?:,|va)\s*(?:ngay\s+)?[0-9]{1,2}\s*(?:/|thang)\s*[0-9]{1,2})+")


class _Parser:
    def __init__(self, text: str, skel: str, doc_date: date | None):
        self.text, self.skel, self.doc_date = text, skel, doc_date
        self.lex = _lex()

    def _ws(self, i: int) -> int:
        while i < len(self.text) and self.text[i] in " \t\n":
            i += 1
        return i

    def at(self, start: int) -> tuple[Deadline, str] | None:
        """Parse a deadline phrase beginning at the trigger at `start`: (deadline, connector kind)."""
        lex, skel = self.lex, self.skel
        i, conn, lead = start, None, False
        m = lex["limit"].match(skel, i)
        limit = bool(m)
        if m:
            i = m.end()
        m = lex["conn"].match(skel, i)
        if m:
            conn = lex["conn_kind"][" ".join(m.group("c").lower().split())]
            i = m.end()
            if conn == "on_after_limit":
                if not limit:
                    return self._event_day(start, i)
                conn = "until"
        if not limit and conn is None:
            m = lex["lead_in"].match(skel, i)
            if m:
                lead, i = True, m.end()
                if lex["limit"].match(skel, i) or lex["conn"].match(skel, i):
                    return None                     # the trigger that follows makes its own phrase
        text_start = i if lead else start
        if limit and conn is None:
            conn = "until"
        if not (limit or conn or lead):
            found = self._recurring(i)
            return (found, "recurring") if found else None
        for parse in (self._day_of_period, self._date, self._month, self._quarter, self._year, self._duration):
            got = parse(i, conn, lead or limit)
            if got:
                kind, end, fields = got
                return self._make(text_start, end, kind, **fields), conn or "lead"
        return None

    def _event_day(self, start: int, i: int) -> tuple[Deadline, str] | None:
        """'khởi công dự án … vào ngày 19 tháng 12 năm 2025': a named day, with its year, still to
        come, on which the directed act must happen (gold DECISIONS D6) is kind `date`. Without a
        year ('vào ngày 20/7'), before the document date (an account: 'được ký … vào ngày
        21/10/2022'), or in a clause about an event ('Hội nghị tổ chức vào ngày …', '… diễn ra vào
        ngày …'), the day dates an occasion, not a duty."""
        if self.doc_date is None or not self.lex["event_day"].match(self.skel, i):
            return None
        d = date_at(self.text, self._ws(i))
        if d is None or not d.year_given or d.value is None or d.value < self.doc_date:
            return None
        clause = self.skel[max([start - 160] + [self.skel.rfind(c, 0, start) for c in ".;:("]) + 1:start]
        if self.lex["event"].search(clause) or self.lex["event_subject"].match(clause):
            return None
        return self._make(start, d.end, "date", date=d.value.isoformat()), "on"

    def _make(self, start: int, end: int, kind: str, **fields) -> Deadline:
        raw = self.text[start:end]
        return Deadline(text=" ".join(raw.split()), kind=kind, span=Span(text=raw, start=start, end=end),
                        **fields)

    # ---- recurring: "định kỳ hằng tháng", "Hằng ngày", "định kỳ hàng quý, năm", "định kỳ 6 tháng"
    def _recurring(self, i: int) -> Deadline | None:
        lex, skel = self.lex, self.skel
        m = lex["recur"].match(skel, i)
        if not m:
            return None
        has_lead = bool(lex["recur_lead"].match(skel, i))
        has_every = bool(lex["recur_every"].search(skel, i, m.start("p")))
        if not (has_lead or has_every):
            return None
        # "định kỳ hàng quý, năm" -> the first period named that the contract can express
        named = [lex["periods"].get(" ".join(p.group(0).lower().split()))
                 for p in lex["period_word"].finditer(skel, m.start("p"), m.end())]
        recurrence = next((r for r in named if r), None)
        if recurrence is None:
            return None
        if has_every and not has_lead and not self._recurring_context_ok(i, m.end()):
            return None
        return self._make(i, m.end(), "recurring", recurrence=recurrence)

    def _recurring_context_ok(self, start: int, end: int) -> bool:
        """A bare 'hằng tháng' is a cadence at the start of a clause or after an action verb
        ('báo cáo hằng tháng'); after a noun it only qualifies it ('kế hoạch hằng năm')."""
        lex, skel = self.lex, self.skel
        after = skel[end:end + 12].lower().split()
        if after and after[0].strip(",.;:") in lex["not_before_words"]:
            return False                              # hàng ngày càng ...
        before = skel[max(0, start - 30):start]
        if _CLAUSE_START.search(before) or lex["after_verbs"].search(before) or _DAY_BEFORE.search(before):
            return True
        near = [w for w in skel[max(0, start - 60):start].split() if any(c.isalnum() for c in w)][-4:]
        if lex["plan_noun"].search(" ".join(near)):
            return False                              # 'dự toán ngân sách nhà nước hằng năm': a kind of budget
        clause = _CLAUSE_BREAK.split(skel[max(0, start - 160):start])[-1]
        return lex["verb_in_clause"].search(clause) is not None   # 'tổ chức diễn tập … hàng năm'

    # ---- "trước ngày 20 hằng tháng", "ngày 15 tháng cuối quý"
    def _day_of_period(self, i: int, conn: str | None, strong: bool):
        m = self.lex["day_of_month"].match(self.skel, i)
        if not m or conn not in ("before", "until", None):
            return None
        rec = "quarterly" if (m.group("quy") or m.group("cuoiquy")) else "monthly"
        return "recurring", m.end(), {"recurrence": rec}

    # ---- "ngày 20/7/2024", "17 giờ ngày 20/7", "20 tháng 7 năm 2024"
    def _date(self, i: int, conn: str | None, strong: bool):
        if conn not in ("before", "until", "within", None):
            return None
        j = i
        t = self.lex["time_of_day"].match(self.skel, j)
        if t:
            j = t.end()
        d = date_at(self.text, j, self.doc_date.year if self.doc_date else None, bare_yearless=True)
        if d is None or (d.day is None) or d.month is None:
            return None
        value = _resolve_year(d.value, d.year_given, self.doc_date)
        if value is None and d.year_given:
            return None
        end = d.end
        more = _MORE_DAYS.match(self.skel, end)
        if more and self.lex["recur_every"].match(self.skel, self._ws(more.end())):
            end = more.end()                           # 'trước ngày 01/6 và 15/11 hằng năm'
        after = self.lex["recur"].match(self.skel, self._ws(end))
        if after and self.lex["recur_every"].match(self.skel, self._ws(end)):
            rec = self.lex["periods"].get(" ".join(after.group("p").lower().split()))
            if rec:                                    # (a "6 tháng" cadence has no contract value)
                return "recurring", after.end(), {"recurrence": rec}    # trước ngày 15/12 hằng năm
        return "date", end, {"date": value.isoformat() if value else None}

    def _target_year(self, m: re.Match, last_day) -> int | None:
        """The stated year, or the document's (the next one when the period would end well before it)."""
        y = _year(m)
        if y is not None:
            return y
        if self.doc_date is None:
            return None
        y = self.doc_date.year
        return y + 1 if last_day(y) < self.doc_date - _ROLLOVER else y

    # ---- "tháng 6 năm 2023", "tháng 6/2023"
    def _month(self, i: int, conn: str | None, strong: bool):
        m = self.lex["month"].match(self.skel, i)
        if not m or conn == "at_most":
            return None
        month = month_word(self.text[m.start("m"):m.end("m")].lower())
        if month is None:
            return None
        y = self._target_year(m, lambda yy: month_end(yy, month))
        if conn == "before":
            value = None if y is None else (month_end(y, month - 1) if month > 1 else month_end(y - 1, 12))
            kind = "before_month"
        else:
            value, kind = (None if y is None else month_end(y, month)), "month"
        return kind, m.end(), {"date": value.isoformat() if value else None}

    # ---- "quý I năm 2023", "quý IV/2024", "Quý 1"
    def _quarter(self, i: int, conn: str | None, strong: bool):
        m = self.lex["quarter"].match(self.skel, i)
        if not m or conn in ("before", "at_most"):
            return None
        q = quarter_number(self.text[m.start("q"):m.end("q")])
        if q is None:
            return None
        y = self._target_year(m, lambda yy: quarter_end(yy, q))
        value = None if y is None else quarter_end(y, q)
        return "quarter", m.end(), {"date": value.isoformat() if value else None}

    # ---- "trong năm 2025", "đến hết năm 2025", "Thời gian thực hiện: năm 2026 - 2027" (the range's end)
    def _year(self, i: int, conn: str | None, strong: bool):
        if conn in ("before", "at_most"):
            return None
        m = self.lex["year"].match(self.skel, i)
        if not m or not (m.group("nam") or strong):
            return None                               # a bare '2025' only in a time line or cell
        if self.lex["open_ended"].match(self.skel, m.end()):
            return None                               # 'năm 2025 và các năm tiếp theo': open-ended
        before = self.skel[max(0, i - 12):i]
        if not strong and conn == "until" and re.search(r"(?<![a-z])den\s+$", before):
            return None                               # 'Phấn đấu đến năm 2030 …': a target's horizon
        clause = self.skel[_clause_start(self.skel, i):i]
        if not strong and self.lex["year_topic"].search(clause):
            return None                               # 'Đối với các nhiệm vụ … trong năm 2025, …'
        y = int(m.group("b") or m.group("a"))
        return "year", m.end(), {"date": date(y, 12, 31).isoformat()}

    # ---- "08 giờ làm việc", "05 (năm) ngày làm việc", "năm ngày", "15 ngày"
    def _duration(self, i: int, conn: str | None, strong: bool):
        if conn == "until" and not strong:
            return None                               # "đến 05 ngày" sets no limit
        lex = self.lex
        m = lex["number"].match(self.text, i)
        value = int(m.group("n")) if m else None
        if m is None:
            m = lex["number_words"].match(self.text, i)
            value = number_value(m.group("n")) if m else None
        if m is None or not value:
            return None
        u = lex["unit"].match(self.skel, m.end())
        if not u:
            return None
        key = " ".join(u.group("u").lower().split())
        unit, factor = next((un, f) for w, un, f in lex["units"] if w == key)
        if lex["duration_not_before"].match(self.skel, u.end()):
            return None                               # "trong 6 tháng đầu năm", "trong 03 ngày qua"
        end = u.end()
        d = lex["direction"].match(self.skel, end)
        if d:
            end = d.end()                             # "ít nhất là 01 ngày trước thời điểm hết hạn"
        return "duration", end, {"duration": {"value": value * factor, "unit": unit}}


# --------------------------------------------------------------------------- the whole text

def _in(pos: int, ranges) -> bool:
    return any(s <= pos < e for s, e in ranges)


_CELL = re.compile(r"[^\t\n]+")
_YEAR4 = re.compile(r"(?:19|20)[0-9]{2}")


def _table_cells(text: str):
    """Start offsets of the cells of tab-separated table rows (a plan's 'Thời gian hoàn thành' column)."""
    offset = 0
    for line in text.split("\n"):
        if "\t" in line:
            for cell in _CELL.finditer(line):
                lead = len(cell.group(0)) - len(cell.group(0).lstrip())
                if cell.group(0).strip():
                    yield offset + cell.start() + lead
        offset += len(line) + 1


def _cell_period(parser: "_Parser", text: str, start: int) -> Deadline | None:
    """A table cell that is nothing but a period with its year ('Quý II/2024', 'Tháng 6/2024',
    '30/6/2024') is the completion time of its row."""
    end = text.find("\t", start)
    line_end = text.find("\n", start)
    end = min(e for e in (end, line_end, len(text)) if e >= 0)
    cell = text[start:end].rstrip(" .;")
    if not _YEAR4.search(cell) or len(cell) > 30:
        return None
    for parse in (parser._date, parser._month, parser._quarter):
        got = parse(start, None, True)
        if got and got[1] == start + len(cell):
            kind, stop, fields = got
            return parser._make(start, stop, kind, **fields)
    return None


_RANGE_CELL = re.compile(r"(?:thang|quy)\s*(?P<a>[0-9]{1,2}|[ivxlh]{1,4})\s*(?:-|–|den)\s*(?:thang\s*|quy\s*)?"
                         r"(?P<b>[0-9]{1,2}|[ivxlh]{1,4})\s*(?:/|nam)\s*(?:19|20)[0-9]{2}")
_YEAR_CELL = re.compile(r"(?:(?:trong|ca|het|cuoi|den het|den cuoi)\s+)?(?:nam\s+)?(?:(?:19|20)[0-9]{2}\s*(?:-|–|den)\s*(?:nam\s+)?)?"
                        r"(?P<y>(?:19|20)[0-9]{2})")


def cell_deadlines(text: str, start: int, end: int, doc_date: date | None) -> list[Deadline]:
    """The deadlines a task table's time column states for its row: a phrase with its trigger
    ('Trước ngày 15/12/2025', 'Hằng quý'), else the cell as a bare period ('Quý III/2025',
    'Tháng 5', '30/6/2025', 'Năm 2025' -> kind `year`, its last day). Spans index `text`.
    'Thường xuyên' and other words give none. A period over before the document date stays:
    in a time column it is a due date, not a period under review (checks judge it)."""
    cell = text[start:end]
    found = []
    for dl in find_deadlines(cell, doc_date):
        found.append(dl)
    if not found:
        found = _cell_period_value(cell, doc_date)
    for dl in found:
        dl.span = Span(text=dl.span.text, start=dl.span.start + start, end=dl.span.end + start)
    return found


def _cell_period_value(cell: str, doc_date: date | None, ranged: bool = True) -> list[Deadline]:
    """A time cell that is only a period: 'Quý III/2025', 'Tháng 5', 'Năm 2025', '2025 - 2030'; a
    range of periods resolves to its end ('Quý IV/2025 - Quý II/2026' -> 2026-06-30)."""
    found: list[Deadline] = []
    body = cell.strip().rstrip(" .;")
    lead = len(cell) - len(cell.lstrip())
    skel = low_skeleton(body)
    parser = _Parser(body, skel, doc_date)
    m = _RANGE_CELL.fullmatch(skel)
    if m:                                          # 'Quý II - III/2025', 'Tháng 6-9/2025': the last period
        skel = skel[:m.start("a")] + " " * (m.start("b") - m.start("a")) + skel[m.start("b"):]
        parser = _Parser(body, skel, doc_date)
    for parse in (parser._date, parser._month, parser._quarter):
        got = parse(0, None, True)
        if got and not body[got[1]:].strip(" .;,"):
            kind, stop, fields = got
            if kind in ("date", "month", "quarter") and fields.get("date") is None:
                break
            dl = parser._make(0, stop, kind, **fields)
            dl.span = Span(text=dl.span.text, start=lead, end=lead + stop)
            found.append(dl)
            break
    else:
        m = _YEAR_CELL.fullmatch(skel)
        if m:
            y = int(m.group("y"))
            found.append(Deadline(text=body, kind="year", date=date(y, 12, 31).isoformat(),
                                  span=Span(text=body, start=lead, end=lead + len(body))))
    if not found and ranged:
        seps = list(_lex()["range_sep"].finditer(skel))
        if seps:                                   # 'Quý IV/2025 - Quý II/2026': the range's end
            cut = seps[-1].end()
            for dl in _cell_period_value(body[cut:], doc_date, ranged=False):
                found.append(Deadline(text=body, kind=dl.kind, date=dl.date,
                                      span=Span(text=body, start=lead, end=lead + len(body))))
    return found


def _is_period(skel: str, start: int, conn: str, lex: dict, dl: Deadline, doc_date: date | None) -> bool:
    """Statistical or review periods: 'tính đến ngày …', 'lũy kế …', 'từ ngày X đến ngày Y' over
    before the document. A 'từ ngày … đến ngày …' window still to come is when the work is done
    ('Đợt 01: … (từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025)'): its end counts. A
    span of years ('Thời gian thực hiện Chương trình: Từ năm 2025 đến hết năm 2030') is a
    programme's period, not a due day (gold DECISIONS B41; 24c7124ec6b2bf61 II.3)."""
    clause_start = _clause_start(skel, start)
    clause = skel[max(clause_start, start - 80):start]
    if lex["period_cue"].search(clause):
        return True
    if conn == "until" and re.search(r"(?<![A-Za-z])tu\s+nay\s", clause, re.I):
        return True                                   # 'Từ nay đến hết năm 2025': the time left
    if conn == "until" and re.search(r"(?<![A-Za-z])tu\s+(?:ngay\s+|nam\s+)?[0-9]", clause, re.I):
        ahead = dl.kind == "date" and dl.date and doc_date and date.fromisoformat(dl.date) >= doc_date
        return not ahead or bool(lex["event"].search(clause))
    return False


# Before a past date, these tell an account of what happened, not an order: "đã yêu cầu báo
# cáo trước ngày ...", "tính đến ngày ...", "số liệu đến ngày ...".
_PAST_CONTEXT = re.compile(r"\b(da|tinh den|so lieu|luy ke|tu ngay)\b")


def find_deadlines(text: str, doc_date: date | None, *, exclude: list[tuple[int, int]] = ()) -> list[Deadline]:
    """Every deadline phrase in `text`, normalized; span offsets index `text`; section and assignees
    are left empty. `doc_date` supplies missing years and tells a period under review (over before
    the document was written) from a deadline; when only the month of the document is known, pass
    the first day of that month. `exclude` lists char ranges that are not deadline territory."""
    lex = _lex()
    skel = low_skeleton(text)
    parser = _Parser(text, skel, doc_date)
    out: list[Deadline] = []
    covered_to = -1
    candidates = [(m.start(), "trigger") for m in lex["trigger"].finditer(skel)]
    candidates += [(m.start(), "bare") for m in lex["bare_duration"].finditer(skel)]
    candidates += [(m.start(1), "paren_year") for m in _PAREN_YEAR.finditer(skel)]
    candidates += [(m.start(), "frequency") for m in _FREQUENCY.finditer(skel)]
    if doc_date is not None:
        candidates += [(start, "cell") for start in _table_cells(text)]
    candidates.sort()
    for start, how in candidates:
        if start < covered_to or _in(start, exclude):
            continue
        if how == "cell":
            got = _cell_period(parser, text, start)
            if not got:
                continue
            dl, conn = got, "cell"
        elif how == "paren_year":
            near = [w for w in skel[max(0, start - 60):start].split() if any(c.isalnum() for c in w)][-4:]
            if lex["plan_noun"].search(" ".join(near)):
                continue                              # 'Kế hoạch 5 năm (2021 - 2025)': the plan's period
            got = parser._year(start, None, True)
            if not got:
                continue
            kind, end, fields = got
            dl, conn = parser._make(start, end, kind, **fields), "cell"
        elif how == "frequency":
            m = _FREQUENCY.match(skel, start)
            recurrence = lex["periods"].get(m.group("p"))
            if not recurrence:
                continue
            dl, conn = parser._make(start, m.end(), "recurring", recurrence=recurrence), "recurring"
        elif how == "bare":
            got = parser._duration(start, "within", True)
            if not got or not lex["anchor"].match(skel, got[1]):
                continue                              # a bare duration counts only with "kể từ …"
            kind, end, fields = got
            dl, conn = parser._make(start, end, kind, **fields), "anchor"
        else:
            parsed = parser.at(start)
            if not parsed:
                continue
            dl, conn = parsed
        if conn in ("until", "within", "lead") and _is_period(skel, start, conn, lex, dl, doc_date):
            continue
        clause_start = _clause_start(skel, start)
        if conn == "until" and _WINDOW_START.search(skel[max(clause_start, start - 80):start]):
            dl.window_end = True                      # 'từ ngày 20/11 đến ngày 03/12': the window's end
        if dl.kind in ("date", "month", "before_month", "quarter") and dl.date is None:
            continue                                  # no year to be had: not a normalized deadline
        sentence = _sentence_before(skel, start, lex["sentence_window"])
        if dl.kind == "date" and _in_condition(skel, dl.span.end, lex):
            continue                                  # '… trước ngày 01/8/2024 bị mất thì …': a condition
        if dl.kind == "date" and is_yearless(dl) and lex["relative_year"].match(skel, dl.span.end):
            continue                                  # 'trước ngày 15 tháng 8 năm cuối': a relative year
        if out and out[-1].kind == "recurring" and dl.kind == "date" and not is_yearless(dl) \
                and _RECUR_DAY.fullmatch(skel[out[-1].span.end:start]):
            continue                                  # 'Định kỳ hằng năm (trước ngày 15/12/2025)': its day
        if dl.kind == "date" and doc_date and is_yearless(dl):
            if _rolled(dl, doc_date) and lex["past_context"].search(skel[max(0, start - 40):start + 12]):
                continue                              # 'đã yêu cầu báo cáo trước ngày 15/11': an account
            if lex["recurring_cue"].search(sentence) or lex["recurring_cue"].match(skel, parser._ws(dl.span.end)):
                dl = _recurring_day(dl, out, text, skel, start, len(sentence))
                out.append(dl)
                covered_to = dl.span.end
                continue
        elif dl.date and doc_date and date.fromisoformat(dl.date) < doc_date and not (
                dl.kind in ("date", "before_month") and conn in ("before", "until")
                and not lex["past_context"].search(skel[max(0, start - 40):start + 12])
                and not lex["condition"].search(sentence)
                and date.fromisoformat(dl.date) >= doc_date - lex["cutoff"]):
            # A month or quarter over before the document was written is the period under
            # review; a day long past or in a condition is the cut-off of a past state ('nhà ở
            # xây dựng trước ngày 01/7/2006', 'Trường hợp … đã cấp trước ngày 01/8/2024'). A named
            # due day ("chậm nhất/trước ngày ...") shortly before the issue stays: that
            # contradiction is for the checks to report (DEADLINE.BEFORE_ISSUE).
            continue
        out.append(dl)
        covered_to = dl.span.end
    return out


def is_yearless(dl: Deadline) -> bool:
    """A named day printed without its year (the year was inferred from the document date)."""
    return dl.kind == "date" and not _YEAR4.search(dl.span.text if dl.span else dl.text)


def _rolled(dl: Deadline, doc_date: date) -> bool:
    """The yearless day, read in the document's year, falls before the document date."""
    due = date.fromisoformat(dl.date)
    return due.year > doc_date.year


def _in_condition(skel: str, end: int, lex: dict) -> bool:
    """The clause that holds the day goes on to 'thì' or 'mà': the day is part of a condition."""
    tail = skel[end:end + lex["condition_window"]]
    cut = min((i for i in (tail.find("\n\n"),) if i >= 0), default=len(tail))
    return bool(lex["condition_after"].match(tail[:cut]))


def _sentence_before(skel: str, start: int, window: int) -> str:
    """The sentence (or clause list item) that leads to `start`: back to '.', ';' or a blank line."""
    cut = max(skel.rfind(".", 0, start), skel.rfind(";", 0, start), skel.rfind("\n\n", 0, start))
    return skel[max(cut + 1, start - window):start]


def _recurring_day(dl: Deadline, out: list[Deadline], text: str, skel: str, start: int, reach: int) -> Deadline:
    """A yearless day in a sentence that names a cadence recurs every year ('Định kỳ 6 tháng (gửi
    trước ngày 15/6)', 'Hằng năm, … gửi báo cáo … đến ngày 15 tháng 12'). A bare yearly cadence of
    the same sentence before it is the same deadline: right before it, the two make one phrase
    ('Định kỳ hằng năm (trước ngày 15 tháng 12)'); further back, the day replaces it."""
    prev = out[-1] if out else None
    if prev is not None and prev.kind == "recurring" and prev.recurrence == "yearly" \
            and not _DIGIT.search(prev.text) and prev.span.end >= start - reach:
        out.pop()
        if _RECUR_DAY.fullmatch(skel[prev.span.end:start]):
            end = dl.span.end + (1 if text[dl.span.end:dl.span.end + 1] == ")" else 0)
            raw = text[prev.span.start:end]
            return Deadline(text=" ".join(raw.split()), kind="recurring", recurrence="yearly",
                            span=Span(text=raw, start=prev.span.start, end=end))
    return Deadline(text=dl.text, kind="recurring", recurrence="yearly", span=dl.span)


# A year or year range alone in parentheses: the time of an item ('… tiến tới thí điểm (2025 - 2026).').
_PAREN_YEAR = re.compile(r"\(\s*((?:giai doan\s+|nam\s+)?(?:19|20)[0-9]{2}(?:\s*(?:-|–)\s*(?:19|20)[0-9]{2})?)\s*\)")
_RECUR_DAY = re.compile(r"\s*,?\s*\(\s*(?:[a-z]+\s+){0,2}")     # 'hằng năm (gửi trước ngày …'

_DIGIT = re.compile(r"[0-9]")
# Where a clause ends: punctuation, or a line break before a blank line or a list label. A PDF wraps
# a paragraph's lines ('… để đánh giá,' / 'xếp loại cán bộ hằng năm.'): that break ends nothing.
_CLAUSE_BREAK = re.compile(r"[.;:\t\f]|\n(?=[ \t]*(?:\n|[-+•*]|[0-9]+(?:\.[0-9]+)*[.)]|[a-z]\)))")


def _clause_start(skel: str, pos: int, reach: int = 400) -> int:
    """Where the clause that leads to `pos` starts (see _CLAUSE_BREAK)."""
    lo = max(0, pos - reach)
    last = None
    for last in _CLAUSE_BREAK.finditer(skel, lo, pos):
        pass
    return last.end() if last else lo
# 'báo cáo 02 lần/ngày', 'kiểm tra hộp thư điện tử ít nhất 02 lần/ngày', 'thu gom tối thiểu 03 lần/tuần': a
# frequency sets the pace of the duty (recurring, gold 62f25a030c183151 IV'.5.b3); a bare count ('01 lần') does not.
_FREQUENCY = re.compile(r"(?<![a-z0-9/.,])[0-9]{1,2}\s*lan\s*(?:/|tren|moi|mot|1)\s*(?P<p>ngay|tuan|thang|quy|nam)(?![a-z0-9])")
_WINDOW_START = re.compile(r"(?<![a-z])tu\s+(?:ngay(?![a-z])|[0-9])")     # 'từ ngày …', 'Kể từ ngày ký', 'từ 20/11'

