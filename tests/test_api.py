"""The Python API (`import tthc`): the README example runs as written, and the API gives the
records and exit codes the command line gives."""
import contextlib
import io
import json
import re
from pathlib import Path

import pytest

import cli
import tthc

ROOT = Path(__file__).resolve().parents[1]


def readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python API"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(readme_example(), "README.md", "exec"), {"__name__": "readme"})
    lines = out.getvalue().splitlines()
    assert any(line.startswith("exit code: 1") for line in lines)
    assert any("ND30.NUMBER_BLANK" in line for line in lines)            # cong-van-so-ngay-trong.txt
    assert "valid [['Ủy ban nhân dân xã Phước Dinh']]" in lines
    assert lines[-1] == "2025-02-07 15:00:00"       # Tết 2025: 27/1 - 31/1 off; Mon 3/2 is the first of five


def test_api_records_are_the_command_lines(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    sample = str(ROOT / "samples" / "directives" / "cong-van-so-ngay-trong.txt")
    run = tthc.check(sample)
    code = cli.main(["check", sample, "--format", "jsonl", "--no-progress"])
    line = json.loads(capsys.readouterr().out)
    assert code == run.exit_code == 1
    assert [f["code"] for f in line["findings"]] == [f.code for f in run[0].findings]
    assert run[0].to_dict()["findings"] == line["findings"]


def test_api_settings_and_never_silent(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert tthc.check(tmp_path / "empty.txt").exit_code == 1
    assert tthc.check(tmp_path / "empty.txt", fail_on="never").exit_code == 0
    assert tthc.check(tmp_path / "empty.txt", disable=["INPUT.EMPTY"]).findings == []
    run = tthc.check([tmp_path / "empty.txt", tmp_path / "missing.txt"], fail_on="never")
    assert run.exit_code == 2 and run.missing == [str(tmp_path / "missing.txt")] and len(run) == 1
    with pytest.raises(tthc.UsageError, match="missing.txt"):
        tthc.check(tmp_path / "missing.txt")
    with pytest.raises(tthc.UsageError, match="NOPE"):
        tthc.check(tmp_path / "empty.txt", disable=["NOPE"])
    (tmp_path / "tthc.toml").write_text('fail_on = "never"\n', encoding="utf-8")
    assert tthc.check(tmp_path / "empty.txt", config=tmp_path / "tthc.toml").exit_code == 0
    assert tthc.settings(tthc.DirectiveSettings, limits={"file_seconds": 5}).limits.file_seconds == 5.0


SIGNED = ROOT / "samples" / "signatures"


@pytest.mark.parametrize("name, verdict, codes", [
    ("01-valid.pdf", "valid", set()),
    ("03-tampered-after-signing.pdf", "invalid", {"SIG.MODIFIED_AFTER_SIGNING"}),
    ("06-revoked-certificate.pdf", "invalid", {"SIG.REVOKED"}),
])
def test_signatures_are_typed_results(name, verdict, codes):
    """tthc.signatures gives a SignaturesResult of SignatureResults with Finding objects (no dicts
    of findings), and their to_dict() is the record the command line writes."""
    pki = ROOT / "samples" / "pki"
    result = tthc.signatures(SIGNED / name, trust_roots=pki, crl=[str(pki / "test-intermediate.TEST-ONLY.crl")])[0]
    assert isinstance(result, tthc.SignaturesResult) and result.verdict == verdict
    assert result.signatures and all(isinstance(s, tthc.SignatureResult) for s in result.signatures)
    assert all(isinstance(f, tthc.Finding) for s in result.signatures for f in s.findings)
    assert all(isinstance(f, tthc.Finding) for f in result.findings)
    assert codes <= {f.code for s in result.signatures for f in s.findings if f.severity == "error"}
    assert result.signatures[0].field == "Signature1" and result.signatures[0].time_source is not None
    record = result.to_dict()
    assert [s["verdict"] for s in record["signatures"]] == [s.verdict for s in result.signatures]
    assert record["signatures"][0]["findings"] == [f.to_dict() for f in result.signatures[0].findings]


def test_disabled_codes_leave_the_typed_signature_results_too():
    pki = ROOT / "samples" / "pki"
    result = tthc.signatures(SIGNED / "06-revoked-certificate.pdf", trust_roots=pki,
                             crl=[str(pki / "test-intermediate.TEST-ONLY.crl")], disable=["SIG.REVOKED"])[0]
    assert "SIG.REVOKED" not in {f.code for s in result.signatures for f in s.findings}
    assert "SIG.REVOKED" not in {f.code for f in result.findings}
