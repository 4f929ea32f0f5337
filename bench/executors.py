"""Executors side by side on this machine, and what a national batch would need.

1. `tthc validate` over copies of samples/dossiers (every sample, signed results validated
   with the TEST-ONLY PKI) with each executor: serial (the baseline, measured in the same run),
   local processes with 1 and 2 workers, 2x the CPUs forced (oversubscribed), and a Dask
   LocalCluster with 2 single-threaded workers. Ratios are against the serial run.
2. Signatures per second per core: `tthc signatures` (serial, in this process) over signed
   result PDFs with one signature each, in CPU seconds; and from it the core-hours that
   100 million signed dossier results need (the national portal's yearly order of magnitude),
   the hours on machines of N cores, and how many such machines finish within 24 hours.

    python bench/executors.py [--copies 8] [--pdfs 60] [--skip-dask] [--figures bench/figures/executors.txt]

Wall-clock figures move with other load on a shared machine: the load average is printed
beside them and each run is repeated (--repeat), the best counting.
"""
from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLES = ROOT / "samples"
PKI = SAMPLES / "pki"
NATIONAL = 100_000_000


def dossier_batch(folder: Path, copies: int) -> Path:
    out = folder / "dossiers"
    for c in range(copies):
        for p in (SAMPLES / "dossiers").iterdir():
            if p.is_dir():
                shutil.copytree(p, out / f"{c:02d}-{p.name}", symlinks=True)
            elif p.suffix == ".zip":
                out.mkdir(parents=True, exist_ok=True)
                shutil.copy(p, out / f"{c:02d}-{p.name}")
    return out


def signed_pdfs(folder: Path, n: int) -> Path:
    out = folder / "signed"
    out.mkdir()
    source = SAMPLES / "signatures" / "01-valid.pdf"
    for i in range(n):
        shutil.copy(source, out / f"{i:04d}.pdf")
    return out


def timed_validate(batch: Path, repeat: int, **settings) -> tuple[float, int]:
    import tthc
    best, count = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        run = tthc.validate(str(batch), trust_roots=str(PKI), crl=[str(PKI / "test-intermediate.TEST-ONLY.crl")],
                            as_of="2025-06-30", **settings)
        best = min(best, time.perf_counter() - start)
        count = len(run)
    return best, count


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--copies", type=int, default=8, help="copies of samples/dossiers in the batch")
    ap.add_argument("--pdfs", type=int, default=60, help="signed PDFs for the signatures-per-core figure")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--figures", metavar="FILE", help="also write the figures to FILE (e.g. bench/figures/executors.txt)")
    args = ap.parse_args(argv)
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    from commands.settings import available_cpus
    cpus = available_cpus()
    tmp = Path(tempfile.mkdtemp(prefix="tthc-executors-"))
    try:
        batch = dossier_batch(tmp, args.copies)
        say(f"# bench/executors.py {' '.join(argv if argv is not None else sys.argv[1:])} on "
            f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
        say(f"== tthc validate: {len(list(batch.iterdir()))} dossiers ({args.copies} copies of samples/dossiers), "
              f"{cpus} CPUs, load average {os.getloadavg()[0]:.1f}")
        runs = [("serial (baseline)", {"executor": "serial"}),
                ("process, 1 worker", {"executor": "process", "workers": 1}),
                ("process, 2 workers", {"executor": "process", "workers": min(2, cpus) if cpus > 1 else 2,
                                        "force_workers": True}),
                (f"process, {2 * cpus} workers (forced, oversubscribed)",
                 {"executor": "process", "workers": 2 * cpus, "force_workers": True})]
        if not args.skip_dask:
            runs.append(("dask LocalCluster, 2 workers", {"executor": "dask", "workers": 2}))
        base = None
        for label, settings in runs:
            seconds, n = timed_validate(batch, args.repeat, **settings)
            base = base or seconds
            say(f"  {label:44s} {seconds:7.2f} s  {n / seconds:7.1f} dossiers/s  x{base / seconds:4.2f} "
                  f"(load {os.getloadavg()[0]:.1f})")

        pdfs = signed_pdfs(tmp, args.pdfs)
        import tthc
        crl = [str(PKI / "test-intermediate.TEST-ONLY.crl")]
        tthc.signatures(str(pdfs / "0000.pdf"), trust_roots=str(PKI), crl=crl)   # imports and caches warm
        cpu0, wall0 = time.process_time(), time.perf_counter()
        run = tthc.signatures(str(pdfs), trust_roots=str(PKI), crl=crl, executor="serial")
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        signatures = sum(len(r.signatures) for r in run)
        assert all(r.verdict == "valid" for r in run), {r.verdict for r in run}
        per_core = signatures / cpu
        say()
        say(f"== tthc signatures: {signatures} signatures in {len(run)} PDFs, serial: {cpu:.2f} CPU s "
              f"({wall:.2f} s wall) = {per_core:.1f} signatures/s/core")
        core_hours = NATIONAL / per_core / 3600
        say(f"  {NATIONAL:,} signed dossier results (one signature each) = {core_hours:,.0f} core-hours")
        for cores in sorted({cpus, 8, 32, 64}):
            say(f"    machines of {cores:3d} cores: {core_hours / cores:9.1f} h on one; "
                f"{math.ceil(core_hours / cores / 24):5d} machine(s) for a 24 h window")
        say("  (reading the result PDFs from storage and the rest of each dossier are extra: the validate "
            "figures above include them for the sample batch)")
        if args.figures:
            Path(args.figures).parent.mkdir(parents=True, exist_ok=True)
            Path(args.figures).write_text("\n".join(lines) + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
