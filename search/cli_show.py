"""`vraagbaak toon`: one question with its answer, whole."""

from __future__ import annotations

import argparse
from typing import Any

from search.cli_common import CommandError, print_json
from search.cli_search import open_engine
from search.dutch import number_ranges
from search.engine import SearchEngine
from search.terminal import output_width, render_question


def cmd_show(args: argparse.Namespace) -> int:
    engine = open_engine(args)
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
