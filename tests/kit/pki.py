"""A test PKI made by code, and PDFs signed and tampered with it. TEST ONLY.

Nothing here may ever be trusted in production: the keys are generated in the test run
(or, for the samples, committed under samples/pki/private/ on purpose).

    pki = TestPKI.generate()                  # root -> intermediate -> signers, rogue root, TSA
    signed = pki.sign_pdf(make_pdf(), signer="expired", when=SIGNED_AT)
    stamped = pki.sign_pdf(make_pdf(), timestamp_at=SIGNED_AT)   # PAdES B-T: a proof of existence
    crl = pki.crl()                           # DER CRL of the intermediate listing the revoked signers

Validation happens at VALIDATED_AT in the tests (never "now", so no test changes verdict
when a test certificate expires). The attacks of the tamper suite (tests/test_signatures.py)
are the functions under "tampering": each takes the bytes of a signed PDF and returns the
attacked bytes, as an attacker with a text editor or a PDF library would make them.

The dossier sample generator signs with the committed sample PKI:

    from tests.kit.pki import sign_pdf
    signed = sign_pdf(pdf_bytes, signer="valid", org="UBND xã Phước Dinh", when=datetime(...))

Used by the tests, bench/signatures_bench.py and samples/pki/make_test_pki.py.
"""
from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from asn1crypto import keys as a_keys
from asn1crypto import x509 as a_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VN = timezone(timedelta(hours=7))
SIGNED_AT = datetime(2024, 6, 3, 9, 30, tzinfo=VN)          # default signing time of the tests
REVOKED_AT = datetime(2024, 3, 1, tzinfo=VN)                # "revoked": before SIGNED_AT
REVOKED_LATER_AT = datetime(2024, 9, 1, tzinfo=VN)          # "revoked_later": after SIGNED_AT
VALIDATED_AT = datetime(2024, 10, 15, 12, 0, tzinfo=VN)     # the tests' validation time (after both revocations)
DEFAULT_ORG = "Ủy ban nhân dân tỉnh Ninh Thuận"
CRL_URL = "http://crl.tthc-check.invalid/test-intermediate.crl"   # .invalid: never resolves
OCSP_URL = "http://ocsp.tthc-check.invalid/"
SAMPLES_PKI = Path(__file__).resolve().parents[2] / "samples" / "pki"


def _d(y, m, d):
    return datetime(y, m, d, tzinfo=timezone.utc)


# Signer profiles: what each test certificate is meant to exercise.
PROFILES: dict[str, dict] = {
    "valid":         {"validity": (_d(2024, 1, 1), _d(2027, 1, 1))},
    "expired":       {"validity": (_d(2020, 1, 1), _d(2022, 1, 1))},
    "not_yet_valid": {"validity": (_d(2030, 1, 1), _d(2032, 1, 1))},
    "revoked":       {"validity": (_d(2024, 1, 1), _d(2027, 1, 1)), "revoked_at": REVOKED_AT},
    "revoked_later": {"validity": (_d(2024, 1, 1), _d(2027, 1, 1)), "revoked_at": REVOKED_LATER_AT},
    "no_signing_usage": {"validity": (_d(2024, 1, 1), _d(2027, 1, 1)), "key_usage": "encipherment",
                         "eku": [ExtendedKeyUsageOID.SERVER_AUTH]},
    "sha1":          {"validity": (_d(2024, 1, 1), _d(2027, 1, 1)), "hash": "sha1"},
    "rsa1024":       {"validity": (_d(2024, 1, 1), _d(2027, 1, 1)), "key": "rsa1024"},
    "other_org":     {"validity": (_d(2024, 1, 1), _d(2027, 1, 1)), "org": "Sở Tài chính tỉnh Bình Thuận"},
    "untrusted":     {"validity": (_d(2024, 1, 1), _d(2027, 1, 1)), "issuer": "rogue"},
    # Issued by an impostor root and intermediate that carry the trusted ones' exact names.
    "impostor":      {"validity": (_d(2024, 1, 1), _d(2027, 1, 1)), "issuer": "impostor"},
    "tsa":           {"validity": (_d(2020, 1, 1), _d(2035, 1, 1)), "key_usage": "tsa",
                      "eku": [ExtendedKeyUsageOID.TIME_STAMPING]},
    "rogue_tsa":     {"validity": (_d(2020, 1, 1), _d(2035, 1, 1)), "key_usage": "tsa",
                      "eku": [ExtendedKeyUsageOID.TIME_STAMPING], "issuer": "rogue"},
}


@dataclass
class Issued:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def asn1(self) -> a_x509.Certificate:
        return a_x509.Certificate.load(self.cert.public_bytes(serialization.Encoding.DER))

    @property
    def asn1_key(self) -> a_keys.PrivateKeyInfo:
        return a_keys.PrivateKeyInfo.load(self.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(cn: str, org: str | None = None, ou: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    if ou:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def _ca(subject: x509.Name, key, issuer: Issued | None, validity, path_len: int | None) -> Issued:
    b = (x509.CertificateBuilder().subject_name(subject)
         .issuer_name(issuer.cert.subject if issuer else subject)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(validity[0]).not_valid_after(validity[1])
         .add_extension(x509.BasicConstraints(ca=True, path_length=path_len), critical=True)
         .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                      key_encipherment=False, data_encipherment=False,
                                      key_agreement=False, key_cert_sign=True, crl_sign=True,
                                      encipher_only=False, decipher_only=False), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer:
        b = b.add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                            critical=False)
    return Issued(b.sign((issuer.key if issuer else key), hashes.SHA256()), key)


def _key_usage(kind: str) -> x509.KeyUsage:
    sign = kind in ("signing", "tsa")
    return x509.KeyUsage(digital_signature=sign, content_commitment=kind == "signing",
                         key_encipherment=kind == "encipherment", data_encipherment=False,
                         key_agreement=False, key_cert_sign=False, crl_sign=False,
                         encipher_only=False, decipher_only=False)


def _resign_sha1(cert: x509.Certificate, issuer_key) -> x509.Certificate:
    """cryptography no longer signs certificates with SHA-1; real old certificates exist,
    so re-sign the to-be-signed part by hand (asn1crypto) with sha1WithRSAEncryption."""
    from asn1crypto import algos
    from cryptography.hazmat.primitives.asymmetric import padding

    c = a_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = c["tbs_certificate"]
    tbs["signature"] = algos.SignedDigestAlgorithm({"algorithm": "sha1_rsa"})
    sig = issuer_key.sign(tbs.dump(force=True), padding.PKCS1v15(), hashes.SHA1())
    out = a_x509.Certificate({"tbs_certificate": tbs,
                              "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha1_rsa"}),
                              "signature_value": sig})
    return x509.load_der_x509_certificate(out.dump())


def _new_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


@dataclass
class TestPKI:
    """Root CA -> intermediate CA -> signer certificates by profile; a rogue root with its
    own intermediate (for "untrusted"). Signer certificates share one RSA-2048 key (except
    rsa1024) so building the PKI stays fast; they are distinct certificates all the same."""
    __test__ = False        # not a pytest test class

    root: Issued
    intermediate: Issued
    rogue_root: Issued
    rogue_intermediate: Issued
    signer_key: rsa.RSAPrivateKey
    small_key: rsa.RSAPrivateKey
    _issued: dict = field(default_factory=dict)
    _impostors: tuple | None = None

    @classmethod
    def generate(cls, label: str = "TEST ONLY") -> "TestPKI":
        validity = (_d(2020, 1, 1), _d(2045, 1, 1))
        root_key, inter_key, rogue_key = _new_key(), _new_key(), _new_key()
        root = _ca(_name(f"tthc-check {label} Root CA (KHÔNG DÙNG THẬT)", "tthc-check test PKI"),
                   root_key, None, validity, None)
        inter = _ca(_name(f"tthc-check {label} Intermediate CA", "tthc-check test PKI"),
                    inter_key, root, validity, 0)
        rogue = _ca(_name("Rogue Root CA (untrusted, TEST ONLY)", "Nobody"), rogue_key, None, validity, None)
        rogue_inter = _ca(_name("Rogue Intermediate CA (TEST ONLY)", "Nobody"), rogue_key, rogue, validity, 0)
        return cls(root, inter, rogue, rogue_inter, _new_key(), _new_key(1024))

    # ------------------------------------------------------------------ certificates

    def impostors(self) -> tuple[Issued, Issued]:
        """A root and an intermediate with the trusted root's and intermediate's exact subject
        names (and the same key identifiers' shape) but keys of their own: made on first use."""
        if self._impostors is None:
            validity = (_d(2020, 1, 1), _d(2045, 1, 1))
            key = _new_key()
            root = _ca(self.root.cert.subject, key, None, validity, None)
            inter = _ca(self.intermediate.cert.subject, key, root, validity, 0)
            self._impostors = (root, inter)
        return self._impostors

    def _issuer(self, profile: str) -> Issued:
        kind = PROFILES[profile].get("issuer")
        if kind == "rogue":
            return self.rogue_intermediate
        if kind == "impostor":
            return self.impostors()[1]
        return self.intermediate

    def signer(self, profile: str = "valid", org: str | None = None, cn: str | None = None) -> Issued:
        """The certificate of a signer profile (see PROFILES), issued once and cached."""
        spec = PROFILES[profile]
        org = org or spec.get("org") or DEFAULT_ORG
        key_id = (profile, org, cn)
        if key_id in self._issued:
            return self._issued[key_id]
        issuer = self._issuer(profile)
        key = self.small_key if spec.get("key") == "rsa1024" else self.signer_key
        usage = spec.get("key_usage", "signing")
        is_tsa = usage == "tsa"
        name = _name(cn or ("TSA TEST ONLY" if is_tsa else org), org, None if is_tsa else "Văn thư")
        # A serial derived from what the certificate is for (unique under its issuer): the same
        # profile gives the same certificate in every run, so signed samples are reproducible.
        serial = int.from_bytes(hashlib.sha256(repr((key_id, issuer.cert.subject.rfc4514_string())).encode())
                                .digest()[:16], "big") >> 1 | 1
        b = (x509.CertificateBuilder().subject_name(name).issuer_name(issuer.cert.subject)
             .public_key(key.public_key()).serial_number(serial)
             .not_valid_before(spec["validity"][0]).not_valid_after(spec["validity"][1])
             .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
             .add_extension(_key_usage(usage), critical=True)
             .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
                            critical=False)
             .add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                 full_name=[x509.UniformResourceIdentifier(CRL_URL)], relative_name=None,
                 reasons=None, crl_issuer=None)]), critical=False)
             .add_extension(x509.AuthorityInformationAccess([x509.AccessDescription(
                 x509.oid.AuthorityInformationAccessOID.OCSP,
                 x509.UniformResourceIdentifier(OCSP_URL))]), critical=False))
        if spec.get("eku"):
            b = b.add_extension(x509.ExtendedKeyUsage(spec["eku"]), critical=is_tsa)
        cert = b.sign(issuer.key, hashes.SHA256())
        if spec.get("hash") == "sha1":
            cert = _resign_sha1(cert, issuer.key)
        issued = Issued(cert, key)
        self._issued[key_id] = issued
        return issued

    def chain(self, profile: str) -> list[Issued]:
        """The CA certificates a signer embeds (intermediate and root, as signing tools do)."""
        if PROFILES[profile].get("issuer") == "rogue":
            return [self.rogue_intermediate, self.rogue_root]
        if PROFILES[profile].get("issuer") == "impostor":
            return list(reversed(self.impostors()))
        return [self.intermediate, self.root]

    def crl(self, this_update: datetime | None = None, next_update: datetime | None = None) -> bytes:
        """DER CRL of the intermediate CA listing every certificate issued so far under a
        revoked profile (the default "revoked" and "revoked_later" ones at least)."""
        self.signer("revoked"), self.signer("revoked_later")
        this_update = this_update or _d(2024, 10, 1)
        next_update = next_update or this_update + timedelta(days=3650)
        b = (x509.CertificateRevocationListBuilder().issuer_name(self.intermediate.cert.subject)
             .last_update(this_update).next_update(next_update)
             .add_extension(x509.CRLNumber(1), critical=False)
             .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                 self.intermediate.key.public_key()), critical=False))
        for (profile, _org, _cn), issued in self._issued.items():
            revoked_at = PROFILES[profile].get("revoked_at")
            if revoked_at is None:
                continue
            b = b.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(issued.cert.serial_number)
                .revocation_date(revoked_at)
                .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
                .build())
        return b.sign(self.intermediate.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    # ------------------------------------------------------------------ signing

    def sign_pdf(self, data: bytes, signer: str = "valid", *, org: str | None = None, cn: str | None = None,
                 when: datetime | None = None, field_name: str | None = None,
                 timestamp_at: datetime | None = None, tsa: str = "tsa", lenient: bool = False,
                 password: str | None = None, reproducible: bool = False, certify: int | None = None,
                 wrong_key: bool = False, appearance: tuple | None = None) -> bytes:
        """Sign `data` (PAdES B-B, or B-T when `timestamp_at` is given) as an incremental update.
        `when` is the signing time the signer claims (default SIGNED_AT); `cn` names a person
        (a personal certificate) instead of the agency. `reproducible`: the new revision's file
        ID comes from the input instead of random bytes, so the same input signs to the same file.
        `certify`: a certification signature with DocMDP level 1 (no changes) or 2 (form filling
        and signing). `wrong_key`: the signature value is made with another key than the
        certificate's. `appearance`: (page index, (x0, y0, x1, y1)) of a visible signature."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        who = self.signer(signer, org, cn)
        chain = self.chain(signer)
        md = "sha1" if PROFILES[signer].get("hash") == "sha1" else "sha256"
        key = Issued(who.cert, _new_key()).asn1_key if wrong_key else who.asn1_key
        simple = signers.SimpleSigner(signing_cert=who.asn1, signing_key=key,
                                      cert_registry=SimpleCertificateStore.from_certs([c.asn1 for c in chain]))
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=not lenient)
        if password is not None:          # an encrypted input: authenticate to update it
            writer.encrypt(password)
        if reproducible:
            _reproducible(writer, data)
        if field_name is None:
            field_name = f"Signature{len(list(fields.enumerate_sig_fields(writer.prev))) + 1}"
        extra = {}
        if certify is not None:
            extra = {"certify": True, "docmdp_permissions": fields.MDPPerm(certify)}
        meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm=md,
                                            subfilter=fields.SigSeedSubFilter.PADES, **extra)
        stamper = self.timestamper(timestamp_at, tsa) if timestamp_at is not None else None
        new_field = None
        if appearance is not None:
            page, box = appearance
            new_field = fields.SigFieldSpec(sig_field_name=field_name, on_page=page, box=box)
        pdf_signer = _TimedPdfSigner(meta, simple, timestamper=stamper, when=when or SIGNED_AT,
                                     new_field_spec=new_field)
        return pdf_signer.sign_pdf(writer).getvalue()

    def timestamper(self, at: datetime, profile: str = "tsa"):
        """An in-process RFC 3161 time-stamping authority answering with time `at`."""
        from pyhanko.sign import timestamps
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        tsa = self.signer(profile)
        return _stamper_class()(
            tsa_cert=tsa.asn1, tsa_key=tsa.asn1_key, fixed_dt=at, include_nonce=False,
            certs_to_embed=SimpleCertificateStore.from_certs([self.chain(profile)[0].asn1]))

    def add_document_timestamp(self, data: bytes, at: datetime) -> bytes:
        """Append a document timestamp (/DocTimeStamp) as an incremental update."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers

        w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        out = signers.PdfTimeStamper(self.timestamper(at), field_name="DocTimeStamp1").timestamp_pdf(
            w, md_algorithm="sha256")
        return out.getvalue()

    # ------------------------------------------------------------------ persistence (samples)

    def save(self, folder: Path) -> None:
        """Write the sample PKI: the root certificate at the top (the trust store), everything
        else (intermediate, rogue root, private keys) under private/, all marked TEST ONLY."""
        folder.mkdir(parents=True, exist_ok=True)
        private = folder / "private"
        private.mkdir(exist_ok=True)
        (folder / "tthc-test-root-ca.TEST-ONLY.pem").write_bytes(self.root.pem())
        for name, issued in (("intermediate", self.intermediate), ("rogue-root", self.rogue_root),
                             ("rogue-intermediate", self.rogue_intermediate)):
            (private / f"{name}.TEST-ONLY.pem").write_bytes(issued.pem())
        keys = {"root": self.root.key, "intermediate": self.intermediate.key,
                "rogue-root": self.rogue_root.key, "signer": self.signer_key, "signer-rsa1024": self.small_key}
        for name, key in keys.items():
            (private / f"{name}.TEST-ONLY.key.pem").write_bytes(key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))

    @classmethod
    def load(cls, folder: Path = SAMPLES_PKI) -> "TestPKI":
        private = folder / "private"

        def cert(path: Path) -> x509.Certificate:
            return x509.load_pem_x509_certificate(path.read_bytes())

        def key(name: str):
            return serialization.load_pem_private_key((private / f"{name}.TEST-ONLY.key.pem").read_bytes(), None)

        return cls(root=Issued(cert(folder / "tthc-test-root-ca.TEST-ONLY.pem"), key("root")),
                   intermediate=Issued(cert(private / "intermediate.TEST-ONLY.pem"), key("intermediate")),
                   rogue_root=Issued(cert(private / "rogue-root.TEST-ONLY.pem"), key("rogue-root")),
                   rogue_intermediate=Issued(cert(private / "rogue-intermediate.TEST-ONLY.pem"), key("rogue-root")),
                   signer_key=key("signer"), small_key=key("signer-rsa1024"))


def _timed_signer_class():
    from pyhanko.sign import signers

    class TimedPdfSigner(signers.PdfSigner):
        """pyHanko signs at 'now'; the tests need a chosen signing time (the claimed
        signingTime attribute and /M both come from the session's system_time)."""

        def __init__(self, *args, when: datetime, **kwargs):
            super().__init__(*args, **kwargs)
            self._when = when

        def init_signing_session(self, pdf_out, existing_fields_only=False):
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = self._when
            return session

        def _enforce_certification_constraints(self, reader):
            """pyHanko refuses to sign over a DocMDP level 1 certification; an attacker's
            tool does not, and the tamper suite needs that file."""

    return TimedPdfSigner


def _TimedPdfSigner(*args, **kwargs):
    return _timed_signer_class()(*args, **kwargs)


@lru_cache(maxsize=1)
def _stamper_class():
    from asn1crypto import tsp
    from pyhanko.sign import timestamps

    class ReproducibleTimeStamper(timestamps.DummyTimeStamper):
        """pyHanko's test TSA numbers tokens at random; this one derives the serial number
        from what is stamped, so the same input stamps to the same token (committed samples)."""

        def _build_tst_info(self, message_imprint, dt, req):
            info = super()._build_tst_info(message_imprint, dt, req)
            serial = int.from_bytes(hashlib.sha256(message_imprint.dump()).digest()[:8], "big") | 1
            return tsp.TSTInfo({**{k: info[k] for k in ("version", "policy", "message_imprint", "gen_time", "tsa")},
                                "serial_number": serial})

    return ReproducibleTimeStamper


@lru_cache(maxsize=1)
def sample_pki() -> TestPKI:
    return TestPKI.load(SAMPLES_PKI)


def sign_pdf(input_bytes: bytes, signer: str = "valid", org: str | None = None,
             when: datetime | None = None, **kwargs) -> bytes:
    """Sign with the committed sample PKI (samples/pki), whose root `tthc signatures
    --trust-roots samples/pki` trusts. For sample dossiers and demos only."""
    return sample_pki().sign_pdf(input_bytes, signer, org=org, when=when, **kwargs)


# --------------------------------------------------------------------------- documents

_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def make_pdf(pages: int = 1, text: str = "ỦY BAN NHÂN DÂN TỈNH NINH THUẬN",
             body: str = "Giấy chứng nhận đăng ký hộ kinh doanh số 58A8001234") -> bytes:
    """A small text PDF with Vietnamese text (reportlab, DejaVu when installed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    font = "Helvetica"
    if Path(_FONT).exists():
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVu", _FONT))
        font = "DejaVu"
    for n in range(1, pages + 1):
        c.setFont(font, 13)
        c.drawString(72, 770, text)
        c.drawString(72, 740, f"{body} — trang {n}/{pages}")
        for i in range(20):
            c.drawString(72, 700 - 24 * i, f"Dòng {i + 1}: nội dung kết quả giải quyết thủ tục hành chính.")
        c.showPage()
    c.save()
    return buf.getvalue()


def make_pillow_pdf() -> bytes:
    """An image-only PDF as Pillow writes it (pyHanko's strict reader rejects these)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(img).text((20, 80), "KET QUA SO HOA", fill="black")
    buf = io.BytesIO()
    img.save(buf, "PDF", resolution=100)
    return buf.getvalue()


# --------------------------------------------------------------------------- tampering

def flip_signed_byte(data: bytes) -> bytes:
    """Change one letter inside the first signed byte range (the /Producer string), so the
    file still parses but no longer matches its digest."""
    at = data.index(b"/Producer (") + len(b"/Producer (") + 2
    out = bytearray(data)
    out[at] = ord("X") if out[at] != ord("X") else ord("Y")
    return bytes(out)


def _incremental(data: bytes, reproducible: bool = False):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if reproducible:
        _reproducible(w, data)
    return w


def _reproducible(writer, data: bytes) -> None:
    """pyHanko gives a new revision os.urandom(16) as its second file ID and stamps /ModDate
    with the clock: derive the one from the input and leave the metadata alone, so the same
    input gives the same file (committed samples)."""
    from pyhanko.pdf_utils import generic
    first = writer._document_id[0]
    writer._document_id = generic.ArrayObject([first, generic.ByteStringObject(hashlib.sha256(data).digest()[:16])])
    writer._update_meta = lambda: None


def _finish(writer) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def change_page_text(data: bytes, text: str = "SỐ 999/GCN — ĐÃ SỬA", reproducible: bool = False) -> bytes:
    """Incremental update that draws new text on page 1 with the page's own font."""
    from pyhanko.pdf_utils import generic

    w = _incremental(data, reproducible)
    page = w.root["/Pages"]["/Kids"][0].get_object()
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    font = next(iter(page["/Resources"]["/Font"].keys()))
    stream = w.add_object(generic.StreamObject(
        stream_data=f"BT {font} 20 Tf 72 600 Td (TAMPERED {text.encode('ascii', 'replace').decode()}) Tj ET".encode()))
    old = page.raw_get("/Contents")
    contents = generic.ArrayObject(list(old) if isinstance(old, generic.ArrayObject) else [old])
    contents.append(stream)
    page["/Contents"] = contents
    w.mark_update(page_ref)
    return _finish(w)


def add_page(data: bytes) -> bytes:
    """Incremental update that appends a blank page with a line of text."""
    from pyhanko.pdf_utils import generic

    w = _incremental(data)
    content = w.add_object(generic.StreamObject(stream_data=b"0 0 1 rg 72 700 200 50 re f"))
    page = generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Page"),
        generic.pdf_name("/MediaBox"): generic.ArrayObject(map(generic.NumberObject, (0, 0, 595, 842))),
        generic.pdf_name("/Resources"): generic.DictionaryObject(),
        generic.pdf_name("/Contents"): content,
    })
    w.insert_page(page)
    return _finish(w)


def add_annotation(data: bytes, text: str = "Đã xem") -> bytes:
    """Incremental update that only adds a comment (a /Text annotation) to page 1."""
    from pyhanko.pdf_utils import generic

    w = _incremental(data)
    annot = w.add_object(generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
        generic.pdf_name("/Rect"): generic.ArrayObject(map(generic.NumberObject, (400, 700, 420, 720))),
        generic.pdf_name("/Contents"): generic.TextStringObject(text),
    }))
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    w.register_annotation(page_ref, annot)
    return _finish(w)


def add_dss(data: bytes, crls: list[bytes] = (), certs: list = ()) -> bytes:
    """Incremental update that embeds validation data (a DSS with CRLs / certificates)."""
    from asn1crypto import crl as a_crl
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    buf = io.BytesIO(data)
    DocumentSecurityStore.add_dss(buf, None, crls=[a_crl.CertificateList.load(c) for c in crls],
                                  certs=list(certs), strict=False, force_write=True)
    return buf.getvalue()


def encrypt(data: bytes, user_password: str = "", owner_password: str = "owner") -> bytes:
    """The document re-written with AES-256 encryption."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    w = copy_into_new_writer(PdfFileReader(io.BytesIO(data), strict=False))
    w.encrypt(owner_password, user_password)
    return _finish(w)


def flip_signature_value(data: bytes) -> bytes:
    """Change a hex digit near the end of the first /Contents (inside the signature value,
    outside the signed byte range): the document bytes still match, the signature does not."""
    start = data.index(b"/Contents <") + len(b"/Contents <")
    end = data.index(b">", start)
    # The signature value sits at the end of the CMS, before the zero padding.
    body = data[start:end].rstrip(b"0")
    at = start + len(body) - 8
    out = bytearray(data)
    out[at] = ord("1") if out[at] != ord("1") else ord("2")
    return bytes(out)


def remove_signature_value(data: bytes) -> bytes:
    """Incremental update that deletes the /V (signature dictionary) of every signature field."""
    w = _incremental(data)
    fields = w.root["/AcroForm"]["/Fields"]
    for i in range(len(fields)):
        ref = fields.raw_get(i)
        fld = ref.get_object()
        if fld.get("/FT") == "/Sig" and "/V" in fld:
            del fld["/V"]
            w.mark_update(ref)
    return _finish(w)


def rewrite_without_signature(data: bytes) -> bytes:
    """The document copied into a brand-new file (no incremental history) with the
    signature value dropped: the way a converter or "print to PDF" loses a signature."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    w = copy_into_new_writer(PdfFileReader(io.BytesIO(data), strict=False))
    for fld in w.root["/AcroForm"]["/Fields"]:
        fld = fld.get_object()
        if "/V" in fld:
            del fld["/V"]
    return _finish(w)


# --------------------------------------------------------------------------- attacks on what a reader sees

def _n(*values) -> "ArrayObject":
    from pyhanko.pdf_utils import generic
    return generic.ArrayObject([generic.NumberObject(v) if isinstance(v, int) else generic.FloatObject(v)
                                for v in values])


def _appearance(w, width: int, height: int, text: str, background: bool = True):
    """A form XObject painting `text` (on white paper when `background`) in a width x height box."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    font = generic.DictionaryObject({pdf_name("/Type"): pdf_name("/Font"), pdf_name("/Subtype"): pdf_name("/Type1"),
                                     pdf_name("/BaseFont"): pdf_name("/Helvetica")})
    paper = f"1 1 1 rg 0 0 {width} {height} re f " if background else ""
    ops = f"{paper}0 0 0 rg BT /F1 16 Tf 4 {height // 3} Td ({_ascii(text)}) Tj ET"
    return w.add_object(generic.StreamObject({
        pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
        pdf_name("/BBox"): _n(0, 0, width, height),
        pdf_name("/Resources"): generic.DictionaryObject({pdf_name("/Font"): generic.DictionaryObject(
            {pdf_name("/F1"): font})})}, stream_data=ops.encode()))


def _ascii(text: str) -> str:
    import unicodedata
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


# Where the tests' documents print the amount a forger wants to change (make_pdf's second line).
AMOUNT_BOX = (72, 730, 420, 760)


def overlay_annotation(data: bytes, text: str = "SO TIEN: 999.000.000", box=AMOUNT_BOX) -> bytes:
    """Incremental update adding a FreeText annotation whose appearance paints white paper
    and a forged amount over the signed text (the "evil annotation" overlay)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    w = _incremental(data)
    ap = _appearance(w, box[2] - box[0], box[3] - box[1], text)
    annot = w.add_object(generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/FreeText"),
        pdf_name("/Rect"): _n(*box), pdf_name("/F"): generic.NumberObject(4),
        pdf_name("/DA"): generic.TextStringObject("/Helv 16 Tf 0 g"),
        pdf_name("/Contents"): generic.TextStringObject(text),
        pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): ap})}))
    w.register_annotation(w.root["/Pages"]["/Kids"].raw_get(0), annot)
    return _finish(w)


def add_empty_signature_field(data: bytes, name: str = "Signature9", text: str | None = "SO TIEN: 999.000.000",
                              box=AMOUNT_BOX, hidden: bool = False) -> bytes:
    """Incremental update adding a new, empty signature field. With `text`, its widget's
    appearance paints white paper and that text over the signed page (the overlay of the
    hostile trial); without, the field is invisible (a zero rectangle), as signing tools
    prepare a field for the next signer."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    w = _incremental(data)
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    spec = {pdf_name("/FT"): pdf_name("/Sig"), pdf_name("/T"): generic.TextStringObject(name),
            pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/F"): generic.NumberObject(4 | (2 if hidden else 0)), pdf_name("/P"): page_ref,
            pdf_name("/Rect"): _n(*box) if text else _n(0, 0, 0, 0)}
    if text:
        spec[pdf_name("/AP")] = generic.DictionaryObject({pdf_name("/N"): _appearance(
            w, box[2] - box[0], box[3] - box[1], text)})
    fld = w.add_object(generic.DictionaryObject(spec))
    form = w.root["/AcroForm"]
    form["/Fields"].append(fld)
    w.update_container(form["/Fields"])
    w.register_annotation(page_ref, fld)
    return _finish(w)


def make_form_pdf(value: str = "1.000.000") -> bytes:
    """make_pdf() with a text form field 'SoTien' holding `value` (with its appearance):
    the kind of signed form whose value an attacker would fill in again."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    w = copy_into_new_writer(PdfFileReader(io.BytesIO(make_pdf()), strict=False))
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    box = (72, 620, 372, 650)
    fld = w.add_object(generic.DictionaryObject({
        pdf_name("/FT"): pdf_name("/Tx"), pdf_name("/T"): generic.TextStringObject("SoTien"),
        pdf_name("/V"): generic.TextStringObject(value), pdf_name("/DA"): generic.TextStringObject("/Helv 16 Tf 0 g"),
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Widget"),
        pdf_name("/F"): generic.NumberObject(4), pdf_name("/P"): page_ref, pdf_name("/Rect"): _n(*box),
        pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): _appearance(w, 300, 30, f"SO TIEN: {value}")})}))
    w.root["/AcroForm"] = generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject([fld])})
    page = page_ref.get_object()
    page["/Annots"] = generic.ArrayObject([fld])
    return _finish(w)


def fill_form_field(data: bytes, value: str = "999.000.000", appearance_only: bool = False) -> bytes:
    """Incremental update of the 'SoTien' field of make_form_pdf: a new value and appearance,
    or (`appearance_only`) only a new appearance showing `value` while /V stays as signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    w = _incremental(data)
    fields = w.root["/AcroForm"]["/Fields"]
    for i in range(len(fields)):
        ref = fields.raw_get(i)
        fld = ref.get_object()
        if str(fld.get("/T")) != "SoTien":
            continue
        if not appearance_only:
            fld["/V"] = generic.TextStringObject(value)
        fld["/AP"] = generic.DictionaryObject({pdf_name("/N"): _appearance(w, 300, 30, f"SO TIEN: {value}")})
        w.mark_update(ref)
    return _finish(w)


def make_shadow_pdf() -> bytes:
    """A "shadow document" (Mainka et al., 2021) as an attacker prepares it for signing: page 1
    prints the forged amount, and an overlay form XObject (/Shadow) paints paper and the honest
    amount over it, so the signer sees the honest one; an unused content stream holds a whole
    forged page. The attacks below reveal or swap that prepared content after signing."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    w = copy_into_new_writer(PdfFileReader(io.BytesIO(make_pdf()), strict=False))
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    x0, y0, x1, y1 = (72, 600, 420, 640)
    overlay = _appearance(w, x1 - x0, y1 - y0, "SO TIEN: 1.000.000")
    font = generic.DictionaryObject({pdf_name("/Type"): pdf_name("/Font"), pdf_name("/Subtype"): pdf_name("/Type1"),
                                     pdf_name("/BaseFont"): pdf_name("/Helvetica")})
    forged = w.add_object(generic.StreamObject(
        stream_data=f"BT /FS 16 Tf {x0 + 4} {y0 + 13} Td (SO TIEN: 999.000.000) Tj ET "
                    f"q 1 0 0 1 {x0} {y0} cm /Shadow Do Q".encode()))
    whole = w.add_object(generic.StreamObject(
        stream_data=b"BT /FS 20 Tf 72 700 Td (GIAY CHUNG NHAN GIA: SO TIEN 999.000.000) Tj ET"))
    resources = page["/Resources"]
    resources["/XObject"] = generic.DictionaryObject({pdf_name("/Shadow"): overlay})
    fonts = resources["/Font"]
    fonts["/FS"] = w.add_object(font)
    old = page.raw_get("/Contents")
    page["/Contents"] = generic.ArrayObject([*(old if isinstance(old, generic.ArrayObject) else [old]), forged])
    page["/PieceInfo"] = generic.DictionaryObject({pdf_name("/Shadow"): generic.DictionaryObject(
        {pdf_name("/Private"): whole})})          # keeps the prepared page in the file, unused
    return _finish(w)


def _redefine(w, ref, obj) -> None:
    """Write `obj` under the object number of `ref` in the update (an object redefinition)."""
    w.objects[(ref.generation, ref.idnum)] = obj


def _shadow_objects(w):
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    page = page_ref.get_object()
    return page_ref, page, page["/Resources"]["/XObject"].raw_get("/Shadow"), \
        page["/PieceInfo"]["/Shadow"].raw_get("/Private")


def shadow_hide(data: bytes) -> bytes:
    """Shadow attack, hide: an update redefines the overlay XObject as empty (same object
    number), so the forged amount printed under it shows."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    w = _incremental(data)
    _, _, overlay_ref, _ = _shadow_objects(w)
    empty = generic.StreamObject({pdf_name("/Type"): pdf_name("/XObject"), pdf_name("/Subtype"): pdf_name("/Form"),
                                  pdf_name("/BBox"): _n(0, 0, 1, 1)}, stream_data=b"")
    _redefine(w, overlay_ref, empty)
    return _finish(w)


def shadow_replace(data: bytes, text: str = "SO TIEN: 5.000.000") -> bytes:
    """Shadow attack, replace: an update redefines the overlay XObject's content (same object
    number) to paint another amount."""
    from pyhanko.pdf_utils import generic

    w = _incremental(data)
    _, _, overlay_ref, _ = _shadow_objects(w)
    old = overlay_ref.get_object()
    head = {k: v for k, v in old.items() if k not in ("/Length", "/Filter", "/DecodeParms")}
    ops = f"1 1 1 rg 0 0 348 40 re f 0 0 0 rg BT /F1 16 Tf 4 13 Td ({_ascii(text)}) Tj ET".encode()
    _redefine(w, overlay_ref, generic.StreamObject(generic.DictionaryObject(head), stream_data=ops))
    return _finish(w)


def shadow_hide_and_replace(data: bytes) -> bytes:
    """Shadow attack, hide-and-replace: an update only points the page's /Contents at the
    forged page prepared (unused) before signing; no new content object is written."""
    w = _incremental(data)
    page_ref, page, _, whole_ref = _shadow_objects(w)
    page["/Contents"] = whole_ref
    w.mark_update(page_ref)
    return _finish(w)


def certify_then(data: bytes, pki: "TestPKI", level: int, **kw) -> bytes:
    """`data` certified (DocMDP level 1 or 2) with a timestamp: the document the P1/P2 cases start from."""
    return pki.sign_pdf(data, certify=level, timestamp_at=SIGNED_AT, field_name="Certification", **kw)


# --------------------------------------------------------------------------- attacks on the file structure

def update_without_eof(data: bytes) -> bytes:
    """change_page_text() with the update's final %%EOF cut off: strict readers stop at the
    signed revision, viewers (poppler) repair the file and show the change."""
    out = change_page_text(data)
    return out[:out.rfind(b"%%EOF")]


def update_with_broken_xref(data: bytes) -> bytes:
    """change_page_text() whose update points every new object at offset 1 in its xref table."""
    import re as _re
    out = change_page_text(data)
    head, upd = out[:len(data)], out[len(data):]
    return head + _re.sub(rb"\d{10} (\d{5}) n", lambda m: b"0000000001 " + m.group(1) + b" n", upd)


def update_with_missing_page_tree(data: bytes) -> bytes:
    """A well-formed incremental update whose new catalog points /Pages at an object that does
    not exist: validators read the revision, PDFium refuses to load the whole file (and says
    no reason), so a viewer no longer shows what was signed."""
    import re as _re
    root = _re.findall(rb"/Root (\d+) 0 R", data)[-1]
    catalog = list(_re.finditer(rb"\n" + root + rb" 0 obj\s*(<<.*?>>)\s*endobj", data, _re.S))[-1].group(1)
    body = b"\n" + root + b" 0 obj\n" + _re.sub(rb"/Pages \d+ 0 R", b"/Pages 999 0 R", catalog) + b"\nendobj\n"
    size = max(int(v) for v in _re.findall(rb"/Size (\d+)", data))
    prev = int(list(_re.finditer(rb"startxref\s+(\d+)", data))[-1].group(1))
    return data + body + (b"xref\n0 1\n0000000000 65535 f \n%s 1\n%010d 00000 n \ntrailer\n"
                          b"<< /Size %d /Root %s 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
                          % (root, len(data) + 1, size, root, prev, len(data) + len(body)))


def update_with_bad_startxref(data: bytes) -> bytes:
    """change_page_text() whose startxref points nowhere: no PDF library reads the update the
    normal way, poppler rebuilds the file from its objects and shows the change."""
    import re as _re
    out = change_page_text(data)
    head, upd = out[:len(data)], out[len(data):]
    m = list(_re.finditer(rb"startxref\s+(\d+)", upd))[-1]
    return head + upd[:m.start(1)] + b"12" + upd[m.end(1):]


def _byte_range(data: bytes) -> tuple[int, int, list[int]]:
    """Where the first /ByteRange array and the blank padding after it lie, and its values."""
    import re as _re
    m = _re.search(rb"/ByteRange\s*(\[[\d\s]+\] *)", data)
    return m.start(1), m.end(1), [int(x) for x in m.group(1).strip(b"[] ").split()]


def set_byte_range(data: bytes, values: list[int]) -> bytes:
    """The first signature's /ByteRange rewritten in place (its padding keeps offsets)."""
    start, end, _ = _byte_range(data)
    text = ("[" + " ".join(str(v) for v in values) + "]").encode()
    assert len(text) <= end - start
    return data[:start] + text.ljust(end - start) + data[end:]


def byte_range_outside(data: bytes) -> bytes:
    """The ByteRange claims a second part running past the end of the file."""
    _, _, (a, b, c, d) = _byte_range(data)
    return set_byte_range(data, [a, b, c, d + 4096])


def byte_range_short(data: bytes, cut: int = 200) -> bytes:
    """The ByteRange stops `cut` bytes before the end of the signed revision (its trailer is not signed)."""
    _, _, (a, b, c, d) = _byte_range(data)
    return set_byte_range(data, [a, b, c, d - cut])


def wrap_in_contents_gap(data: bytes) -> bytes:
    """Signature wrapping: PDF objects injected into the unsigned gap of /Contents (where the
    signature's zero padding was), with the hex string closed early and reopened after them."""
    _, _, (a, b, c, d) = _byte_range(data)
    gap = data[b:c]
    body = gap[1:-1].rstrip(b"0")
    body = body + b"0" * (len(body) % 2)
    payload = b"> 99 0 obj (SO TIEN: 999.000.000) endobj <"
    room = len(gap) - 2 - len(body)
    assert room > len(payload) + 2
    filler = b"0" * (room - len(payload))
    filler = filler[:len(filler) - len(filler) % 2]
    injected = b"<" + body + payload + filler
    injected = injected.ljust(len(gap) - 1, b"0") + b">"
    return data[:b] + injected + data[c:]


# --------------------------------------------------------------------------- universal signature forgery

USF_VARIANTS = {
    "no /Contents, no /ByteRange": {},
    "empty /Contents, zero /ByteRange": {"/Contents": b"", "/ByteRange": [0, 0, 0, 0]},
    "null /Contents and /ByteRange": {"/Contents": None, "/ByteRange": None},
    "all-zero /Contents": {"/Contents": bytes(4096), "/ByteRange": "auto"},
}


def forge_signature(data: bytes, variant: str) -> bytes:
    """Universal signature forgery (Mladenov et al., 2019): an update adds a signature field
    whose signature dictionary has no usable value (missing, empty, null or zero /Contents and
    /ByteRange), hoping a validator skips what it cannot read and calls the file signed."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    spec = USF_VARIANTS[variant]
    w = _incremental(data)
    sig = generic.DictionaryObject({pdf_name("/Type"): pdf_name("/Sig"), pdf_name("/Filter"): pdf_name("/Adobe.PPKLite"),
                                    pdf_name("/SubFilter"): pdf_name("/ETSI.CAdES.detached")})
    for key, value in spec.items():
        if value is None:
            sig[pdf_name(key)] = generic.NullObject()
        elif key == "/Contents":
            sig[pdf_name(key)] = generic.ByteStringObject(value)
        elif value == "auto":
            sig[pdf_name(key)] = _n(0, len(data) // 2, len(data) // 2 + 8194, len(data) // 4)
        else:
            sig[pdf_name(key)] = _n(*value)
    page_ref = w.root["/Pages"]["/Kids"].raw_get(0)
    fld = w.add_object(generic.DictionaryObject({
        pdf_name("/FT"): pdf_name("/Sig"), pdf_name("/T"): generic.TextStringObject("Forged"),
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Widget"),
        pdf_name("/F"): generic.NumberObject(132), pdf_name("/Rect"): _n(0, 0, 0, 0), pdf_name("/P"): page_ref,
        pdf_name("/V"): w.add_object(sig)}))
    if "/AcroForm" in w.root:
        form = w.root["/AcroForm"]
        form["/Fields"].append(fld)
        w.update_container(form["/Fields"])
    else:
        w.root["/AcroForm"] = generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject([fld]),
                                                        pdf_name("/SigFlags"): generic.NumberObject(3)})
        w.update_root()
    w.register_annotation(page_ref, fld)
    return _finish(w)

