"""Related answers on the bundled letter: the more-like-this over the arrays
(search.related) finds the answers that belong together, and the question page's lists."""

from __future__ import annotations

import pytest

from search import related
from search.engine import SearchEngine
from tests.conftest import SAMPLE_ID

# Answers that belong together, found by reading the letter: 10 and 18 answer with 1
# (they point to it), 30 points to 15, 34 continues 2 and 13 continues 4. Each is the
# best match of the other (1's second best is 10, its third 18), as it was for the
# key terms of Whoosh's more-like-this this replaces.
PAIRS = [(1, 10, 1), (1, 18, 3), (10, 1, 1), (18, 1, 1), (15, 30, 1), (30, 15, 1)]
PAIRS += [(2, 34, 1), (4, 13, 1)]


def ranked_like(engine: SearchEngine, number: int) -> list[int | None]:
    """The records most like question `number`'s text, itself left out."""
    live = engine._live()
    docnum = live.record(SAMPLE_ID, number)
    text = related.content(live.stored(docnum))
    found = related.like(live, text, 10, exclude=[docnum])
    return [live.stored(d).get("number") for _, d in found]


@pytest.mark.parametrize(("number", "partner", "within"), PAIRS)
def test_answers_that_belong_together_are_found_together(engine, number, partner, within):
    assert partner in ranked_like(engine, number)[:within]


def test_key_terms_are_significant_words_of_the_text(engine):
    live = engine._live()
    text = related.content(live.stored(live.record(SAMPLE_ID, 1)))
    terms = dict(related.key_terms(live, text))
    assert len(terms) == related.KEY_TERMS and max(terms.values()) == 1.0
    assert {"groenland", "navo"} <= set(terms)
    assert not {"de", "het", "kabinet"} & set(terms)  # stopwords, and words in most records


def test_the_question_page_lists(engine):
    first = engine.question(SAMPLE_ID, 1)
    similar = [r["number"] for r in first["similar"]]
    assert len(similar) == related.SIMILAR_COUNT and 1 not in similar
    assert not {10, 18} & set(similar)  # already listed: they point to 1
    assert [r["number"] for r in first["referred_by_records"]] == [10, 18]
    assert all(r["kind"] == "question" for r in first["similar"])


def test_a_passage_s_compound_parts_are_key_terms_too(kamervragen):
    """ "spaarrekeningen" is in no record; its part "rekening" is (2367: "rekeningen")."""
    live = kamervragen._live()
    terms = dict(related.key_terms(live, "Gluren medewerkers in spaarrekeningen?", in_index=False))
    assert "spaarrekeen" not in terms and "rekeen" in terms


def test_a_pasted_passage_s_rarest_words_count(kamervragen):
    """A word in one record is the most telling word of a pasted passage (of a record's
    own text, a word only it has says nothing about another)."""
    live = kamervragen._live()
    text = "Wat vindt u van de Sinterklaastraditie?"
    # 1292 vraag 2 is the one record with the word ("de oer-Hollandse Sinterklaastraditie").
    assert related.key_terms(live, text, in_index=False)[0] == ("sinterklaastraditie", 1.0)
    assert "sinterklaastraditie" not in dict(related.key_terms(live, text))


def test_similar_questions_match_the_question_alone(engine):
    page = engine.question(SAMPLE_ID, 1)
    questions = [r["number"] for r in page["similar_questions"]]
    assert questions and 1 not in questions and not {10, 18} & set(questions)
    assert all(r["kind"] == "question" for r in page["similar_questions"])
