"""Make the TEST-ONLY sample PKI and the signed sample PDFs.

    python samples/pki/make_test_pki.py          # keep the committed PKI, re-sign the samples
    python samples/pki/make_test_pki.py --new    # new keys and certificates too

Writes samples/pki/ (the root certificate, trusted by `--trust-roots samples/pki`; under
private/ the intermediate, a rogue root and every private key, all TEST ONLY) and
samples/signatures/*.pdf with test-intermediate.TEST-ONLY.crl (give it with --crl). Never trust this root outside tests and demos.
"""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.kit import pki as P  # noqa: E402

OUT = ROOT / "samples" / "signatures"
WHEN = datetime(2025, 6, 10, 10, 15, tzinfo=P.VN)        # the samples' claimed signing time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--new", action="store_true", help="generate new keys and certificates")
    args = ap.parse_args()
    folder = P.SAMPLES_PKI
    if args.new or not (folder / "tthc-test-root-ca.TEST-ONLY.pem").exists():
        P.TestPKI.generate().save(folder)
        print(f"new TEST-ONLY PKI in {folder}")
    pki = P.TestPKI.load(folder)
    OUT.mkdir(parents=True, exist_ok=True)
    doc = P.make_pdf(text="ỦY BAN NHÂN DÂN XÃ PHƯỚC DINH",
                     body="Giấy xác nhận (mẫu thử, chữ ký TEST ONLY)")
    org = "Ủy ban nhân dân xã Phước Dinh"
    # Signed as signing tools in use sign: with a timestamp from the (TEST-ONLY) TSA, the proof
    # of when the signature was made. The expired and revoked samples carry none: nothing
    # proves their claimed time, so they are judged at the validation time.
    stamp = {"when": WHEN, "timestamp_at": WHEN, "reproducible": True}
    valid = pki.sign_pdf(doc, org=org, **stamp)
    person = pki.sign_pdf(doc, org=org, cn="Nguyễn Văn An", field_name="NguoiKy", **stamp)
    later = {"when": WHEN.replace(minute=20), "timestamp_at": WHEN.replace(minute=20), "reproducible": True}
    samples = {
        "01-valid.pdf": valid,
        # A personal signature, then the agency's: the first is a legitimate earlier revision.
        "02-valid-two-signatures.pdf": pki.sign_pdf(person, org=org, field_name="CoQuan", **later),
        "03-tampered-after-signing.pdf": P.change_page_text(valid, reproducible=True),
        "04-untrusted-root.pdf": pki.sign_pdf(doc, "untrusted", org=org, **stamp),
        "05-expired-certificate.pdf": pki.sign_pdf(doc, "expired", org=org, when=WHEN, reproducible=True),
        "06-revoked-certificate.pdf": pki.sign_pdf(doc, "revoked", org=org, when=WHEN, reproducible=True),
    }
    # The intermediate's CRL listing the revoked signer (issued in this same run).
    crl = folder / "test-intermediate.TEST-ONLY.crl"
    crl.write_bytes(pki.crl())
    print(crl)
    for name, data in samples.items():
        (OUT / name).write_bytes(data)
        print(f"{OUT / name} ({len(data) // 1024} KB)")


if __name__ == "__main__":
    main()
