"""What a library's exception says, in Vietnamese and in English, for the detail of a finding.

PDFium, zlib, zipfile, Pillow, python-docx, openpyxl and the operating system explain a broken
file in English ("Data format error", "invalid block type", "Permission denied"). A Vietnamese
message gets the Vietnamese of the translation table (schemas/lexicons/library_errors.json);
the English message keeps the library's own text, which is what an IT team searches for. An
error the table does not know keeps its text in the Vietnamese message too, marked as quoted.
"""
from __future__ import annotations

import errno
import json
import re
from typing import NamedTuple

import schemas

MAX_CHARS = 160


class Explained(NamedTuple):
    vi: str
    en: str


@schemas.built_from_data
def _table() -> tuple[list[tuple[re.Pattern, str]], dict[str, str], dict[str, list[str]], str]:
    data = schemas.load_json("lexicons", "library_errors.json")
    patterns = [(re.compile(p["pattern"], re.IGNORECASE), p["vi"]) for p in data["patterns"]]
    return patterns, data["errno"], data["json"], data["fallback"]


def _cap(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS - 3] + "..."


def said(exc: BaseException) -> str:
    """'TypeName: text' of an exception, as the English side shows it. A module's own `error`
    class is named with its module (zlib.error, csv.Error); a KeyError's text loses repr quotes."""
    kind = type(exc).__name__
    if kind in ("error", "Error"):
        kind = f"{type(exc).__module__.lstrip('_')}.{kind}"
    text = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
    return f"{kind}: {text}" if text else kind


def explain(exc: BaseException) -> Explained:
    """The exception in Vietnamese (from the table) and English (the library's own words)."""
    by_errno = _table()[1]
    if isinstance(exc, json.JSONDecodeError):
        vi, en = explain_json(exc.msg)
        return Explained(f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}: {vi}",
                         f"invalid JSON at line {exc.lineno}, column {exc.colno}: {en}")
    if isinstance(exc, OSError) and exc.errno is not None and exc.strerror:
        vi = by_errno.get(errno.errorcode.get(exc.errno, ""))
        if vi is not None:
            return Explained(vi, _cap(exc.strerror))
    return explain_text(said(exc))


def explain_text(en: str) -> Explained:
    """An error already written down as 'TypeName: text' (a signature reader's failure kept in
    the facts), in Vietnamese and as it was."""
    patterns, _, _, fallback = _table()
    for pattern, vi in patterns:
        m = pattern.search(en)
        if m:
            return Explained(_cap(vi.format(**{k: v or "" for k, v in m.groupdict().items()})), _cap(en))
    return Explained(_cap(f"{fallback} {en}"), _cap(en))


def explain_json(msg: str) -> Explained:
    """json.JSONDecodeError.msg ("Expecting value") in Vietnamese and short English."""
    vi, en = _table()[2].get(msg, (None, None))
    if vi is None:
        return Explained(_cap(f"{_table()[3]} {msg}"), _cap(msg))
    return Explained(vi, en)
