"""Where harvested files go, and what makes a downloaded item the item it claims to be.

    <archive>/.harvest-state.json           the harvest's own state (ingest.harvest.state)
    <archive>/.harvest.lock                held while a harvest runs
    <archive>/<publication id>/metadata.xml
    <archive>/<publication id>/<publication id>.xml|.pdf|.html
    <archive>/<publication id>/.harvest.json   which version the folder holds

The ingest reads the folder as it reads any other: `metadata.xml` is the sidecar of the
XML or HTML beside it (ingest.extract_officiele), and a PDF's document id is its name.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from ingest.harvest import source
from ingest.harvest.sru import looks_like_html

FILE_NAMES = {
    source.METADATA: "metadata.xml",
    "xml": "{id}.xml",
    "pdf": "{id}.pdf",
    "html": "{id}.html",
}
STATE_FILE = ".harvest-state.json"
LOCK_FILE = ".harvest.lock"
PUBLICATION_STATE = ".harvest.json"
PARTIAL_SUFFIX = ".part"  # client.download's temporary files: ".<name>.part"
# A publication id names a folder: no separators, no "..", nothing a shell would trip on.
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")


def publication_dir(archive: Path, identifier: str) -> Path:
    """The folder of one publication; ValueError for an id that cannot be a folder name."""
    if not _SAFE_ID.match(identifier) or ".." in identifier:
        raise ValueError(f"publicatie-id {identifier!r} is geen geldige mapnaam")
    return archive / identifier


def file_name(manifestation: str, identifier: str) -> str:
    return FILE_NAMES[manifestation].format(id=identifier)


def clear_partials(folder: Path) -> None:
    """Temporary files of downloads a killed harvest left half done."""
    for path in folder.glob(f".*{PARTIAL_SUFFIX}"):
        path.unlink(missing_ok=True)


def remove_others(folder: Path, keep: set[str]) -> None:
    """Items of an earlier version that this one no longer has (a PDF now offered as XML)."""
    for path in folder.iterdir():
        if path.is_file() and path.name not in keep and path.name != PUBLICATION_STATE:
            path.unlink()


def _xml_problem(path: Path, root_name: str | None) -> str | None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as error:
        return f"ongeldige XML ({error})"
    if root_name and etree.QName(root).localname != root_name:
        return f"geen {root_name} maar <{etree.QName(root).localname}>"
    return None


def content_problem(manifestation: str, path: Path) -> str | None:
    """Why the downloaded file is not a `manifestation` item, or None when it is one."""
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if not head:
        return "leeg bestand"
    if manifestation != "html" and looks_like_html(head):
        return f"HTML-pagina in plaats van {manifestation.upper()}"
    if manifestation == "pdf":
        return None if b"%PDF-" in head else "geen PDF"
    if manifestation == source.METADATA:
        return _xml_problem(path, source.METADATA_ROOT)
    if manifestation == "xml":
        return _xml_problem(path, None)
    return None
