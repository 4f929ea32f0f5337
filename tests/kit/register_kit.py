"""Directives for the register's tests and bench, made in code: công văn of a province's People's
Committee whose numbered items assign tasks to named bodies with deadlines (named days,
relative durations, recurring reports), in every input form (text, text PDF, DOCX, scanned PDF)
through the kit's renderers."""
from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

ISSUER = ("ỦY BAN NHÂN DÂN", "TỈNH NINH THUẬN")


@dataclass(frozen=True)
class Spec:
    number: str                              # "1520/UBND-VX"
    day: date
    subject: str
    items: tuple[str, ...]                   # the numbered items, each naming its body first
    recipients: tuple[str, ...] = ("Các Sở, ban, ngành cấp tỉnh", "Ủy ban nhân dân các huyện, thành phố")
    signer: str = "Nguyễn Văn An"

    def place_date(self) -> str:
        return f"Ninh Thuận, ngày {self.day.day:02d} tháng {self.day.month if self.day.month > 2 else f'{self.day.month:02d}'} năm {self.day.year}"


def cong_van_text(spec: Spec) -> str:
    lines = [ISSUER[0], ISSUER[1], "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
             f"Số: {spec.number}", f"V/v {spec.subject}", "", spec.place_date(), "", "Kính gửi:"]
    for i, r in enumerate(spec.recipients):
        lines.append(f"- {r}{'.' if i == len(spec.recipients) - 1 else ';'}")
    lines += ["", "Thực hiện Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ về thực hiện thủ tục hành chính "
                  "trên môi trường điện tử, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:", ""]
    for n, item in enumerate(spec.items, 1):
        lines += [f"{n}. {item}", ""]
    lines += ["Nơi nhận:", "- Như trên;", "- CT, các PCT UBND tỉnh;", "- Lưu: VT, VX.", "", "KT. CHỦ TỊCH",
              "PHÓ CHỦ TỊCH", "", spec.signer]
    return "\n".join(lines) + "\n"


def docx_spec(spec: Spec) -> dict:
    """The same directive as tests/kit/render_docx.directive_docx builds it."""
    return {"issuer": list(ISSUER), "number": spec.number, "place_date": spec.place_date(), "subject": spec.subject,
            "recipients": list(spec.recipients),
            "preamble": "Thực hiện Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ, Chủ tịch Ủy ban nhân dân "
                        "tỉnh yêu cầu:",
            "items": [(0, item, None) for item in spec.items], "cc": ["Như trên", "Lưu: VT, VX"],
            "authority": "KT. CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH", "signer": spec.signer}


def write_form(spec: Spec, folder: Path, form: str, stem: str | None = None) -> Path:
    """Write `spec` as one input form: txt, pdf (text layer), docx, scan (a scanned PDF)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = stem or spec.number.replace("/", "-")
    if form == "txt":
        path = folder / f"{stem}.txt"
        path.write_text(cong_van_text(spec), encoding="utf-8")
    elif form == "pdf":
        from tests.kit.render import directive_pdf
        path = folder / f"{stem}.pdf"
        path.write_bytes(directive_pdf(cong_van_text(spec)))
    elif form == "docx":
        from tests.kit.render_docx import directive_docx
        path = folder / f"{stem}.docx"
        path.write_bytes(directive_docx(docx_spec(spec)))
    elif form == "scan":
        from tests.kit.render import directive_pdf, rasterize, scanned_pdf
        path = folder / f"{stem}-scan.pdf"
        path.write_bytes(scanned_pdf(rasterize(directive_pdf(cong_van_text(spec)), dpi=300), dpi=300))
    else:
        raise ValueError(form)
    return path


# --------------------------------------------------------------------------- two directives whose answers are known

# Issued Monday 01/12/2025 and Monday 10/11/2025 (received Wednesday 12/11/2025).
DOC_A = Spec(number="101/UBND-KSTT", day=date(2025, 12, 1), subject="triển khai số hóa hồ sơ", items=(
    "Sở Tài chính tham mưu bố trí kinh phí số hóa hồ sơ, hoàn thành trước ngày 5/12/2025.",
    "Sở TT&TT nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh, báo cáo kết quả trong 05 ngày làm "
    "việc kể từ ngày ký.",
    "Sở Nội vụ tổng hợp kết quả đánh giá chỉ số cải cách hành chính, hoàn thành trước ngày 15/01/2026.",
))
DOC_B = Spec(number="102/UBND-KSTT", day=date(2025, 11, 10), subject="rà soát thủ tục hành chính", items=(
    "Sở Tài chính chủ trì, phối hợp với Sở Nội vụ rà soát thủ tục hành chính về ngân sách, hoàn thành trước ngày "
    "28/11/2025.",
    "Sở Tư pháp rà soát các quy định về chứng thực điện tử, báo cáo kết quả chậm nhất 10 ngày kể từ ngày nhận được "
    "văn bản này.",
    "Văn phòng Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc thực hiện Công văn này, báo cáo kết quả định kỳ hằng quý.",
))
RECEIVED_B = date(2025, 11, 12)


# --------------------------------------------------------------------------- the clerk's batch

# (assignee as printed, task) — the assignee is written the way offices write it, abbreviations too
TASKS = [
    ("Sở Tài chính", "tham mưu bố trí kinh phí số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"),
    ("Sở TT&TT", "nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh"),
    ("Sở Nội vụ", "tổng hợp kết quả đánh giá chỉ số cải cách hành chính của các cơ quan"),
    ("Sở Tư pháp", "rà soát các quy định về chứng thực điện tử"),
    ("Văn phòng UBND tỉnh", "theo dõi, đôn đốc việc thực hiện Công văn này"),
    ("Ủy ban nhân dân các huyện, thành phố", "chỉ đạo Bộ phận Một cửa cấp huyện, cấp xã số hóa hồ sơ"),
]


def deadline_phrase(kind: str, due: date) -> str:
    return {"date": f"hoàn thành trước ngày {due.day}/{due.month}/{due.year}",
            "working_days": "báo cáo kết quả trong 05 ngày làm việc kể từ ngày ký",
            "received": "báo cáo kết quả chậm nhất 10 ngày kể từ ngày nhận được văn bản này",
            "quarterly": "báo cáo kết quả định kỳ hằng quý",
            "yearly": "gửi báo cáo trước ngày 30 tháng 11 hằng năm"}[kind]


def office_specs(n: int = 20, seed: int = 14, first_day: date = date(2025, 10, 1)) -> list[Spec]:
    """`n` công văn issued between October and December 2025, 2-3 items each; one in four has a
    relative deadline, one in five a recurring one, the others named days in late 2025."""
    rng = random.Random(seed)
    specs = []
    for i in range(n):
        day = first_day + timedelta(days=rng.randrange(0, 80))
        picks = rng.sample(TASKS, rng.choice((2, 3)))
        items = []
        for k, (body, task) in enumerate(picks):
            r = (i + k) % 20
            kind = "working_days" if r in (1, 6) else "received" if r in (3, 11) else "quarterly" if r in (4, 15) \
                else "yearly" if r == 9 else "date"
            due = day + timedelta(days=rng.randrange(5, 70))
            items.append(f"{body} {task}, {deadline_phrase(kind, due)}.")
        specs.append(Spec(number=f"{3000 + i}/UBND-KSTT", day=day,
                          subject=f"triển khai nhiệm vụ cải cách thủ tục hành chính đợt {i + 1}", items=tuple(items)))
    return specs


def office_batch(folder: Path, n: int = 20, forms: dict[str, int] | None = None, seed: int = 14) -> list[Path]:
    """`n` directives in mixed forms (default: 2 text PDFs, 2 DOCX, 1 scan, the rest text)."""
    forms = forms if forms is not None else {"pdf": 2, "docx": 2, "scan": 1}
    order = [f for f, count in forms.items() for _ in range(count)]
    return [write_form(spec, folder, order[i] if i < len(order) else "txt")
            for i, spec in enumerate(office_specs(n, seed))]


def corrected(spec: Spec, **changes) -> Spec:
    return replace(spec, **changes)

