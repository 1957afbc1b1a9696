"""Configuration in one place: where the index, the harvested archive and the bundled
corpus are, and which SRU service the harvest asks.

The index and the archive live in the Flask-style `instance/` folder beside the project,
unless VRAAGBAAK_INDEX or VRAAGBAAK_ARCHIVE points elsewhere.
"""

from __future__ import annotations

import importlib.metadata
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


ARCHIVE_ENV = "VRAAGBAAK_ARCHIVE"
SRU_URL_ENV = "VRAAGBAAK_SRU_URL"
DEFAULT_SRU_URL = "https://repository.overheid.nl/sru"
# Who runs this harvester, for the User-Agent: an e-mail address or a URL.
CONTACT_ENV = "VRAAGBAAK_CONTACT"


def archive_dir() -> Path:
    """Where `vraagbaak harvest` keeps the publications: $VRAAGBAAK_ARCHIVE, else
    instance/archive."""
    configured = os.environ.get(ARCHIVE_ENV)
    return Path(configured).expanduser() if configured else INSTANCE_DIR / "archive"


# Where the site is served, for the links that `vraagbaak search --format csv` writes.
SITE_URL_ENV = "VRAAGBAAK_URL"
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def site_url() -> str:
    """The site's address: $VRAAGBAAK_URL, else what `vraagbaak serve` serves by default."""
    return os.environ.get(SITE_URL_ENV) or DEFAULT_SITE_URL


def sru_url() -> str:
    """The SRU 2.0 endpoint of officielebekendmakingen: $VRAAGBAAK_SRU_URL, else KOOP's."""
    return os.environ.get(SRU_URL_ENV) or DEFAULT_SRU_URL


def user_agent() -> str:
    """ "Vraagbaak/<version>", with the operator's contact when $VRAAGBAAK_CONTACT names one."""
    try:
        version = importlib.metadata.version("vraagbaak")
    except importlib.metadata.PackageNotFoundError:
        version = "onbekend"
    contact = " ".join(os.environ.get(CONTACT_ENV, "").split())
    return f"Vraagbaak/{version}" + (f" (+{contact})" if contact else "")
