"""The export reader: every format, streaming, and bad input as problems (never exceptions)."""
import json
import zipfile
from datetime import datetime

import openpyxl
import pytest

import extract.dossier.exports as exports
from extract.dossier.exports import ExportProblem, iter_records, mask, masked
from extract.dossier.timeline import timeline_of


def records(paths) -> tuple[list[dict], list[ExportProblem]]:
    problems: list[ExportProblem] = []
    return [r for _, r in iter_records([str(p) for p in paths], problems)], problems


def dossiers(n):
    return [{"MaHoSo": f"H-{i}", "TrangThaiHoSo": "4", "NgayTiepNhan": "20250303090000",
             "TrichYeuHoSo": "x" * (i % 7) + "ă]}\"[{"} for i in range(n)]


def test_json_array_is_streamed_across_buffer_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "_CHUNK", 37)        # objects straddle every chunk boundary
    p = tmp_path / "a.json"
    p.write_text(json.dumps(dossiers(50), ensure_ascii=False, indent=1), encoding="utf-8")
    got, problems = records([p])
    assert got == dossiers(50) and problems == []


@pytest.mark.parametrize("text, n, fragment", [
    ('[{"MaHoSo": "A"}, 5, {"MaHoSo": "B"}]', 2, "not a dossier object"),
    ('[{"MaHoSo": "A"}, {"MaHoSo": ', 1, "invalid JSON"),
    ('[{"MaHoSo": "A"}', 1, "truncated JSON"),
    ('{"data": [{"MaHoSo": "A"}, {"MaHoSo": "B"}]}', 2, None),
    ('{"hoSo": {"MaHoSo": "A"}, "QuaTrinhXuLy": []}', 1, None),
    ('{"MaHoSo": "A"', 0, "invalid JSON"),
    ('"just a string"', 0, "neither a dossier"),
    ('[{"TenThuTuc": "not a dossier"}]', 0, "none of the dossier fields"),
])
def test_json_variants(tmp_path, text, n, fragment):
    p = tmp_path / "x.json"
    p.write_text(text, encoding="utf-8")
    got, problems = records([p])
    assert len(got) == n
    if fragment:
        assert any(fragment in pr.message_en for pr in problems) and all(pr.message for pr in problems)
    else:
        assert problems == []


def test_jsonl_with_a_bad_line_goes_on(tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"MaHoSo": "A"}\n{bad\n\n[1]\n{"MaHoSo": "B"}\n', encoding="utf-8")
    got, problems = records([p])
    assert [r["MaHoSo"] for r in got] == ["A", "B"]
    assert [pr.message_en.split(":")[0] for pr in problems] == ["line 2", "line 4 is not a dossier object; skipped"]


def test_csv_with_semicolons_bom_and_json_cells(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text('\ufeffMaHoSo;TrangThaiHoSo;NgayTiepNhan;DanhSachGiayToKetQua\n'
                 'A;10;24/01/2025 15:00;"[{""TenGiayTo"": ""GP"", ""DuongDanTepTinKetQua"": ""a.pdf""}]"\n'
                 ';;;\n', encoding="utf-8")
    got, problems = records([p])
    assert len(got) == 1 and problems == []
    t = timeline_of(got[0])
    assert t.received == datetime(2025, 1, 24, 15) and t.results_with_file == 1 and t.status == "10"


def test_xlsx_with_real_datetimes_and_numbers(tmp_path):
    p = tmp_path / "x.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["MaHoSo", "TrangThaiHoSo", "NgayTiepNhan", "KenhThucHien"])
    ws.append(["A", 10, datetime(2025, 1, 24, 15, 0), 2])
    ws.append([None, None, None, None])
    wb.save(p)
    got, problems = records([p])
    t = timeline_of(got[0])
    assert (t.status, t.channel, t.received) == ("10", "2", datetime(2025, 1, 24, 15))


def test_zip_packages_bad_zip_and_zip_without_manifest(tmp_path):
    good = tmp_path / "g.zip"
    with zipfile.ZipFile(good, "w") as z:
        z.writestr("a/manifest.json", json.dumps({"MaHoSo": "A"}))
        z.writestr("b/manifest.json", "{broken")
        z.writestr("a/files/x.pdf", b"%PDF")
    empty = tmp_path / "e.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("readme.txt", "hi")
    bad = tmp_path / "b.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    got, problems = records([good, empty, bad])
    assert [r["MaHoSo"] for r in got] == ["A"]
    assert len(problems) == 3
    assert any("unreadable manifest.json" in p.message_en for p in problems)
    assert any("no manifest.json" in p.message_en for p in problems)
    assert any("corrupt .zip" in p.message_en for p in problems)


@pytest.mark.parametrize("name, content, fragment", [
    ("empty.json", "", "empty file"), ("x.txt", "MaHoSo", "unsupported format"),
    ("h.csv", "\n\n", "without a header"),
])
def test_other_bad_files(tmp_path, name, content, fragment):
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    got, problems = records([p])
    assert got == [] and fragment in problems[0].message_en


def test_not_utf8(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes("MaHoSo\nHồ sơ\n".encode("utf-16"))
    got, problems = records([p])
    assert got == [] and problems


def test_missing_path(tmp_path):
    got, problems = records([tmp_path / "nope.jsonl"])
    assert got == [] and "no such file" in problems[0].message_en and "không tìm thấy" in problems[0].message


def test_mask():
    assert mask("001203004567") == "*********567"
    assert mask("ab") == "**" and mask(None) == ""
    m = masked({"SoGiayToChuHoSo": "001203004567", "MaHoSo": "A", "Email": ""})
    assert m == {"SoGiayToChuHoSo": "*********567", "MaHoSo": "A", "Email": ""}
