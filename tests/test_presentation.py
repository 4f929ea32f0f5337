"""Vietnamese presentation (issue 15): argparse and configuration errors in both languages,
dd/mm/yyyy in Vietnamese text and ISO in JSON, no English words in Vietnamese output, --as-of
in dd/mm/yyyy, text that fits an 80-column terminal."""
import json
import re

import pytest

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


ENGLISH = re.compile(r"\b(quarterly|monthly|weekly|yearly|daily|warning|error|None|null)\b")


@pytest.mark.parametrize("argv", [
    ["ingest", "samples/directives/ke-hoach-clean.txt", "--format", "text"],
    ["ingest", "samples/directives/cong-van-thoi-han-sai.txt", "--format", "text"],
    ["ingest", "samples/directives/cong-van-so-ngay-trong.txt", "--format", "text"],
    ["check", "samples/directives/cong-van-thoi-han-sai.txt"],
])
def test_no_english_words_in_vietnamese_output(argv, capsys):
    _, out, _ = _cli(argv, capsys)
    vietnamese = " ".join(part.split(" / ")[0] for part in out.splitlines())   # drop the English halves
    assert not ENGLISH.search(vietnamese), ENGLISH.search(vietnamese)
    assert "Cách đọc: None" not in out


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
])
def test_text_fits_an_80_column_terminal(argv, stream, capsys):
    _, out, err = _cli(argv, capsys)
    text = out if stream == "out" else err
    assert text.strip() and _widest(text) <= 80, max(text.splitlines(), key=len)
