"""`tthc signatures` end to end, and loading trust roots / CRLs from files."""
from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization

import cli
from extract.signatures.pki import TrustStoreError, load_crl, load_trust_roots, load_trust_store
from tests.kit import pki as P


@pytest.fixture(scope="module")
def pki() -> P.TestPKI:
    return P.TestPKI.generate()


@pytest.fixture(scope="module")
def files(pki, tmp_path_factory):
    """A trust folder (root PEM + a DER copy + a key that must be skipped + a note) and PDFs."""
    d = tmp_path_factory.mktemp("sig")
    roots = d / "roots"
    roots.mkdir()
    (roots / "root.pem").write_bytes(pki.root.pem())
    (roots / "README.txt").write_text("test only")
    (roots / "signer.key.pem").write_bytes(pki.signer_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (d / "crl.der").write_bytes(pki.crl())
    pdf = P.make_pdf()
    good = pki.sign_pdf(pdf, timestamp_at=P.SIGNED_AT)          # PAdES B-T: proven signing time
    docs = d / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "valid.pdf").write_bytes(good)
    (docs / "sub" / "tampered.pdf").write_bytes(P.change_page_text(good))
    (docs / "notes.txt").write_text("not a pdf, not walked")
    (d / "unsigned.pdf").write_bytes(pdf)
    (d / "revoked.pdf").write_bytes(pki.sign_pdf(pdf, "revoked"))
    (d / "sha1.pdf").write_bytes(pki.sign_pdf(pdf, "sha1", timestamp_at=P.SIGNED_AT))
    (d / "unproven.pdf").write_bytes(pki.sign_pdf(pdf))
    return d


def test_trust_roots_from_a_folder_skip_keys_and_notes(files):
    store = load_trust_roots(files / "roots")
    assert len(store.roots) == 1 and store.sources == [str(files / "roots" / "root.pem")]
    assert store.skipped == [str(files / "roots" / "signer.key.pem")]       # .txt is not even looked at


def test_trust_roots_der_file_and_pem_bundle(pki, tmp_path):
    der = tmp_path / "root.cer"
    der.write_bytes(pki.root.cert.public_bytes(serialization.Encoding.DER))
    assert len(load_trust_roots(der).roots) == 1
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(pki.root.pem() + pki.rogue_root.pem())
    assert len(load_trust_roots(bundle).roots) == 2


@pytest.mark.parametrize("make", ["missing", "empty", "garbage"])
def test_bad_trust_roots_are_clear_errors(make, tmp_path):
    target = tmp_path / "roots"
    if make != "missing":
        target.mkdir()
    if make == "garbage":
        (target / "root.crt").write_bytes(b"\x30\x03garbage")
    with pytest.raises(TrustStoreError) as err:
        load_trust_roots(target)
    assert "/" in str(err.value)                    # "Vietnamese / English"


def test_crls_pem_and_der(pki, tmp_path):
    from cryptography import x509
    der = tmp_path / "a.crl"
    der.write_bytes(pki.crl())
    pem = tmp_path / "b.pem"
    pem.write_bytes(x509.load_der_x509_crl(pki.crl()).public_bytes(serialization.Encoding.PEM))
    assert len(load_crl(der)) == 1 and len(load_crl(pem)) == 1
    bad = tmp_path / "c.crl"
    bad.write_bytes(b"nope")
    with pytest.raises(TrustStoreError):
        load_crl(bad)
    store = load_trust_store(None, [str(der), str(pem)])
    assert store.roots == [] and len(store.crls) == 2


@pytest.fixture
def signatures(tthc_cli):
    """`tthc signatures ARGS...` in this process (tests/conftest.py): (code, CliRun)."""
    def call(*argv):
        r = tthc_cli("signatures", *argv)
        return r.code, r
    return call


def test_cli_json_folder_walk_and_exit_code(files, signatures):
    code, out = signatures(files / "docs", "--trust-roots", files / "roots", "--crl", files / "crl.der",
                     "--format", "json", "--no-progress")
    results = json.loads(out.out)
    assert code == 1
    assert [r["source"].rsplit("/", 1)[-1] for r in results] == ["tampered.pdf", "valid.pdf"]
    assert [r["verdict"] for r in results] == ["invalid", "valid"]
    sig = results[1]["signatures"][0]
    assert sig["field"] == "Signature1" and sig["verdict"] == "valid" and sig["time_source"] == "timestamp"
    assert sig["validated_at"] == "2024-06-03T09:30:00+07:00" and sig["validation_time"]
    assert sig["signer"]["organization"] == [P.DEFAULT_ORG] and sig["byte_range"][0] == 0
    assert {f["code"] for f in results[0]["findings"] if f["severity"] == "error"} == {"SIG.MODIFIED_AFTER_SIGNING"}


def test_cli_valid_file_exits_0(files, signatures):
    code, out = signatures(files / "docs" / "valid.pdf", "--trust-roots", files / "roots", "--crl",
                     files / "crl.der", "--format", "json")
    assert code == 0 and json.loads(out.out)["verdict"] == "valid"
    # Without the CRL: revocation unchecked, a warning (exit 0 unless --fail-on warning).
    code, out = signatures(files / "docs" / "valid.pdf", "--trust-roots", files / "roots", "--format", "json")
    assert code == 0 and json.loads(out.out)["verdict"] == "valid_with_warnings"


def test_cli_crl_and_text_output(files, signatures):
    # At a fixed validation time: the revoked certificate also expires (2027), then SIG.EXPIRED says it first.
    code, out = signatures(files / "revoked.pdf", "--trust-roots", files / "roots", "--crl", files / "crl.der",
                     "--lang", "en", "--at", "2024-10-15")
    assert code == 1
    assert "NOT valid" in out.out and "SIG.REVOKED" in out.out and "Signature1" in out.out
    code, out = signatures(files / "revoked.pdf", "--trust-roots", files / "roots", "--at", "2024-10-15")
    # Without the CRL: never plainly valid (revocation unchecked, no proof of existence).
    assert code == 0 and "hợp lệ, có cảnh báo" in out.out
    assert "SIG.REVOCATION_UNCHECKED" in out.out and "SIG.NO_PROOF_OF_EXISTENCE" in out.out
    assert "thông tin" in out.out                               # the hidden info findings are counted


def test_cli_unsigned_allow_unsigned_and_fail_on(files, signatures):
    code, out = signatures(files / "unsigned.pdf", "--trust-roots", files / "roots", "--format", "json")
    assert code == 1 and json.loads(out.out)["findings"][0]["code"] == "SIG.MISSING"
    code, out = signatures(files / "unsigned.pdf", "--trust-roots", files / "roots", "--allow-unsigned",
                     "--format", "json")
    assert code == 0 and json.loads(out.out)["verdict"] == "unsigned"
    crl = ("--crl", files / "crl.der")
    code, _ = signatures(files / "sha1.pdf", "--trust-roots", files / "roots", *crl)
    assert code == 0
    code, _ = signatures(files / "sha1.pdf", "--trust-roots", files / "roots", *crl, "--fail-on", "warning")
    assert code == 1
    code, out = signatures(files / "sha1.pdf", "--trust-roots", files / "roots", *crl, "--fail-on", "warning",
                     "--disable", "SIG.WEAK_ALGORITHM", "--format", "json")
    assert code == 0 and "SIG.WEAK_ALGORITHM" not in out.out


def test_cli_at_and_expected_org(files, signatures):
    # --at is the validation time: an unproven signature is judged then, a timestamped one at its timestamp.
    code, out = signatures(files / "unproven.pdf", "--trust-roots", files / "roots", "--crl", files / "crl.der",
                     "--at", "2030-01-01", "--format", "json")
    r = json.loads(out.out)
    assert code == 1 and r["signatures"][0]["time_source"] == "validation"
    assert r["signatures"][0]["validated_at"] == "2030-01-01T00:00:00+07:00"
    assert {f["code"] for f in r["findings"] if f["severity"] == "error"} == {"SIG.EXPIRED"}
    code, out = signatures(files / "docs" / "valid.pdf", "--trust-roots", files / "roots", "--crl",
                     files / "crl.der", "--at", "2030-01-01", "--format", "json")
    assert code == 0 and json.loads(out.out)["verdict"] == "valid"
    code, out = signatures(files / "docs" / "valid.pdf", "--trust-roots", files / "roots",
                     "--expected-org", "Sở Tư pháp tỉnh Ninh Thuận", "--format", "jsonl", "--fail-on", "warning")
    assert code == 1 and '"SIG.SIGNER_MISMATCH"' in out.out and len(out.out.strip().splitlines()) == 1


def test_cli_usage_errors_exit_2(files, tmp_path, signatures):
    code, out = signatures(files / "docs", "--trust-roots", tmp_path / "nowhere")
    assert code == 2 and "trust roots not found" in out.err
    code, out = signatures(tmp_path, "--trust-roots", files / "roots")        # an empty folder
    assert code == 2 and "no input in" in out.err
    code, out = signatures(files / "docs", "--at", "yesterday")
    assert code == 2


def test_cli_a_missing_path_is_exit_2_and_a_non_pdf_file_is_a_finding(files, tmp_path, signatures):
    code, out = signatures(tmp_path / "gone.pdf", files / "docs" / "notes.txt", "--trust-roots", files / "roots",
                     "--format", "json", "--fail-on", "never")
    result = json.loads(out.out)
    assert code == 2 and "gone.pdf" in out.err
    assert result["findings"][0]["code"] == "INPUT.UNSUPPORTED" and result["verdict"] == "unreadable"


def test_cli_without_trust_roots_warns_and_distrusts(files, signatures):
    code, out = signatures(files / "docs" / "valid.pdf", "--format", "json")
    assert code == 1 and "no --trust-roots" in out.err
    assert "SIG.UNTRUSTED" in out.out


def test_cli_parallel_workers_keep_order(files, signatures):
    code, out = signatures(files / "docs", files / "unsigned.pdf", "--trust-roots", files / "roots",
                     "--crl", files / "crl.der", "--workers", "2", "--format", "json", "--no-progress")
    assert [r["verdict"] for r in json.loads(out.out)] == ["invalid", "valid", "unsigned"]


# --------------------------------------------------------------------------- committed samples

SAMPLE_VERDICTS = {
    "01-valid.pdf": ("valid", set()),
    "02-valid-two-signatures.pdf": ("valid", set()),
    "03-tampered-after-signing.pdf": ("invalid", {"SIG.MODIFIED_AFTER_SIGNING"}),
    "04-untrusted-root.pdf": ("invalid", {"SIG.UNTRUSTED"}),
    "05-expired-certificate.pdf": ("invalid", {"SIG.EXPIRED", "SIG.NO_PROOF_OF_EXISTENCE"}),
    "06-revoked-certificate.pdf": ("invalid", {"SIG.REVOKED", "SIG.NO_PROOF_OF_EXISTENCE"}),
}


def test_committed_samples_show_real_verdicts():
    """What `make demo` shows: the samples against the committed TEST-ONLY root and CRL, at a fixed
    validation time after their timestamps (at "now", the revoked certificate is also expired
    from 2027)."""
    from datetime import datetime

    from checks.signatures import assess
    from extract.signatures.pdfsig import read_signatures

    folder = P.SAMPLES_PKI.parent / "signatures"
    store = load_trust_store(P.SAMPLES_PKI, [P.SAMPLES_PKI / "test-intermediate.TEST-ONLY.crl"])
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(SAMPLE_VERDICTS)
    for name, (verdict, codes) in SAMPLE_VERDICTS.items():
        a = assess(read_signatures(folder / name), store, required=True, expected_org="UBND xã Phước Dinh",
                   at=datetime(2025, 7, 1, tzinfo=P.VN))
        assert (a.verdict, {f.code for f in a.findings if f.severity != "info"}) == (verdict, codes), name


def test_sign_pdf_for_sample_dossiers_uses_the_committed_root():
    from datetime import datetime

    from checks.signatures import assess
    from extract.signatures.pdfsig import read_signatures

    when = datetime(2025, 7, 2, 14, 0, tzinfo=P.VN)
    data = P.sign_pdf(P.make_pdf(), signer="valid", org="UBND xã Phước Dinh", when=when, timestamp_at=when)
    store = load_trust_store(P.SAMPLES_PKI, [P.SAMPLES_PKI / "test-intermediate.TEST-ONLY.crl"])
    a = assess(read_signatures(data), store, required=True,
               expected_org="Ủy ban nhân dân xã Phước Dinh", window=("20250701080000", "20250703170000"))
    assert a.verdict == "valid" and a.signatures[0].facts.signer.organization == ["UBND xã Phước Dinh"]


def test_trust_roots_and_crl_from_tthc_toml(files, monkeypatch, tmp_path, signatures):
    (tmp_path / "tthc.toml").write_text('trust_roots = "roots"\ncrl = ["crl.der"]\n')
    import shutil
    shutil.copytree(files / "roots", tmp_path / "roots")
    shutil.copy(files / "crl.der", tmp_path / "crl.der")
    sub = tmp_path / "work"
    sub.mkdir()
    monkeypatch.chdir(sub)                          # paths resolve against the config file, not the cwd
    code, out = signatures(files / "revoked.pdf", "--format", "json", "--at", "2024-10-15")
    assert code == 1 and "SIG.REVOKED" in out.out


def test_cli_existence_records_prove_the_signing_time(files, tmp_path, signatures):
    """A trusted record of the file's existence (an archive's receipt) is the proof a B-B
    signature lacks: judged at the record's time, no SIG.NO_PROOF_OF_EXISTENCE."""
    import hashlib

    unproven = files / "unproven.pdf"
    records = tmp_path / "records.json"
    records.write_text(json.dumps([{"sha256": hashlib.sha256(unproven.read_bytes()).hexdigest(),
                                    "time": "2024-06-04T08:00:00", "source": "Kho lưu trữ"}]), encoding="utf-8")
    args = (unproven, "--trust-roots", files / "roots", "--crl", files / "crl.der", "--format", "json",
            "--at", "2024-10-15")
    code, out = signatures(*args)
    assert code == 0 and "SIG.NO_PROOF_OF_EXISTENCE" in out.out
    code, out = signatures(*args, "--existence-records", records)
    r = json.loads(out.out)
    assert code == 0 and r["verdict"] == "valid"
    assert (r["signatures"][0]["time_source"], r["signatures"][0]["proof"]) == ("record", "Kho lưu trữ")
    records.write_text("not json")
    code, out = signatures(*args, "--existence-records", records)
    assert code == 2 and "existence records" in out.err


def _records_file(path, data: bytes, time: str, source: str = "Kho lưu trữ"):
    import hashlib
    path.write_text(json.dumps([{"sha256": hashlib.sha256(data).hexdigest(), "time": time, "source": source}]),
                    encoding="utf-8")
    return path


def test_existence_records_from_tthc_toml_and_the_library(files, monkeypatch, tmp_path, signatures):
    """The same record given as `existence_records` in tthc.toml (a path relative to the file)
    and as a keyword of tthc.signatures."""
    import tthc

    unproven = files / "unproven.pdf"
    _records_file(tmp_path / "ban-ghi.json", unproven.read_bytes(), "2024-06-04T08:00:00")
    (tmp_path / "tthc.toml").write_text(f'trust_roots = "{files / "roots"}"\ncrl = ["{files / "crl.der"}"]\n'
                                        'existence_records = "ban-ghi.json"\n', encoding="utf-8")
    sub = tmp_path / "work"
    sub.mkdir()
    monkeypatch.chdir(sub)
    code, out = signatures(unproven, "--format", "json", "--at", "2024-10-15")
    assert code == 0 and json.loads(out.out)["verdict"] == "valid"
    result = tthc.signatures(unproven, trust_roots=files / "roots", crl=[str(files / "crl.der")], at="2024-10-15",
                             existence_records=str(tmp_path / "ban-ghi.json"))[0]
    assert result.verdict == "valid"
    assert tthc.signatures(unproven, trust_roots=files / "roots", crl=[str(files / "crl.der")],
                           at="2024-10-15")[0].verdict == "valid_with_warnings"


@pytest.mark.parametrize("recorded, codes", [
    (None, ["SIG.NO_PROOF_OF_EXISTENCE"]),               # a B-B result: nothing proves when it was signed
    ("signed", []),                                      # the archive received the signed file
    ("unsigned", ["SIG.NO_PROOF_OF_EXISTENCE"]),         # a record of the content before signing proves nothing
])
def test_validate_takes_the_batchs_records_of_existence(recorded, codes, tmp_path, tthc_cli):
    """`tthc validate --existence-records`: the operator's trusted records (an archive's or a
    document system's receipts) prove when a dossier's result existed; the package itself never can."""
    from tests.kit import dossier_kit as kit
    from tests.kit.pki import sign_pdf
    from tests.kit.sample_dossiers import issuer_of, set_result, valid

    m, files = valid("1.001193", 77)
    content = kit.text_pdf("GIẤY KHAI SINH", ["Số: 123/GKS"])
    unproven = sign_pdf(content, org=issuer_of(m), when=kit.finished_at(m).replace(tzinfo=P.VN), reproducible=True)
    set_result(m, files, unproven)
    package = kit.write_folder(tmp_path / "ho-so", m, files)
    pki_dir = cli_root() / "samples" / "pki"
    argv = ["validate", str(package), "--trust-roots", str(pki_dir), "--crl",
            str(pki_dir / "test-intermediate.TEST-ONLY.crl"), "--format", "json", "--no-summary", "--no-progress",
            "--as-of", "2024-12-31"]
    if recorded:
        data = unproven if recorded == "signed" else content
        argv += ["--existence-records", str(_records_file(tmp_path / "ban-ghi.json", data, "2024-03-20T10:00:00"))]
    record = json.loads(tthc_cli(*argv).out)[0]
    assert sorted(f["code"] for f in record["findings"] if f["code"].startswith("SIG.")) == codes


def cli_root():
    from pathlib import Path
    return Path(cli.__file__).resolve().parent
