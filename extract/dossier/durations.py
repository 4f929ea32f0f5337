"""Processing times as written: "05 ngày làm việc", "8 giờ làm việc", "15 ngày",
"15 (mười lăm) ngày làm việc kể từ ngày nhận đủ hồ sơ", "0,5 ngày làm việc", "02 tháng",
and the catalog's own form "5 working_day". The unit names are the procedure catalog's:
working_day | working_hour | day | hour | month ("ngày" is a calendar day, never a working day).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extract.normalize import fold
from schemas import load_json

_LEXICON = load_json("lexicons", "duration_units.json")       # the words of each unit, with sources

UNIT_LABELS = {u["unit"]: (u["label"], u["label_en"]) for u in _LEXICON["units"] if "label" in u}

# (words, unit, factor) in the lexicon's order: longest names first ("ngày làm việc" before "ngày").
# Matched on fold()ed text.
_UNITS = [("|".join(u["words"]), u["unit"], u["factor"]) for u in _LEXICON["units"]]
_WORDS = dict(_LEXICON["number_words"])
_NUMBER = r"(?P<num>\d+(?:[.,]\d+)?|" + "|".join(map(re.escape, _WORDS)) + ")"
_PAREN = r"(?:\s*\([^)]*\))?"           # "05 (năm) ngày": the number spelled out
_PATTERN = re.compile(
    _NUMBER + _PAREN + r"\s*(?P<unit>" + "|".join(f"(?:{u})" for u, _, _ in _UNITS) + r")(?![\w])")
SHORTHAND = {k: (v[0], v[1]) for k, v in _LEXICON["period_shorthand"]["forms"].items()}


class DurationError(ValueError):
    pass


@dataclass(frozen=True)
class Duration:
    value: float
    unit: str                      # working_day | working_hour | day | hour | month
    text: str = ""
    # The catalog's "same_day_before": "15:00": due the same working day when received before
    # that time, else by the end of the next working day (then value is 1 working_day).
    same_day_before: str | None = None

    def to_dict(self) -> dict:
        v = int(self.value) if float(self.value).is_integer() else self.value
        return {"value": v, "unit": self.unit}

    def label(self, lang: str = "vi") -> str:
        v = int(self.value) if float(self.value).is_integer() else self.value
        vi, en = UNIT_LABELS[self.unit]
        if self.same_day_before:
            return (f"trong ngày nếu tiếp nhận trước {self.same_day_before}, nếu không thì {v} {vi}" if lang == "vi"
                    else f"the same day when received before {self.same_day_before}, else {v} {en}")
        return f"{v} {vi if lang == 'vi' else en}"


def parse_duration(text: str) -> Duration:
    """The first "<number> <unit>" in `text`. Raises DurationError (vi + en) when none."""
    if not text or not text.strip():
        raise DurationError("thiếu thời hạn / empty duration")
    folded = fold(text)
    m = _PATTERN.search(folded)
    if not m:
        raise DurationError(f"không hiểu thời hạn / cannot read the duration {text!r} "
                            f"(ví dụ / e.g. '05 ngày làm việc', '8 giờ làm việc', '15 ngày', '5 working_day')")
    raw = m.group("num")
    value = _WORDS.get(raw)
    if value is None:
        value = float(raw.replace(",", "."))
    unit_text = m.group("unit")
    for pattern, unit, factor in _UNITS:
        if re.fullmatch(pattern, unit_text):
            if value <= 0:
                raise DurationError(f"thời hạn phải dương / the duration must be positive: {text!r}")
            return Duration(value * factor, unit, text.strip())
    raise DurationError(f"không hiểu đơn vị / unknown unit in {text!r}")  # pragma: no cover


def parse_period(text: str) -> Duration:
    """A period as a person types it on a command line: '7', '7d', '2w', '10wd' (the lexicon's
    shorthand) or the words of a duration ('7 ngày', '2 tuần', '5 ngày làm việc'). Raises DurationError."""
    t = " ".join((text or "").strip().lower().split())
    m = re.fullmatch(r"([0-9]{1,4})\s*([a-z]*)", t)
    if m and (m.group(2) or "d") in SHORTHAND:
        unit, factor = SHORTHAND[m.group(2) or "d"]
        return Duration(int(m.group(1)) * factor, unit, text.strip())
    m = _PATTERN.fullmatch(fold(t))
    if not m or not re.fullmatch(r"[0-9]{1,4}", m.group("num")):
        raise DurationError(f"khoảng thời gian không hợp lệ / invalid period {text!r}")
    return parse_duration(t)


def from_catalog(entry: dict) -> Duration:
    """A procedure catalog processing_time entry {"value": 5, "unit": "working_day", ...}."""
    unit = entry.get("unit")
    try:
        value = float(entry.get("value"))
    except (TypeError, ValueError):
        raise DurationError(f"thời hạn trong danh mục không hợp lệ / invalid catalog value {entry.get('value')!r}") from None
    if unit not in UNIT_LABELS or value <= 0:
        raise DurationError(f"thời hạn trong danh mục không hợp lệ / invalid catalog processing time {entry!r}")
    same_day = entry.get("same_day_before")
    if not (isinstance(same_day, str) and re.fullmatch(r"(?:[01]?\d|2[0-3]):[0-5]\d", same_day)):
        same_day = None
    return Duration(value, unit, entry.get("note") or "", same_day)
