"""A synthetic batch of dossier records with known outcomes, for `tthc stats`, `tthc reconcile`,
the timeline tests and bench/timeline_bench.py.

Each record is a national-portal sync record (string fields, yyyyMMddHHmmss dates). Its
on-time class is chosen first and the dates are built to produce it on the working-day
calendar, so the truth is known without running the checker. A share of the working-day
procedures gets its due date counted in calendar days (the seed directives' complaint), so
the portal class and the correct class differ on those. Personal fields carry fake values
so tests can prove they never reach an output.

    python tests/kit/synth_batch.py OUTDIR [--n 2000] [--seed 7] [--as-of 2025-12-31]
writes OUTDIR/provincial.jsonl, OUTDIR/portal.csv (the same dossiers as the portal would
show them, with known differences), OUTDIR/procedures.json and OUTDIR/truth.json.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.calendar import Calendar  # noqa: E402

UNITS = ["UBND phường Bến Thành", "UBND xã Tân Phú", "Sở Tư pháp", "Sở Xây dựng"]
PROCEDURES = {
    "1.000001": {"code": "1.000001", "name": "Đăng ký khai sinh (giả lập)",
                 "processing_time": [{"case": None, "value": 3, "unit": "working_day", "note": "", "source": "synthetic"}]},
    "1.000002": {"code": "1.000002", "name": "Cấp giấy phép xây dựng (giả lập)",
                 "processing_time": [{"case": None, "value": 10, "unit": "working_day", "note": "", "source": "synthetic"}]},
    "1.000003": {"code": "1.000003", "name": "Chứng thực (giả lập)",
                 "processing_time": [{"case": None, "value": 8, "unit": "working_hour", "note": "", "source": "synthetic"}]},
    "1.000004": {"code": "1.000004", "name": "Cấp phiếu lý lịch tư pháp (giả lập)",
                 "processing_time": [{"case": None, "value": 15, "unit": "day", "note": "", "source": "synthetic"}]},
}
# class -> weight; the classes of DOMAIN.md §2.9 plus the others a batch always has
CLASSES = {"truoc_han": 40, "dung_han": 20, "tre_han": 12, "dang_xu_ly_trong_han": 8, "qua_han": 6,
           "tam_dung": 5, "tra_lai": 4, "chua_tiep_nhan": 3, "khong_tiep_nhan": 2}
FINISHED = ("truoc_han", "dung_han", "tre_han")


def fmt(m: datetime | None) -> str:
    return m.strftime("%Y%m%d%H%M%S") if m else ""


def _working_moment(rng: random.Random, cal: Calendar, start: date, days: int) -> datetime:
    d = start + timedelta(days=rng.randrange(days))
    d = cal.next_working_day(d, include=True)
    minutes = rng.choice([rng.randrange(7 * 60, 11 * 60 + 30), rng.randrange(13 * 60 + 30, 17 * 60)])
    return datetime.combine(d, datetime.min.time()) + timedelta(minutes=minutes)


def make_record(rng: random.Random, cal: Calendar, i: int, cls: str, as_of: date) -> tuple[dict, dict]:
    code = rng.choice(list(PROCEDURES))
    pt = PROCEDURES[code]["processing_time"][0]
    unit = rng.choice(UNITS)
    online = rng.random() < 0.45
    channel = "2" if online else rng.choice(["1", "1", "1", "3"])
    open_cls = cls in ("dang_xu_ly_trong_han", "qua_han", "tam_dung")
    # open dossiers are received close to the reference day, finished ones in the year before
    if cls == "dang_xu_ly_trong_han":
        received = _working_moment(rng, cal, cal.previous_working_day(as_of, include=True), 1)
    elif cls in ("qua_han", "tam_dung"):
        received = _working_moment(rng, cal, as_of - timedelta(days=60), 30)
    else:
        received = _working_moment(rng, cal, as_of - timedelta(days=400), 360)
    correct_due = cal.add(received, pt["value"], pt["unit"])
    confused = pt["unit"] == "working_day" and rng.random() < 0.15
    due = cal.add(received, pt["value"], "day") if confused else correct_due
    submitted = received - timedelta(minutes=rng.randrange(5, 240)) if online else received
    rec = {
        "MaHoSo": f"000.00.{UNITS.index(unit):02d}.H56-{received:%y%m%d}-{i:06d}",
        "MaTTHC": code, "TenTTHC": PROCEDURES[code]["name"], "KenhThucHien": channel,
        "ChuHoSo": f"Nguyễn Văn {i}", "SoGiayToChuHoSo": f"0{i:011d}", "SoDienThoai": f"09{i:08d}",
        "Email": f"cd{i}@example.invalid", "DonViXuLy": unit,
        "NgayNopHoSo": fmt(submitted), "NgayTiepNhan": fmt(received), "NgayHenTra": fmt(due),
        "NgayKetThucXuLy": "", "NgayTra": "", "NgayTuChoi": "", "NgayYeuCauBoSung": "",
        "TrangThaiHoSo": "4", "DuocThanhToanTrucTuyen": "0", "HoSoCoThanhPhanSoHoa": "0",
        "DanhSachLePhi": [], "DanhSachGiayToKetQua": [], "TaiLieuNop": [],
    }
    truth = {"class": cls, "unit": unit, "procedure": code, "online": online, "confused": confused,
             "has_fee": False, "paid_online": False, "digitized": False, "e_result": False}
    if cls in FINISHED:
        if cls == "truoc_han":
            day = cal.previous_working_day(due.date()) if rng.random() < 0.7 else received.date()
            day = max(day, received.date())
            if day >= due.date():          # a same-day procedure cannot be early: make it on time
                cls = truth["class"] = "dung_han"
        if cls == "dung_han":
            day = due.date()
        elif cls == "tre_han":
            day = due.date()
            for _ in range(rng.randint(1, 5)):
                day = cal.next_working_day(day)
        finished = datetime.combine(day, datetime.min.time()) + timedelta(hours=rng.randint(7, 16))
        finished = max(finished, received + timedelta(minutes=30))
        rec.update(TrangThaiHoSo=rng.choice(["9", "10"]), NgayKetThucXuLy=fmt(finished))
        if rec["TrangThaiHoSo"] == "10":
            rec["NgayTra"] = fmt(finished + timedelta(minutes=rng.randrange(0, 90)))
        if rng.random() < 0.7:
            rec["DanhSachGiayToKetQua"] = [{"TenGiayTo": "Kết quả", "MaGiayToKetQua": "KQ1",
                                            "DuongDanTepTinKetQua": f"ketqua/{i}.pdf"}]
            truth["e_result"] = True
        if cls == "tre_han" and rng.random() < 0.5:
            sent = cal.previous_working_day(due.date())
            rec["DanhSachXinLoi"] = [{"NgayXinLoi": fmt(datetime.combine(sent, datetime.min.time()) + timedelta(hours=9)),
                                      "NgayHenTraMoi": fmt(finished + timedelta(days=1))}]
        truth["correct_class"] = ("truoc_han" if finished.date() < correct_due.date() else
                                  "dung_han" if finished.date() == correct_due.date() else "tre_han")
    elif cls == "tam_dung":
        asked = cal.add_working_hours(received, 4)
        rec.update(TrangThaiHoSo="5", NgayYeuCauBoSung=fmt(asked))
    elif cls == "tra_lai":
        rec.update(TrangThaiHoSo="7", NgayKetThucXuLy=fmt(cal.add_working_hours(received, 6)))
    elif cls == "chua_tiep_nhan":
        rec.update(TrangThaiHoSo="1", KenhThucHien="2", NgayTiepNhan="", NgayHenTra="",
                   NgayNopHoSo=fmt(_working_moment(rng, cal, as_of - timedelta(days=1), 1)))
        truth["online"] = True
    elif cls == "khong_tiep_nhan":
        rec.update(TrangThaiHoSo="3", NgayTiepNhan="", NgayHenTra="", NgayTuChoi=fmt(received))
    elif open_cls:
        rec["TrangThaiHoSo"] = rng.choice(["2", "4"])
    truth.setdefault("correct_class", cls if cls != "qua_han" or correct_due.date() < as_of else "dang_xu_ly_trong_han")
    if cls == "dang_xu_ly_trong_han" and due.date() < as_of:
        truth["class"] = "qua_han"                    # a confused short due date already ran out
    if cls == "qua_han" and due.date() >= as_of:
        truth["class"] = "dang_xu_ly_trong_han"
    received_ok = cls not in ("chua_tiep_nhan", "khong_tiep_nhan")
    if received_ok and rng.random() < 0.5:
        amount = rng.choice([20000, 50000, 100000])
        rec["DanhSachLePhi"] = [{"TenPhiLePhi": "Lệ phí", "MaPhiLePhi": "1", "HinhThucThu": "1", "Gia": str(amount), "LoaiPhiLePhi": "1"}]
        truth["has_fee"] = True
        if rng.random() < 0.4:
            rec["DuocThanhToanTrucTuyen"] = "1"
            truth["paid_online"] = True
    if received_ok and rng.random() < 0.6:
        rec["HoSoCoThanhPhanSoHoa"] = "1"
        rec["TaiLieuNop"] = [{"TenTepDinhKem": "Tờ khai", "MaThanhPhanHoSo": "TP1", "DuocSoHoa": "1",
                              "DuongDanTaiTepTin": f"tp/{i}.pdf", "IsDeleted": "0", "DuocTaiSuDung": "0"}]
        truth["digitized"] = True
    return rec, truth


def synth_dossiers(n: int, seed: int = 7, as_of: date = date(2025, 12, 31),
                   cal: Calendar | None = None) -> list[tuple[dict, dict]]:
    rng = random.Random(seed)
    cal = cal or Calendar()
    classes, weights = zip(*CLASSES.items())
    return [make_record(rng, cal, i, rng.choices(classes, weights)[0], as_of) for i in range(1, n + 1)]


def portal_copy(records: list[dict], seed: int = 11, cal: Calendar | None = None) -> tuple[list[dict], dict]:
    """The same dossiers as the national portal shows them: some never synced, some only on the
    portal, some with another status, some finished a day later (so late there), and every date
    written as ISO text (a format difference that is not a difference)."""
    rng = random.Random(seed)
    cal = cal or Calendar()
    truth = {"only_left": [], "only_right": [], "status": [], "late_right_only": []}
    out = []
    for rec in records:
        r = dict(rec)
        roll = rng.random()
        if roll < 0.03:
            truth["only_left"].append(rec["MaHoSo"])
            continue
        if roll < 0.06 and r["TrangThaiHoSo"] == "4":
            r["TrangThaiHoSo"] = "2"
            truth["status"].append(rec["MaHoSo"])
        elif roll < 0.10 and r["TrangThaiHoSo"] in ("9", "10") and r["NgayKetThucXuLy"] and r["NgayHenTra"] \
                and r["NgayKetThucXuLy"][:8] <= r["NgayHenTra"][:8]:
            due = datetime.strptime(r["NgayHenTra"], "%Y%m%d%H%M%S")
            late = datetime.combine(cal.next_working_day(due.date()), datetime.min.time()) + timedelta(hours=9)
            r["NgayKetThucXuLy"] = fmt(late)
            if r["NgayTra"]:
                r["NgayTra"] = fmt(late + timedelta(minutes=30))
            truth["late_right_only"].append(rec["MaHoSo"])
        for k in ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra"):
            if r.get(k):
                r[k] = datetime.strptime(r[k], "%Y%m%d%H%M%S").isoformat()
        out.append(r)
    for j in range(max(1, len(records) // 50)):
        extra = dict(records[j % len(records)], MaHoSo=f"000.00.99.H56-251201-{j:06d}")
        truth["only_right"].append(extra["MaHoSo"])
        out.append(extra)
    return out, truth


FLAT_FIELDS = ["MaHoSo", "MaTTHC", "TenTTHC", "KenhThucHien", "ChuHoSo", "SoGiayToChuHoSo", "SoDienThoai", "Email",
               "DonViXuLy", "NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra", "NgayTuChoi",
               "NgayYeuCauBoSung", "TrangThaiHoSo", "DuocThanhToanTrucTuyen", "HoSoCoThanhPhanSoHoa",
               "DanhSachLePhi", "DanhSachGiayToKetQua", "TaiLieuNop"]


def write_records(path: Path, records: list[dict]) -> None:
    """.json (array), .jsonl, .csv (lists as JSON text in their cells) or .xlsx, by suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    elif suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=FLAT_FIELDS, extrasaction="ignore")
            w.writeheader()
            for r in records:
                w.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in r.items()})
    elif suffix == ".xlsx":
        import openpyxl
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet("HoSo")
        ws.append(FLAT_FIELDS)
        for r in records:
            ws.append([json.dumps(r.get(k), ensure_ascii=False) if isinstance(r.get(k), list) else r.get(k)
                       for k in FLAT_FIELDS])
        wb.save(path)
    else:
        raise ValueError(f"unsupported suffix {suffix}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic batch of dossier records with known outcomes.")
    ap.add_argument("outdir")
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--as-of", type=date.fromisoformat, default=date(2025, 12, 31))
    args = ap.parse_args(argv)
    out = Path(args.outdir)
    pairs = synth_dossiers(args.n, args.seed, args.as_of)
    records = [r for r, _ in pairs]
    portal, diff = portal_copy(records)
    write_records(out / "provincial.jsonl", records)
    write_records(out / "portal.csv", portal)
    (out / "procedures.json").write_text(json.dumps(list(PROCEDURES.values()), ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "truth.json").write_text(json.dumps({"as_of": args.as_of.isoformat(), "dossiers": {r["MaHoSo"]: t for r, t in pairs},
                                                "portal_differences": diff}, ensure_ascii=False), encoding="utf-8")
    print(f"{len(records)} dossiers -> {out}/provincial.jsonl; {len(portal)} rows -> {out}/portal.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
