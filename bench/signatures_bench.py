"""Signatures validated per second on one core, and our overhead over pyHanko.

    python bench/signatures_bench.py [--reps 60]

Inputs are made in the run (tests/kit/pki.py): a 1-page and a 20-page text PDF (reportlab),
each signed once (PAdES B-T: RSA-2048, SHA-256, with a timestamp) and also signed twice (two
revisions: the first signature's revision is then rendered and compared with the whole file,
page by page, extract/signatures/view.py), checked with the CA's CRL at a fixed validation time.
For each file it times, in the same process and interleaved:
  bare  pyHanko alone: PdfFileReader + validate_pdf_signature for every signature with an
        offline ValidationContext(trust_roots=[root], allow_fetching=False);
  ours  extract.signatures.pdfsig.read_signatures + checks.signatures.assess (facts, the rendered
        comparison of earlier revisions, validation at the best signature time, every SIG.* judgement);
  cli   cli.signatures_one(path): reading the file from disk to the JSON-ready dict.
Targets (issue 6): >= 50 signatures/s per core on one-page PDFs; ours/bare <= 1.2.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _interleaved_ms(fns, reps: int) -> list[float]:
    """Median CPU milliseconds of each function (this process's CPU time: what one core
    spends, less sensitive than wall time to other work on a shared machine), run in turn
    so that what load remains hits all of them alike."""
    for fn in fns:
        fn()                                     # warm caches (imports, trust store)
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(reps):
        for i, fn in enumerate(fns):
            t = time.process_time()
            fn()
            times[i].append(time.process_time() - t)
    return [statistics.median(t) * 1000 for t in times]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=60)
    args = ap.parse_args()

    import logging

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from commands.pipeline import assess_signatures
    from commands.settings import SignatureSettings
    from checks.signatures import assess
    from extract.signatures.pdfsig import read_signatures
    from asn1crypto import crl as a_crl

    from extract.signatures.pki import TrustStore
    from tests.kit import pki as P

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL + 1)     # the bare call logs nothing either
    pki = P.TestPKI.generate()
    trust = TrustStore(roots=[pki.root.asn1], crls=[a_crl.CertificateList.load(pki.crl())])
    tmp = Path(tempfile.mkdtemp(prefix="sigbench-"))
    (tmp / "roots").mkdir()
    (tmp / "roots" / "root.pem").write_bytes(pki.root.pem())
    (tmp / "ca.crl").write_bytes(pki.crl())

    cases = []
    for pages in (1, 20):
        once = pki.sign_pdf(P.make_pdf(pages=pages), timestamp_at=P.SIGNED_AT)
        twice = pki.sign_pdf(once, timestamp_at=P.SIGNED_AT)
        for label, data in ((f"{pages}-page, 1 signature", once), (f"{pages}-page, 2 signatures", twice)):
            path = tmp / f"{pages}p-{label[-11]}.pdf"
            path.write_bytes(data)
            cases.append((label, data, path))

    def bare(data: bytes):
        r = PdfFileReader(io.BytesIO(data))
        for emb in r.embedded_signatures:
            st = validate_pdf_signature(emb, ValidationContext(trust_roots=[pki.root.asn1], allow_fetching=False,
                                                               crls=list(trust.crls), moment=P.VALIDATED_AT))
            assert st.intact

    def ours(data: bytes):
        a = assess(read_signatures(data), trust, at=P.VALIDATED_AT)
        assert a.verdict == "valid", a.verdict

    settings = SignatureSettings(trust_roots=str(tmp / "roots"), crl=[str(tmp / "ca.crl")], at=P.VALIDATED_AT)

    def end_to_end(path: Path):
        assert assess_signatures(str(path), settings).verdict == "valid"

    print(f"{'input':28} {'KB':>5} {'bare ms':>8} {'ours ms':>8} {'cli ms':>8} {'sig/s ours':>11} {'ours/bare':>10}")
    for label, data, path in cases:
        n_sigs = int(label.split(", ")[1][0])
        b, o, c = _interleaved_ms([lambda: bare(data), lambda: ours(data), lambda: end_to_end(path)], args.reps)
        print(f"{label:28} {len(data) // 1024:5d} {b:8.1f} {o:8.1f} {c:8.1f} {n_sigs * 1000 / o:11.1f} {o / b:10.2f}")
    print(f"(median CPU time of {args.reps} interleaved runs each, one process, Python {sys.version.split()[0]}; "
          f"sig/s = signatures validated per second of one core's time by `ours`; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
