"""`tthc report --html`: the register as one self-contained Vietnamese page (Jinja2): the
directives, the items grouped by assignee with the overdue ones first, a timeline of due dates
and filters (text, assignee, status, directive) that run in the page. No network: styles and
script are inline, and the page's Content-Security-Policy forbids loading anything else. Laid
out for a phone as well as a desktop (one column under 640 px). Personal identifiers are masked
outside the directive's own words (an officer's note; report/safe.py)."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Iterable

from extract.calendar import WEEKDAY_VI
from extract.model import section_display
from report.ics_events import VN
from report.tasks import NO_ASSIGNEE, deadline_label, directive_label, dmy, shorten, state

TEMPLATE = "register.html.j2"


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    return Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                       autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)


def _state_class(item: dict) -> str:
    return "done" if item["status"] == "done" else ("overdue" if item["overdue"] else "open")


def _view(item: dict) -> dict:
    assignee = item.get("assignee") or NO_ASSIGNEE
    v = {"id": item["id"], "due": dmy(item.get("due_date")), "state": state(item), "state_class": _state_class(item),
         "task": item.get("task") or "", "task_short": shorten(item.get("task"), 120), "section": section_display(item.get("section")),
         "directive": directive_label(item), "issued": dmy(item.get("issued")), "document_id": item["document_id"],
         "deadline_text": deadline_label(item), "basis": item.get("basis"), "note": item.get("note"),
         "coordinators": "; ".join(item.get("coordinators") or []), "assignee": assignee}
    v["search"] = " ".join(x for x in (v["task"], assignee, v["directive"], v["section"] or "", v["note"] or "") if x)
    return v


def build_context(items: Iterable[dict], documents: list[dict], *, as_of: date, title: str) -> dict:
    from report.safe import public_register_rows
    items, documents = public_register_rows(items), public_register_rows(documents)
    views = [_view(i) for i in items]
    keys: dict[str, str] = {}
    groups: dict[str, dict] = {}
    for it, v in zip(items, views):
        name = v["assignee"]
        key = keys.setdefault(name, f"g{len(keys) + 1}")
        v["assignee_key"] = key
        g = groups.setdefault(name, {"name": name, "key": key, "entries": [], "open": 0, "overdue": 0, "done": 0})
        g["entries"].append((it, v))
        g["done" if it["status"] == "done" else "open"] += 1
        g["overdue"] += bool(it["overdue"])
    rank = {"overdue": 0, "open": 1, "done": 2}
    ordered = []
    for g in sorted(groups.values(), key=lambda g: (-g["overdue"], -g["open"], g["name"] == NO_ASSIGNEE, g["name"])):
        g["entries"] = [v for it, v in sorted(g["entries"], key=lambda p: (
            rank[p[1]["state_class"]], p[0].get("due_date") or date.max, p[0]["id"]))]
        ordered.append(g)
    days: dict[date, dict] = {}
    for it, v in zip(items, views):
        d = it.get("due_date")
        if d is None:
            continue
        day = days.setdefault(d, {"iso": d.isoformat(), "label": dmy(d), "weekday": WEEKDAY_VI[d.weekday()],
                                  "entries": [], "overdue": False})
        day["entries"].append(v)
        day["overdue"] = day["overdue"] or bool(it["overdue"])
    overdue_by_doc: dict[int, int] = {}
    for it in items:
        overdue_by_doc[it["document_id"]] = overdue_by_doc.get(it["document_id"], 0) + bool(it["overdue"])
    docs = [{"id": d["id"], "label": d.get("number") or f"(không số, mã {d['id']})", "type": d.get("doc_type") or "",
             "date": dmy(d.get("date")), "issuer": d.get("issuer_normalized") or d.get("issuer") or "",
             "subject": d.get("subject") or "", "item_count": d.get("items", 0), "overdue": overdue_by_doc.get(d["id"], 0)}
            for d in documents]
    done = sum(i["status"] == "done" for i in items)
    return {"title": title, "as_of": dmy(as_of), "generated": dmy(datetime.now(VN).replace(tzinfo=None, microsecond=0)),
            "documents": docs, "groups": ordered, "timeline": [days[d] for d in sorted(days)],
            "totals": {"count": len(items), "open": len(items) - done, "done": done,
                       "overdue": sum(bool(i["overdue"]) for i in items)}}


def render_html(items: Iterable[dict], documents: list[dict], *, as_of: date,
                title: str = "Báo cáo theo dõi thực hiện nhiệm vụ") -> str:
    return _environment().get_template(TEMPLATE).render(**build_context(items, documents, as_of=as_of, title=title))


def write_html(items: Iterable[dict], documents: list[dict], path: str | Path, *, as_of: date,
               title: str = "Báo cáo theo dõi thực hiện nhiệm vụ") -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(render_html(items, documents, as_of=as_of, title=title), encoding="utf-8")
