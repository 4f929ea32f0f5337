"""Ruled tables found in page images (extract/load/ocr_tables.py) and table rows aligned to their
columns (extract/load/pdf_tables.py): drawn in code, no OCR needed."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter

from extract.load.ocr_tables import cell_lines, cell_of, find_grid, rule_residue
from extract.load.pdf_tables import _rows

DPI = 300


def page(draw_fn, noisy: bool = False) -> Image.Image:
    img = Image.new("L", (2480, 3508), 255)
    draw_fn(ImageDraw.Draw(img))
    if noisy:                                    # blur, grey paper, noise: as an office scanner
        img = img.filter(ImageFilter.GaussianBlur(0.7))
        a = 40 + np.asarray(img, dtype=np.float32) * (225 - 40) / 255
        a += np.random.default_rng(1).normal(0, 8, a.shape)
        img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    return img


def grid(draw, xs, ys, merged_down=()):
    """Rules at xs (vertical) and ys (horizontal); `merged_down` lists (column, row) cells whose
    bottom rule is left out (a cell merged with the one below)."""
    for y in ys:
        draw.line((xs[0], y, xs[-1], y), fill=0, width=3)
    for c, (x0, x1) in enumerate(zip(xs, xs[1:])):
        for r, (y0, y1) in enumerate(zip(ys, ys[1:])):
            if (c, r) in merged_down:
                draw.rectangle((x0 + 3, y1 - 3, x1 - 3, y1 + 3), fill=255)
    for x in xs:
        draw.line((x, ys[0], x, ys[-1]), fill=0, width=3)


XS = [300, 450, 1400, 1900, 2300]
YS = [800, 880, 1040, 1200, 1360]


@pytest.mark.parametrize("noisy", [False, True], ids=["clean", "noisy"])
def test_ruled_table_cells(noisy):
    img = page(lambda d: grid(d, XS, YS), noisy)
    [(bbox, rows)] = find_grid(img, DPI)
    assert abs(bbox[0] - 300) < 8 and abs(bbox[3] - 1360) < 8
    assert len(rows) == 4 and all(len(r) == 4 and None not in r for r in rows)
    assert abs(rows[1][2][0] - 1400) < 8 and abs(rows[1][2][3] - 1040) < 8


def test_a_merged_cell_keeps_the_columns_aligned():
    img = page(lambda d: grid(d, XS, YS, merged_down={(2, 1)}))
    [(_, rows)] = find_grid(img, DPI)
    assert [len(r) for r in rows] == [4, 4, 4, 4]
    assert rows[2][2] is None                     # the lead cell of row 2 reaches down into row 3
    assert abs(rows[1][2][3] - 1200) < 8


def test_lines_that_make_no_table():
    def underlines(d):
        d.line((900, 300, 1500, 300), fill=0, width=3)            # under the Tiêu ngữ
        d.line((300, 500, 2300, 500), fill=0, width=3)
        d.rectangle((300, 700, 2300, 900), outline=0, width=3)    # a box around a paragraph
    assert find_grid(page(underlines), DPI) == []
    assert find_grid(page(lambda d: None), DPI) == []


def test_words_go_to_their_cells():
    rows = [[(0, 0, 100, 50), (100, 0, 400, 50)], [(0, 50, 100, 200), (100, 50, 400, 200)]]
    word = {"text": "Rà", "x0": 120, "x1": 160, "top": 60, "bottom": 80}
    assert cell_of(word, rows) == (1, 1)
    assert cell_of({**word, "x0": 500, "x1": 520}, rows) is None
    words = [{"text": "b", "x0": 150, "x1": 160, "top": 100, "bottom": 120},
             {"text": "a2", "x0": 200, "x1": 220, "top": 61, "bottom": 79},
             {"text": "a1", "x0": 110, "x1": 140, "top": 60, "bottom": 80}]
    assert [[w["text"] for w in ln] for ln in cell_lines(words)] == [["a1", "a2"], ["b"]]


@pytest.mark.parametrize("text, x0, x1, residue", [
    ("|", 600, 610, True), ("I", 101, 110, True), ("l", 390, 399, True),
    ("I", 200, 210, False),                     # a Roman numeral in the middle of its cell
    ("Sở", 102, 140, False),
])
def test_rules_read_as_glyphs(text, x0, x1, residue):
    word = {"text": text, "x0": x0, "x1": x1, "top": 10, "bottom": 40}
    assert rule_residue(word, (100, 0, 400, 50), DPI) is residue


def test_pdf_rows_aligned_to_columns():
    cells = [(0, 0, 50, 20), (50, 0, 200, 20), (200, 0, 300, 60),    # the last cell spans two rows
             (0, 20, 50, 40), (50, 20, 200, 40),
             (0, 40, 50, 60), (50, 40, 200, 60)]
    rows = _rows(cells)
    assert [[c[0] if c else None for c in r] for r in rows] == [[0, 50, 200], [0, 50, None], [0, 50, None]]
