"""User configuration for checks: `[tool.tthc]` in pyproject.toml, or a tthc.toml
(top-level keys, or the same `[tool.tthc]` table). Command-line options win over both.

    [tool.tthc]
    disable = ["ND30.DATE_LEADING_ZERO", "SIG"]   # ids, codes or families
    fail_on = "warning"                          # error | warning | info
"""
from __future__ import annotations

import tomllib
from pathlib import Path

KNOWN_KEYS = {"disable", "fail_on", "as_of", "trust_roots", "crl", "calendar", "workers"}


class ConfigError(ValueError):
    pass


def find_config(start: Path | None = None) -> Path | None:
    """The nearest tthc.toml, else the nearest pyproject.toml with a [tool.tthc] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "tthc.toml").is_file():
            return folder / "tthc.toml"
        pp = folder / "pyproject.toml"
        if pp.is_file() and "tthc" in _read(pp).get("tool", {}):
            return pp
    return None


def load_config(path: Path | None = None) -> dict:
    path = path or find_config()
    if path is None:
        return {}
    data = _read(path)
    table = data.get("tool", {}).get("tthc")
    if table is None:
        table = {} if path.name == "pyproject.toml" else data
    unknown = set(table) - KNOWN_KEYS
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {sorted(unknown)}; known: {sorted(KNOWN_KEYS)}")
    disable = table.get("disable", [])
    if isinstance(disable, str):
        disable = [disable]
    if not isinstance(disable, list) or not all(isinstance(d, str) for d in disable):
        raise ConfigError(f"{path}: 'disable' must be a list of check ids or families")
    if "fail_on" in table and table["fail_on"] not in ("error", "warning", "info", "never"):
        raise ConfigError(f"{path}: 'fail_on' must be error, warning, info or never")
    return {**table, "disable": disable, "_path": str(path)}


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
