"""The JSON Lines journal of a batch: one result per line, written and flushed as each
dossier finishes, so an interrupted batch keeps everything already done and `--resume`
can skip it. A line cut short by a crash is dropped (and cut off the file) on resume."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterator


def source_key(source: str) -> str:
    """Results are matched to inputs by a digest of their absolute, normalized path: the
    record's `source` is masked (a path may hold an ID number), its `source_id` is this."""
    return hashlib.sha256(os.path.normcase(os.path.abspath(source)).encode("utf-8", "surrogateescape")).hexdigest()[:32]


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
    return {r.get("source_id") or source_key(r["source"]) for r in read_journal(path, repair=True)}
