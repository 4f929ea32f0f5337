"""samples/dossiers: every package reports exactly the findings expected.json lists, and
the committed packages are what samples/make_dossiers.py writes."""
import hashlib
import json
import os
from pathlib import Path

import pytest

from cli import iter_dossiers, validate_one

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "dossiers"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


def test_walker_finds_every_sample_package():
    found = sorted(Path(p).name for p in iter_dossiers([str(SAMPLES)]))
    assert found == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_reports_exactly_the_expected_findings(name):
    result = validate_one(str(SAMPLES / name), {})
    assert sorted(f["code"] for f in result["findings"]) == EXPECTED[name]


def test_every_failure_kind_and_procedure_is_covered():
    codes = {c for cs in EXPECTED.values() for c in cs}
    for family in ("DOSSIER.", "COMPONENT.", "DIGI."):
        assert any(c.startswith(family) for c in codes)
    import schemas
    ours = {c for c, r in schemas.rules().items() if r["family"] in ("DOSSIER", "COMPONENT", "DIGI")}
    # FILE_TOO_LARGE needs a file over 256 MB: tested in test_dossier_package.py instead
    assert ours - codes == {"DOSSIER.FILE_TOO_LARGE"}
    procs = {n.removeprefix("hop-le-") for n in EXPECTED if n.startswith("hop-le-") and not n.endswith(".zip")}
    from extract.procedures import catalog
    assert procs == set(catalog())
    assert all(EXPECTED[n] == [] for n in EXPECTED if n.startswith("hop-le-"))


def _tree(root: Path) -> dict[str, str]:
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            p = Path(dirpath, name)
            rel = str(p.relative_to(root))
            if rel == "README.md":
                continue
            out[rel] = "link:" + os.readlink(p) if p.is_symlink() else hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def test_generator_is_deterministic_and_matches_the_committed_samples(tmp_path):
    from samples.make_dossiers import build
    build(tmp_path / "dossiers")
    assert _tree(tmp_path / "dossiers") == _tree(SAMPLES)
