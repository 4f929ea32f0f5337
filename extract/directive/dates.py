"""Vietnamese dates as directives write them.

`ngày 20 tháng 10 năm 2022`, `20/10/2022`, `20-10-2022`, `20.10.2022`, `ngày 04/10/2023`, a date
without its year (`ngày 20/7`, year from the document date), and the blanks of a document not yet
registered (`ngày   tháng 7 năm 2024` -> no date, partial {"year": 2024, "month": 7}). Keywords,
month words and quarter numerals come from schemas/lexicons/calendar_words.json. A footnote marker
never changes a year: superscripts are not digits here, and the OCR habit of gluing the marker
onto the year (`20/9/20235`) is read as 2023.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import schemas
from schemas import built_from_data


@dataclass(frozen=True)
class DateMatch:
    text: str
    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None
    year_given: bool          # False when the year was taken from `default_year`

    @property
    def value(self) -> date | None:
        """The date, when day, month and year are all known and valid."""
        if self.day and self.month and self.year:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None

    @property
    def iso(self) -> str | None:
        v = self.value
        return v.isoformat() if v else None

    @property
    def partial(self) -> dict | None:
        """{"year": 2024, "month": 7} for a date whose day (or more) is blank; None for a full date."""
        if self.value:
            return None
        return {k: v for k, v in (("year", self.year), ("month", self.month)) if v}


# --------------------------------------------------------------------------- lexicon

@built_from_data
def words() -> dict:
    return schemas.load_json("lexicons", "calendar_words.json")


def keyword(name: str) -> str:
    """Regex alternation for a date keyword (`day`, `month`, `year`, `quarter`) and its OCR spellings."""
    return "(?:" + "|".join(sorted(map(re.escape, words()["keywords"][name]), key=len, reverse=True)) + ")"


def month_word(token: str) -> int | None:
    if token.isdigit():
        m = int(token)
        return m if 1 <= m <= 12 else None
    return words()["month_words"].get(token.lower())


def quarter_number(token: str) -> int | None:
    q = words()["quarters"]
    return q.get(token) or q.get(token if token.isupper() or token.isdigit() else token.lower()) \
        or q.get(token.upper())


def number_value(token: str) -> int | None:
    """`05` -> 5, `năm` -> 5, `mười lăm` -> 15, `hai mươi` -> 20 (number words from the lexicon)."""
    t = " ".join(token.lower().split())
    if t.isdigit():
        return int(t)
    nw = words()["number_words"]
    units, ten, tens = nw["units"], nw["ten"], nw["tens_suffix"]
    parts = t.split()
    if len(parts) == 1:
        if parts[0] == ten:
            return 10
        return units.get(parts[0]) if parts[0] not in nw["after_ten_only"] else None
    if parts[0] == ten and len(parts) == 2 and parts[1] in units:
        return 10 + units[parts[1]]
    if len(parts) >= 2 and parts[1] == tens and parts[0] in units:
        base = units[parts[0]] * 10
        if len(parts) == 2:
            return base
        if len(parts) == 3 and parts[2] in units:
            return base + units[parts[2]]
    return None


def number_words_pattern() -> str:
    nw = words()["number_words"]
    unit = "|".join(sorted(map(re.escape, nw["units"]), key=len, reverse=True))
    ten, tens = re.escape(nw["ten"]), re.escape(nw["tens_suffix"])
    return rf"(?:(?:{unit})\s+{tens}(?:\s+(?:{unit}))?|{ten}(?:\s+(?:{unit}))?|(?:{unit}))"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, quarter * 3)


# --------------------------------------------------------------------------- patterns

YEAR = r"(?:19|20)[0-9]{2}"
# A year followed by exactly one more digit is a footnote marker glued on by OCR (20/9/20235).
_YEAR_GROUP = rf"(?P<y>{YEAR})(?:[0-9](?![0-9]))?"
_BLANK = r"[\s.…_·]*"


@built_from_data
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    day_kw, month_kw, year_kw = keyword("day"), keyword("month"), keyword("year")
    mwords = "|".join(sorted(map(re.escape, words()["month_words"]), key=len, reverse=True))
    # "ngày 20 tháng 10 năm 2022", "ngày   tháng 7 năm 2024", "20 tháng 10", "ngày 05 tháng 01"
    spelled = re.compile(
        rf"(?<![\w/])(?:(?P<kw>{day_kw})\s*(?P<d>[0-9]{{1,2}})?{_BLANK}|(?P<d2>[0-9]{{1,2}})\s+)"
        rf"(?:,\s*)?{month_kw}\s*(?P<m>[0-9]{{1,2}}(?![0-9])|(?:{mwords})\b(?!\s*[0-9]))?{_BLANK}"
        rf"(?:(?:,\s*)?{year_kw}\s*{_YEAR_GROUP})?(?![0-9])",
        re.IGNORECASE)
    # "20/10/2022", "20-10-2022", "20.10.2022", "ngày 20/7" (no year only after "ngày" and with "/")
    numeric = re.compile(
        rf"(?<![\w/.-])(?:(?P<kw>{day_kw})\s*)?(?P<d>[0-9]{{1,2}})\s?(?P<sep>[/.-])\s?(?P<m>[0-9]{{1,2}})"
        rf"(?:\s?(?P=sep)\s?{_YEAR_GROUP})?(?![0-9/]|\.[0-9])",
        re.IGNORECASE)
    return spelled, numeric


def _match_to_date(m: re.Match, default_year: int | None, spelled: bool,
                   bare_yearless: bool = False) -> DateMatch | None:
    gd = m.groupdict()
    d_txt = gd.get("d") or gd.get("d2")
    day = int(d_txt) if d_txt else None
    month = month_word(gd["m"]) if gd.get("m") else None
    year = int(gd["y"]) if gd.get("y") else None
    if not spelled:
        if year is None and (gd["sep"] != "/" or not (gd.get("kw") or bare_yearless)):
            return None
    else:
        if month is None and year is None:
            return None                            # "ngày 20 tháng" with nothing after: not a date
        if day is None and not gd.get("kw"):
            return None
    year_given = year is not None
    if year is None and day and month:
        year = default_year
    if day is not None and not (1 <= day <= 31):
        return None
    if month is not None and not (1 <= month <= 12):
        return None
    printed = m.group(0).rstrip(" \t\n.…_·")          # blanks after the last field are not the date's
    dm = DateMatch(text=printed, start=m.start(), end=m.start() + len(printed),
                   day=day, month=month, year=year, year_given=year_given)
    if day and month and year and dm.value is None:
        return None                                # 31/02/2023: no such day
    return dm


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every date in `text`, in order, not overlapping. Dates without a year get `default_year`
    (None leaves their value unknown); blank days give a DateMatch whose `partial` says what is known."""
    spelled, numeric = _patterns()
    found: list[DateMatch] = []
    for rx, is_spelled in ((spelled, True), (numeric, False)):
        for m in rx.finditer(text):
            dm = _match_to_date(m, default_year, is_spelled)
            if dm:
                found.append(dm)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    out: list[DateMatch] = []
    for d in found:
        if out and d.start < out[-1].end:
            continue
        out.append(d)
    return out


def parse_date(s: str, default_year: int | None = None) -> DateMatch | None:
    """The first date in `s` (`Ninh Thuận, ngày 20 tháng 10 năm 2022` works as a whole line)."""
    found = find_dates(s, default_year)
    return found[0] if found else None


def date_at(text: str, pos: int, default_year: int | None = None, *,
            bare_yearless: bool = False) -> DateMatch | None:
    """The date that starts exactly at `pos` (after optional spaces), or None. `bare_yearless`
    accepts `20/7` without `ngày` (where the caller's context, e.g. `trước 20/7`, says it is a date)."""
    spelled, numeric = _patterns()
    i = pos
    while i < len(text) and text[i] in " \t\n":
        i += 1
    best = None
    for rx, is_spelled in ((spelled, True), (numeric, False)):
        m = rx.match(text, i)
        if m:
            dm = _match_to_date(m, default_year, is_spelled, bare_yearless)
            if dm and (best is None or dm.end > best.end):
                best = dm
    return best
