"""Ruled tables of a PDF page: pdfplumber's table algorithm over edges read with pypdfium2.

pdfplumber's own find_tables() first parses every character of the page with pdfminer
(~250 ms per page here); its grid algorithm only needs the ruling lines. So the lines are
read from the page's path objects with pdfium and handed to pdfplumber.table's
merge_edges -> edges_to_intersections -> intersections_to_cells -> cells_to_tables.
Coordinates returned are PDF points with y growing upwards, like the text segments.
"""
from __future__ import annotations

import ctypes
from collections import defaultdict

import pypdfium2.raw as pdfium_c
from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

THIN = 3.0          # a path thinner than this is a rule (line or thin filled rectangle)
TOLERANCE = 3.0     # pdfplumber's default snap / join / intersection tolerance
MIN_EDGE = 3.0


def find_tables(page) -> list[tuple[tuple, list[list[tuple]]]]:
    """[(table bbox (x0, bottom, x1, top), rows of cell boxes (x0, bottom, x1, top))]."""
    height = page.get_height()
    edges = _edges(page, height)
    if len(edges) < 4:
        return []
    edges = [e for e in merge_edges(edges, TOLERANCE, TOLERANCE, TOLERANCE, TOLERANCE)
             if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= MIN_EDGE]
    cells = intersections_to_cells(edges_to_intersections(edges, TOLERANCE, TOLERANCE))
    out = []
    for group in cells_to_tables(cells):
        rows = _rows(group)
        if len(rows) < 2 or max(len(r) for r in rows) < 2:
            continue                       # a box around a paragraph is not a table
        x0 = min(c[0] for c in group)
        top = min(c[1] for c in group)
        x1 = max(c[2] for c in group)
        bottom = max(c[3] for c in group)
        up = lambda c: (c[0], height - c[3], c[2], height - c[1])  # noqa: E731
        out.append((up((x0, top, x1, bottom)), [[up(c) for c in row] for row in rows]))
    return out


def _rows(cells) -> list[list[tuple]]:
    """Cells (x0, top, x1, bottom; top-down) grouped by their top edge, left to right."""
    by_top = defaultdict(list)
    for c in cells:
        by_top[round(c[1])].append(c)
    return [sorted(by_top[t], key=lambda c: c[0]) for t in sorted(by_top)]


def _edge(x0, y0, x1, y1, height) -> dict | None:
    """A horizontal or vertical segment as a pdfplumber edge (top-down coordinates)."""
    if abs(y1 - y0) <= 1.0 and abs(x1 - x0) > 1.0:
        y = height - (y0 + y1) / 2
        lo, hi = sorted((x0, x1))
        return {"x0": lo, "x1": hi, "top": y, "bottom": y, "width": hi - lo, "height": 0, "orientation": "h"}
    if abs(x1 - x0) <= 1.0 and abs(y1 - y0) > 1.0:
        lo, hi = sorted((height - y0, height - y1))
        x = (x0 + x1) / 2
        return {"x0": x, "x1": x, "top": lo, "bottom": hi, "width": 0, "height": hi - lo, "orientation": "v"}
    return None


def _edges(page, height) -> list[dict]:
    edges: list[dict] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=1):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if w < THIN or h < THIN:                       # a rule: its box is the line
            e = (_edge(left, (bottom + top) / 2, right, (bottom + top) / 2, height) if h < THIN
                 else _edge((left + right) / 2, bottom, (left + right) / 2, top, height))
            if e:
                edges.append(e)
            continue
        m = obj.get_matrix()
        n = pdfium_c.FPDFPath_CountSegments(obj.raw)
        if n > 400:
            continue                                   # a drawing, not a grid
        start = prev = None
        for i in range(n):
            seg = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
            pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
            pt = (m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f)
            kind = pdfium_c.FPDFPathSegment_GetType(seg)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                start = prev = pt
                continue
            if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
                e = _edge(prev[0], prev[1], pt[0], pt[1], height)
                if e:
                    edges.append(e)
            prev = pt
            if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
                e = _edge(pt[0], pt[1], start[0], start[1], height)
                if e:
                    edges.append(e)
    return edges
