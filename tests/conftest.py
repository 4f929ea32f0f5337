"""Shared test set-up. The repository root goes first on sys.path so the tests always
exercise this checkout (also from a git worktree beside an editable install)."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
