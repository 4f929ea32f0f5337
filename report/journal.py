"""The JSON Lines journal of a batch: one result per line, written and flushed as each
dossier finishes, so an interrupted batch keeps everything already done and `--resume`
can skip it. A line cut short by a crash is dropped (and cut off the file) on resume."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterator


def source_key(source: str) -> str:
    """Results are matched to inputs by absolute, normalized path."""
    return os.path.normcase(os.path.abspath(source))


def read_journal(path: Path, repair: bool = False) -> Iterator[dict]:
    """Every complete record of a journal. With repair=True a trailing partial line is
    cut off the file, so appending continues on a clean line."""
    if not path.exists():
        return
    good_end = 0
    with path.open("rb") as fh:
        while True:
            line = fh.readline()
            if not line:
                break
            if not line.endswith(b"\n"):
                break                               # cut short by an interruption
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                break                               # damaged from here on
            good_end = fh.tell()
            if isinstance(record, dict) and "source" in record:
                yield record
    if repair and good_end < path.stat().st_size:
        with path.open("r+b") as fh:
            fh.truncate(good_end)


def done_sources(path: Path) -> set[str]:
    return {source_key(r["source"]) for r in read_journal(path, repair=True)}
