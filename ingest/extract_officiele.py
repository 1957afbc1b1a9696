"""Publications of zoek.officielebekendmakingen.nl as .html or .xml.

Both carry the same structure, in HTML as classes and in XML as element names:

    <vraag><nr>Vraag 1</nr><al>…<noot><noot.nr>1</noot.nr><noot.al>…</noot.al></noot></al></vraag>
    <div class="vraag"><h2>Vraag 1</h2><p>…<sup><a class="nootnum" href="#n1">1</a></sup></p></div>
    <antwoord>/<div class="antwoord">   <mededeling>/<div class="mededeling">

They become the paragraphs a layout reads: a label paragraph ("Vraag 1", "Antwoord 1",
"Mededeling"; a bare number in `nr` becomes "Vraag 7") followed by the text paragraphs,
footnotes attached where their marker stands. Metadata comes from `<meta name=…>` in
the HTML head, `<metadata name=… content=…>` in XML, or a sidecar `metadata.xml`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lxml import etree, html

from ingest.cleanup import clean_line, tidy
from ingest.discovery import is_sidecar
from ingest.extract_txt import read_bytes
from ingest.extracted import ExtractedText, Paragraph
from ingest.footnotes import footnote_url
from ingest.limits import DEFAULT_LIMITS, Limits
from ingest.markers import marker
from ingest.records import Footnote, IngestError

# Metadata field → the key ExtractedText.metadata uses.
META_KEYS = {
    "dc.identifier": "identifier",
    "dcterms.identifier": "identifier",
    "dcterms.issued": "issued",
    "dc.date": "issued",
    "dc.title": "title",
    "dcterms.title": "title",
    "overheidop.indiener": "indiener",
    "overheidop.vergaderjaar": "vergaderjaar",
    "overheidop.dossiernummer": "dossiernummer",
    "overheidop.ondernummer": "ondernummer",
    "overheidop.publicationname": "publication",
    "dc.creator": "creator",
}
_CONTAINERS = {"vraag": "Vraag", "antwoord": "Antwoord", "mededeling": "Mededeling"}
_PARAGRAPH_TAGS = {"al", "p", "li", "kamervraagonderwerp", "kamervraagomschrijving", "titel"}
_HEADING_TAGS = {"nr", "h1", "h2", "h3", "h4", "h5", "h6", "kop"}
_NOTE_CLASS = re.compile(r"\bnoot|\bfootnote|\bvoetnoot", re.IGNORECASE)
_SKIP_TAGS = {"script", "style", "head", "meta", "metadata", "noot", "noot.nr", "noot.al"}


def _name(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return etree.QName(tag).localname.lower() if tag else ""


def _classes(element: etree._Element) -> set[str]:
    return set((element.get("class") or "").lower().split())


def _kind(element: etree._Element) -> str | None:
    """ "vraag", "antwoord", "mededeling" for their containers, else None."""
    name = _name(element)
    if name in _CONTAINERS:
        return name
    found = _classes(element) & set(_CONTAINERS)
    return found.pop() if found and name in ("div", "section") else None


def _sidecars(path: Path, limits: Limits) -> tuple[list[etree._Element], list[str]]:
    """The parsed metadata.xml files beside a publication, and a warning for each one
    that cannot be used: a broken sidecar costs metadata, never the publication.

    A sidecar that is a link is not followed: it could point anywhere, and unlike a
    publication its name does not say that the user chose it.
    """
    trees: list[etree._Element] = []
    warnings: list[str] = []
    for sidecar in (path.with_name("metadata.xml"), path.with_name(f"{path.stem}.metadata.xml")):
        if not sidecar.is_symlink() and not sidecar.exists():
            continue
        try:
            if sidecar.is_symlink():
                raise IngestError(str(sidecar), "is een link; niet gevolgd")
            trees.append(_parse(read_bytes(sidecar, limits), False, str(sidecar)))
        except IngestError as error:
            warnings.append(f"{error}; {path.name} ingelezen zonder deze metadata")
    return trees, warnings


def _metadata(trees: list[etree._Element]) -> dict[str, str]:
    """Metadata fields of the publication and its sidecars; the first value of a key wins."""
    found: dict[str, str] = {}
    for tree in trees:
        for element in tree.iter():
            if _name(element) in ("meta", "metadata"):
                key = META_KEYS.get((element.get("name") or "").lower())
                if key and element.get("content"):
                    found.setdefault(key, element.get("content").strip())
    return found


class _Walker:
    """Walks the tree in document order and collects paragraphs with their footnotes."""

    def __init__(self, html_notes: dict[str, str]) -> None:
        self.paragraphs: list[Paragraph] = []
        self.html_notes = html_notes
        self.note_count = 0

    def note(self, number_text: str, body: str) -> Footnote:
        self.note_count += 1
        number = int(number_text) if number_text.strip().isdigit() else self.note_count
        body = clean_line(body)
        return Footnote(number, body, footnote_url(body))

    def text_of(self, element: etree._Element) -> tuple[str, list[Footnote]]:
        """Visible text of a paragraph element; footnote markers become Footnotes, and
        their marker characters (ingest.markers) where they stood."""
        parts = [element.text or ""]
        notes: list[Footnote] = []
        for child in element:
            name = _name(child)
            if name == "noot":  # XML: the note sits inline where its marker is printed
                number = "".join(child.findtext("{*}noot.nr") or child.findtext("noot.nr") or "")
                body = " ".join(
                    "".join(al.itertext()) for al in child.iter("{*}noot.al", "noot.al")
                )
                notes.append(self.note(number, body))
                parts.append(marker(notes[-1].number))
            elif self._html_marker(child) is not None:
                ref, number = self._html_marker(child)
                notes.append(self.note(number, self.html_notes.get(ref, "")))
                parts.append(marker(notes[-1].number))
            elif name not in _SKIP_TAGS:
                text, inner = self.text_of(child)
                parts.append(text)
                notes.extend(inner)
            parts.append(child.tail or "")
        return "".join(parts), notes

    def _html_marker(self, element: etree._Element) -> tuple[str, str] | None:
        anchor = element if _name(element) == "a" else element.find(".//a")
        if anchor is None or not (anchor.get("href") or "").startswith("#"):
            return None
        if not (_NOTE_CLASS.search(anchor.get("class") or "") or _name(element) == "sup"):
            return None
        return anchor.get("href")[1:], "".join(anchor.itertext())

    def add(self, text: str, heading: bool = False, notes: list[Footnote] | None = None) -> None:
        text = clean_line(text)
        if text:
            self.paragraphs.append(Paragraph(text, heading=heading, footnotes=notes or []))

    def walk(self, element: etree._Element) -> None:
        name = _name(element)
        if name in _SKIP_TAGS or _is_note_body(element):
            return
        kind = _kind(element)
        if kind:
            self.container(element, kind)
        elif name in _PARAGRAPH_TAGS or name in _HEADING_TAGS:
            text, notes = self.text_of(element)
            self.add(text, heading=name in _HEADING_TAGS, notes=notes)
        else:
            for child in element:
                self.walk(child)

    def container(self, element: etree._Element, kind: str) -> None:
        """A question, answer or mededeling: its label first, then its paragraphs."""
        label = _CONTAINERS[kind]
        heading = next((c for c in element if _name(c) in _HEADING_TAGS), None)
        if heading is not None:
            number = tidy("".join(heading.itertext()))  # a bare "7" is a label, not a page number
            label = f"{label} {number}" if re.fullmatch(r"[\d,\s en]+", number) else number
        self.add(label, heading=True)
        for child in element:
            if child is not heading:
                self.walk(child)


def _is_note_body(element: etree._Element) -> bool:
    """HTML footnote bodies (collected separately) and their list at the page end."""
    return bool(element.get("id")) and bool(_NOTE_CLASS.search(element.get("class") or ""))


def _html_note_bodies(root: etree._Element) -> dict[str, str]:
    bodies = {}
    for element in root.iter():
        if _is_note_body(element):
            text = " ".join("".join(element.itertext()).split())
            bodies[element.get("id")] = re.sub(r"^\d+\s+", "", text)
    return bodies


def _parse(data: bytes, is_html: bool, source: str) -> etree._Element:
    try:
        if is_html:
            return html.fromstring(data)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as error:
        raise IngestError(source, f"ongeldige {'HTML' if is_html else 'XML'} ({error})") from error


def extract(path: Path, limits: Limits = DEFAULT_LIMITS) -> ExtractedText:
    """Paragraphs and metadata of an officielebekendmakingen .html or .xml publication."""
    source = str(path)
    if is_sidecar(path):
        raise IngestError(
            source, "metadatabestand; wordt samen met de bijbehorende publicatie gelezen"
        )
    data = read_bytes(path, limits)
    is_html = path.suffix.lower() in (".html", ".htm")
    root = _parse(data, is_html, source)
    walker = _Walker(_html_note_bodies(root) if is_html else {})
    body = root.find(".//body") if is_html else None
    walker.walk(body if body is not None else root)
    if not walker.paragraphs:
        raise IngestError(source, "geen tekst gevonden in de publicatie")
    sidecars, warnings = _sidecars(path, limits)
    return ExtractedText(
        source=source,
        raw_fingerprint=hashlib.sha256(data).hexdigest(),
        paragraphs=walker.paragraphs,
        format="html" if is_html else "xml",
        metadata=_metadata([root, *sidecars]),
        warnings=warnings,
    )
