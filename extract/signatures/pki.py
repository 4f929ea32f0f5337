"""Trust roots, revocation lists and records of existence given by the user, read once per
process.

Nothing is bundled and nothing is fetched: the trust store is exactly the certificates in
`--trust-roots` (a folder of .pem/.crt/.cer/.der files, or one such file), the CRLs are
exactly the `--crl` files, and the records of existence are exactly those of a records file:
a JSON list of {"sha256": <hex of the whole file>, "time": <ISO 8601>, "source": <label>},
what an archive or the receiving system trustworthily recorded when it received a file
(a proof of existence in the sense of ETSI EN 319 102-1). A file or folder that cannot be
read is a TrustStoreError, which the CLI turns into exit code 2 with a bilingual message.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from asn1crypto import crl as a_crl
from asn1crypto import pem
from asn1crypto import x509 as a_x509

from extract.library_errors import explain

CERT_EXTENSIONS = {".pem", ".crt", ".cer", ".der"}


class TrustStoreError(ValueError):
    """The trust roots or CRLs given cannot be used (message is Vietnamese / English)."""


def _unusable(vi: str, en: str, exc: BaseException) -> TrustStoreError:
    """'vi: why in Vietnamese / en: why in the library's words', from the translation table of
    library errors, so no English text of a library stands in the Vietnamese half."""
    why = explain(exc)
    return TrustStoreError(f"{vi}: {why.vi} / {en}: {why.en}")


@dataclass
class TrustStore:
    roots: list[a_x509.Certificate] = field(default_factory=list)
    crls: list[a_crl.CertificateList] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)      # files the roots came from
    skipped: list[str] = field(default_factory=list)      # files with no certificate (keys, notes)
    records: dict[str, tuple[datetime, str]] = field(default_factory=dict)   # sha256 -> (time, label)

    def describe(self) -> list[dict]:
        return [{"subject": c.subject.human_friendly, "sha256": c.sha256.hex()} for c in self.roots]


def _blocks(data: bytes, path: Path) -> list[tuple[str, bytes]]:
    """(PEM type or 'DER', DER bytes) for every object in the file."""
    if pem.detect(data):
        try:
            return [(kind, der) for kind, _headers, der in pem.unarmor(data, multiple=True)]
        except ValueError as exc:
            raise _unusable(f"tệp PEM hỏng {path}", f"malformed PEM file {path}", exc) from None
    return [("DER", data)]


def _certificates(path: Path) -> list[a_x509.Certificate]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _unusable(f"không đọc được {path}", f"cannot read {path}", exc) from None
    certs = []
    for kind, der in _blocks(data, path):
        if kind not in ("DER", "CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE"):
            continue                     # private keys, CRLs, requests: not trust roots
        try:
            cert = a_x509.Certificate.load(der)
            cert.native                  # asn1crypto parses lazily: force it here
        except (ValueError, TypeError) as exc:
            raise _unusable(f"không phải chứng thư X.509 {path}", f"not an X.509 certificate {path}", exc) from None
        certs.append(cert)
    return certs


def load_trust_roots(location: str | Path) -> TrustStore:
    """Every certificate in a file, or in the files of a folder (not its subfolders, so
    a folder can keep its private/ material apart)."""
    p = Path(location)
    if not p.exists():
        raise TrustStoreError(f"không tìm thấy thư mục chứng thư gốc / trust roots not found: {p}")
    files = [p] if p.is_file() else sorted(c for c in p.iterdir()
                                           if c.is_file() and c.suffix.lower() in CERT_EXTENSIONS)
    store = TrustStore()
    for f in files:
        certs = _certificates(f)
        if certs:
            store.roots.extend(certs)
            store.sources.append(str(f))
        else:
            store.skipped.append(str(f))
    if not store.roots:
        raise TrustStoreError(f"không có chứng thư nào trong / no certificate found in {p} "
                              f"(.pem, .crt, .cer, .der)")
    return store


def load_crl(path: str | Path) -> list[a_crl.CertificateList]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _unusable(f"không đọc được CRL {p}", f"cannot read CRL {p}", exc) from None
    out = []
    for kind, der in _blocks(data, p):
        if kind not in ("DER", "X509 CRL"):
            continue
        try:
            crl = a_crl.CertificateList.load(der)
            crl.native
        except (ValueError, TypeError) as exc:
            raise _unusable(f"không phải CRL {p}", f"not a CRL {p}", exc) from None
        out.append(crl)
    if not out:
        raise TrustStoreError(f"không có CRL nào trong / no CRL found in {p}")
    return out


_VN = timezone(timedelta(hours=7))
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _record_time(value, where: str) -> datetime:
    if isinstance(value, datetime):
        dt = value
    else:
        try:
            dt = datetime.fromisoformat(str(value))
        except ValueError:
            raise TrustStoreError(f"thời điểm không hợp lệ / invalid time in {where}: {value!r}") from None
    return dt if dt.tzinfo else dt.replace(tzinfo=_VN)


def records_from_mapping(values: dict, where: str = "existence_records") -> dict[str, tuple[datetime, str]]:
    """{sha256: datetime or ISO text or (time, label)} -> {sha256: (datetime, label)}."""
    out = {}
    for digest, value in values.items():
        key = str(digest).strip().lower()
        if not _SHA256.fullmatch(key):
            raise TrustStoreError(f"không phải SHA-256 / not a SHA-256 in {where}: {digest!r}")
        time, label = (value[0], value[1]) if isinstance(value, (tuple, list)) else (value, where)
        out[key] = (_record_time(time, where), str(label))
    return out


def load_existence_records(path: str | Path) -> dict[str, tuple[datetime, str]]:
    """A records file: a JSON list of {"sha256", "time", "source"} (see the module notes)."""
    p = Path(path)
    try:
        items = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unusable(f"không đọc được bản ghi tồn tại {p}", f"cannot read existence records {p}", exc) from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise TrustStoreError(f"bản ghi tồn tại phải là danh sách JSON các đối tượng / existence records must be a "
                              f"JSON list of objects: {p}")
    return records_from_mapping({i.get("sha256", ""): (i.get("time"), i.get("source") or p.name) for i in items},
                                str(p))


@lru_cache(maxsize=8)
def _cached(roots: str | None, crls: tuple[str, ...], records: str | None, stamp: tuple) -> TrustStore:
    store = load_trust_roots(roots) if roots else TrustStore()
    for c in crls:
        store.crls.extend(load_crl(c))
    if records:
        store.records.update(load_existence_records(records))
    return store


def _stamp(paths: list[str]) -> tuple:
    """Modification times, so an edited trust folder is re-read in a long-running process."""
    out = []
    for p in paths:
        try:
            path = Path(p)
            out.append(path.stat().st_mtime_ns)
            if path.is_dir():
                out.extend(c.stat().st_mtime_ns for c in sorted(path.iterdir()) if c.is_file())
        except OSError:
            out.append(None)
    return tuple(out)


def load_trust_store(roots: str | Path | None, crls: list[str | Path] | tuple = (),
                     records: str | Path | None = None) -> TrustStore:
    """Trust roots, CRLs and records of existence, cached per process (batches load them once per worker)."""
    r = str(roots) if roots else None
    c = tuple(str(x) for x in crls)
    e = str(records) if records else None
    return _cached(r, c, e, _stamp([x for x in (r, *c, e) if x]))
