"""A stand-in for officielebekendmakingen on 127.0.0.1: its SRU 2.0 service and its items.

It answers searchRetrieve with gzd records in the structure of SOURCES.md (built from
tests/fixtures/harvest/publications.json), at most PAGE_LIMIT records a page whatever
maximumRecords asks, and serves the real fixture files the records name. Of CQL it
understands only `dt.modified>=`/`<=` and `dt.identifier==` (the service's filter is not
exact either: the harvester checks every record). Faults are queued per URL path ("sru"
for every SRU request, "sru@N" for the page starting at N), and every request is logged
with its arrival time, so tests measure politeness at the server.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lxml import etree

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
PUBLICATIONS = FIXTURES / "harvest" / "publications.json"
SRU_PATH = "/sru"
PAGE_LIMIT = 5
SRU = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
DIAG = "http://docs.oasis-open.org/ns/search-ws/diagnostic"
GZD = "http://standaarden.overheid.nl/sru"
DCTERMS = "http://purl.org/dc/terms/"
WETGEVING = "http://standaarden.overheid.nl/wetgeving/"
COLLECTIE = "http://standaarden.overheid.nl/collectie/"
CONTENT_TYPES = {".pdf": "application/pdf", ".xml": "application/xml", ".html": "text/html"}
ERROR_PAGE = (
    b"<!DOCTYPE html><html><head><title>Storing</title></head>"
    b"<body><h1>Er is een storing</h1><p>Probeer het later opnieuw.</p></body></html>"
)


@dataclass
class Publication:
    identifier: str
    data: dict[str, Any]
    items: dict[str, Path]  # manifestation -> fixture file

    @property
    def modified(self) -> str:
        return self.data["modified"]

    def path(self, manifestation: str) -> str:
        area, folder = (
            ("kst", self.data["dossiernummer"])
            if self.identifier.startswith("kst-")
            else ("ah-tk", self.data["vergaderjaar"].replace("-", ""))
        )
        name = "metadata.xml" if manifestation == "metadata" else self.items[manifestation].name
        work = f"/frbr/officielepublicaties/{area}/{folder}/{self.identifier}/1"
        return f"{work}/{manifestation}/{name}"


def load_publications() -> list[Publication]:
    table = json.loads(PUBLICATIONS.read_text(encoding="utf-8"))["publications"]
    return [
        Publication(
            identifier=entry["identifier"],
            data=entry,
            items={m: FIXTURES / p for m, p in entry["items"].items()},
        )
        for entry in table
    ]


@dataclass
class Hit:
    at: float  # time.monotonic() when the request arrived
    path: str  # with its query
    user_agent: str
    status: int = 0
    complete: bool = False  # the whole body went out


@dataclass
class _Hold:
    path: str
    midway: bool  # after half the body (a download under way) instead of before the answer
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


class FakeKoop:
    def __init__(self, publications: list[Publication] | None = None) -> None:
        self.publications = {p.identifier: p for p in publications or load_publications()}
        self.hits: list[Hit] = []
        self.faults: dict[str, list[str]] = {}
        self.lasting: dict[str, str] = {}  # path -> a fault for every request
        self.hold: _Hold | None = None
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.koop = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # --- running ---------------------------------------------------------------------

    def __enter__(self) -> FakeKoop:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.hold is not None:
            self.hold.release.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def endpoint(self) -> str:
        return self.base + SRU_PATH

    # --- what tests change -----------------------------------------------------------

    def fault(self, key: str, *actions: str) -> None:
        self.faults.setdefault(key, []).extend(actions)

    def hold_at(self, path: str, midway: bool = False) -> _Hold:
        """Stop the first request for `path` (before the answer, or halfway through the
        body) until the test releases it: the moment to kill a harvest."""
        self.hold = _Hold(path, midway)
        return self.hold

    def url(self, identifier: str, manifestation: str) -> str:
        return self.base + self.publications[identifier].path(manifestation)

    def path(self, identifier: str, manifestation: str) -> str:
        return self.publications[identifier].path(manifestation)

    # --- what tests read -------------------------------------------------------------

    def item_hits(self, complete_only: bool = True) -> Counter[str]:
        """Item paths by number of requests (only those answered in full, by default)."""
        with self.lock:
            return Counter(
                h.path
                for h in self.hits
                if not h.path.startswith(SRU_PATH) and (h.complete or not complete_only)
            )

    def sru_hits(self) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path.startswith(SRU_PATH)]

    def queries(self) -> list[dict[str, list[str]]]:
        return [parse_qs(urlsplit(h.path).query) for h in self.sru_hits()]

    # --- serving ---------------------------------------------------------------------

    def arrive(self, path: str, user_agent: str) -> Hit:
        hit = Hit(at=time.monotonic(), path=path, user_agent=user_agent)
        with self.lock:
            self.hits.append(hit)
        return hit

    def take_fault(self, key: str) -> str | None:
        with self.lock:
            queued = self.faults.get(key)
            if queued:
                return queued.pop(0)
            return self.lasting.get(key)

    def files(self) -> dict[str, Path]:
        return {
            p.path(m): f
            for p in self.publications.values()
            for m, f in p.items.items()
            if m in p.data["items"]
        }

    def sru_answer(self, query: dict[str, list[str]]) -> bytes:
        def one(name: str, default: str = "") -> str:
            return query.get(name, [default])[0]

        if (one("operation"), one("version"), one("recordSchema")) != (
            "searchRetrieve",
            "2.0",
            "gzd",
        ):
            return diagnostic("info:srw/diagnostic/1/6", "Unsupported parameter value")
        matching = sorted(
            (p for p in self.publications.values() if _matches(one("query"), p)),
            key=lambda p: p.identifier,
        )
        start = int(one("startRecord", "1"))
        count = min(int(one("maximumRecords", "10")), PAGE_LIMIT)
        return search_answer(self, matching, start, count)


_RANGE = re.compile(r'dt\.modified\s*(>=|<=)\s*"?(\d{4}-\d{2}-\d{2})"?')
_IDENTIFIER = re.compile(r'dt\.identifier\s*==?\s*"([^"]+)"')


def _matches(cql: str, publication: Publication) -> bool:
    asked = _IDENTIFIER.findall(cql)
    if asked and publication.identifier not in asked:
        return False
    day = publication.modified[:10]
    for operator, bound in _RANGE.findall(cql):
        if (operator == ">=" and day < bound) or (operator == "<=" and day > bound):
            return False
    return True


def diagnostic(uri: str, message: str) -> bytes:
    root = etree.Element(f"{{{SRU}}}searchRetrieveResponse", nsmap={"sru": SRU})
    etree.SubElement(root, f"{{{SRU}}}version").text = "2.0"
    etree.SubElement(root, f"{{{SRU}}}numberOfRecords").text = "0"
    diagnostics = etree.SubElement(root, f"{{{SRU}}}diagnostics")
    found = etree.SubElement(diagnostics, f"{{{DIAG}}}diagnostic", nsmap={"diag": DIAG})
    etree.SubElement(found, f"{{{DIAG}}}uri").text = uri
    etree.SubElement(found, f"{{{DIAG}}}message").text = message
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _leaf(parent: etree._Element, tag: str, text: str, **attributes: str) -> None:
    etree.SubElement(parent, tag, attributes).text = text


def gzd_record(koop: FakeKoop, publication: Publication) -> etree._Element:
    data = publication.data
    gzd = etree.Element(
        f"{{{GZD}}}gzd",
        nsmap={"gzd": GZD, "dcterms": DCTERMS, "overheidwetgeving": WETGEVING, "c": COLLECTIE},
    )
    meta = etree.SubElement(etree.SubElement(gzd, f"{{{GZD}}}originalData"), f"{{{WETGEVING}}}meta")
    kern = etree.SubElement(meta, "owmskern")
    _leaf(kern, f"{{{DCTERMS}}}identifier", publication.identifier)
    _leaf(kern, f"{{{DCTERMS}}}title", data["title"])
    _leaf(kern, f"{{{DCTERMS}}}language", "nl")
    kind = "Kamerstuk" if data["publicatienaam"] == "Kamerstuk" else "Kamervragen"
    _leaf(kern, f"{{{DCTERMS}}}type", kind, scheme="OVERHEIDop.Parlementair")
    creator = "Tweede Kamer der Staten-Generaal"
    _leaf(kern, f"{{{DCTERMS}}}creator", creator, scheme="OVERHEID.StatenGeneraal")
    _leaf(kern, f"{{{DCTERMS}}}modified", publication.modified[:10])
    mantel = etree.SubElement(meta, "owmsmantel")
    _leaf(mantel, f"{{{DCTERMS}}}available", publication.modified[:10])
    _leaf(mantel, f"{{{DCTERMS}}}date", data["issued"])
    tpmeta = etree.SubElement(meta, "tpmeta")
    _leaf(tpmeta, f"{{{COLLECTIE}}}product-area", "officielepublicaties")
    _leaf(tpmeta, f"{{{WETGEVING}}}publicatienaam", data["publicatienaam"])
    _leaf(tpmeta, f"{{{WETGEVING}}}vergaderjaar", data["vergaderjaar"])
    for name in ("indiener", "ontvanger"):
        for value in data.get(name, []):
            _leaf(tpmeta, f"{{{WETGEVING}}}{name}", value)
    for name in ("dossiernummer", "ondernummer"):
        if name in data:
            _leaf(tpmeta, f"{{{WETGEVING}}}{name}", data[name])
    _leaf(tpmeta, f"{{{WETGEVING}}}datumTijdstipWijzigingExpression", publication.modified)
    enriched = etree.SubElement(gzd, f"{{{GZD}}}enrichedData")
    preferred = f"https://zoek.officielebekendmakingen.nl/{publication.identifier}.html"
    _leaf(enriched, f"{{{GZD}}}preferredUrl", preferred)
    for manifestation in publication.data["items"]:
        url = koop.url(publication.identifier, manifestation)
        _leaf(enriched, f"{{{GZD}}}itemUrl", url, manifestation=manifestation)
    _leaf(enriched, f"{{{GZD}}}timestamp", publication.modified)
    return gzd


def search_answer(koop: FakeKoop, matching: list[Publication], start: int, count: int) -> bytes:
    root = etree.Element(f"{{{SRU}}}searchRetrieveResponse", nsmap={"sru": SRU})
    etree.SubElement(root, f"{{{SRU}}}version").text = "2.0"
    etree.SubElement(root, f"{{{SRU}}}numberOfRecords").text = str(len(matching))
    records = etree.SubElement(root, f"{{{SRU}}}records")
    page = matching[start - 1 : start - 1 + count]
    for position, publication in enumerate(page, start):
        record = etree.SubElement(records, f"{{{SRU}}}record")
        etree.SubElement(record, f"{{{SRU}}}recordSchema").text = GZD + "/"
        etree.SubElement(record, f"{{{SRU}}}recordPacking").text = "xml"
        etree.SubElement(record, f"{{{SRU}}}recordData").append(gzd_record(koop, publication))
        etree.SubElement(record, f"{{{SRU}}}recordPosition").text = str(position)
    if start - 1 + count < len(matching):
        etree.SubElement(root, f"{{{SRU}}}nextRecordPosition").text = str(start + count)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass  # quiet: the tests read FakeKoop.hits instead

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        koop: FakeKoop = self.server.koop  # type: ignore[attr-defined]
        hit = koop.arrive(self.path, self.headers.get("User-Agent", ""))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(koop, hit)  # raises those when the harvest was killed meanwhile

    def _answer(self, koop: FakeKoop, hit: Hit) -> None:
        parts = urlsplit(self.path)
        if parts.path == SRU_PATH:
            query = parse_qs(parts.query)
            start = query.get("startRecord", ["1"])[0]
            action = koop.take_fault(f"sru@{start}") or koop.take_fault("sru")
            body, content_type = koop.sru_answer(query), "application/xml"
        else:
            action = koop.take_fault(parts.path)
            file = koop.files().get(parts.path)
            if file is None:
                return self._send(hit, 404, b"<html><body>Niet gevonden</body></html>", "text/html")
            body, content_type = file.read_bytes(), CONTENT_TYPES[file.suffix]
        hold = koop.hold
        if hold is not None and hold.path == parts.path and not hold.arrived.is_set():
            return self._hold(hit, hold, body, content_type)
        if action is None:
            return self._send(hit, 200, body, content_type)
        self._fault(hit, action, body, content_type)

    def _fault(self, hit: Hit, action: str, body: bytes, content_type: str) -> None:
        if action.startswith("retry-after:"):
            self._send(hit, 503, ERROR_PAGE, "text/html", {"Retry-After": action.split(":", 1)[1]})
        elif action in ("503", "500", "429", "404"):
            self._send(hit, int(action), ERROR_PAGE, "text/html")
        elif action == "html":
            self._send(hit, 200, ERROR_PAGE, "text/html")
        elif action == "garbage":
            self._send(hit, 200, b"<?xml version='1.0'?><searchRetrieveResponse><rec", "text/xml")
        elif action == "diagnostic":
            body = diagnostic("info:srw/diagnostic/1/10", "Query syntax error")
            self._send(hit, 200, body, "application/xml")
        elif action == "drop":
            self._head(hit, 200, len(body), content_type)
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        else:
            raise ValueError(f"unknown fault {action!r}")

    def _hold(self, hit: Hit, hold: _Hold, body: bytes, content_type: str) -> None:
        if hold.midway:
            self._head(hit, 200, len(body), content_type)
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
        hold.arrived.set()
        hold.release.wait(timeout=60)
        self.connection.shutdown(socket.SHUT_RDWR)

    def _head(self, hit: Hit, status: int, length: int, content_type: str, extra=None) -> None:
        hit.status = status
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def _send(self, hit: Hit, status: int, body: bytes, content_type: str, extra=None) -> None:
        self._head(hit, status, len(body), content_type, extra)
        self.wfile.write(body)
        self.wfile.flush()
        hit.complete = status == 200
