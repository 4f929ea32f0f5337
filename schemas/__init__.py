"""Data files that install with the code: JSON Schemas, the rules catalog, lexicons,
procedure catalog, calendar overrides, policies.

One object reads them: `DATA` (a `Data`), which reads each file once per process and keeps
what it built from it (the rules by code, schema validators, the policies of schemas/policies.py).
The module functions below are its methods, for short call sites. Never read these files with
paths relative to the working directory, and never keep a second cache of them in a module.
"""
from __future__ import annotations

import json
from importlib import resources
from typing import Any, Callable, TypeVar

T = TypeVar("T")


def path(*parts: str):
    """A Traversable for a file under schemas/ (use .read_text() / .open())."""
    node = resources.files(__name__)
    for part in parts:
        node = node / part
    return node


class Data:
    """Every data file of schemas/, read once; and the objects built from them, built once."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, ...], Any] = {}
        self._built: dict[Any, Any] = {}

    def json(self, *parts: str) -> Any:
        """The parsed JSON of schemas/<parts>. Shared: never modify what it returns."""
        hit = self._files.get(parts)
        if hit is None:
            hit = self._files[parts] = json.loads(path(*parts).read_text(encoding="utf-8"))
        return hit

    def built(self, key: Any, build: Callable[[], T]) -> T:
        """What `build()` makes from data, made once per key (compiled patterns, policies)."""
        if key not in self._built:
            self._built[key] = build()
        return self._built[key]

    def rules(self) -> dict[str, dict]:
        """Every rule of every family, by code. Files: schemas/rules/<family>.json."""
        return self.built("rules", self._read_rules)

    def _read_rules(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        for entry in sorted(path("rules").iterdir(), key=lambda e: e.name):
            if not entry.name.endswith(".json"):
                continue
            data = self.json("rules", entry.name)
            for r in data["rules"]:
                if r["code"] in out:
                    raise ValueError(f"duplicate rule code {r['code']} in {entry.name}")
                out[r["code"]] = {**r, "family": data["family"]}
        return out

    def rule(self, code: str) -> dict:
        try:
            return self.rules()[code]
        except KeyError:
            raise KeyError(f"rule {code!r} is not in schemas/rules/*.json") from None

    def codes(self, table: str) -> dict[str, dict]:
        """A code table of the dossier-sync record (schemas/codes.json): code -> {name, name_en, ...}."""
        return self.json("codes.json")[table]["codes"]

    def validator(self, name: str):
        """A Draft 2020-12 validator of schemas/<name>; references between the schemas of this
        folder ("directive.schema.json#/$defs/finding") resolve to the files here."""
        return self.built(("validator", name), lambda: self._validator(name))

    def _validator(self, name: str):
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource

        resources_ = []
        for entry in path().iterdir():
            if entry.name.endswith(".schema.json"):
                schema = self.json(entry.name)
                resources_.append((schema.get("$id", entry.name), Resource.from_contents(schema)))
        schema = self.json(name)
        Draft202012Validator.check_schema(schema)
        return Draft202012Validator(schema, registry=Registry().with_resources(resources_))


DATA = Data()


def built_from_data(fn: Callable[[], T]) -> Callable[[], T]:
    """Decorator for a function without arguments that builds something from the data files
    (a table, compiled patterns, a validator): run once per process and kept by DATA, never in a
    cache of the module's own (tests/test_architecture.py holds the code to it)."""
    import functools
    key = ("built", fn.__module__, fn.__qualname__)

    @functools.wraps(fn)
    def get() -> T:
        return DATA.built(key, fn)
    return get


def load_json(*parts: str) -> Any:
    return DATA.json(*parts)


def rules() -> dict[str, dict]:
    return DATA.rules()


def rule(code: str) -> dict:
    return DATA.rule(code)


def codes(table: str) -> dict[str, dict]:
    return DATA.codes(table)


def validator(name: str):
    return DATA.validator(name)
