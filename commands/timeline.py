"""`tthc due`, `tthc workdays`, `tthc stats`, `tthc reconcile`: the working-day calendar and dossier exports."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from commands.common import (
    as_of_option, calendar_option, config_option, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, output_errors, positive_int,
    settings_from_args, UsageError,
)
from commands.pipeline import DossierSettings
from report.vi import number, vi_date, wrap


def _settings(args: argparse.Namespace) -> DossierSettings:
    """calendar and as_of, resolved like every other command's settings."""
    return settings_from_args(DossierSettings, args)


def _calendar(args: argparse.Namespace):
    """The working-day calendar of --calendar, else of `calendar` in the config; a bad file is exit 2."""
    from commands.pipeline import calendar_for, prepare
    settings = _settings(args)
    prepare(settings)
    return calendar_for(settings.calendar)


def _moment_arg(text: str) -> tuple[Any, bool]:
    """A date or date-time from the command line; the flag says whether a time was given."""
    from extract.dossier.timeline import parse_moment
    try:
        moment = parse_moment(text)
    except (ValueError, TypeError, OverflowError):
        moment = None
    if moment is None:
        raise UsageError(f"thời điểm không hợp lệ / invalid moment {text!r} (vd / e.g. 2025-01-24T15:00, "
                         f"20250124150000, 24/01/2025 15:00)")
    stripped = text.strip()
    has_time = not (len(stripped) <= 10 or (stripped.isdigit() and len(stripped) == 8))
    return moment, has_time


def _weekday(d) -> dict:
    from extract.calendar import WEEKDAY_EN, WEEKDAY_VI
    return {"vi": WEEKDAY_VI[d.weekday()], "en": WEEKDAY_EN[d.weekday()]}


def _days_off(cal, start, end) -> list[dict]:
    return [{"date": d.isoformat(), "name": vi, "name_en": en} for d, vi, en in cal.days_off(start, end)]


def _print_days_off(days: list[dict]) -> None:
    named = [d for d in days if d["name"] not in ("Thứ Bảy", "Chủ nhật")]
    weekends = len(days) - len(named)
    if weekends:
        print(f"  {weekends} ngày cuối tuần / weekend days")
    for d in named:
        print(wrap(f"{d['name']} / {d['name_en']}", indent=" " * 14, first=f"  {vi_date(d['date'])}  "))


def cmd_due(args: argparse.Namespace) -> int:
    from extract.calendar import CalendarError
    from extract.dossier.durations import DurationError, parse_duration

    start, _ = _moment_arg(args.start)
    try:
        duration = parse_duration(args.duration)
    except DurationError as exc:
        raise UsageError(str(exc)) from None
    cal = _calendar(args)
    try:
        counted = cal.count_start(start, args.late_cutoff)
        due = cal.add(start, duration.value, duration.unit, args.late_cutoff)
        days = _days_off(cal, counted.date(), due.date())
        worked = cal.working_hours_between(counted, due)
        dates = sorted(cal.deadline_dates(due)) if duration.unit in ("working_day", "working_hour") else [due.date()]
    except CalendarError as exc:
        raise UsageError(str(exc)) from None
    result = {"from": start.isoformat(), "counting_starts": counted.isoformat(),
              "duration": {**duration.to_dict(), "text": duration.text},
              "due": due.isoformat(), "due_date": due.date().isoformat(), "weekday": _weekday(due),
              "same_deadline_dates": [d.isoformat() for d in dates], "working_hours": round(worked, 4),
              "days_off": days, "late_cutoff_minutes": args.late_cutoff, "calendar": cal.label}
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    wd = _weekday(start)
    print(f"Tiếp nhận / received:     {start:%d/%m/%Y %H:%M} ({wd['vi']} / {wd['en']})")
    if counted != start:
        wc = _weekday(counted)
        print(f"Bắt đầu tính / counted from: {counted:%d/%m/%Y %H:%M} ({wc['vi']} / {wc['en']})")
    print(f"Thời hạn / duration:      {duration.label()} / {duration.label('en')}")
    wd = _weekday(due)
    print(f"Hạn / due:                {due:%d/%m/%Y %H:%M} ({wd['vi']} / {wd['en']})")
    if len(dates) > 1:
        print(wrap(f"cùng thời hạn với / the same deadline as: {dates[-1]:%d/%m/%Y} 07:00 (đầu ngày làm việc tiếp "
                   f"theo / start of the next working day)", indent="    ", first="  "))
    if days:
        print("Ngày nghỉ trong khoảng / days off in between:")
        _print_days_off(days)
    return EXIT_OK


def cmd_workdays(args: argparse.Namespace) -> int:
    from extract.calendar import CalendarError

    (start, start_time), (end, end_time) = _moment_arg(args.start), _moment_arg(args.end)
    if end < start:
        raise UsageError(f"ngày kết thúc trước ngày bắt đầu / END is before START: {args.end} < {args.start}")
    cal = _calendar(args)
    try:
        result = {"from": start.date().isoformat(), "to": end.date().isoformat(),
                  "working_days": cal.working_days_between(start.date(), end.date()),
                  "calendar_days": (end.date() - start.date()).days + 1,
                  "days_off": _days_off(cal, start.date(), end.date()), "calendar": cal.label,
                  "counting": "both ends included / tính cả ngày đầu và ngày cuối"}
        if start_time or end_time:
            hours = cal.working_hours_between(start, end)
            result.update({"from": start.isoformat(), "to": end.isoformat(), "working_hours": round(hours, 4),
                           "working_days_equivalent": round(hours / cal.hours_per_day, 4)})
    except CalendarError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(f"Từ / from {vi_date(result['from'])} đến / to {vi_date(result['to'])} (tính cả hai đầu / both ends included)")
    print(f"Ngày làm việc / working days: {result['working_days']} trên / of {result['calendar_days']} ngày lịch / "
          f"calendar days")
    if "working_hours" in result:
        hours, days = result["working_hours"], result["working_days_equivalent"]
        print(f"Giờ làm việc: {number(hours)} (= {number(days)} ngày làm việc) / "
              f"working hours: {number(hours, 'en')} (= {number(days, 'en')} working days)")
    if result["days_off"]:
        print("Ngày nghỉ / days off:")
        _print_days_off(result["days_off"])
    return EXIT_OK


def calendar_result(cal, year: int) -> dict:
    """What the calendar believes for `year`: its special days, announced windows and the
    sources they cite (only those used), the claims checked and not adopted."""
    from extract.calendar import CalendarError, builtin_data
    try:
        days = [d.to_dict() for d in cal.year_days(year)]
    except CalendarError as exc:
        raise UsageError(str(exc)) from None
    windows = cal.year_windows(year)
    used = [d["source"] for d in days] + [w["source"] for w in windows]
    sources = {}
    for key in used:
        if key and key not in sources:
            sources[key] = {k: v for k, v in cal.citation(key).items() if k != "origin"}
    claims = [n for n in builtin_data().get("not_adopted") or () if str(year) in n["claim"]]
    return {"year": year, "calendar": cal.label,
            "sessions": cal.weekly_sessions(),
            "days": days, "windows": [{k: v for k, v in w.items() if k not in ("citation", "origin")} for w in windows],
            "sources": sources, "not_adopted": claims}


def cmd_calendar(args: argparse.Namespace) -> int:
    from report.calendar import write_calendar

    cal = _calendar(args)
    result = calendar_result(cal, args.year)
    lang = _settings(args).lang
    with output_errors(args.output):
        from report.writers import open_out
        with open_out(args.output) as out:
            write_calendar(result, args.format, out, lang)
    return EXIT_OK


def _read_records(paths: list[str], problems: list):
    from extract.dossier.exports import iter_records
    return (record for _, record in iter_records(paths, problems))


def _report_problems(problems: list) -> None:
    for p in problems:
        print(f"tthc: {p.source}: {p.message} / {p.message_en}", file=sys.stderr)


def cmd_stats(args: argparse.Namespace) -> int:
    from extract.dossier.service_index import compute
    from report.stats import write_stats

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx cần -o TỆP.xlsx / --format xlsx needs -o FILE.xlsx")
    as_of = _settings(args).as_of
    problems: list = []
    stats = compute(_read_records(args.paths, problems), by=args.by, as_of=as_of)
    if not stats.total["tong_ho_so"]:
        _report_problems(problems)
        raise UsageError("không đọc được hồ sơ nào / no dossier records were read")
    result = {**stats.to_dict(), "sources": list(args.paths), "problems": [p.to_dict() for p in problems]}
    with output_errors(args.output):
        write_stats(result, args.format, args.output)
    if args.format != "text":
        _report_problems(problems)
    if _missing(args.paths):            # never silent: the others are counted and written, exit 2
        print(f"tthc: không tìm thấy / not found: {', '.join(_missing(args.paths))}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _missing(paths: list[str]) -> list[str]:
    return [p for p in paths if not Path(p).exists()]


def cmd_reconcile(args: argparse.Namespace) -> int:
    from extract.dossier.reconcile import has_differences, reconcile
    from report.stats import write_reconcile

    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx cần -o TỆP.xlsx / --format xlsx needs -o FILE.xlsx")
    as_of = _settings(args).as_of
    if _missing([args.left, args.right]):       # one side missing: there is nothing to compare with
        raise UsageError(f"không tìm thấy / not found: {', '.join(_missing([args.left, args.right]))}")
    problems: list = []
    names = (args.left_name or Path(args.left).stem or "left", args.right_name or Path(args.right).stem or "right")
    result = reconcile(_read_records([args.left], problems), _read_records([args.right], problems),
                       as_of=as_of, names=names)
    if not result["left"]["records"] and not result["right"]["records"]:
        _report_problems(problems)
        raise UsageError("không đọc được hồ sơ nào ở cả hai bên / no records were read on either side")
    result["sources"] = {"left": args.left, "right": args.right}
    result["problems"] = [p.to_dict() for p in problems]
    with output_errors(args.output):
        write_reconcile(result, args.format, args.output, limit=args.limit)
    if args.format != "text":
        _report_problems(problems)
    return EXIT_FINDINGS if has_differences(result) else EXIT_OK


_DUE_EPILOG = ("Ví dụ / examples:\n"
               "  tthc due --from 2025-01-24T15:00 --in \"05 ngày làm việc\"\n"
               "  tthc due --from 20250124164500 --in \"8 giờ làm việc\" --late-cutoff 60\n"
               "  tthc due --from 2025-03-03 --in \"15 ngày\" --format json")


def add_due_parser(sub) -> None:
    p = sub.add_parser("due", help="tính hạn theo ngày/giờ làm việc / compute a due moment on the working-day calendar",
                       description="Tính thời điểm hết hạn từ thời điểm tiếp nhận và thời hạn (ngày làm việc, giờ làm việc, "
                                   "ngày lịch, tháng), bỏ qua cuối tuần, ngày lễ, ngày nghỉ hoán đổi; buổi làm việc "
                                   "07:00-11:30 và 13:30-17:00.\nComputes the due moment from a reception moment and a "
                                   "duration (working days/hours, calendar days, months), skipping weekends, public "
                                   "holidays and swapped days off; office sessions 07:00-11:30 and 13:30-17:00.",
                       epilog=_DUE_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from", dest="start", required=True, metavar="MOMENT",
                   help="thời điểm tiếp nhận / reception moment (2025-01-24T15:00, 20250124150000, 24/01/2025 15:00)")
    p.add_argument("--in", dest="duration", required=True, metavar="DURATION",
                   help="thời hạn / duration (\"05 ngày làm việc\", \"8 giờ làm việc\", \"15 ngày\", \"5 working_day\")")
    p.add_argument("--late-cutoff", type=float, default=0, metavar="MIN",
                   help="tiếp nhận trong N phút cuối giờ làm việc thì tính từ ngày làm việc tiếp theo (vd 60) / "
                        "received in the last N minutes of office hours counts from the next working day (e.g. 60)")
    p.add_argument("--format", choices=["text", "json"], default="text")
    calendar_option(p)
    config_option(p)
    p.set_defaults(func=cmd_due)


def add_workdays_parser(sub) -> None:
    p = sub.add_parser("workdays", help="đếm ngày làm việc giữa hai ngày / count working days between two dates",
                       description="Đếm ngày làm việc từ START đến END (tính cả hai đầu) và liệt kê ngày nghỉ; với giờ "
                                   "cụ thể thì đếm cả giờ làm việc.\nCounts working days from START to END (both ends "
                                   "included) and lists the days off; with times, also the working hours between.",
                       epilog="Ví dụ / example:  tthc workdays 2025-01-20 2025-02-10",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("start", metavar="START", help="ngày hoặc thời điểm / date or moment")
    p.add_argument("end", metavar="END", help="ngày hoặc thời điểm / date or moment")
    p.add_argument("--format", choices=["text", "json"], default="text")
    calendar_option(p)
    config_option(p)
    p.set_defaults(func=cmd_workdays)


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        year = 0
    if not 2000 <= year <= 2200:
        raise argparse.ArgumentTypeError(f"năm không hợp lệ / invalid year: {value!r} (2000-2200)")
    return year


def add_calendar_parser(sub) -> None:
    p = sub.add_parser("calendar", help="lịch ngày nghỉ, ngày làm bù của một năm và nguồn / a year's days off and "
                                        "make-up days with their sources",
                       description="Liệt kê mọi ngày nghỉ lễ, tết, nghỉ bù, nghỉ hoán đổi và ngày làm bù của năm YEAR "
                                   "theo lịch ngày làm việc (có sẵn, cộng tệp --calendar), mỗi ngày kèm văn bản công bố "
                                   "(số, cơ quan, ngày) và việc nguồn đã được xác minh hay chưa.\n"
                                   "Lists every public holiday, nghỉ bù, swapped day off and make-up working day of YEAR "
                                   "on the working-day calendar (built-in, plus --calendar FILE), each with the "
                                   "announcement it comes from (number, issuer, date) and whether that source was "
                                   "verified.",
                       epilog="Ví dụ / examples:\n  tthc calendar 2025\n  tthc calendar 2026 --format ics -o lich-2026.ics\n"
                              "  tthc calendar 2025 --calendar lich-tinh.json --format json",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("year", type=_year, metavar="YEAR", help="năm / year (2000-2200)")
    p.add_argument("--format", choices=["text", "json", "ics"], default="text",
                   help="text (mặc định / default), json (ngày ISO / ISO dates) hoặc ics (iCalendar, nhập vào ứng "
                        "dụng lịch / for calendar apps)")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (default stdout)")
    p.add_argument("--lang", choices=["vi", "en"], default=None,
                   help="ngôn ngữ của ghi chú về nguồn / language of the notes on the sources (default vi)")
    calendar_option(p)
    config_option(p)
    p.set_defaults(func=cmd_calendar)


def add_stats_parser(sub) -> None:
    p = sub.add_parser("stats", help="tỷ lệ của Bộ chỉ số phục vụ theo đơn vị / service-index rates per unit",
                       description="Tính các tỷ lệ của Bộ chỉ số 766 suy ra được từ hồ sơ (đúng hạn, trực tuyến, thanh toán "
                                   "trực tuyến, số hóa, kết quả điện tử, ...) theo đơn vị, thủ tục hoặc tháng. Đây là tỷ lệ "
                                   "kèm công thức, không phải điểm chính thức (công thức 766 chưa xác minh).\n"
                                   "Computes the service-index (Decision 766) rates that dossiers give (on time, online, "
                                   "online payment, digitization, electronic result, ...) per unit, procedure or month. "
                                   "They are rates with their formula, not official scores (the 766 formulas are "
                                   "unverified).\nInput: JSON array, JSONL, CSV or XLSX exports with the sync field "
                                   "names, dossier folders (manifest.json) or .zip packages.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="tệp xuất hoặc thư mục hồ sơ / exports or dossier folders")
    p.add_argument("--by", choices=["unit", "procedure", "month", "none"], default="unit",
                   help="nhóm theo đơn vị, thủ tục, tháng tiếp nhận / group by unit, procedure, month received")
    p.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (required for xlsx)")
    as_of_option(p)
    config_option(p)
    p.set_defaults(func=cmd_stats)


def add_reconcile_parser(sub) -> None:
    p = sub.add_parser("reconcile", help="đối chiếu hai bản xuất hồ sơ / reconcile two exports of the same dossiers",
                       description="Đối chiếu hai bản xuất của cùng các hồ sơ (hệ thống tỉnh và Cổng DVC quốc gia) theo "
                                   "MaHoSo: hồ sơ chỉ có ở một bên, khác trạng thái hoặc ngày, trễ hạn ở một bên nhưng đúng "
                                   "hạn ở bên kia, và tổng số theo đơn vị đặt cạnh nhau. Mã thoát 1 khi có khác biệt.\n"
                                   "Matches two exports (the provincial system's and the national portal's) by MaHoSo: "
                                   "dossiers on one side only, status or date differences, late on one side but on time "
                                   "on the other, per-unit totals side by side. Exit code 1 when they differ.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("left", metavar="LEFT", help="bản xuất thứ nhất (vd hệ thống tỉnh) / first export (e.g. the province's)")
    p.add_argument("right", metavar="RIGHT", help="bản xuất thứ hai (vd Cổng DVCQG) / second export (e.g. the national portal's)")
    p.add_argument("--left-name", metavar="NAME", help="tên bên trái / label of LEFT (default: file name)")
    p.add_argument("--right-name", metavar="NAME", help="tên bên phải / label of RIGHT (default: file name)")
    p.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
    p.add_argument("-o", "--output", metavar="OUT", help="tệp kết quả / output file (required for xlsx)")
    as_of_option(p)
    config_option(p)
    p.add_argument("--limit", type=positive_int, default=50, metavar="N",
                   help="số dòng tối đa mỗi danh sách ở dạng text / rows per list in text output (default 50)")
    p.set_defaults(func=cmd_reconcile)
