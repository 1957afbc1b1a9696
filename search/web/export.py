"""Every match of a search as CSV or NDJSON, streamed: `/zoeken.csv?…`, `/zoeken.ndjson?…`.

The parameters are the search page's; the order is the chosen sort. The records are
read and written a chunk at a time (SearchEngine.every_match), so an export of any size
holds one chunk in memory, never the whole list.

CSV for a spreadsheet: UTF-8 with a byte order mark (without one, Excel reads UTF-8 as
Windows-1252), `;` between cells (what Excel expects in a Dutch locale, where `,` is the
decimal comma; LibreOffice asks and offers `;` too), every cell quoted where it holds a
`;`, a quote or a line break. A cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading `'`, so no spreadsheet runs it as a formula (OWASP's
advice against CSV injection). `vraagbaak search --format csv|ndjson` writes the same.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

from flask import Blueprint, Response, request, stream_with_context

from search.engine import AllMatches
from search.names import slug
from search.web.citation import official_url
from search.web.formatting import record_label, record_url
from search.web.params import search_params
from search.web.service import all_matches

bp = Blueprint("export", __name__)

DELIMITER = ";"
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# (NDJSON key, CSV heading): the columns a researcher needs, in order.
COLUMNS = (
    ("document", "document"),
    ("date", "datum"),
    ("numbers", "nummers"),
    ("label", "label"),
    ("soort", "soort"),
    ("parties", "partijen"),
    ("askers", "vragenstellers"),
    ("minister", "bewindspersoon"),
    ("ministry", "ministerie"),
    ("topic", "onderwerp"),
    ("question", "vraag"),
    ("answer", "antwoord"),
    ("official_url", "officiële url"),
    ("url", "vraagbaak-url"),
)


@bp.get("/zoeken.csv", endpoint="csv")
def csv_export() -> Response:
    matches = all_matches(search_params(request.args, require_query=False))
    return _download(csv_lines(matches, site_links()), matches, "csv", "text/csv")


@bp.get("/zoeken.ndjson", endpoint="ndjson")
def ndjson_export() -> Response:
    matches = all_matches(search_params(request.args, require_query=False))
    return _download(ndjson_lines(matches, site_links()), matches, "ndjson", "application/x-ndjson")


def _download(body: Iterator[str], matches: AllMatches, extension: str, mimetype: str) -> Response:
    name = f"vraagbaak-{slug(matches.query)[:60] or 'export'}.{extension}"
    response = Response(stream_with_context(_encoded(body)), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Total-Count"] = str(matches.total)
    return response


def _encoded(body: Iterator[str]) -> Iterator[bytes]:
    for piece in body:
        encoded = piece.encode("utf-8")
        del piece  # not held while the next chunk is read and written
        yield encoded


Links = Callable[[dict[str, Any]], tuple[str | None, str]]


def site_links() -> Links:
    """A record's official URL and its Vraagbaak URL (absolute, on this site's host)."""
    host = request.host_url
    return lambda record: (official_url(record["document"]), urljoin(host, record_url(record)))


def row(record: dict[str, Any], links: Links) -> dict[str, Any]:
    """One record as the export's columns, keyed as NDJSON names them."""
    official, own = links(record)
    values = {
        **{key: record.get(key) for key, _ in COLUMNS},
        "label": record_label(record),
        "official_url": official,
        "url": own,
    }
    return values


def csv_lines(matches: AllMatches, links: Links) -> Iterator[str]:
    """The CSV text a chunk at a time: the byte order mark and the headings first."""
    yield BOM + _csv_text([[heading for _, heading in COLUMNS]])
    for chunk in matches.chunks:
        text = _csv_text([_csv_cells(row(record, links)) for record in chunk])
        chunk.clear()  # the records are written: not held while the next chunk is read
        yield text


def ndjson_lines(matches: AllMatches, links: Links) -> Iterator[str]:
    """One JSON object per line, a chunk of lines at a time."""
    for chunk in matches.chunks:
        lines = (json.dumps(row(record, links), ensure_ascii=False) for record in chunk)
        text = "".join(line + "\n" for line in lines)
        chunk.clear()  # as in csv_lines
        yield text


def _csv_text(rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _csv_cells(values: dict[str, Any]) -> list[str]:
    return [neutralised(_cell(values[key])) for key, _ in COLUMNS]


def _cell(value: Any) -> str:
    """A value as one cell: a list joined with ", ", an asker as "Name (Party)"."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_cell(item) for item in value)
    if isinstance(value, dict):  # an asker
        return f"{value['name']} ({value['party']})" if value.get("party") else value["name"]
    return str(value)


def neutralised(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
