"""The `vraagbaak` command's arguments: every subcommand and option, with its Dutch
description and default. The commands themselves are in the search.cli_* modules
(search.cli runs the one asked for)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from index.analysis.stemmers import STEMMERS
from search import config
from search.cli_text import DutchArgumentParser, whole_number
from search.options import DATE, MAX_LIMIT, SORTS
from search.soorten import SOORTEN, UnknownSoortError, canonical_soort

QUERY_SYNTAX = (
    'woorden (die allemaal moeten voorkomen), "exacte zin", OF, NIET, voorvoegsel*, haakjes'
)

INDEX_HELP = f"de indexmap (standaard: ${config.INDEX_ENV}, anders instance/index)"

Commands = argparse._SubParsersAction


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="vraagbaak",
        description="Zoeken in de antwoorden van ministers op vragen van de Tweede Kamer.",
    )
    parser.add_argument("--index", type=Path, metavar="MAP", help=INDEX_HELP)
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="OPDRACHT", title="opdrachten"
    )
    _add_ingest(commands)
    _add_harvest(commands)
    _add_search(commands)
    _add_show(commands)
    documents = _command(
        commands,
        "documents",
        "de documenten in de index: id, datum, "
        "aantal vragen, opmaak, onderwerp (één regel per document)",
    )
    documents.add_argument("--json", action="store_true", help="uitvoer als JSON")
    _command(
        commands,
        "check",
        "de index controleren: elk bestand leesbaar, segmenten, zoekarrays en catalogus "
        "in overeenstemming (status 0: in orde)",
    )
    _add_serve(commands)
    return parser


def _command(commands: Commands, name: str, summary: str, **kwargs: object) -> DutchArgumentParser:
    """A subcommand whose one-line summary is also the start of its own --help."""
    description = summary[0].upper() + summary[1:] + "."
    command = commands.add_parser(name, help=summary, description=description, **kwargs)
    # Also after the subcommand, where people put it; not given there, the one before stays.
    command.add_argument(
        "--index", type=Path, metavar="MAP", default=argparse.SUPPRESS, help=INDEX_HELP
    )
    return command


def _add_ingest(commands: Commands) -> None:
    ingest = _command(
        commands,
        "ingest",
        "documenten inlezen en de index bijwerken (toevoegen, vervangen, ongewijzigde overslaan)",
    )
    ingest.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PAD",
        help="bestanden of mappen: .txt, .docx, .pdf, .html, .xml "
        f"(standaard: het meegeleverde corpus in {config.BUNDLED_CORPUS.name}/)",
    )
    ingest.add_argument(
        "--stemmer",
        choices=STEMMERS,
        default=None,
        help="Nederlandse stemmer (standaard: die van de bestaande index, "
        "anders kp; een andere vraagt om --rebuild)",
    )
    ingest.add_argument(
        "--prune",
        action="store_true",
        help="documenten verwijderen waarvan het bestand er niet meer is",
    )
    ingest.add_argument(
        "--rebuild",
        action="store_true",
        help="de index helemaal opnieuw bouwen in plaats van bijwerken",
    )
    ingest.add_argument(
        "--procs",
        type=whole_number("--procs", 1),
        default=1,
        metavar="AANTAL",
        help="processen, minstens 1 (standaard 1); vanaf 2 lezen AANTAL-1 "
        "hulpprocessen de bestanden terwijl dit proces indexeert",
    )


def _add_harvest(commands: Commands) -> None:
    harvest = _command(
        commands,
        "harvest",
        "beantwoorde Kamervragen en Kamerstukken ophalen "
        "bij officielebekendmakingen.nl en indexeren",
    )
    add = harvest.add_argument
    add(
        "--since",
        metavar="JJJJ-MM-DD",
        help="alleen wat vanaf die datum verscheen of wijzigde "
        "(standaard: de datum van de laatste voltooide harvest)",
    )
    add(
        "--until",
        metavar="JJJJ-MM-DD",
        help="alleen wat tot en met die datum verscheen of wijzigde (standaard: tot vandaag)",
    )
    add(
        "--ministry",
        action="append",
        default=[],
        metavar="NAAM",
        help="ministerie (herhaalbaar; 'alle' voor alle; standaard Defensie)",
    )
    add(
        "--kind",
        action="append",
        default=[],
        metavar="SOORT",
        help="kamervragen of kamerstukken (herhaalbaar; standaard beide)",
    )
    add(
        "--source",
        metavar="URL",
        help=f"het SRU 2.0-adres (standaard ${config.SRU_URL_ENV} of {config.DEFAULT_SRU_URL})",
    )
    add(
        "--delay",
        default="1.0",
        metavar="SECONDEN",
        help="seconden tussen twee verzoeken, 0 of meer (standaard 1)",
    )
    add("--query", metavar="CQL", help="deze CQL-zoekvraag in plaats van de samengestelde")
    add("--verbose", action="store_true", help="de CQL-zoekvraag tonen")
    add("--no-ingest", action="store_true", help="alleen ophalen, niet indexeren")


def _add_search(commands: Commands) -> None:
    search = _command(
        commands,
        "search",
        "zoeken: de vragen en antwoorden die het best passen, met de treffers gemarkeerd",
    )
    add = search.add_argument
    add(
        "query",
        nargs="?",
        default=None,
        metavar="ZOEKVRAAG",
        help=f"wat u zoekt: {QUERY_SYNTAX}; mag ontbreken bij een filter (alles wat erdoor komt)",
    )
    add(
        "--party",
        action="append",
        default=[],
        metavar="PARTIJ",
        help="alleen vragen van deze partij (herhaalbaar; aliassen zoals GL-PvdA mogen)",
    )
    add(
        "--member",
        action="append",
        default=[],
        metavar="NAAM",
        help="alleen vragen van dit Kamerlid (herhaalbaar; 'Kostic' vindt Kostić)",
    )
    add(
        "--ministry",
        action="append",
        default=[],
        metavar="NAAM",
        help="alleen antwoorden van dit ministerie (herhaalbaar; 'Defensie', 'BZK' mogen)",
    )
    add(
        "--minister",
        action="append",
        default=[],
        metavar="NAAM",
        help="alleen antwoorden van deze bewindspersoon (herhaalbaar; 'Van Rij' mag)",
    )
    add(
        "--kind",
        action="append",
        default=[],
        type=_soort,
        metavar="SOORT",
        help=f"alleen deze soort document (herhaalbaar): {', '.join(SOORTEN)}",
    )
    add(
        "--since",
        type=_iso_date("--since"),
        metavar="JJJJ-MM-DD",
        help="alleen antwoorden van die datum of later",
    )
    add(
        "--until",
        type=_iso_date("--until"),
        metavar="JJJJ-MM-DD",
        help="alleen antwoorden van die datum of eerder",
    )
    add(
        "--document",
        metavar="DOCUMENT",
        help="alleen in dit document (het id dat vraagbaak documents toont)",
    )
    add(
        "--sort",
        choices=(*SORTS, DATE),
        default=SORTS[0],
        help="volgorde: relevantie, nieuwste of oudste antwoord eerst "
        "(datum: nieuwste; standaard: relevantie)",
    )
    add(
        "--limit",
        type=whole_number("--limit", 1, MAX_LIMIT),
        default=10,
        metavar="AANTAL",
        help=f"hoeveel resultaten, 1 tot en met {MAX_LIMIT} (standaard 10; niet bij csv en ndjson)",
    )
    add(
        "--offset",
        type=whole_number("--offset", 0),
        default=0,
        metavar="AANTAL",
        help="hoeveel resultaten overslaan, om verder te bladeren (standaard 0)",
    )
    add(
        "--format",
        choices=FORMATS,
        default=FORMATS[0],
        help="uitvoer: text (leesbaar), json (de velden staan in de README), of csv en ndjson: "
        "alle treffers, zoals /zoeken.csv en /zoeken.ndjson van de site (standaard: text)",
    )
    add(
        "--json",
        action="store_const",
        dest="format",
        const="json",
        default=argparse.SUPPRESS,
        help="uitvoer als JSON: hetzelfde als --format json",
    )
    add(
        "--exact",
        action="store_true",
        help="exact zoeken: geen synoniemen of afkortingen, geen delen van samenstellingen",
    )
    add(
        "--like",
        action="store_true",
        help="lijkt op: ZOEKVRAAG is een tekst (zoals een conceptvraag); toont de vragen en "
        "antwoorden die er het meest op lijken",
    )


FORMATS = ("text", "json", "csv", "ndjson")
FILTER_OPTIONS = ("party", "member", "ministry", "minister", "kind", "since", "until", "document")


def check_search(parser: DutchArgumentParser, args: argparse.Namespace) -> None:
    """What the search command's arguments must be together: a query or a filter, and a
    date range that is one. Said like argparse's own mistakes (one line, exit 2)."""
    if args.command != "search":
        return
    chosen = parser._chosen_parser(args)
    if args.query is None and not any(getattr(args, name) for name in FILTER_OPTIONS):
        chosen.error("ZOEKVRAAG ontbreekt (of kies een filter, zoals --member of --kind)")
    if args.since and args.until and args.since > args.until:
        chosen.error(f"--since ({args.since}) ligt na --until ({args.until})")


def _iso_date(name: str) -> Callable[[str], date]:
    def parse(text: str) -> date:
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
                return date.fromisoformat(text.strip())
        except ValueError:
            pass
        raise argparse.ArgumentTypeError(
            f"{name} moet een bestaande datum JJJJ-MM-DD zijn (gegeven: {text!r})."
        )

    parse.__name__ = "datum"
    return parse


def _soort(text: str) -> str:
    try:
        return canonical_soort(text)
    except UnknownSoortError as error:
        raise argparse.ArgumentTypeError(f"--kind: {error}") from error


def _add_show(commands: Commands) -> None:
    show = _command(
        commands,
        "toon",
        "één vraag met haar antwoord helemaal tonen, met voetnoten en verwijzingen",
        aliases=["show"],
    )
    show.add_argument(
        "document",
        metavar="DOCUMENT",
        help="het id van het document (zoals vraagbaak documents en search het tonen)",
    )
    show.add_argument(
        "number",
        type=whole_number("NUMMER", 1),
        metavar="NUMMER",
        help="het nummer van de vraag in dat document",
    )
    show.add_argument(
        "--json",
        action="store_true",
        help="uitvoer als JSON, zoals /api/vraag/DOCUMENT/NUMMER van de site",
    )


def _add_serve(commands: Commands) -> None:
    serve = _command(commands, "serve", "de zoeksite starten")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADRES",
        help="adres om op te luisteren (standaard 127.0.0.1: alleen deze machine; "
        "0.0.0.0: ook het netwerk)",
    )
    # Read by the serve command, which owns the port's rule (search.web.address.parse_port).
    serve.add_argument(
        "--port", default="8000", metavar="POORT", help="poort, 1 tot en met 65535 (standaard 8000)"
    )
    serve.add_argument(
        "--workers",
        type=whole_number("--workers", 1),
        default=None,
        metavar="AANTAL",
        help="serverprocessen, minstens 1 (standaard: één per "
        "processorkern; 1: alles in dit proces)",
    )
