"""The `vraagbaak` command: ingest, harvest, search, documents, check, serve.

Every failure a user can cause ends in one line naming the problem and a
non-zero exit status; no traceback reaches the terminal. Text from documents and
file names is printed with its control characters escaped (search.terminal), and
output cut short by a closed pipe (`| head`) ends quietly.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import select
import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from index.check import check_index
from index.store import IndexMissingError, IndexWriteError, has_index
from index.sync import SyncSummary, sync_index
from ingest import IngestReport, iter_documents, load
from ingest.harvest import Client, HarvestBusy, HarvestOptions, Politeness, harvest, make_scope
from search import config
from search.cli_args import build_parser, check_search
from search.dutch import counted, number_ranges
from search.engine import SearchEngine, SearchResult
from search.filters import Filters
from search.labels import layout_name
from search.terminal import (
    HarvestProgressBar,
    ProgressBar,
    escape_controls,
    output_width,
    render_harvest_summary,
    render_hit_text,
    render_question,
    render_summary,
)

EXIT_USAGE = 2
EXIT_PIPE_CLOSED = 141  # what a shell reports for a command ended by SIGPIPE


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit status 2."""


def _engine(args: argparse.Namespace) -> SearchEngine:
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
    engine = _engine(args)
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


def say(line: str, file: TextIO | None = None) -> None:
    """Print one line that may hold text from documents or file names, escaped."""
    print(escape_controls(line), file=file or sys.stdout, flush=True)


def print_json(data: object) -> None:
    # JSON already escapes C0 controls; C1 and bidi controls become \u escapes as well.
    print(escape_controls(json.dumps(data, ensure_ascii=False, indent=2), multiline=True))


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
    engine = _engine(args)
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


def cmd_check(args: argparse.Namespace) -> int:
    report = check_index(args.index or config.index_dir())
    for line in report.lines():
        say(line)
    return 0 if report.sound else 1


def sync_files(
    paths: Sequence[Path],
    index_root: Path,
    stemmer: str | None = None,
    prune: bool = False,
    rebuild: bool = False,
    procs: int = 1,
) -> SyncSummary:
    """Files and folders into the index (add, replace, skip), the summary printed: the one
    path by which both `ingest` and `harvest` index."""
    report = IngestReport()
    on_terminal = sys.stderr.isatty()
    reading = ProgressBar("Inlezen") if on_terminal else None
    documents = iter_documents(paths, report, procs=procs, progress=reading)
    summary = sync_index(
        documents,
        index_root,
        stemmer=stemmer,
        prune=prune,
        rebuild=rebuild,
        progress=ProgressBar("Indexeren") if on_terminal else None,
    )
    if reading is not None:
        reading.close()
    print(render_summary(summary, warnings=report.warnings))
    if report.hidden:
        hidden = counted(len(report.hidden), "verborgen item", "verborgen items")
        print(f"Niet gelezen: {hidden} (naam met een punt).")
    return summary


def cmd_ingest(args: argparse.Namespace) -> int:
    summary = sync_files(
        args.paths or [config.BUNDLED_CORPUS],
        args.index or config.index_dir(),
        stemmer=args.stemmer,
        prune=args.prune,
        rebuild=args.rebuild,
        procs=args.procs,
    )
    read = summary.added or summary.replaced or summary.unchanged
    if not read and not summary.removed:
        say("vraagbaak: geen enkel document ingelezen", file=sys.stderr)
        return 1
    return 0


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_argument(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        if _ISO_DATE.match(value.strip()):
            return date.fromisoformat(value.strip())
    except ValueError:
        pass
    raise CommandError(f"{flag} moet een bestaande datum JJJJ-MM-DD zijn (gegeven: {value!r}).")


def _delay_argument(value: str) -> float:
    try:
        delay = float(value.replace(",", "."))
    except ValueError:
        delay = -1.0
    if not math.isfinite(delay) or delay < 0:
        raise CommandError(
            f"--delay moet een getal van 0 of meer seconden zijn (gegeven: {value!r})."
        )
    return delay


def _harvest_options(args: argparse.Namespace) -> HarvestOptions:
    since = _date_argument(args.since, "--since")
    until = _date_argument(args.until, "--until")
    if since and until and since > until:
        raise CommandError(f"--since ({since}) ligt na --until ({until}).")
    endpoint = args.source or config.sru_url()
    if urlsplit(endpoint).scheme not in ("http", "https") or not urlsplit(endpoint).netloc:
        raise CommandError(f"--source moet een http(s)-adres zijn (gegeven: {endpoint!r}).")
    if args.query is not None and not args.query.strip():
        raise CommandError("--query mag niet leeg zijn.")
    if args.query is not None and (since or until):
        raise CommandError(
            "--since en --until gaan niet samen met --query (zet de datums in de CQL)."
        )
    try:
        scope = make_scope(args.kind, args.ministry)
    except ValueError as error:
        raise CommandError(f"{error}.") from error
    return HarvestOptions(
        endpoint=endpoint,
        archive=config.archive_dir(),
        scope=scope,
        today=date.today(),
        since=since,
        until=until,
        query=args.query.strip() if args.query else None,
    )


def cmd_harvest(args: argparse.Namespace) -> int:
    options = _harvest_options(args)
    client = Client(config.user_agent(), Politeness(delay=_delay_argument(args.delay)))
    bar = HarvestProgressBar() if sys.stderr.isatty() else None
    announce = (lambda query: print(f"CQL: {query}", flush=True)) if args.verbose else None
    try:
        summary = harvest(options, client, progress=bar, announce=announce)
    except HarvestBusy as error:
        print(f"vraagbaak: {error}", file=sys.stderr)
        return 1
    finally:
        if bar is not None:
            bar.close()
    print(render_harvest_summary(summary), flush=True)
    if not args.no_ingest:
        if any(path.is_dir() for path in options.archive.iterdir()):
            print()
            sync_files([options.archive], args.index or config.index_dir())
        else:
            print(f"Het archief {options.archive} bevat nog geen publicaties; niets te indexeren.")
    return 0 if summary.complete else 1


NETWORK_WARNING = (
    "Let op: met --host {host} is de site ook vanaf het netwerk bereikbaar, niet alleen op "
    "deze machine. Alleen hier: --host 127.0.0.1."
)


def cmd_serve(args: argparse.Namespace) -> int:
    # Imported here: the other commands should not pay for loading Flask and the server.
    from search.web import server

    port = server.parse_port(args.port)
    workers = server.default_workers() if args.workers is None else args.workers
    # Bound before anything else: a bad address fails at once, and no other program
    # can take the port between a check and the start.
    with server.listen(args.host, port) as sock:
        root = args.index or config.index_dir()
        if not has_index(root):
            # A first start should show a working site, so build from the bundled corpus;
            # only there: a damaged index is never replaced by the sample.
            say(f"Nog geen index in {root}; het meegeleverde corpus wordt ingelezen.")
            sync_index(load([config.BUNDLED_CORPUS]).documents, root)
        _say_index_state(SearchEngine(root))
        if server.reachable_from_network(sock):
            say(NETWORK_WARNING.format(host=args.host), file=sys.stderr)
        shown = f"[{args.host}]" if ":" in args.host else args.host
        say(f"Vraagbaak draait op http://{shown}:{port}/")
        try:
            server.serve({"INDEX_DIR": root}, sock, workers)
        except server.WorkersFailingError as error:
            say(f"vraagbaak: {error}", file=sys.stderr)
            return 1
    return 0


def _say_index_state(engine: SearchEngine) -> None:
    """What serve must tell before it starts: a fallback, or an index it cannot search
    (the site then answers 503 until an ingest repairs it, without a restart)."""
    try:
        engine.is_ready()
        notice = engine.recovery_notice()
    except IndexMissingError as error:
        notice = f"{error} De site antwoordt tot dan met 503."
    if notice is not None:
        say(f"vraagbaak: {notice}", file=sys.stderr)


def cmd_show(args: argparse.Namespace) -> int:
    engine = _engine(args)
    record = _question(engine, args.document, args.number)
    if args.json:
        print_json(record)
        return 0
    print(render_question(record, width=output_width(), notices=_notices(engine, record)))
    return 0


def _question(engine: SearchEngine, document: str, number: int) -> dict[str, Any]:
    """The record of question `number` (for a number answered inside a block, the block's:
    "Vraag 3, 4, 5 en 6" for 4); CommandError naming what is there when there is none."""
    record = engine.question(document, number)
    if record is not None:
        return record
    entry = engine.document(document)
    if entry is None:
        raise CommandError(
            f"Document {document!r} staat niet in de index (de documenten: vraagbaak documents)."
        )
    # engine.question finds a number answered inside a block ("Vraag 3, 4, 5 en 6" for 4)
    blocks = [r for r in entry["records"] if r["kind"] == "question"]
    numbers = sorted({n for r in blocks for n in r["numbers"]})
    if not numbers:
        raise CommandError(f"Document {document!r} heeft geen genummerde vragen.")
    raise CommandError(
        f"Vraag {number} staat niet in document {document!r}; het heeft "
        f"{'vraag' if len(numbers) == 1 else 'de vragen'} {number_ranges(numbers)}."
    )


def _notices(engine: SearchEngine, record: dict[str, Any]) -> list[dict[str, Any]]:
    """The Mededelingen about a question that has no answer of its own ("de vragen kunnen
    niet binnen de termijn worden beantwoord")."""
    if record.get("answer") or record["kind"] != "question":
        return []
    entry = engine.document(record["document"]) or {"records": []}
    asked = set(record["numbers"])
    return [r for r in entry["records"] if r["kind"] == "mededeling" and asked & set(r["numbers"])]


COMMANDS = {
    "search": cmd_search,
    "toon": cmd_show,
    "show": cmd_show,
    "documents": cmd_documents,
    "check": cmd_check,
    "ingest": cmd_ingest,
    "harvest": cmd_harvest,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        check_search(parser, args)
        status = COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's flush at exit
        return status
    except SystemExit as done:  # --help (0) or a mistake in the arguments, said in Dutch (2)
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    except (CommandError, ValueError, LookupError) as error:
        say(f"vraagbaak: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (IndexMissingError, IndexWriteError) as error:  # damaged, full, read-only
        say(f"vraagbaak: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        say("vraagbaak: afgebroken", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: one line, never a traceback
        if isinstance(error, BrokenPipeError) and _output_closed():
            # The reader (`| head`) has what it wanted; nothing more can reach it, and
            # Python's own flush at exit must not try again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_PIPE_CLOSED
        say(f"vraagbaak: onverwachte fout ({type(error).__name__}): {error}", file=sys.stderr)
        return 1


def _output_closed() -> bool:
    """Whether stdout is a pipe or socket whose reader has gone (poll says POLLERR)."""
    try:
        poller = select.poll()
        poller.register(sys.stdout.fileno(), select.POLLOUT)
    except (AttributeError, OSError, ValueError):
        return False
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


if __name__ == "__main__":
    sys.exit(main())
