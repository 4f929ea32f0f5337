"""What a reader sees: the pages of a signed revision and of the whole file as a PDF viewer
draws them (pdfium, with form fields and annotations), compared pixel for pixel.

pyHanko's difference analysis judges the objects an update changes; a viewer judges what it
can parse and paints what it finds. The two disagree exactly where attacks live: a new empty
signature field whose appearance paints over the page, an update a viewer repairs and
renders while a validator ignores it, a page a viewer can no longer open. So every signature
that does not cover the whole file gets this second opinion, a fact for checks/signatures.py:

- `changed`: pages whose pixels differ outside the appearances of signatures added later;
- `covered`: pages where a later signature's appearance paints over content the signature
  covers (text or drawings of the signed revision that are not themselves a signature's
  appearance), the "sneaky signature" overlay;
- `appearances`: later signatures whose appearance was added on a page (legitimate when that
  later signature is itself valid, which the check decides);
- `broken`: the signed revision renders but the whole file does not (a viewer shows something
  else, or nothing);
- `unrendered`: pages left out by a limit (pages per document, pixels per page), or a signed
  revision pdfium cannot open.

`broken` and `unrendered` say why in Vietnamese and in English (a library's error through the
translation table of extract/library_errors.py), for the two messages of a finding.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field

from extract.library_errors import Explained, explain

INK = 128            # darker than this (of 255) is ink: text, lines, images
LIGHT = 192          # lighter than this is paper
NEAR = 2             # pixels around signed ink that a later appearance may not touch


@dataclass
class ViewChange:
    pages_before: int | None = None
    pages_after: int | None = None
    compared: int = 0
    changed: list[int] = field(default_factory=list)
    covered: list[tuple[int, str]] = field(default_factory=list)
    appearances: list[tuple[int, str]] = field(default_factory=list)
    broken: Explained | None = None          # (vi, en)
    unrendered: Explained | None = None      # (vi, en)

    @property
    def visible_change(self) -> bool:
        return bool(self.changed or self.covered or self.broken
                    or (self.pages_before is not None and self.pages_before != self.pages_after))

    def to_dict(self) -> dict:
        return {"pages_before": self.pages_before, "pages_after": self.pages_after, "compared": self.compared,
                "changed": list(self.changed), "covered": [list(c) for c in self.covered],
                "appearances": [list(a) for a in self.appearances], "broken": _both(self.broken),
                "unrendered": _both(self.unrendered)}


def _both(said: Explained | None) -> dict | None:
    return None if said is None else {"vi": said.vi, "en": said.en}


@dataclass
class _Widget:
    name: str
    signature: bool
    box: tuple[int, int, int, int]          # device pixels: x0, y0, x1, y1 (exclusive)


class _Doc:
    """One pdfium document with its form environment (so widgets draw as viewers draw them)."""

    def __init__(self, data: bytes):
        import pypdfium2 as pdfium
        self.pdf = pdfium.PdfDocument(data)
        self.pdf.init_forms()

    def __len__(self) -> int:
        return len(self.pdf)

    def close(self) -> None:
        self.pdf.close()


def compare(data: bytes, ends: dict[int, int], later: dict[int, dict[str, int]], *,
            max_pages: int, max_pixels: int) -> dict[int, ViewChange]:
    """For every signature key in `ends` (its signed revision ends at byte ends[key]), what
    changed on the pages between that revision and the whole file. `later[key]` names the
    signature fields signed after it ({field: revision}); their appearances are allowed on
    blank paper. At most `max_pages` pages are compared, each rendered within `max_pixels`."""
    out = {key: ViewChange() for key in ends}
    try:
        full = _Doc(data)
    except Exception as exc:  # noqa: BLE001 - pdfium refusing the file is the fact
        why = explain(exc)
        for key, end in ends.items():
            if _opens(data[:end]):
                out[key].broken = why
            else:
                out[key].unrendered = _signed_unopened(exc)
        return out
    try:
        for key, end in ends.items():
            _compare_one(full, data[:end], later.get(key, {}), out[key], max_pages, max_pixels)
    finally:
        full.close()
    return out


def _signed_unopened(exc: BaseException) -> Explained:
    why = explain(exc)
    return Explained(f"PDFium không mở được bản đã ký ({why.vi})", f"PDFium cannot open the signed revision ({why.en})")


def _opens(data: bytes) -> bool:
    try:
        _Doc(data).close()
        return True
    except Exception:  # noqa: BLE001
        return False


def _compare_one(full: _Doc, signed: bytes, later: dict[str, int], result: ViewChange,
                 max_pages: int, max_pixels: int) -> None:
    try:
        before = _Doc(signed)
    except Exception as exc:  # noqa: BLE001
        result.unrendered = _signed_unopened(exc)
        return
    try:
        result.pages_before, result.pages_after = len(before), len(full)
        n = min(len(before), len(full))
        if n > max_pages:
            result.unrendered = Explained(f"{n - max_pages} trong {n} trang chưa được so sánh (giới hạn {max_pages} trang)",
                                          f"{n - max_pages} of {n} pages not compared (pages limit {max_pages})")
            n = max_pages
        for index in range(n):
            try:
                a_page = before.pdf[index]
            except Exception as exc:  # noqa: BLE001
                why = explain(exc)
                result.unrendered = Explained(f"PDFium không mở được trang {index + 1} của bản đã ký ({why.vi})",
                                              f"PDFium cannot open page {index + 1} of the signed revision ({why.en})")
                return
            try:
                b_page = full.pdf[index]
            except Exception as exc:  # noqa: BLE001 - the signed page opens, the updated one not
                why = explain(exc)
                result.broken = Explained(f"trang {index + 1} không còn mở được ({why.vi})",
                                          f"page {index + 1} no longer opens ({why.en})")
                a_page.close()
                return
            try:
                _compare_page(index + 1, a_page, b_page, later, result, max_pixels)
            finally:
                a_page.close()
                b_page.close()
            result.compared += 1
    finally:
        before.close()


def _compare_page(number: int, a_page, b_page, later: dict[str, int], result: ViewChange,
                  max_pixels: int) -> None:
    import numpy as np

    size_a, size_b = a_page.get_size(), b_page.get_size()
    if [round(v, 2) for v in size_a] != [round(v, 2) for v in size_b] or a_page.get_rotation() != b_page.get_rotation():
        result.changed.append(number)
        return
    w, h = size_a
    scale = min(1.0, (max_pixels / max(w * h, 1.0)) ** 0.5)
    a = _render(a_page, scale)
    b = _render(b_page, scale)
    if a.shape != b.shape:
        result.changed.append(number)
        return
    diff = a != b
    if not diff.any():
        return
    allowed = np.zeros_like(diff)
    owners: list[_Widget] = []
    for wdg in _widgets(b_page, scale, a.shape):
        if wdg.signature and wdg.name in later:
            x0, y0, x1, y1 = wdg.box
            allowed[y0:y1, x0:x1] = True
            owners.append(wdg)
    if (diff & ~allowed).any():
        result.changed.append(number)
        return
    # Inside later signatures' appearances: paper may be painted, signed ink may not.
    appearance = np.zeros_like(diff)
    for wdg in _widgets(a_page, scale, a.shape):
        if wdg.signature:
            x0, y0, x1, y1 = wdg.box
            appearance[y0:y1, x0:x1] = True
    ink = (a < INK) & ~appearance
    if ink.any():
        ink = _dilate(ink, NEAR)
    for wdg in owners:
        x0, y0, x1, y1 = wdg.box
        touched = diff[y0:y1, x0:x1]
        if not touched.any():
            continue
        if (touched & ink[y0:y1, x0:x1]).any():
            result.covered.append((number, wdg.name))
        else:
            result.appearances.append((number, wdg.name))


def _render(page, scale: float):
    import numpy as np
    bitmap = page.render(scale=scale, may_draw_forms=True, grayscale=True)
    try:
        return np.array(bitmap.to_numpy(), copy=True).reshape(bitmap.height, -1)[:, :bitmap.width]
    finally:
        bitmap.close()


def _dilate(mask, r: int):
    out = mask.copy()
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dx == 0 and dy == 0:
                continue
            shifted = _shift(mask, dy, dx)
            out |= shifted
    return out


def _shift(mask, dy: int, dx: int):
    import numpy as np
    out = np.zeros_like(mask)
    h, w = mask.shape
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
    out[yd, xd] = mask[ys, xs]
    return out


def _widgets(page, scale: float, shape: tuple[int, int]) -> list[_Widget]:
    """Form widgets on the page with their field names and boxes in the rendered bitmap."""
    import pypdfium2.raw as raw

    form = page.formenv.raw if getattr(page, "formenv", None) is not None else None
    out = []
    height, width = shape
    rotation = page.get_rotation() // 90
    for i in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        try:
            if raw.FPDFAnnot_GetSubtype(annot) != raw.FPDF_ANNOT_WIDGET:
                continue
            rect = raw.FS_RECTF()
            if not raw.FPDFAnnot_GetRect(annot, rect):
                continue
            name, signature = "", False
            if form is not None:
                signature = raw.FPDFAnnot_GetFormFieldType(form, annot) == raw.FPDF_FORMFIELD_SIGNATURE
                name = _field_name(raw, form, annot)
            box = _device_box(raw, page.raw, (rect.left, rect.bottom, rect.right, rect.top), width, height, rotation)
            if box is not None:
                out.append(_Widget(name, signature, box))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return out


def _field_name(raw, form, annot) -> str:
    n = raw.FPDFAnnot_GetFormFieldName(form, annot, None, 0)
    if n <= 2:
        return ""
    buf = ctypes.create_string_buffer(n)
    raw.FPDFAnnot_GetFormFieldName(form, annot, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), n)
    return buf.raw[:n - 2].decode("utf-16-le", "replace")


def _device_box(raw, page, rect, width: int, height: int, rotation: int):
    xs, ys = [], []
    dx, dy = ctypes.c_int(), ctypes.c_int()
    for px in (rect[0], rect[2]):
        for py in (rect[1], rect[3]):
            if not raw.FPDF_PageToDevice(page, 0, 0, width, height, rotation, px, py, dx, dy):
                return None
            xs.append(dx.value)
            ys.append(dy.value)
    x0, x1 = max(0, min(xs) - 1), min(width, max(xs) + 1)
    y0, y1 = max(0, min(ys) - 1), min(height, max(ys) + 1)
    if x1 <= x0 or y1 <= y0:
        return None
    return x0, y0, x1, y1
