"""All 300 real documents (tests/corpus/real: text copied from legal portals) through `tthc ingest`:
each gives schema-valid output, no crash, and no absence finding that its text visibly contradicts
(tests/kit/printed.py decides what the text prints, independently of the reader). One case per
document, so pytest-xdist spreads them over the workers."""
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import tthc
from schemas import load_json
from tests.kit.printed import false_absences, visible

REAL = Path(__file__).parent / "corpus" / "real"
DOCUMENTS = sorted(REAL.glob("*.txt"))


@lru_cache(maxsize=1)
def validator() -> Draft202012Validator:
    return Draft202012Validator(load_json("directive.schema.json"))


def test_the_corpus_is_all_there():
    assert len(DOCUMENTS) == 300


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.stem for p in DOCUMENTS])
def test_real_document_reads_without_contradicting_its_text(path):
    result = json.loads(json.dumps(tthc.ingest(str(path))[0].to_dict()))
    assert not [f for f in result["findings"] if f["code"].startswith("INTERNAL.")], result["findings"]
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(result)]
    assert not errors, errors[:5]
    assert false_absences(result["findings"], visible(path.read_text(encoding="utf-8"))) == []
    assert all(f["evidence"] for f in result["findings"]), [f for f in result["findings"] if not f["evidence"]]
    # A day printed without its year is never 'before the date of issue' (its year was inferred), and
    # 'trước ngày X' on a day off is no defect (the last day is the day before X).
    assert not [f for f in result["findings"] if f["code"] == "DEADLINE.BEFORE_ISSUE" and not _YEAR.search(f["evidence"])]
    assert not [f for f in result["findings"] if f["code"] == "DEADLINE.NON_WORKING_DAY" and _BEFORE_DAY.match(f["evidence"])]


_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_BEFORE_DAY = re.compile(r"(?i)^(?:chậm nhất\s+)?trước\s+(?:ngày\s+)?[0-9]")

