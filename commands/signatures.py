"""`tthc signatures`: every digital signature of PDF files, with facts and verdicts."""
from __future__ import annotations

import argparse
import sys

from commands.common import (
    batch_options, datetime_arg, EXIT_CODES_HELP, open_output, run_cli_batch, settings_from_args,
)
from commands.pipeline import SignatureSettings


def cmd_signatures(args: argparse.Namespace) -> int:
    from report.signatures import write_signatures_text

    settings = settings_from_args(SignatureSettings, args)
    if not settings.trust_roots:
        print("tthc: không có --trust-roots: không chữ ký nào được tin cậy / "
              "no --trust-roots: no signature can be trusted", file=sys.stderr)

    def finish(outcome) -> None:
        records = outcome.records
        if args.format == "json":
            from report.writers import write_json
            with open_output(args.output) as out:
                write_json(records[0] if len(records) == 1 else records, out)
        else:
            with open_output(args.output) as out:
                write_signatures_text(records, out, lang=settings.lang, show_info=args.verbose)
    return run_cli_batch("signatures", args, settings, args.format, finish)


def add_signatures_parser(sub) -> None:
    p = sub.add_parser("signatures", help="kiểm tra chữ ký số trong PDF / validate PDF digital signatures",
                       description="Liệt kê và kiểm tra mọi chữ ký số trong tệp PDF: toàn vẹn, sửa đổi sau khi ký, "
                                   "chuỗi tin cậy, hiệu lực chứng thư và thu hồi tại thời điểm chữ ký được chứng minh, mục đích khóa, "
                                   "thuật toán. Không truy cập mạng.\n"
                                   "Lists and validates every digital signature of PDF files: integrity, changes "
                                   "after signing as a reader sees them, trust chain, certificate validity and "
                                   "revocation at the best signature time, key usage, algorithms. Works offline.\n\n"
                                   "Chứng thư được kiểm tra tại bằng chứng sớm nhất rằng chữ ký đã tồn tại (dấu thời "
                                   "gian hợp lệ, dấu thời gian tài liệu, bản ghi tin cậy của --existence-records), nếu "
                                   "không có thì tại thời điểm kiểm tra (bây giờ, hoặc --at); thời điểm người ký tự khai "
                                   "không bao giờ được dùng. / Certificates are judged at the earliest proof that the "
                                   "signature existed (a valid timestamp, a document timestamp, a trusted record of "
                                   "--existence-records), else at the validation time (now, or --at); the time the "
                                   "signer claims is never used.\n\n" + EXIT_CODES_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="FILE", help="tệp PDF hoặc thư mục / PDF files or folders (folders are walked)")
    p.add_argument("--at", type=datetime_arg, metavar="DATE",
                   help="thời điểm kiểm tra thay cho bây giờ / validation time instead of now "
                        "(dd/mm/yyyy [HH:MM] hoặc / or ISO 8601; giờ Việt Nam khi không ghi múi giờ / Vietnam time when no offset)")
    p.add_argument("--expected-org", metavar="NAME",
                   help="cơ quan phải ký (so với O/OU/CN của chứng thư) / agency that must have signed")
    p.add_argument("--allow-unsigned", action="store_true", default=None,
                   help="tệp không có chữ ký không bị báo lỗi SIG.MISSING / unsigned files are not an error")
    p.add_argument("--format", choices=["text", "json", "jsonl"], default="text")
    p.add_argument("--verbose", action="store_true", help="hiện cả thông tin / show info findings in text output")
    batch_options(p, as_of=False, calendar=False)
    p.set_defaults(func=cmd_signatures)
