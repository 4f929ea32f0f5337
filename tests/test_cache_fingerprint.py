"""The cache of loaded documents (extract/load/cache.py) is keyed on the loaders' code and on the
data they read: a changed lexicon or OCR vocabulary must give new keys, or a stale reading of a
document would be served after the data that reads it changed."""
import shutil
from pathlib import Path

import pytest

import schemas
from extract.load import cache


@pytest.mark.parametrize("changed", [
    "lexicons/letters.json",
    "lexicons/layout.json",
    "ocr/vocabulary.json",
])
def test_a_change_to_the_data_the_loaders_read_changes_the_fingerprint(tmp_path, monkeypatch, changed):
    real = Path(str(schemas.path()))
    for folder in cache.FINGERPRINTED_DATA:
        shutil.copytree(real / folder, tmp_path / folder)
    monkeypatch.setattr(schemas, "path", lambda *parts: tmp_path.joinpath(*parts))
    before = cache.code_fingerprint.__wrapped__()
    assert cache.code_fingerprint.__wrapped__() == before          # stable while nothing changes
    target = tmp_path / changed
    target.write_bytes(target.read_bytes() + b"\n")
    assert cache.code_fingerprint.__wrapped__() != before
