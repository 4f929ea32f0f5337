"""Directive parsing: layout, header, sections and tasks, deadlines, references, agencies.

`parse(document) -> Directive` is the one entry point.
"""
from __future__ import annotations

from extract.model import Directive, Document


def parse(document: Document) -> Directive:
    """Placeholder until the parser lands: reports that nothing was parsed."""
    from extract.model import Finding
    d = Directive(is_directive=False)
    if document.text.strip():
        d.findings.append(Finding.of("PARSE.NOT_A_DIRECTIVE", evidence=document.text.strip()[:80]))
    return d
