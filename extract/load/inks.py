"""Coloured ink apart from the black text of a scan, before OCR.

A signed paper directive carries a red seal over the signer's position and name and a signature in
blue ink. Read as they are, the seal's rim text ("ỦY BAN NHÂN DÂN TỈNH ...") lands in the signer
block and the signature becomes punctuation. The black toner is dark in every channel; red and
blue ink are bright in their own channel: pixels whose colour is strongly saturated become paper,
black text under the seal stays black. The red blobs of seal size are kept as facts (Seal).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PIL import Image

SATURATION = 55          # max - min channel above this is coloured ink, not toner or tinted paper
RED_MARGIN = 35          # red ink: R above both G and B by this much
SEAL_MM = (14.0, 60.0)   # a round or oval seal is 14-60 mm across (Decree 30 seals: about 35-42 mm)
MIN_COLOUR_SHARE = 2e-4
LIGHTEN = 1.6            # grey levels added per unit of chroma (max - min channel)
BLUE_LIGHTEN = 2.5       # and per unit of blueness (B - max(R, G))  # a page with fewer coloured pixels than this is a grey scan in colour clothes


@dataclass
class Inks:
    gray: Image.Image                    # the black text on paper, 8-bit, coloured ink removed
    colour: bool                         # the scan is in colour (a seal would have shown)
    seals: list[tuple[int, int, int, int]] = field(default_factory=list)   # red blobs of seal size


def separate(image: Image.Image, dpi: float, to_gray) -> Inks:
    """Split a page image into its black text (grayscale) and the seals found in red."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV") or \
            (image.mode == "P" and "transparency" in image.info):
        return Inks(to_gray(image), False)
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    a = np.asarray(rgb)
    small = a[::4, ::4].astype(np.int16)
    chroma = small.max(axis=2) - small.min(axis=2)
    if (chroma > SATURATION).mean() < MIN_COLOUR_SHARE:
        return Inks(rgb.convert("L"), True)
    lum = np.asarray(rgb.convert("L"), dtype=np.int16)
    # Contiguous planes (PIL splits them at memory speed; strided views of the RGB array made
    # every step below several times slower) and small integer types throughout.
    r, g, b = (np.asarray(plane) for plane in rgb.split())
    rg = np.maximum(r, g)
    hi, lo = np.maximum(rg, b), np.minimum(np.minimum(r, g), b)
    chroma = hi - lo                                        # uint8: hi >= lo
    paper = int(np.percentile(lum[::8, ::8], 90))
    # Lighten each pixel by its colourfulness: toner (no colour) stays as it is, red and blue
    # ink (dark in luminance, strongly coloured) become paper, and so do their blurred edges and
    # the colour fringes JPEG's halved chroma leaves around them.
    # Blue ballpoint scanned through a grey scanner curve is a dark navy of modest chroma: its
    # blueness (B above both R and G, which toner and tinted paper never show) counts extra.
    blueness = b - np.minimum(b, rg)                        # max(B - max(R, G), 0) in uint8
    lighten = (round(10 * LIGHTEN) * chroma.astype(np.int16) + round(10 * BLUE_LIGHTEN) * blueness.astype(np.int16)) // 10
    gray = np.minimum(lum + lighten, paper).astype(np.uint8)
    coloured = chroma > SATURATION
    red = coloured & (r.astype(np.int16) - np.maximum(g, b) > RED_MARGIN)
    return Inks(Image.fromarray(gray), True, _seals(red, dpi))


def _seals(red: np.ndarray, dpi: float) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of red blobs the size of a seal (pixels of the page)."""
    step = 8
    h, w = red.shape
    hh, ww = h // step, w // step
    if hh == 0 or ww == 0:
        return []
    coarse = red[:hh * step, :ww * step].reshape(hh, step, ww, step).any(axis=(1, 3))
    # Close small gaps of an unevenly inked stamp: a 3x3 dilation on the coarse grid.
    grown = coarse.copy()
    grown[1:, :] |= coarse[:-1, :]
    grown[:-1, :] |= coarse[1:, :]
    g2 = grown.copy()
    g2[:, 1:] |= grown[:, :-1]
    g2[:, :-1] |= grown[:, 1:]
    lo_mm, hi_mm = SEAL_MM
    px_per_mm = dpi / 25.4 / step
    out = []
    for top, bottom, left, right, count in _blobs(g2):
        bw, bh = (right - left + 1) / px_per_mm, (bottom - top + 1) / px_per_mm
        if lo_mm <= bw <= hi_mm and lo_mm <= bh <= hi_mm and 0.6 <= bw / bh <= 1.7:
            out.append((left * step, top * step, (right + 1) * step, (bottom + 1) * step))
    return out


def _blobs(mask: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """4-connected components of a small boolean grid: (top, bottom, left, right, pixels)."""
    seen = np.zeros(mask.shape, dtype=bool)
    h, w = mask.shape
    out = []
    for y, x in zip(*np.nonzero(mask)):
        if seen[y, x]:
            continue
        stack = [(y, x)]
        seen[y, x] = True
        top, bottom, left, right, n = y, y, x, x, 0
        while stack:
            cy, cx = stack.pop()
            n += 1
            top, bottom, left, right = min(top, cy), max(bottom, cy), min(left, cx), max(right, cx)
            for ny, nx in ((cy - 1, cx), (cy + 1, cx), (cy, cx - 1), (cy, cx + 1)):
                if 0 <= ny < h and 0 <= nx < w and mask[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    stack.append((ny, nx))
        out.append((int(top), int(bottom), int(left), int(right), n))
    return out
