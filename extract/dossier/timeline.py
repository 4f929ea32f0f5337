"""The dates and events of one dossier record, read from the national portal's sync fields
(../shared/research/peer-dvc.md §1): a manifest.json or one row of an export. Facts only:
parsed moments, status code, channel, supplement rounds, apology letters, processing history.
Personal data (SoGiayToChuHoSo, SoDienThoai, Email, DinhDanhCHS, ChuHoSo) is never copied.

Dates are `yyyyMMddHHmmss` in Vietnam local time; exports converted by other tools may carry
ISO strings, `dd/MM/yyyy HH:mm[:ss]`, Excel datetimes or an ISO string with a zone (converted
to UTC+7). An unreadable value is kept in `bad_dates` so a check can say which field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from extract.normalize import fold
from schemas import built_from_data, load_json

VN_TZ = timezone(timedelta(hours=7))
PERSONAL_FIELDS = frozenset({"SoGiayToChuHoSo", "SoDienThoai", "Email", "DinhDanhCHS", "ChuHoSo", "Fax",
                             "MaDoiTuong", "DiaChiChuHoSo", "SoDinhDanh"})

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


@built_from_data
def plausible_years() -> tuple[int, int]:
    """The years a dossier date may fall in (schemas/timeline.json "plausible_years")."""
    first, last = load_json("timeline.json")["parameters"]["plausible_years"]["value"]
    return int(first), int(last)


class ImplausibleDate(ValueError):
    """A real calendar date outside the plausible years (0001, 9999): unreadable as a dossier date."""


def plausible(moment: datetime) -> datetime:
    first, last = plausible_years()
    if not first <= moment.year <= last:
        raise ImplausibleDate(f"{moment.year} is outside {first}-{last}")
    return moment


def parse_moment(value: Any) -> datetime | None:
    """A sync-format date-time as a naive Vietnam-local datetime; None when empty.
    Raises ValueError when the value is present but unreadable, ImplausibleDate (a
    ValueError) when it names a year outside the plausible years."""
    moment = _parse_moment(value) if value is not None else None
    return plausible(moment) if moment is not None else None


def _parse_moment(value: Any) -> datetime | None:
    if type(value) is str and len(value) == 14 and value.isdigit():     # the sync format: fast path
        return datetime(int(value[0:4]), int(value[4:6]), int(value[6:8]),
                        int(value[8:10]), int(value[10:12]), int(value[12:14]))
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(VN_TZ).replace(tzinfo=None)
        return value.replace(microsecond=0)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        value = str(int(value)) if float(value).is_integer() else str(value)
    s = str(value).strip()
    if not s:
        return None
    if s.isdigit():
        n = len(s)
        if n in (14, 12, 8):
            return datetime(int(s[0:4]), int(s[4:6]), int(s[6:8]),
                            int(s[8:10]) if n > 8 else 0, int(s[10:12]) if n > 8 else 0,
                            int(s[12:14]) if n == 14 else 0)
        raise ValueError(s)
    m = _DMY.match(s)
    if m:
        d, mo, y, hh, mm, ss = m.groups()
        return datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    iso = s[:-1] + "+00:00" if s.endswith("Z") else s
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(VN_TZ).replace(tzinfo=None)
        except OverflowError:
            raise ImplausibleDate(s) from None
    return moment.replace(microsecond=0)


def fmt(moment: datetime | date | None) -> str:
    """How moments appear in messages: dd/mm/yyyy and the minute, the way Vietnamese documents
    write dates (JSON fields keep ISO)."""
    if moment is None:
        return "—"
    day = f"{moment.day:02d}/{moment.month:02d}/{moment.year:04d}"
    if isinstance(moment, datetime) and (moment.hour or moment.minute or moment.second):
        return f"{day} {moment.hour:02d}:{moment.minute:02d}"
    return day


@dataclass
class Event:
    """One QuaTrinhXuLy step."""
    index: int                     # 1-based, in the order given
    at: datetime | None
    status: str | None
    text: str
    pointer: str
    deadline: datetime | None = None   # NgayKetThucTheoQuyDinh


@dataclass
class Supplement:
    requested: datetime | None     # NgayBoSung / NgayYeuCauBoSung / the history step
    received: datetime | None = None   # NgayTiepNhanBoSung
    due_before: datetime | None = None  # NgayHenTraTruoc
    due_after: datetime | None = None   # NgayHenTraMoi
    pointer: str = ""
    source: str = "DanhSachHoSoBoSung"


@dataclass
class Apology:
    sent: datetime | None
    new_due: datetime | None = None
    old_due: datetime | None = None
    pointer: str = ""
    source: str = "DanhSachXinLoi"


@dataclass
class Timeline:
    code: str | None = None        # MaHoSo
    procedure: str | None = None   # MaTTHC
    unit: str | None = None        # DonViXuLy
    channel: str | None = None     # KenhThucHien: 1 direct, 2 online, 3 postal
    status: str | None = None      # TrangThaiHoSo "1".."10"
    case: str | None = None        # TenTruongHop / MaTruongHop (extra field)
    submitted: datetime | None = None      # NgayNopHoSo
    received: datetime | None = None       # NgayTiepNhan
    due: datetime | None = None            # NgayHenTra
    finished: datetime | None = None       # NgayKetThucXuLy
    returned: datetime | None = None       # NgayTra
    refused: datetime | None = None        # NgayTuChoi
    supplement_requested: datetime | None = None   # NgayYeuCauBoSung
    supplements: list[Supplement] = field(default_factory=list)
    apologies: list[Apology] = field(default_factory=list)
    history: list[Event] = field(default_factory=list)
    results: int = 0               # DanhSachGiayToKetQua entries
    results_with_file: int = 0
    has_fee: bool = False          # DanhSachLePhi with an amount > 0
    paid_online: bool = False      # DuocThanhToanTrucTuyen == "1"
    digitized: bool = False        # HoSoCoThanhPhanSoHoa == "1" or a TaiLieuNop with DuocSoHoa == "1"
    reused: bool = False           # a TaiLieuNop reused (DuocTaiSuDung != "0" or DuocLayTuKhoDMQG == "1")
    prefix: str = ""               # JSON pointer prefix of the dossier fields ("" or "/hoSo")
    bad_dates: list[tuple[str, str, str]] = field(default_factory=list)   # (field, value, pointer)

    def pointer(self, name: str) -> str:
        return f"{self.prefix}/{name}"

    def unreadable(self, name: str) -> bool:
        """The field holds a value that is not a date: unknown, not missing (the manifest
        schema reports the value)."""
        return any(field == name for field, _, _ in self.bad_dates)

    @property
    def reception_day(self) -> date | None:
        m = self.received or self.submitted
        return m.date() if m else None


_DATE_FIELDS = (("submitted", "NgayNopHoSo"), ("received", "NgayTiepNhan"), ("due", "NgayHenTra"),
                ("finished", "NgayKetThucXuLy"), ("returned", "NgayTra"), ("refused", "NgayTuChoi"),
                ("supplement_requested", "NgayYeuCauBoSung"))


@built_from_data
def _keywords() -> dict[str, list[str]]:
    kw = load_json("timeline.json")["history_keywords"]
    return {k: [fold(w) for w in v] for k, v in kw.items() if isinstance(v, list)}


def event_kind(text: str, status: str | None = None) -> str | None:
    """What a history step records, from its NoiDungXuLy wording (schemas/timeline.json)."""
    keywords = _keywords()
    t = fold(text)
    if not t:
        return None
    for kind in ("supplement_done", "supplement_request", "apology", "refusal", "reception"):
        if any(w in t for w in keywords.get(kind, ())):
            return kind
    return None


def timeline_of(record: dict, scalars_only: bool = False) -> Timeline:
    """The timeline facts of one record (a manifest dict or an export row). `scalars_only`
    skips the lists (supplements, apologies, history, results, fees, components)."""
    rec, prefix = _dossier_part(record)
    get = _getter(rec)
    t = Timeline(prefix=prefix)
    t.code = _text(get("MaHoSo"))
    t.procedure = _text(get("MaTTHC"))
    t.unit = _text(get("DonViXuLy"))
    t.channel = _code(get("KenhThucHien"))
    t.status = _code(get("TrangThaiHoSo"))
    t.case = _text(get("TenTruongHop")) or _text(get("MaTruongHop"))
    for attr, name in _DATE_FIELDS:
        setattr(t, attr, _moment(t, get(name), name, prefix, name))
    if scalars_only:
        return t

    t.supplements = [Supplement(pointer=p, **moments) for p, moments in _dated_rows(
        t, get, "DanhSachHoSoBoSung", _SUPPLEMENT_KEYS,
        {"requested": "NgayBoSung", "received": "NgayTiepNhanBoSung",
         "due_before": "NgayHenTraTruoc", "due_after": "NgayHenTraMoi"})]
    t.apologies = [Apology(pointer=p, **moments) for p, moments in _dated_rows(
        t, get, "DanhSachXinLoi", _APOLOGY_KEYS,
        {"sent": "NgayXinLoi", "new_due": "NgayHenTraMoi", "old_due": "NgayHenTraTruoc"})]

    history, hprefix = _history(record, rec, prefix)
    for i, row in enumerate(history):
        if not isinstance(row, dict):
            continue
        p = f"{hprefix}/{i}"
        rg = _getter(row, _EVENT_KEYS)
        label = f"QuaTrinhXuLy[{i + 1}]."
        t.history.append(Event(index=i + 1, at=_moment(t, rg("ThoiDiemXuLy"), label + "ThoiDiemXuLy", p, "ThoiDiemXuLy"),
                               status=_code(rg("TrangThai")), text=_text(rg("NoiDungXuLy")) or "", pointer=p,
                               deadline=_moment(t, rg("NgayKetThucTheoQuyDinh"), label + "NgayKetThucTheoQuyDinh",
                                                p, "NgayKetThucTheoQuyDinh")))
    # Without DanhSachHoSoBoSung / DanhSachXinLoi, the history's own wording is the record.
    if not t.supplements:
        for ev in t.history:
            if event_kind(ev.text, ev.status) == "supplement_request":
                t.supplements.append(Supplement(requested=ev.at, pointer=ev.pointer, source="QuaTrinhXuLy"))
        if not t.supplements and t.supplement_requested:
            t.supplements.append(Supplement(requested=t.supplement_requested, pointer=t.pointer("NgayYeuCauBoSung"),
                                            source="NgayYeuCauBoSung"))
    if not t.apologies:
        for ev in t.history:
            if event_kind(ev.text, ev.status) == "apology":
                t.apologies.append(Apology(sent=ev.at, pointer=ev.pointer, source="QuaTrinhXuLy"))

    results = [r for r in _list(get("DanhSachGiayToKetQua")) if isinstance(r, dict)]
    t.results = len(results)
    t.results_with_file = sum(1 for r in results if _text(_getter(r, _RESULT_KEYS)("DuongDanTepTinKetQua")))
    fees = [r for r in _list(get("DanhSachLePhi")) if isinstance(r, dict)]
    t.has_fee = any(_amount(_getter(r, _FEE_KEYS)("Gia")) > 0 for r in fees)
    t.paid_online = _code(get("DuocThanhToanTrucTuyen")) == "1"
    parts = [r for r in _list(get("TaiLieuNop")) if isinstance(r, dict) and _code(r.get("IsDeleted")) != "1"]
    t.digitized = _code(get("HoSoCoThanhPhanSoHoa")) == "1" or any(_code(r.get("DuocSoHoa")) == "1" for r in parts)
    t.reused = any(_code(r.get("DuocTaiSuDung")) not in (None, "0") or _code(r.get("DuocLayTuKhoDMQG")) == "1"
                   for r in parts)
    return t


# --------------------------------------------------------------------------- helpers

def _dossier_part(record: dict) -> tuple[dict, str]:
    """The sync record may be the manifest itself or nested under "hoSo"."""
    for key in ("hoSo", "HoSo", "hoso"):
        inner = record.get(key)
        if isinstance(inner, dict):
            return inner, f"/{key}"
    return record, ""


def _history(record: dict, rec: dict, prefix: str) -> tuple[list, str]:
    for holder, base in ((rec, prefix), (record, "")):
        for key in ("QuaTrinhXuLy", "tienTrinhDongBo", "TienTrinhDongBo"):
            value = holder.get(key)
            if isinstance(value, list):
                return value, f"{base}/{key}"
    return [], f"{prefix}/QuaTrinhXuLy"


_KNOWN = ("MaHoSo", "TrangThaiHoSo", "NgayTiepNhan", "MaTTHC")
_SUPPLEMENT_KEYS = ("NgayBoSung", "NgayTiepNhanBoSung", "NgayHenTraTruoc", "NgayHenTraMoi", "NoiDungBoSung")
_APOLOGY_KEYS = ("NgayXinLoi", "NgayHenTraMoi", "NgayHenTraTruoc")
_EVENT_KEYS = ("ThoiDiemXuLy", "TrangThai", "NoiDungXuLy")
_RESULT_KEYS = ("DuongDanTepTinKetQua", "TenGiayTo", "MaGiayToKetQua")
_FEE_KEYS = ("Gia", "TenPhiLePhi", "MaPhiLePhi")


def _getter(rec: dict, known: tuple = _KNOWN):
    """Exact sync field names; an export with other capitalisation ("maHoSo") also works."""
    for k in known:
        if k in rec:
            return rec.get
    lower: dict | None = None

    def get(name: str):
        nonlocal lower
        if name in rec:
            return rec[name]
        if lower is None:
            lower = {str(k).lower(): v for k, v in rec.items()}
        return lower.get(name.lower())
    return get


def _dated_rows(t: Timeline, get, list_name: str, keys: tuple, fields: dict[str, str]):
    """(pointer, {attribute: moment}) for every object row of a list of the record whose
    dates `fields` maps to attributes (supplements, apology letters)."""
    for i, row in enumerate(_list(get(list_name))):
        if not isinstance(row, dict):
            continue
        p = t.pointer(f"{list_name}/{i}")
        rg = _getter(row, keys)
        label = f"{list_name}[{i + 1}]."
        yield p, {attr: _moment(t, rg(name), label + name, p, name) for attr, name in fields.items()}


def _moment(t: Timeline, value: Any, name: str, base: str, key: str) -> datetime | None:
    if value is None or value == "":
        return None
    try:
        return parse_moment(value)
    except (ValueError, TypeError, OverflowError):
        t.bad_dates.append((name, str(value)[:60], f"{base}/{key}"))
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _code(value: Any) -> str | None:
    """"2", 2, 2.0 and " 2 " are the same code."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return s or None


def _list(value: Any) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip().startswith("["):
        import json
        try:
            parsed = json.loads(value)
        except ValueError:
            return []
        return parsed if isinstance(parsed, list) else []
    return []


def _amount(value: Any) -> float:
    try:
        return float(str(value).replace(",", "").strip() or 0)
    except (TypeError, ValueError):
        return 0.0
