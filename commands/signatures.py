"""`tthc signatures`: every digital signature of PDF files, with facts and verdicts."""
from __future__ import annotations

import argparse
import sys

from commands.common import (
    datetime_arg, EXIT_FINDINGS, EXIT_OK, iter_inputs, positive_int, run_batch, show_progress,
    strip_private, trust_settings, UsageError,
)


def signatures_one(path: str, settings: dict) -> dict:
    """Signature facts and verdicts of one PDF. Never raises (INTERNAL.ERROR instead)."""
    from checks.registry import is_disabled
    from checks.signatures import assess
    from extract.model import Finding
    from extract.signatures.pdfsig import read_signatures
    from extract.signatures.pki import load_trust_store
    try:
        trust = load_trust_store(settings.get("trust_roots"), settings.get("crls", ()))
        result = assess(read_signatures(path), trust, required=settings.get("required", True),
                        expected_org=settings.get("expected_org"), at=settings.get("at")).to_dict()
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        f = Finding.of("INTERNAL.ERROR", evidence=f"{type(exc).__name__}: {exc}")
        return {"source": path, "kind": "signatures", "verdict": "unreadable", "signatures": [],
                "findings": [f.to_dict()]}
    off = settings.get("disable") or ()
    if off:
        result["findings"] = [f for f in result["findings"] if not is_disabled(f["code"], off)]
        for s in result["signatures"]:
            s["findings"] = [f for f in s["findings"] if not is_disabled(f["code"], off)]
    return result


def cmd_signatures(args: argparse.Namespace) -> int:
    from checks.config import ConfigError, load_config
    from extract.model import severity_rank
    from report import writers
    from report.signatures import write_signatures_text

    try:
        config = load_config()
    except ConfigError as exc:
        raise UsageError(f"cấu hình sai / bad configuration: {exc}") from None
    roots, crls = trust_settings(args, config)
    if not roots:
        print("tthc: không có --trust-roots: không chữ ký nào được tin cậy / "
              "no --trust-roots: no signature can be trusted", file=sys.stderr)
    items = list(iter_inputs(args.paths, {".pdf"}))
    if not items:
        raise UsageError("không có tệp PDF nào để kiểm tra / no PDF files to check")
    settings = {"trust_roots": roots, "crls": crls, "required": not args.allow_unsigned,
                "expected_org": args.expected_org, "at": args.at,
                "disable": list(args.disable or config.get("disable") or [])}
    fail_on = args.fail_on or config.get("fail_on") or "error"
    worst = -1
    results = run_batch(signatures_one, items, settings, args.workers or int(config.get("workers", 1)),
                        show_progress(args, items), "Kiểm tra chữ ký / signatures")
    if args.format == "jsonl":
        with writers.open_out(args.output) as out:
            for r in results:
                worst = max([worst, *(severity_rank(f["severity"]) for f in r["findings"])])
                writers.write_jsonl_line(out, strip_private(r))
    else:
        ordered = [strip_private(r) for r in sorted(results, key=lambda r: r["_index"])]
        for r in ordered:
            worst = max([worst, *(severity_rank(f["severity"]) for f in r["findings"])])
        if args.format == "json":
            with writers.open_out(args.output) as out:
                writers.write_json(ordered[0] if len(ordered) == 1 else ordered, out)
        else:
            write_signatures_text(ordered, args.output, lang=args.lang, show_info=args.verbose)
    if fail_on != "never" and worst >= severity_rank(fail_on):
        return EXIT_FINDINGS
    return EXIT_OK


def add_signatures_parser(sub) -> None:
    p = sub.add_parser("signatures", help="kiểm tra chữ ký số trong PDF / validate PDF digital signatures",
                       description="Liệt kê và kiểm tra mọi chữ ký số trong tệp PDF: toàn vẹn, sửa đổi sau khi ký, "
                                   "chuỗi tin cậy, hiệu lực chứng thư tại thời điểm ký, thu hồi, mục đích khóa, "
                                   "thuật toán. Không truy cập mạng.\n"
                                   "Lists and validates every digital signature of PDF files: integrity, changes "
                                   "after signing, trust chain, certificate validity at the signing time, "
                                   "revocation, key usage, algorithms. Works offline.\n\n"
                                   "Chứng thư được kiểm tra tại bằng chứng sớm nhất rằng chữ ký đã tồn tại (dấu thời "
                                   "gian hợp lệ, dấu thời gian tài liệu), nếu không có thì tại thời điểm kiểm tra (bây "
                                   "giờ, hoặc --at); thời điểm người ký tự khai không bao giờ được dùng. / Certificates "
                                   "are judged at the earliest proof that the signature existed (a valid timestamp, a "
                                   "document timestamp), else at the validation time (now, or --at); the time the "
                                   "signer claims is never used.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="FILE", help="tệp PDF hoặc thư mục / PDF files or folders (folders are walked)")
    p.add_argument("--trust-roots", metavar="DIR",
                   help="thư mục (hoặc tệp) chứng thư gốc tin cậy .pem/.crt/.cer/.der / folder (or file) of trusted "
                        "root certificates; none is bundled (default: trust_roots in tthc.toml)")
    p.add_argument("--crl", action="append", metavar="FILE",
                   help="danh sách thu hồi CRL (PEM/DER), lặp lại được / certificate revocation list, repeatable")
    p.add_argument("--at", type=datetime_arg, metavar="DATE",
                   help="thời điểm kiểm tra thay cho bây giờ / validation time instead of now "
                        "(YYYY-MM-DD or ISO 8601; Vietnam time when no offset)")
    p.add_argument("--expected-org", metavar="NAME",
                   help="cơ quan phải ký (so với O/OU/CN của chứng thư) / agency that must have signed")
    p.add_argument("--allow-unsigned", action="store_true",
                   help="tệp không có chữ ký không bị báo lỗi SIG.MISSING / unsigned files are not an error")
    p.add_argument("--format", choices=["text", "json", "jsonl"], default="text")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default stdout)")
    p.add_argument("--fail-on", choices=["error", "warning", "info", "never"],
                   help="mã thoát 1 khi có phát hiện từ mức này / exit 1 on findings at or above (default error)")
    p.add_argument("--verbose", action="store_true", help="hiện cả thông tin / show info findings in text output")
    p.add_argument("--workers", type=positive_int, metavar="N",
                   help="số tiến trình song song / parallel worker processes (default 1)")
    p.add_argument("--disable", action="append", metavar="ID",
                   help="tắt mã phát hiện hoặc nhóm / disable a finding code or family (repeatable)")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="ngôn ngữ thông báo / message language")
    p.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình / no progress bar")
    p.set_defaults(func=cmd_signatures)
