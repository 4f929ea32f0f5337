"""Where a JSON pointer of manifest.json is on the page: the line and column of the member
(its key, or the value of an array item), so a finding can point an editor, a SARIF viewer or
an officer at the exact place. `json-source-map` computes the positions of every pointer; a
pointer the manifest does not have (a missing required field) is placed at the object that
should hold it."""
from __future__ import annotations

from typing import Iterable

from extract.model import Finding

MANIFEST = "manifest.json"


def positions(raw: bytes | None) -> dict | None:
    """pointer -> json_source_map Entry, or None when the text cannot be mapped."""
    if not raw:
        return None
    try:
        from json_source_map import calculate
        return calculate(raw.decode("utf-8-sig"))
    except Exception:  # noqa: BLE001 - a manifest that parses in json but not here keeps its pointers only
        return None


def place(pointer: str, table: dict) -> dict | None:
    """{"line", "column", "end_line", "end_column"} (1-based) of `pointer`, else of its
    nearest ancestor in the manifest."""
    p = pointer
    while True:
        entry = table.get(p)
        if entry is not None:
            start = entry.key_start or entry.value_start
            end = entry.value_end
            return {"line": start.line + 1, "column": start.column + 1,
                    "end_line": end.line + 1, "end_column": end.column + 1}
        if not p:
            return None
        p = p.rsplit("/", 1)[0]


def locate(findings: Iterable[Finding], raw: bytes | None) -> None:
    """Add the line and column in manifest.json to every finding located by a JSON pointer
    there (in place). The source map is computed only when some finding needs it."""
    todo = [f for f in findings if isinstance(f.location, dict) and f.location.get("file") == MANIFEST
            and isinstance(f.location.get("pointer"), str) and f.location.get("line") is None]
    if not todo:
        return
    table = positions(raw)
    if not table:
        return
    for f in todo:
        where = place(f.location["pointer"], table)
        if where:
            f.location = {**f.location, **where}
