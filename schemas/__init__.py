"""Data files that install with the code: JSON Schemas, the rules catalog, lexicons,
procedure catalog, calendar overrides. Read them with these helpers (importlib.resources),
never with paths relative to the working directory."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


def path(*parts: str):
    """A Traversable for a file under schemas/ (use .read_text() / .open())."""
    node = resources.files(__name__)
    for part in parts:
        node = node / part
    return node


@lru_cache(maxsize=None)
def load_json(*parts: str) -> Any:
    return json.loads(path(*parts).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def rules() -> dict[str, dict]:
    """Every rule of every family, by code. Files: schemas/rules/<family>.json."""
    out: dict[str, dict] = {}
    for entry in sorted(path("rules").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        for r in data["rules"]:
            if r["code"] in out:
                raise ValueError(f"duplicate rule code {r['code']} in {entry.name}")
            out[r["code"]] = {**r, "family": data["family"]}
    return out


def rule(code: str) -> dict:
    try:
        return rules()[code]
    except KeyError:
        raise KeyError(f"rule {code!r} is not in schemas/rules/*.json") from None


def codes(table: str) -> dict[str, dict]:
    """A code table of the dossier-sync record (schemas/codes.json): code -> {name, name_en, ...}."""
    return load_json("codes.json")[table]["codes"]
