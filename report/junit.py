"""JUnit XML for CI servers (Jenkins junit, GitLab `artifacts:reports:junit`, GitHub test-report
actions): one <testsuite>, one <testcase> per checked file, one <failure> per finding at or above
the fail-on level (so the test result agrees with the exit code). Every finding of the file,
whatever its level, is also listed in the test case's <system-out>, because several CI servers
display only the first <failure> of a test case.

Generic over result dicts {"source", "kind", "findings": [Finding.to_dict(), ...]}. Every string
goes through report/safe.py: identifiers masked, characters XML 1.0 forbids (NUL, other control
characters, lone surrogates of undecodable file names) escaped, so the file is always well-formed.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO

from report.findings_text import format_location
from report.safe import printable, public

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def reaches(severity: str, fail_on: str) -> bool:
    """Whether a finding of this severity fails a run with --fail-on `fail_on`."""
    if fail_on == "never":
        return False
    return SEVERITY_RANK.get(severity, 0) >= SEVERITY_RANK[fail_on]


def _line(f: dict, lang: str) -> str:
    message = f.get("message" if lang == "vi" else "message_en") or f.get("message") or ""
    return printable(f"[{f.get('severity')}] {f.get('code')} ({format_location(f.get('location'), lang)}): {message}")


def build_junit(results: list[dict], fail_on: str = "error", lang: str = "vi",
                suite_name: str = "tthc-check") -> ET.Element:
    cases, failures = [], 0
    for r in results:
        r = public(r)
        source = printable(str(r.get("source")))
        seconds = ((r.get("extraction") or {}).get("seconds")) or 0.0
        case = ET.Element("testcase", classname=printable(f"tthc.{r.get('kind') or 'input'}"), name=source,
                          file=source, time=f"{seconds:.3f}")
        findings = r.get("findings") or []
        failing = [f for f in findings if reaches(f.get("severity", "info"), fail_on)]
        for f in failing:
            failure = ET.SubElement(case, "failure", type=printable(str(f.get("code"))),
                                    message=_line(f, lang))
            details = [f.get("message") or "", f.get("message_en") or "",
                       f"vị trí / location: {format_location(f.get('location'), lang)}"]
            if f.get("evidence"):
                details.append(f"bằng chứng / evidence: {f['evidence']}")
            failure.text = printable("\n".join(details))
        failures += bool(failing)
        if findings:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f, lang) for f in findings)
        cases.append(case)
    attrs = {"tests": str(len(cases)), "failures": str(failures), "errors": "0", "skipped": "0",
             "time": f"{sum(float(c.get('time')) for c in cases):.3f}"}
    root = ET.Element("testsuites", name=suite_name, **attrs)
    suite = ET.SubElement(root, "testsuite", name=suite_name, **attrs)
    suite.extend(cases)
    return root


def write_junit(results: list[dict], out: IO[str], fail_on: str = "error", lang: str = "vi",
                suite_name: str = "tthc-check") -> None:
    root = build_junit(results, fail_on=fail_on, lang=lang, suite_name=suite_name)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")
