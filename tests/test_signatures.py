"""Digital signatures: the tamper suite and every SIG.* verdict, on a PKI made by code.

Every case of the tamper suite asserts the exact document verdict, the verdict of each
signature and the exact set of warning/error codes, validated at a fixed time
(tests.kit.pki.VALIDATED_AT, never "now"). Zero false accepts: no tampered, forged,
untrusted or unproven file is ever `valid` or `valid_with_warnings`
(test_zero_false_accepts, and the property tests at the end that compose attacks at random).

The honest baseline is a PAdES B-T signature (signed with a timestamp: a proof of existence)
checked with the CA's CRL: `valid`. Without the timestamp nothing proves when it was signed
(SIG.NO_PROOF_OF_EXISTENCE: valid_with_warnings), without the CRL revocation is unknown
(SIG.REVOCATION_UNCHECKED: valid_with_warnings).
"""
from __future__ import annotations

import io
from datetime import datetime
from functools import cached_property

import pytest
from asn1crypto import crl as a_crl
from hypothesis import HealthCheck, given, settings, strategies as st

from checks.registry import Context, run_checks
from checks.signatures import assess, same_org, signature_findings, trust_from
from extract.signatures.pdfsig import read_signatures
from extract.signatures.pki import TrustStore
from schemas.policies import SignaturePolicy
from tests.kit import pki as P

ACCEPTED = ("valid", "valid_with_warnings")


def at(y, m, d):
    return datetime(y, m, d, 9, 0, tzinfo=P.VN)


class Kit:
    """The documents the cases start from, made once per session."""

    def __init__(self, pki: P.TestPKI):
        self.pki = pki

    def sign(self, data: bytes, signer: str = "valid", **kw) -> bytes:
        return self.pki.sign_pdf(data, signer, **kw)

    def stamp(self, data: bytes, signer: str = "valid", **kw) -> bytes:
        """A PAdES B-T signature: timestamped at SIGNED_AT by the test TSA."""
        return self.pki.sign_pdf(data, signer, timestamp_at=kw.pop("timestamp_at", P.SIGNED_AT), **kw)

    @cached_property
    def pdf(self) -> bytes:
        return P.make_pdf()

    @cached_property
    def unproven(self) -> bytes:
        """A PAdES B-B signature: no timestamp."""
        return self.sign(self.pdf)

    @cached_property
    def stamped(self) -> bytes:
        return self.stamp(self.pdf)

    @cached_property
    def form(self) -> bytes:
        return self.stamp(P.make_form_pdf())

    @cached_property
    def shadow(self) -> bytes:
        return self.stamp(P.make_shadow_pdf())


@pytest.fixture(scope="session")
def pki() -> P.TestPKI:
    return P.TestPKI.generate()


@pytest.fixture(scope="session")
def kit(pki) -> Kit:
    return Kit(pki)


@pytest.fixture(scope="session")
def pdf(kit) -> bytes:
    return kit.pdf


@pytest.fixture(scope="session")
def signed(kit) -> bytes:
    return kit.stamped


@pytest.fixture(scope="session")
def stores(pki, kit) -> dict[str, TrustStore]:
    root, crl = [pki.root.asn1], [a_crl.CertificateList.load(pki.crl())]
    bb = kit.unproven
    import hashlib
    return {"crl": TrustStore(roots=root, crls=crl), "roots": TrustStore(roots=root), "none": TrustStore(),
            "crl+record": TrustStore(roots=root, crls=crl,
                                     records={hashlib.sha256(bb).hexdigest(): (at(2024, 6, 4), "archive")})}


@pytest.fixture(scope="session")
def trust(stores) -> TrustStore:
    return stores["roots"]


@pytest.fixture(scope="session")
def trust_crl(stores) -> TrustStore:
    return stores["crl"]


def problems(a) -> set[str]:
    return {f.code for f in a.findings if f.severity != "info"}


def infos(a) -> set[str]:
    return {f.code for f in a.findings if f.severity == "info"}


def run(data: bytes, trust: TrustStore, **kw):
    kw.setdefault("at", P.VALIDATED_AT)
    return assess(read_signatures(data, "case.pdf"), trust, required=True, **kw)


# --------------------------------------------------------------------------- the tamper suite

MOD, INTEG, NOPOE = "SIG.MODIFIED_AFTER_SIGNING", "SIG.INTEGRITY", "SIG.NO_PROOF_OF_EXISTENCE"
BLANK = (0, (320, 80, 520, 140))           # a visible signature's box on blank paper (page 1)
OVER_TEXT = (0, (60, 725, 330, 775))       # ... over the signed heading and amount

TAMPER_CASES = {
    # name: (build(kit), store, document verdict, per-signature verdicts, warning/error codes)
    # -- honest files: the baseline and what is allowed after signing
    "B-T signature, CRL given": (lambda k: k.stamped, "crl", "valid", ["valid"], set()),
    "B-B signature: no proof of existence": (lambda k: k.sign(k.pdf), "crl", "valid_with_warnings",
                                             ["valid_with_warnings"], {NOPOE}),
    "B-B signature with a trusted record of existence": (lambda k: k.unproven, "crl+record", "valid", ["valid"],
                                                         set()),
    "B-T signature, revocation not checked": (lambda k: k.stamped, "roots", "valid_with_warnings",
                                              ["valid_with_warnings"], {"SIG.REVOCATION_UNCHECKED"}),
    "B-T signature, no trust roots": (lambda k: k.stamped, "none", "invalid", ["invalid"], {"SIG.UNTRUSTED"}),
    "second signature": (lambda k: k.stamp(k.stamped), "crl", "valid", ["valid", "valid"], set()),
    "later visible signature on blank paper": (lambda k: k.stamp(k.stamped, appearance=BLANK), "crl", "valid",
                                               ["valid", "valid"], set()),
    "B-B signature, then a document timestamp": (lambda k: k.pki.add_document_timestamp(k.sign(k.pdf), at(2024, 6, 4)),
                                                 "crl", "valid", ["valid", "valid"], set()),
    "validation data (DSS) added": (lambda k: P.add_dss(k.stamped, crls=[k.pki.crl()]), "roots", "valid", ["valid"],
                                    set()),
    "invisible empty signature field added": (lambda k: P.add_empty_signature_field(k.stamped, text=None), "crl",
                                              "valid", ["valid"], set()),
    "blank line appended after %%EOF": (lambda k: k.stamped + b"\r\n", "crl", "valid", ["valid"], set()),
    "comment appended after %%EOF": (lambda k: k.stamped + b"\n% appended after signing\n", "crl",
                                     "valid_with_warnings", ["valid"], {"SIG.TRAILING_DATA"}),
    "unsigned": (lambda k: k.pdf, "crl", "unsigned", [], {"SIG.MISSING"}),
    # -- shadow attacks: content prepared before signing, revealed or swapped after
    "shadow: hide": (lambda k: P.shadow_hide(k.shadow), "crl", "invalid", ["invalid"], {MOD}),
    "shadow: replace": (lambda k: P.shadow_replace(k.shadow), "crl", "invalid", ["invalid"], {MOD}),
    "shadow: hide and replace": (lambda k: P.shadow_hide_and_replace(k.shadow), "crl", "invalid", ["invalid"], {MOD}),
    # -- overlays and other changes of what a reader sees
    "overlay by an annotation": (lambda k: P.overlay_annotation(k.stamped), "crl", "invalid", ["invalid"], {MOD}),
    "overlay by a new empty signature field": (lambda k: P.add_empty_signature_field(k.stamped), "crl", "invalid",
                                               ["invalid"], {MOD}),
    "overlay by a later trusted signature over signed text": (lambda k: k.stamp(k.stamped, appearance=OVER_TEXT),
                                                              "crl", "invalid", ["invalid", "valid"], {MOD}),
    "visible later signature by an untrusted signer": (lambda k: k.stamp(k.stamped, "untrusted", appearance=BLANK),
                                                       "crl", "invalid", ["invalid", "invalid"],
                                                       {MOD, "SIG.UNTRUSTED"}),
    "page added": (lambda k: P.add_page(k.stamped), "crl", "invalid", ["invalid"], {MOD}),
    "page text changed": (lambda k: P.change_page_text(k.stamped), "crl", "invalid", ["invalid"], {MOD}),
    "comment (text annotation) added": (lambda k: P.add_annotation(k.stamped), "crl", "invalid", ["invalid"], {MOD}),
    "form value changed": (lambda k: P.fill_form_field(k.form), "crl", "invalid", ["invalid"], {MOD}),
    "form appearance changed, value kept": (lambda k: P.fill_form_field(k.form, appearance_only=True), "crl",
                                            "invalid", ["invalid"], {MOD}),
    "second signature, then page text changed": (lambda k: P.change_page_text(k.stamp(k.stamped)), "crl", "invalid",
                                                 ["invalid", "invalid"], {MOD}),
    "signature removed by an update": (lambda k: P.remove_signature_value(k.stamped), "crl", "unsigned", [],
                                       {"SIG.REMOVED", "SIG.MISSING"}),
    "signature dropped by a rewrite": (lambda k: P.rewrite_without_signature(k.stamped), "crl", "unsigned", [],
                                       {"SIG.MISSING"}),
    "unsigned PDF appended to a signed one": (lambda k: k.stamped + k.pdf, "crl", "unsigned", [], {"SIG.MISSING"}),
    # -- incremental updates that are not clean revisions
    "update without its %%EOF": (lambda k: P.update_without_eof(k.stamped), "crl", "invalid", ["invalid"], {MOD}),
    "update with a broken xref": (lambda k: P.update_with_broken_xref(k.stamped), "crl", "invalid", ["invalid"],
                                  {MOD}),
    "update whose startxref points nowhere": (lambda k: P.update_with_bad_startxref(k.stamped), "crl", "invalid",
                                              ["invalid"], {MOD}),
    # -- the signature itself
    "signature wrapping: objects in the /Contents gap": (lambda k: P.wrap_in_contents_gap(k.stamped), "crl",
                                                         "invalid", ["invalid"], {INTEG}),
    "ByteRange past the end of the file": (lambda k: P.byte_range_outside(k.stamped), "crl", "invalid", ["invalid"],
                                           {INTEG}),
    "ByteRange short of the signed revision": (lambda k: P.byte_range_short(k.stamped), "crl", "invalid",
                                               ["invalid"], {INTEG}),
    **{f"universal signature forgery: {v}": ((lambda v: lambda k: P.forge_signature(k.pdf, v))(v), "crl", "invalid",
                                             ["invalid"], {INTEG}) for v in P.USF_VARIANTS},
    "universal signature forgery next to a valid signature": (
        lambda k: P.forge_signature(k.stamped, "empty /Contents, zero /ByteRange"), "crl", "invalid",
        ["valid", "invalid"], {INTEG}),
    "wrong digest (a byte of the signed range changed)": (lambda k: P.flip_signed_byte(k.stamped), "crl", "invalid",
                                                          ["invalid"], {INTEG}),
    "wrong key (value made with another key)": (lambda k: k.stamp(k.pdf, wrong_key=True), "crl", "invalid",
                                                ["invalid"], {INTEG}),
    "signature value altered": (lambda k: P.flip_signature_value(k.unproven), "crl", "invalid", ["invalid"],
                                {INTEG, NOPOE}),
    "timestamp token altered": (lambda k: P.flip_signature_value(k.stamped), "crl", "valid_with_warnings",
                                ["valid_with_warnings"], {"SIG.TIMESTAMP_INVALID", NOPOE}),
    # -- trust
    "untrusted root": (lambda k: k.stamp(k.pdf, "untrusted"), "crl", "invalid", ["invalid"], {"SIG.UNTRUSTED"}),
    "untrusted root with the trusted root's name": (lambda k: k.stamp(k.pdf, "impostor"), "crl", "invalid",
                                                    ["invalid"], {"SIG.UNTRUSTED"}),
    "timestamp from an untrusted TSA": (lambda k: k.stamp(k.pdf, tsa="rogue_tsa"), "crl", "valid_with_warnings",
                                        ["valid_with_warnings"], {"SIG.TIMESTAMP_INVALID", NOPOE}),
    # -- certificate validity and the best signature time
    "expired, honest claimed time": (lambda k: k.sign(k.pdf, "expired"), "crl", "invalid", ["invalid"],
                                     {"SIG.EXPIRED", NOPOE}),
    "expired, back-dated into its validity": (lambda k: k.sign(k.pdf, "expired", when=at(2021, 6, 1)), "crl",
                                              "invalid", ["invalid"], {"SIG.EXPIRED", NOPOE}),
    "expired, timestamped within its validity": (lambda k: k.stamp(k.pdf, "expired", timestamp_at=at(2021, 6, 1)),
                                                 "crl", "valid", ["valid"], set()),
    "expired, timestamped after it expired": (lambda k: k.stamp(k.pdf, "expired"), "crl", "invalid", ["invalid"],
                                              {"SIG.EXPIRED"}),
    "revoked, honest claimed time": (lambda k: k.sign(k.pdf, "revoked"), "crl", "invalid", ["invalid"],
                                     {"SIG.REVOKED", NOPOE}),
    "revoked for key compromise, back-dated before the revocation": (
        lambda k: k.sign(k.pdf, "revoked", when=at(2024, 2, 1)), "crl", "invalid", ["invalid"], {"SIG.REVOKED", NOPOE}),
    "revoked, timestamped before the revocation": (lambda k: k.stamp(k.pdf, "revoked", timestamp_at=at(2024, 2, 1)),
                                                   "crl", "valid", ["valid"], set()),
    "revoked, timestamped after the revocation": (lambda k: k.stamp(k.pdf, "revoked"), "crl", "invalid", ["invalid"],
                                                  {"SIG.REVOKED"}),
    "revoked later, no proof before it": (lambda k: k.sign(k.pdf, "revoked_later"), "crl", "invalid", ["invalid"],
                                          {"SIG.REVOKED", NOPOE}),
    "revoked, CRL embedded in the file (DSS)": (lambda k: P.add_dss(k.sign(k.pdf, "revoked"), crls=[k.pki.crl()]),
                                                "roots", "invalid", ["invalid"], {"SIG.REVOKED", NOPOE}),
    "revoked, no CRL anywhere": (lambda k: k.sign(k.pdf, "revoked"), "roots", "valid_with_warnings",
                                 ["valid_with_warnings"], {"SIG.REVOCATION_UNCHECKED", NOPOE}),
    "not yet valid, honest claimed time": (lambda k: k.sign(k.pdf, "not_yet_valid"), "crl", "invalid", ["invalid"],
                                           {"SIG.NOT_YET_VALID", NOPOE}),
    "not yet valid, claimed time inside its validity": (lambda k: k.sign(k.pdf, "not_yet_valid", when=at(2031, 1, 1)),
                                                        "crl", "invalid", ["invalid"], {"SIG.NOT_YET_VALID", NOPOE}),
    # -- certification signatures (DocMDP)
    "certified P1, then another signature": (lambda k: k.stamp(P.certify_then(k.pdf, k.pki, 1)), "crl", "invalid",
                                             ["invalid", "valid"], {MOD}),
    "certified P1, then an annotation": (lambda k: P.overlay_annotation(P.certify_then(k.pdf, k.pki, 1)), "crl",
                                         "invalid", ["invalid"], {MOD}),
    "certified P2, then another signature": (lambda k: k.stamp(P.certify_then(k.pdf, k.pki, 2)), "crl", "valid",
                                             ["valid", "valid"], set()),
    "certified P2, then a form value changed": (lambda k: P.fill_form_field(P.certify_then(P.make_form_pdf(), k.pki, 2)),
                                                "crl", "invalid", ["invalid"], {MOD}),
    "certified P2, then an overlaying empty signature field": (
        lambda k: P.add_empty_signature_field(P.certify_then(k.pdf, k.pki, 2)), "crl", "invalid", ["invalid"], {MOD}),
    # -- policy warnings on an otherwise valid signature
    "without document-signing key usage": (lambda k: k.stamp(k.pdf, "no_signing_usage"), "crl",
                                           "valid_with_warnings", ["valid_with_warnings"], {"SIG.KEY_USAGE"}),
    "SHA-1": (lambda k: k.stamp(k.pdf, "sha1"), "crl", "valid_with_warnings", ["valid_with_warnings"],
              {"SIG.WEAK_ALGORITHM"}),
    "RSA-1024": (lambda k: k.stamp(k.pdf, "rsa1024"), "crl", "valid_with_warnings", ["valid_with_warnings"],
                 {"SIG.WEAK_ALGORITHM"}),
}
# What must never be accepted, whichever trust roots and CRLs are given (a revoked certificate
# needs revocation data to be seen, a missing proof of existence is a warning by design).
MUST_NOT_BE_ACCEPTED = sorted(name for name, case in TAMPER_CASES.items()
                              if case[2] not in ACCEPTED and case[1] != "none")


# What each case's trust store holds (the second column of TAMPER_CASES).
STORES = {"crl": "root + CRL", "roots": "root, no CRL", "none": "no trust roots",
          "crl+record": "root + CRL + a trusted record of existence"}
VERDICT_TABLE = "docs/tamper-verdicts.md"


def verdict_table() -> str:
    """The tamper suite's verdict table (case -> verdict -> codes), in Markdown, from TAMPER_CASES
    itself: docs/tamper-verdicts.md is this text (bench/tamper_table.py writes it), and
    test_tamper_suite_exact_verdicts proves every row against the validator."""
    lines = ["# The tamper suite's verdicts", "",
             "Generated from `TAMPER_CASES` in tests/test_signatures.py by `python bench/tamper_table.py`;",
             "`test_tamper_suite_exact_verdicts` asserts every row (document verdict, each signature's verdict,",
             "the exact set of warning and error codes) at the tests' fixed validation time, and",
             "`test_zero_false_accepts` that no `invalid` or `unsigned` row (trust roots given) is accepted",
             "with less trust data or at the present time either. The honest baseline is a PAdES B-T",
             "signature (timestamped) whose CA's CRL is given. Codes of severity info are not listed.", "",
             f"{len(TAMPER_CASES)} cases: " + ", ".join(
                 f"{sum(1 for c in TAMPER_CASES.values() if c[2] == v)} {v}"
                 for v in ("valid", "valid_with_warnings", "invalid", "unsigned")) + ".", "",
             "| # | case | trust given | document | signatures | warning and error codes |",
             "|---|---|---|---|---|---|"]
    for i, (name, (_, store, verdict, sigs, codes)) in enumerate(TAMPER_CASES.items(), 1):
        lines.append(f"| {i} | {name.replace('|', '/')} | {STORES[store]} | `{verdict}` | "
                     f"{', '.join(sigs) or '-'} | {', '.join(f'`{c}`' for c in sorted(codes)) or '-'} |")
    return "\n".join(lines) + "\n"


def test_the_verdict_table_in_docs_is_the_suites():
    from pathlib import Path
    path = Path(__file__).resolve().parents[1] / VERDICT_TABLE
    assert path.read_text(encoding="utf-8") == verdict_table(), "run python bench/tamper_table.py"


@pytest.fixture(scope="session")
def built(kit):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = TAMPER_CASES[name][0](kit)
        return cache[name]
    return get


@pytest.mark.parametrize("name", list(TAMPER_CASES))
def test_tamper_suite_exact_verdicts(name, built, stores):
    _, which, verdict, sig_verdicts, codes = TAMPER_CASES[name]
    a = run(built(name), stores[which])
    shown = [f.message_en for f in a.findings if f.severity != "info"]
    assert (a.verdict, [v.verdict for v in a.signatures], problems(a)) == (verdict, sig_verdicts, codes), shown


@pytest.mark.parametrize("name", MUST_NOT_BE_ACCEPTED)
def test_zero_false_accepts(name, built, stores):
    """With the CRL or without, at the test time or now, a file the suite calls bad is never
    accepted, and a signature it calls invalid is never valid."""
    _, which, _, expected, codes = TAMPER_CASES[name]
    # Without a CRL a revocation cannot be seen (that case is valid_with_warnings, said so).
    others = ["roots"] if which == "crl" and "SIG.REVOKED" not in codes else []
    for store in [stores[which]] + [stores[o] for o in others]:
        for when in (P.VALIDATED_AT, None):
            a = run(built(name), store, at=when)
            assert a.verdict not in ACCEPTED, (name, when, [f.message_en for f in a.findings])
            assert all(v.verdict not in ACCEPTED for v, e in zip(a.signatures, expected) if e == "invalid")


def test_the_trial_false_accepts_are_closed(kit, stores):
    """The five false accepts of the hostile trial (issue 12), each with its verdict now (at the
    tests' fixed validation time: no verdict here may change when a test certificate expires)."""
    overlay = run(P.add_empty_signature_field(kit.sign(kit.pdf)), stores["roots"])
    assert overlay.verdict == "invalid" and "what page(s) 1 show changed" in overlay.findings[0].message_en
    no_eof = run(P.update_without_eof(kit.sign(kit.pdf)), stores["roots"])
    assert no_eof.verdict == "invalid" and MOD in problems(no_eof)
    backdated = run(kit.sign(kit.pdf, "expired", when=at(2021, 6, 1)), stores["crl"])
    assert backdated.verdict == "invalid" and "SIG.EXPIRED" in problems(backdated)
    compromised = run(kit.sign(kit.pdf, "revoked", when=at(2024, 2, 1)), stores["crl"])
    assert compromised.verdict == "invalid" and "SIG.REVOKED" in problems(compromised)
    unchecked = run(kit.sign(kit.pdf, "revoked"), stores["roots"])
    assert unchecked.verdict == "valid_with_warnings"
    assert {f.severity for f in unchecked.findings if f.code == "SIG.REVOCATION_UNCHECKED"} == {"warning"}


def test_tampering_evidence_is_specific(built, stores):
    page = run(built("page added"), stores["crl"])
    assert "page count 1 → 2" in page.findings[0].message_en and "số trang 1 → 2" in page.findings[0].message
    assert page.findings[0].evidence          # pyHanko's own account of the change
    text = run(built("page text changed"), stores["crl"]).findings[0]
    assert text.location == {"field": "Signature1", "revision": 2}
    assert "revision 2 of 3" in text.message_en
    flipped = run(built("wrong digest (a byte of the signed range changed)"), stores["crl"]).findings[0]
    assert "digest mismatch" in flipped.message_en
    covered = run(built("overlay by a later trusted signature over signed text"), stores["crl"]).findings[0]
    assert "'Signature2' (page 1)" in covered.message_en and "paints over signed content" in covered.message_en
    untrusted = [f for f in run(built("visible later signature by an untrusted signer"), stores["crl"]).findings
                 if f.code == MOD][0]
    assert "not valid" in untrusted.message_en and untrusted.location["field"] == "Signature1"
    tail = run(built("update without its %%EOF"), stores["crl"]).findings[0]
    assert "%%EOF" in tail.message_en and "bytes" in tail.message_en


def test_later_visible_signature_is_named(built, stores):
    a = run(built("later visible signature on blank paper"), stores["crl"])
    later = [f for f in a.signatures[0].findings if f.code == "SIG.LATER_REVISION"][0]
    assert "add signature(s) Signature2" in later.message_en and "its appearance on page 1" in later.message_en
    view = a.signatures[0].facts.view
    assert view.appearances == [(1, "Signature2")] and not view.changed and not view.covered


def test_second_signature_is_a_later_revision_not_tampering(built, stores):
    a = run(built("second signature"), stores["crl"])
    first = a.signatures[0]
    later = [f for f in first.findings if f.code == "SIG.LATER_REVISION"]
    assert len(later) == 1 and "Signature2" in later[0].message_en
    assert first.modification == "FORM_FILLING" and first.facts.coverage == "ENTIRE_REVISION"
    assert a.signatures[1].facts.covers_whole_file


def test_removed_signature_says_what_was_found(built, stores):
    trust = stores["crl"]
    removed = run(built("signature removed by an update"), trust)
    by_code = {f.code: f for f in removed.findings}
    assert "Revision 2" in by_code["SIG.REMOVED"].message_en
    assert "empty signature field(s): Signature1" in by_code["SIG.MISSING"].message_en
    rewritten = run(built("signature dropped by a rewrite"), trust)
    assert "Signature1" in rewritten.findings[0].message_en
    # Not required: an unsigned file is not an error, but a removed signature still is.
    opt = assess(read_signatures(built("signature removed by an update")), trust, required=False, at=P.VALIDATED_AT)
    assert {f.code for f in opt.findings} == {"SIG.REMOVED"}
    assert assess(read_signatures(built("unsigned")), trust, required=False).findings == []


# --------------------------------------------------------------------------- the best signature time

def test_claimed_time_never_moves_validation_into_the_past(kit, stores):
    a = run(kit.sign(kit.pdf), stores["crl"])
    v = a.signatures[0]
    assert v.time_source == "validation" and v.validated_at == P.VALIDATED_AT and v.facts.claimed_time == P.SIGNED_AT
    nopoe = [f for f in v.findings if f.code == NOPOE][0]
    assert "2024-10-15T12:00:00+07:00" in nopoe.message_en
    assert "the time the signer claims (2024-06-03T09:30:00+07:00) is no proof" in nopoe.message_en
    info = [f for f in v.findings if f.code == "SIG.SIGNING_TIME"][0]
    assert "nothing proves the signature existed earlier" in info.message_en


def test_timestamp_is_the_best_signature_time(kit, stores):
    # Claimed 2024 (after expiry), but a trusted timestamp proves it was signed in 2021.
    a = run(kit.stamp(kit.pdf, "expired", timestamp_at=at(2021, 6, 1)), stores["crl"])
    v = a.signatures[0]
    assert a.verdict == "valid" and v.time_source == "timestamp" and v.validated_at == at(2021, 6, 1)
    assert v.facts.claimed_time == P.SIGNED_AT


def test_document_timestamp_proves_the_signatures_before_it(built, stores):
    a = run(built("B-B signature, then a document timestamp"), stores["crl"])
    v = a.signatures[0]
    assert (v.time_source, v.proof, v.validated_at) == ("document_timestamp", "DocTimeStamp1", at(2024, 6, 4))
    assert [s.facts.kind for s in a.signatures] == ["signature", "timestamp"]


def test_trusted_record_of_existence(kit, stores, tmp_path):
    import hashlib
    import json

    from extract.signatures.pki import TrustStoreError, load_existence_records

    data = kit.unproven
    a = run(data, stores["crl+record"])
    assert (a.signatures[0].time_source, a.signatures[0].proof) == ("record", "archive")
    records = tmp_path / "records.json"
    records.write_text(json.dumps([{"sha256": hashlib.sha256(data).hexdigest(), "time": "2024-06-04T09:00:00",
                                    "source": "Kho lưu trữ tỉnh"}]))
    loaded = load_existence_records(records)
    assert list(loaded.values()) == [(at(2024, 6, 4), "Kho lưu trữ tỉnh")]
    ctx = Context(signature_policy=SignaturePolicy(trust=trust_from(stores["crl"], records=str(records)),
                                                   at=P.VALIDATED_AT))
    assert NOPOE not in {f.code for f in signature_findings(read_signatures(data), ctx, required=True,
                                                            expected_org=None, window=None, location=None)}
    records.write_text('[{"sha256": "abc", "time": "2024-06-04"}]')
    with pytest.raises(TrustStoreError):
        load_existence_records(records)


def test_proof_after_the_validation_time_proves_nothing(kit, stores):
    a = run(kit.stamp(kit.pdf), stores["crl"], at=at(2024, 6, 1))        # timestamp of 3 June, checked on 1 June
    assert a.signatures[0].time_source == "validation" and NOPOE in problems(a)


def test_untrusted_timestamp_proves_nothing(built, stores):
    a = run(built("timestamp from an untrusted TSA"), stores["crl"])
    v = a.signatures[0]
    assert v.time_source == "validation"
    assert "not trusted" in [f for f in a.findings if f.code == "SIG.TIMESTAMP_INVALID"][0].message_en


def test_validation_at_a_later_time_expires_unproven_signatures(kit, stores):
    a = run(kit.sign(kit.pdf), stores["crl"], at=at(2030, 1, 1))
    assert problems(a) == {"SIG.EXPIRED", NOPOE} and a.signatures[0].time_source == "validation"
    proven = run(kit.stamped, stores["crl"], at=at(2030, 1, 1))         # the timestamp keeps 2024
    assert proven.verdict == "valid" and proven.signatures[0].validated_at == P.SIGNED_AT


def test_revocation_checked_with_crl(built, stores):
    a = run(built("B-T signature, CRL given"), stores["crl"])
    assert a.verdict == "valid" and a.signatures[0].revocation == "checked"


def test_revocation_details(built, stores):
    rev = [f for f in run(built("revoked, honest claimed time"), stores["crl"]).findings if f.code == "SIG.REVOKED"][0]
    assert "2024-03-01" in rev.message_en and "key_compromise" in rev.message_en and "signer's" in rev.message_en
    assert "validation time" in rev.message_en


def test_revoked_after_a_proven_time_is_info(built, stores):
    a = run(built("revoked, timestamped before the revocation"), stores["crl"])
    f = [f for f in a.findings if f.code == "SIG.REVOKED_LATER"][0]
    assert f.severity == "info" and "2024-03-01" in f.message_en and "proven to exist" in f.message_en


def test_crl_for_a_certificate_without_distribution_point_is_still_used(built, stores):
    # The CRL arrives through the DSS; the revoked certificate is caught either way.
    a = run(built("revoked, CRL embedded in the file (DSS)"), stores["roots"])
    assert a.signed.dss == {"certs": 0, "crls": 1, "ocsps": 0}
    assert a.signatures[0].revocation == "revoked"


def test_dss_update_after_signing_is_allowed(built, stores):
    a = run(built("validation data (DSS) added"), stores["roots"])
    later = [f for f in a.findings if f.code == "SIG.LATER_REVISION"][0]
    assert "validation data (DSS)" in later.message_en
    assert a.signatures[0].revocation == "checked"


def test_document_timestamp_is_listed_and_allowed(built, stores):
    a = run(built("B-B signature, then a document timestamp"), stores["crl"])
    later = [f for f in a.findings if f.code == "SIG.LATER_REVISION"][0]
    assert "document timestamp(s) DocTimeStamp1" in later.message_en


def test_only_a_document_timestamp_is_not_a_signature(pki, pdf, stores):
    a = run(pki.add_document_timestamp(pdf, P.SIGNED_AT), stores["crl"])
    assert a.verdict == "unsigned" and problems(a) == {"SIG.MISSING"}


def test_weak_algorithm_details(built, stores):
    sha1 = [f for f in run(built("SHA-1"), stores["crl"]).findings if f.code == "SIG.WEAK_ALGORITHM"][0]
    assert "digest sha1" in sha1.message_en and "certificate signed with sha1" in sha1.message_en
    rsa = [f for f in run(built("RSA-1024"), stores["crl"]).findings if f.code == "SIG.WEAK_ALGORITHM"][0]
    assert "RSA 1024 bit" in rsa.message_en


def test_key_usage_details(built, stores):
    f = [f for f in run(built("without document-signing key usage"), stores["crl"]).findings
         if f.code == "SIG.KEY_USAGE"][0]
    assert "key_encipherment" in f.message_en and "server_auth" in f.message_en


def test_unsupported_format_is_indeterminate(signed, stores):
    s = read_signatures(signed)
    s.signatures[0].subfilter = "/adbe.x509.rsa_sha1"
    a = assess(s, stores["crl"], required=True, at=P.VALIDATED_AT)
    assert a.signatures[0].verdict == "indeterminate" and problems(a) == {"SIG.UNSUPPORTED"}
    assert a.verdict == "indeterminate"


def test_comparison_beyond_the_page_limit_is_never_silent(kit, stores):
    from extract.load.limits import Limits

    data = P.add_annotation(kit.stamp(P.make_pdf(pages=3)))
    s = read_signatures(data, limits=Limits(pages=2))
    assert s.signatures[0].view.unrendered == "1 of 3 pages not compared (pages limit 2)"
    assert assess(s, stores["crl"], required=True, at=P.VALIDATED_AT).verdict == "invalid"
    honest = read_signatures(kit.stamp(kit.stamp(P.make_pdf(pages=3))), limits=Limits(pages=2))
    a = assess(honest, stores["crl"], required=True, at=P.VALIDATED_AT)
    assert a.verdict == "valid_with_warnings" and problems(a) == {"SIG.CHANGES_NOT_COMPARED"}


# --------------------------------------------------------------------------- malformed and odd files

def test_pillow_pdf_needs_the_lenient_reader(kit, trust_crl):
    from pyhanko.pdf_utils.misc import PdfStrictReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    image_pdf = P.make_pillow_pdf()
    with pytest.raises(PdfStrictReadError):
        PdfFileReader(io.BytesIO(image_pdf), strict=True)
    a = run(kit.stamp(image_pdf, lenient=True), trust_crl)
    assert a.verdict == "valid" and a.signed.lenient and a.signed.tail is None
    assert "SIG.LENIENT_PARSE" in infos(a)
    assert "65536" in [f for f in a.findings if f.code == "SIG.LENIENT_PARSE"][0].message_en


def test_encrypted_pdfs(kit, pdf, trust):
    # Empty user password: readable and validated; a real password: a clear finding.
    open_enc = kit.stamp(P.encrypt(pdf), password="")
    assert run(open_enc, trust).verdict == "valid_with_warnings"          # revocation unchecked only
    assert problems(run(open_enc, trust)) == {"SIG.REVOCATION_UNCHECKED"}
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


def test_truncated_signed_pdf_is_never_valid(signed, trust_crl):
    a = run(signed[: len(signed) // 2], trust_crl)
    assert a.verdict not in ACCEPTED


def test_missing_file(tmp_path):
    s = read_signatures(tmp_path / "nope.pdf")
    assert [f.code for f in s.findings] == ["INPUT.NOT_FOUND"]


def test_facts_of_a_signature(kit):
    s = read_signatures(kit.sign(kit.sign(kit.pdf)), "two.pdf")
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
    assert d["signatures"][0]["view"] == {"pages_before": 1, "pages_after": 1, "compared": 1, "changed": [],
                                          "covered": [], "appearances": [], "broken": None, "unrendered": None}
    assert d["sha256"] and d["tail"] is None and d["signatures"][1]["view"] is None
    stamped = read_signatures(kit.stamped).signatures[0]
    assert stamped.timestamp_time == P.SIGNED_AT


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


def test_signer_mismatch(kit, pdf, signed, trust_crl):
    ok = run(signed, trust_crl, expected_org="UBND tỉnh Ninh Thuận")
    assert problems(ok) == set()
    bad = run(kit.stamp(pdf, "other_org"), trust_crl, expected_org="UBND tỉnh Ninh Thuận")
    assert problems(bad) == {"SIG.SIGNER_MISMATCH"} and bad.verdict == "valid_with_warnings"
    f = bad.findings[0]
    assert "UBND tỉnh Ninh Thuận" in f.message and "Sở Tài chính tỉnh Bình Thuận" in f.message
    # A second signature by the right agency is enough.
    both = run(kit.stamp(kit.stamp(pdf, "other_org")), trust_crl, expected_org="UBND tỉnh Ninh Thuận")
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
def test_signing_time_window(window, code, kit, trust_crl):
    a = run(kit.unproven, trust_crl, window=window)
    found = [f for f in a.findings if f.code == "SIG.TIME_OUTSIDE_WINDOW"]
    if code is None:
        assert not found
    else:
        assert len(found) == 1 and code in found[0].message_en and found[0].severity == "warning"
        assert "as claimed by the signer, no timestamp" in found[0].message_en


def test_signing_time_window_with_a_timestamp(signed, trust_crl):
    found = [f for f in run(signed, trust_crl, window=("20240603093001", None)).findings
             if f.code == "SIG.TIME_OUTSIDE_WINDOW"]
    assert len(found) == 1 and "(from the timestamp)" in found[0].message_en


def test_signature_findings_for_the_dossier_integration(pki, pdf, signed, tmp_path):
    root = tmp_path / "roots"
    root.mkdir()
    (root / "root.pem").write_bytes(pki.root.pem())
    (tmp_path / "ca.crl").write_bytes(pki.crl())
    ctx = Context(signature_policy=SignaturePolicy(trust=trust_from(str(root), [str(tmp_path / "ca.crl")]),
                                                   at=P.VALIDATED_AT))
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
    policy = SignaturePolicy(trust=trust_from(TrustStore(roots=[pki.root.asn1]), [str(crl)]), required=True,
                             at=P.VALIDATED_AT)
    revoked = read_signatures(built("revoked, timestamped after the revocation"))
    found = run_checks("pdf", revoked, Context(signature_policy=policy))
    assert {f.code for f in found if f.severity != "info"} == {"SIG.REVOKED"}
    off = run_checks("pdf", revoked, Context(signature_policy=policy, disabled=frozenset({"SIG.REVOKED"})))
    assert "SIG.REVOKED" not in {f.code for f in off}
    valid = read_signatures(built("B-T signature, CRL given"))
    assert run_checks("pdf", valid, Context(signature_policy=policy, disabled=frozenset({"SIG"}))) == []
    # the policy in the Context decides: without trust the same valid signature is untrusted
    assert "SIG.UNTRUSTED" in {f.code for f in run_checks("pdf", valid, Context())}
    assert Context().signature_policy.trust is None and Context().signature_policy is Context().signature_policy


# --------------------------------------------------------------------------- property: zero false accepts

# Attacks that compose (each leaves a readable PDF for the next); the last may break the structure.
VISIBLE_ATTACKS = {
    "annotation overlay": lambda d: P.overlay_annotation(d),
    "empty field overlay": lambda d: P.add_empty_signature_field(d, name="Overlay"),
    "page added": P.add_page,
    "page text changed": lambda d: P.change_page_text(d),
    "comment": P.add_annotation,
    "signature removed": P.remove_signature_value,
}
STRUCTURAL_ATTACKS = {
    "none": lambda d: d,
    "update without %%EOF": P.update_without_eof,
    "broken xref": P.update_with_broken_xref,
    "bad startxref": P.update_with_bad_startxref,
}
PROPERTY = settings(max_examples=20, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@settings(max_examples=15, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(attacks=st.lists(st.sampled_from(sorted(VISIBLE_ATTACKS)), min_size=1, max_size=3),
       last=st.sampled_from(sorted(STRUCTURAL_ATTACKS)), visible_second=st.booleans())
def test_property_composed_attacks_are_never_accepted(attacks, last, visible_second, kit, trust_crl):
    """Any sequence of changes a reader would see, after one or two honest signatures, with or
    without a final structural trick, is never accepted and its first signature never valid."""
    data = kit.stamp(kit.stamped, appearance=BLANK) if visible_second else kit.stamped
    for name in attacks:
        data = VISIBLE_ATTACKS[name](data)
    data = STRUCTURAL_ATTACKS[last](data)
    a = run(data, trust_crl)
    assert a.verdict not in ACCEPTED, (attacks, last, [f.message_en for f in a.findings])
    assert not a.signatures or a.signatures[0].verdict not in ACCEPTED


@PROPERTY
@given(where=st.floats(min_value=0, max_value=1, exclude_max=True), value=st.integers(min_value=1, max_value=255))
def test_property_any_changed_signed_byte_is_never_accepted(where, value, signed, trust_crl):
    """One byte changed anywhere in the signed byte ranges (XOR with a non-zero value)."""
    a0, b0, c0, d0 = read_signatures(signed).signatures[0].byte_range
    ranges = [(a0, a0 + b0), (c0, c0 + d0)]
    total = sum(e - s for s, e in ranges)
    k = int(where * total)
    offset = ranges[0][0] + k if k < b0 else ranges[1][0] + (k - b0)
    data = bytearray(signed)
    data[offset] ^= value
    a = run(bytes(data), trust_crl)
    assert a.verdict not in ACCEPTED, (offset, [f.message_en for f in a.findings])


@PROPERTY
@given(junk=st.binary(min_size=1, max_size=300), syntax=st.sampled_from(
    [b"", b"\n9 0 obj\n<< >>\nendobj\n", b"\nxref\n0 1\n", b"\ntrailer\n<< /Root 1 0 R >>\n",
     b"\nstartxref\n123\n"]))
def test_property_appended_bytes_are_never_plainly_valid(junk, syntax, signed, trust_crl):
    """Bytes appended after the signed file: never `valid` (unless blank), never accepted when
    they hold PDF syntax a viewer would act on."""
    data = signed + junk + syntax
    a = run(data, trust_crl)
    if (junk + syntax).strip():
        assert a.verdict != "valid"
    if syntax:
        assert a.verdict not in ACCEPTED, [f.message_en for f in a.findings]


@PROPERTY
@given(cut=st.integers(min_value=1, max_value=4000))
def test_property_truncated_files_are_never_accepted(cut, signed, trust_crl):
    a = run(signed[:-cut], trust_crl)
    assert a.verdict not in ACCEPTED
