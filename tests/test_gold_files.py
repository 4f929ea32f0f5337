"""The gold files themselves: every one has the conventions' shape, every deadline sits in a task
with that task's assignees, and every header string, number, deadline phrase and assignee occurs
in the document's text (tests/kit/gold_check.py, the script the annotators ran)."""
from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from tests.kit import gold_check

GOLD = Path(__file__).resolve().parent / "gold"
FILES = sorted([*GOLD.glob("real/dev/*.json"), *GOLD.glob("real/heldout/*.json"), *GOLD.glob("real/heldout2/*.json"),
                *GOLD.glob("seed/*.json")])


def test_the_real_gold_set_is_the_size_the_issue_asks():
    assert len([f for f in FILES if "real" in f.parts]) >= 40


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_is_consistent_with_its_source(path):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = gold_check.main([str(path)])
    errors = [line for line in out.getvalue().splitlines() if ": ERROR " in line]
    assert status == 0 and not errors, "\n".join(errors)
