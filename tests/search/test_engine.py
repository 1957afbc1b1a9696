"""The search API on the bundled corpus: the acceptance queries of the first issue."""

from __future__ import annotations

import pytest

from search.engine import SearchEngine, UnknownPartyError
from search.query import QuerySyntaxError
from tests.conftest import SAMPLE_ID


def numbers(result, kind: str = "question") -> list[int]:
    return [hit["number"] for hit in result.hits if hit["kind"] == kind]


def question_hits(engine: SearchEngine, text: str, **kwargs) -> list[int]:
    return numbers(engine.search(text, limit=50, **kwargs))


@pytest.mark.parametrize("text", ["MQ-9", "MQ-9’s", "MQ-9's", "mq9"])
def test_mq9_questions_21_and_38_rank_above_every_other_question(engine, text):
    result = engine.search(text, limit=50)
    ranked = numbers(result)
    assert ranked[:2] in ([21, 38], [38, 21])
    kinds = [hit["kind"] for hit in result.hits]
    assert "preamble" in kinds, "the SGP preamble mentions MQ-9’s and must be a hit too"
    preamble = next(h for h in result.hits if h["kind"] == "preamble")
    assert preamble["party"] == "SGP" and preamble["number"] is None


def test_mq9_hits_have_the_match_marked_in_the_snippet(engine):
    for hit in engine.search("MQ-9").hits:
        assert "<mark>MQ-9" in hit["snippet"]


def test_purl_finds_question_9_first(engine):
    assert question_hits(engine, "PURL")[0] == 9


def test_groenland_top_five(engine):
    assert set(question_hits(engine, "Groenland")[:5]) == {1, 2, 10, 18, 34}


def test_drone_top_five_includes_plurals_and_compounds(engine):
    assert {4, 13, 17, 32, 39} <= set(question_hits(engine, "drone")[:5])


def test_folded_spelling_finds_the_same_as_the_diacritic_one(engine):
    folded = engine.search("Oekraine", limit=100)
    original = engine.search("Oekraïne", limit=100)
    assert folded.total == original.total > 10
    assert [(h["document"], h["number"]) for h in folded.hits] == [
        (h["document"], h["number"]) for h in original.hits
    ]


def test_motie_klaver_15_and_30_are_the_top_two(engine):
    assert set(question_hits(engine, "motie Klaver")[:2]) == {15, 30}


def test_schaduwvloot_finds_11_first(engine):
    assert question_hits(engine, "schaduwvloot")[0] == 11


def test_party_filter_keeps_only_that_party(engine):
    result = engine.search("MQ-9", parties=["SGP"])
    assert numbers(result) == [38]
    assert all(hit["party"] == "SGP" for hit in result.hits)


def test_party_filter_accepts_aliases(engine):
    assert numbers(engine.search("MQ-9", parties=["GL-PvdA"])) == [21]
    assert numbers(engine.search("MQ-9", parties=["groenlinks/pvda"])) == [21]


def test_unknown_party_lists_the_known_ones(engine):
    with pytest.raises(UnknownPartyError) as error:
        engine.search("MQ-9", parties=["Piratenpartij"])
    assert "Piratenpartij" in str(error.value)
    assert "SGP" in error.value.known and "GroenLinks-PvdA" in error.value.known


def test_facets_count_every_match_not_just_the_page(engine):
    result = engine.search("Oekraïne", limit=1)
    assert len(result.hits) == 1
    counts = result.facets["party"]
    for party, count in counts.items():
        assert engine.search("Oekraïne", parties=[party]).total == count
    assert sum(counts.values()) == result.total  # one party per record in this corpus


def test_facets_ignore_the_party_filter_itself(engine):
    unfiltered = engine.search("MQ-9").facets
    filtered = engine.search("MQ-9", parties=["SGP"]).facets
    assert filtered["party"] == unfiltered["party"] == {"SGP": 2, "GroenLinks-PvdA": 1}
    # The other facets count what the party filter lets through.
    assert unfiltered["year"] == {"2026": 3} and filtered["year"] == {"2026": 2}


def test_paging_walks_through_all_hits_once(engine):
    total = engine.search("NAVO").total
    keys = []
    for offset in range(0, total, 7):
        page = engine.search("NAVO", limit=7, offset=offset)
        keys += [(h["document"], h["number"], h["kind"], h["party"]) for h in page.hits]
    assert len(keys) == total == len(set(keys))


def test_hits_carry_their_related_questions(engine):
    hits = {h["number"]: h for h in engine.search("Groenland", limit=20).hits}
    assert hits[1]["referred_by"] == [10, 18]
    assert hits[10]["refers_to"] == [1]


def test_pointer_only_answer_is_found_through_the_answer_it_points_to(engine):
    # Question 10's own text is about Groenland too; question 36's answer is only
    # "Zie het antwoord op vraag 19." and its question never says "geclassificeerd".
    hits = {h["number"]: h for h in engine.search("geclassificeerd", limit=20).hits}
    assert 19 in hits and 36 in hits
    assert list(hits).index(19) < list(hits).index(36)
    assert "Via het antwoord op vraag 19" in hits[36]["snippet"]


def test_phrase_or_not_and_prefix(engine):
    assert question_hits(engine, '"motie Klaver"')[:2] in ([15, 30], [30, 15])
    either = set(question_hits(engine, "schaduwvloot OR Groenland"))
    assert {11, 1, 2} <= either
    assert set(question_hits(engine, "schaduwvloot OF Groenland")) == either
    without = set(question_hits(engine, "Groenland NOT Denemarken"))
    assert without and 18 not in without  # 18 names Denemarken
    assert set(question_hits(engine, "Groenland NIET Denemarken")) == without
    assert 11 in question_hits(engine, "schaduw*")


def test_date_sort_is_stable_and_complete(engine):
    by_date = engine.search("NAVO", sort="datum", limit=100)
    by_relevance = engine.search("NAVO", limit=100)
    assert by_date.total == by_relevance.total
    positions = [h["number"] for h in by_date.hits if h["kind"] == "question"]
    assert positions == sorted(positions)  # one document: document order


def test_query_that_matches_nothing_says_so_and_suggests(engine):
    result = engine.search("schaduwfloot")
    assert result.total == 0 and result.hits == []
    assert result.suggestion is not None and "schaduwvloot" in result.suggestion


@pytest.mark.parametrize(
    "text",
    ['"open eind', "(NAVO", "NAVO)", "NOT", "NIET", "NAVO NOT", "*loot", "OR NAVO", "", "   "],
)
def test_malformed_queries_raise_a_clear_message(engine, text):
    with pytest.raises(QuerySyntaxError) as error:
        engine.search(text)
    assert len(str(error.value)) > 10


def test_overlong_query_is_refused(engine):
    with pytest.raises(QuerySyntaxError, match="te lang"):
        engine.search("navo " * 200)


@pytest.mark.parametrize("kwargs", [{"limit": 0}, {"limit": 1000}, {"offset": -1}, {"sort": "x"}])
def test_bad_paging_is_a_value_error(engine, kwargs):
    with pytest.raises(ValueError):
        engine.search("NAVO", **kwargs)


def test_question_record_has_related_lists(engine):
    record = engine.question(SAMPLE_ID, 10)
    assert record["refers_to"] == [1]
    assert [r["number"] for r in record["refers_to_records"]] == [1]
    assert "Groenland" in record["refers_to_records"][0]["answer"]
    first = engine.question(SAMPLE_ID, 1)
    assert [r["number"] for r in first["referred_by_records"]] == [10, 18]


def test_similar_answers_never_include_itself_or_a_copy(engine):
    record = engine.question(SAMPLE_ID, 9)
    similar = record["similar"]
    assert 1 <= len(similar) <= 5
    assert 9 not in [r["number"] for r in similar]
    texts = [(r["question"], r["answer"]) for r in similar]
    assert len(set(texts)) == len(texts)


def test_unknown_question_or_document_is_none(engine):
    assert engine.question(SAMPLE_ID, 99) is None
    assert engine.question("nope", 1) is None
    assert engine.document("nope") is None


def test_document_lists_records_in_order(engine):
    document = engine.document(SAMPLE_ID)
    numbered = [r["number"] for r in document["records"] if r["kind"] == "question"]
    assert numbered == list(range(1, 42))
    assert [r["party"] for r in document["records"] if r["kind"] == "preamble"] == [
        "D66", "VVD", "GroenLinks-PvdA", "PVV", "CDA", "SGP", "Groep Markuszower",
    ]  # fmt: skip


def test_stats_describe_the_index(engine):
    stats = engine.stats()
    assert stats["documents"] == 1 and stats["questions"] == 41
    assert stats["first_date"] == stats["last_date"] == "2026-02-10"


def test_similar_answers_leave_out_those_already_linked(engine):
    record = engine.question(SAMPLE_ID, 10)
    assert 1 not in [r["number"] for r in record["similar"]]  # 10 points to 1
    first = engine.question(SAMPLE_ID, 1)
    assert not {10, 18} & {r["number"] for r in first["similar"]}  # they point to 1


# -- people, joint answers and the record's own fields (tests/search/conftest.py) -------


def letters(result) -> list[str]:
    return [hit["document"] for hit in result.hits]


@pytest.mark.parametrize(
    ("name", "document"),
    [
        ("Keijzer", "ah-tk-20232024-1292"),
        ("Kostić", "ah-tk-20232024-1314"),
        ("Kostic", "ah-tk-20232024-1314"),  # diacritics folded
        ('"Van der Lee"', "ah-tk-20232024-2367"),  # a phrase of the name's words
        ("Van der Lee", "ah-tk-20232024-2367"),
        ("Brekelmans", SAMPLE_ID),  # the office-holder
        ("Heinen", "ah-tk-20232024-2367"),  # "Minister Heinen": the name without the office
    ],
)
def test_a_person_finds_the_records_of_that_person(kamervragen, name: str, document: str):
    result = kamervragen.search(name, limit=100)
    assert result.total > 0 and set(letters(result)) == {document}, name
    records = kamervragen.document(document)["records"]
    assert result.total == len(records)


def test_a_person_s_records_rank_by_bm25f_with_the_other_words(kamervragen):
    """Names are one more searched field: the words of the query still decide the order."""
    result = kamervragen.search("Van Nispen bericht", limit=100)
    assert set(letters(result)) <= {"ah-tk-20232024-1771", "ah-tk-20232024-1999"}
    scores = [hit["score"] for hit in result.hits]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1


def test_a_name_is_not_stemmed_or_split(kamervragen):
    """The names' field holds the words as written, folded: no stem ('nisp'), no parts."""
    people = kamervragen._live().arrays.field("people")
    words = set(people.terms())
    assert {"nispen", "van", "der", "lee", "kostic", "keijzer", "brekelmans"} <= words
    assert not {"nisp", "kostić", "minister", "staatssecretaris"} & words
    assert set(letters(kamervragen.search("Lee", limit=100))) == {"ah-tk-20232024-2367"}


def test_any_number_of_a_joint_answer_finds_its_record(kamervragen):
    joint = kamervragen.question("ah-tk-20232024-1314", 3)
    assert joint["numbers"] == [3, 4, 5] and joint["label"] == "Vraag 3, 4 en 5"
    for number in (4, 5):
        assert kamervragen.question("ah-tk-20232024-1314", number) == joint
    assert kamervragen.question("ah-tk-20232024-1314", 7) is None


def test_the_similar_passage_search_takes_any_text_and_filters(kamervragen):
    draft = "Wat doet het kabinet aan de huisvesting van arbeidsmigranten en statushouders?"
    found = kamervragen.similar_to(draft, limit=5)
    assert found and found[0]["document"] == "ah-tk-20232024-1292"
    assert [r["score"] for r in found] == sorted((r["score"] for r in found), reverse=True)
    from search.filters import Filters

    only_sample = kamervragen.similar_to(draft, Filters({"document": (SAMPLE_ID,)}), limit=5)
    assert {r["document"] for r in only_sample} <= {SAMPLE_ID}


def test_find_by_example_has_the_search_s_shape_and_filters(kamervragen):
    draft = (
        "Hoeveel kilo vuurwerk mag een bedrijf midden in een woonwijk opslaan, en wat doet "
        "u om omwonenden te beschermen tegen een explosie?"
    )
    found = kamervragen.search(draft, like=True, limit=5)
    assert found.hits[0]["document"] == "ah-tk-20232024-1771"
    assert set(found.to_json()) == set(kamervragen.search("vuurwerk").to_json())
    assert found.total > len(found.hits) and found.expansions == [] and found.suggestion is None
    scores = [hit["score"] for hit in found.hits]
    assert scores == sorted(scores, reverse=True)
    letter = kamervragen.search(draft, like=True, document=SAMPLE_ID, limit=100)
    assert {hit["document"] for hit in letter.hits} == {SAMPLE_ID} and letter.total
    by_date = kamervragen.search(draft, like=True, sort="datum", limit=100)
    assert by_date.total == found.total


def test_a_pasted_question_always_finds_something(kamervragen):
    """Every question of 25–60 words in the real letters, pasted: never zero hits."""
    letters = [d for d in kamervragen.documents() if d["id"].startswith("ah-")]
    pasted = [
        record["question"]
        for letter in letters
        for record in kamervragen.document(letter["id"])["records"]
        if 25 <= len(record["question"].split()) <= 60
    ]
    assert len(pasted) > 20
    assert all(kamervragen.search(text, like=True).total > 0 for text in pasted)


@pytest.mark.parametrize("text", ["", "   "])
def test_find_by_example_needs_a_text(kamervragen, text):
    with pytest.raises(QuerySyntaxError, match="Geef een tekst op"):
        kamervragen.search(text, like=True)
