"""The procedure catalog: one JSON file per procedure under schemas/procedures/,
validated by schemas/procedure.schema.json (in the tests; loading trusts the data)."""
from __future__ import annotations

import json
import re
from functools import lru_cache

import schemas

# Local procedure codes carry a unit suffix: 1.003560.000.00.00.H56 -> 1.003560
_NATIONAL = re.compile(r"^\s*([0-9]\.[0-9]{6})(?:\.|\s*$)")


@lru_cache(maxsize=1)
def catalog() -> dict[str, dict]:
    """Every catalogued procedure by national code."""
    out: dict[str, dict] = {}
    for entry in sorted(schemas.path("procedures").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            proc = json.loads(entry.read_text(encoding="utf-8"))
            out[proc["code"]] = proc
    return out


def national_code(ma_tthc: object) -> str | None:
    """The national part of a procedure code, or None when it does not look like one."""
    if not isinstance(ma_tthc, str):
        return None
    m = _NATIONAL.match(ma_tthc)
    return m.group(1) if m else None


def lookup(ma_tthc: object) -> dict | None:
    code = national_code(ma_tthc)
    return catalog().get(code) if code else None
