"""A test PKI made by code, and PDFs signed and tampered with it. TEST ONLY.

Nothing here may ever be trusted in production: the keys are generated in the test run
(or, for the samples, committed under samples/pki/private/ on purpose).

    pki = TestPKI.generate()                  # root -> intermediate -> signers, rogue root, TSA
    signed = pki.sign_pdf(make_pdf(), signer="expired", when=SIGNED_AT)
    crl = pki.crl()                           # DER CRL of the intermediate listing the revoked signers

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

    def signer(self, profile: str = "valid", org: str | None = None, cn: str | None = None) -> Issued:
        """The certificate of a signer profile (see PROFILES), issued once and cached."""
        spec = PROFILES[profile]
        org = org or spec.get("org") or DEFAULT_ORG
        key_id = (profile, org, cn)
        if key_id in self._issued:
            return self._issued[key_id]
        issuer = self.rogue_intermediate if spec.get("issuer") == "rogue" else self.intermediate
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
                 password: str | None = None, reproducible: bool = False) -> bytes:
        """Sign `data` (PAdES B-B, or B-T when `timestamp_at` is given) as an incremental update.
        `when` is the signing time the signer claims (default SIGNED_AT); `cn` names a person
        (a personal certificate) instead of the agency. `reproducible`: the new revision's file
        ID comes from the input instead of random bytes, so the same input signs to the same file."""
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import fields, signers
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        who = self.signer(signer, org, cn)
        chain = self.chain(signer)
        md = "sha1" if PROFILES[signer].get("hash") == "sha1" else "sha256"
        simple = signers.SimpleSigner(signing_cert=who.asn1, signing_key=who.asn1_key,
                                      cert_registry=SimpleCertificateStore.from_certs([c.asn1 for c in chain]))
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=not lenient)
        if password is not None:          # an encrypted input: authenticate to update it
            writer.encrypt(password)
        if reproducible:
            _reproducible(writer, data)
        if field_name is None:
            field_name = f"Signature{len(list(fields.enumerate_sig_fields(writer.prev))) + 1}"
        meta = signers.PdfSignatureMetadata(field_name=field_name, md_algorithm=md,
                                            subfilter=fields.SigSeedSubFilter.PADES)
        stamper = self.timestamper(timestamp_at, tsa) if timestamp_at is not None else None
        pdf_signer = _TimedPdfSigner(meta, simple, timestamper=stamper, when=when or SIGNED_AT)
        return pdf_signer.sign_pdf(writer).getvalue()

    def timestamper(self, at: datetime, profile: str = "tsa"):
        """An in-process RFC 3161 time-stamping authority answering with time `at`."""
        from pyhanko.sign import timestamps
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        tsa = self.signer(profile)
        return timestamps.DummyTimeStamper(
            tsa_cert=tsa.asn1, tsa_key=tsa.asn1_key, fixed_dt=at,
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

    return TimedPdfSigner


def _TimedPdfSigner(*args, **kwargs):
    return _timed_signer_class()(*args, **kwargs)


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
