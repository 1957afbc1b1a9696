"""argparse in Dutch: its own msgids matched and rewritten, whole numbers checked."""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

import pytest

from search.cli_text import _MESSAGES, DutchArgumentParser, dutch_message, whole_number


def _argparse_msgids() -> set[str]:
    """Every string argparse passes through gettext (`_(…)`, `ngettext(…)`), from its source."""
    tree = ast.parse(Path(argparse.__file__).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        if called and node.func.id in ("_", "ngettext"):
            found |= {
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            }
    return found


def test_every_msgid_translated_is_one_argparse_uses() -> None:
    # A Python whose argparse words a message differently makes this fail, not the user
    # see English.
    msgids = _argparse_msgids()
    assert len(msgids) > 30
    assert [msgid for msgid, _ in _MESSAGES if msgid not in msgids] == []


@pytest.mark.parametrize(
    ("english", "dutch"),
    [
        ("the following arguments are required: ZOEKVRAAG", "ZOEKVRAAG ontbreekt"),
        ("the following arguments are required: DOCUMENT, NUMMER", "DOCUMENT en NUMMER ontbreken"),
        (
            "argument --sort: invalid choice: 'x' (choose from 'relevantie', 'datum')",
            "--sort: ongeldige keuze 'x' (kies uit 'relevantie', 'datum')",
        ),
        ("argument --limit: expected one argument", "--limit: hier hoort een waarde bij"),
        ("argument --x: expected 2 arguments", "--x: hier horen 2 waarden bij"),
        ("argument --x: expected 1 argument", "--x: hier horen 1 waarde bij"),
        ("unrecognized arguments: --foo bar", "niet begrepen: --foo bar"),
        (
            "ambiguous option: --s could match --since, --source",
            "--s is onduidelijk: dat kan --since of --source zijn",
        ),
        (
            "argument --json: ignored explicit argument 'ja'",
            "--json: hier hoort geen waarde bij (gegeven: 'ja')",
        ),
        ("argument --n: invalid int value: 'x'", "--n: ongeldige waarde 'x'"),
        # A check of ours names the argument itself: it is not named twice.
        ("argument --limit: --limit moet minstens 1 zijn", "--limit moet minstens 1 zijn"),
        ("iets dat argparse niet zegt", "iets dat argparse niet zegt"),
    ],
)
def test_argparse_messages_in_dutch(english: str, dutch: str) -> None:
    assert dutch_message(english) == dutch


@pytest.mark.parametrize(
    ("low", "high", "text", "value"),
    [(1, 100, "1", 1), (1, 100, " 100 ", 100), (0, None, "0", 0), (1, None, "123456", 123456)],
)
def test_whole_numbers_in_range_are_read(low: int, high: int | None, text: str, value: int) -> None:
    assert whole_number("--n", low, high)(text) == value


@pytest.mark.parametrize(
    ("low", "high", "text", "message"),
    [
        (1, 100, "0", "--n moet een getal van 1 tot en met 100 zijn (gegeven: '0')."),
        (1, 100, "101", "--n moet een getal van 1 tot en met 100 zijn (gegeven: '101')."),
        (1, 100, "tien", "--n moet een getal van 1 tot en met 100 zijn (gegeven: 'tien')."),
        (0, None, "-1", "--n moet minstens 0 zijn (gegeven: '-1')."),
        (1, None, "1.5", "--n moet een geheel getal zijn, 1 of meer (gegeven: '1.5')."),
        (1, None, "１", "--n moet een geheel getal zijn, 1 of meer (gegeven: '１')."),
        (1, None, "", "--n moet een geheel getal zijn, 1 of meer (gegeven: '')."),
    ],
)
def test_other_numbers_are_refused_naming_the_range(
    low: int, high: int | None, text: str, message: str
) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        whole_number("--n", low, high)(text)
    assert str(refused.value) == message


def _parser() -> DutchArgumentParser:
    parser = DutchArgumentParser(prog="prog")
    commands = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT")
    sub = commands.add_parser("sub", help="een opdracht")
    sub.add_argument("--aantal", type=whole_number("--aantal", 1, 9), metavar="AANTAL")
    return parser


def test_a_subcommand_parser_is_dutch_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        _parser().parse_args(["sub", "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: prog sub [-h] [--aantal AANTAL]")
    assert "\nopties:\n" in out and "deze uitleg tonen en stoppen" in out


def test_an_error_is_one_line_saying_where_to_read_more(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        _parser().parse_args(["sub", "--aantal", "\x1b[2J"])
    assert done.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "prog: --aantal moet een getal van 1 tot en met 9 zijn (gegeven: '\\x1b[2J'). "
        "Uitleg: prog sub --help\n"
    )


def test_arguments_left_over_are_named_by_the_subcommand(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        _parser().parse_args(["sub", "extra", "--nog"])
    assert capsys.readouterr().err == "prog: niet begrepen: extra --nog. Uitleg: prog sub --help\n"
    # What the user typed reaches the terminal with its control characters escaped.
    with pytest.raises(SystemExit):
        _parser().parse_args(["sub", "\x1b]0;titel\x07"])
    assert "niet begrepen: \\u001b]0;titel\\u0007." in capsys.readouterr().err
