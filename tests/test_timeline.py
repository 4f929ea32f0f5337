"""Timeline checks on hand-built dossiers (manifests with the national sync field names).
Every expected due date below is worked out by hand on the official calendar; see
tests/test_calendar.py for the holiday reasoning. `run` runs the timeline family alone (the
manifests here are partial: the schema, component, digitization and signature families would
judge that, not the timeline); the tests at the end run every family to check that they never
crash and never report one problem twice."""
from dataclasses import fields as dataclass_fields, replace
from datetime import date

import pytest

from checks.registry import Context, run_checks
from checks.timeline import analyse
from extract.calendar import Calendar, default_calendar
from extract.dossier.ontime import analyse_dossier, analysis_of, classify
from extract.model import Dossier
from extract.dossier.timeline import parse_moment, timeline_of
from schemas.policies import TimelinePolicy, timeline_policy

AS_OF = date(2025, 12, 31)
FIVE_WD = {"code": "1.000001", "processing_time": [{"case": None, "value": 5, "unit": "working_day", "note": "", "source": "test"}]}
TEN_WD = {"code": "1.000002", "processing_time": [{"case": None, "value": 10, "unit": "working_day", "note": "", "source": "test"}]}
THREE_WD = {"code": "1.000003", "processing_time": [{"case": None, "value": 3, "unit": "working_day", "note": "", "source": "test"}]}
FIFTEEN_DAYS = {"code": "1.000004", "processing_time": [{"case": None, "value": 15, "unit": "day", "note": "", "source": "test"}]}


def manifest(**fields) -> dict:
    base = {"MaHoSo": "000.00.04.H56-250124-0001", "MaTTHC": "1.000001", "KenhThucHien": "1",
            "TrangThaiHoSo": "10", "DonViXuLy": "UBND xã A", "DanhSachGiayToKetQua": [{"TenGiayTo": "Giấy phép"}],
            "SoGiayToChuHoSo": "001203004567", "SoDienThoai": "0912345678"}
    base.update({k: v for k, v in fields.items() if v is not ...})
    return {k: v for k, v in base.items() if v is not None}


OTHER_FAMILIES = frozenset({"DOSSIER", "COMPONENT", "DIGI", "SIG"})


POLICY_FIELDS = {f.name for f in dataclass_fields(TimelinePolicy)}


def run(m: dict, procedure=FIVE_WD, as_of=AS_OF, **options) -> list:
    """The timeline checks; keywords that name a TimelinePolicy field make a variant of the policy."""
    policy = replace(timeline_policy(), **{k: options.pop(k) for k in list(options) if k in POLICY_FIELDS})
    found = run_checks("dossier", Dossier(source="test", manifest=m, procedure=procedure),
                       Context(as_of=as_of, options=options, disabled=OTHER_FAMILIES, timeline_policy=policy))
    for f in found:     # every template placeholder filled, in both languages
        assert "{" not in f.message + f.message_en, (f.code, f.message, f.message_en)
    return found


def klass(m: dict, procedure=FIVE_WD, as_of=AS_OF) -> dict:
    """The on-time class the result record carries (not a finding)."""
    return analysis_of(Dossier(source="test", manifest=m, procedure=procedure), default_calendar(), as_of).on_time().to_dict()


def codes(findings) -> list[str]:
    return sorted(f.code for f in findings)


def only(findings, code):
    got = [f for f in findings if f.code == code]
    assert len(got) == 1, codes(findings)
    return got[0]


# --------------------------------------------------------------------------- due date

def test_on_time_dossier_has_no_finding_only_its_classification():
    # Fri 24/1/2025 15:00 + 5 working days across Tết = Fri 7/2/2025 15:00 (issue's example)
    m = manifest(NgayNopHoSo="20250124150000", NgayTiepNhan="20250124150000", NgayHenTra="20250207150000",
                 NgayKetThucXuLy="20250206100000", NgayTra="20250207090000")
    assert codes(run(m)) == []
    c = klass(m)
    assert (c["class"], c["label"], c["label_en"]) == ("truoc_han", "Trước hạn", "Early")
    assert c["due"] == c["due_on_dossier"] == "2025-02-07T15:00:00" and c["portal_class"] == "truoc_han"


def test_due_written_as_next_morning_is_the_same_deadline():
    # received Thu 23/1/2025 before office hours (06:30) -> counts from Thu 07:00; the 5 working
    # days are Thu 23/1, Fri 24/1, (Tết 27-31/1), Mon 3/2, Tue 4/2, Wed 5/2 -> end Wed 5/2 17:00,
    # which a portal system may store as Thu 6/2 07:00.
    m = manifest(NgayTiepNhan="20250123063000", NgayHenTra="20250206070000", NgayKetThucXuLy="20250205100000",
                 NgayTra="20250205100000")
    assert "TIME.DUE_MISMATCH" not in codes(run(m))
    assert "TIME.DUE_MISMATCH" in codes(run(dict(m, NgayHenTra="20250207070000")))


def test_calendar_days_instead_of_working_days_is_named_and_the_portal_class_corrected():
    # Mon 3/3/2025 09:00 + 10 working days = Mon 17/3 09:00; + 10 calendar days = Thu 13/3.
    m = manifest(MaTTHC="1.000002", NgayTiepNhan="20250303090000", NgayHenTra="20250313090000",
                 NgayKetThucXuLy="20250314100000", NgayTra="20250314150000")
    f = run(m, TEN_WD)
    err = only(f, "TIME.DUE_DAY_UNIT_CONFUSED")
    assert err.severity == "error"
    assert "17/03/2025 09:00" in err.message and "'Ngày làm việc'" in err.message
    assert "Trễ hạn" in err.message and "Trước hạn" in err.message       # portal says late, really early
    assert "TIME.FINISHED_LATE" not in codes(f)
    c = klass(m, TEN_WD)
    assert (c["portal_class"], c["class"], c["due"]) == ("tre_han", "truoc_han", "2025-03-17T09:00:00")


def test_working_days_where_the_procedure_says_calendar_days():
    # 15 ngày from Mon 3/3/2025 09:00 = Tue 18/3; as 15 working days it would be Mon 24/3.
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250324090000", NgayKetThucXuLy="20250320090000",
                 NgayTra="20250320090000")
    err = only(run(m, FIFTEEN_DAYS), "TIME.DUE_DAY_UNIT_CONFUSED")
    assert "ngày làm việc thay vì ngày" in err.message and "18/03/2025" in err.message


def test_other_due_mismatch_gives_the_difference_in_working_days():
    # expected Mon 17/3/2025; stored Thu 20/3 = 3 working days later
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250320090000", NgayKetThucXuLy="20250314100000",
                 NgayTra="20250314100000")
    err = only(run(m, TEN_WD), "TIME.DUE_MISMATCH")
    assert "muộn hơn 3 ngày làm việc" in err.message and "3 working days later" in err.message_en
    assert err.location == {"pointer": "/NgayHenTra"}


def test_missing_due_date_is_a_warning_with_the_computed_date():
    m = manifest(NgayTiepNhan="20250124150000", NgayKetThucXuLy="20250206100000", NgayTra="20250206100000")
    w = only(run(m), "TIME.DUE_MISSING")
    assert w.severity == "warning" and "07/02/2025 15:00" in w.message


def test_due_restarts_after_a_complete_supplement():
    # received Mon 3/3/2025 09:00; supplement requested Tue 4/3 10:00, complete Mon 10/3 14:00;
    # 5 working days restart from Mon 10/3 14:00 -> Mon 17/3 14:00.
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250317140000", NgayKetThucXuLy="20250317100000",
                 NgayTra="20250317100000",
                 DanhSachHoSoBoSung=[{"NgayBoSung": "20250304100000", "NgayTiepNhanBoSung": "20250310140000",
                                      "NgayHenTraTruoc": "20250310090000", "NgayHenTraMoi": "20250317140000"}])
    assert codes(run(m)) == []


SAME_DAY = {"code": "1.000005", "processing_time": [{"case": None, "value": 1, "unit": "working_day",
                                                    "same_day_before": "15:00", "note": "", "source": "test"}]}


def test_same_day_procedures_are_due_the_day_they_are_received_before_15h():
    # Fri 15/3/2024 09:00 -> due that day (17:00); 15:30 -> by the end of the next working day, Mon 18/3.
    morning = manifest(NgayTiepNhan="20240315090000", NgayHenTra="20240315170000", NgayKetThucXuLy="20240315160000",
                       NgayTra="20240315163000")
    assert codes(run(morning, SAME_DAY)) == []
    late = dict(morning, NgayTiepNhan="20240315153000")
    err = only(run(late, SAME_DAY), "TIME.DUE_MISMATCH")
    assert "18/03/2024 17:00" in err.message and "trong ngày nếu tiếp nhận trước 15:00" in err.message
    assert codes(run(dict(late, NgayHenTra="20240318170000", NgayKetThucXuLy="20240318100000",
                          NgayTra="20240318100000"), SAME_DAY)) == []
    # Received Friday morning, due "Tue": two working days too late.
    assert "TIME.DUE_MISMATCH" in codes(run(dict(morning, NgayHenTra="20240319090000"), SAME_DAY))


def test_case_of_the_procedure_selects_its_processing_time():
    proc = {"processing_time": [{"case": "Cấp mới", "value": 5, "unit": "working_day"},
                                {"case": "Cấp lại do mất", "value": 10, "unit": "working_day"}]}
    ok = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250317090000", NgayKetThucXuLy="20250314090000",
                  NgayTra="20250314090000", TenTruongHop="Cấp lại do mất")
    assert "TIME.DUE_MISMATCH" not in codes(run(ok, proc))
    wrong = dict(ok, TenTruongHop="Cấp mới")
    assert "TIME.DUE_MISMATCH" in codes(run(wrong, proc))


def test_user_calendar_changes_the_verdict():
    # A province gives Fri 7/3/2025 off: 5 working days from Mon 3/3 09:00 become Tue 11/3 09:00.
    cal = Calendar([{"date": "2025-03-07", "type": "day_off", "source": "QĐ tỉnh (kiểm thử)"}])
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250311090000", NgayKetThucXuLy="20250311080000",
                 NgayTra="20250311080000")
    assert "TIME.DUE_MISMATCH" in codes(run(m))
    assert "TIME.DUE_MISMATCH" not in codes(run(m, calendar=cal))


# --------------------------------------------------------------------------- late dossiers and apologies

LATE_2024 = dict(NgayTiepNhan="20240304090000", NgayHenTra="20240307090000",   # Mon + 3 wd = Thu 7/3/2024
                 NgayKetThucXuLy="20240311100000", NgayTra="20240311150000")


def test_late_without_apology_is_an_error_under_decree_61():
    f = run(manifest(**LATE_2024), THREE_WD)
    assert only(f, "TIME.LATE_NO_APOLOGY").severity == "error"
    assert "06/03/2024" in only(f, "TIME.LATE_NO_APOLOGY").message       # the day the letter was due
    assert only(f, "TIME.FINISHED_LATE").severity == "warning"


def test_late_without_apology_after_decree_118_is_a_warning():
    # received Mon 4/8/2025 09:00, 3 wd -> Thu 7/8; finished Mon 11/8
    m = manifest(NgayTiepNhan="20250804090000", NgayHenTra="20250807090000", NgayKetThucXuLy="20250811100000",
                 NgayTra="20250811100000")
    f = run(m, THREE_WD)
    assert "TIME.LATE_NO_APOLOGY" not in codes(f)
    assert only(f, "TIME.LATE_NO_APOLOGY_ND118").severity == "warning"
    assert "chưa xác minh" in only(f, "TIME.LATE_NO_APOLOGY_ND118").message


def test_apology_in_time_with_a_kept_new_appointment_is_fine():
    m = manifest(**LATE_2024, DanhSachXinLoi=[{"NgayXinLoi": "20240306100000", "NgayHenTraMoi": "20240312170000"}])
    assert codes(run(m, THREE_WD)) == ["TIME.FINISHED_LATE"]


def test_apology_from_the_history_wording():
    m = manifest(**LATE_2024, QuaTrinhXuLy=[
        {"ThoiDiemXuLy": "20240304090000", "TrangThai": "2", "NoiDungXuLy": "Tiếp nhận hồ sơ"},
        {"ThoiDiemXuLy": "20240305160000", "TrangThai": "4", "NoiDungXuLy": "Ban hành văn bản xin lỗi"},
        {"ThoiDiemXuLy": "20240311150000", "TrangThai": "10", "NoiDungXuLy": "Trả kết quả"}])
    assert codes(run(m, THREE_WD)) == ["TIME.FINISHED_LATE"]


def test_apology_sent_on_the_due_date_is_too_late():
    m = manifest(**LATE_2024, DanhSachXinLoi=[{"NgayXinLoi": "20240307080000", "NgayHenTraMoi": "20240312170000"}])
    err = only(run(m, THREE_WD), "TIME.APOLOGY_TOO_LATE")
    assert "06/03/2024" in err.message and err.severity == "error"


def test_two_new_appointments_and_a_missed_one():
    m = manifest(**dict(LATE_2024, NgayKetThucXuLy="20240315100000", NgayTra="20240315100000"),
                 DanhSachXinLoi=[{"NgayXinLoi": "20240305100000", "NgayHenTraMoi": "20240311170000"},
                                 {"NgayXinLoi": "20240311100000", "NgayHenTraMoi": "20240314170000"}])
    f = run(m, THREE_WD)
    assert "TIME.RESCHEDULED_MORE_THAN_ONCE" in codes(f)
    assert "14/03/2024" in only(f, "TIME.NEW_APPOINTMENT_MISSED").message


def test_overdue_open_dossier_needs_an_apology_too():
    m = manifest(NgayTiepNhan="20240304090000", NgayHenTra="20240307090000", TrangThaiHoSo="4",
                 DanhSachGiayToKetQua=[])
    f = run(m, THREE_WD, as_of=date(2024, 3, 12))
    assert {"TIME.OVERDUE_OPEN", "TIME.LATE_NO_APOLOGY"} <= set(codes(f))
    assert codes(run(m, THREE_WD, as_of=date(2024, 3, 7))) == []
    assert klass(m, THREE_WD, as_of=date(2024, 3, 7))["class"] == "dang_xu_ly_trong_han"


# --------------------------------------------------------------------------- online intake

def test_online_dossier_friday_before_tet_received_monday_afternoon_is_in_time():
    # submitted Fri 24/1/2025 16:45, in the last office hour -> counted from Mon 3/2 07:00;
    # 8 working hours end Mon 3/2 17:00.
    m = manifest(KenhThucHien="2", NgayNopHoSo="20250124164500", NgayTiepNhan="20250203163000",
                 NgayHenTra="20250210163000", NgayKetThucXuLy="20250207090000", NgayTra="20250207090000")
    assert codes(run(m)) == []


def test_online_dossier_received_too_late():
    m = manifest(KenhThucHien="2", NgayNopHoSo="20250124164500", NgayTiepNhan="20250204090000",
                 NgayHenTra="20250211090000", NgayKetThucXuLy="20250207090000", NgayTra="20250207090000")
    w = only(run(m), "TIME.ONLINE_INTAKE_LATE")
    assert w.severity == "warning" and "sau 10 giờ làm việc" in w.message and "after 10 working" in w.message_en     # Mon 07:00 -> Tue 09:00 = 8 + 2 h
    assert "chưa xác minh" in w.message


def test_online_dossier_sent_on_sunday():
    # Sun 9/3/2025 -> counting starts Mon 10/3 07:00; received 16:30 is within 8 h
    m = manifest(KenhThucHien="2", NgayNopHoSo="20250309100000", NgayTiepNhan="20250310163000",
                 NgayHenTra="20250317163000", NgayKetThucXuLy="20250314090000", NgayTra="20250314090000")
    assert "TIME.ONLINE_INTAKE_LATE" not in codes(run(m))
    assert "TIME.ONLINE_INTAKE_LATE" in codes(run(m, online_intake_hours=4))


def test_online_dossier_never_received():
    m = manifest(KenhThucHien="2", TrangThaiHoSo="1", NgayNopHoSo="20250310090000", DanhSachGiayToKetQua=[])
    assert only(run(m, as_of=date(2025, 3, 13)), "TIME.ONLINE_INTAKE_OVERDUE")
    assert "TIME.ONLINE_INTAKE_OVERDUE" not in codes(run(m, as_of=date(2025, 3, 10)))


# --------------------------------------------------------------------------- supplements

def test_two_supplement_requests_while_processing():
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250324090000", NgayKetThucXuLy="20250320090000",
                 NgayTra="20250320090000",
                 DanhSachHoSoBoSung=[{"NgayBoSung": "20250304100000", "NgayTiepNhanBoSung": "20250305100000"},
                                     {"NgayBoSung": "20250306100000", "NgayTiepNhanBoSung": "20250317090000"}])
    w = only(run(m), "TIME.SUPPLEMENT_REPEATED")
    assert "2 lần" in w.message and w.severity == "warning"


def test_supplement_requested_after_the_due_date_and_after_three_days():
    # received Mon 3/3/2025 09:00, due Mon 10/3 09:00 (5 wd); supplement asked Tue 11/3
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250310090000", TrangThaiHoSo="5",
                 NgayYeuCauBoSung="20250311100000", DanhSachGiayToKetQua=[])
    f = run(m, as_of=date(2025, 3, 12))
    assert only(f, "TIME.SUPPLEMENT_AFTER_DUE").severity == "error"
    assert "TIME.SUPPLEMENT_AFTER_3_DAYS" in codes(f)
    assert klass(m, as_of=date(2025, 3, 12))["label"].startswith("Tạm dừng")


def test_supplement_in_the_history_wording_counts():
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250310090000", TrangThaiHoSo="4",
                 DanhSachGiayToKetQua=[], QuaTrinhXuLy=[
                     {"ThoiDiemXuLy": "20250303090000", "TrangThai": "2", "NoiDungXuLy": "Tiếp nhận hồ sơ"},
                     {"ThoiDiemXuLy": "20250304090000", "TrangThai": "5", "NoiDungXuLy": "Yêu cầu bổ sung hồ sơ"},
                     {"ThoiDiemXuLy": "20250305090000", "TrangThai": "5", "NoiDungXuLy": "Hoàn thành bổ sung hồ sơ"},
                     {"ThoiDiemXuLy": "20250306090000", "TrangThai": "5", "NoiDungXuLy": "Cán bộ trả hồ sơ bổ sung"},
                     {"ThoiDiemXuLy": "20250306100000", "TrangThai": "4", "NoiDungXuLy": "Chuyển xử lý"}])
    assert "TIME.SUPPLEMENT_REPEATED" in codes(run(m, as_of=date(2025, 3, 7)))


# --------------------------------------------------------------------------- consistency

def test_finished_status_without_dates_or_result():
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250310090000", DanhSachGiayToKetQua=[])
    f = run(m)
    missing = [x for x in f if x.code == "TIME.STATUS_DATE_MISSING"]
    assert sorted(x.location["pointer"] for x in missing) == ["/NgayKetThucXuLy", "/NgayTra"]
    assert klass(m)["class"] == "khong_xac_dinh"


def test_dates_backwards_future_and_unreadable():
    m = manifest(NgayNopHoSo="20250305090000", NgayTiepNhan="20250303090000", NgayHenTra="2025-13-45",
                 NgayKetThucXuLy="20260110090000", NgayTra="20260110090000")
    f = run(m)
    assert only(f, "TIME.DATES_BACKWARDS").location == {"pointer": "/NgayTiepNhan"}
    assert {x.location["pointer"] for x in f if x.code == "TIME.DATE_IN_FUTURE"} == {"/NgayKetThucXuLy", "/NgayTra"}
    # An unreadable date is unknown, not missing: the manifest schema reports it (below), once.
    assert "TIME.DUE_MISSING" not in codes(f) and not any("2025-13-45" in x.message for x in f)


def test_history_out_of_order_and_status_mismatch():
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250310090000", NgayKetThucXuLy="20250307090000",
                 NgayTra="20250307090000", QuaTrinhXuLy=[
                     {"ThoiDiemXuLy": "20250303090000", "TrangThai": "2", "NoiDungXuLy": "Tiếp nhận hồ sơ"},
                     {"ThoiDiemXuLy": "20250306090000", "TrangThai": "4", "NoiDungXuLy": "Thẩm định"},
                     {"ThoiDiemXuLy": "20250305090000", "TrangThai": "9", "NoiDungXuLy": "Kết thúc xử lý"}])
    f = run(m)
    assert only(f, "TIME.HISTORY_OUT_OF_ORDER").location == {"pointer": "/QuaTrinhXuLy/2"}
    assert only(f, "TIME.HISTORY_STATUS_MISMATCH").severity == "info"


def test_nested_manifest_and_pointer_prefix():
    inner = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250320090000", NgayKetThucXuLy="20250314100000",
                     NgayTra="20250314100000")
    f = run({"hoSo": inner, "QuaTrinhXuLy": []}, TEN_WD)
    assert only(f, "TIME.DUE_MISMATCH").location == {"pointer": "/hoSo/NgayHenTra"}


@pytest.mark.parametrize("m", [{}, {"TrangThaiHoSo": 10}, {"NgayTiepNhan": 5, "DanhSachHoSoBoSung": "x"},
                               {"QuaTrinhXuLy": [None, 3, {"ThoiDiemXuLy": []}]},
                               {"NgayTiepNhan": "19990101090000", "NgayHenTra": "19990105090000", "TrangThaiHoSo": "4"},
                               {"NgayTiepNhan": "20240231090000", "NgayHenTra": "20240230170000", "TrangThaiHoSo": "10",
                                "NgayTra": "2024-02-31T10:00:00", "DanhSachXinLoi": [{"NgayXinLoi": "x"}]},
                               {"MaTTHC": 1.001193, "TaiLieuNop": [None, {"TenTepDinhKem": 5}], "DanhSachGiayToKetQua": "x"}])
@pytest.mark.parametrize("procedure", [FIVE_WD, None, {}, {"components": [{"name": "Tờ khai"}, "x", {"code": 5}]},
                                       {"components": [{"code": "A", "mandatory": True, "one_of": "g"}],
                                        "groups": {"g": "not a dict", "h": {"mandatory": True}}, "result": "x"},
                                       {"processing_time": [{"value": "abc"}, {"value": 1, "unit": "working_day",
                                                                               "same_day_before": "25:99"}, None]}])
def test_odd_manifests_and_partial_catalog_entries_never_break_any_check(m, procedure):
    """Every dossier check of every family: a crash would be INTERNAL.CHECK_FAILED (a bug report)."""
    f = run_checks("dossier", Dossier(source="test", manifest=m, procedure=procedure), Context(as_of=AS_OF))
    assert not [x for x in f if x.code.startswith("INTERNAL.")], [(x.code, x.message) for x in f]


def test_one_finding_per_problem_across_families():
    """An unreadable date is the schema's finding only; a finished dossier without a result is
    COMPONENT.RESULT_MISSING only (the timeline reports neither again)."""
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250231170000", NgayKetThucXuLy="20250305090000",
                 NgayTra="20250305090000", DanhSachGiayToKetQua=[], TaiLieuNop=[])
    f = run_checks("dossier", Dossier(source="test", manifest=m, procedure=FIVE_WD), Context(as_of=AS_OF))
    assert [x.location["pointer"] for x in f if x.code == "DOSSIER.SCHEMA"] == ["/NgayHenTra"]
    assert [x.code for x in f if "RESULT_MISSING" in x.code] == ["COMPONENT.RESULT_MISSING"]
    assert not [x for x in f if x.code.startswith("TIME.")], codes(f)


def test_personal_data_never_appears_in_findings():
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250313090000", NgayKetThucXuLy="20250314100000")
    text = " ".join(f"{x.message} {x.message_en} {x.evidence}" for x in run(m, TEN_WD))
    assert "001203004567" not in text and "0912345678" not in text


def test_disabling_a_code():
    m = manifest(NgayTiepNhan="20250303090000", NgayHenTra="20250313090000", NgayKetThucXuLy="20250314100000",
                 NgayTra="20250314100000")
    f = run_checks("dossier", Dossier(source="t", manifest=m, procedure=TEN_WD),
                   Context(as_of=AS_OF, disabled=OTHER_FAMILIES | {"timeline.due"}))
    assert codes(f) == []
    f = run_checks("dossier", Dossier(source="t", manifest=m, procedure=TEN_WD),
                   Context(as_of=AS_OF, disabled=OTHER_FAMILIES | {"TIME.DUE_DAY_UNIT_CONFUSED"}))
    assert codes(f) == []
    assert codes(run(m, TEN_WD)) == ["TIME.DUE_DAY_UNIT_CONFUSED"]


# --------------------------------------------------------------------------- classification

@pytest.mark.parametrize("fields, as_of, expected", [
    (dict(TrangThaiHoSo="10", NgayKetThucXuLy="20250206235900", NgayHenTra="20250207080000"), AS_OF, "truoc_han"),
    # the same day, later in the day than the due time: the portal compares dates -> on time
    (dict(TrangThaiHoSo="9", NgayKetThucXuLy="20250207163000", NgayHenTra="20250207080000"), AS_OF, "dung_han"),
    (dict(TrangThaiHoSo="10", NgayKetThucXuLy="20250208090000", NgayHenTra="20250207170000"), AS_OF, "tre_han"),
    (dict(TrangThaiHoSo="10", NgayKetThucXuLy="20250208090000"), AS_OF, "dung_han"),          # no due date
    (dict(TrangThaiHoSo="4", NgayHenTra="20250207170000"), date(2025, 2, 7), "dang_xu_ly_trong_han"),
    (dict(TrangThaiHoSo="4", NgayHenTra="20250207170000"), date(2025, 2, 8), "qua_han"),
    # finished after the reference day: it was still open then
    (dict(TrangThaiHoSo="10", NgayKetThucXuLy="20250210090000", NgayHenTra="20250207170000"), date(2025, 2, 7),
     "dang_xu_ly_trong_han"),
    (dict(TrangThaiHoSo="5", NgayHenTra="20250207170000"), date(2025, 3, 1), "tam_dung"),
    (dict(TrangThaiHoSo="7"), AS_OF, "tra_lai"),
    (dict(TrangThaiHoSo="1"), AS_OF, "chua_tiep_nhan"),
    (dict(TrangThaiHoSo="3"), AS_OF, "khong_tiep_nhan"),
])
def test_classification(fields, as_of, expected):
    t = timeline_of({"NgayTiepNhan": "20250124090000", **fields})
    assert classify(t, as_of, t.due) == expected


@pytest.mark.parametrize("value, expected", [
    ("20250124150000", "2025-01-24T15:00:00"), ("202501241500", "2025-01-24T15:00:00"), ("20250124", "2025-01-24T00:00:00"),
    ("2025-01-24T15:00:00", "2025-01-24T15:00:00"), ("2025-01-24 15:00", "2025-01-24T15:00:00"),
    ("24/01/2025 15:00:00", "2025-01-24T15:00:00"), ("2025-01-24T08:00:00Z", "2025-01-24T15:00:00"),
    (20250124150000, "2025-01-24T15:00:00"), ("", None), (None, None),
])
def test_parse_moment(value, expected):
    got = parse_moment(value)
    assert (got.isoformat() if got else None) == expected


@pytest.mark.parametrize("value", ["2025-13-45", "202501", "abc", "31/02/2025", "20240231170000"])
def test_parse_moment_rejects(value):
    with pytest.raises(ValueError):
        parse_moment(value)


def test_a_sync_date_that_names_no_day_is_unreadable_not_a_crash():
    t = timeline_of({"NgayHenTra": "20240231170000", "QuaTrinhXuLy": [{"ThoiDiemXuLy": "20241332000000"}]})
    assert t.due is None and t.unreadable("NgayHenTra") and not t.unreadable("NgayTiepNhan")
    assert [name for name, _, _ in t.bad_dates] == ["NgayHenTra", "QuaTrinhXuLy[1].ThoiDiemXuLy"]


def test_the_checks_read_the_analysis_the_runner_kept_on_the_dossier():
    d = Dossier(source="t", manifest=manifest(NgayTiepNhan="20250303090000"), procedure=FIVE_WD)
    ctx = Context(as_of=AS_OF)
    assert analyse(d, ctx) is not analyse(d, ctx) and d.timeline is None      # a check alone: computed, not kept
    kept = analyse_dossier(d, default_calendar(), AS_OF)
    assert d.timeline is kept and analyse(d, ctx) is kept


def test_regime_is_consistent_with_subject_date_set_to_the_reception_day():
    # The validate command should set Context.subject_date to the reception day
    # (timeline_of(manifest).reception_day); the registry's in_force filter then agrees.
    for received, due, finished, code in (("20240304090000", "20240307090000", "20240311100000", "TIME.LATE_NO_APOLOGY"),
                                          ("20250804090000", "20250807090000", "20250811100000", "TIME.LATE_NO_APOLOGY_ND118")):
        m = manifest(NgayTiepNhan=received, NgayHenTra=due, NgayKetThucXuLy=finished, NgayTra=finished)
        day = timeline_of(m).reception_day
        f = run_checks("dossier", Dossier(source="t", manifest=m, procedure=THREE_WD),
                       Context(as_of=AS_OF, subject_date=day, disabled=OTHER_FAMILIES))
        assert code in codes(f)
