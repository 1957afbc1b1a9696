"""The SRU 2.0 conversation: the CQL query built from the scope, page URLs, answers parsed.

Pure functions; the names they use are in `source.py`. A page that is not an SRU answer
(an HTML error page, malformed XML, a diagnostic) raises SruError naming the URL and the
reason; a record that cannot be read is reported with its position and the rest are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

from lxml import etree

from ingest.harvest import source


class SruError(Exception):
    """An answer of the SRU service that cannot be used; the message names the URL."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class SruRecord:
    """One gzd record: the publication's id and version, its metadata fields, its items."""

    identifier: str
    modified: str
    fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    items: Mapping[str, str] = field(default_factory=dict)  # manifestation -> URL

    def values(self, name: str) -> tuple[str, ...]:
        return self.fields.get(name, ())


@dataclass(frozen=True)
class SruPage:
    total: int  # numberOfRecords: the whole result, not this page
    records: list[SruRecord]
    next_position: int | None  # None when no further page is announced
    unreadable: list[tuple[int, str]] = field(default_factory=list)  # (position, reason)


# --- The query --------------------------------------------------------------------------


def quoted(value: str) -> str:
    """A CQL quoted string: backslash and double quote escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _any_of(index: str, values: Iterable[str], relation: str = "=") -> str:
    clauses = [f"{index}{relation}{quoted(value)}" for value in values]
    return clauses[0] if len(clauses) == 1 else "(" + " OR ".join(clauses) + ")"


def _kind_clause(kind: source.Kind, ministries: Sequence[str] | None) -> str:
    parts = [f"{source.PUBLICATION_INDEX}=={quoted(kind.publication)}"]
    if ministries:
        parts.append(_any_of(kind.ministry_index, ministries))
    if kind.document_types:
        parts.append(_any_of(source.TITLE_INDEX, kind.document_types))
    return "(" + " AND ".join(parts) + ")"


def build_query(
    kinds: Sequence[source.Kind],
    ministries: Sequence[str] | None,
    since: date | None = None,
    until: date | None = None,
) -> str:
    """The CQL for these kinds of publication of these ministries (None: any), changed in
    the range of dates (both ends included)."""
    parts = [source.BASE_CLAUSE]
    if since is not None:
        parts.append(f"{source.MODIFIED_INDEX}>={quoted(since.isoformat())}")
    if until is not None:
        parts.append(f"{source.MODIFIED_INDEX}<={quoted(until.isoformat())}")
    clauses = [_kind_clause(kind, ministries) for kind in kinds]
    parts.append(clauses[0] if len(clauses) == 1 else "(" + " OR ".join(clauses) + ")")
    return " AND ".join(parts)


def identifier_query(identifiers: Iterable[str]) -> str:
    """The CQL for these publications, whatever their kind or date."""
    return f"{source.BASE_CLAUSE} AND {_any_of(source.IDENTIFIER_INDEX, identifiers, '==')}"


def page_url(endpoint: str, query: str, start: int, count: int = source.PAGE_SIZE) -> str:
    """The searchRetrieve URL of one page; parameters already in `endpoint` are kept."""
    parts = urlsplit(endpoint)
    parameters = dict(source.FIXED_PARAMETERS)
    parameters[source.QUERY_PARAMETER] = query
    parameters[source.START_PARAMETER] = str(start)
    parameters[source.COUNT_PARAMETER] = str(count)
    encoded = urlencode(parameters)
    return urlunsplit(parts._replace(query=f"{parts.query}&{encoded}" if parts.query else encoded))


# --- The answer -------------------------------------------------------------------------

_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>])", re.IGNORECASE)


def looks_like_html(data: bytes) -> bool:
    """An HTML page (an error or maintenance page of a proxy or the service itself)."""
    return bool(_HTML_START.match(data.lstrip(b"\xef\xbb\xbf")[:512]))


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _first_descendant(element: etree._Element, name: str) -> etree._Element | None:
    return next((e for e in element.iter() if _local(e) == name), None)


def _text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _diagnostic(root: etree._Element) -> str | None:
    """The first diagnostic directly under `root`'s diagnostics (fatal: no records follow),
    or, for a record, the surrogate diagnostic that stands in its recordData."""
    found = next(
        (d for group in _children(root, "diagnostics") for d in _children(group, "diagnostic")),
        None,
    )
    if found is None:
        return None
    return _diagnostic_text(found)


def _diagnostic_text(found: etree._Element) -> str:
    parts = {name: _text(_first_descendant(found, name)) for name in ("message", "details", "uri")}
    text = parts["message"] or "zonder melding"
    if parts["details"]:
        text += f" ({parts['details']})"
    return f"SRU-diagnose: {text}" + (f" [{parts['uri']}]" if parts["uri"] else "")


def _record(element: etree._Element) -> SruRecord:
    """One record; ValueError with a Dutch reason when it lacks what a harvest needs."""
    gzd = _first_descendant(element, source.GZD)
    if gzd is None:
        surrogate = _first_descendant(element, source.DIAGNOSTIC)
        reason = _diagnostic_text(surrogate) if surrogate is not None else "geen gzd-record"
        raise ValueError(reason)
    fields: dict[str, tuple[str, ...]] = {}
    for original in _children(gzd, source.ORIGINAL_DATA):
        for item in original.iter():
            if len(item) == 0 and _text(item):
                fields[_local(item)] = (*fields.get(_local(item), ()), _text(item))
    items: dict[str, str] = {}
    for enriched in _children(gzd, source.ENRICHED_DATA):
        for item in _children(enriched, source.ITEM_URL):
            manifestation = (item.get(source.MANIFESTATION_ATTRIBUTE) or "").strip().lower()
            if manifestation and _text(item):
                items.setdefault(manifestation, _text(item))
    identifier = next(iter(fields.get(source.IDENTIFIER, ())), "")
    if not identifier:
        raise ValueError("record zonder identifier")
    modified = next((fields[f][0] for f in source.MODIFIED_FIELDS if fields.get(f)), "")
    if not modified:
        raise ValueError(f"{identifier}: record zonder wijzigingsdatum")
    return SruRecord(identifier=identifier, modified=modified, fields=fields, items=items)


def _number(root: etree._Element, name: str, url: str, required: bool) -> int | None:
    element = next(iter(_children(root, name)), None)
    if element is None or not _text(element):
        if required:
            raise SruError(url, f"geen {name} in het antwoord")
        return None
    try:
        return int(_text(element))
    except ValueError:
        raise SruError(url, f"{name} is geen getal ({_text(element)!r})") from None


def parse_page(data: bytes, url: str) -> SruPage:
    """One searchRetrieve answer; SruError when it is not a usable SRU 2.0 answer."""
    if looks_like_html(data):
        raise SruError(url, "HTML-pagina in plaats van een SRU-antwoord")
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise SruError(url, f"ongeldige XML ({error})") from error
    diagnostic = _diagnostic(root)
    if diagnostic:
        raise SruError(url, diagnostic)
    if root.tag != f"{{{source.SRU_NAMESPACE}}}searchRetrieveResponse":
        raise SruError(url, f"geen SRU 2.0-antwoord (hoofdelement {root.tag})")
    total = _number(root, source.NUMBER_OF_RECORDS, url, required=True)
    records: list[SruRecord] = []
    unreadable: list[tuple[int, str]] = []
    for records_element in _children(root, "records"):
        for position, element in enumerate(_children(records_element, source.RECORD), 1):
            try:
                records.append(_record(element))
            except ValueError as error:
                unreadable.append((position, str(error)))
    return SruPage(
        total=total or 0,
        records=records,
        next_position=_number(root, source.NEXT_POSITION, url, required=False),
        unreadable=unreadable,
    )
