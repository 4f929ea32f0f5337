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


def find_tables(page) -> list[tuple[tuple, list[list[tuple | None]]]]:
    """[(table bbox (x0, bottom, x1, top), rows of cell boxes (x0, bottom, x1, top) or None
    where a cell of the row above reaches down)]."""
    height = page.get_height()
    up = lambda c: (c[0], height - c[3], c[2], height - c[1])  # noqa: E731
    return [(up(bbox), [[up(c) if c else None for c in row] for row in rows])
            for bbox, rows in grid_tables(close_split_rows(_edges(page, height)), TOLERANCE, MIN_EDGE)]


def close_split_rows(edges: list[dict], tolerance: float = TOLERANCE) -> list[dict]:
    """A table row that goes on to the next page is drawn without the rule at the page break
    (the column rules just stop at the bottom margin, and start again at the top of the next
    page): without it the row has no cells and its text falls out of the table. Where three or
    more column rules of a grid end (or start) together and no row rule is there, the rule is
    added back across them."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]
    if len(vertical) < 3 or not horizontal:
        return edges
    added = []
    for end in ("bottom", "top"):
        groups: list[list[dict]] = []
        for e in sorted(vertical, key=lambda e: e[end]):
            if groups and abs(e[end] - groups[-1][0][end]) <= tolerance:
                groups[-1].append(e)
            else:
                groups.append([e])
        for group in groups:
            xs = sorted({round(e["x0"], 1) for e in group})
            if len(xs) < 3:
                continue
            y = sum(e[end] for e in group) / len(group)
            x0, x1 = xs[0], xs[-1]
            closed = any(abs(h["top"] - y) <= tolerance and h["x0"] <= x0 + tolerance and h["x1"] >= x1 - tolerance
                         for h in horizontal)
            crossed = any(x0 - tolerance <= h["x0"] <= x1 and h["x1"] >= x0 and
                          min(e["top"] for e in group) < h["top"] < max(e["bottom"] for e in group)
                          for h in horizontal)            # rows of the same grid: a table, not stray lines
            if not closed and crossed:
                added.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0,
                              "orientation": "h"})
    return edges + added


def grid_tables(edges: list[dict], tolerance: float, min_edge: float
                ) -> list[tuple[tuple, list[list[tuple | None]]]]:
    """Tables from ruling lines (pdfplumber edges, top-down coordinates), shared by PDF pages and
    page images: [(bbox (x0, top, x1, bottom), rows of cells aligned to the table's columns)]."""
    if len(edges) < 4:
        return []
    edges = [e for e in merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
             if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= min_edge]
    cells = intersections_to_cells(edges_to_intersections(edges, tolerance, tolerance))
    out = []
    for group in cells_to_tables(cells):
        rows = _rows(group, tolerance)
        cells_per_row = max(sum(c is not None for c in r) for r in rows)
        if cells_per_row < 2 or len(rows) < 2 and cells_per_row < 3:
            continue                       # a box around a paragraph is not a table; one row of three
            #                                cells is (the last row of a table, alone on its page)
        bbox = (min(c[0] for c in group), min(c[1] for c in group),
                max(c[2] for c in group), max(c[3] for c in group))
        out.append((bbox, rows))
    return out


def _rows(cells, tolerance: float = TOLERANCE) -> list[list[tuple | None]]:
    """Cells (x0, top, x1, bottom; top-down) grouped by their top edge and placed in the table's
    columns (by left edge): a cell merged down from the row above leaves None in its column, so
    every row has one entry per column and the columns stay aligned."""
    lefts: list[float] = []
    for x in sorted(c[0] for c in cells):
        if not lefts or x - lefts[-1] > tolerance:
            lefts.append(x)
    by_top = defaultdict(list)
    for c in cells:
        by_top[round(c[1])].append(c)
    out = []
    for t in sorted(by_top):
        row: list[tuple | None] = [None] * len(lefts)
        for c in by_top[t]:
            col = min(range(len(lefts)), key=lambda k: abs(lefts[k] - c[0]))
            row[col] = c
        out.append(row)
    return out


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
