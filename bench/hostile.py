"""Peak memory and time of `tthc check` on every hostile directive input of issue 12, with the
default limits (extract/load/limits.py), beside an ordinary directive measured in the same run.

Each input is made by code (tests/kit/hostile.py) in a temporary folder and checked by
`cli.py check FILE --format json --executor serial` in a child process of its own (serial: the
whole work is in that process, so its figures are the file's); the figures are that child's
wall time, CPU time and peak resident set from wait4() (the largest of the child and the
processes it waited for: tesseract). Each run gets an empty OCR cache (TTHC_CACHE_DIR), so
nothing is read back from an earlier run. The child may map at most --address-space GB, so a
regression fails here instead of swapping the machine. The limit findings each input gives are
listed, by the limit they name. Nothing here asserts a time: it is a report (the memory bound
is asserted by tests/test_limits.py).

    python bench/hostile.py [--out bench/hostile-figures.md] [--only NAME ...] [--workers 1]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.load.limits import DEFAULT_LIMITS  # noqa: E402
from tests.kit import hostile as H  # noqa: E402

# name -> make(folder) -> path; the first two are the ordinary baselines
INPUTS = {
    "ordinary directive, text": lambda d: _copy(ROOT / "samples" / "directives" / "ke-hoach-clean.txt", d),
    "ordinary directive, DOCX": lambda d: _copy(H.SAMPLE_DOCX, d),
    "one PDF page of 100 x 100 inches": lambda d: H.pdf_pages(d / "trang-lon.pdf", 1, (7200, 7200), "UY BAN NHAN DAN"),
    "2,000 blank PDF pages": lambda d: H.pdf_pages(d / "2000-trang.pdf", 2000, (595, 842)),
    "a 200 MB text file": lambda d: H.text_file(d / "200mb.txt", 200),
    "a 1 MB DOCX inflating to 1 GiB": lambda d: H.docx_bomb(d / "bom.docx"),
    "a PNG header claiming 20,000 x 20,000": lambda d: H.png_claiming(d / "bom.png", 20_000, 20_000),
    "a real 99-megapixel PNG (9,900 x 10,000)": lambda d: H.big_image(d / "anh-lon.png", 9_900, 10_000),
    "a 2,000-page blank TIFF": lambda d: H.blank_tiff(d / "2000-trang.tif", 2000),
}
BASELINE = "ordinary directive, text"


def _copy(src: Path, folder: Path) -> Path:
    dst = folder / src.name
    dst.write_bytes(src.read_bytes())
    return dst


def measure(path: Path, out: Path, workers: int, address_space: int) -> dict:
    """`tthc check` on one file in a child: exit code, wall seconds, peak RSS (MB), limit findings."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    cmd = [sys.executable, str(ROOT / "cli.py"), "check", str(path), "--format", "json", "-o", str(out),
           "--no-progress", "--executor", "serial", "--workers", str(workers), "--fail-on", "never"]
    start = time.perf_counter()
    env = dict(os.environ, TTHC_CACHE_DIR=str(out.parent / "cache"))      # an empty OCR cache: never read back
    child = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=cap, env=env)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    findings = []
    if out.exists():
        findings = [f for r in json.loads(out.read_text(encoding="utf-8"))["results"] for f in r.get("findings", [])]
    limits = sorted({_limit_named(f) for f in findings if f["code"] == "INPUT.LIMIT_EXCEEDED"})
    refused = sorted({f["code"] for f in findings if f["code"].startswith("INPUT.") and f["code"] != "INPUT.LIMIT_EXCEEDED"})
    return {"exit": child.returncode, "seconds": round(wall, 1), "peak_mb": round(usage.ru_maxrss / 1024),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1), "limits": limits, "other_input_findings": refused,
            "findings": len(findings), "stderr": err.decode("utf-8", "replace")[-400:] if child.returncode not in (0, 1) else ""}


def _limit_named(finding: dict) -> str:
    m = re.search(r"reaches the limit (\w+)", finding.get("message_en", ""))
    return m.group(1) if m else "?"


def _size(path: Path) -> str:
    n = path.stat().st_size
    return f"{n / (1 << 20):.1f} MB" if n >= 1 << 20 else f"{n / 1024:.1f} KB"


def render(rows: list[dict], workers: int, load: tuple[float, float, float]) -> str:
    base = next((r for r in rows if r["name"] == BASELINE), None)
    lines = [
        "# Hostile directive inputs: peak memory and time of `tthc check` (issue 12)",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by `python bench/hostile.py` "
        f"(`tthc check FILE --executor serial --workers {workers}`), default limits: "
        + ", ".join(f"{k} = {getattr(DEFAULT_LIMITS, k):_}" for k in ("page_pixels", "image_pixels", "pages", "text_bytes",
                                                                      "zip_inflated_bytes", "zip_ratio", "file_seconds"))
        + ".",
        f"Load average at the start: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 shared cores: wall time moves "
        "with other work; CPU seconds less so). Peak = largest resident set of the child or a process it "
        "waited for (wait4). x base = against the ordinary text directive of the same run.",
        "",
        "| input | on disk | exit | wall s | CPU s | peak MB | x base (peak) | limit findings | other input findings |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r['peak_mb'] / base['peak_mb']:.1f}" if base and base["peak_mb"] else "-"
        lines.append(f"| {r['name']} | {r['size']} | {r['exit']} | {r['seconds']} | {r['cpu_seconds']} | {r['peak_mb']} | "
                     f"{ratio} | {', '.join(r['limits']) or '-'} | {', '.join(r['other_input_findings']) or '-'} |")
    over = [r["name"] for r in rows if r["peak_mb"] >= 1024]
    lines += ["", f"Over 1 GB: {', '.join(over) if over else 'none'}."]
    for r in rows:
        if r["stderr"]:
            lines += ["", f"stderr of {r['name']} (exit {r['exit']}):", "", "```", r["stderr"].strip(), "```"]
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(ROOT / "bench" / "hostile-figures.md"), help="figures file (Markdown)")
    ap.add_argument("--only", nargs="*", choices=list(INPUTS), metavar="NAME", help="only these inputs (and the baseline)")
    ap.add_argument("--workers", type=int, default=1, help="--workers of tthc check (default 1)")
    ap.add_argument("--address-space", type=float, default=4.0, help="GB the child may map (default 4)")
    args = ap.parse_args()
    names = [n for n in INPUTS if not args.only or n in args.only or n == BASELINE]
    load = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="tthc-hostile-") as tmp:
        for name in names:
            folder = Path(tmp) / str(len(rows))
            folder.mkdir()
            path = INPUTS[name](folder)
            row = {"name": name, "size": _size(path),
                   **measure(path, folder / "out.json", args.workers, int(args.address_space * (1 << 30)))}
            path.unlink()
            rows.append(row)
            print(f"{name}: exit {row['exit']}, {row['seconds']} s, CPU {row['cpu_seconds']} s, peak {row['peak_mb']} MB, "
                  f"limits {row['limits']}, {row['other_input_findings']}", flush=True)
    text = render(rows, args.workers, load)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"\n{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
