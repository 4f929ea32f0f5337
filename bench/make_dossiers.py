"""Generate N realistic synthetic dossiers for tests and benchmarks, with an answer key.

    python bench/make_dossiers.py N OUT [--fault-rate 0.1] [--seed 1] [--zip-share 0.1]

Each dossier belongs to one of three procedures with at least five catalogued components
(1.001193, 1.001612, 1.009994): five components and one result, as real files — A4
colour scans at 200 dpi (JPEG images and image-only PDFs) and born-digital PDFs with a
Vietnamese text layer. Documents are drawn once into a small pool and copied, so making
10,000 dossiers takes about a minute. A share of the dossiers (--fault-rate) receives
exactly one fault drawn at random from FAULTS; OUT/answer_key.jsonl lists, for every
dossier, its fault (or none) and the finding codes a correct validator reports. Dates follow
each procedure's processing time on the working-day calendar (samples/dossier_kit.schedule);
results are not signed (the figures are without signature cryptography: validate them with
--disable SIG).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.kit import dossier_kit as kit  # noqa: E402

PROCEDURES = {
    "1.001193": ([("1.001193.TP01", "Tờ khai đăng ký khai sinh theo mẫu", "form"),
                  ("1.001193.TP02", "Giấy chứng sinh", "scan_pdf"),
                  ("1.001193.TP07", "Giấy tờ chứng minh nhân thân của người đi đăng ký khai sinh", "photo"),
                  ("1.001193.TP08", "Văn bản ủy quyền", "scan_pdf"),
                  ("1.001193.TP06", "Văn bản chứng minh việc mang thai hộ", "scan_pdf")],
                 ("Giấy khai sinh", "UBND phường {unit}")),
    "1.001612": ([("1.001612.TP01", "Giấy đề nghị đăng ký hộ kinh doanh", "form"),
                  ("1.001612.TP02", "Giấy tờ pháp lý của cá nhân đối với chủ hộ kinh doanh", "photo"),
                  ("1.001612.TP03", "Giấy tờ pháp lý của cá nhân đối với thành viên hộ gia đình đăng ký hộ kinh doanh", "photo"),
                  ("1.001612.TP04", "Bản sao biên bản họp thành viên hộ gia đình về việc thành lập hộ kinh doanh", "scan_pdf"),
                  ("1.001612.TP05", "Bản sao văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh", "scan_pdf")],
                 ("Giấy chứng nhận đăng ký hộ kinh doanh", "Phòng Kinh tế {unit}")),
    "1.009994": ([("1.009994.TP01", "Đơn đề nghị cấp giấy phép xây dựng", "form"),
                  ("1.009994.TP02", "Bản sao một trong những giấy tờ chứng minh quyền sử dụng đất theo quy định của pháp luật về đất đai", "scan_pdf"),
                  ("1.009994.TP03", "Bản vẽ thiết kế xây dựng", "form"),
                  ("1.009994.TP04", "Bản cam kết bảo đảm an toàn đối với công trình liền kề", "scan_pdf"),
                  ("1.009994.TP05", "Bản kê khai năng lực, kinh nghiệm của tổ chức, cá nhân thiết kế", "form")],
                 ("Giấy phép xây dựng", "UBND {unit}")),
}
UNITS = ["Phường Hòa Bình", "Phường Quang Trung", "Xã Tân Lập", "Xã Đông Hưng", "Phường Bến Thành",
         "Xã Mỹ Thạnh", "Phường Thủy Châu", "Xã Ea Kao"]

# fault -> the codes a correct validator reports for it
FAULTS = {
    "missing_component": ["COMPONENT.MISSING"],
    "missing_file": ["DOSSIER.FILE_MISSING"],
    "orphan_file": ["DOSSIER.ORPHAN_FILE"],
    "hash_mismatch": ["DOSSIER.HASH_MISMATCH"],
    "wrong_type": ["DIGI.EXTENSION_MISMATCH", "DIGI.TYPE_NOT_ALLOWED"],
    "corrupt_pdf": ["DIGI.UNREADABLE"],
    "empty_file": ["DIGI.EMPTY_FILE"],
    "low_dpi": ["DIGI.LOW_RESOLUTION"],
    "grayscale": ["DIGI.NOT_COLOUR"],
    "blank_page": ["DIGI.BLANK_PAGE"],
    "duplicate_file": ["DIGI.DUPLICATE_FILE"],
    "result_missing": ["COMPONENT.RESULT_MISSING"],
    "digitized_no_file": ["COMPONENT.DIGITIZED_NO_FILE"],
    "bad_date": ["DOSSIER.SCHEMA"],
    "unknown_procedure": ["DOSSIER.UNKNOWN_PROCEDURE"],
    "malformed_json": ["DOSSIER.MANIFEST_UNREADABLE"],
}
LINES = ["Họ, chữ đệm, tên: Nguyễn Văn Bình", "Ngày, tháng, năm sinh: 12/05/1990", "Nơi cư trú: tổ dân phố 3",
         "Số định danh cá nhân: (đã ẩn)", "Đề nghị cơ quan có thẩm quyền xem xét, giải quyết.",
         "Tôi xin cam đoan những nội dung khai trên đây là đúng sự thật",
         "và chịu trách nhiệm trước pháp luật về lời khai của mình."] * 6


class Pool:
    """Documents drawn once and reused: several variants of each kind."""

    def __init__(self, rnd: random.Random, variants: int = 6):
        self.rnd = rnd
        self.forms = [kit.text_pdf(f"MẪU ĐƠN SỐ {i + 1}", LINES) for i in range(variants)]
        self.results = [kit.text_pdf(f"KẾT QUẢ GIẢI QUYẾT SỐ {i + 1}", LINES[:6]) for i in range(variants)]
        images = [kit.scan_image(f"BẢN QUÉT SỐ {i + 1}", LINES, dpi=200, paper=kit.A4, seed=i) for i in range(variants)]
        self.scan_pdfs = [kit.scan_pdf([(img, 200)], quality=60, engine="pillow") for img in images]
        cards = [kit.scan_image(f"CĂN CƯỚC {i + 1}", LINES[:4], dpi=200, paper=(86, 54), seed=50 + i) for i in range(variants)]
        self.photos = [kit.jpeg_bytes(img, 200, quality=70) for img in cards]
        self.low_dpi = kit.scan_pdf([(kit.scan_image("BẢN QUÉT 150 DPI", LINES, dpi=150, paper=kit.A4, seed=90), 150)],
                                    quality=60, engine="pillow")
        self.gray = kit.scan_pdf([(kit.scan_image("BẢN QUÉT XÁM", LINES, dpi=200, paper=kit.A4, colour=False, seed=91), 200)],
                                 quality=60, engine="pillow")
        blank = kit.scan_image("", [], dpi=200, paper=kit.A4, blank=True)
        self.with_blank = kit.scan_pdf([(images[0], 200), (blank, 200)], quality=60, engine="pillow")
        self.docx = kit.docx_bytes("Tờ khai")

    def pick(self, kind: str, used: set[int]) -> bytes:
        """A variant not yet used in this dossier (so clean dossiers carry no duplicates)."""
        options = {"form": self.forms, "scan_pdf": self.scan_pdfs, "photo": self.photos}[kind]
        free = [i for i in range(len(options)) if (kind, i) not in used]
        i = self.rnd.choice(free)
        used.add((kind, i))
        return options[i]


def make_one(pool: Pool, rnd: random.Random, number: int, fault: str | None, out: Path, as_zip: bool) -> dict:
    code = rnd.choice(sorted(PROCEDURES))
    comps, (res_name, issuer) = PROCEDURES[code]
    unit = rnd.choice(UNITS)
    received = datetime(2024, 1, 2, 8) + timedelta(hours=rnd.randrange(0, 24 * 300))
    m = kit.base_manifest(code, number, received=received, unit=unit, unit_code=f"000.{number % 97:02d}.04.H12")
    m["DonViXuLy"] = unit
    files: dict[str, bytes] = {}
    used: set = set()
    for i, (ccode, name, kind) in enumerate(comps, 1):
        data = pool.pick(kind, used)
        ext = ".jpg" if kind == "photo" else ".pdf"
        path = f"tp/{i:02d}-{ccode.rsplit('.', 1)[-1].lower()}{ext}"
        files[path] = data
        m["TaiLieuNop"].append(kit.component(name, path, ccode, data))
    res = pool.results[number % len(pool.results)]
    files["kq/ket-qua.pdf"] = res
    m["DanhSachGiayToKetQua"].append(kit.result(res_name, "kq/ket-qua.pdf", issuer.format(unit=unit), kit.finished_at(m), res))
    manifest: dict | bytes = m
    scan_items = [it for it in m["TaiLieuNop"] if it["DuongDanTaiTepTin"].endswith(".pdf")
                  and files[it["DuongDanTaiTepTin"]] in pool.scan_pdfs]
    target = rnd.choice(scan_items) if scan_items else m["TaiLieuNop"][1]

    def replace(item, data):
        files[item["DuongDanTaiTepTin"]] = data
        item["sha256"] = kit.sha256(data)

    if fault == "missing_component":
        item = m["TaiLieuNop"].pop(0)                     # the first component is mandatory in all three
        del files[item["DuongDanTaiTepTin"]]
    elif fault == "missing_file":
        del files[target["DuongDanTaiTepTin"]]
    elif fault == "orphan_file":
        files["tp/ban-nhap.pdf"] = pool.forms[0]
    elif fault == "hash_mismatch":
        target["sha256"] = "%064x" % rnd.getrandbits(256)
    elif fault == "wrong_type":
        replace(target, pool.docx)
    elif fault == "corrupt_pdf":
        replace(target, files[target["DuongDanTaiTepTin"]][:400])
    elif fault == "empty_file":
        replace(target, b"")
    elif fault == "low_dpi":
        replace(target, pool.low_dpi)
    elif fault == "grayscale":
        replace(target, pool.gray)
    elif fault == "blank_page":
        replace(target, pool.with_blank)
    elif fault == "duplicate_file":
        other = next(it for it in m["TaiLieuNop"] if it is not target and it["DuongDanTaiTepTin"].endswith(".pdf"))
        replace(target, files[other["DuongDanTaiTepTin"]])
    elif fault == "result_missing":
        m["DanhSachGiayToKetQua"] = []
        del files["kq/ket-qua.pdf"]
    elif fault == "digitized_no_file":
        item = m["TaiLieuNop"][-1]                        # a conditional component: presence is not required
        del files[item.pop("DuongDanTaiTepTin")]
        item.pop("sha256", None)
    elif fault == "bad_date":                             # the right due date in a format the schema refuses
        m["NgayHenTra"] = datetime.strptime(m["NgayHenTra"], "%Y%m%d%H%M%S").strftime("%d/%m/%Y %H:%M:%S")
    elif fault == "unknown_procedure":
        m["MaTTHC"] = "1.999999.000.00.00.H12"
    elif fault == "malformed_json":
        manifest = json.dumps(m, ensure_ascii=False).encode()[:-40]
    name = f"{m['MaHoSo']}"
    dest = out / unit.replace(" ", "-") / (name + (".zip" if as_zip else ""))
    if as_zip:
        kit.write_zip(dest, manifest, files)
    else:
        kit.write_folder(dest, manifest, files)
    return {"source": str(dest), "fault": fault, "codes": sorted(FAULTS.get(fault, []))}


def generate(n: int, out: Path, fault_rate: float = 0.1, seed: int = 1, zip_share: float = 0.1) -> Path:
    rnd = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    pool = Pool(rnd)
    kinds = sorted(FAULTS)
    key = out / "answer_key.jsonl"
    with key.open("w", encoding="utf-8") as fh:
        for i in range(1, n + 1):
            fault = rnd.choice(kinds) if rnd.random() < fault_rate else None
            record = make_one(pool, rnd, i, fault, out, as_zip=rnd.random() < zip_share)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return key


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--fault-rate", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--zip-share", type=float, default=0.1)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    key = generate(args.n, args.out, args.fault_rate, args.seed, args.zip_share)
    print(f"{args.n} dossiers in {time.perf_counter() - start:.1f}s -> {args.out} (answer key {key})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
