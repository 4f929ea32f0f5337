"""`tthc stats`: service-index counters and rates on a synthetic batch whose outcomes are
known by construction (tests/kit/synth_batch.py) and on a tiny batch worked out by hand."""
import json
from collections import Counter, defaultdict
from datetime import date

import openpyxl
import pytest

from tests.kit.synth_batch import synth_dossiers, write_records
from extract.dossier.service_index import compute
from cli import main

AS_OF = date(2025, 12, 31)
FINISHED = ("truoc_han", "dung_han", "tre_han")


@pytest.fixture(scope="module")
def batch():
    return synth_dossiers(800, seed=3, as_of=AS_OF)


def expected_counters(pairs) -> dict[str, Counter]:
    """The counters recomputed from the generator's truth, not from the checker."""
    out: dict[str, Counter] = defaultdict(Counter)
    for rec, t in pairs:
        c = out[t["unit"]]
        c["tong_ho_so"] += 1
        c[t["class"]] += 1
        if t["class"] in ("chua_tiep_nhan", "khong_tiep_nhan"):
            continue
        c["tiep_nhan"] += 1
        c["truc_tuyen"] += t["online"]
        c["co_nghia_vu_tai_chinh"] += t["has_fee"]
        c["thanh_toan_truc_tuyen"] += t["paid_online"]
        c["so_hoa"] += t["digitized"]
        if t["class"] in FINISHED:
            c["da_xu_ly"] += 1
            c["ket_qua_dien_tu"] += t["e_result"]
    return out


def test_counters_per_unit_match_the_truth(batch):
    stats = compute((r for r, _ in batch), by="unit", as_of=AS_OF)
    want = expected_counters(batch)
    rows = {r["group"]: r for r in stats.rows()}
    assert set(rows) == set(want)
    for unit, c in want.items():
        for name, value in c.items():
            assert rows[unit][name] == value, (unit, name)
    assert stats.total["tong_ho_so"] == len(batch)


def test_rates_follow_their_formulas(batch):
    stats = compute((r for r, _ in batch), by="none", as_of=AS_OF)
    total = stats.to_dict()["total"]
    c = sum(expected_counters(batch).values(), Counter())
    assert total["ty_le_dung_han"] == round((c["truoc_han"] + c["dung_han"]) / c["da_xu_ly"] * 100, 2)
    assert total["ty_le_tien_do"] == round((c["truoc_han"] + c["dung_han"] + c["dang_xu_ly_trong_han"] + c["tra_lai"])
                                           / c["tiep_nhan"] * 100, 2)
    assert total["ty_le_truc_tuyen"] == round(c["truc_tuyen"] / c["tiep_nhan"] * 100, 2)
    assert total["ty_le_thanh_toan_truc_tuyen"] == round(c["thanh_toan_truc_tuyen"] / c["co_nghia_vu_tai_chinh"] * 100, 2)
    assert total["ty_le_so_hoa"] == round(c["so_hoa"] / c["tiep_nhan"] * 100, 2)
    assert total["ty_le_ket_qua_dien_tu"] == round(c["ket_qua_dien_tu"] / c["da_xu_ly"] * 100, 2)
    assert total["ty_le_tai_su_dung"] == 0.0


def rec(code, status, received, due, finished="", unit="UBND xã A", channel="1", **extra):
    return {"MaHoSo": code, "TrangThaiHoSo": status, "NgayTiepNhan": received, "NgayHenTra": due,
            "NgayKetThucXuLy": finished, "DonViXuLy": unit, "KenhThucHien": channel, "MaTTHC": "1.000001", **extra}


HAND = [
    # early: finished Wed 5/3/2025, due Mon 10/3
    rec("A-1", "10", "20250303090000", "20250310090000", "20250305100000", channel="2",
        DuocThanhToanTrucTuyen="1", DanhSachLePhi=[{"Gia": "50000"}],
        DanhSachGiayToKetQua=[{"TenGiayTo": "GP", "DuongDanTepTinKetQua": "kq.pdf"}]),
    # on time: the due day, later in the day than the due time (dates are compared)
    rec("A-2", "9", "20250303090000", "20250310090000", "20250310160000", DanhSachLePhi=[{"Gia": "50000"}]),
    # late by one day
    rec("A-3", "10", "20250303090000", "20250310090000", "20250311080000", channel="2", HoSoCoThanhPhanSoHoa="1"),
    # no due date: counted on time, as the portal does
    rec("A-4", "10", "20250303090000", "", "20250320080000"),
    # open and overdue on 31/12/2025
    rec("B-1", "4", "20250303090000", "20250310090000", unit="UBND xã B"),
    # withdrawn; not yet received (online); refused
    rec("B-2", "7", "20250303090000", "20250310090000", "20250304090000", unit="UBND xã B"),
    rec("B-3", "1", "", "", unit="UBND xã B", channel="2"),
    rec("B-4", "3", "", "", unit="UBND xã B", NgayTuChoi="20250303100000"),
]


def test_hand_batch():
    stats = compute(HAND, by="unit", as_of=AS_OF)
    a, b = (r for r in stats.rows())
    assert (a["truoc_han"], a["dung_han"], a["tre_han"], a["da_xu_ly"]) == (1, 2, 1, 4)
    assert a["ty_le_dung_han"] == 75.0                 # 3 of 4 finished
    assert a["ty_le_truc_tuyen"] == 50.0               # 2 of 4 received
    assert a["ty_le_thanh_toan_truc_tuyen"] == 50.0    # 1 paid online of 2 with fees
    assert a["ty_le_so_hoa"] == 25.0 and a["ty_le_ket_qua_dien_tu"] == 25.0
    assert (b["tiep_nhan"], b["qua_han"], b["tra_lai"], b["chua_tiep_nhan"], b["khong_tiep_nhan"]) == (2, 1, 1, 1, 1)
    assert b["ty_le_dung_han"] is None                 # nothing finished: no rate, not 0
    assert b["ty_le_tien_do"] == 50.0                  # withdrawn counts, overdue does not
    # an earlier reference day: B-1 was still within time on 10/3
    early = {r["group"]: r for r in compute(HAND, by="unit", as_of=date(2025, 3, 10)).rows()}
    assert early["UBND xã B"]["dang_xu_ly_trong_han"] == 1


def test_grouping_by_month_and_procedure():
    months = {r["group"] for r in compute(HAND, by="month", as_of=AS_OF).rows()}
    assert months == {"2025-03", "(chưa tiếp nhận / not received)"}
    assert [r["group"] for r in compute(HAND, by="procedure", as_of=AS_OF).rows()] == ["1.000001"]


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv", ".xlsx"])
def test_every_export_format_gives_the_same_figures(tmp_path, batch, suffix, capsys):
    records = [r for r, _ in batch[:200]]
    path = tmp_path / f"export{suffix}"
    write_records(path, records)
    out = tmp_path / "stats.json"
    assert main(["stats", str(path), "--format", "json", "-o", str(out), "--as-of", "2025-12-31"]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    want = compute(records, by="unit", as_of=AS_OF).to_dict()
    assert got["total"] == want["total"] and got["groups"] == want["groups"]


def test_folder_of_packages_and_zip(tmp_path, batch):
    import zipfile
    records = [r for r, _ in batch[:30]]
    for r in records[:20]:
        d = tmp_path / "goi" / r["MaHoSo"]
        d.mkdir(parents=True)
        (d / "manifest.json").write_text(json.dumps(r, ensure_ascii=False), encoding="utf-8")
        (d / "other.json").write_text("[1, 2]", encoding="utf-8")       # a package's own file: not read
    with zipfile.ZipFile(tmp_path / "goi" / "more.zip", "w") as z:
        for r in records[20:]:
            z.writestr(f"{r['MaHoSo']}/manifest.json", json.dumps(r, ensure_ascii=False))
    out = tmp_path / "s.json"
    assert main(["stats", str(tmp_path / "goi"), "--format", "json", "-o", str(out), "--as-of", "2025-12-31"]) == 0
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["total"]["tong_ho_so"] == 30 and got["problems"] == []


def test_xlsx_and_text_outputs_carry_labels_and_no_personal_data(tmp_path, batch, capsys):
    records = [r for r, _ in batch[:100]]
    src = tmp_path / "e.jsonl"
    write_records(src, records)
    xlsx = tmp_path / "s.xlsx"
    assert main(["stats", str(src), "--format", "xlsx", "-o", str(xlsx), "--as-of", "2025-12-31"]) == 0
    wb = openpyxl.load_workbook(xlsx)
    head = [c.value for c in wb["Chỉ số - Figures"][1]]
    assert "Tỷ lệ giải quyết đúng hạn (%) / On-time rate (%)" in head
    assert [c.value for c in wb["Công thức - Formulas"][2]][-1] == "UNVERIFIED"
    assert main(["stats", str(src), "--as-of", "2025-12-31"]) == 0
    text = capsys.readouterr().out
    assert "UNVERIFIED" in text and "Tổng cộng" in text
    dumped = text + json.dumps([[c.value for c in row] for ws in wb for row in ws.iter_rows()], ensure_ascii=False, default=str)
    for r in records:
        assert r["SoGiayToChuHoSo"] not in dumped and r["SoDienThoai"] not in dumped


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path, batch, capsys):
    good = tmp_path / "good.jsonl"
    write_records(good, [r for r, _ in batch[:10]])
    broken = tmp_path / "broken.json"
    broken.write_text('[{"MaHoSo": "X", ', encoding="utf-8")
    out = tmp_path / "s.json"
    code = main(["stats", str(good), str(broken), str(tmp_path / "missing.csv"), "--format", "json", "-o", str(out)])
    assert code == 2                       # missing.csv: exit 2 as in every command; the rest is counted and written
    got = json.loads(out.read_text(encoding="utf-8"))
    assert got["total"]["tong_ho_so"] == 10
    assert len(got["problems"]) == 2 and all(p["message"] and p["message_en"] for p in got["problems"])
    assert main(["stats", str(broken)]) == 2
    assert main(["stats", str(good), "--format", "xlsx"]) == 2


def test_the_sample_dossiers_give_figures(tmp_path, capsys):
    """samples/dossiers holds broken packages and manifests with an impossible date
    (sai-luoc-do: 31 February) and an implausible one (ngay-ngoai-khoang: year 9999):
    reported, never a traceback."""
    import json
    from pathlib import Path
    out = tmp_path / "s.json"
    samples = Path(__file__).resolve().parents[1] / "samples" / "dossiers"
    assert main(["stats", str(samples), "--by", "none", "--format", "json", "-o", str(out), "--as-of", "2025-12-31"]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["total"]["tong_ho_so"] >= 50 and result["records_with_unreadable_dates"] == 2
    assert "Traceback" not in capsys.readouterr().err
