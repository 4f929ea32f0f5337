"""Vietnamese presentation shared by the text writers: dates as dd/mm/yyyy (ISO stays in
JSON), numbers with a decimal comma, weekday names, and wrapping to a terminal's 80 columns."""
from __future__ import annotations

import textwrap
from datetime import date, datetime

WIDTH = 80


def text_width(out, default: int = WIDTH) -> int | None:
    """The width of text written to `out`: the terminal's own on a terminal (None: rich asks),
    else COLUMNS when set, else `default` (80 columns)."""
    import os
    if hasattr(out, "isatty") and out.isatty():
        return None
    try:
        return max(40, int(os.environ["COLUMNS"]))
    except (KeyError, ValueError):
        return default


def vi_date(value, with_time: bool | None = None) -> str:
    """date, datetime or ISO text -> "27/01/2025" (or "27/01/2025 15:00"); anything else as given.
    A datetime shows its time unless `with_time` is False."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if with_time is False:
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


def number(value: float, lang: str = "vi", digits: int = 2) -> str:
    """A measure as its reader writes it: at most `digits` decimals, trailing zeros dropped, a decimal
    comma in Vietnamese ("9,75", "1,22", "10"), a point in English ("9.75")."""
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    text = "0" if text in ("-0", "") else text
    return text.replace(".", ",") if lang == "vi" else text


def percent(value: float | None, lang: str = "vi") -> str:
    """97.0588 -> "97,06%" (Vietnamese) / "97.06%"; None -> "—"."""
    if value is None:
        return "—"
    text = f"{value:.2f}%"
    return text.replace(".", ",") if lang == "vi" else text


def weekday_vi(d: date) -> str:
    from extract.calendar import WEEKDAY_VI
    return WEEKDAY_VI[d.weekday()]


def weekday_en(d: date) -> str:
    from extract.calendar import WEEKDAY_EN
    return WEEKDAY_EN[d.weekday()]


def wrap(text: str, indent: str = "", width: int = WIDTH, first: str | None = None) -> str:
    """`text` wrapped to `width` columns; continuation lines start with `indent`."""
    return textwrap.fill(text, width=width, initial_indent=indent if first is None else first,
                         subsequent_indent=indent, break_long_words=False, break_on_hyphens=False)
