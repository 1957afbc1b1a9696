"""What a format extractor hands to the layout parsers: paragraphs plus what the format knows.

Every format (txt, docx, pdf, html/xml) produces an ExtractedText; every layout
(schriftelijk overleg, Aanhangsel Kamervragen, lijst van vragen) reads one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.records import Footnote


@dataclass
class Paragraph:
    """One paragraph of running text, page furniture and conversion junk already removed.

    heading: the format itself marks this paragraph as a heading (a Word heading style,
    an HTML heading); plain text cannot say, and the layouts do not rely on it.
    footnotes: real footnotes the format attached to this paragraph (Word, PDF, XML).
    Inline markers of converted text are resolved by the layout step instead.
    """

    text: str
    heading: bool = False
    footnotes: list[Footnote] = field(default_factory=list)


@dataclass
class ExtractedText:
    source: str  # the file path as given, for messages
    raw_fingerprint: str  # sha256 of the file's bytes: tells a changed file from an unchanged one
    paragraphs: list[Paragraph]
    format: str  # "txt", "docx", "pdf", "html", "xml"
    # Metadata the format carries (officielebekendmakingen meta tags, docx core properties):
    # keys such as "identifier", "issued", "indiener", "vergaderjaar", "dossiernummer".
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)
