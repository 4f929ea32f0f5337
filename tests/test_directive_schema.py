"""Every `tthc ingest --format json` output validates against schemas/directive.schema.json:
the project's samples (directives and non-directives), a missing file, and the corpus texts."""
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import tthc
from schemas import load_json

SAMPLES = sorted((Path(__file__).parent / "samples").rglob("*.txt"))
# The project's committed samples in every form: text, text PDF, scanned PDF, TIFF, DOCX.
PROJECT_SAMPLES = sorted(p for p in (Path(__file__).resolve().parents[1] / "samples" / "directives").iterdir()
                         if p.is_file())
CORPUS = Path(__file__).resolve().parent / "corpus" / "texts"


@pytest.fixture(scope="module")
def validator():
    schema = load_json("directive.schema.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def ingest(path) -> dict:
    return json.loads(json.dumps(tthc.ingest(str(path))[0].to_dict()))


def errors(validator, result) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(result)]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_validate(validator, path):
    result = ingest(path)
    assert errors(validator, result) == []


@pytest.mark.parametrize("path", PROJECT_SAMPLES, ids=[p.name for p in PROJECT_SAMPLES])
def test_project_samples_validate(validator, path):
    result = ingest(path)
    assert result["document"] is not None, "every sample is a directive"
    assert errors(validator, result) == []


@pytest.mark.parametrize("code", ["INTERNAL.ERROR", "INPUT.TIME_LIMIT"])
def test_unreadable_crashed_and_timed_out_records_validate(validator, tmp_path, code):
    from commands.executors import crash_params, time_limit_params
    from commands.pipeline import failed_record
    (tmp_path / "empty.pdf").write_bytes(b"")
    result = ingest(tmp_path / "empty.pdf")
    assert errors(validator, result) == [] and result["document"] is None
    params = time_limit_params(5) if code == "INPUT.TIME_LIMIT" else crash_params(RuntimeError("boom"))
    record = failed_record("directive", "x.pdf", code, params).to_dict()
    assert errors(validator, record) == [] and [f["code"] for f in record["findings"]] == [code]


def test_schema_rejects_a_broken_output(validator):
    result = ingest(SAMPLES[0])
    result["deadlines"].append({"section": "1", "text": "x", "kind": "soon", "date": None,
                                "recurrence": None, "duration": None, "assignees": []})
    result["tasks"][0].pop("assignees", None) if result["tasks"] else None
    assert errors(validator, result)


def test_corpus_texts_validate(validator):
    paths = sorted(CORPUS.glob("*.txt"))
    assert paths
    for path in paths:
        assert errors(validator, ingest(path)) == [], path.name
