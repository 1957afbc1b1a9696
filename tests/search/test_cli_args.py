"""The command's arguments: every one described, every default stated."""

from __future__ import annotations

import argparse

from search.cli_args import build_parser


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found += [p for sub in set(action.choices.values()) for p in _parsers(sub)]
    return found


def test_every_argument_has_a_description_and_states_its_default() -> None:
    parsers = _parsers(build_parser())
    assert {p.prog for p in parsers} >= {
        "vraagbaak",
        *(
            f"vraagbaak {name}"
            for name in ("ingest", "harvest", "search", "toon", "documents", "serve")
        ),
    }
    for parser in parsers:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                assert all(choice.help for choice in action._choices_actions)
                continue
            name = f"{parser.prog} {action.option_strings or action.dest}"
            assert action.help and len(action.help) > 10, name
            default = action.default
            if default not in (None, False, [], argparse.SUPPRESS) or action.dest == "paths":
                assert "standaard" in action.help, name
