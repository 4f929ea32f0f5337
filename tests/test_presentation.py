"""Vietnamese presentation (issue 15): argparse and configuration errors in both languages,
dd/mm/yyyy in Vietnamese text and ISO in JSON, no English words in Vietnamese output, --as-of
in dd/mm/yyyy, text that fits an 80-column terminal."""
import json
import re

import pytest

import schemas

SAMPLES = "samples/dossiers"


def _cli(argv, capsys):
    from cli import main
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def _widest(text: str) -> int:
    """The longest line, but for a line that is one unbreakable token (an address)."""
    return max((len(line) for line in text.splitlines() if " " in line.strip()), default=0)


@pytest.mark.parametrize("argv, vi, en", [
    (["validate"], "thiếu đối số bắt buộc: PATH", "the following arguments are required: PATH"),
    (["validate", "x", "--format", "pdf"], "lựa chọn không hợp lệ: 'pdf'", "invalid choice: 'pdf'"),
    (["khong-co-lenh"], "lựa chọn không hợp lệ: 'khong-co-lenh'", "invalid choice"),
    (["check", "x", "--khong-co"], "đối số không nhận ra: --khong-co", "unrecognized arguments: --khong-co"),
    (["due", "--from"], "cần một giá trị", "expected one argument"),
    (["check", "x", "--as-of", "32/01/2025"], "ngày không hợp lệ", "invalid date"),
    (["calendar", "abc"], "năm không hợp lệ", "invalid year"),
])
def test_argparse_errors_are_bilingual(argv, vi, en, capsys):
    code, _, err = _cli(argv, capsys)
    assert code == 2
    assert vi in err and en in err and "lỗi / error" in err and "cách dùng / usage" in err


def test_help_is_bilingual(capsys):
    code, out, _ = _cli(["validate", "--help"], capsys)
    assert code == 0
    assert "cách dùng / usage:" in out and "tùy chọn / options:" in out and "đối số / positional arguments:" in out
    assert "in hướng dẫn này rồi thoát / show this help message and exit" in " ".join(out.split())
    assert not re.search(r"^usage:", out, re.M) and "\noptions:" not in out


def _arguments(parser, name="tthc"):
    """(command, option or argument, help) of every argument of every command and subcommand."""
    import argparse
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, inner in action.choices.items():
                yield from _arguments(inner, f"{name} {sub}")
        elif action.help is not argparse.SUPPRESS:
            yield name, "/".join(action.option_strings) or action.dest, action.help


def test_every_option_of_every_command_says_what_it_does():
    """`tthc COMMAND --help` is all a user has: no option without words (a bare `--format
    {text,json}` said nothing of its default), and a --format says its default."""
    from cli import build_parser
    arguments = list(_arguments(build_parser()))
    assert len({command for command, _, _ in arguments}) >= 15
    assert [(c, a) for c, a, text in arguments if not text] == []
    formats = [(c, text) for c, a, text in arguments if a == "--format"]
    assert len(formats) >= 12
    assert [c for c, text in formats if "default" not in text] == []


@pytest.mark.parametrize("toml, vi, en", [
    ("fail_on = \n", "cú pháp TOML sai ở dòng 1, cột", "TOML syntax error"),
    ("khong_co = 1\n", "khóa không có", "unknown key"),
    ('as_of = "31/02/2025"\n', "không phải ngày", "is not a date"),
])
def test_configuration_errors_are_bilingual(tmp_path, toml, vi, en, capsys):
    cfg = tmp_path / "tthc.toml"
    cfg.write_text(toml, encoding="utf-8")
    code, _, err = _cli(["stats", SAMPLES, "--config", str(cfg)], capsys)
    assert code == 2 and vi in err and en in err and "Traceback" not in err


def test_as_of_accepts_dd_mm_yyyy_on_the_command_line_and_in_the_config(tmp_path, capsys):
    code, out, _ = _cli(["stats", SAMPLES, "--as-of", "31/12/2024", "--format", "json"], capsys)
    assert code == 0 and json.loads(out)["as_of"] == "2024-12-31"                 # ISO in JSON
    cfg = tmp_path / "tthc.toml"
    cfg.write_text('as_of = "15/03/2024"\n', encoding="utf-8")
    code, out, _ = _cli(["stats", SAMPLES, "--config", str(cfg), "--format", "json"], capsys)
    assert json.loads(out)["as_of"] == "2024-03-15"


@pytest.mark.parametrize("argv", [
    ["ingest", "--format", "text"], ["ingest", "--format", "text", "--lang", "en"], ["check"], ["check", "--lang", "en"],
])
def test_a_directive_date_is_dd_mm_yyyy_in_text_in_both_languages(argv, capsys):
    """The date of issue under the file name (check) and in the header (ingest) reads 29/02/2024 in
    English too, as the English messages write their dates."""
    code, out, _ = _cli([argv[0], "samples/directives/cong-van-clean.txt", *argv[1:], "--no-progress"], capsys)
    assert re.search(r"\b\d{2}/\d{2}/\d{4}\b", out) and not re.search(r"\d{4}-\d{2}-\d{2}", out), out


def test_dates_are_dd_mm_yyyy_in_text_and_iso_in_json(capsys):
    code, out, _ = _cli(["due", "--from", "24/01/2025 15:00", "--in", "5 ngày làm việc"], capsys)
    assert "07/02/2025 15:00" in out and not re.search(r"\d{4}-\d{2}-\d{2}", out)
    code, out, _ = _cli(["due", "--from", "24/01/2025 15:00", "--in", "5 ngày làm việc", "--format", "json"], capsys)
    assert json.loads(out)["due"] == "2025-02-07T15:00:00"
    code, out, _ = _cli(["validate", f"{SAMPLES}/tre-han-khong-xin-loi", "--format", "json", "--disable", "SIG",
                         "--no-summary"], capsys)
    record = json.loads(out)[0]
    messages = " ".join(f["message"] for f in record["findings"])
    assert re.search(r"\d{2}/\d{2}/\d{4}", messages) and not re.search(r"\d{4}-\d{2}-\d{2}", messages)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", record["on_time"]["due"])


# Words the code itself writes in English (enum values, severities, verdicts, Python's None):
# what leaked before into Vietnamese output. Case matters: "None" is Python's, a JSON null in a
# message quoting the manifest's valid values is the manifest's own word.
ENGLISH = re.compile(r"\b(None|True|False|null|quarterly|monthly|weekly|yearly|daily|warning|error|info|"
                     r"valid|invalid|indeterminate|unsigned|unreadable|unverified|verified|"
                     r"on_time|tre_han|working_day|day_off|half_day)\b")
BOX = re.compile(r"[\u2500-\u257f]")                                    # table borders


def vietnamese_part(text: str) -> str:
    """What a Vietnamese reader reads of bilingual output: text is written "tiếng Việt /
    English", also across wrapped lines and table cells, so after each " / " the words up to
    the next one with a Vietnamese letter are the English half and are dropped. File names,
    finding codes and identifiers (a "/" or "." inside) are no words either."""
    flat = " ".join(BOX.sub(" ", text).split())
    parts = flat.split(" / ")
    kept = [parts[0]]
    for part in parts[1:]:
        m = re.search(r"\S*[^\x00-\x7f]\S*", part)
        kept.append(part[m.start():] if m else "")
    words = " ".join(kept).split()
    return " ".join(w for w in words if not re.search(r"\w[/.]\w", w))


@pytest.mark.parametrize("argv", [
    ["ingest", "samples/directives/ke-hoach-clean.txt", "--format", "text"],
    ["ingest", "samples/directives/cong-van-thoi-han-sai.txt", "--format", "text"],
    ["ingest", "samples/directives/cong-van-so-ngay-trong.txt", "--format", "text"],
    ["check", "samples/directives/cong-van-thoi-han-sai.txt"],
    ["check", "samples/directives/cong-van-ky-thay-sai.txt"],
    ["validate", f"{SAMPLES}/thieu-thanh-phan", f"{SAMPLES}/tre-han-khong-xin-loi", f"{SAMPLES}/chua-so-hoa",
     "--format", "text", "--disable", "SIG"],
    ["validate", SAMPLES, "--disable", "SIG", "-o", "/dev/null"],                 # the summary tables
    ["signatures", "samples/signatures", "--trust-roots", "samples/pki"],
    ["stats", SAMPLES],
    ["calendar", "2025"],
    ["calendar", "2020"],
    ["procedures", "list"],
    ["procedures", "show", "1.001193"],
    ["procedures", "show", "1.009994"],
    ["workdays", "20/01/2025", "17/02/2025"],
    ["due", "--from", "24/01/2025 15:00", "--in", "5 ngày làm việc"],
])
def test_no_english_words_in_vietnamese_output(argv, capsys):
    _, out, err = _cli(argv, capsys)
    text = out + err
    assert text.strip()
    found = ENGLISH.search(vietnamese_part(text))
    assert not found, (found, vietnamese_part(text)[max(0, found.start() - 80):found.end() + 40])
    assert "Cách đọc: None" not in text


@pytest.mark.parametrize("text, leak", [
    ("  warning SIG.EXPIRED: Chứng thư hết hạn", "warning"),                    # a severity as the code names it
    ("Chu kỳ: quarterly", "quarterly"),
    ("Cách đọc: None", "None"),
    ("Tổ chức / Organization: Ủy ban │ valid │", "valid"),                     # a verdict in a table cell
    ("Hạn / due: 2025 Trạng thái: on_time", "on_time"),
])
def test_the_english_check_finds_a_leak(text, leak):
    assert ENGLISH.search(vietnamese_part(text)).group(0) == leak


@pytest.mark.parametrize("text", [
    "Trễ hạn / Finished late; đúng hạn / on time",
    "Số hồ sơ / records: 72. Đang xử lý quá hạn / Open,\n│overdue │ 0 │\nTạm dừng / Paused",
    "samples/signatures/01-valid.pdf — hợp lệ / valid, with warnings",
    "lỗi DIGI.UNREADABLE ×2",
])
def test_the_english_check_leaves_the_english_halves_alone(text):
    assert not ENGLISH.search(vietnamese_part(text))


def test_recurrences_are_said_in_vietnamese(capsys):
    _, out, _ = _cli(["ingest", "samples/directives/ke-hoach-clean.txt", "--format", "text"], capsys)
    assert "hằng quý" in out and "quarterly" not in out


def test_stats_note_is_in_vietnamese_too(capsys):
    _, out, _ = _cli(["stats", SAMPLES], capsys)
    assert "Phân loại đúng hạn theo ngày hẹn trả ghi trên hồ sơ" in out


@pytest.mark.parametrize("argv, stream", [
    (["stats", SAMPLES], "out"),
    (["validate", f"{SAMPLES}/thieu-thanh-phan", f"{SAMPLES}/sai-luoc-do", "--format", "text", "--disable", "SIG"], "out"),
    (["validate", SAMPLES, "--disable", "SIG", "-o", "/dev/null"], "err"),       # the summary tables
    (["calendar", "2024"], "out"),
    (["procedures", "list"], "out"),
    (["ingest", "samples/directives/ke-hoach-clean.txt", "--format", "text"], "out"),
    (["workdays", "20/01/2025", "17/02/2025"], "out"),
    (["due", "--from", "24/01/2025 15:00", "--in", "5 ngày làm việc"], "out"),
    (["signatures", "samples/signatures", "--trust-roots", "samples/pki"], "out"),
    (["procedures", "list", "--field", "đất đai"], "out"),
    (["checks", "list"], "out"),
    (["checks", "list", "--lang", "en"], "out"),
    *[(["calendar", str(year), "--lang", lang], "out") for year in range(2019, 2027) for lang in ("vi", "en")],
    *[(["procedures", "show", path.stem], "out") for path in sorted(schemas.path("procedures").glob("*.json"))],
])
def test_text_fits_an_80_column_terminal(argv, stream, capsys):
    code, out, err = _cli(argv, capsys)
    assert code == 0 or argv[0] in ("validate", "signatures"), (out, err)          # those two find problems
    text = out if stream == "out" else err
    assert text.strip() and _widest(text) <= 80, max(text.splitlines(), key=len)


@pytest.mark.parametrize("argv", [
    ["check", "samples/directives/cong-van-thoi-han-sai.txt", "samples/directives/chi-thi-clean.txt"],
    ["validate", f"{SAMPLES}/thieu-thanh-phan", f"{SAMPLES}/sai-luoc-do", "--format", "text", "--disable", "SIG"],
    ["checks", "list"],
])
def test_text_lines_carry_no_padding(argv, capsys):
    """Messages wrap without the spaces a terminal table pads lines with (a clerk copying a message
    into a reply, a diff of two runs); a finding without a place shows no placeholder dash."""
    _, out, _ = _cli(argv, capsys)
    lines = out.splitlines()
    assert lines and not [line for line in lines if line.endswith(" ")]
    assert not [line for line in lines if line.rstrip().endswith("  —")]


@pytest.mark.parametrize("command", [["ingest", "--format", "text"], ["check"], ["ingest", "--format", "text", "--lang", "en"]])
def test_brackets_in_a_document_are_text_not_terminal_markup(command, tmp_path, capsys):
    """A subject or task with '[/]' or '[bold]' is printed as written; it once stopped `ingest`
    with a rich MarkupError traceback."""
    path = tmp_path / "cong-van.txt"
    path.write_text("ỦY BAN NHÂN DÂN\nTỈNH NINH THUẬN\nSố: 12/UBND-VX\nV/v thử [/] và [bold]\n"
                    "Kính gửi: Sở Nội vụ\n1. Sở Nội vụ báo cáo [/x] trước ngày 30/6/2024.\n", encoding="utf-8")
    code, out, err = _cli([command[0], str(path), *command[1:]], capsys)
    assert code in (0, 1) and "Traceback" not in err, err
    assert "thử [/] và [bold]" in out or command[0] == "check", out
    assert "[/x]" in out or command[0] == "check", out
    assert not [line for line in out.splitlines() if line.endswith(" ")]


@pytest.mark.parametrize("command", [["stats"], ["validate", "--disable", "SIG", "--format", "text"],
                                     ["reconcile", "{folder}"]])
def test_brackets_in_a_dossier_are_text_not_terminal_markup(command, tmp_path, capsys):
    """A unit named "UBND [/] xã" (DonViXuLy comes from the export) is printed as written."""
    import json
    import shutil
    folder = tmp_path / "ho-so"
    shutil.copytree(f"{SAMPLES}/hop-le-1.001193", folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["DonViXuLy"] = "UBND [/] xã [bold]Mẫu"
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    argv = [command[0], str(folder), *(str(a).format(folder=folder) for a in command[1:])]
    code, out, err = _cli(argv, capsys)
    assert "Traceback" not in err and code in (0, 1), err
    assert "[/]" in out + err, out + err


# --------------------------------------------------------------------------- dates on the command line

def _date_options() -> list[tuple[tuple[str, ...], str, str]]:
    """(command path, option, kind) of every option of every command whose value is a day
    ("date") or a moment ("datetime")."""
    import argparse
    from cli import build_parser
    from commands.common import date_arg, datetime_arg
    kinds = {date_arg: "date", datetime_arg: "datetime"}
    found = []

    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, path + (name,))
            elif action.type in kinds:
                found.append((path, action.option_strings[0], kinds[action.type]))
    walk(build_parser(), ())
    return found


# The least each command needs besides the option, to be parsed.
REQUIRED_ARGS = {
    ("ingest",): ["x.txt"], ("check",): ["x.txt"], ("signatures",): ["x.pdf"], ("stats",): ["x"],
    ("reconcile",): ["a.jsonl", "b.jsonl"], ("validate",): ["x"], ("register", "add"): ["x.txt"],
    ("tasks",): [], ("report",): ["--html", "x.html"],
}
DATE_OPTIONS = _date_options()
WRITTEN = {"date": [("31/12/2024", "2024-12-31"), ("1.3.2025", "2025-03-01"), ("05-01-2025", "2025-01-05")],
           "datetime": [("31/12/2024", "2024-12-31T00:00"), ("31/12/2024 15:30", "2024-12-31T15:30"),
                        ("1/3/2025 8:05:09", "2025-03-01T08:05:09")]}


def test_every_date_option_is_in_the_table():
    assert {path for path, _, _ in DATE_OPTIONS} == set(REQUIRED_ARGS)
    assert ("--as-of" in {opt for _, opt, _ in DATE_OPTIONS}) and ("--at" in {opt for _, opt, _ in DATE_OPTIONS})


@pytest.mark.parametrize("path, option, kind", DATE_OPTIONS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
def test_every_date_option_takes_dd_mm_yyyy(path, option, kind, capsys):
    from cli import build_parser
    dest = option.lstrip("-").replace("-", "_")
    for vietnamese, iso in WRITTEN[kind]:
        ours = getattr(build_parser().parse_args([*path, *REQUIRED_ARGS[path], option, vietnamese]), dest)
        theirs = getattr(build_parser().parse_args([*path, *REQUIRED_ARGS[path], option, iso]), dest)
        assert ours == theirs, (vietnamese, iso)
    code, _, err = _cli([*path, *REQUIRED_ARGS[path], option, "31/02/2025"], capsys)
    assert code == 2 and "dd/mm/yyyy" in err and "không hợp lệ" in err and "invalid" in err


def test_as_of_and_at_in_dd_mm_yyyy_reach_the_results(tmp_path, capsys):
    code, out, _ = _cli(["validate", f"{SAMPLES}/tre-han-khong-xin-loi", "--as-of", "31/12/2024", "--format", "json",
                         "--disable", "SIG", "--no-summary"], capsys)
    assert json.loads(out)[0]["on_time"]["as_of"] == "2024-12-31"
    code, out, _ = _cli(["signatures", "samples/signatures/01-valid.pdf", "--trust-roots", "samples/pki",
                         "--at", "01/07/2025 10:00", "--format", "json"], capsys)
    assert json.loads(out)["signatures"][0]["validation_time"] == "2025-07-01T10:00:00+07:00"
    cfg = tmp_path / "tthc.toml"
    cfg.write_text('at = "01/07/2025 10:00"\n', encoding="utf-8")
    code, out, _ = _cli(["signatures", "samples/signatures/01-valid.pdf", "--trust-roots", "samples/pki",
                         "--config", str(cfg), "--format", "json"], capsys)
    assert json.loads(out)["signatures"][0]["validation_time"] == "2025-07-01T10:00:00+07:00"
    cfg.write_text('at = "31/02/2025 10:00"\n', encoding="utf-8")
    code, _, err = _cli(["signatures", "samples/signatures/01-valid.pdf", "--config", str(cfg)], capsys)
    assert code == 2 and "không phải thời điểm" in err and "is not a date-time" in err


def test_the_calendar_title_with_a_provinces_file_fits_80_columns(tmp_path, capsys):
    from tests.test_calendar_years import _readme_calendar_example
    folder = tmp_path / "cau-hinh-cua-van-phong-uy-ban-nhan-dan-tinh"
    folder.mkdir()
    (folder / "lich-lam-viec-cua-tinh.json").write_text(_readme_calendar_example()[0], encoding="utf-8")
    code, out, _ = _cli(["calendar", "2025", "--calendar", str(folder / "lich-lam-viec-cua-tinh.json")], capsys)
    assert code == 0 and "TB-TINH" in out and _widest(out) <= 80, max(out.splitlines(), key=len)


@pytest.mark.parametrize("when, shown", [
    ("2024-03-18T10:00:00+07:00", "18/03/2024 10:00:00 (+07:00)"),
    ("2024-03-18T03:00:00Z", "18/03/2024 03:00:00 (UTC)"),
])
def test_computed_moments_read_dd_mm_yyyy_in_vietnamese_and_iso_in_english(when, shown):
    from extract.model import Finding
    f = Finding.of("SIG.NO_PROOF_OF_EXISTENCE", evidence=when, field="Sig1", when=when, claimed="", claimed_en="",
                   source="", source_en="")
    assert shown in f.message and when not in f.message
    assert when in f.message_en and f.evidence == when          # the evidence is quoted as found
