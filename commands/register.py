"""`tthc register add`, `tthc tasks` (list, done, reopen, history), `tthc report --html`: the
Office's task register over the runner. Directives are read exactly as `tthc ingest` reads
them (same settings, executors, limits), then each is stored in its own transaction as soon
as it is read: an interrupted `register add` keeps every document already stored."""
from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path

from commands.common import (
    EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, config_option, date_arg, directive_options, executor_option,
    open_output, output_errors, positive_int, say_problems, say_skipped, settings_from_args, show_progress,
)
from commands.settings import RegisterSettings
from report.tasks import items_en

DB_HELP = ("sổ theo dõi: tệp SQLite (mặc định tthc.db, hoặc db trong tthc.toml) hoặc postgresql://người-dùng@máy/csdl / "
           "the register: an SQLite file (default tthc.db, or db in tthc.toml) or a postgresql:// URL")


def _settings(args: argparse.Namespace) -> RegisterSettings:
    return settings_from_args(RegisterSettings, args)


def open_register(settings: RegisterSettings, create: bool = True):
    from register import Register, RegisterError
    try:
        return Register.open(settings.db, create=create)
    except RegisterError as exc:
        raise UsageError(str(exc)) from None


def _register_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL", help=DB_HELP)
    config_option(p)


# --------------------------------------------------------------------------- register add

def cmd_register_add(args: argparse.Namespace) -> int:
    from commands.pipeline import SUBJECTS, calendar_for, prepare, stream
    from register.store import redacted

    settings = _settings(args)
    inputs = SUBJECTS["ingest"].find(args.paths)
    say_skipped(inputs.skipped_packages)
    if not inputs.items:
        raise UsageError("; ".join(inputs.problems()) or "không có đầu vào / no input")
    prepare(settings)
    calendar = calendar_for(settings.calendar)
    counts = {"added": 0, "replaced": 0, "unchanged": 0, "not_stored": 0}
    with open_register(settings) as reg:
        if reg.applied:
            print(f"tthc: sổ theo dõi mới hoặc được nâng cấp lên phiên bản {max(reg.applied)} / register created or "
                  f"migrated to schema version {max(reg.applied)}: {redacted(reg.url)}", file=sys.stderr)
        todo, hashes = _not_stored_yet(reg, inputs.items, args.received, counts)
        try:
            for _, result in stream("ingest", todo, settings, show_progress(args, len(todo))) if todo else ():
                counts[_store(reg, result, calendar, args.received, hashes.get(result.source))] += 1
        except KeyboardInterrupt:
            print(f"tthc: đã dừng; {counts['added'] + counts['replaced']} văn bản đã lưu vẫn còn trong sổ / stopped; "
                  f"the {counts['added'] + counts['replaced']} documents stored are kept", file=sys.stderr)
            raise
        total_items = len(reg.items())
    print(f"Đã thêm {counts['added']}, thay thế {counts['replaced']}, không đổi {counts['unchanged']}, "
          f"không lưu được {counts['not_stored']} / added {counts['added']}, replaced {counts['replaced']}, "
          f"unchanged {counts['unchanged']}, not stored {counts['not_stored']}; "
          f"sổ có {total_items} việc / the register holds {items_en(total_items)} ({redacted(reg.url)})")
    say_problems(inputs.problems())
    if inputs.missing or inputs.empty:
        return EXIT_USAGE
    return EXIT_FINDINGS if counts["not_stored"] else EXIT_OK


def _not_stored_yet(reg, paths: list[str], received: date | None, counts: dict) -> tuple[list[str], dict]:
    """The inputs to read: a file whose exact content is already stored (with the same receipt
    date, when one is given) is unchanged without being read again, so running an interrupted
    `register add` again goes straight to the files it had not reached. Returns (paths, sha256 by path)."""
    from extract.dossier.personal import mask_text
    from register.entry import content_hash
    from report.tasks import dmy

    stored = reg.stored_files()
    todo, hashes = [], {}
    for path in paths:
        try:
            sha = content_hash(path)
        except OSError:
            todo.append(path)                       # the reader reports what is wrong with it
            continue
        known = stored.get(sha)
        if known is not None and (received is None or received == known[0]):
            print(f"không đổi / unchanged  {known[1] or '(không số)'} {dmy(known[2]) or '(không ngày)'}  "
                  f"{mask_text(path)}  — "
                  f"đã có trong sổ, không đọc lại / already in the register, not read again")
            counts["unchanged"] += 1
        else:
            todo.append(path)
            hashes[path] = sha
    return todo, hashes


def _store(reg, result, calendar, received: date | None, sha256: str | None = None) -> str:
    """Store one read directive and print what happened; the key of `counts` it counts under."""
    from extract.dossier.personal import mask_text
    from register import entry_from
    from report.tasks import dmy

    source = mask_text(result.source)             # the path may hold an identifier (report/safe.py)
    try:
        entry = entry_from(result, calendar, received, sha256=sha256)
        if entry is not None and received is None:
            kept = reg.received_of(entry.key)       # a receipt date given before stays
            if kept is not None:
                entry = entry_from(result, calendar, kept, sha256=entry.content_sha256)
    except OSError as exc:
        print(f"không lưu / not stored  {source}: {mask_text(str(exc.strerror or exc))}")
        return "not_stored"
    if entry is None:
        reason = next((f"{f.code}: {f.message}" for f in result.findings if f.severity == "error"), None) \
            or next((f"{f.code}: {f.message}" for f in result.findings), "không phải văn bản chỉ đạo / not a directive")
        print(f"không lưu / not stored  {source}: {mask_text(reason)}")
        return "not_stored"
    outcome = reg.add(entry)
    label = f"{entry.number or '(không số)'} {dmy(entry.date) or '(không ngày)'}"
    verb = {"added": "đã thêm / added", "replaced": "đã thay thế / replaced",
            "unchanged": "không đổi / unchanged"}[outcome.action]
    detail = f"{outcome.items} việc / {items_en(outcome.items)}"
    if outcome.action == "replaced":
        detail = (f"thay phiên bản trước (phiên bản {outcome.revision}): giữ {outcome.kept} việc cùng trạng thái, "
                  f"thêm {outcome.new}, bỏ {outcome.removed} / replaces the earlier version (revision "
                  f"{outcome.revision}): {outcome.kept} items kept with their status, {outcome.new} new, "
                  f"{outcome.removed} removed")
    elif outcome.action == "unchanged":
        detail = "đã có trong sổ, không có gì thay đổi / already in the register, nothing changed"
    print(f"{verb}  {label}  {source}  — {detail}")
    if outcome.keyed_by_content:
        print("    văn bản thiếu cơ quan, số hoặc ngày ban hành: nhận diện theo nội dung tệp / the document lacks its "
              "issuer, number or date: identified by the file's content")
    return outcome.action


def add_register_parser(sub) -> None:
    p = sub.add_parser("register", help="sổ theo dõi nhiệm vụ: thêm văn bản / the task register: add directives",
                       description="Sổ theo dõi nhiệm vụ của Văn phòng: văn bản chỉ đạo thành các việc theo đơn vị "
                                   "và hạn.\nThe Office's task register: directives become tracked items by assignee "
                                   "and due date.")
    inner = p.add_subparsers(dest="register_command", metavar="add")
    a = inner.add_parser("add", help="đọc và thêm văn bản vào sổ / read directives into the register",
                         description="Đọc văn bản (văn bản thuần, PDF, DOCX, ảnh, bản quét) và lưu vào sổ: văn bản, "
                                     "nhiệm vụ, đơn vị thực hiện và phối hợp, thời hạn (tính ra ngày theo lịch làm "
                                     "việc), văn bản viện dẫn. Mỗi văn bản một giao dịch; thêm lại cùng văn bản "
                                     "(cơ quan + số + ngày) không tạo việc trùng, bản sửa thay bản trước.\n"
                                     "Reads directives in any form and stores them, one transaction per document; "
                                     "the same issuer + number + date again never duplicates its items, a corrected "
                                     "version replaces the earlier one.\n\nMã thoát / exit codes: 0 mọi tệp đã lưu / "
                                     "every file stored; 1 có tệp không lưu được / some file could not be stored; 2 "
                                     "lỗi cách dùng, sổ không mở được, đường dẫn không có / usage error, register "
                                     "cannot be opened, missing path.",
                         formatter_class=argparse.RawDescriptionHelpFormatter)
    a.add_argument("paths", nargs="+", metavar="FILE", help="tệp hoặc thư mục / files or folders")
    a.add_argument("--received", type=date_arg, metavar="DATE",
                   help="ngày nhận văn bản (DD/MM/YYYY), mốc của thời hạn 'kể từ ngày nhận' / the day the documents "
                        "were received, the anchor of 'kể từ ngày nhận' deadlines")
    _register_options(a)
    a.add_argument("--calendar", metavar="FILE", help="tệp lịch làm việc riêng / your working-day calendar file")
    a.add_argument("--workers", type=positive_int, default=None, metavar="N", help="số tiến trình / parallel workers")
    executor_option(a)
    a.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến trình / no progress bar")
    directive_options(a)
    a.set_defaults(func=cmd_register_add)
    p.set_defaults(func=lambda args: (p.print_help(sys.stderr), EXIT_USAGE)[1])


# --------------------------------------------------------------------------- tasks

def within_arg(text: str) -> tuple[int, str]:
    """'7d', '7', '2w', '10wd' (working days), '7 ngày', '5 ngày làm việc' -> (n, day|working_day)."""
    from extract.dossier.durations import DurationError, parse_period      # the words: schemas/lexicons/duration_units.json
    try:
        period = parse_period(text)
    except DurationError:
        period = None
    if period is None or period.unit not in ("day", "working_day") or not float(period.value).is_integer():
        raise argparse.ArgumentTypeError(f"khoảng thời gian không hợp lệ / invalid period {text!r} "
                                         f"(vd / e.g. 7d, 2w, 10wd)")
    return int(period.value), period.unit


def _as_of(args: argparse.Namespace, settings) -> date:
    return args.as_of or settings.as_of or date.today()


def query_of(args: argparse.Namespace, settings, calendar=None):
    """The TaskQuery of the command line's filters."""
    from register import TaskQuery
    as_of = _as_of(args, settings)
    due_from, due_to = None, None
    if getattr(args, "due_within", None):
        n, unit = args.due_within
        due_from = as_of
        if unit == "working_day":
            d, left = as_of, n
            while left > 0:
                d = calendar.next_working_day(d)
                left -= 1
            due_to = d
        else:
            due_to = as_of + timedelta(days=n)
    if getattr(args, "due_before", None):
        due_to = min(due_to, args.due_before) if due_to else args.due_before
    status = "overdue" if getattr(args, "overdue", False) else (args.status or "open")
    if status == "overdue" and args.status not in (None, "overdue"):
        raise UsageError(f"--overdue và --status {args.status} mâu thuẫn / --overdue contradicts --status {args.status}")
    return TaskQuery(assignee=args.assignee, due_from=due_from, due_to=due_to, status=status, as_of=as_of,
                     directive=args.directive)


def cmd_tasks(args: argparse.Namespace) -> int:
    if getattr(args, "tasks_command", None) in ("done", "reopen"):
        return cmd_tasks_status(args)
    if getattr(args, "tasks_command", None) == "history":
        return cmd_tasks_history(args)
    from commands.pipeline import calendar_for, prepare
    from report import tasks as writer

    settings = _settings(args)
    prepare(settings)
    fmt = args.format
    if fmt in ("xlsx", "ics") and not args.output:
        raise UsageError(f"--format {fmt} cần -o TỆP / needs -o FILE (hoặc thư mục với / or a folder with --per-assignee)")
    if args.per_assignee and fmt != "ics":
        raise UsageError("--per-assignee chỉ dùng với --format ics / only with --format ics")
    query = query_of(args, settings, calendar_for(settings.calendar))
    with open_register(settings, create=False) as reg:
        rows = reg.items(query)
    if fmt == "text":
        with open_output(args.output) as out:
            writer.write_tasks_text(rows, out, as_of=query.as_of, title=_title(query))
    elif fmt == "json":
        with open_output(args.output) as out:
            writer.write_tasks_json(rows, out, as_of=query.as_of)
    elif fmt == "csv":
        with output_errors(args.output), _csv_out(args.output) as out:
            writer.write_tasks_csv(rows, out)
    elif fmt == "xlsx":
        with output_errors(args.output):
            writer.write_tasks_xlsx(rows, args.output, as_of=query.as_of)
        print(f"tthc: {len(rows)} việc / {items_en(len(rows))} -> {args.output}", file=sys.stderr)
    else:
        from report.ics import write_ics, write_ics_per_assignee
        with output_errors(args.output):
            if args.per_assignee:
                written = write_ics_per_assignee(rows, args.output, remind_days=args.remind)
                for name, path in written.items():
                    print(f"{path}\t{name}")
            else:
                n = write_ics(rows, args.output, remind_days=args.remind)
                print(f"tthc: {n} hạn / deadlines -> {args.output}", file=sys.stderr)
    return EXIT_OK


def _title(query) -> str:
    from report.tasks import dmy
    parts = []
    if query.status == "overdue":
        parts.append(f"Việc quá hạn tính đến {dmy(query.as_of)}")
    else:
        parts.append({"open": "Việc chưa xong", "done": "Việc đã xong", "all": "Tất cả việc"}[query.status]
                     + f", tính đến {dmy(query.as_of)}")
    if query.assignee:
        from register import body_name
        parts.append(f"đơn vị: {body_name(query.assignee)}")
    if query.due_from and query.due_to:
        parts.append(f"hạn từ {dmy(query.due_from)} đến {dmy(query.due_to)}")
    elif query.due_to:
        parts.append(f"hạn đến hết {dmy(query.due_to)}")
    if query.directive:
        parts.append(f"văn bản {query.directive}")
    return "; ".join(parts)


class _csv_out:
    """CSV to stdout, or to a file with a UTF-8 byte-order mark (spreadsheets then read Vietnamese right)."""

    def __init__(self, path: str | None):
        self.path = path

    def __enter__(self):
        if not self.path or self.path == "-":
            return sys.stdout
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.fh = open(self.path, "w", encoding="utf-8-sig", newline="")
        return self.fh

    def __exit__(self, *exc):
        if self.path and self.path != "-":
            self.fh.close()


def cmd_tasks_status(args: argparse.Namespace) -> int:
    from register import RegisterError
    from report.tasks import shorten, state

    settings = _settings(args)
    status = "done" if args.tasks_command == "done" else "open"
    code = EXIT_OK
    with open_register(settings, create=False) as reg:
        for item_id in args.ids:
            try:
                changed, item = reg.set_status(item_id, status, args.note)
            except RegisterError as exc:
                print(f"tthc: {exc}", file=sys.stderr)
                code = EXIT_USAGE
                continue
            item["days_left"] = (item["due_date"] - date.today()).days if item["due_date"] else None
            what = ("đã đánh dấu xong / marked done" if status == "done" else "đã mở lại / reopened") if changed \
                else ("vẫn như trước / already so" + (", đã ghi chú / note added" if args.note else ""))
            print(f"{item_id}: {what} — {item.get('assignee') or '—'}: {shorten(item['task'], 80)} ({item.get('number') or ''}); "
                  f"{state(item)}")
    return code


def cmd_tasks_history(args: argparse.Namespace) -> int:
    from extract.dossier.personal import mask_text
    from report.tasks import dmy, shorten
    settings = _settings(args)
    with open_register(settings, create=False) as reg:
        rows = reg.history(item_id=args.id)
        items = reg.items(_all_items(args.id))
        if not items:
            raise UsageError(f"không có việc số {args.id} / no item {args.id}")
        item = items[0]
        doc_rows = [h for h in reg.history(document_id=item["document_id"]) if h["item_id"] is None]
    print(f"Việc {args.id}: {item.get('assignee') or '—'} — {shorten(item['task'], 100)} ({item.get('number') or ''})")
    labels = {"added": "thêm văn bản", "replaced": "thay bằng bản mới", "done": "đánh dấu xong",
              "reopened": "mở lại", "note": "ghi chú"}
    for h in sorted(doc_rows + rows, key=lambda h: (h["at"], h["id"])):
        print(f"  {dmy(h['at'])}  {labels.get(h['action'], h['action'])}"
              + (f" — {mask_text(h['note'])}" if h.get("note") else "")
              + (f"  ({mask_text(h['actor'])})" if h.get("actor") else ""))
    return EXIT_OK


def _all_items(item_id: int):
    from register import TaskQuery
    return TaskQuery(item_ids=(item_id,), status="all")


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--assignee", metavar="ĐƠN_VỊ",
                   help="đơn vị thực hiện, so theo tên chuẩn ('Sở TT&TT' tìm được 'Sở Thông tin và Truyền thông') / "
                        "assignee, matched on canonical agency names")
    p.add_argument("--due-within", type=within_arg, metavar="N",
                   help="hạn trong N ngày tới tính từ --as-of: 7d, 2w, 10wd (ngày làm việc) / due in the next N days")
    p.add_argument("--due-before", type=date_arg, metavar="DATE",
                   help="hạn đến hết ngày này (DD/MM/YYYY) / due on or before this day")
    p.add_argument("--overdue", action="store_true", help="chỉ việc quá hạn tính đến --as-of / only overdue items")
    p.add_argument("--as-of", type=date_arg, metavar="DATE",
                   help="ngày đối chiếu (DD/MM/YYYY; mặc định hôm nay hoặc as_of trong tthc.toml) / reference day")
    p.add_argument("--status", choices=("open", "done", "overdue", "all"), default=None,
                   help="open chưa xong (mặc định), done đã xong, overdue quá hạn, all tất cả / "
                        "open (default), done, overdue, all")
    p.add_argument("--directive", metavar="SỐ",
                   help="số văn bản (vd 48/KH-UBND) hoặc mã văn bản trong sổ / the directive's number or register id")


def add_tasks_parser(sub) -> None:
    p = sub.add_parser("tasks", help="việc cần theo dõi: tra cứu, đánh dấu xong / tracked items: query, mark done",
                       description="Tra cứu việc trong sổ theo dõi: theo đơn vị, hạn, quá hạn, tình trạng, văn bản; "
                                   "xuất bảng, JSON, CSV, XLSX hoặc lịch ICS. `tthc tasks done ID --note …`, "
                                   "`tthc tasks reopen ID`, `tthc tasks history ID`.\n"
                                   "Query the register's items by assignee, due date, overdue, status, directive; "
                                   "write a table, JSON, CSV, XLSX or an ICS calendar.",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    _filter_options(p)
    p.add_argument("--format", choices=("text", "json", "csv", "xlsx", "ics"), default="text")
    p.add_argument("-o", "--output", metavar="OUT",
                   help="tệp kết quả (thư mục với --per-assignee) / output file (a folder with --per-assignee)")
    p.add_argument("--per-assignee", action="store_true",
                   help="ics: một tệp cho mỗi đơn vị trong thư mục OUT / one .ics per assignee in folder OUT")
    p.add_argument("--remind", type=int, default=1, metavar="DAYS",
                   help="ics: nhắc lúc 09:00 trước hạn DAYS ngày (mặc định 1) / reminder at 09:00 DAYS days before")
    p.add_argument("--calendar", metavar="FILE", help="tệp lịch làm việc riêng (cho --due-within Nwd) / calendar file")
    _register_options(p)
    inner = p.add_subparsers(dest="tasks_command", metavar="{done,reopen,history}")
    for name, help_vi in (("done", "đánh dấu xong / mark done"), ("reopen", "mở lại / reopen")):
        s = inner.add_parser(name, help=help_vi, description=help_vi)
        s.add_argument("ids", nargs="+", type=int, metavar="ID", help="mã việc (cột Mã) / item id")
        s.add_argument("--note", help="ghi chú (lưu vào lịch sử) / a note, kept in the history")
        _register_options(s)
        s.set_defaults(func=cmd_tasks)
    h = inner.add_parser("history", help="lịch sử của một việc / the history of an item")
    h.add_argument("id", type=int, metavar="ID", help="mã việc (cột Mã) / item id")
    _register_options(h)
    h.set_defaults(func=cmd_tasks)
    p.set_defaults(func=cmd_tasks)


# --------------------------------------------------------------------------- report

def cmd_report(args: argparse.Namespace) -> int:
    from commands.pipeline import calendar_for, prepare
    from report.html import write_html

    settings = _settings(args)
    prepare(settings)
    if args.status is None:
        args.status = "all"
    query = query_of(args, settings, calendar_for(settings.calendar))
    with open_register(settings, create=False) as reg:
        rows = reg.items(query)
        ids = {r["document_id"] for r in rows}
        docs = [d for d in reg.documents() if d["id"] in ids or not (query.assignee or query.directive)]
    with output_errors(args.html):
        write_html(rows, docs, args.html, as_of=query.as_of)
    print(f"tthc: báo cáo / report -> {args.html} ({len(rows)} việc / items, {len(docs)} văn bản / documents)",
          file=sys.stderr)
    return EXIT_OK


def add_report_parser(sub) -> None:
    p = sub.add_parser("report", help="báo cáo HTML của sổ theo dõi / the register as an HTML report",
                       description="Một trang HTML độc lập (không cần mạng, đọc được trên điện thoại): văn bản, việc "
                                   "theo đơn vị (quá hạn trước), dòng thời gian các hạn, bộ lọc.\n"
                                   "One self-contained HTML page (no network, readable on a phone): directives, items "
                                   "by assignee with the overdue first, a timeline of due dates, filters.")
    p.add_argument("--html", required=True, metavar="OUT.html", help="tệp HTML / the HTML file")
    _filter_options(p)
    p.add_argument("--calendar", metavar="FILE", help="tệp lịch làm việc riêng / calendar file")
    _register_options(p)
    p.set_defaults(func=cmd_report)
