"""`tthc procedures list` and `tthc procedures show CODE`: the procedure catalog (shipped, plus
the province's folder of --catalog DIR or `catalog` in tthc.toml) and what each procedure
requires, with sources."""
from __future__ import annotations

import argparse

from commands.common import (
    EXIT_OK, catalog_option, config_option, output_errors, settings_from_args, UsageError,
)
from commands.pipeline import DossierSettings


def _catalog(args: argparse.Namespace) -> tuple[dict, str]:
    from commands.pipeline import catalog_for
    from extract.dossier.procedures import CatalogError
    settings = settings_from_args(DossierSettings, args)
    try:
        return catalog_for(settings.catalog), settings.catalog or ""
    except CatalogError as exc:
        raise UsageError(str(exc)) from None


def cmd_procedures_list(args: argparse.Namespace) -> int:
    from report.procedures import write_list
    from report.writers import open_out
    procs, folder = _catalog(args)
    rows = sorted(procs.values(), key=lambda p: (p.get("field") or "", p.get("code") or ""))
    if args.field:
        from extract.normalize import fold
        rows = [p for p in rows if fold(args.field) in fold(p.get("field") or "")]
    with output_errors(args.output), open_out(args.output) as out:
        write_list(rows, out, args.format, where=f" (tthc-check + {folder})" if folder else "")
    return EXIT_OK


def cmd_procedures_show(args: argparse.Namespace) -> int:
    from extract.dossier.procedures import national_code
    from report.procedures import write_show
    from report.writers import open_out
    procs, _ = _catalog(args)
    code = national_code(args.code)
    proc = procs.get(code) if code else None
    if proc is None:
        known = ", ".join(sorted(procs))
        raise UsageError(f"không có thủ tục / no procedure {args.code!r} trong danh mục / in the catalog; "
                         f"có / known: {known}")
    with output_errors(args.output), open_out(args.output) as out:
        write_show(proc, out, args.format)
    return EXIT_OK


def add_procedures_parser(sub) -> None:
    p = sub.add_parser("procedures", help="danh mục thủ tục và thành phần hồ sơ / the procedure catalog and its "
                                          "requirements",
                       description="Danh mục thủ tục hành chính mà `tthc validate` dùng: có sẵn, cộng thư mục của tỉnh "
                                   "(--catalog DIR hoặc catalog trong tthc.toml).\nThe procedure catalog `tthc validate` "
                                   "uses: shipped, plus the province's folder (--catalog DIR or catalog in tthc.toml).",
                       epilog="Ví dụ / examples:\n  tthc procedures list\n  tthc procedures show 1.001193\n"
                              "  tthc procedures show 1.001193.000.00.00.H12 --catalog danh-muc/ --format json",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    inner = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    ls = inner.add_parser("list", help="liệt kê thủ tục / list the procedures",
                          description="Liệt kê các thủ tục trong danh mục / lists the catalogued procedures.")
    ls.add_argument("--field", metavar="TEXT", help="chỉ lĩnh vực chứa TEXT / only fields containing TEXT (vd / e.g. 'hộ tịch')")
    show = inner.add_parser("show", help="thành phần, thời hạn, kết quả, phí và nguồn của một thủ tục / one procedure's "
                                         "requirements with sources",
                            description="Thành phần hồ sơ, thời hạn, kết quả, phí, lệ phí của thủ tục CODE, mỗi dữ kiện kèm "
                                        "nguồn và việc nguồn đã được đọc hay chưa.\nComponents, processing time, result "
                                        "and fees of procedure CODE, each fact with its source and whether it was read.")
    show.add_argument("code", metavar="CODE", help="mã thủ tục / procedure code (1.001193 or 1.001193.000.00.00.H12)")
    for q in (ls, show):
        q.add_argument("--format", choices=["text", "json"], default="text")
        q.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default stdout)")
        catalog_option(q)
        config_option(q)
    ls.set_defaults(func=cmd_procedures_list)
    show.set_defaults(func=cmd_procedures_show)
