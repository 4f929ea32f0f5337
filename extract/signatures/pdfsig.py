"""Signature facts of a PDF, read with pyHanko: every signature field, its signer
certificate, claimed and timestamped signing times, algorithms and byte range, the
file's revisions and its DSS (embedded validation data).

`read_signatures(path_or_bytes) -> SignedPdf` never raises: a file that cannot be read
carries INPUT.* findings. It keeps pyHanko's reader and embedded-signature objects so
checks/signatures.py can validate without reading the file again.

Two facts go beyond pyHanko's reading, for what a viewer shows after signing:
- `tail`: bytes after the last signed revision that are not a clean revision (an update
  without its %%EOF, an update whose xref a strict reader refuses, a last update nothing can
  parse) while they hold PDF objects a viewer repairs and renders;
- every signature's `view` (extract/signatures/view.py): its signed revision and the whole
  file rendered as pdfium draws them (forms and annotations included), page by page.
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from extract.library_errors import explain, said
from extract.load.limits import DEFAULT_LIMITS, Limits
from extract.model import Finding
from extract.signatures.view import ViewChange, compare as compare_views

_PYHANKO_LOGGERS = ("pyhanko", "pyhanko_certvalidator")


@contextmanager
def quiet_pyhanko():
    """pyHanko logs expected failures (untrusted chains, suspicious updates) at WARNING and
    ERROR with full tracebacks; our findings say the same thing once, so mute it here."""
    loggers = [logging.getLogger(n) for n in _PYHANKO_LOGGERS]
    saved = [lg.level for lg in loggers]
    for lg in loggers:                    # children inherit the level: all of pyHanko goes quiet
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, saved):
            lg.setLevel(level)


# --------------------------------------------------------------------------- facts

@dataclass
class CertFacts:
    subject: str
    issuer: str
    issuer_common_name: str | None
    common_name: str | None
    organization: list[str]
    org_unit: list[str]
    serial: str                                # hex
    not_before: datetime
    not_after: datetime
    key_usage: list[str] | None                # None: no KeyUsage extension
    extended_key_usage: list[str] | None       # None: no EKU extension
    key_algorithm: str                         # rsa | ec | dsa | ...
    key_size: int | None
    signature_hash: str | None                 # hash of the certificate's own signature
    sha256: str
    is_ca: bool
    self_signed: bool
    cert: Any = field(default=None, repr=False, compare=False)   # asn1crypto Certificate

    @classmethod
    def of(cls, cert) -> "CertFacts":
        subject = cert.subject.native
        ku = cert.key_usage_value
        eku = cert.extended_key_usage_value
        try:
            hash_algo = cert["signature_algorithm"].hash_algo
        except (ValueError, KeyError):
            hash_algo = None
        try:
            key_size = cert.public_key.bit_size
        except (ValueError, KeyError):
            key_size = None
        return cls(subject=cert.subject.human_friendly, issuer=cert.issuer.human_friendly,
                   issuer_common_name=_first(cert.issuer.native.get("common_name")),
                   common_name=_first(subject.get("common_name")),
                   organization=_all(subject.get("organization_name")),
                   org_unit=_all(subject.get("organizational_unit_name")),
                   serial=format(cert.serial_number, "X"),
                   not_before=cert["tbs_certificate"]["validity"]["not_before"].native,
                   not_after=cert["tbs_certificate"]["validity"]["not_after"].native,
                   key_usage=sorted(ku.native) if ku is not None else None,
                   extended_key_usage=[str(p) for p in eku.native] if eku is not None else None,
                   key_algorithm=cert.public_key.algorithm, key_size=key_size,
                   signature_hash=hash_algo, sha256=cert.sha256.hex(), is_ca=bool(cert.ca),
                   # byte comparison: asn1crypto's self_signed runs stringprep on both names
                   self_signed=cert.subject.dump() == cert.issuer.dump(), cert=cert)

    def to_dict(self) -> dict:
        return {"subject": self.subject, "issuer": self.issuer, "issuer_common_name": self.issuer_common_name,
                "common_name": self.common_name,
                "organization": self.organization, "org_unit": self.org_unit, "serial": self.serial,
                "not_before": _iso(self.not_before), "not_after": _iso(self.not_after),
                "key_usage": self.key_usage, "extended_key_usage": self.extended_key_usage,
                "key_algorithm": self.key_algorithm, "key_size": self.key_size,
                "signature_hash": self.signature_hash, "sha256": self.sha256}


@dataclass
class SignatureFacts:
    index: int                                 # 1-based, in order of the revisions they sign
    field: str
    kind: str = "signature"                    # signature | timestamp (a /DocTimeStamp)
    subfilter: str | None = None
    revision: int | None = None                # 1-based revision the signature covers
    byte_range: list[int] = field(default_factory=list)
    coverage: str | None = None                # pyHanko: ENTIRE_FILE | ENTIRE_REVISION | ...
    digest_algorithm: str | None = None
    signature_algorithm: str | None = None
    claimed_time: datetime | None = None       # the signer's own clock (signingTime or /M)
    claimed_time_source: str | None = None     # signingTime | /M
    timestamp_time: datetime | None = None     # genTime of the RFC 3161 token (not yet validated)
    signer: CertFacts | None = None
    chain: list[CertFacts] = field(default_factory=list)   # other certificates embedded
    reason: str | None = None
    location: str | None = None
    name: str | None = None
    error: str | None = None                   # the signature could not be read at all
    view: ViewChange | None = None             # signed revision vs whole file as a viewer draws them
    embedded: Any = field(default=None, repr=False, compare=False)   # pyHanko EmbeddedPdfSignature

    @property
    def signed_end(self) -> int | None:
        """The byte where the signed revision ends (the end of the second byte range)."""
        br = self.byte_range
        return br[2] + br[3] if len(br) == 4 else None

    @property
    def covers_whole_file(self) -> bool:
        return self.coverage == "ENTIRE_FILE"

    def to_dict(self) -> dict:
        return {"index": self.index, "field": self.field, "kind": self.kind, "subfilter": self.subfilter,
                "revision": self.revision, "byte_range": self.byte_range, "coverage": self.coverage,
                "covers_whole_file": self.covers_whole_file,
                "digest_algorithm": self.digest_algorithm, "signature_algorithm": self.signature_algorithm,
                "claimed_time": _iso(self.claimed_time), "claimed_time_source": self.claimed_time_source,
                "timestamp_time": _iso(self.timestamp_time),
                "signer": self.signer.to_dict() if self.signer else None,
                "chain": [c.to_dict() for c in self.chain],
                "reason": self.reason, "location": self.location, "name": self.name, "error": self.error,
                "view": self.view.to_dict() if self.view else None}


@dataclass
class SignedPdf:
    source: str
    size: int = 0
    sha256: str | None = None                  # of the whole file (trusted records of existence name files by it)
    revisions: int = 0
    lenient: bool = False                      # the strict reader refused the file
    lenient_reason: str | None = None
    signatures: list[SignatureFacts] = field(default_factory=list)
    empty_fields: list[str] = field(default_factory=list)      # signature fields never signed (or emptied)
    removed: list[dict] = field(default_factory=list)          # {"field", "revision"} gone from the latest revision
    trailing_bytes: int = 0                    # non-blank bytes after the last %%EOF (no revision of the PDF)
    tail: dict | None = None                   # {"offset", "bytes", "reason", "detail"}: PDF objects after the last clean revision
    dss: dict | None = None                    # counts of embedded certs / CRLs / OCSP responses
    dss_certs: list = field(default_factory=list, repr=False)
    dss_crls: list = field(default_factory=list, repr=False)
    dss_ocsps: list = field(default_factory=list, repr=False)
    findings: list[Finding] = field(default_factory=list)     # why the file could not be read
    reader: Any = field(default=None, repr=False, compare=False)

    @property
    def readable(self) -> bool:
        return self.reader is not None

    def to_dict(self) -> dict:
        return {"source": self.source, "size": self.size, "sha256": self.sha256, "revisions": self.revisions,
                "lenient": self.lenient, "lenient_reason": self.lenient_reason,
                "signatures": [s.to_dict() for s in self.signatures],
                "empty_fields": list(self.empty_fields), "removed": list(self.removed),
                "trailing_bytes": self.trailing_bytes, "tail": self.tail, "dss": self.dss}


def _first(v):
    return v[0] if isinstance(v, list) and v else (v or None)


def _all(v) -> list[str]:
    if not v:
        return []
    return [str(x) for x in v] if isinstance(v, list) else [str(v)]


def _iso(dt: datetime | None) -> str | None:
    return dt.isoformat() if dt else None


def _plain(obj):
    """In an encrypted PDF, pyHanko hands out strings and arrays behind a proxy."""
    return getattr(obj, "decrypted", obj)


def _text(obj) -> str | None:
    if obj is None:
        return None
    try:
        return str(_plain(obj))
    except Exception:  # noqa: BLE001 - odd PDF strings must not stop reading
        return None


# --------------------------------------------------------------------------- reading

def read_signatures(source: str | Path | bytes, name: str | None = None,
                    limits: Limits | None = None) -> SignedPdf:
    """All signature facts of one PDF. Never raises: problems become INPUT.* findings."""
    if isinstance(source, (bytes, bytearray)):
        data, src = bytes(source), name or "<bytes>"
    else:
        src = str(source)
        p = Path(source)
        if not p.is_file():
            return SignedPdf(src, findings=[Finding.of("INPUT.NOT_FOUND", evidence=src)])
        try:
            data = p.read_bytes()
        except OSError as exc:
            why = explain(exc)
            return SignedPdf(src, findings=[Finding.of("INPUT.UNREADABLE", evidence=src,
                                                       detail=why.vi, detail_en=why.en)])
    if not data:
        return SignedPdf(src, findings=[Finding.of("INPUT.EMPTY", evidence=src)])
    if b"%PDF-" not in data[:1024]:
        return SignedPdf(src, size=len(data), findings=[Finding.of(
            "INPUT.UNSUPPORTED", evidence=src, detail="không phải PDF / not a PDF")])

    with quiet_pyhanko():
        signed = _read_any(data, src)
    signed.sha256 = hashlib.sha256(data).hexdigest()
    if signed.readable:
        _tail_and_views(data, signed, limits or DEFAULT_LIMITS)
    return signed


def _read_any(data: bytes, src: str) -> SignedPdf:
    """Strict reader, else the lenient one, else the longest prefix ending at a %%EOF that
    the strict reader accepts (the signed revisions, before an update nothing can parse)."""
    from pyhanko.pdf_utils.misc import PdfStrictReadError

    try:
        return _read(data, src, strict=True)
    except PdfStrictReadError as exc:
        strict_error = str(exc)
    except Exception as exc:  # noqa: BLE001 - maybe only the strict reader fails
        strict_error = f"{type(exc).__name__}: {exc}"
    try:
        signed = _read(data, src, strict=False)
    except _Encrypted:
        return SignedPdf(src, size=len(data), findings=[Finding.of("INPUT.ENCRYPTED", evidence=src)])
    except Exception as exc:  # noqa: BLE001 - a corrupt file is a finding, not a crash
        failure = f"{type(exc).__name__}: {exc}"[:300]
        prefix = _readable_prefix(data, src)
        if prefix is None:
            why = explain(exc)
            return SignedPdf(src, size=len(data), findings=[Finding.of(
                "INPUT.CORRUPT_PDF", evidence=src, detail=why.vi, detail_en=why.en)])
        signed, end = prefix
        signed.size = len(data)
        signed.tail = {"offset": end, "bytes": len(data) - end, "reason": "unreadable_update", "detail": failure}
        return signed
    signed.lenient, signed.lenient_reason = True, strict_error[:300]
    return signed


_EOF = re.compile(rb"%%EOF[ \t]*(\r\n|\r|\n)?")
MAX_PREFIX_TRIES = 32


def _readable_prefix(data: bytes, src: str) -> tuple[SignedPdf, int] | None:
    """The longest prefix of `data` ending at a %%EOF that the strict reader parses and that
    holds a signature, with its length."""
    ends = [m.end() for m in _EOF.finditer(data)]
    for end in reversed(ends[-MAX_PREFIX_TRIES:]):
        if end >= len(data):
            continue
        try:
            signed = _read(data[:end], src, strict=True)
        except Exception:  # noqa: BLE001 - try an earlier revision
            continue
        if signed.signatures:
            return signed, end
    return None


class _Encrypted(Exception):
    pass


# PDF syntax a viewer acts on (comments are dropped before looking).
_PDF_SYNTAX = re.compile(rb"\d+\s+\d+\s+obj\b|\bendobj\b|\bxref\b|\btrailer\b|\bstartxref\b|\bstream\b")
VIEW_PIXELS = 4_000_000            # pixels per page when a signed revision and the file are compared


def _syntax_in(chunk: bytes) -> bool:
    lines = [ln for ln in chunk.splitlines() if not ln.lstrip().startswith(b"%")]
    return bool(_PDF_SYNTAX.search(b"\n".join(lines)))


def _tail_and_views(data: bytes, signed: SignedPdf, limits: Limits) -> None:
    ends = [s.signed_end for s in signed.signatures if s.signed_end]
    last_signed = max(ends, default=0)
    if signed.tail is None and last_signed:
        eof = data.rfind(b"%%EOF")
        after = data[eof + 5:] if eof >= 0 else b""
        if eof >= 0 and _syntax_in(after):
            start = eof + 5 + len(after) - len(after.lstrip())
            signed.tail = {"offset": start, "bytes": len(data) - start, "reason": "no_eof",
                           "detail": "PDF objects after the last %%EOF"}
        elif signed.lenient and last_signed < len(data):
            # The strict reader refuses the file: is it the part after the signed revisions?
            try:
                _read(data[:last_signed], signed.source, strict=True)
            except Exception:  # noqa: BLE001 - no: the signed revision itself needed leniency
                pass
            else:
                signed.tail = {"offset": last_signed, "bytes": len(data) - last_signed, "reason": "broken_update",
                               "detail": signed.lenient_reason}
    todo = {s.index: s.signed_end for s in signed.signatures
            if s.signed_end and s.error is None and (s.signed_end < len(data))}
    if not todo:
        return
    later = {s.index: {o.field: o.revision for o in signed.signatures
                       if o.kind == "signature" and o.revision and s.revision and o.revision > s.revision}
             for s in signed.signatures if s.index in todo}
    views = compare_views(data, todo, later, max_pages=limits.pages,
                          max_pixels=min(VIEW_PIXELS, limits.page_pixels))
    for s in signed.signatures:
        s.view = views.get(s.index)


class _Encrypted(Exception):
    pass


def _read(data: bytes, src: str, strict: bool) -> SignedPdf:
    from pyhanko.pdf_utils.crypt import AuthStatus
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(data), strict=strict)
    if reader.encrypted:
        # An empty user password opens many "protected" PDFs; anything else we cannot read.
        try:
            ok = reader.decrypt("").status != AuthStatus.FAILED
        except Exception:  # noqa: BLE001
            ok = False
        if not ok:
            raise _Encrypted()
    signed = SignedPdf(src, size=len(data), revisions=reader.xrefs.total_revisions, reader=reader)
    filled = []
    for fq_name, sig_ref, field_ref in enumerate_sig_fields(reader):
        if sig_ref is None:
            signed.empty_fields.append(fq_name)
        else:
            filled.append((fq_name, field_ref))
    sigs = [_signature(reader, fq_name, field_ref) for fq_name, field_ref in filled]
    sigs.sort(key=lambda s: (s.revision if s.revision is not None else 10**9))
    for i, s in enumerate(sigs, 1):
        s.index = i
    signed.signatures = sigs
    signed.removed = _removed(reader, {s.field for s in sigs})
    eof = data.rfind(b"%%EOF")
    signed.trailing_bytes = len(data[eof + 5:].strip()) if eof >= 0 else 0
    _read_dss(reader, signed)
    return signed


def _signature(reader, fq_name: str, field_ref) -> SignatureFacts:
    from pyhanko.sign.validation import EmbeddedPdfSignature
    from pyhanko.sign.validation.generic_cms import extract_self_reported_ts, extract_tst_data_iter

    facts = SignatureFacts(index=0, field=fq_name)
    try:
        sig_obj = field_ref.get_object()["/V"]
        facts.subfilter = _text(sig_obj.get("/SubFilter"))
        if sig_obj.get("/Type") == "/DocTimeStamp" or facts.subfilter == "/ETSI.RFC3161":
            facts.kind = "timestamp"
        facts.reason, facts.location = _text(sig_obj.get("/Reason")), _text(sig_obj.get("/Location"))
        facts.name = _text(sig_obj.get("/Name"))
        emb = EmbeddedPdfSignature(reader, field_ref, fq_name)
        facts.byte_range = [int(_plain(x)) for x in _plain(emb.byte_range)]
        facts.embedded = emb
        facts.revision = emb.signed_revision + 1
        facts.coverage = emb.evaluate_signature_coverage().name
        facts.digest_algorithm = emb.md_algorithm
        facts.signature_algorithm = emb.signer_info["signature_algorithm"]["algorithm"].native
        facts.signer = CertFacts.of(emb.signer_cert)
        facts.chain = [CertFacts.of(c) for c in emb.other_embedded_certs]
    except Exception as exc:  # noqa: BLE001 - a damaged signature is a fact, not a crash
        facts.error = said(exc)[:300]
        return facts
    if facts.kind == "timestamp":
        facts.timestamp_time = _tst_time(emb.signed_data)
        return facts
    signed_time = extract_self_reported_ts(emb.signer_info)
    if signed_time is not None:
        facts.claimed_time, facts.claimed_time_source = signed_time, "signingTime"
    else:
        try:
            facts.claimed_time = emb.self_reported_timestamp
            facts.claimed_time_source = "/M" if facts.claimed_time else None
        except Exception:  # noqa: BLE001 - a malformed /M date is simply no claim
            pass
    for tst in extract_tst_data_iter(emb.signer_info, signed=False):
        facts.timestamp_time = _tst_time(tst)
        break
    return facts


def _tst_time(signed_data) -> datetime | None:
    try:
        return signed_data["encap_content_info"]["content"].parsed["gen_time"].native
    except Exception:  # noqa: BLE001
        return None


def _removed(reader, current: set[str]) -> list[dict]:
    """Signatures an earlier revision had and the latest one no longer has."""
    out: dict[str, int] = {}
    for rev in range(reader.xrefs.total_revisions - 1):
        try:
            names = _signed_field_names(reader.get_historical_resolver(rev))
        except Exception:  # noqa: BLE001 - a broken old revision cannot tell us anything
            continue
        for fq in names:
            if fq not in current and fq not in out:
                out[fq] = rev + 1
    return [{"field": f, "revision": r} for f, r in out.items()]


def _signed_field_names(handler) -> list[str]:
    """Names of the signature fields that have a value, without resolving the values:
    pyHanko's enumerate_sig_fields reads each signature's large /Contents string, which
    costs milliseconds per old revision."""
    try:
        fields = handler.root["/AcroForm"]["/Fields"]
    except KeyError:
        return []
    out, stack, seen = [], [(f, "", None) for f in fields], set()
    while stack:
        fld, parent, inherited_ft = stack.pop()
        fld = fld.get_object()
        if id(fld) in seen or not hasattr(fld, "raw_get"):
            continue
        seen.add(id(fld))
        name = str(fld["/T"]) if "/T" in fld else None
        fq = f"{parent}.{name}" if parent and name else (name or parent)
        ft = fld.get("/FT", inherited_ft)
        if ft == "/Sig" and "/V" in fld and fq:
            out.append(fq)
        for kid in fld.get("/Kids", []):
            stack.append((kid, fq or "", ft))
    return out


def _read_dss(reader, signed: SignedPdf) -> None:
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return
    except Exception as exc:  # noqa: BLE001 - an unreadable DSS is no validation data
        signed.dss = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        return
    from asn1crypto import crl as a_crl
    from asn1crypto import ocsp as a_ocsp
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    signed.dss_certs = list(dss.load_certs())
    signed.dss_crls = [a_crl.CertificateList.load(r.get_object().read_data(DecodePurpose.CRL))
                       for r in dss.crls]
    signed.dss_ocsps = [a_ocsp.OCSPResponse.load(r.get_object().read_data(DecodePurpose.OCSP_RESPONSE))
                        for r in dss.ocsps]
    signed.dss = {"certs": len(signed.dss_certs), "crls": len(signed.dss_crls), "ocsps": len(signed.dss_ocsps)}
