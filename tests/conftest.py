"""Shared test set-up. The repository root goes first on sys.path so the tests always
exercise this checkout (also from a git worktree beside an editable install)."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# OCRed documents are cached (extract/load/cache.py); the suite keeps its cache to itself.
import os  # noqa: E402
import tempfile  # noqa: E402

os.environ["TTHC_CACHE_DIR"] = tempfile.mkdtemp(prefix="tthc-test-cache-")


# --------------------------------------------------------------------------- the CLI, in this process

from typing import NamedTuple  # noqa: E402

import pytest  # noqa: E402


class CliRun(NamedTuple):
    """What `tthc ARGS...` gave: the exit code, stdout and stderr (also unpacks as a tuple)."""
    code: int
    out: str
    err: str


@pytest.fixture
def tthc_cli(capsys):
    """`tthc ARGS...` run in this process (cli.main, no subprocess): a CliRun. A traceback on
    stderr fails the test: every command answers bad input with a message."""
    import cli

    def call(*args) -> CliRun:
        capsys.readouterr()
        code = cli.main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err, err
        return CliRun(code, out, err)
    return call
