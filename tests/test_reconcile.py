"""`tthc reconcile`: the provincial export against the national portal's, on a synthetic batch
whose differences are known by construction (bench/synth_batch.portal_copy)."""
import json

from datetime import date

import pytest

from tests.kit.synth_batch import portal_copy, synth_dossiers, write_records
from extract.dossier.reconcile import has_differences, reconcile
from cli import main

AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def sides():
    left = [r for r, _ in synth_dossiers(700, seed=5, as_of=AS_OF)]
    right, truth = portal_copy(left, seed=9)
    return left, right, truth


def test_known_differences_are_found_and_nothing_else(sides):
    left, right, truth = sides
    r = reconcile(left, right, AS_OF, names=("tinh", "dvcqg"))
    assert sorted(x["MaHoSo"] for x in r["only_left"]) == sorted(truth["only_left"])
    assert sorted(x["MaHoSo"] for x in r["only_right"]) == sorted(truth["only_right"])
    assert sorted(x["MaHoSo"] for x in r["on_time_disagreements"]) == sorted(truth["late_right_only"])
    assert all(x["late_on"] == "dvcqg" for x in r["on_time_disagreements"])
    changed = set(truth["status"]) | set(truth["late_right_only"])
    # every date was rewritten as ISO text on the portal side: that alone is no difference
    assert {d["MaHoSo"] for d in r["differences"]} == changed
    status = {d["MaHoSo"] for d in r["differences"] if any(f["field"] == "TrangThaiHoSo" for f in d["fields"])}
    assert status == set(truth["status"])
    assert r["matched"] == len(left) - len(truth["only_left"])


def test_unit_rows_add_up_to_the_total(sides):
    left, right, _ = sides
    r = reconcile(left, right, AS_OF)
    for side in ("left", "right"):
        for key in ("ho_so", "da_xu_ly", "dung_han", "tre_han", "qua_han"):
            assert sum(u[side][key] for u in r["units"]) == r["total"][side][key]
    assert sum(u["only_left"] for u in r["units"]) == r["total"]["only_left"]
    # the portal side is later on exactly the dossiers made late there
    assert r["total"]["right"]["tre_han"] - r["total"]["left"]["tre_han"] == \
        len(r["on_time_disagreements"]) - sum(1 for x in r["only_left"] if x["class"] == "tre_han") \
        + sum(1 for x in r["only_right"] if x["class"] == "tre_han")


def test_identical_exports_have_no_differences(sides):
    left, _, _ = sides
    r = reconcile(left, list(left), AS_OF)
    assert not has_differences(r) and r["matched"] == len(left)


def test_duplicates_and_records_without_code():
    a = {"MaHoSo": "X-1", "TrangThaiHoSo": "4", "NgayTiepNhan": "20250303090000", "NgayHenTra": "20250310090000"}
    r = reconcile([a, dict(a), {"TrangThaiHoSo": "4"}], [a], AS_OF)
    assert r["left"]["duplicates"] == ["X-1"] and r["left"]["without_code"] == 1
    assert has_differences(r)


def test_unit_names_differing_only_in_spelling_are_the_same():
    a = {"MaHoSo": "X-1", "DonViXuLy": "UBND phường Hoà Bình", "TrangThaiHoSo": "4"}
    b = dict(a, DonViXuLy="UBND PHƯỜNG HÒA BÌNH")
    assert reconcile([a], [b], AS_OF)["differences"] == []


def test_cli_text_json_xlsx_and_exit_codes(tmp_path, sides, capsys):
    left, right, truth = sides
    lp, rp = tmp_path / "tinh.jsonl", tmp_path / "dvcqg.xlsx"
    write_records(lp, left)
    write_records(rp, right)
    assert main(["reconcile", str(lp), str(rp), "--as-of", "2025-12-31", "--limit", "2"]) == 1
    text = capsys.readouterr().out
    assert "Chỉ có ở tinh" in text and "Only in dvcqg" in text and "Tổng cộng" in text
    out = tmp_path / "r.json"
    assert main(["reconcile", str(lp), str(rp), "--format", "json", "-o", str(out), "--as-of", "2025-12-31"]) == 1
    got = json.loads(out.read_text(encoding="utf-8"))
    assert len(got["only_left"]) == len(truth["only_left"]) and got["sources"]["left"] == str(lp)
    xlsx = tmp_path / "r.xlsx"
    assert main(["reconcile", str(lp), str(rp), "--format", "xlsx", "-o", str(xlsx), "--as-of", "2025-12-31"]) == 1
    import openpyxl
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    assert "Theo đơn vị - By unit" in wb.sheetnames
    dump = text + out.read_text(encoding="utf-8")
    for r in left[:50]:
        assert r["SoGiayToChuHoSo"] not in dump and r["Email"] not in dump
    assert main(["reconcile", str(lp), str(lp)]) == 0
    assert main(["reconcile", str(tmp_path / "nope.json"), str(tmp_path / "nope2.json")]) == 2


def test_a_due_date_a_day_earlier_on_the_portal_makes_it_late_there():
    # finished Mon 10/3/2025 16:00; the province's due date is 10/3 09:00 (same day: on time,
    # dates are compared), the portal carries 7/3 (counted in calendar days): late there.
    a = {"MaHoSo": "X-1", "TrangThaiHoSo": "10", "NgayTiepNhan": "20250303090000",
         "NgayHenTra": "20250310090000", "NgayKetThucXuLy": "20250310160000", "DonViXuLy": "UBND xã A"}
    b = dict(a, NgayHenTra="2025-03-07T09:00:00")
    r = reconcile([a], [b], AS_OF, names=("tinh", "dvcqg"))
    (d,) = r["on_time_disagreements"]
    assert (d["left_class"], d["right_class"], d["late_on"]) == ("dung_han", "tre_han", "dvcqg")
    assert r["differences"][0]["fields"] == [{"field": "NgayHenTra", "left": "2025-03-10 09:00:00",
                                              "right": "2025-03-07 09:00:00"}]
    (unit,) = r["units"]
    assert (unit["left"]["ty_le_dung_han"], unit["right"]["ty_le_dung_han"]) == (100.0, 0.0)
