"""Shared test set-up. The repository root goes first on sys.path so the tests always
exercise this checkout (also from a git worktree beside an editable install)."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# OCRed documents are cached (extract/load/cache.py); the suite keeps its cache to itself.
import os  # noqa: E402
import tempfile  # noqa: E402

os.environ["TTHC_CACHE_DIR"] = tempfile.mkdtemp(prefix="tthc-test-cache-")
