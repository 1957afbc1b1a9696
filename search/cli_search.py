"""`vraagbaak search` (text, JSON, CSV, NDJSON) and `vraagbaak documents`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from search import config
from search.cli_common import CommandError, print_json, say
from search.dutch import counted
from search.engine import SearchEngine, SearchResult
from search.filters import Filters
from search.labels import layout_name
from search.terminal import escape_controls, output_width, render_hit_text


def open_engine(args: argparse.Namespace) -> SearchEngine:
    engine = SearchEngine(args.index or config.index_dir())
    if not engine.is_ready():
        raise CommandError(f"Er is nog geen index in {engine.root}. Bouw hem met: vraagbaak ingest")
    notice = engine.recovery_notice()
    if notice is not None:
        say(f"vraagbaak: {notice}", file=sys.stderr)
    if not engine.stats()["documents"]:
        raise CommandError(
            f"De index in {engine.root} is leeg. Vul hem met: vraagbaak ingest [BESTAND of MAP]"
        )
    return engine


def cmd_search(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    filters = _search_filters(args)
    if args.format in ("csv", "ndjson"):
        return _export(engine, args, filters)
    result: SearchResult = engine.search(
        args.query,
        document=args.document,
        sort=args.sort,
        limit=args.limit,
        offset=args.offset,
        expand=not args.exact,
        filters=filters,
        like=args.like,
    )
    if args.format == "json":
        print_json(result.to_json())
        return 0
    color, width = sys.stdout.isatty(), output_width()
    about = f" voor {result.query!r}" if result.query else " met deze filters"
    if result.total == 0:
        say(f"Geen resultaten{about}.")
        _print_alternatives(result)
        return 0
    found = f"{counted(result.total, 'resultaat', 'resultaten')}{about}"
    if not result.hits:
        say(f"{found}; na plaats {result.offset} zijn er geen meer "
            f"(--offset kan 0 tot en met {result.total - 1} zijn).")  # fmt: skip
        return 0
    say(f"{found} ({_shown(result)})")
    _print_alternatives(result)
    for name, label in FACET_LINES.items():
        if counts := result.facets.get(name):
            say(f"{label}: " + ", ".join(f"{v} {n}" for v, n in list(counts.items())[:FACET_SHOWN]))
    for hit in result.hits:
        print()
        print(render_hit_text(hit, color=color, width=width))
    return 0


# The facets the text output lists, each with its FACET_SHOWN largest counts.
FACET_LINES = {
    "party": "Per partij",
    "ministry": "Per ministerie",
    "member": "Per Kamerlid",
    "year": "Per jaar",
}

FACET_SHOWN = 8


def _search_filters(args: argparse.Namespace) -> Filters:
    values = {"party": args.party, "member": args.member, "ministry": args.ministry}
    values["minister"] = args.minister
    return Filters(
        values={name: tuple(given) for name, given in values.items()},
        first_day=args.since,
        last_day=args.until,
        soorten=tuple(args.kind),
    )


def _export(engine: SearchEngine, args: argparse.Namespace, filters: Filters) -> int:
    """Every match as CSV or NDJSON, as the site's /zoeken.csv and /zoeken.ndjson write
    them (their links on the site's address, $VRAAGBAAK_URL): the same code, in a request
    context of the app. Streamed: a chunk of records at a time."""
    from search.web import create_app
    from search.web.export import csv_lines, ndjson_lines, site_links

    if args.document:
        filters = replace(filters, values={**filters.values, "document": (args.document,)})
    app = create_app({"INDEX_DIR": engine.root})
    with app.test_request_context("/", base_url=config.site_url()):
        matches = engine.every_match(
            args.query, filters=filters, sort=args.sort, expand=not args.exact
        )
        write = csv_lines if args.format == "csv" else ndjson_lines
        on_terminal = sys.stdout.isatty()
        for piece in write(matches, site_links()):
            # Data for a file or a pipe as it is; on a terminal, control characters escaped.
            sys.stdout.write(escape_controls(piece, multiline=True) if on_terminal else piece)
    return 0


def _shown(result: SearchResult) -> str:
    """ "getoond: 11–20; meer met --offset 20", "getoond: 27" """
    first, last = result.offset + 1, result.offset + len(result.hits)
    shown = f"getoond: {first}" if first == last else f"getoond: {first}–{last}"
    return shown + (f"; meer met --offset {last}" if last < result.total else "")


def _print_alternatives(result: SearchResult) -> None:
    if result.expansions:
        say("Ook gezocht op: " + ", ".join(result.expansions))
    if result.suggestion:
        say(f"Bedoelde u: {result.suggestion}?")


# What `vraagbaak documents --json` tells of each document: the catalog's own keys, so the
# counts are the ones the site shows (questions by number, records as stored).
DOCUMENT_KEYS = (
    "id",
    "date",
    "subject",
    "source",
    "layout",
    "ministry",
    "minister",
    "questions",
    "records",
    "parties",
    "warnings",
)


def cmd_documents(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    rows = [
        {key: doc.get(key) for key in DOCUMENT_KEYS} | {"soort": layout_name(doc.get("layout"))}
        for doc in engine.documents()
    ]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        questions = counted(row["questions"], "vraag", "vragen")
        fields = [row["id"], row["date"] or "-", questions, row["soort"]]
        fields.append(row["subject"] or Path(row["source"]).name)
        print("\t".join(escape_controls(str(field)) for field in fields))
    return 0
