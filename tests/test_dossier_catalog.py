"""The procedure catalog is data other workstreams read: every entry follows its schema,
cites sources that exist, and keeps the processing_time shape the timeline relies on."""
import json

import jsonschema
import pytest

import schemas
from extract.dossier.procedures import catalog, lookup, national_code

SCHEMA = schemas.load_json("procedure.schema.json")
FILES = sorted(e for e in schemas.path("procedures").iterdir() if e.name.endswith(".json"))


def test_at_least_five_procedures():
    assert len(FILES) >= 5


@pytest.mark.parametrize("entry", FILES, ids=lambda e: e.name)
def test_entry_follows_the_schema_and_cites_its_sources(entry):
    proc = json.loads(entry.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(proc))
    assert not errors, [e.message for e in errors]
    assert entry.name == f"{proc['code']}.json"
    refs = [proc.get("code_source", "")] + [r["source"] for r in proc["processing_time"]]
    refs += [c["source"] for c in proc["components"]] + [f["source"] for f in proc["fees"]] + [proc["result"]["source"]]
    for ref in filter(None, refs):
        for key in ref.split("+"):
            assert key in proc["sources"], f"{entry.name}: source {key} not listed"
    codes = [c["code"] for c in proc["components"]]
    assert len(codes) == len(set(codes))
    assert all(c.startswith(proc["code"] + ".") for c in codes)
    for comp in proc["components"]:
        if "one_of" in comp:
            assert comp["one_of"] in proc.get("groups", {})
    assert any(c["mandatory"] and not c.get("condition") for c in proc["components"])


@pytest.mark.parametrize("entry", FILES, ids=lambda e: e.name)
def test_unconfirmed_facts_are_marked(entry):
    """A fact read only in a secondary source, or only cited, must say verified=false."""
    proc = json.loads(entry.read_text(encoding="utf-8"))
    unread = {k for k, s in proc["sources"].items() if not s["read"]}
    for fact in proc["components"] + proc["processing_time"] + proc["fees"] + [proc["result"]]:
        keys = set(fact["source"].split("+"))
        if keys <= unread:
            assert fact.get("verified") is False


def test_processing_time_shape_for_the_timeline():
    for proc in catalog().values():
        for row in proc["processing_time"]:
            assert set(row) >= {"case", "value", "unit", "note", "source"}
            assert row["unit"] in ("working_day", "day", "working_hour", "hour", "month")
            assert isinstance(row["value"], (int, float))
            if "same_day_before" in row:
                assert row["value"] == 1 and row["unit"] == "working_day"


def test_lookup_matches_the_national_part_of_local_codes():
    assert national_code("1.003560.000.00.00.H56") == "1.003560"
    assert national_code("2.000815") == "2.000815"
    assert national_code("abc") is None and national_code(None) is None
    assert lookup("1.001193.000.00.00.H12")["name"] == "Thủ tục đăng ký khai sinh"
    assert lookup(" 2.000815.000.00.00.H55 ")["code"] == "2.000815"
    assert lookup("1.999999") is None
