"""Start-up of a one-file `tthc check` on a text directive (issue 10, item 5): what it imports, not
how long it takes (bench/real_corpus.py measures the time). A fresh interpreter runs the CLI on a
seed text and reports the modules it loaded; the heavy libraries of other inputs and other
commands must not be among them."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from checks import registry

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "corpus" / "texts" / "001_490bfe24c093c67f.txt"

PROBE = """
import json, os, sys
sys.path.insert(0, {root!r})
import cli
code = cli.main(["check", {seed!r}, "--format", "json", "-o", os.devnull])
print(json.dumps({{"exit": code, "modules": sorted(sys.modules)}}))
"""


@pytest.fixture(scope="module")
def loaded() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE.format(root=str(ROOT), seed=str(SEED))], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_probe_ran_a_real_check(loaded):
    assert loaded["exit"] in (0, 1)                     # 1: findings at or above --fail-on
    assert "extract.directive" in loaded["modules"]     # the directive was read, not skipped


@pytest.mark.parametrize("module, what", [
    ("spacy", "an NLP pipeline; the agency gazetteer is a dictionary now"),
    ("underthesea", "Vietnamese word segmentation"),
    ("pdfplumber", "PDF text layers"),
    ("pypdfium2", "PDF pages and images"),
    ("pyhanko", "PDF signatures"),
    ("asn1crypto", "certificates and CRLs (tthc signatures, trust roots)"),
    ("docx", "DOCX files"),
    ("PIL", "images and scans"),
    ("numpy", "scan preprocessing"),
    ("openpyxl", "XLSX reports and exports"),
    ("sqlalchemy", "the register"),
    ("dask", "distributed batches"),
    ("jsonschema", "dossier manifests"),
    ("checks.signatures", "signature checks"),
    ("checks.components", "dossier checks"),
    ("checks.timeline", "dossier timelines"),
    ("extract.dossier.procedures", "the procedures catalog"),
])
def test_a_text_check_does_not_import(loaded, module, what):
    assert module not in loaded["modules"], f"{module} ({what}) is imported by `tthc check` on a text file"


def test_each_subject_names_the_modules_that_judge_it():
    """checks/registry.MODULES_BY_SUBJECT is what a run imports: every registered check must sit in a
    module listed for its subject, or that subject would silently lose the check."""
    registry.load_all()
    misplaced = [(c.id, c.applies_to, c.run.__module__) for c in registry.all_checks()
                 if c.run.__module__.removeprefix("checks.") not in registry.MODULES_BY_SUBJECT[c.applies_to]]
    assert misplaced == []
    assert set(registry.MODULES_BY_SUBJECT) == set(registry.SUBJECTS)
