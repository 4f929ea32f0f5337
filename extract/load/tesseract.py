"""The one wrapper around the tesseract program: its environment, its availability check, its calls.

Nothing here runs or changes anything at import time. Every call gets its own environment
(`environment()`): the caller's, with OMP_THREAD_LIMIT=1, because Debian's OpenMP build of
tesseract is about 4x slower on 2 cores when it may spawn threads (../shared/research/anchors.md);
parallelism comes from pages and files instead.

`words(image, ...)` runs one page and returns its words with boxes, confidences, layout numbers
(block, paragraph, line) and, per character position, tesseract's own alternatives with their
confidences (hOCR with `lstm_choice_mode=2`): the candidates the word corrector (ocr_correct.py)
chooses among. Measured on 300-dpi A4 pages: the same time as plain TSV output.
"""
from __future__ import annotations

import html
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field

from PIL import Image

from extract.load.errors import LoadError

PROGRAM = "tesseract"          # looked up on PATH; TTHC_TESSERACT names another binary
_checked: set[tuple] = set()


def program() -> str:
    return os.environ.get("TTHC_TESSERACT") or PROGRAM


def environment() -> dict[str, str]:
    """The environment of every tesseract call: the caller's, single-threaded OpenMP."""
    return {**os.environ, "OMP_THREAD_LIMIT": "1"}


def check(lang: str = "vie") -> None:
    """Raise LoadError(INPUT.OCR_UNAVAILABLE) with an install hint when tesseract or the language
    data is missing. Cheap after the first success (remembered per program, lang, PATH, TESSDATA)."""
    cmd = program()
    key = (cmd, lang, os.environ.get("PATH"), os.environ.get("TESSDATA_PREFIX"))
    if key in _checked:
        return
    try:
        out = subprocess.run([cmd, "--list-langs"], capture_output=True, timeout=30, check=False,
                             env=environment())
    except (OSError, subprocess.SubprocessError) as exc:
        raise unavailable(cmd, exc) from None
    listed = out.stdout.decode("utf-8", "replace").split()
    missing = [part for part in lang.split("+") if part not in listed]
    if out.returncode not in (0, 1) or missing:
        what = "+".join(missing) or lang
        # The finding's message already says to install tesseract-ocr-vie; other languages are named.
        packages = " ".join(f"tesseract-ocr-{part}" for part in what.split("+") if part != "vie")
        vi_pkg, en_pkg = (f" (gói {packages})", f" (package {packages})") if packages else ("", "")
        raise LoadError("INPUT.OCR_UNAVAILABLE",
                        f"tesseract không có dữ liệu ngôn ngữ '{what}'{vi_pkg}",
                        f"tesseract has no '{what}' language data{en_pkg}")
    _checked.add(key)


def available(lang: str = "vie") -> bool:
    try:
        check(lang)
    except LoadError:
        return False
    return True


def unavailable(cmd: str, exc: BaseException | None = None) -> LoadError:
    why = f" ('{cmd}': {exc.__class__.__name__})" if exc else ""
    return LoadError("INPUT.OCR_UNAVAILABLE", f"không tìm thấy chương trình tesseract{why}",
                     f"the tesseract program was not found{why}")


@dataclass
class Word:
    text: str
    conf: float                                  # 0-100, tesseract's word confidence
    x0: int
    top: int
    x1: int
    bottom: int
    block: int
    par: int
    line: int
    # Per character position of the word, tesseract's alternatives: [(char, confidence 0-100)],
    # best first. Empty when tesseract gave none (then `text` is all there is).
    choices: list[list[tuple[str, float]]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"text": self.text, "conf": self.conf, "x0": self.x0, "top": self.top, "x1": self.x1,
                "bottom": self.bottom, "key": (self.block, self.par, self.line), "choices": self.choices}


def _run(args: list[str], image: Image.Image, timeout: float, what: str) -> str:
    # An uncompressed PGM/PPM costs a few ms to write and read; PNG ~0.2 s on an A4 page.
    fd, path = tempfile.mkstemp(prefix="tthc_ocr_", suffix=".pnm")
    try:
        with os.fdopen(fd, "wb") as fh:
            image.save(fh, "PPM")
        try:
            out = subprocess.run([program(), path, "stdout", *args], capture_output=True, env=environment(),
                                 timeout=timeout or None, check=False)
        except FileNotFoundError as exc:
            _checked.clear()
            raise unavailable(program(), exc) from None
        except subprocess.TimeoutExpired:
            raise LoadError("INPUT.UNREADABLE", f"OCR {what} quá thời gian ({timeout:.0f} giây)",
                            f"OCR of {what} timed out ({timeout:.0f} s)") from None
        if out.returncode != 0:
            err = out.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["?"]
            raise LoadError("INPUT.UNREADABLE", f"OCR {what} lỗi: {err[0]}", f"OCR of {what} failed: {err[0]}")
        return out.stdout.decode("utf-8", "replace")
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


def words(image: Image.Image, lang: str = "vie", psm: int = 3, dpi: float | None = None,
          timeout: float = 0, what: str = "trang") -> list[Word]:
    """The words of one page image in tesseract's reading order, with their alternatives."""
    args = ["-l", lang, "--oem", "1", "--psm", str(psm), "-c", "lstm_choice_mode=2", "-c", "hocr_char_boxes=0"]
    if dpi:
        args += ["--dpi", str(int(round(dpi)))]
    return parse_hocr(_run(args + ["hocr"], _pnm_ready(image), timeout, what))


def text(image: Image.Image, lang: str = "vie", psm: int = 7, whitelist: str | None = None,
         timeout: float = 30) -> str:
    """Plain text of a small image (one line, one word): for re-reading a detail."""
    args = ["-l", lang, "--oem", "1", "--psm", str(psm)]
    if whitelist:
        args += ["-c", f"tessedit_char_whitelist={whitelist}"]
    return _run(args, _pnm_ready(image), timeout, "chi tiết")


def _pnm_ready(image: Image.Image) -> Image.Image:
    return image if image.mode in ("L", "RGB") else image.convert("L")


_WORD = re.compile(r"<span class='ocrx_word' id='[^']*' title='bbox (\d+) (\d+) (\d+) (\d+); x_wconf (\d+)'[^>]*>")
_LINE = re.compile(r"<span class='(?:ocr_line|ocr_caption|ocr_header|ocr_textfloat)' id='line_\d+_(\d+)'")
_PAR = re.compile(r"<p class='ocr_par' id='par_\d+_(\d+)'")
_BLOCK = re.compile(r"<div class='ocr_carea' id='block_\d+_(\d+)'")
_CHOICES = re.compile(r"<span class='ocrx_cinfo' id='lstm_choices_[^']*'>(.*?)</span></span>", re.S)
_CHOICE = re.compile(r"x_confs ([\d.]+)'>([^<]*)(?:</span>|$)")
_TOKEN = re.compile("|".join(f"(?P<{n}>{p.pattern})" for n, p in
                             (("block", _BLOCK), ("par", _PAR), ("line", _LINE), ("word", _WORD))))


def parse_hocr(doc: str) -> list[Word]:
    """Words of tesseract's hOCR (with lstm_choice_mode=2 alternatives, when present)."""
    out: list[Word] = []
    block = par = line = 0
    marks = list(_TOKEN.finditer(doc))
    for k, m in enumerate(marks):
        kind = m.lastgroup
        if kind == "block":
            block = int(m.group(2))
        elif kind == "par":
            par = int(m.group(4))
        elif kind == "line":
            line = int(m.group(6))
        else:
            x0, top, x1, bottom, conf = (int(m.group(i)) for i in range(8, 13))
            end = marks[k + 1].start() if k + 1 < len(marks) else len(doc)
            body = doc[m.end():end]
            cut = body.find("<span class='ocrx_cinfo'")
            word = html.unescape(re.sub(r"<[^>]+>", "", body[:cut] if cut >= 0 else body)).strip()
            if not word:
                continue
            choices = [[(html.unescape(c), float(p)) for p, c in _CHOICE.findall(g)]
                       for g in _CHOICES.findall(body)]
            # A leading position that is a space belongs to the gap before the word.
            choices = [c for c in choices if c and c[0][0].strip()]
            out.append(Word(word, float(conf), x0, top, x1, bottom, block, par, line,
                            choices if "".join(c[0][0] for c in choices) == word else []))
    return out
