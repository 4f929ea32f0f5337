"""The zones of a directive and how sure the reader is of each (Decree 30/2020, Phụ lục I, ô 1-9).

A zone is found when its part was located, and its absence is confident only when the place where
the part belongs was located: the header (issuer, Quốc hiệu and Tiêu ngữ, number, place and date) is
delimited by its anchors and by where the body starts; the type heading, subject and Kính gửi lie
between the header and the body; the signature and Nơi nhận are judged once the closing was found.
Checks may say a part is missing only when its zone is confidently absent (checks/directive_format.py);
otherwise they say the layout is uncertain. Form-independent: the anchors are the same whether the
lines came from portal text, a PDF, a DOCX or OCR.
"""
from __future__ import annotations

from extract.directive.layout import Layout
from extract.model import Zone
from schemas import load_json

HEADER_ANCHORS = ("issuer", "national_title", "motto", "number", "place_date")


def zone_names() -> tuple[str, ...]:
    return tuple(load_json("data", "document_format.json")["components"]["zones"])


def locate(layout: Layout) -> dict[str, Zone]:
    p = layout.parts
    anchors = [k for k in HEADER_ANCHORS if k in p]
    seen = ", ".join(anchors) or "none"
    header = len(anchors) >= 3 or (len(anchors) >= 2 and layout.header_closed)
    why_header = f"header anchors found: {seen}" + ("; the body start was found" if layout.header_closed else "")
    between = header and layout.header_closed
    zones: dict[str, Zone] = {}

    def add(name: str, keys: tuple[str, ...], sure_if_absent: bool, why: str, found: bool | None = None) -> None:
        spans = [p[k].span() for k in keys if k in p]
        hit = bool(spans) if found is None else found
        zones[name] = Zone(name, hit, True if hit else sure_if_absent, spans[0] if spans else None,
                           why if not hit else f"located: {', '.join(k for k in keys if k in p)}")

    blank = layout.blank_cells
    why_blank = "its table cell is printed empty in this copy (the copy lost the cell's text)"
    add("issuer", ("issuer",), header and "issuer" not in blank, why_blank if "issuer" in blank else why_header)
    # Quốc hiệu and Tiêu ngữ are one zone: found when both are; one of them found locates the zone.
    title_keys = ("national_title", "motto")
    both = all(k in p for k in title_keys)
    add("national_title", title_keys, header or any(k in p for k in title_keys), why_header, found=both)
    add("number", ("number",), header, why_header)
    add("place_date", ("place_date",), header and "place_date" not in blank,
        why_blank if "place_date" in blank else why_header)
    if not zones["place_date"].found and layout.passage is not None:
        zones["place_date"] = Zone("place_date", True, True, layout.passage.span(),
                                   "dated by its passage line ('… thông qua ngày …'): the kind prints no "
                                   "place-and-date line (schemas/data/document_format.json, passage_dated)")
    add("doc_title", ("doc_title",), between, why_header)
    add("subject", ("subject",), between and ("doc_title" in p or "number" in p), why_header)
    add("recipients", ("recipients",), between, why_header)
    add("body", ("body",), layout.header_closed, "the header ends where the body would start")
    signature = ("authority", "position", "signer_name")
    add("signature", signature, False, "no signing authority, position or name was located", found=
        all(k in p for k in ("position", "signer_name")))
    if not zones["signature"].found and any(k in p for k in signature):
        zones["signature"].confident = True          # the block was located; a part of it is not there
        zones["signature"].evidence = "located: " + ", ".join(k for k in signature if k in p)
    closing = any(k in p for k in ("position", "signer_name"))
    add("cc", ("cc",), closing and not layout.unlabelled_cc and "cc" not in blank,
        why_blank if closing and "cc" in blank else
        "the closing was located" + ("" if not layout.unlabelled_cc else "; list entries without a heading follow it")
        if closing else "the closing was not located")
    zones["appendices"] = Zone("appendices", bool(layout.appendices), True,
                               layout.appendices[0].title.span() if layout.appendices and layout.appendices[0].title
                               else None, f"{len(layout.appendices)} appendix block(s)")
    return zones


def confident_zones(parts: dict) -> dict[str, Zone]:
    """Zones of a hand-built directive whose every part is where the kind puts it: each zone is found
    when its part is in `parts` (name -> Span) and confidently absent otherwise."""
    out = {}
    keys = {"national_title": ("national_title", "motto"), "signature": ("position", "signer_name")}
    for name in zone_names():
        ks = keys.get(name, (name,))
        found = all(k in parts for k in ks)
        span = next((parts[k] for k in ks if k in parts), None)
        out[name] = Zone(name, found, True, span, "hand-built")
    return out
