"""Dutch wording: counted nouns, numbers, lists, dates, ranges of question numbers."""

from __future__ import annotations

import pytest

from search.dutch import counted, dutch_date, listed, number, number_ranges


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, "0 resultaten"), (1, "1 resultaat"), (2, "2 resultaten"), (12345, "12.345 resultaten")],
)
def test_counted_uses_the_singular_for_one_only(count: int, shown: str) -> None:
    assert counted(count, "resultaat", "resultaten") == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(9999, "9999"), (10000, "10.000"), (1234567, "1.234.567"), (-20000, "-20.000")],
)
def test_thousands_get_a_point_from_five_digits_on(value: int, shown: str) -> None:
    assert number(value) == shown


def test_lists_as_the_letters_print_them() -> None:
    assert listed([]) == "" and listed([3]) == "3" and listed([3, 4]) == "3 en 4"
    assert listed([3, 4, 5, 6]) == "3, 4, 5 en 6"
    assert listed(["--since", "--source"], last="of") == "--since of --source"


def test_dates_in_words() -> None:
    assert dutch_date("2026-02-10") == "10 februari 2026"
    assert dutch_date("2024-08-29") == "29 augustus 2024"
    assert dutch_date(None) is None and dutch_date("") is None
    assert dutch_date("ergens in 2024") == "ergens in 2024"


def test_number_ranges_join_runs() -> None:
    assert number_ranges(list(range(1, 42))) == "1–41"
    assert number_ranges([9, 1, 2, 3, 7, 10, 5, 4]) == "1–5, 7 en 9–10"
    assert number_ranges([12]) == "12"
