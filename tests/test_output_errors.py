"""An output that cannot be written — a full disk (/dev/full), a folder given as the output
file, a path under a regular file — is exit 2 with a message naming it, never a traceback,
never exit 1 (which CI reads as "findings") (issue 12): the outputs added since the runner's
own test (tests/test_runner.py in the runner lane: ingest, check, validate, signatures, stats
and checks in one format each) — the register's, the calendar's, the catalog's, reconcile's —
and the other formats. `validate` streaming JSON Lines to a full disk once ended in a traceback
(the journal's close flushed again after the failed write)."""
from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

import cli

ROOT = Path(cli.__file__).resolve().parent
DIRECTIVE = ROOT / "samples" / "directives" / "ke-hoach-clean.txt"
PACKAGE = ROOT / "samples" / "dossiers" / "hop-le-1.001193"
SIGNED = PACKAGE / "ket-qua" / "ket-qua.pdf"


def _cli(*argv) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in argv])
    return code, err.getvalue()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """A validate export (for stats and reconcile) and a register holding one directive."""
    root = tmp_path_factory.mktemp("dau-vao")
    records = root / "ho-so.jsonl"
    assert _cli("validate", PACKAGE, "-o", records, "--no-progress", "--disable", "SIG")[0] == 0
    db = root / "tthc.db"
    assert _cli("register", "add", DIRECTIVE, "--db", db, "--executor", "serial", "--no-progress")[0] == 0
    return {"records": records, "db": db}


# (name, argv before the output, how the output is given)
COMMANDS = [
    ("ingest text", ["ingest", DIRECTIVE, "--format", "text"], "-o"),
    ("check json", ["check", DIRECTIVE, "--format", "json"], "-o"),
    ("check junit", ["check", DIRECTIVE, "--format", "junit"], "-o"),
    ("check sarif", ["check", DIRECTIVE, "--format", "sarif"], "-o"),
    ("validate jsonl", ["validate", PACKAGE, "--disable", "SIG"], "-o"),
    ("validate xlsx", ["validate", PACKAGE, "--disable", "SIG", "--format", "xlsx"], "-o"),
    ("validate csv", ["validate", PACKAGE, "--disable", "SIG", "--format", "csv"], "-o"),
    ("validate junit", ["validate", PACKAGE, "--disable", "SIG", "--format", "junit"], "-o"),
    ("signatures text", ["signatures", SIGNED], "-o"),
    ("stats xlsx", ["stats", "{records}", "--format", "xlsx"], "-o"),
    ("reconcile json", ["reconcile", "{records}", "{records}", "--format", "json"], "-o"),
    ("reconcile xlsx", ["reconcile", "{records}", "{records}", "--format", "xlsx"], "-o"),
    ("calendar ics", ["calendar", "2025", "--format", "ics"], "-o"),
    ("procedures list", ["procedures", "list"], "-o"),
    ("procedures show", ["procedures", "show", "1.001193", "--format", "json"], "-o"),
    ("tasks text", ["tasks", "--db", "{db}"], "-o"),
    ("tasks json", ["tasks", "--db", "{db}", "--format", "json"], "-o"),
    ("tasks csv", ["tasks", "--db", "{db}", "--format", "csv"], "-o"),
    ("tasks xlsx", ["tasks", "--db", "{db}", "--format", "xlsx"], "-o"),
    ("tasks ics", ["tasks", "--db", "{db}", "--format", "ics"], "-o"),
    ("report html", ["report", "--db", "{db}"], "--html"),
]
TARGETS = {
    "full disk": lambda tmp: "/dev/full",
    "a folder": lambda tmp: tmp,
    "under a regular file": lambda tmp: _file(tmp) / "out",
}


def _file(tmp: Path) -> Path:
    f = tmp / "a-file"
    f.write_text("x")
    return f


BATCH = ("validate", "check", "ingest", "signatures")
# `ingest -o FOLDER` is a feature: one JSON per input there (test_cli_ingest.py)
CASES = [(c, t) for c in COMMANDS for t in TARGETS if not (t == "a folder" and c[1][0] == "ingest")]


@pytest.mark.parametrize("command, target", CASES, ids=[f"{c[0]}, {t}" for c, t in CASES])
def test_an_output_that_cannot_be_written_is_exit_2(command, target, inputs, tmp_path):
    name, argv, option = command
    argv = [str(a).format(**inputs) for a in argv]
    extra = ["--no-progress"] if argv[0] in BATCH else []
    code, err = _cli(*argv, *extra, option, TARGETS[target](tmp_path))
    assert code == 2, (name, target, err)
    assert "Traceback" not in err and ("cannot write" in err or "không ghi được" in err), err


XLSX = [c for c in COMMANDS if "xlsx" in c[0]]


@pytest.mark.parametrize("command", XLSX, ids=[c[0] for c in XLSX])
def test_an_xlsx_that_fails_on_a_full_disk_leaves_no_traceback_behind(command, inputs):
    """In a process of its own, to the end: openpyxl writing straight into the file left
    writers that failed again when collected, with tracebacks on stderr after the message."""
    name, argv, option = command
    argv = [str(a).format(**inputs) for a in argv]
    extra = ["--no-progress"] if argv[0] in BATCH else []
    run = subprocess.run([sys.executable, str(ROOT / "cli.py"), *argv, *extra, option, "/dev/full"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 2, run.stderr
    assert "cannot write /dev/full" in run.stderr and "Traceback" not in run.stderr, run.stderr
    assert "không ghi được /dev/full: ổ đĩa hết chỗ trống" in run.stderr, run.stderr     # the reason in Vietnamese too
