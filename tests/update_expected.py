"""Pin (or verify) what `tthc check samples/` reports: samples/expected-findings.json.

    python tests/update_expected.py           # rewrite samples/expected-findings.json; review `git diff`
    python tests/update_expected.py --check   # exit 1 and print the difference if the output changed

Run from the repository root (or anywhere: paths are relative to the repository). The file holds,
per sample (path relative to the repository, POSIX), the sorted (code, location) pairs of
`tthc check samples --format json`; messages are left out so rewording a rule is no regression.
tests/test_check_cli.py runs the same comparison in `make test`.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
EXPECTED = SAMPLES / "expected-findings.json"


def current_findings() -> dict[str, list[dict]]:
    """Run `tthc check samples --format json` in-process, from the repository root."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import cli

    buffer, here = io.StringIO(), os.getcwd()
    try:
        os.chdir(ROOT)
        with redirect_stdout(buffer):
            code = cli.main(["check", "samples", "--format", "json", "--no-progress", "--fail-on", "never",
                             "--config", str(ROOT / "pyproject.toml")])
    finally:
        os.chdir(here)
    if code != 0:
        raise RuntimeError(f"tthc check samples exited {code}")
    report = json.loads(buffer.getvalue())
    return {Path(r["source"]).as_posix(): sorted(({"code": f["code"], "location": f["location"]}
                                                  for f in r["findings"]),
                                                 key=lambda x: (x["code"], json.dumps(x["location"])))
            for r in report["results"]}


def as_set(files: dict[str, list[dict]]) -> set[tuple]:
    return {(path, f["code"], json.dumps(f["location"], sort_keys=True))
            for path, findings in files.items() for f in findings} | {(path, None, None) for path in files}


def difference(expected: dict, actual: dict) -> str:
    missing, extra = as_set(expected) - as_set(actual), as_set(actual) - as_set(expected)
    lines = [f"- {p} {c or '(file)'} {loc or ''}" for p, c, loc in sorted(missing, key=str)]
    lines += [f"+ {p} {c or '(file)'} {loc or ''}" for p, c, loc in sorted(extra, key=str)]
    return "\n".join(lines)


def write(files: dict[str, list[dict]]) -> None:
    """One finding per line, so a review of `git diff` reads like a list of findings."""
    description = ("What `tthc check samples/` reports, pinned. Regenerate with "
                   "`python tests/update_expected.py` and review the diff; "
                   "samples/intended-findings.json says what each sample is meant to produce.")
    blocks = []
    for path in sorted(files):
        rows = ",\n".join("      " + json.dumps(f, ensure_ascii=False) for f in files[path])
        blocks.append(f"    {json.dumps(path, ensure_ascii=False)}: [" + (f"\n{rows}\n    " if rows else "") + "]")
    text = ('{\n  "description": ' + json.dumps(description, ensure_ascii=False) + ',\n  "files": {\n'
            + ",\n".join(blocks) + "\n  }\n}\n")
    json.loads(text)                                   # never write a file the test cannot read
    EXPECTED.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of rewriting")
    args = parser.parse_args(argv)
    actual = current_findings()
    if not args.check:
        write(actual)
        print(f"wrote {EXPECTED.relative_to(ROOT)}: {len(actual)} files, "
              f"{sum(len(v) for v in actual.values())} findings")
        return 0
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))["files"] if EXPECTED.exists() else {}
    diff = difference(expected, actual)
    if diff:
        print("tthc check samples/ differs from samples/expected-findings.json "
              "(- expected only, + new):\n" + diff)
        return 1
    print(f"samples/expected-findings.json matches ({len(actual)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
