"""The `vraagbaak` command: ingest, search, documents, serve.

Every failure a user can cause ends in one line naming the problem and a
non-zero exit status; no traceback reaches the terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from index.analysis.chain import STEMMERS
from index.sync import sync_index
from ingest import IngestReport, iter_documents, load
from search import config
from search.engine import SearchEngine, SearchResult
from search.terminal import ProgressBar, render_hit_text, render_summary

EXIT_USAGE = 2


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vraagbaak",
        description="Zoeken in antwoorden van de minister van Defensie op Kamervragen.",
    )
    parser.add_argument(
        "--index", type=Path, help=f"indexmap (standaard ${config.INDEX_ENV} of instance/index)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT")
    _add_ingest(commands)
    _add_search(commands)
    documents = commands.add_parser("documents", help="wat er in de index staat")
    documents.add_argument("--json", action="store_true", help="uitvoer als JSON")
    serve = commands.add_parser("serve", help="de zoeksite starten")
    serve.add_argument("--host", default="127.0.0.1", help="adres (standaard 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="poort (standaard 8000)")
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="serverprocessen (standaard: één per processorkern; 1 = waitress in dit proces)",
    )
    return parser


def _add_ingest(commands: argparse._SubParsersAction) -> None:
    ingest = commands.add_parser("ingest", help="documenten inlezen en indexeren")
    ingest.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="bestanden of mappen (standaard: het meegeleverde corpus)",
    )
    ingest.add_argument(
        "--stemmer", choices=STEMMERS, default=None, help="Nederlandse stemmer (standaard kp)"
    )
    ingest.add_argument(
        "--prune", action="store_true", help="documenten verwijderen waarvan het bestand weg is"
    )
    ingest.add_argument("--rebuild", action="store_true", help="de index geheel opnieuw bouwen")
    ingest.add_argument(
        "--procs",
        type=int,
        default=1,
        help="processen (standaard 1); vanaf 2 lezen N-1 hulpprocessen de bestanden "
        "terwijl dit proces indexeert",
    )


def _add_search(commands: argparse._SubParsersAction) -> None:
    search = commands.add_parser("search", help="zoeken")
    search.add_argument("query")
    search.add_argument(
        "--party",
        action="append",
        default=[],
        help="filter op partij (herhaalbaar; aliassen zoals GL-PvdA mogen)",
    )
    search.add_argument("--document", help="alleen in dit document")
    search.add_argument("--sort", choices=("relevantie", "datum"), default="relevantie")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("--offset", type=int, default=0)
    search.add_argument("--json", action="store_true", help="uitvoer als JSON")
    search.add_argument(
        "--exact",
        action="store_true",
        help="exact zoeken: geen synoniemen/afkortingen en geen delen van samenstellingen",
    )


def _engine(args: argparse.Namespace) -> SearchEngine:
    engine = SearchEngine(args.index or config.index_dir())
    if not engine.is_ready():
        raise CommandError(f"Er is nog geen index in {engine.root}. Bouw hem met: vraagbaak ingest")
    if not engine.stats()["documents"]:
        raise CommandError(
            f"De index in {engine.root} is leeg. Vul hem met: vraagbaak ingest [BESTAND of MAP]"
        )
    return engine


def cmd_search(args: argparse.Namespace) -> int:
    engine = _engine(args)
    result: SearchResult = engine.search(
        args.query,
        parties=args.party,
        document=args.document,
        sort=args.sort,
        limit=args.limit,
        offset=args.offset,
        expand=not args.exact,
    )
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    color = sys.stdout.isatty()
    if result.total == 0:
        print(f"Geen resultaten voor: {result.query}")
        if result.expansions:
            print("Ook gezocht op: " + ", ".join(result.expansions))
        if result.suggestion:
            print(f"Bedoelde u: {result.suggestion}?")
        return 0
    shown = f"{result.offset + 1}–{result.offset + len(result.hits)}"
    print(f"{result.total} resultaten voor {result.query!r} (getoond: {shown})")
    if result.expansions:
        print("Ook gezocht op: " + ", ".join(result.expansions))
    if result.suggestion:
        print(f"Bedoelde u: {result.suggestion}?")
    print("Per partij: " + ", ".join(f"{p} {n}" for p, n in result.facets["party"].items()))
    for hit in result.hits:
        print()
        print(render_hit_text(hit, color=color))
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    engine = _engine(args)
    rows = [
        {
            key: doc.get(key)
            for key in (
                "id",
                "date",
                "subject",
                "source",
                "layout",
                "questions",
                "parties",
                "warnings",
            )
        }
        for doc in engine.documents()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(
            f"{row['id']}\t{row['date'] or '-'}\t{row['questions']} vragen\t{row['layout']}\t"
            f"{row['subject'] or Path(row['source']).name}"
        )
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    if args.procs < 1:
        raise CommandError(f"--procs moet minstens 1 zijn (gegeven: {args.procs}).")
    paths = args.paths or [config.BUNDLED_CORPUS]
    report = IngestReport()
    on_terminal = sys.stderr.isatty()
    reading = ProgressBar("Inlezen") if on_terminal else None
    documents = iter_documents(paths, report, procs=args.procs, progress=reading)
    summary = sync_index(
        documents,
        args.index or config.index_dir(),
        stemmer=args.stemmer,
        prune=args.prune,
        rebuild=args.rebuild,
        progress=ProgressBar("Indexeren") if on_terminal else None,
    )
    if reading is not None:
        reading.close()
    print(render_summary(summary, warnings=report.warnings))
    read = summary.added or summary.replaced or summary.unchanged
    if not read and not summary.removed:
        print("vraagbaak: geen enkel document ingelezen", file=sys.stderr)
        return 1
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    # Imported here: the other commands should not pay for loading Flask and the servers.
    from search.web import server

    root = args.index or config.index_dir()
    if not SearchEngine(root).is_ready():
        # A first start should show a working site, so build from the bundled corpus.
        print(f"Nog geen index in {root}; het meegeleverde corpus wordt ingelezen.", flush=True)
        sync_index(load([config.BUNDLED_CORPUS]).documents, root)
    workers = args.workers if args.workers is not None else server.default_workers()
    if workers < 1:
        raise CommandError(f"--workers moet minstens 1 zijn (gegeven: {workers}).")
    try:
        server.check_port(args.host, args.port)
    except server.PortInUseError as error:
        raise CommandError(str(error)) from error
    print(f"Vraagbaak draait op http://{args.host}:{args.port}/", flush=True)
    server.serve({"INDEX_DIR": root}, args.host, args.port, workers)
    return 0


COMMANDS = {
    "search": cmd_search,
    "documents": cmd_documents,
    "ingest": cmd_ingest,
    "serve": cmd_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (CommandError, ValueError, LookupError) as error:
        print(f"vraagbaak: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("vraagbaak: afgebroken", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: one line, never a traceback
        print(f"vraagbaak: onverwachte fout ({type(error).__name__}): {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
