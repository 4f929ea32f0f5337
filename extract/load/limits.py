"""Resource limits of the readers (tthc.toml `[limits]`, `--limit NAME=VALUE`).

The runner (commands/pipeline.py) builds one `Limits` from the settings and passes it to the
loaders; each reader that meets a limit reports a finding that names it and how to raise it.
Minimal version written by the runner lane so settings can carry it; the loader lane owns the
enforcement and may add fields (the settings side reads the fields of this dataclass).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    pixels_per_page: int = 100_000_000      # rendered or decoded pixels of one page or image
    pages_per_document: int = 2_000         # pages read from one document
    text_bytes: int = 50_000_000            # bytes of text read from one document
    inflated_bytes: int = 500_000_000       # bytes inflated from one DOCX or other zip container
    inflate_ratio: int = 200                # inflated bytes per compressed byte in a zip container
