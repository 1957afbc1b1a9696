"""Dutch wording that does not depend on where it is shown: counted nouns, numbers, lists,
dates. The command line uses it; the pages can, so that "1 resultaat" has one rule."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ingest.metadata import MONTHS as MONTH_NUMBERS

# Month names by number, from the table the ingest parses dates with.
MONTHS = tuple(sorted(MONTH_NUMBERS, key=MONTH_NUMBERS.__getitem__))


def number(value: int) -> str:
    """A whole number as Dutch writes it: a point between thousands from five digits on
    ("9999", "10.000"), as the Taalunie advises."""
    return f"{value:,}".replace(",", ".") if abs(value) >= 10_000 else str(value)


def counted(count: int, singular: str, plural: str) -> str:
    """ "1 resultaat", "2 resultaten", "0 resultaten": Dutch uses the plural for zero."""
    return f"{number(count)} {singular if count == 1 else plural}"


def listed(items: Sequence[object], last: str = "en") -> str:
    """ "3", "3 en 4", "3, 4, 5 en 6": as the letters print a list of question numbers."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


def dutch_date(value: str | None) -> str | None:
    """ "2026-02-10" as "10 februari 2026"; None for no date, anything unparsable as it is."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def number_ranges(numbers: Sequence[int]) -> str:
    """ "1–12", "1–5, 7 en 9–12": sorted whole numbers with their runs as ranges."""
    runs: list[list[int]] = []
    for value in sorted(set(numbers)):
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return listed([f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs])
