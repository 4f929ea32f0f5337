"""Signature set-up (issue 15): docs/trust-roots.md says where the national roots come from,
how to pass them and what an unverified chain means, in words the tool still uses; and no
certificate ships but the TEST-ONLY ones of samples/pki (a province fetches its roots from
their publishers itself)."""
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "trust-roots.md").read_text(encoding="utf-8")
CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der", ".p7b", ".p7c", ".p12", ".pfx", ".key"}
SKIP = {".git", ".venv", "node_modules", "__pycache__"}


def _shipped_certificate_files() -> list[Path]:
    out = []
    for path in ROOT.rglob("*"):
        if SKIP & set(path.relative_to(ROOT).parts):
            continue
        if path.is_file() and path.suffix.lower() in CERT_SUFFIXES:
            out.append(path)
    return out


def test_no_certificate_ships_but_the_test_only_sample_pki():
    files = _shipped_certificate_files()
    assert files                                                         # the sample PKI is there
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        assert rel.startswith("samples/pki/") and "TEST-ONLY" in path.name, rel


def test_every_shipped_certificate_says_test_only_in_its_subject():
    from cryptography import x509
    for path in _shipped_certificate_files():
        data = path.read_bytes()
        for block in re.findall(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", data, re.S):
            cert = x509.load_pem_x509_certificate(block)
            assert "TEST ONLY" in cert.subject.rfc4514_string(), (path.name, cert.subject.rfc4514_string())


@pytest.mark.parametrize("what, words", [
    ("the public CAs' national root", ["NEAC", "rootca.gov.vn", "Luật Giao dịch điện tử số 20/2023/QH15"]),
    ("the Government's specialised CA", ["Ban Cơ yếu Chính phủ", "Nghị định 68/2024/NĐ-CP"]),
    ("checking what was fetched", ["SHA-256", "fingerprint"]),
    ("how to pass them", ["--trust-roots", "trust_roots", "tthc.toml", "--crl"]),
])
def test_the_page_says_where_the_roots_come_from_and_how_to_pass_them(what, words):
    for word in words:
        assert word in DOC, (what, word)


def test_the_findings_the_page_explains_are_the_tools_own():
    from schemas import rule
    named = set(re.findall(r"\bSIG\.[A-Z_]+", DOC))
    assert {"SIG.UNTRUSTED", "SIG.REVOCATION_UNCHECKED"} <= named            # what an unverified chain means
    for code in named:
        assert rule(code)["title"], code                                 # a code the tool still emits


@pytest.mark.parametrize("option", sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", DOC))))
def test_the_options_the_page_names_exist(option):
    from cli import build_parser
    import argparse
    known = set()

    def walk(parser):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)
            known.update(action.option_strings)
    walk(build_parser())
    assert option in known


def test_the_readme_points_at_the_page():
    assert "docs/trust-roots.md" in (ROOT / "README.md").read_text(encoding="utf-8")
