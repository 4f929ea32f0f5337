"""The one exception loaders raise for input they cannot read; `load()` turns it into an
INPUT.* finding so a batch never stops."""
from __future__ import annotations


class LoadError(Exception):
    def __init__(self, code: str, detail: str = "", detail_en: str | None = None, **params):
        super().__init__(f"{code}: {detail_en or detail}")
        self.code = code
        self.params = {"detail": detail, "detail_en": detail_en or detail, **params}
