"""The reader on the real-corpus gold (tests/gold/real), text form, scored by the team scorer
(tests/kit/score_directive.py): a ratchet. Each floor sits a few points below the value measured when
it was last raised (written beside it); a change that loses more than that fails here. Raise a floor
when the reader gets better, never lower one to make a change pass.

heldout/ and heldout2/ are scored, never tuned on (tests/gold/README.md): its floors guard against a change that
helps dev and hurts the kind. The documents are read in a process pool (two workers) so the whole
test stays around a minute on two cores.
"""
from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.kit.score_directive import Tally, score_one

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "gold" / "real"
CORPUS = ROOT / "tests" / "corpus" / "real"

# metric -> (floor, measured). Measured on the branch `tasks`, text form, after issue 10's task work.
FLOORS = {
    "dev": {
        "references": (0.95, 0.983),
        "deadlines": (0.92, 0.956),
        "task_assignees": (0.84, 0.868),
    },
    "heldout": {
        "references": (0.95, 1.000),
        "deadlines": (0.80, 0.909),      # 6 gold deadlines: one miss is 0.08
        "task_assignees": (0.73, 0.760),
    },
    # 18 documents annotated in session 5 (tests/gold/README.md); measured on main 13c7d0e, before the
    # session's reader changes. Far below dev: what the reader still gets wrong on unseen documents.
    "heldout2": {
        "references": (0.95, 0.978),
        "deadlines": (0.60, 0.667),
        "task_assignees": (0.63, 0.673),
    },
}


def _read(path: str) -> dict:
    from commands.pipeline import read_directive
    from commands.settings import DirectiveSettings
    return read_directive(path, DirectiveSettings()).to_dict()


@pytest.fixture(scope="module")
def scores() -> dict[str, dict]:
    jobs: dict[str, list[tuple[dict, str]]] = {}
    for split in FLOORS:
        for gf in sorted((GOLD / split).glob("*.json")):
            gold = json.loads(gf.read_text(encoding="utf-8"))
            source = CORPUS / (gold.get("file") or gf.stem + ".txt")
            assert source.exists(), f"gold {gf.name} has no source in {CORPUS}"
            jobs.setdefault(split, []).append((gold, str(source)))
    paths = [p for split in jobs for _, p in jobs[split]]
    with ProcessPoolExecutor(max_workers=2) as pool:
        preds = dict(zip(paths, pool.map(_read, paths, chunksize=2)))
    out = {}
    for split, pairs in jobs.items():
        tally = Tally()
        for gold, path in pairs:
            score_one(gold, preds[path], tally)
        out[split] = tally.table()
    return out


@pytest.mark.parametrize("split, metric", [(s, m) for s in FLOORS for m in FLOORS[s]])
def test_gold_score_holds(scores, split, metric):
    floor, measured = FLOORS[split][metric]
    got = scores[split][metric]["f1"]
    assert got >= floor, (f"{split} {metric} F1 {got:.3f} fell below its floor {floor:.2f} "
                          f"(measured {measured:.3f} when the floor was set)")


def test_every_gold_document_is_scored(scores):
    for split in FLOORS:
        n = len(list((GOLD / split).glob("*.json")))
        assert n and scores[split]["header.number"]["n"] == n
