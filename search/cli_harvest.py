"""`vraagbaak harvest`: its arguments checked (in Dutch), the harvest, then the ingest of
what it fetched."""

from __future__ import annotations

import argparse
import math
import re
import sys
from datetime import date
from urllib.parse import urlsplit

from ingest.harvest import Client, HarvestBusy, HarvestOptions, Politeness, harvest, make_scope
from search import config
from search.cli_common import CommandError
from search.cli_ingest import sync_files
from search.terminal import HarvestProgressBar, render_harvest_summary

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
