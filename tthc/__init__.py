"""tthc-check as a library: the same runner as the `tthc` command line, with typed results.

    import tthc

    run = tthc.check("van-ban/", disable=["REF"], fail_on="warning")
    for result in run:                                   # tthc.DirectiveResult, in input order
        for f in result.findings:                        # tthc.Finding
            print(result.source, f.code, f.severity, f.message_en)
    print(run.exit_code)                                 # 0, 1 or 2, as `tthc check` would exit

    record = tthc.ingest("cong-van.pdf")[0]              # the parsed directive
    print(record.directive.number, [t.section for t in record.directive.tasks])

    dossiers = tthc.validate("ho-so/", trust_roots="pki/", as_of="2025-01-31")
    print(dossiers[0].on_time.klass, [f.code for f in dossiers[0].findings])

    pdf = tthc.signatures("ket-qua.pdf", trust_roots="pki/")[0]     # tthc.SignaturesResult
    print(pdf.verdict, [(s.field, s.verdict, s.time_source) for s in pdf.signatures])

    cal = tthc.Calendar()                                # the Vietnamese working-day calendar
    print(cal.add_working_days(datetime(2025, 1, 24, 15), 5))

Every function takes the settings of its command as keywords (`disable`, `fail_on`, `as_of`,
`calendar`, `trust_roots`, `crl`, `existence_records`, `workers`, `executor`, `scheduler`,
`limits={...}`, and per family `dpi`, `force_ocr`, `catalog`, `at`, `expected_org`,
`allow_unsigned`), and `config`: None (the
default) reads no file, a path reads that tthc.toml or pyproject.toml, "auto" the nearest one as
the command line does. A path that does not exist is listed in `run.missing` and makes the exit
code 2; no input at all raises `tthc.UsageError`.
"""
from __future__ import annotations

import os
from typing import Any, Iterable

from commands.pipeline import Run, run as _run
from commands.settings import (
    DirectiveSettings, DossierSettings, Settings, SignatureSettings, UsageError, resolve as _resolve,
)
from extract.calendar import Calendar
from extract.load.limits import Limits
from extract.model import DirectiveResult, DossierResult, Finding, OnTime, SignatureResult, SignaturesResult

__all__ = ["ingest", "check", "validate", "signatures", "settings", "Calendar", "Run", "Settings",
           "DirectiveSettings", "DossierSettings", "SignatureSettings", "DirectiveResult", "DossierResult",
           "SignaturesResult", "SignatureResult", "OnTime", "Finding", "Limits", "UsageError"]

Paths = str | os.PathLike | Iterable[str | os.PathLike]


def settings(cls: type[Settings] = Settings, config: str | os.PathLike | None = None, **values: Any) -> Settings:
    """Settings of a family from keywords over a config file (None: none; "auto": the nearest)."""
    if config == "auto":
        return _resolve(cls, values)
    return _resolve(cls, values, config=config, discover=False)


def ingest(paths: Paths, *, config: str | os.PathLike | None = None, **values: Any) -> Run:
    """Directives read into `DirectiveResult`s (document, directive, findings)."""
    return _run("ingest", paths, settings(DirectiveSettings, config, **values))


def check(paths: Paths, *, config: str | os.PathLike | None = None, **values: Any) -> Run:
    """Directives checked: `DirectiveResult`s whose findings decide `run.exit_code` by `fail_on`."""
    return _run("ingest", paths, settings(DirectiveSettings, config, **values))


def validate(paths: Paths, *, config: str | os.PathLike | None = None, **values: Any) -> Run:
    """Dossier packages validated into `DossierResult`s (findings, on-time class)."""
    return _run("validate", paths, settings(DossierSettings, config, **values))


def signatures(paths: Paths, *, trust_roots: str | os.PathLike | None = None, config: str | os.PathLike | None = None,
               **values: Any) -> Run:
    """Every signature of PDF files judged into `SignaturesResult`s; nothing is trusted
    without `trust_roots`."""
    if trust_roots is not None:
        values["trust_roots"] = os.fspath(trust_roots)
    return _run("signatures", paths, settings(SignatureSettings, config, **values))
