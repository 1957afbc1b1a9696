"""Atom feeds (RFC 4287): follow a search, a kind of document, a member or a ministry.

`/zoeken.atom` takes the search page's parameters; `/soort/<soort>.atom`, and the feeds
of the member and ministry pages (search.web.people), are that feed with one filter. A
feed holds the FEED_ENTRIES newest answers, newest first, an entry per record: its label
and topic (or first sentence) as title, the answer's snippet as content, a link to the
question's page, and an id that never changes (a tag URI, RFC 4151, from the document id
and the record's numbers), `updated` from the answer date.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from typing import Any
from urllib.parse import urlencode, urljoin

from flask import Blueprint, Response, request, url_for

from search.options import NEWEST, RELEVANCE
from search.soorten import UnknownSoortError, canonical_soort
from search.web.errors import NotFoundError
from search.web.facets import soort_label
from search.web.formatting import record_title, record_url
from search.web.params import SearchParams, search_params
from search.web.service import index_stats, resolved, run_search

bp = Blueprint("feeds", __name__)

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
# The tag URIs' authority and date: fixed, so an id stays the same on every host.
TAG = "tag:vraagbaak,2026:"
# Characters XML 1.0 does not allow, which a PDF's text may still hold.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ET.register_namespace("", ATOM)


@bp.get("/zoeken.atom")
def zoeken() -> Response:
    params = search_params(request.args, require_query=False)
    about = f"‘{params.query}’" if params.query else "gefilterde antwoorden"
    return feed_response(params, f"Vraagbaak: {about}")


@bp.get("/soort/<soort>.atom")
def soort(soort: str) -> Response:
    try:
        chosen = canonical_soort(soort)
    except UnknownSoortError as error:
        raise NotFoundError(str(error)) from error
    params = search_params(request.args, require_query=False)
    params = replace(params, soorten=tuple(dict.fromkeys((*params.soorten, chosen))))
    return feed_response(params, f"Vraagbaak: {soort_label(chosen)}")


def feed_response(params: SearchParams, title: str) -> Response:
    """The feed of a search's newest FEED_ENTRIES matches, as application/atom+xml."""
    params = replace(resolved(params), page=1, more=None)
    result, _ = run_search(params, limit=FEED_ENTRIES, sort=NEWEST)
    page_url = urljoin(request.host_url, url_for("pages.zoeken", **params.url_args()))
    body = atom_feed(
        feed_id=TAG + "zoeken?" + _canonical(params),
        title=title,
        self_url=request.url,
        page_url=page_url if params.query or params.filtered else request.host_url,
        hits=result.hits,
        empty_updated=index_stats()["last_date"],
    )
    return Response(body, mimetype="application/atom+xml")


def _canonical(params: SearchParams) -> str:
    """The search's words and filters in one fixed order, for the feed's id: the same
    search asked with its values in another order is the same feed."""
    args = params.url_args(sort=RELEVANCE)
    ordered = {name: sorted(v) if isinstance(v, list) else v for name, v in args.items()}
    return urlencode(ordered, doseq=True)


def atom_feed(
    feed_id: str,
    title: str,
    self_url: str,
    page_url: str,
    hits: list[dict[str, Any]],
    empty_updated: str | None,
) -> bytes:
    """The feed document; `updated` is the newest entry's (without entries: the index's
    newest answer date)."""
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nl"})
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _link(feed, self_url, "self", "application/atom+xml")
    _link(feed, page_url, "alternate", "text/html")
    dates = [hit["date"] for hit in hits if hit["date"]]
    _text(feed, "updated", _timestamp(max(dates) if dates else empty_updated))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "Vraagbaak")
    _text(feed, "generator", "Vraagbaak")
    for hit in hits:
        feed.append(entry(hit))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def entry(hit: dict[str, Any]) -> ET.Element:
    element = ET.Element(f"{{{ATOM}}}entry")
    _text(element, "id", entry_id(hit))
    _text(element, "title", entry_title(hit))
    _link(element, urljoin(request.host_url, record_url(hit)), "alternate", "text/html")
    _text(element, "updated", _timestamp(hit["date"]))
    for name in authors(hit):
        author = ET.SubElement(element, f"{{{ATOM}}}author")
        _text(author, "name", name)
    if hit.get("ministry"):
        ET.SubElement(element, f"{{{ATOM}}}category", {"term": hit["ministry"]})
    # The snippet is escaped by the engine, with only <mark> and <em> added: HTML content.
    _text(element, "content", hit.get("snippet") or "", type="html")
    return element


def entry_id(hit: dict[str, Any]) -> str:
    """The same for a record in every feed and on every request: its document and its
    numbers (a record without numbers: its kind and place in the document)."""
    numbers = ",".join(str(n) for n in hit.get("numbers") or [])
    own = numbers or f"{hit['kind']}-{hit['position']}"
    return f"{TAG}{hit['document']}/{own}"


def entry_title(hit: dict[str, Any]) -> str:
    """ "Vraag 3, 4, 5 en 6: <topic>", else the question's first sentence: as the hit's
    title on the results page."""
    return record_title(hit)


def authors(hit: dict[str, Any]) -> list[str]:
    """The askers with their party; else the asking parties; else the ministry."""
    askers = [
        f"{a['name']} ({a['party']})" if a.get("party") else a["name"]
        for a in hit.get("askers") or []
    ]
    if askers:
        return askers
    if hit.get("parties"):
        return [f"{party}-fractie" for party in hit["parties"]]
    return [hit.get("ministry") or "Vraagbaak"]


def _timestamp(day: str | None) -> str:
    """An answer date as Atom's date-time: midnight UTC of that day."""
    return f"{day or date(1970, 1, 1).isoformat()}T00:00:00Z"


def _text(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    child.text = _NOT_XML.sub("", text)
    return child


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"href": href, "rel": rel, "type": kind})
