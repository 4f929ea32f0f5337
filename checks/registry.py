"""The check registry. A check is an id, the kind of subject it applies to, the finding
codes it may emit, and a pure function run(subject, ctx) -> [Finding].

Wording, severity and legal basis of every code live in schemas/rules/*.json; a check
only decides *whether* a rule is broken and builds the finding with Finding.of(code, ...).
"""
from __future__ import annotations

import importlib
import logging
import pkgutil
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterable

from extract.model import Finding
from schemas import rule, rules
from schemas.policies import (DigitizationPolicy, SignaturePolicy, TimelinePolicy, digitization_policy,
                              signature_policy, timeline_policy)

log = logging.getLogger(__name__)

SUBJECTS = ("directive", "dossier", "pdf", "timeline", "batch")

# The modules whose checks judge each kind of subject, so a run imports only what it needs (a
# directive check does not load the PKI and dossier stack). tests/test_startup.py holds this table
# to what the modules register.
MODULES_BY_SUBJECT: dict[str, tuple[str, ...]] = {
    "directive": ("directive_format", "directive_logic", "scans"),
    "dossier": ("components", "digitization", "signatures", "timeline"),
    "pdf": ("signatures",),
    "timeline": (),
    "batch": (),
}


@dataclass(frozen=True)
class Check:
    id: str
    applies_to: str
    codes: tuple[str, ...]
    run: Callable[[Any, "Context"], list[Finding]]
    doc: str = ""


@dataclass
class Context:
    """What a check may know besides its subject. Pure data: checks never read files
    that the subject does not already carry."""
    as_of: date | None = None
    disabled: frozenset[str] = frozenset()
    subject_date: date | None = None          # the rules in force on this day apply
    options: dict[str, Any] = field(default_factory=dict)
    # the rule parameters, frozen, built once from schemas/*.json (dataclasses.replace for a variant)
    timeline_policy: TimelinePolicy = field(default_factory=timeline_policy)
    digitization_policy: DigitizationPolicy = field(default_factory=digitization_policy)
    signature_policy: SignaturePolicy = field(default_factory=signature_policy)   # trust, time, required, signer

    def enabled(self, code_or_id: str) -> bool:
        return not is_disabled(code_or_id, self.disabled)

    def in_force(self, code: str) -> bool:
        if self.subject_date is None:
            return True
        r = rule(code)
        start, end = r.get("effective_from"), r.get("effective_to")
        day = self.subject_date.isoformat()
        return (not start or start <= day) and (not end or day < end)


_REGISTRY: dict[str, Check] = {}


def check(id: str, applies_to: str, codes: Iterable[str] | None = None):
    """Decorator: register `fn(subject, ctx) -> [Finding]` under `id`."""
    if applies_to not in SUBJECTS:
        raise ValueError(f"unknown subject {applies_to!r}")
    code_list = tuple(codes) if codes else (id,)
    for code in code_list:
        rule(code)  # fail at import time if a code has no rule in the catalog

    def register(fn):
        if id in _REGISTRY:
            raise ValueError(f"check {id} registered twice")
        _REGISTRY[id] = Check(id=id, applies_to=applies_to, codes=code_list, run=fn,
                              doc=(fn.__doc__ or "").strip())
        return fn
    return register


def load_all() -> dict[str, Check]:
    """Import every module of the checks package so its checks register (a module already
    imported is not imported again)."""
    import checks
    for mod in pkgutil.iter_modules(checks.__path__):
        if mod.name != "registry":
            importlib.import_module(f"checks.{mod.name}")
    return dict(_REGISTRY)


def all_checks() -> list[Check]:
    load_all()
    return sorted(_REGISTRY.values(), key=lambda c: c.id)


def is_disabled(code_or_id: str, disabled: Iterable[str]) -> bool:
    """`disabled` holds ids, codes or family prefixes ("ND30", "ND30.", "SIG.WEAK_ALGORITHM")."""
    for d in disabled:
        d = d.strip().rstrip(".")
        if not d:
            continue
        if code_or_id == d or code_or_id.startswith(d + "."):
            return True
    return False


def run_checks(applies_to: str, subject: Any, ctx: Context) -> list[Finding]:
    """Run every enabled check for this kind of subject. A check that raises becomes an
    INTERNAL.CHECK_FAILED finding: one bad check never stops a batch."""
    out: list[Finding] = []
    for chk in _checks_for(applies_to):
        if not ctx.enabled(chk.id):
            continue
        if all(not ctx.enabled(code) for code in chk.codes):
            continue
        try:
            found = chk.run(subject, ctx) or []
        except Exception as exc:  # noqa: BLE001 - reported, not swallowed
            log.debug("check %s failed", chk.id, exc_info=True)
            out.append(Finding.of("INTERNAL.CHECK_FAILED", evidence=f"{type(exc).__name__}: {exc}",
                                  check=chk.id))
            continue
        out.extend(f for f in found if ctx.enabled(f.code) and ctx.in_force(f.code))
    return out


def load_for(applies_to: str) -> None:
    """Import the modules that register the checks of one kind of subject."""
    for name in MODULES_BY_SUBJECT[applies_to]:
        importlib.import_module(f"checks.{name}")


@lru_cache(maxsize=None)
def _checks_for(applies_to: str) -> tuple[Check, ...]:
    load_for(applies_to)
    return tuple(sorted((c for c in _REGISTRY.values() if c.applies_to == applies_to), key=lambda c: c.id))


def rule_table() -> list[dict]:
    """Every rule with the check(s) that emit it (for `tthc checks list` and SARIF); a code
    two checks emit (SIG.* on a PDF and in a dossier) names both."""
    load_all()
    emitted_by: dict[str, list[str]] = {}
    for c in _REGISTRY.values():
        for code in c.codes:
            emitted_by.setdefault(code, []).append(c.id)
    return [{**r, "check": ", ".join(sorted(emitted_by[code])) if code in emitted_by else None}
            for code, r in sorted(rules().items())]
