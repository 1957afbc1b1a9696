"""Generic filters and facets (search.filters) through the engine's API, on real letters:
values per filter field, an answer date range, and the party, ministry, member and year
facets, each over the whole query and ignoring its own filter."""

from __future__ import annotations

from datetime import date

import pytest

from search.engine import SearchEngine
from search.filters import Filters, UnknownValueError
from tests.conftest import SAMPLE_ID

EVERYTHING = "NIET qwertyuiop"  # every record: a query that is only a negation
BZK = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"


def documents_of(result) -> set[str]:
    return {hit["document"] for hit in result.hits}


def test_a_ministry_filter_keeps_that_ministry_s_letters(kamervragen: SearchEngine):
    result = kamervragen.search(EVERYTHING, limit=100, filters=Filters({"ministry": (BZK,)}))
    expected = {d["id"] for d in kamervragen.documents() if d["ministry"] == BZK}
    assert documents_of(result) == expected and len(expected) == 3
    assert all(hit["ministry"] == BZK for hit in result.hits)
    assert result.total == sum(d["records"] for d in kamervragen.documents() if d["id"] in expected)


def test_a_minister_and_a_kind_filter(kamervragen: SearchEngine):
    minister = Filters({"minister": ("Minister De Jonge",), "kind": ("question",)})
    result = kamervragen.search(EVERYTHING, limit=100, filters=minister)
    assert result.total > 0 and all(h["minister"] == "Minister De Jonge" for h in result.hits)
    assert all(h["kind"] == "question" for h in result.hits)
    preambles = kamervragen.search(EVERYTHING, limit=100, filters=Filters({"kind": ("preamble",)}))
    assert preambles.total == 7 and documents_of(preambles) == {SAMPLE_ID}


def test_a_member_filter_finds_every_letter_of_that_member(kamervragen: SearchEngine):
    result = kamervragen.search(EVERYTHING, limit=100, filters=Filters({"member": ("Van Nispen",)}))
    assert documents_of(result) == {"ah-tk-20232024-1771", "ah-tk-20232024-1999"}
    assert all("Van Nispen" in [a["name"] for a in hit["askers"]] for hit in result.hits)


def test_values_of_one_filter_are_alternatives_and_filters_combine(kamervragen: SearchEngine):
    both = Filters({"member": ("Keijzer", "Van der Lee")})
    result = kamervragen.search(EVERYTHING, limit=100, filters=both)
    assert documents_of(result) == {"ah-tk-20232024-1292", "ah-tk-20232024-2367"}
    narrowed = Filters({"member": ("Keijzer", "Van der Lee"), "ministry": (BZK,)})
    assert documents_of(kamervragen.search(EVERYTHING, filters=narrowed)) == {"ah-tk-20232024-1292"}


def test_an_answer_date_range_includes_both_ends(kamervragen: SearchEngine):
    dates = {d["id"]: d["date"] for d in kamervragen.documents()}
    june = Filters(first_day=date(2024, 6, 1), last_day=date(2024, 6, 28))
    result = kamervragen.search(EVERYTHING, limit=100, filters=june)
    assert documents_of(result) == {
        d for d, day in dates.items() if "2024-06-01" <= day <= "2024-06-28"
    }
    assert documents_of(result) == {"ah-tk-20232024-1999", "ah-tk-20232024-2129"}  # 7, 28 June
    since = Filters(first_day=date(2026, 1, 1))
    assert documents_of(kamervragen.search(EVERYTHING, limit=100, filters=since)) == {SAMPLE_ID}


def test_each_facet_counts_the_whole_query_and_ignores_its_own_filter(kamervragen: SearchEngine):
    plain = kamervragen.search("Oekraïne OF onderwijs OF huisvesting", limit=1)
    assert set(plain.facets) == {"party", "member", "ministry", "year"}
    assert plain.facets["year"].keys() == {"2026", "2024"}
    assert list(plain.facets["year"]) == sorted(plain.facets["year"], reverse=True)
    chosen = kamervragen.search(
        "Oekraïne OF onderwijs OF huisvesting",
        limit=1,
        filters=Filters({"ministry": (BZK,)}, first_day=date(2024, 1, 1)),
    )
    # The ministry facet ignores the ministry filter, the year facet the date range...
    assert chosen.facets["ministry"] == {
        name: n for name, n in _facet(kamervragen, "ministry", first_day=date(2024, 1, 1)).items()
    }
    assert chosen.facets["year"] == _facet(kamervragen, "year", ministry=BZK)
    # ...and every other facet counts what both filters let through.
    assert sum(chosen.facets["member"].values()) >= chosen.total > 0
    assert set(chosen.facets["party"]) <= {"BBB", "Groep Van Haga", "D66", "GroenLinks-PvdA", "SP"}


def _facet(engine: SearchEngine, name: str, ministry: str | None = None, first_day=None):
    filters = Filters({"ministry": (ministry,)} if ministry else {}, first_day=first_day)
    return engine.search("Oekraïne OF onderwijs OF huisvesting", filters=filters).facets[name]


def test_a_facet_count_is_the_filtered_total(kamervragen: SearchEngine):
    query = "Oekraïne OF onderwijs OF huisvesting OF provincie"
    facets = kamervragen.search(query).facets
    for name in ("party", "member", "ministry"):
        assert facets[name], name
        for value, count in facets[name].items():
            filtered = kamervragen.search(query, filters=Filters({name: (value,)}))
            assert filtered.total == count, (name, value)
    for year, count in facets["year"].items():
        day = Filters(first_day=date(int(year), 1, 1), last_day=date(int(year), 12, 31))
        assert kamervragen.search(query, filters=day).total == count


def test_unknown_values_and_fields_are_refused_in_dutch(kamervragen: SearchEngine):
    with pytest.raises(UnknownValueError, match="Kamerlid"):
        kamervragen.search("drone", filters=Filters({"member": ("Niemand",)}))
    with pytest.raises(ValueError, match="Onbekend filter"):
        kamervragen.search("drone", filters=Filters({"kleur": ("rood",)}))


def test_party_values_in_the_filters_accept_aliases(kamervragen: SearchEngine):
    alias = kamervragen.search("regenboogprovincie", filters=Filters({"party": ("GL-PvdA",)}))
    assert alias.total > 0 and alias.parties == []
    assert (
        alias.total == kamervragen.search("regenboogprovincie", parties=["GroenLinks-PvdA"]).total
    )
