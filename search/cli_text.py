"""argparse in Dutch: its help, its error messages, and whole-number arguments checked with
a Dutch line naming the argument and the range it allows.

A subclass, not a gettext catalogue. argparse looks its messages up with
`gettext.gettext`: in the process-wide default domain, in the languages the user's
LANGUAGE, LC_ALL or LANG name. A catalogue would have to be bound to that domain and those
variables set for the whole process (and inherited by every program it starts), and a
user with an English or "C" locale would still get English. The subclass changes these
parsers only: the section titles, the usage prefix and `-h` are set where a parser is
made, and the messages argparse formats itself are matched against its own msgids
(below, as its source spells them) and rewritten in Dutch. Where a future Python words a
message differently, it stays English: tests/search/test_cli.py checks every subcommand
for the English phrases, so that shows at once.
"""

from __future__ import annotations

import argparse
import re
import shutil
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

from search.dutch import counted, listed
from search.terminal import MAX_WIDTH, escape_controls

USAGE_PREFIX = "gebruik: "
POSITIONALS_TITLE = "argumenten"
OPTIONALS_TITLE = "opties"
HELP_HELP = "deze uitleg tonen en stoppen"

Fields = dict[str, str]

# argparse's msgids that can reach a user, each with its Dutch. A placeholder "%s" or
# "%r" without a name is called arg0, arg1, … in the order it appears.
_MESSAGES: tuple[tuple[str, Callable[[Fields], str]], ...] = (
    ("argument %(argument_name)s: %(message)s", lambda f: _argument(f)),
    ("the following arguments are required: %s", lambda f: _missing(f["arg0"])),
    ("invalid choice: %(value)r (choose from %(choices)s)",
     lambda f: f"ongeldige keuze {f['value']} (kies uit {f['choices']})"),
    ("invalid %(type)s value: %(value)r", lambda f: f"ongeldige waarde {f['value']}"),
    ("unrecognized arguments: %s", lambda f: f"niet begrepen: {f['arg0']}"),
    ("expected one argument", lambda f: "hier hoort een waarde bij"),
    ("expected at most one argument", lambda f: "hier hoort hoogstens één waarde bij"),
    ("expected at least one argument", lambda f: "hier hoort minstens één waarde bij"),
    ("expected %s argument", lambda f: f"hier horen {_values(f['arg0'])} bij"),
    ("expected %s arguments", lambda f: f"hier horen {_values(f['arg0'])} bij"),
    ("ambiguous option: %(option)s could match %(matches)s",
     lambda f: f"{f['option']} is onduidelijk: dat kan {_alternatives(f['matches'])} zijn"),
    ("ignored explicit argument %r",
     lambda f: f"hier hoort geen waarde bij (gegeven: {f['arg0']})"),
    ("not allowed with argument %s", lambda f: f"gaat niet samen met {f['arg0']}"),
    ("one of the arguments %s is required", lambda f: f"kies een van {f['arg0']}"),
    ("unexpected option string: %s", lambda f: f"onverwachte optie {f['arg0']}"),
    ("unknown parser %(parser_name)r (choices: %(choices)s)",
     lambda f: f"onbekende opdracht {f['parser_name']} (kies uit {f['choices']})"),
    ("can't open '%(filename)s': %(error)s",
     lambda f: f"kan '{f['filename']}' niet openen: {f['error']}"),
)  # fmt: skip
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _pattern(msgid: str) -> re.Pattern[str]:
    """A msgid as a pattern that matches the message formatted from it."""
    pieces, start, unnamed = [], 0, 0
    for match in _PLACEHOLDER.finditer(msgid):
        name = match.group(1)
        if name is None:
            name, unnamed = f"arg{unnamed}", unnamed + 1
        pieces += [re.escape(msgid[start : match.start()]), f"(?P<{name}>.*?)"]
        start = match.end()
    pieces.append(re.escape(msgid[start:]))
    return re.compile("".join(pieces), re.DOTALL)


_CATALOGUE = tuple((_pattern(msgid), dutch) for msgid, dutch in _MESSAGES)


def dutch_message(message: str) -> str:
    """argparse's English `message` in Dutch (as it is when no msgid matches)."""
    for pattern, dutch in _CATALOGUE:
        match = pattern.fullmatch(message)
        if match:
            return dutch(match.groupdict())
    return message


def _argument(fields: Fields) -> str:
    inner = dutch_message(fields["message"])
    name = fields["argument_name"]
    # Our own checks name the argument themselves ("--limit moet …").
    return inner if inner.startswith(name) else f"{name}: {inner}"


def _missing(names: str) -> str:
    missing = names.split(", ")
    return f"{listed(missing)} {'ontbreekt' if len(missing) == 1 else 'ontbreken'}"


def _values(count: str) -> str:
    return counted(int(count), "waarde", "waarden")


def _alternatives(matches: str) -> str:
    options = matches.split(", ")
    return ", ".join(options[:-1]) + f" of {options[-1]}" if len(options) > 1 else matches


class DutchHelpFormatter(argparse.HelpFormatter):
    """argparse's layout, "gebruik:" for "usage:", as wide as the terminal up to MAX_WIDTH."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 28,
                 width: int | None = None) -> None:  # fmt: skip
        if width is None:
            width = min(shutil.get_terminal_size().columns, MAX_WIDTH) - 2
        super().__init__(prog, indent_increment, max_help_position, width)

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class DutchArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are Dutch; its subcommands' parsers too
    (argparse makes them of the parser's own class).

    An error is one line on stderr, exit status 2: the problem, then where to read more.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DutchHelpFormatter)
        kwargs["add_help"] = False  # argparse's own -h says "show this help message and exit"
        super().__init__(*args, **kwargs)
        # Made by argparse's __init__ with English titles; they are only its group titles.
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_HELP)

    def parse_args(
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            # Said by the subcommand's parser, whose --help explains what it does take.
            self._chosen_parser(parsed).error(f"niet begrepen: {' '.join(extras)}")
        return parsed

    def _chosen_parser(self, parsed: argparse.Namespace) -> DutchArgumentParser:
        """The parser of the subcommand chosen in `parsed` (of its subcommand, …)."""
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                chosen = action.choices.get(getattr(parsed, action.dest, None))
                if isinstance(chosen, DutchArgumentParser):
                    return chosen._chosen_parser(parsed)
        return self

    def error(self, message: str) -> NoReturn:
        text = dutch_message(message)
        text += "" if text.endswith(".") else "."
        command = self.prog.split()[0]
        line = f"{command}: {text} Uitleg: {self.prog} --help"
        # A value the user typed can hold control characters; the line is escaped.
        self.exit(2, escape_controls(line) + "\n")


def whole_number(name: str, low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse `type` that reads a whole number from `low` to `high` (None: no upper
    limit), or refuses it with a Dutch line naming `name` and the range."""

    def parse(text: str) -> int:
        digits = text.strip()
        value = int(digits) if re.fullmatch(r"-?[0-9]+", digits) else None
        if high is not None:
            if value is None or not low <= value <= high:
                raise argparse.ArgumentTypeError(
                    f"{name} moet een getal van {low} tot en met {high} zijn (gegeven: {text!r})."
                )
        elif value is None:
            raise argparse.ArgumentTypeError(
                f"{name} moet een geheel getal zijn, {low} of meer (gegeven: {text!r})."
            )
        elif value < low:
            raise argparse.ArgumentTypeError(
                f"{name} moet minstens {low} zijn (gegeven: {text!r})."
            )
        return value

    parse.__name__ = "getal"  # argparse names the type by it in messages it makes itself
    return parse
