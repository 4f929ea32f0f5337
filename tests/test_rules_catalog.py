"""The rules catalog is data other tools read: every file must follow its schema."""
import json

import jsonschema
import pytest

import schemas
from checks.registry import all_checks, rule_table


def test_every_rules_file_is_valid():
    schema = schemas.load_json("rules.schema.json")
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    files = [e for e in schemas.path("rules").iterdir() if e.name.endswith(".json")]
    assert files
    for entry in files:
        data = json.loads(entry.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
        assert not errors, f"{entry.name}: {[e.message for e in errors]}"
        for r in data["rules"]:
            assert r["code"].startswith(data["family"] + "."), r["code"]


def test_codes_are_unique_and_checks_reference_known_codes():
    codes = schemas.rules()
    assert len(codes) == len(set(codes))
    for chk in all_checks():
        for code in chk.codes:
            assert code in codes


def test_unverified_rules_are_never_errors():
    for r in rule_table():
        if not r["verified"]:
            assert r["severity"] != "error", r["code"]


def test_finding_messages_fill_their_placeholders():
    from extract.model import Finding
    f = Finding.of("INPUT.IMAGE_TOO_LARGE", evidence="x.png", pixels=200_000_000, limit=100_000_000, raised=400)
    assert "200000000" in f.message and "200000000" in f.message_en
    with pytest.raises(KeyError):
        Finding.of("NO.SUCH_CODE")
