"""Write samples/dossiers/ (tests/kit/sample_dossiers.py builds them; see its docstring).

    python samples/make_dossiers.py [OUT]        (default: samples/dossiers)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.kit.sample_dossiers import SAMPLES_DIR, build  # noqa: E402

if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLES_DIR
    exp = build(target)
    print(f"{len(exp)} dossier packages -> {target}")
