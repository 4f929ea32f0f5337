"""`tthc procedures list` and `tthc procedures show CODE`: what the procedure catalog
requires, each fact with its source and whether that source was read — as text (Vietnamese
with English alongside, 80 columns) or JSON. Every string goes through report/safe.py first
(a province's catalog folder is named by its path, which may hold an identifier)."""
from __future__ import annotations

import json
from typing import IO

from report.vi import wrap

FORMS = {"original": ("bản chính", "original"), "copy": ("bản sao", "copy"),
         "original_or_copy": ("bản chính hoặc bản sao", "original or copy"),
         "present": ("xuất trình, không nộp", "shown, not submitted")}


def _duration(row: dict, lang: str = "vi") -> str:
    from extract.dossier.durations import from_catalog
    try:
        return from_catalog(row).label(lang)
    except Exception:  # noqa: BLE001 - a hand-made entry with an odd unit is shown as written
        return f"{row.get('value')} {row.get('unit')}"


def _mark(fact: dict) -> str:
    return "" if fact.get("verified", True) else " (chưa xác minh / unverified)"


def summary_row(proc: dict) -> dict:
    comps = [c for c in proc.get("components") or [] if isinstance(c, dict)]
    times = proc.get("processing_time") or []
    return {"code": proc.get("code"), "name": proc.get("name"), "field": proc.get("field"),
            "level": proc.get("level") or [], "processing_time": [_duration(t) for t in times],
            "components": len(comps),
            "mandatory": sum(1 for c in comps if c.get("mandatory") and not c.get("condition") and not c.get("one_of")),
            "unverified_facts": sum(1 for f in comps + times + (proc.get("fees") or []) + [proc.get("result") or {}]
                                    if f.get("verified") is False),
            "origin": proc.get("_origin") or "tthc-check"}


def write_list(procs: list[dict], out: IO[str], fmt: str = "text", where: str = "") -> None:
    from report.safe import public_config
    rows, where = public_config([summary_row(p) for p in procs]), public_config(where)
    if fmt == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    out.write(wrap(f"Danh mục thủ tục / procedure catalog: {len(rows)} thủ tục / procedures{where}") + "\n")
    out.write("`tthc procedures show MÃ` xem thành phần và nguồn / shows components and sources\n\n")
    for r in rows:
        out.write(wrap(r["name"] or "", indent=" " * 12, first=f"  {r['code']:<10}") + "\n")
        facts = [r["field"] or "", ", ".join(r["level"]), "; ".join(r["processing_time"]),
                 f"{r['components']} thành phần ({r['mandatory']} bắt buộc) / components ({r['mandatory']} mandatory)"]
        if r["unverified_facts"]:
            facts.append(f"{r['unverified_facts']} dữ kiện chưa xác minh / unverified facts")
        if r["origin"] != "tthc-check":
            facts.append(f"từ / from {r['origin']}")
        out.write(wrap(" · ".join(f for f in facts if f), indent=" " * 12, first=" " * 12) + "\n")


def show_dict(proc: dict) -> dict:
    """The catalog entry as JSON, with where it comes from and the mapped provincial codes."""
    out = {k: v for k, v in proc.items() if not k.startswith("_")}
    out["origin"] = proc.get("_origin") or "tthc-check"
    out["components"] = []
    for c in proc.get("components") or []:
        item = {k: v for k, v in c.items() if not k.startswith("_")}
        if c.get("_mapped"):
            item["mapped_codes"] = c["_mapped"]
        out["components"].append(item)
    return out


def write_show(proc: dict, out: IO[str], fmt: str = "text") -> None:
    from report.safe import public_config
    proc = public_config(proc)
    if fmt == "json":
        json.dump(show_dict(proc), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return
    w = lambda text, indent="    ", first="  ": out.write(wrap(text, indent=indent, first=first) + "\n")  # noqa: E731
    out.write(wrap(f"{proc.get('code')} {proc.get('name')}", indent="  ") + "\n")
    code_note = "" if proc.get("code_verified", True) else " (mã chưa xác minh ở CSDL quốc gia / code unverified)"
    w(f"Lĩnh vực / field: {proc.get('field') or '—'}; cấp / level: {', '.join(proc.get('level') or []) or '—'}"
      f"{code_note}", first="")
    if proc.get("competent_body"):
        w(f"Cơ quan giải quyết / competent body: {proc['competent_body']}", first="")
    origin = proc.get("_origin") or "tthc-check"
    w(f"Nguồn danh mục / catalog entry from: {origin}", first="")
    if proc.get("legal_basis"):
        out.write("Căn cứ pháp lý / legal basis:\n")
        for b in proc["legal_basis"]:
            w(f"- {b}")
    out.write("Thời hạn giải quyết / processing time:\n")
    for t in proc.get("processing_time") or []:
        case = f"{t['case']}: " if t.get("case") else ""
        channel = f" (kênh / channel {t['channel']})" if t.get("channel") else ""
        w(f"- {case}{_duration(t)} / {_duration(t, 'en')}{channel} [{t.get('source')}]{_mark(t)}")
        if t.get("note"):
            w(t["note"], first="    ")
    groups = proc.get("groups") or {}
    out.write("Thành phần hồ sơ / components:\n")
    for c in proc.get("components") or []:
        if c.get("form") == "present":
            need = "XUẤT TRÌNH / SHOW"
        elif c.get("one_of"):
            need = "MỘT TRONG NHÓM / ONE OF"
        elif c.get("mandatory") and not c.get("condition"):
            need = "BẮT BUỘC / REQUIRED"
        elif c.get("condition"):
            need = "KHI / IF"
        else:
            need = "KHÔNG BẮT BUỘC / OPTIONAL"
        w(f"{c.get('code')}  {need}: {c.get('name')}", indent="      ")
        form = FORMS.get(c.get("form"), (None, None))
        details = [f"{c.get('original', 0)} bản chính, {c.get('copies', 0)} bản sao / "
                   f"{c.get('original', 0)} original, {c.get('copies', 0)} copies"]
        if form[0]:
            details.append(f"{form[0]} / {form[1]}")
        if c.get("one_of"):
            g = groups.get(c["one_of"]) or {}
            details.append(f"nhóm / group: {g.get('name') or c['one_of']}")
        if c.get("condition"):
            details.append(f"khi / when: {c['condition']}")
        if c.get("aliases"):
            details.append("tên khác / also called: " + "; ".join(c["aliases"]))
        codes = list(c.get("codes") or [])
        if codes:
            details.append("mã khác / other codes: " + ", ".join(codes))
        details.append(f"[{c.get('source')}]{_mark(c)}")
        w("; ".join(details), indent="      ", first="      ")
    r = proc.get("result") or {}
    if r:
        out.write("Kết quả / result:\n")
        e = "bản điện tử có chữ ký số" if r.get("electronic") and r.get("signed") else \
            ("bản điện tử" if r.get("electronic") else "bản giấy")
        w(f"- {r.get('name')} ({e}); người cấp / issuer: {r.get('issuer')} [{r.get('source')}]{_mark(r)}")
    if proc.get("fees"):
        out.write("Phí, lệ phí / fees:\n")
        for f in proc["fees"]:
            amount = f"{f['amount']:,} đồng".replace(",", ".") if isinstance(f.get("amount"), int) else \
                "theo quy định của tỉnh / set by the province"
            w(f"- {f.get('name')}: {amount} [{f.get('source')}]{_mark(f)}")
    out.write("Nguồn / sources:\n")
    for key, s in (proc.get("sources") or {}).items():
        read = "đã đọc / read" if s.get("read") else "chỉ trích dẫn, chưa đọc / cited, not read"
        w(f"[{key}] {s.get('title')} — {read}")
        w(s.get("where") or "", indent="      ", first="      ")
        if s.get("note"):
            w(s["note"], indent="      ", first="      ")
