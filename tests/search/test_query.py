"""Query checking on its own: every malformed form gets a Dutch message naming the problem."""

from __future__ import annotations

import pytest

from search.query import QuerySyntaxError, check_syntax, translate_operators


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NIET", "Na NIET ontbreekt een zoekterm"),
        ("NOT", "Na NOT ontbreekt een zoekterm"),
        ("navo OF", "Na OF ontbreekt een zoekterm"),
        ("OF navo", "Voor OF ontbreekt een zoekterm"),
        ("navo OR OR nato", "Na OR ontbreekt een zoekterm"),
        ('"open zin', "aanhalingsteken"),
        ("(navo", "sluithaakje"),
        ("navo)", "zonder openingshaakje"),
        ("*vloot", "niet met * of ? beginnen"),
        ("?loot", "niet met * of ? beginnen"),
        ("", "Geef een zoekterm op"),
        ("x" * 501, "te lang"),
    ],
)
def test_malformed_queries_are_explained(text, message):
    with pytest.raises(QuerySyntaxError, match=message.replace("*", r"\*").replace("?", r"\?")):
        check_syntax(text)


@pytest.mark.parametrize(
    "text",
    ["navo", '"motie Klaver"', "drone*", "navo OF nato", "Groenland NIET Denemarken",
     "(navo OR nato) AND drone", '"NIET" navo', '"motie Klaver" OF navo',
     'navo NIET "militaire mobiliteit"', '("a b" OR c)', "x" * 500],
)  # fmt: skip
def test_well_formed_queries_pass(text):
    check_syntax(text)


def test_dutch_operators_translate_outside_quotes_only():
    assert translate_operators('navo OF nato NIET "OF en NIET"') == 'navo OR nato NOT "OF en NIET"'
    assert translate_operators("Oekraïne EN Rusland") == "Oekraïne AND Rusland"
    assert translate_operators("ofwel niet of") == "ofwel niet of"  # lower case: plain words
