"""Digital signatures (SIG.*): validate every signature of a PDF with pyHanko, offline,
and turn the result into one verdict and a list of findings per signature.

- Integrity, coverage and changes after signing come from pyHanko (its difference
  analysis judges incremental updates) and from what a viewer shows: the signed revision
  and the whole file rendered and compared (extract/signatures/view.py), and the bytes after
  the last signed revision (pdfsig's `tail`). Any new appearance that paints on a page, any
  page that changed, any update a viewer renders but a strict reader refuses, is a
  modification; a later signature's own appearance on blank paper is not, as long as that
  later signature is itself valid.
- Time follows the best-signature-time rule of ETSI EN 319 102-1 (as in the EU DSS): a
  signature is judged at the earliest proof that it existed (its own valid timestamp, a
  valid document timestamp covering it, or a trusted record of the file's existence given by
  the caller), else at the validation time (now, or `at`). The time the signer claims is
  shown but never moves the validation into the past; a signature with no proof of
  existence says so (SIG.NO_PROOF_OF_EXISTENCE) and is never `valid`. A certificate revoked
  before the best signature time (for key compromise or any other reason) invalidates the
  signature; revoked after a proven time, it is noted.
- Trust roots, CRLs and records of existence are only what the caller gives
  (extract.signatures.pki) and what the PDF embeds (DSS); nothing is fetched. Revocation
  that could not be checked is a warning.
- Key usage and algorithm strength are judged here from the certificate facts (their
  Vietnamese basis is unconfirmed: warnings), so pyHanko is told to accept them.

Zero false accepts: a signature is "valid" only when pyHanko's own judgement holds too
(intact, valid, trusted, no disallowed change); anything pyHanko rejects that no specific
finding explains becomes SIG.VALIDATION_FAILED.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import schemas
from checks.registry import Context, check
from extract.library_errors import explain_text
from extract.model import Dossier, Finding, severity_rank
from extract.normalize import fold, strip_accents
from extract.signatures.pdfsig import SignatureFacts, SignedPdf, quiet_pyhanko
from extract.signatures.pki import TrustStore, load_trust_store
from schemas.policies import SignaturePolicy

VN = timezone(timedelta(hours=7))

SIG_CODES = ("SIG.MISSING", "SIG.REMOVED", "SIG.INTEGRITY", "SIG.MODIFIED_AFTER_SIGNING", "SIG.UNTRUSTED",
             "SIG.EXPIRED", "SIG.NOT_YET_VALID", "SIG.REVOKED", "SIG.REVOKED_LATER", "SIG.VALIDATION_FAILED", "SIG.TRAILING_DATA",
             "SIG.KEY_USAGE", "SIG.WEAK_ALGORITHM", "SIG.TIMESTAMP_INVALID", "SIG.UNSUPPORTED",
             "SIG.SIGNER_MISMATCH", "SIG.TIME_OUTSIDE_WINDOW", "SIG.LATER_REVISION", "SIG.LENIENT_PARSE",
             "SIG.REVOCATION_UNCHECKED", "SIG.NO_PROOF_OF_EXISTENCE", "SIG.CHANGES_NOT_COMPARED", "SIG.SIGNING_TIME")

# The best signature time of a signature, as the findings say where it came from.
TIME_SOURCES = {
    "timestamp": ("theo dấu thời gian của chữ ký", "from the signature's timestamp"),
    "document_timestamp": ("theo dấu thời gian tài liệu phủ chữ ký", "from a document timestamp covering the signature"),
    "record": ("theo bản ghi tin cậy về sự tồn tại của tệp", "from a trusted record that the file existed"),
    "validation": ("thời điểm kiểm tra, vì không có bằng chứng chữ ký tồn tại sớm hơn",
                   "the validation time: nothing proves the signature existed earlier"),
}
# What the signer's clock says, for the consistency of a dossier (SIG.TIME_OUTSIDE_WINDOW).
CLAIM_SOURCES = {
    "timestamp": ("theo dấu thời gian", "from the timestamp"),
    "claimed": ("theo thời điểm người ký tự khai, không có dấu thời gian", "as claimed by the signer, no timestamp"),
}
SIGNATURE_SUBFILTERS = {"/adbe.pkcs7.detached", "/ETSI.CAdES.detached"}
TIMESTAMP_SUBFILTERS = {"/ETSI.RFC3161"}
ACCEPTED = ("valid", "valid_with_warnings")
# The tail after the last signed revision, as findings describe it.
TAILS = {
    "no_eof": ("sau dấu kết thúc tệp (%%EOF) cuối cùng có thêm đối tượng PDF (một lần cập nhật thiếu %%EOF) "
               "mà trình xem vẫn dựng lại và hiển thị",
               "PDF objects follow the last end-of-file marker (%%EOF): an update without its %%EOF, which viewers "
               "repair and display"),
    "broken_update": ("phần thêm vào sau khi ký không phải một phiên bản PDF hợp lệ (bảng xref hỏng) nhưng trình xem vẫn "
                      "dựng lại và hiển thị",
                      "what was appended after signing is not a valid PDF revision (broken xref), yet viewers repair "
                      "and display it"),
    "unreadable_update": ("phần thêm vào sau khi ký không đọc được như một phiên bản PDF (bảng xref hỏng hoặc thiếu) "
                          "nhưng trình xem vẫn có thể dựng lại và hiển thị",
                          "what was appended after signing cannot be read as a PDF revision (broken or missing xref), "
                          "yet viewers may repair and display it"),
}


# --------------------------------------------------------------------------- results

@dataclass
class SignatureVerdict:
    facts: SignatureFacts
    verdict: str = "indeterminate"          # valid | valid_with_warnings | invalid | indeterminate
    validated_at: datetime | None = None    # the best signature time the certificate was judged at
    time_source: str | None = None          # timestamp | document_timestamp | record | validation
    proof: str | None = None                # what proves the time (a field name, a record's label)
    validation_time: datetime | None = None
    intact: bool | None = None
    trusted: bool | None = None
    modification: str | None = None         # pyHanko ModificationLevel name
    trust_anchor: str | None = None
    revocation: str | None = None           # checked | revoked | revoked_later | unchecked
    summary: str | None = None              # pyHanko's one-line summary
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {**self.facts.to_dict(), "verdict": self.verdict,
                "validated_at": _show(self.validated_at), "time_source": self.time_source, "proof": self.proof,
                "validation_time": _show(self.validation_time),
                "intact": self.intact, "trusted": self.trusted, "modification": self.modification,
                "trust_anchor": self.trust_anchor, "revocation": self.revocation, "pyhanko": self.summary,
                "findings": [f.to_dict() for f in self.findings]}


@dataclass
class Assessment:
    signed: SignedPdf
    signatures: list[SignatureVerdict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)   # document-level and every signature's
    verdict: str = "unsigned"               # valid | valid_with_warnings | invalid | unsigned | unreadable

    def to_dict(self) -> dict:
        s = self.signed
        return {"source": s.source, "kind": "signatures", "verdict": self.verdict, "size": s.size,
                "sha256": s.sha256, "revisions": s.revisions, "lenient": s.lenient,
                "trailing_bytes": s.trailing_bytes, "tail": s.tail,
                "empty_fields": list(s.empty_fields),
                "removed": list(s.removed), "dss": s.dss,
                "signatures": [v.to_dict() for v in self.signatures],
                "findings": [f.to_dict() for f in self.findings]}


def _verdict(findings: list[Finding]) -> str:
    if any(f.code == "SIG.UNSUPPORTED" for f in findings) and not any(f.severity == "error" for f in findings):
        return "indeterminate"
    worst = max((severity_rank(f.severity) for f in findings), default=0)
    return {2: "invalid", 1: "valid_with_warnings"}.get(worst, "valid")


def _show(dt: datetime | None) -> str | None:
    return dt.astimezone(VN).isoformat(timespec="seconds") if dt else None


# --------------------------------------------------------------------------- entry points

def assess(signed: SignedPdf, trust: TrustStore | None = None, *, required: bool = False,
           expected_org: str | None = None, window: tuple | None = None, at: datetime | None = None,
           location: dict | None = None) -> Assessment:
    """Judge every signature of `signed` (from extract.signatures.pdfsig.read_signatures) at
    the validation time `at` (default: now). Each signature's certificate is judged at its
    best signature time: the earliest proof of existence, else the validation time."""
    base = dict(location or {})
    result = Assessment(signed)
    if signed.findings or not signed.readable:
        result.findings = list(signed.findings)
        result.verdict = "unreadable"
        return result
    trust = trust or TrustStore()
    validation_time = _as_datetime(at) if at is not None else datetime.now(timezone.utc)
    doc: list[Finding] = []
    if signed.lenient:
        doc.append(Finding.of("SIG.LENIENT_PARSE", location=base or None, evidence=signed.lenient_reason))
    if signed.trailing_bytes and signed.signatures and not signed.tail:
        doc.append(Finding.of("SIG.TRAILING_DATA", location=base or None, count=signed.trailing_bytes))
    for r in signed.removed:
        doc.append(Finding.of("SIG.REMOVED", location={**base, "field": r["field"], "revision": r["revision"]},
                              field=r["field"], revision=r["revision"]))
    # Document timestamps first: a valid one is a proof of existence of what it covers.
    order = sorted(signed.signatures, key=lambda s: s.kind != "timestamp")
    judged: dict[int, SignatureVerdict] = {}
    for sig in order:
        loc = {**base, "field": sig.field, "revision": sig.revision}
        stamps = [judged[s.index] for s in signed.signatures if s.kind == "timestamp" and s.index in judged]
        judged[sig.index] = _judge(sig, signed, trust, validation_time, stamps, loc)
    result.signatures = [judged[s.index] for s in signed.signatures]

    proper = [v for v in result.signatures if v.facts.kind == "signature"]
    if required and not proper:
        if signed.empty_fields:
            detail = f"; trường chữ ký rỗng: {', '.join(signed.empty_fields)}"
            detail_en = f"; empty signature field(s): {', '.join(signed.empty_fields)}"
        else:
            detail, detail_en = "; tệp không có trường chữ ký nào", "; the file has no signature field"
        doc.append(Finding.of("SIG.MISSING", location=base or None, detail=detail, detail_en=detail_en))
    if expected_org and proper:
        mismatch = _signer_mismatch(proper, expected_org, base)
        if mismatch:
            doc.append(mismatch)
    if window:
        for v in proper:
            v.findings.extend(_window(v, window, {**base, "field": v.facts.field, "revision": v.facts.revision}))
    _appearances_of_invalid_signatures(result.signatures, signed, base)
    for v in result.signatures:
        v.verdict = _verdict(v.findings)
    result.findings = doc + [f for v in result.signatures for f in v.findings]
    result.verdict = _verdict(result.findings) if proper else "unsigned"
    return result


def signature_findings(signed: SignedPdf, ctx: Context, *, required: bool, expected_org: str | None,
                       window: tuple | None, location: dict | None) -> list[Finding]:
    """For the dossier integration: the findings of one result or component PDF.
    Trust and the validation time come from ctx.signature_policy (schemas/policies.py, built
    once per run); `window` is (received, returned) as datetimes or 'yyyyMMddHHmmss'
    strings in Vietnam time (NgayTiepNhan, NgayTra), either end may be None. If the file
    cannot be read, its INPUT.* findings are returned (drop them if the loader reported them)."""
    policy = ctx.signature_policy
    return assess(signed, policy.trust, required=required, expected_org=expected_org,
                  window=window, at=policy.at, location=location).findings


def assess_with(signed: SignedPdf, policy: SignaturePolicy, *, window: tuple | None = None,
                location: dict | None = None) -> Assessment:
    """`assess` with what a SignaturePolicy says: trust, validation time, required, signer."""
    return assess(signed, policy.trust, required=policy.required, expected_org=policy.expected_org,
                  window=window, at=policy.at, location=location)


@check("SIG.PDF", applies_to="pdf", codes=SIG_CODES)
def check_pdf_signatures(signed: SignedPdf, ctx: Context) -> list[Finding]:
    """Every signature of a PDF: integrity, changes after signing, trust, validity at the
    best signature time, revocation, key usage, algorithms. The policy (trust roots, CRLs,
    records of existence, validation time, whether a signature is required, the expected
    signer) is ctx.signature_policy; options: window, location (facts of the subject)."""
    o = ctx.options or {}
    return assess_with(signed, ctx.signature_policy, window=o.get("window"), location=o.get("location")).findings


@check("SIG.DOSSIER", applies_to="dossier", codes=SIG_CODES)
def check_dossier_signatures(d: Dossier, ctx: Context) -> list[Finding]:
    """The signatures of every electronic result of a dossier, as `tthc signatures` judges them,
    and against the dossier: a signature is required when the catalog says the result is signed
    (result.signed; a warning while that catalog fact is unconfirmed), it belongs to the issuing
    agency (CoQuanBanHanh, else DonViXuLy), and it was made between reception and hand-over
    (NgayTiepNhan, NgayTra). Trust roots and CRLs come from ctx.signature_policy; without roots nothing is
    trusted (SIG.UNTRUSTED, as `tthc signatures` says). A result that is not a readable PDF is
    left to the DIGI.* findings. SIG.SIGNING_TIME is not repeated here: it is no problem, and
    the findings that depend on the time (expired, revoked, outside the window) state it."""
    m = d.manifest if isinstance(d.manifest, dict) else None
    if m is None:
        return []
    catalog = (d.procedure or {}).get("result")
    catalog = catalog if isinstance(catalog, dict) else {}
    required = catalog.get("signed") is True
    unconfirmed = catalog.get("verified") is False
    unit = m.get("DonViXuLy") if isinstance(m.get("DonViXuLy"), str) else None
    window = (_maybe_datetime(m.get("NgayTiepNhan")), _maybe_datetime(m.get("NgayTra")))
    out: list[Finding] = []
    seen: set[str] = set()
    for comp in d.results:
        if comp.deleted or comp.file_status != "ok" or comp.path in seen:
            continue
        seen.add(comp.path)
        loc = {"file": comp.path, "pointer": comp.pointer}
        signed = comp.signed
        if isinstance(signed, dict) and signed.get("error"):      # the reader itself failed
            out.append(Finding.of("SIG.VALIDATION_FAILED", location=loc, field="—", detail=signed["error"],
                                  detail_en=signed["error"]))
            continue
        if not isinstance(signed, SignedPdf) or signed.findings or not signed.readable:
            continue
        found = signature_findings(signed, ctx, required=required, expected_org=comp.issuer or unit,
                                   window=window, location=loc)
        out.extend(_for_dossier(found, unconfirmed))
    return out


def _for_dossier(found: list[Finding], unconfirmed: bool) -> list[Finding]:
    out = []
    for f in found:
        if f.code == "SIG.SIGNING_TIME":
            continue
        if f.code == "SIG.MISSING" and unconfirmed and f.severity == "error":
            note = (" (danh mục thủ tục ghi kết quả phải ký số, dữ kiện chưa được xác minh ở nguồn gốc)",
                    " (the procedure catalog says the result is signed; that fact is not confirmed in a primary source)")
            f = Finding(code=f.code, severity="warning", message=f.message.rstrip(".") + note[0] + ".",
                        message_en=f.message_en.rstrip(".") + note[1] + ".", location=f.location, evidence=f.evidence)
        out.append(f)
    return out


def trust_from(roots: Any = None, crls: Any = (), records: Any = None) -> TrustStore:
    """A TrustStore from what a library caller may hold. `roots`: a TrustStore, a folder/file
    path, or a list of certificates; `crls`: CRL file paths (or loaded CertificateLists);
    `records`: trusted records of existence, a file path or {sha256: datetime or (datetime, label)}."""
    from extract.signatures.pki import load_existence_records, records_from_mapping

    crls = list(crls or ())
    paths = [c for c in crls if isinstance(c, (str, Path))]
    loaded = [c for c in crls if not isinstance(c, (str, Path))]
    if isinstance(roots, TrustStore):
        store = roots
    elif isinstance(roots, (str, Path)) or (roots is None and paths):
        store = load_trust_store(roots, paths)
        paths = []
    else:
        store = TrustStore(roots=list(roots or []))
    if paths or loaded or records:
        extra = load_trust_store(None, paths).crls if paths else []
        more = {}
        if isinstance(records, (str, Path)):
            more = load_existence_records(records)
        elif isinstance(records, dict):
            more = records_from_mapping(records)
        store = TrustStore(roots=store.roots, crls=store.crls + extra + loaded, sources=store.sources,
                           records={**store.records, **more})
    return store


# --------------------------------------------------------------------------- one signature

def _judge(sig: SignatureFacts, signed: SignedPdf, trust: TrustStore, validation_time: datetime,
           stamps: list[SignatureVerdict], loc: dict) -> SignatureVerdict:
    v = SignatureVerdict(sig, validation_time=validation_time)
    out = v.findings

    def add(code: str, severity: str | None = None, **params):
        out.append(Finding.of(code, location=loc, severity=severity, field=sig.field, **params))

    if sig.error or sig.embedded is None:
        said = explain_text(sig.error or "")
        add("SIG.INTEGRITY", detail=f"không đọc được dữ liệu chữ ký ({said.vi})",
            detail_en=f"the signature data cannot be read ({said.en})")
        v.verdict = "invalid"
        return v
    allowed = TIMESTAMP_SUBFILTERS if sig.kind == "timestamp" else SIGNATURE_SUBFILTERS
    if sig.subfilter not in allowed:
        add("SIG.UNSUPPORTED", subfilter=sig.subfilter or "?")
        v.verdict = "indeterminate"
        return v

    proofs = _proofs(sig, signed, trust, validation_time, stamps) if sig.kind == "signature" else []
    moment = proofs[0][0] if proofs else validation_time
    status, error = _pyhanko(sig, signed, trust, moment, validation_time)
    if status is not None and sig.kind == "signature" and sig.timestamp_time is not None and not _tst_ok(status):
        if trust.roots:                    # with no roots at all, SIG.UNTRUSTED says it for both
            add("SIG.TIMESTAMP_INVALID", detail=_tst_problem(status), detail_en=_tst_problem(status, en=True))
        proofs = [p for p in proofs if p[1] != "timestamp"]
        if (proofs[0][0] if proofs else validation_time) != moment:     # its time proves nothing
            moment = proofs[0][0] if proofs else validation_time
            status, error = _pyhanko(sig, signed, trust, moment, validation_time)
    v.validated_at = moment
    v.time_source, v.proof = (proofs[0][1], proofs[0][2]) if proofs else ("validation", None)
    when, (src_vi, src_en) = _show(v.validated_at), TIME_SOURCES[v.time_source]
    times = {"when": when, "source": src_vi, "source_en": src_en}

    if error:
        broken = _broken_update(sig, signed)
        if broken:                         # pyHanko fails on what was appended: a modification
            add("SIG.MODIFIED_AFTER_SIGNING", evidence=error, detail=broken[0], detail_en=broken[1],
                revision=sig.revision, revisions=signed.revisions)
        else:
            add("SIG.VALIDATION_FAILED", detail=error, detail_en=error)
    else:
        v.intact, v.trusted = status.intact and status.valid, status.trusted
        v.summary = status.summary()
        level = status.modification_level
        v.modification = level.name if level is not None else None
        if status.validation_path is not None:
            v.trust_anchor = _anchor_name(status.validation_path)
        _integrity_and_changes(sig, signed, status, add)

    if sig.signer:
        _certificate_time(sig, v.validated_at, times, add)
        if sig.kind == "signature":
            _key_usage(sig, add)
        _weak(sig, add)

    if status is not None and v.intact:
        _trust_and_revocation(sig, signed, trust, status, v, times, add)

    if sig.kind == "signature" and not proofs and not any(f.code == "SIG.UNTRUSTED" for f in out):
        claimed = (f"; thời điểm người ký tự khai ({_show(sig.claimed_time)}) không phải là bằng chứng"
                   if sig.claimed_time else "")
        claimed_en = (f"; the time the signer claims ({_show(sig.claimed_time)}) is no proof"
                      if sig.claimed_time else "")
        add("SIG.NO_PROOF_OF_EXISTENCE", when=_show(validation_time), claimed=claimed, claimed_en=claimed_en)
    if not proofs and any(f.code == "SIG.UNTRUSTED" for f in out):
        # Nothing trusted proves a time, and the certificate is not trusted: its validity at the
        # validation time says nothing more (SIG.UNTRUSTED is the finding).
        out[:] = [f for f in out if f.code not in ("SIG.EXPIRED", "SIG.NOT_YET_VALID")]
    if status is not None and not any(f.severity == "error" for f in out) and not _pyhanko_accepts(status):
        add("SIG.VALIDATION_FAILED", detail=status.summary(), detail_en=status.summary())
    add("SIG.SIGNING_TIME", **times)
    v.verdict = _verdict(out)
    return v


def _proofs(sig: SignatureFacts, signed: SignedPdf, trust: TrustStore, validation_time: datetime,
            stamps: list[SignatureVerdict]) -> list[tuple[datetime, str, str | None]]:
    """Proofs that the signature existed, earliest first: (time, source, what proves it).
    The signature's own timestamp is a candidate until pyHanko confirms it; document
    timestamps count when judged valid and later than the signature; a trusted record
    names the file by its SHA-256. Nothing later than the validation time counts."""
    found: list[tuple[datetime, str, str | None]] = []
    if sig.timestamp_time is not None:
        found.append((sig.timestamp_time, "timestamp", None))
    for st in stamps:
        t = st.facts.timestamp_time
        if (t is not None and st.verdict in ACCEPTED and st.intact and st.facts.revision and sig.revision
                and st.facts.revision > sig.revision):
            found.append((t, "document_timestamp", st.facts.field))
    record = trust.records.get(signed.sha256 or "")
    if record is not None:
        found.append((record[0], "record", record[1]))
    return sorted((p for p in found if p[0] <= validation_time), key=lambda p: p[0])


def _policies():
    return schemas.DATA.built("pyhanko_signature_policies", _pyhanko_policies)


def _pyhanko_policies():
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator.policy_decl import (CertRevTrustPolicy, DisallowWeakAlgorithmsPolicy,
                                                   RevocationCheckingPolicy, RevocationCheckingRule as R)

    p = schemas.load_json("data", "signature_policy.json")
    algorithms = DisallowWeakAlgorithmsPolicy(weak_hash_algos=frozenset(p["rejected_hashes"]),
                                              rsa_key_size_threshold=p["rejected_rsa_bits_below"])
    soft = CertRevTrustPolicy(RevocationCheckingPolicy(R.CHECK_IF_DECLARED_SOFT, R.CHECK_IF_DECLARED_SOFT),
                              retroactive_revinfo=True)
    # With revocation data for the signer's issuer at hand, use it even when the
    # certificate names no CRL distribution point (pyHanko would skip it otherwise).
    strict = CertRevTrustPolicy(RevocationCheckingPolicy(R.CRL_OR_OCSP_REQUIRED, R.CHECK_IF_DECLARED_SOFT),
                                retroactive_revinfo=True)
    return algorithms, soft, strict, KeyUsageConstraints(key_usage=set())


def _pyhanko(sig: SignatureFacts, signed: SignedPdf, trust: TrustStore, moment: datetime,
             validation_time: datetime):
    """pyHanko's status for one signature, or (None, error text). The signer's certificate
    is judged at `moment` (the best signature time), its timestamp at the validation time."""
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    algorithms, soft, strict, any_usage = _policies()
    crls = list(trust.crls) + list(signed.dss_crls)
    common: dict[str, Any] = dict(trust_roots=list(trust.roots), crls=crls, ocsps=list(signed.dss_ocsps),
                                  other_certs=list(signed.dss_certs), allow_fetching=False,
                                  algorithm_usage_policy=algorithms)
    with quiet_pyhanko():
        try:
            if sig.kind == "timestamp":
                vc = ValidationContext(**common, revinfo_policy=soft if not _has_revinfo(sig, signed, crls) else strict,
                                       moment=validation_time, best_signature_time=validation_time)
                return validate_pdf_timestamp(sig.embedded, validation_context=vc), None
            vc = ValidationContext(**common, revinfo_policy=strict if _has_revinfo(sig, signed, crls) else soft,
                                   moment=moment, best_signature_time=moment)
            ts_vc = ValidationContext(**common, revinfo_policy=soft, moment=validation_time,
                                      best_signature_time=validation_time)
            return validate_pdf_signature(sig.embedded, vc, ts_validation_context=ts_vc,
                                          key_usage_settings=any_usage), None
        except Exception as exc:  # noqa: BLE001 - pyHanko refusing a signature is a finding
            return None, f"{type(exc).__name__}: {exc}"[:300]


def _has_revinfo(sig: SignatureFacts, signed: SignedPdf, crls: list) -> bool:
    cert = sig.signer.cert if sig.signer else None
    if cert is None:
        return False
    if any(c["tbs_cert_list"]["issuer"] == cert.issuer for c in crls):
        return True
    return any(sig.signer and serial == cert.serial_number for serial in _ocsp_serials(signed))


def _ocsp_serials(signed: SignedPdf) -> list[int]:
    out = []
    for resp in signed.dss_ocsps:
        try:
            basic = resp["response_bytes"]["response"].parsed
            out.extend(r["cert_id"]["serial_number"].native for r in basic["tbs_response_data"]["responses"])
        except Exception:  # noqa: BLE001 - an unreadable OCSP response covers nothing
            continue
    return out


def _tst_ok(status) -> bool:
    ts = getattr(status, "timestamp_validity", None)
    return ts is None or (ts.intact and ts.valid and ts.trusted)


def _tst_problem(status, en: bool = False) -> str:
    ts = status.timestamp_validity
    if ts is None:
        return "no timestamp token could be validated" if en else "không kiểm tra được dấu thời gian"
    if not (ts.intact and ts.valid):
        return "token does not match the signature" if en else "dấu thời gian không khớp chữ ký"
    name = ts.trust_problem_indic.name if ts.trust_problem_indic else "untrusted"
    return f"the time-stamping authority is not trusted ({name})" if en else \
        f"đơn vị cấp dấu thời gian không được tin cậy ({name})"


def _pyhanko_accepts(status) -> bool:
    docmdp = status.docmdp_ok is not False     # None: no change to judge (e.g. a document timestamp)
    return bool(status.intact and status.valid and status.trusted and docmdp
                and getattr(status, "seed_value_ok", True))


def _anchor_name(path) -> str | None:
    try:
        return path.trust_anchor.authority.name.human_friendly
    except Exception:  # noqa: BLE001
        return None


# --------------------------------------------------------------------------- integrity and changes

def _integrity_and_changes(sig: SignatureFacts, signed: SignedPdf, status, add) -> None:
    from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
    from pyhanko.sign.validation import SignatureCoverageLevel

    if not status.intact:
        add("SIG.INTEGRITY", detail="nội dung đã ký bị thay đổi (mã băm không khớp)",
            detail_en="the signed bytes were changed (digest mismatch)")
        return
    if not status.valid:
        add("SIG.INTEGRITY", detail="giá trị chữ ký không khớp khóa công khai của chứng thư",
            detail_en="the signature value does not verify with the certificate's public key")
        return
    cov = status.coverage
    if cov is None or cov < SignatureCoverageLevel.ENTIRE_REVISION:
        add("SIG.INTEGRITY", detail="vùng ký (ByteRange) không phủ trọn phiên bản được ký",
            detail_en="the signed byte range (ByteRange) does not cover its whole revision")
        return
    rev = {"revision": sig.revision, "revisions": signed.revisions}
    tail = signed.tail
    if tail and sig.signed_end is not None and sig.signed_end <= tail["offset"]:
        vi, en = TAILS[tail["reason"]]
        add("SIG.MODIFIED_AFTER_SIGNING", evidence=tail.get("detail"), detail=f"{vi} ({tail['bytes']} byte)",
            detail_en=f"{en} ({tail['bytes']} bytes)", **rev)
        return
    if cov == SignatureCoverageLevel.ENTIRE_FILE:
        return
    diff, level = status.diff_result, status.modification_level
    if isinstance(diff, SuspiciousModification) or level in (ModificationLevel.OTHER, ModificationLevel.ANNOTATIONS):
        vi, en = _what_changed(sig, signed)
        add("SIG.MODIFIED_AFTER_SIGNING", evidence=str(diff).split("\n")[0][:300] if diff else None,
            detail=vi, detail_en=en, **rev)
        return
    if status.docmdp_ok is False:
        add("SIG.MODIFIED_AFTER_SIGNING", detail="thay đổi vượt quá quyền sửa đổi (DocMDP) mà chữ ký chứng nhận cho phép",
            detail_en="the changes exceed what the certifying signature's DocMDP permissions allow", **rev)
        return
    seen = _viewer_change(sig)
    if seen:
        add("SIG.MODIFIED_AFTER_SIGNING", detail=seen[0], detail_en=seen[1], **rev)
        return
    sig_fields = {s.field for s in signed.signatures} | set(signed.empty_fields)
    changed = sorted(set(getattr(diff, "changed_form_fields", ()) or ()) - sig_fields)
    if changed:
        add("SIG.MODIFIED_AFTER_SIGNING", detail=f"giá trị trường biểu mẫu bị đổi: {', '.join(changed)}",
            detail_en=f"form field values changed: {', '.join(changed)}", **rev)
        return
    view = sig.view
    if view is None or view.unrendered:
        why = view.unrendered if view is not None else "no comparison"
        add("SIG.CHANGES_NOT_COMPARED", detail=why, detail_en=why, **rev)
    vi, en = _later_additions(sig, signed)
    add("SIG.LATER_REVISION", detail=vi, detail_en=en, **rev)


def _broken_update(sig: SignatureFacts, signed: SignedPdf) -> tuple[str, str] | None:
    """Why what follows the signed revision is broken, when it is (a tail nothing parses
    cleanly, or pages the signed revision shows and the whole file no longer does)."""
    tail = signed.tail
    if tail and sig.signed_end is not None and sig.signed_end <= tail["offset"]:
        return TAILS[tail["reason"]]
    if sig.view is not None and sig.view.broken:
        return _viewer_change(sig)
    return None


def _pages(pages: list[int]) -> str:
    return ", ".join(str(p) for p in pages)


def _viewer_change(sig: SignatureFacts) -> tuple[str, str] | None:
    """What a reader sees that the signer did not sign, from the rendered comparison."""
    view = sig.view
    if view is None:
        return None
    if view.broken:
        return (f"trình xem không còn hiển thị được tài liệu như khi ký ({view.broken})",
                f"a viewer can no longer display the document as it was signed ({view.broken})")
    if view.pages_before is not None and view.pages_before != view.pages_after:
        return (f"số trang {view.pages_before} → {view.pages_after}",
                f"page count {view.pages_before} → {view.pages_after}")
    if view.changed:
        return (f"nội dung hiển thị trên trang {_pages(view.changed)} đã khác (thêm ghi chú, trường biểu mẫu, hình hiển thị "
                f"hoặc nội dung mới vẽ đè lên trang)",
                f"what page(s) {_pages(view.changed)} show changed (a comment, form field, appearance or new content "
                f"painted on the page)")
    if view.covered:
        shown = ", ".join(f"'{f}' (trang {p})" for p, f in view.covered)
        shown_en = ", ".join(f"'{f}' (page {p})" for p, f in view.covered)
        return (f"hình hiển thị của chữ ký ký sau {shown} vẽ đè lên nội dung đã ký",
                f"the appearance of later signature(s) {shown_en} paints over signed content")
    return None


def _appearances_of_invalid_signatures(verdicts: list[SignatureVerdict], signed: SignedPdf, base: dict) -> None:
    """A later signature's appearance on a page is allowed only if that signature holds: a
    signature that is not valid has, for the earlier ones, merely painted on the page.
    Latest first, so a signature made invalid here counts for the ones before it."""
    by_field = {v.facts.field: v for v in verdicts}
    for v in sorted(verdicts, key=lambda x: -(x.facts.revision or 0)):
        view = v.facts.view
        if view is None or any(f.code == "SIG.MODIFIED_AFTER_SIGNING" for f in v.findings):
            continue
        bad = [(page, name) for page, name in view.appearances
               if name in by_field and _verdict(by_field[name].findings) not in ACCEPTED]
        if not bad:
            continue
        shown = ", ".join(f"'{f}' (trang {p})" for p, f in bad)
        shown_en = ", ".join(f"'{f}' (page {p})" for p, f in bad)
        v.findings[:] = [f for f in v.findings if f.code != "SIG.LATER_REVISION"]
        v.findings.insert(0, Finding.of(
            "SIG.MODIFIED_AFTER_SIGNING", location={**base, "field": v.facts.field, "revision": v.facts.revision},
            field=v.facts.field, revision=v.facts.revision, revisions=signed.revisions,
            detail=f"chữ ký ký sau không hợp lệ {shown} đã vẽ hình hiển thị lên trang",
            detail_en=f"later signature(s) {shown_en}, which are not valid, painted an appearance on the page"))


def _page_count(handler) -> int | None:
    try:
        return int(handler.root["/Pages"]["/Count"])
    except Exception:  # noqa: BLE001
        return None


def _what_changed(sig: SignatureFacts, signed: SignedPdf) -> tuple[str, str]:
    """A reader's summary of pyHanko's verdict: which revisions, and the page count when
    it changed (pyHanko's own message names PDF objects, kept as evidence)."""
    later = f"{sig.revision + 1}–{signed.revisions}" if signed.revisions > sig.revision + 1 else str(signed.revisions)
    vi = f"phiên bản {later} có thay đổi không được phép (nội dung trang, trang, trường biểu mẫu hoặc ghi chú)"
    en = f"revision(s) {later} make changes that are not allowed (page content, pages, form fields or annotations)"
    try:
        before = _page_count(signed.reader.get_historical_resolver(sig.revision - 1))
        after = _page_count(signed.reader)
    except Exception:  # noqa: BLE001
        before = after = None
    if before is not None and after is not None and before != after:
        vi += f"; số trang {before} → {after}"
        en += f"; page count {before} → {after}"
    seen = _viewer_change(sig)
    if seen and "page count" not in seen[1]:
        vi += f"; {seen[0]}"
        en += f"; {seen[1]}"
    return vi, en


def _later_additions(sig: SignatureFacts, signed: SignedPdf) -> tuple[str, str]:
    later = [s for s in signed.signatures if s.revision and sig.revision and s.revision > sig.revision]
    vi, en = [], []
    names = [s.field for s in later if s.kind == "signature"]
    stamps = [s.field for s in later if s.kind == "timestamp"]
    if names:
        vi.append(f"thêm chữ ký {', '.join(names)}")
        en.append(f"add signature(s) {', '.join(names)}")
    shown = sig.view.appearances if sig.view else []
    if shown:
        vi.append("hình hiển thị của chữ ký đó trên " + ", ".join(f"trang {p}" for p, _ in shown))
        en.append("its appearance on " + ", ".join(f"page {p}" for p, _ in shown))
    if stamps:
        vi.append(f"thêm dấu thời gian {', '.join(stamps)}")
        en.append(f"add document timestamp(s) {', '.join(stamps)}")
    if signed.dss:
        vi.append("thêm dữ liệu kiểm tra (DSS)")
        en.append("add validation data (DSS)")
    if not vi:
        vi, en = ["cập nhật siêu dữ liệu"], ["update metadata"]
    return ", ".join(vi), ", ".join(en)


# --------------------------------------------------------------------------- certificate facts

def _certificate_time(sig: SignatureFacts, t: datetime, times: dict, add) -> None:
    c = sig.signer
    if c.not_after < t:
        add("SIG.EXPIRED", not_after=_show(c.not_after), **times)
    elif c.not_before > t:
        add("SIG.NOT_YET_VALID", not_before=_show(c.not_before), **times)


def _key_usage(sig: SignatureFacts, add) -> None:
    p = schemas.load_json("data", "signature_policy.json")
    c = sig.signer
    problems_vi, problems_en = [], []
    if c.key_usage is not None and not set(p["signing_key_usages"]) & set(c.key_usage):
        shown = ", ".join(c.key_usage) or "—"
        problems_vi.append(f"keyUsage chỉ gồm {shown}, thiếu digitalSignature/nonRepudiation")
        problems_en.append(f"keyUsage is only {shown}, without digitalSignature/nonRepudiation")
    if c.extended_key_usage is not None and not set(p["document_signing_ekus"]) & set(c.extended_key_usage):
        shown = ", ".join(c.extended_key_usage)
        problems_vi.append(f"extendedKeyUsage chỉ cho phép {shown}")
        problems_en.append(f"extendedKeyUsage allows only {shown}")
    if problems_vi:
        add("SIG.KEY_USAGE", detail="; ".join(problems_vi), detail_en="; ".join(problems_en))


def _weak(sig: SignatureFacts, add) -> None:
    p = schemas.load_json("data", "signature_policy.json")
    weak = set(p["weak_hashes"])
    found = []
    if sig.digest_algorithm in weak:
        found.append(f"digest {sig.digest_algorithm}")
    algo = sig.signature_algorithm or ""
    if any(algo.startswith(h + "_") for h in weak) and sig.digest_algorithm not in weak:
        found.append(f"signature {algo}")
    c = sig.signer
    if c.key_algorithm == "rsa" and c.key_size and c.key_size < p["min_rsa_bits"]:
        found.append(f"RSA {c.key_size} bit")
    if c.signature_hash in weak:
        found.append(f"certificate signed with {c.signature_hash}")
    for ca in sig.chain:
        if ca.signature_hash in weak and not ca.self_signed:
            found.append(f"CA certificate '{ca.common_name}' signed with {ca.signature_hash}")
    if found:
        text = "; ".join(found)
        add("SIG.WEAK_ALGORITHM", detail=text, detail_en=text)


# --------------------------------------------------------------------------- trust and revocation

def _trust_and_revocation(sig, signed, trust, status, v: SignatureVerdict, times: dict, add) -> None:
    ind = status.trust_problem_indic
    name = ind.name if ind is not None else None
    already_time = any(f.code in ("SIG.EXPIRED", "SIG.NOT_YET_VALID") for f in v.findings)
    rd = status.revocation_details
    if rd is not None:
        v.revocation = "revoked"
        add("SIG.REVOKED", whose="của cơ quan cấp (CA)" if rd.ca_revoked else "của người ký",
            whose_en="issuing CA's" if rd.ca_revoked else "signer's",
            revoked_at=_show(rd.revocation_date), reason=str(rd.revocation_reason.native), **times)
        return
    if name == "NO_CERTIFICATE_CHAIN_FOUND" or (name and status.validation_path is None and not already_time):
        if not trust.roots:
            add("SIG.UNTRUSTED", detail="không có chứng thư gốc nào được cung cấp (--trust-roots)",
                detail_en="no trust roots were given (--trust-roots)")
        else:
            add("SIG.UNTRUSTED", detail=f"bên cấp '{_issuer_name(sig)}' không dẫn tới chứng thư gốc nào "
                                        f"trong {len(trust.roots)} chứng thư gốc đã cho",
                detail_en=f"issuer '{_issuer_name(sig)}' does not chain to any of the "
                          f"{len(trust.roots)} trust roots given")
        return
    if name in ("CHAIN_CONSTRAINTS_FAILURE", "CERTIFICATE_CHAIN_GENERAL_FAILURE") and not already_time:
        add("SIG.UNTRUSTED", detail=f"đường dẫn chứng thực không hợp lệ tại thời điểm ký ({name})",
            detail_en=f"the certification path is not valid at the signing time ({name})")
        return
    if name and not already_time and name not in ("OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED",
                                                  "NOT_YET_VALID"):
        add("SIG.VALIDATION_FAILED", detail=f"{name}: {status.summary()}", detail_en=f"{name}: {status.summary()}")
        return
    if name:
        return
    crls = list(trust.crls) + list(signed.dss_crls)
    if not _has_revinfo(sig, signed, crls):
        v.revocation = "unchecked"
        add("SIG.REVOCATION_UNCHECKED", issuer=_issuer_name(sig))
        return
    v.revocation = "checked"
    later = _revoked_later(sig, crls, trust, signed)
    if later:
        v.revocation = "revoked_later"
        when_revoked, reason = later
        proven = v.time_source != "validation"
        src_vi, src_en = TIME_SOURCES[v.time_source]
        add("SIG.REVOKED_LATER", severity="info" if proven else None, revoked_at=_show(when_revoked),
            reason=reason,
            trust=f"Thời điểm ký được chứng minh ({src_vi})." if proven else
                  "Thời điểm kiểm tra được chỉ định sớm hơn ngày thu hồi.",
            trust_en=f"The signature is proven to exist by then ({src_en})." if proven else
                     "The validation time given is earlier than the revocation.",
            **times)


def _issuer_name(sig: SignatureFacts) -> str:
    return (sig.signer.issuer_common_name or sig.signer.issuer) if sig.signer else "?"


def _revoked_later(sig, crls, trust, signed) -> tuple[datetime, str] | None:
    """A revocation of the signer's certificate after the signing time, from a CRL whose
    signature checks out with its issuer (pyHanko already rejected earlier revocations)."""
    from cryptography import x509 as c_x509

    cert = sig.signer.cert
    issuers = [c for c in [*trust.roots, *(ca.cert for ca in sig.chain), *signed.dss_certs]
               if c is not None and c.subject == cert.issuer]
    for crl in crls:
        if crl["tbs_cert_list"]["issuer"] != cert.issuer:
            continue
        entries = crl["tbs_cert_list"]["revoked_certificates"]
        hit = next((e for e in entries if e["user_certificate"].native == cert.serial_number), None)
        if hit is None:
            continue
        try:
            parsed = c_x509.load_der_x509_crl(crl.dump())
            if not any(parsed.is_signature_valid(c_x509.load_der_x509_certificate(i.dump()).public_key())
                       for i in issuers):
                continue
        except Exception:  # noqa: BLE001 - a CRL we cannot verify proves nothing
            continue
        reason = "unspecified"
        for ext in hit["crl_entry_extensions"]:
            if ext["extn_id"].native == "crl_reason":
                reason = str(ext["extn_value"].native)
        return hit["revocation_date"].native, reason
    return None


# --------------------------------------------------------------------------- dossier consistency

def _abbreviations() -> tuple[list[tuple[re.Pattern, str]], frozenset[str]]:
    return schemas.DATA.built("org_abbreviation_patterns", _compile_abbreviations)


def _compile_abbreviations() -> tuple[list[tuple[re.Pattern, str]], frozenset[str]]:
    data = schemas.load_json("lexicons", "org_abbreviations.json")
    pairs = sorted(data["abbreviations"].items(), key=lambda kv: -len(kv[0]))
    compiled = [(re.compile(r"(?<!\w)" + re.escape(k) + r"(?!\w)"), v) for k, v in pairs]
    generic = frozenset(strip_accents(w) for w in data["generic_words"])
    return compiled, generic


def org_key(name: str | None) -> list[str]:
    """Words of an agency name for comparison: folded, abbreviations expanded,
    punctuation dropped, tone marks stripped (certificates are often written without)."""
    t = fold(name)
    patterns, _ = _abbreviations()
    for pattern, full in patterns:
        t = pattern.sub(full, t)
    t = t.replace("&", " và ")
    t = re.sub(r"[^\w]+", " ", strip_accents(t))
    return t.split()


def same_org(a: str | None, b: str | None) -> bool:
    """Equal after normalization, or one name contained in the other as whole words when
    the shorter still names something specific ("UBND" alone matches nothing)."""
    ka, kb = org_key(a), org_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    _, generic = _abbreviations()
    if all(w in generic for w in short):
        return False
    n = len(short)
    return any(long_[i:i + n] == short for i in range(len(long_) - n + 1))


def _signer_mismatch(verdicts: list[SignatureVerdict], expected: str, base: dict) -> Finding | None:
    names = []
    for v in verdicts:
        c = v.facts.signer
        if c is None:
            continue
        candidates = [*c.organization, *c.org_unit, c.common_name]
        if any(same_org(expected, n) for n in candidates if n):
            return None
        names.append(" / ".join(n for n in (*c.organization, c.common_name) if n))
    return Finding.of("SIG.SIGNER_MISMATCH", location=base or None, expected=expected,
                      found="; ".join(names) or "—")


def _as_datetime(value) -> datetime | None:
    """datetime (naive = Vietnam time), 'yyyyMMddHHmmss' (the DVC format, Vietnam time),
    an ISO date-time or date."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VN)
    s = str(value).strip()
    if re.fullmatch(r"\d{14}", s):
        return datetime.strptime(s, "%Y%m%d%H%M%S").replace(tzinfo=VN)
    if re.fullmatch(r"\d{8}", s):
        return datetime.strptime(s, "%Y%m%d").replace(tzinfo=VN)
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        raise ValueError(f"not a date-time: {value!r} (yyyyMMddHHmmss or ISO 8601)") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=VN)


def _maybe_datetime(value) -> datetime | None:
    """A malformed or implausible manifest date is the dossier checks' finding; here it bounds nothing."""
    from extract.dossier.timeline import plausible

    try:
        moment = _as_datetime(value)
        return plausible(moment) if moment is not None else None
    except ValueError:
        return None


def _window(v: SignatureVerdict, window: tuple, loc: dict) -> list[Finding]:
    """The signing time against the dossier's reception and hand-over: a valid timestamp's
    time, else the signer's claim (a consistency check of what the file says, not a proof)."""
    sig = v.facts
    if v.time_source == "timestamp":
        moment, source = sig.timestamp_time, "timestamp"
    elif sig.claimed_time is not None:
        moment, source = sig.claimed_time, "claimed"
    else:
        return []
    start, end = (_maybe_datetime(w) for w in (tuple(window) + (None, None))[:2])
    src_vi, src_en = CLAIM_SOURCES[source]
    common = {"field": sig.field, "when": _show(moment), "source": src_vi, "source_en": src_en}
    if start and moment < start:
        return [Finding.of("SIG.TIME_OUTSIDE_WINDOW", location=loc, relation="trước khi hồ sơ được tiếp nhận lúc",
                           relation_en="before the dossier was received at", bound=_show(start), **common)]
    if end and moment > end:
        return [Finding.of("SIG.TIME_OUTSIDE_WINDOW", location=loc, relation="sau khi trả kết quả lúc",
                           relation_en="after the result was returned at", bound=_show(end), **common)]
    return []
