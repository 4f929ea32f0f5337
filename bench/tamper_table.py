"""Write the tamper suite's verdict table (case -> verdict -> codes) to docs/tamper-verdicts.md,
from the suite's own case table (tests/test_signatures.TAMPER_CASES). tests/test_signatures.py
asserts every row against the validator and that the file is current.

    python bench/tamper_table.py
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_signatures import VERDICT_TABLE, verdict_table  # noqa: E402

if __name__ == "__main__":
    (ROOT / VERDICT_TABLE).write_text(verdict_table(), encoding="utf-8")
    print(f"{VERDICT_TABLE}: written")
