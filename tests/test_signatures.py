"""Digital signatures: the tamper suite and every SIG.* verdict, on a PKI made by code.

Each case asserts the exact verdict and the exact set of warning/error codes. Zero false
accepts: every tampered, untrusted or unverifiable file is checked never to be "valid".
"""
from __future__ import annotations

import io
from datetime import datetime

import pytest
from asn1crypto import crl as a_crl

from checks.registry import Context, run_checks
from checks.signatures import assess, same_org, signature_findings
from extract.signatures.pdfsig import read_signatures
from extract.signatures.pki import TrustStore
from tests.kit import pki as P


@pytest.fixture(scope="session")
def pki() -> P.TestPKI:
    return P.TestPKI.generate()


@pytest.fixture(scope="session")
def pdf() -> bytes:
    return P.make_pdf()


@pytest.fixture(scope="session")
def signed(pki, pdf) -> bytes:
    return pki.sign_pdf(pdf)


@pytest.fixture(scope="session")
def trust(pki) -> TrustStore:
    return TrustStore(roots=[pki.root.asn1])


@pytest.fixture(scope="session")
def trust_crl(pki) -> TrustStore:
    return TrustStore(roots=[pki.root.asn1], crls=[a_crl.CertificateList.load(pki.crl())])


def problems(a) -> set[str]:
    return {f.code for f in a.findings if f.severity != "info"}


def infos(a) -> set[str]:
    return {f.code for f in a.findings if f.severity == "info"}


def run(data: bytes, trust: TrustStore, **kw):
    return assess(read_signatures(data, "case.pdf"), trust, required=True, **kw)


# --------------------------------------------------------------------------- the tamper suite

TAMPER_CASES = {
    # name: (build(pki, pdf, signed), trust fixture, document verdict, per-signature verdicts, problem codes)
    "valid": (lambda k, d, s: s, "trust", "valid", ["valid"], set()),
    "flipped byte in signed range": (lambda k, d, s: P.flip_signed_byte(s), "trust", "invalid", ["invalid"],
                                     {"SIG.INTEGRITY"}),
    "flipped byte in signature value": (lambda k, d, s: P.flip_signature_value(s), "trust", "invalid",
                                        ["invalid"], {"SIG.INTEGRITY"}),
    "update changes page text": (lambda k, d, s: P.change_page_text(s), "trust", "invalid", ["invalid"],
                                 {"SIG.MODIFIED_AFTER_SIGNING"}),
    "update adds a page": (lambda k, d, s: P.add_page(s), "trust", "invalid", ["invalid"],
                           {"SIG.MODIFIED_AFTER_SIGNING"}),
    "update only adds an annotation": (lambda k, d, s: P.add_annotation(s), "trust", "invalid", ["invalid"],
                                       {"SIG.MODIFIED_AFTER_SIGNING"}),
    "second valid signature": (lambda k, d, s: k.sign_pdf(s), "trust", "valid", ["valid", "valid"], set()),
    "second signature then text change": (lambda k, d, s: P.change_page_text(k.sign_pdf(s)), "trust", "invalid",
                                          ["invalid", "invalid"], {"SIG.MODIFIED_AFTER_SIGNING"}),
    "signature removed by an update": (lambda k, d, s: P.remove_signature_value(s), "trust", "unsigned", [],
                                       {"SIG.REMOVED", "SIG.MISSING"}),
    "signature dropped by a rewrite": (lambda k, d, s: P.rewrite_without_signature(s), "trust", "unsigned", [],
                                       {"SIG.MISSING"}),
    "signed under an untrusted root": (lambda k, d, s: k.sign_pdf(d, "untrusted"), "trust", "invalid",
                                       ["invalid"], {"SIG.UNTRUSTED"}),
    "no trust roots given": (lambda k, d, s: s, "none", "invalid", ["invalid"], {"SIG.UNTRUSTED"}),
    "expired certificate": (lambda k, d, s: k.sign_pdf(d, "expired"), "trust", "invalid", ["invalid"],
                            {"SIG.EXPIRED"}),
    "certificate not yet valid": (lambda k, d, s: k.sign_pdf(d, "not_yet_valid"), "trust", "invalid",
                                  ["invalid"], {"SIG.NOT_YET_VALID"}),
    "revoked, CRL given": (lambda k, d, s: k.sign_pdf(d, "revoked"), "trust_crl", "invalid", ["invalid"],
                           {"SIG.REVOKED"}),
    "revoked, CRL embedded (DSS)": (lambda k, d, s: P.add_dss(k.sign_pdf(d, "revoked"), crls=[k.crl()]),
                                    "trust", "invalid", ["invalid"], {"SIG.REVOKED"}),
    "revoked after the claimed signing time": (lambda k, d, s: k.sign_pdf(d, "revoked_later"), "trust_crl",
                                               "valid_with_warnings", ["valid_with_warnings"], {"SIG.REVOKED_LATER"}),
    "without document-signing key usage": (lambda k, d, s: k.sign_pdf(d, "no_signing_usage"), "trust",
                                           "valid_with_warnings", ["valid_with_warnings"], {"SIG.KEY_USAGE"}),
    "SHA-1": (lambda k, d, s: k.sign_pdf(d, "sha1"), "trust", "valid_with_warnings", ["valid_with_warnings"],
              {"SIG.WEAK_ALGORITHM"}),
    "RSA-1024": (lambda k, d, s: k.sign_pdf(d, "rsa1024"), "trust", "valid_with_warnings",
                 ["valid_with_warnings"], {"SIG.WEAK_ALGORITHM"}),
    "untrusted and expired": (lambda k, d, s: k.sign_pdf(d, "untrusted", when=datetime(2028, 1, 1, tzinfo=P.VN)),
                              "trust", "invalid", ["invalid"], {"SIG.UNTRUSTED", "SIG.EXPIRED"}),
    "timestamp from an untrusted TSA": (lambda k, d, s: k.sign_pdf(d, timestamp_at=P.SIGNED_AT, tsa="rogue_tsa"),
                                       "trust", "valid_with_warnings", ["valid_with_warnings"],
                                       {"SIG.TIMESTAMP_INVALID"}),
    "unsigned": (lambda k, d, s: d, "trust", "unsigned", [], {"SIG.MISSING"}),
    "junk appended after %%EOF": (lambda k, d, s: s + b"\n% appended after signing\n", "trust",
                                  "valid_with_warnings", ["valid"], {"SIG.TRAILING_DATA"}),
    "blank line appended after %%EOF": (lambda k, d, s: s + b"\r\n", "trust", "valid", ["valid"], set()),
    "unsigned PDF appended to a signed one": (lambda k, d, s: s + d, "trust", "unsigned", [], {"SIG.MISSING"}),
}
# Files that are bad whatever the trust store ("no trust roots given" is about the store).
MUST_NOT_BE_VALID = {name for name, case in TAMPER_CASES.items()
                     if case[2] not in ("valid", "valid_with_warnings") and case[1] != "none"}


@pytest.fixture(scope="session")
def built(pki, pdf, signed):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = TAMPER_CASES[name][0](pki, pdf, signed)
        return cache[name]
    return get


@pytest.mark.parametrize("name", list(TAMPER_CASES))
def test_tamper_suite_exact_verdicts(name, built, trust, trust_crl):
    _, which, verdict, sig_verdicts, codes = TAMPER_CASES[name]
    store = {"trust": trust, "trust_crl": trust_crl, "none": TrustStore()}[which]
    a = run(built(name), store)
    assert a.verdict == verdict, [f.message_en for f in a.findings]
    assert [v.verdict for v in a.signatures] == sig_verdicts
    assert problems(a) == codes, [f.message_en for f in a.findings]


@pytest.mark.parametrize("name", sorted(MUST_NOT_BE_VALID))
def test_zero_false_accepts(name, built, trust, trust_crl):
    """With or without extra CRLs, a tampered or untrusted file never comes out valid.
    (A revoked certificate needs revocation data to be seen: without it the verdict says
    so, see test_revoked_without_revocation_data_is_said_unchecked.)"""
    for store in ((trust_crl,) if TAMPER_CASES[name][1] == "trust_crl" else (trust, trust_crl)):
        a = run(built(name), store)
        assert a.verdict not in ("valid", "valid_with_warnings")
        assert all(v.verdict == "invalid" for v in a.signatures)


def test_tampering_evidence_is_specific(built, trust):
    page = run(built("update adds a page"), trust)
    assert "page count 1 → 2" in page.findings[0].message_en and "số trang 1 → 2" in page.findings[0].message
    assert page.findings[0].evidence          # pyHanko's own account of the change
    text = run(built("update changes page text"), trust).findings[0]
    assert text.location == {"field": "Signature1", "revision": 2}
    assert "revision 2 of 3" in text.message_en
    flipped = run(built("flipped byte in signed range"), trust).findings[0]
    assert "digest mismatch" in flipped.message_en


def test_second_signature_is_a_later_revision_not_tampering(built, trust):
    a = run(built("second valid signature"), trust)
    first = a.signatures[0]
    later = [f for f in first.findings if f.code == "SIG.LATER_REVISION"]
    assert len(later) == 1 and "Signature2" in later[0].message_en
    assert first.modification == "FORM_FILLING" and first.facts.coverage == "ENTIRE_REVISION"
    assert a.signatures[1].facts.covers_whole_file


def test_removed_signature_says_what_was_found(built, trust):
    removed = run(built("signature removed by an update"), trust)
    by_code = {f.code: f for f in removed.findings}
    assert "Revision 2" in by_code["SIG.REMOVED"].message_en
    assert "empty signature field(s): Signature1" in by_code["SIG.MISSING"].message_en
    rewritten = run(built("signature dropped by a rewrite"), trust)
    assert "Signature1" in rewritten.findings[0].message_en
    # Not required: an unsigned file is not an error, but a removed signature still is.
    opt = assess(read_signatures(built("signature removed by an update")), trust, required=False)
    assert {f.code for f in opt.findings} == {"SIG.REMOVED"}
    assert assess(read_signatures(built("unsigned")), trust, required=False).findings == []


# --------------------------------------------------------------------------- time, revocation, trust

def test_claimed_time_is_used_and_said(built, trust):
    a = run(built("valid"), trust)
    v = a.signatures[0]
    assert v.time_source == "claimed" and v.validated_at == P.SIGNED_AT
    info = [f for f in v.findings if f.code == "SIG.SIGNING_TIME"][0]
    assert "2024-06-03T09:30:00+07:00" in info.message_en and "no timestamp" in info.message_en
    assert "SIG.REVOCATION_UNCHECKED" in infos(a) and v.revocation == "unchecked"


def test_timestamp_time_wins_over_the_claimed_time(pki, pdf, trust):
    # Claimed 2024 (after expiry) but a trusted timestamp proves it was signed in 2021.
    data = pki.sign_pdf(pdf, "expired", timestamp_at=datetime(2021, 6, 1, tzinfo=P.VN))
    a = run(data, trust)
    assert a.verdict == "valid" and problems(a) == set()
    v = a.signatures[0]
    assert v.time_source == "timestamp" and v.validated_at == datetime(2021, 6, 1, tzinfo=P.VN)
    assert v.facts.claimed_time == P.SIGNED_AT


def test_untrusted_timestamp_falls_back_to_claimed_time(built, trust):
    a = run(built("timestamp from an untrusted TSA"), trust)
    v = a.signatures[0]
    assert v.time_source == "claimed"
    assert "not trusted" in [f for f in a.findings if f.code == "SIG.TIMESTAMP_INVALID"][0].message_en


def test_validation_at_a_given_time(built, trust):
    a = assess(read_signatures(built("valid")), trust, at=datetime(2030, 1, 1, tzinfo=P.VN))
    assert problems(a) == {"SIG.EXPIRED"} and a.signatures[0].time_source == "given"


def test_revocation_checked_with_crl(built, trust_crl):
    a = run(built("valid"), trust_crl)
    assert a.verdict == "valid" and a.signatures[0].revocation == "checked"
    assert "SIG.REVOCATION_UNCHECKED" not in infos(a)


def test_revoked_without_revocation_data_is_said_unchecked(built, trust):
    # Offline and given no CRL, revocation cannot be known: valid, but said so.
    a = run(built("revoked, CRL given"), trust)
    assert a.verdict == "valid" and "SIG.REVOCATION_UNCHECKED" in infos(a)


def test_revocation_details(built, trust_crl):
    rev = [f for f in run(built("revoked, CRL given"), trust_crl).findings if f.code == "SIG.REVOKED"][0]
    assert "2024-03-01" in rev.message_en and "key_compromise" in rev.message_en and "signer's" in rev.message_en
    later = run(built("revoked after the claimed signing time"), trust_crl)
    f = [f for f in later.findings if f.code == "SIG.REVOKED_LATER"][0]
    assert f.severity == "warning" and "2024-09-01" in f.message_en and "only claimed" in f.message_en


def test_revoked_later_with_a_timestamp_is_info(pki, pdf, trust_crl):
    a = run(pki.sign_pdf(pdf, "revoked_later", timestamp_at=P.SIGNED_AT), trust_crl)
    assert a.verdict == "valid"
    f = [f for f in a.findings if f.code == "SIG.REVOKED_LATER"][0]
    assert f.severity == "info" and "proven by a timestamp" in f.message_en


def test_crl_for_a_certificate_without_distribution_point_is_still_used(built, pki, trust):
    # The CRL arrives through the DSS; the revoked certificate is caught either way.
    a = run(built("revoked, CRL embedded (DSS)"), trust)
    assert a.signed.dss == {"certs": 0, "crls": 1, "ocsps": 0}
    assert a.signatures[0].revocation == "revoked"


def test_dss_update_after_signing_is_allowed(pki, signed, trust):
    a = run(P.add_dss(signed, crls=[pki.crl()]), trust)
    assert a.verdict == "valid" and problems(a) == set()
    later = [f for f in a.findings if f.code == "SIG.LATER_REVISION"][0]
    assert "validation data (DSS)" in later.message_en
    assert a.signatures[0].revocation == "checked"


def test_document_timestamp_is_listed_and_allowed(pki, signed, trust):
    a = run(pki.add_document_timestamp(signed, datetime(2024, 6, 4, tzinfo=P.VN)), trust)
    assert a.verdict == "valid", [f.message_en for f in a.findings]
    assert [v.facts.kind for v in a.signatures] == ["signature", "timestamp"]
    assert [v.verdict for v in a.signatures] == ["valid", "valid"]
    assert "document timestamp(s) DocTimeStamp1" in [f for f in a.findings if f.code == "SIG.LATER_REVISION"][0].message_en


def test_only_a_document_timestamp_is_not_a_signature(pki, pdf, trust):
    a = run(pki.add_document_timestamp(pdf, P.SIGNED_AT), trust)
    assert a.verdict == "unsigned" and problems(a) == {"SIG.MISSING"}


def test_weak_algorithm_details(built, trust):
    sha1 = [f for f in run(built("SHA-1"), trust).findings if f.code == "SIG.WEAK_ALGORITHM"][0]
    assert "digest sha1" in sha1.message_en and "certificate signed with sha1" in sha1.message_en
    rsa = [f for f in run(built("RSA-1024"), trust).findings if f.code == "SIG.WEAK_ALGORITHM"][0]
    assert "RSA 1024 bit" in rsa.message_en


def test_key_usage_details(built, trust):
    f = [f for f in run(built("without document-signing key usage"), trust).findings if f.code == "SIG.KEY_USAGE"][0]
    assert "key_encipherment" in f.message_en and "server_auth" in f.message_en


def test_unsupported_format_is_indeterminate(signed, trust):
    s = read_signatures(signed)
    s.signatures[0].subfilter = "/adbe.x509.rsa_sha1"
    a = assess(s, trust, required=True)
    assert a.signatures[0].verdict == "indeterminate" and problems(a) == {"SIG.UNSUPPORTED"}
    assert a.verdict == "indeterminate"


# --------------------------------------------------------------------------- malformed and odd files

def test_pillow_pdf_needs_the_lenient_reader(pki, trust):
    from pyhanko.pdf_utils.misc import PdfStrictReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    image_pdf = P.make_pillow_pdf()
    with pytest.raises(PdfStrictReadError):
        PdfFileReader(io.BytesIO(image_pdf), strict=True)
    a = run(pki.sign_pdf(image_pdf, lenient=True), trust)
    assert a.verdict == "valid" and a.signed.lenient
    assert "SIG.LENIENT_PARSE" in infos(a)
    assert "65536" in [f for f in a.findings if f.code == "SIG.LENIENT_PARSE"][0].message_en


def test_encrypted_pdfs(pki, pdf, trust):
    # Empty user password: readable and validated; a real password: a clear finding.
    open_enc = pki.sign_pdf(P.encrypt(pdf), password="")
    assert run(open_enc, trust).verdict == "valid"
    locked = read_signatures(P.encrypt(pdf, user_password="secret"))
    assert [f.code for f in locked.findings] == ["INPUT.ENCRYPTED"]
    assert assess(locked, trust).verdict == "unreadable"


@pytest.mark.parametrize("data, code", [
    (b"", "INPUT.EMPTY"),
    (b"hello, not a pdf", "INPUT.UNSUPPORTED"),
    (b"%PDF-1.7\n1 0 obj garbage", "INPUT.CORRUPT_PDF"),
])
def test_unreadable_input_is_a_finding(data, code, trust):
    s = read_signatures(data, "bad.pdf")
    assert not s.readable and [f.code for f in s.findings] == [code]
    assert assess(s, trust, required=True).verdict == "unreadable"


def test_truncated_signed_pdf_is_never_valid(signed, trust):
    a = run(signed[: len(signed) // 2], trust)
    assert a.verdict != "valid"


def test_missing_file(tmp_path):
    s = read_signatures(tmp_path / "nope.pdf")
    assert [f.code for f in s.findings] == ["INPUT.NOT_FOUND"]


def test_facts_of_a_signature(built):
    s = read_signatures(built("second valid signature"), "two.pdf")
    first, second = s.signatures
    assert (first.index, first.field, first.revision, s.revisions) == (1, "Signature1", 2, 3)
    assert second.revision == 3 and second.covers_whole_file and not first.covers_whole_file
    assert first.digest_algorithm == "sha256" and first.signature_algorithm == "sha256_rsa"
    assert first.claimed_time == P.SIGNED_AT and first.timestamp_time is None
    assert first.signer.organization == [P.DEFAULT_ORG] and first.signer.key_size == 2048
    assert first.signer.key_usage == ["digital_signature", "non_repudiation"]
    assert len(first.byte_range) == 4 and first.byte_range[0] == 0
    d = s.to_dict()
    assert d["signatures"][0]["signer"]["issuer_common_name"] == "tthc-check TEST ONLY Intermediate CA"


# --------------------------------------------------------------------------- dossier consistency

@pytest.mark.parametrize("a, b, same", [
    ("UBND tỉnh Ninh Thuận", "Ủy ban nhân dân tỉnh Ninh Thuận", True),
    ("UBND tỉnh Ninh Thuận", "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN", True),
    ("UBND tỉnh Ninh Thuận", "UY BAN NHAN DAN TINH NINH THUAN", True),
    ("Ủy ban nhân dân tỉnh Khánh Hoà", "UBND tỉnh Khánh Hòa", True),
    ("Sở TT&TT tỉnh Ninh Thuận", "Sở Thông tin và Truyền thông tỉnh Ninh Thuận", True),
    ("UBND xã Phước Dinh", "Ủy ban nhân dân xã Phước Dinh, huyện Ninh Phước", True),
    ("UBND TP. Phan Rang - Tháp Chàm", "Ủy ban nhân dân thành phố Phan Rang-Tháp Chàm", True),
    ("UBND tỉnh Ninh Thuận", "UBND tỉnh Bình Thuận", False),
    ("UBND", "UBND tỉnh Ninh Thuận", False),
    ("Sở Tài chính tỉnh Bình Thuận", "UBND tỉnh Ninh Thuận", False),
    ("", "UBND tỉnh Ninh Thuận", False),
])
def test_org_names_compare_after_normalization(a, b, same):
    assert same_org(a, b) is same


def test_signer_mismatch(pki, pdf, signed, trust):
    ok = run(signed, trust, expected_org="UBND tỉnh Ninh Thuận")
    assert problems(ok) == set()
    bad = run(pki.sign_pdf(pdf, "other_org"), trust, expected_org="UBND tỉnh Ninh Thuận")
    assert problems(bad) == {"SIG.SIGNER_MISMATCH"} and bad.verdict == "valid_with_warnings"
    f = bad.findings[0]
    assert "UBND tỉnh Ninh Thuận" in f.message and "Sở Tài chính tỉnh Bình Thuận" in f.message
    # A second signature by the right agency is enough.
    both = run(pki.sign_pdf(pki.sign_pdf(pdf, "other_org")), trust, expected_org="UBND tỉnh Ninh Thuận")
    assert problems(both) == set()


@pytest.mark.parametrize("window, code", [
    (("20240601080000", "20240605170000"), None),
    (("20240603093001", "20240605170000"), "before the dossier was received"),
    (("20240601080000", "20240603092959"), "after the result was returned"),
    ((datetime(2024, 6, 1), None), None),
    ((None, datetime(2024, 6, 2, 17, 0)), "after the result was returned"),
    (("2024-06-04T08:00:00+07:00", None), "before the dossier was received"),
    (("not a date", "20240603092959"), "after the result was returned"),
    (("", ""), None),
])
def test_signing_time_window(window, code, signed, trust):
    a = run(signed, trust, window=window)
    found = [f for f in a.findings if f.code == "SIG.TIME_OUTSIDE_WINDOW"]
    if code is None:
        assert not found
    else:
        assert len(found) == 1 and code in found[0].message_en and found[0].severity == "warning"


def test_signature_findings_for_the_dossier_integration(pki, pdf, signed, tmp_path):
    root = tmp_path / "roots"
    root.mkdir()
    (root / "root.pem").write_bytes(pki.root.pem())
    ctx = Context(options={"trust_roots": str(root)})
    loc = {"pointer": "/DanhSachGiayToKetQua/0", "path": "ketqua/gcn.pdf"}
    found = signature_findings(read_signatures(signed), ctx, required=True, expected_org="UBND tỉnh Ninh Thuận",
                               window=("20240601080000", "20240605170000"), location=loc)
    assert {f.code for f in found if f.severity != "info"} == set()
    assert all(f.location["pointer"] == "/DanhSachGiayToKetQua/0" for f in found)
    missing = signature_findings(read_signatures(pdf), ctx, required=True, expected_org=None, window=None,
                                 location=loc)
    assert [(f.code, f.location) for f in missing] == [("SIG.MISSING", loc)]
    sig_loc = [f.location for f in found if f.code == "SIG.SIGNING_TIME"][0]
    assert sig_loc == {**loc, "field": "Signature1", "revision": 2}


def test_registered_pdf_check(built, pki, tmp_path):
    crl = tmp_path / "ca.crl"
    crl.write_bytes(pki.crl())
    opts = {"trust_roots": TrustStore(roots=[pki.root.asn1]), "crls": [str(crl)], "signature_required": True}
    found = run_checks("pdf", read_signatures(built("revoked, CRL given")), Context(options=opts))
    assert {f.code for f in found if f.severity != "info"} == {"SIG.REVOKED"}
    off = run_checks("pdf", read_signatures(built("revoked, CRL given")),
                     Context(options=opts, disabled=frozenset({"SIG.REVOKED"})))
    assert "SIG.REVOKED" not in {f.code for f in off}
    assert run_checks("pdf", read_signatures(built("valid")), Context(options=opts, disabled=frozenset({"SIG"}))) == []
