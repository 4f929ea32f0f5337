"""Ruled tables on a page image, so that a scanned table reads like a PDF one: one line per row,
cells separated by tabs, and Page.tables with the cell texts.

Tesseract reads a table's cells as loose lines (a cell's second line after the next cell's first,
rows interleaved), which loses which text belongs to which row and column. The ruling lines are
plain in the ink: runs of dark pixels far longer than any letter stroke, found with cumulative
sums (numpy), handed as edges to pdfplumber's grid algorithm, the same one the PDF loader uses
(pdf_tables.grid_tables). Words then go to the cell that holds their centre. Tables without
rulings are left to tesseract's lines (their cells come apart by wide gaps, ocr.py).
"""
from __future__ import annotations

import re

import numpy as np
from PIL import Image

from extract.load.pdf_tables import grid_tables

H_RULE_INCHES = 0.35     # a horizontal rule is at least this long (no letter stroke is)
V_RULE_INCHES = 0.2      # a vertical rule: longer than the tallest glyph of 13-14 pt text
TOLERANCE_PT = 3.0       # pdfplumber's default snap/join/intersection tolerance, in points


def _runs(ink: np.ndarray, length: int) -> list[tuple[int, int, int]]:
    """(row, x0, x1) of every horizontal run of ink at least `length` pixels long."""
    h, w = ink.shape
    if w < length or length < 2:
        return []
    cs = np.zeros((h, w + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=cs[:, 1:])
    full = (cs[:, length:] - cs[:, :-length]) == length      # the window starting at x is all ink
    out = []
    for y in np.nonzero(full.any(axis=1))[0]:
        d = np.diff(np.concatenate(([0], full[y].view(np.int8), [0])))
        for s, e in zip(np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]):
            out.append((int(y), int(s), int(e - 1 + length)))
    return out


def find_grid(gray: Image.Image, dpi: float) -> list[tuple[tuple, list[list[tuple | None]]]]:
    """Ruled tables of a (straightened) page image: [(bbox (x0, top, x1, bottom) in pixels,
    rows of cell boxes aligned to the columns, None under a cell merged down)]."""
    a = np.asarray(gray, dtype=np.uint8)
    sample = a[::4, ::4]
    paper = float(np.percentile(sample, 90))
    ink = a < paper * 0.6
    # Most pages have no table: look for a rule on a 3x smaller copy first (any ink in a 3x3
    # block, so a one-pixel rule survives), and stop there when there is none.
    h, w = ink.shape
    coarse = ink[:h // 3 * 3, :w // 3 * 3].reshape(h // 3, 3, w // 3, 3).any(axis=(1, 3))
    if not _runs(coarse, int(dpi * H_RULE_INCHES / 3)):
        return []
    edges = []
    for y, x0, x1 in _runs(ink, int(dpi * H_RULE_INCHES)):
        edges.append({"x0": float(x0), "x1": float(x1), "top": y + 0.5, "bottom": y + 0.5,
                      "width": float(x1 - x0), "height": 0.0, "orientation": "h"})
    if not edges:
        return []
    for x, y0, y1 in _runs(np.ascontiguousarray(ink.T), int(dpi * V_RULE_INCHES)):
        edges.append({"x0": x + 0.5, "x1": x + 0.5, "top": float(y0), "bottom": float(y1),
                      "width": 0.0, "height": float(y1 - y0), "orientation": "v"})
    tol = dpi / 72 * TOLERANCE_PT
    return grid_tables(edges, tol, tol)


_RULE_GLYPHS = re.compile(r"[|¦!Il1\[\]]+")


def cell_of(word: dict, rows: list[list[tuple | None]]) -> tuple[int, int] | None:
    """(row, column) of the cell that holds the word's centre, or None."""
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell is not None and cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]:
                return r, c
    return None


def rule_residue(word: dict, cell: tuple, dpi: float) -> bool:
    """A ruling line that tesseract read as a glyph ('|', 'I', 'l', '[') at a cell's edge."""
    text = word["text"]
    if set(text) <= set("|¦"):
        return True
    if not _RULE_GLYPHS.fullmatch(text):
        return False
    near = dpi / 72 * 4
    return min(abs(word["x0"] - cell[0]), abs(word["x1"] - cell[2])) <= near


def strip_rules(text: str) -> str:
    """'|Văn' -> 'Văn', 'I_' -> 'I': a vertical rule glued to a word, or the horizontal rule under
    a cell's last line read as an underscore (a cell of an office table never ends in one)."""
    return text.strip("|¦").rstrip("_") or text


def cell_lines(words: list[dict]) -> list[list[dict]]:
    """A cell's words as lines, top to bottom, each left to right."""
    out: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        mid = (w["top"] + w["bottom"]) / 2
        if out:
            last = out[-1]
            top = min(x["top"] for x in last)
            bottom = max(x["bottom"] for x in last)
            if top <= mid <= bottom:
                last.append(w)
                continue
        out.append([w])
    return [sorted(line, key=lambda w: w["x0"]) for line in out]
