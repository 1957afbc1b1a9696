"""Configuration in one place: where the index and the bundled corpus are.

The index lives in the Flask-style `instance/` folder beside the project,
unless VRAAGBAAK_INDEX points elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
BUNDLED_CORPUS = PROJECT_ROOT / "data" / "corpus"
INDEX_ENV = "VRAAGBAAK_INDEX"


def index_dir() -> Path:
    """The index root: $VRAAGBAAK_INDEX, else instance/index."""
    configured = os.environ.get(INDEX_ENV)
    return Path(configured).expanduser() if configured else INSTANCE_DIR / "index"
