"""The `vraagbaak` command's arguments: every subcommand and option, with its Dutch
description and default. The commands themselves are in search.cli."""

from __future__ import annotations

import argparse
from pathlib import Path

from index.analysis.chain import STEMMERS
from search import config
from search.cli_text import DutchArgumentParser, whole_number
from search.engine import MAX_LIMIT, SORTS

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
    add("query", metavar="ZOEKVRAAG", help=f"wat u zoekt: {QUERY_SYNTAX}")
    add(
        "--party",
        action="append",
        default=[],
        metavar="PARTIJ",
        help="alleen vragen van deze partij (herhaalbaar; aliassen zoals GL-PvdA mogen)",
    )
    add(
        "--document",
        metavar="DOCUMENT",
        help="alleen in dit document (het id dat vraagbaak documents toont)",
    )
    add(
        "--sort",
        choices=SORTS,
        default=SORTS[0],
        help="volgorde: relevantie, of datum met de nieuwste eerst (standaard: relevantie)",
    )
    add(
        "--limit",
        type=whole_number("--limit", 1, MAX_LIMIT),
        default=10,
        metavar="AANTAL",
        help=f"hoeveel resultaten, 1 tot en met {MAX_LIMIT} (standaard 10)",
    )
    add(
        "--offset",
        type=whole_number("--offset", 0),
        default=0,
        metavar="AANTAL",
        help="hoeveel resultaten overslaan, om verder te bladeren (standaard 0)",
    )
    add("--json", action="store_true", help="uitvoer als JSON (de velden staan in de README)")
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
    # Read by the serve command, which owns the port's rule (search.web.server.parse_port).
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
