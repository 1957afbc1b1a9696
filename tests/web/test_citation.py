"""Citations and official links, in the forms the Kamer and officielebekendmakingen use."""

from __future__ import annotations

import pytest

from search.engine import SearchEngine
from search.web.citation import citation, official_url, publication_name, questions_cited
from tests.conftest import SAMPLE_ID


@pytest.mark.parametrize(
    ("document_id", "name"),
    [
        ("ah-tk-20232024-2367", "Aanhangsel Handelingen II 2023/24, nr. 2367"),
        ("ah-tk-20192020-88", "Aanhangsel Handelingen II 2019/20, nr. 88"),
        ("kst-36592-14", "Kamerstuk 36592, nr. 14"),
        ("kst-36410-XVI-160", "Kamerstuk 36410 XVI, nr. 160"),
        ("kst-36410-VIII-106", "Kamerstuk 36410 VIII, nr. 106"),
        ("kst-21501-28-250", "Kamerstuk 21501-28, nr. 250"),
    ],
)
def test_publication_ids_are_named_as_the_kamer_cites_them(document_id: str, name: str) -> None:
    assert publication_name(document_id) == name
    assert (
        official_url(document_id) == f"https://zoek.officielebekendmakingen.nl/{document_id}.html"
    )


@pytest.mark.parametrize("document_id", [SAMPLE_ID, "kst-", "ah-tk-2023-1", "../etc", ""])
def test_our_own_ids_have_no_official_page(document_id: str) -> None:
    assert publication_name(document_id) is None
    assert official_url(document_id) is None


def test_question_numbers_are_cited_as_ranges() -> None:
    assert questions_cited([12]) == "vraag 12"
    assert questions_cited([3, 4, 5, 6]) == "vragen 3–6"
    assert questions_cited([1, 3, 5, 6, 7]) == "vragen 1, 3 en 5–7"
    assert questions_cited([]) == ""


def test_a_joint_answer_of_an_aanhangsel_is_cited_with_all_its_questions(kamervragen) -> None:
    record = kamervragen.question("ah-tk-20232024-2367", 5)
    assert citation(record, record["document_info"]) == (
        "Aanhangsel Handelingen II 2023/24, nr. 2367, vragen 3–6"
    )


def test_a_letter_is_cited_by_ministry_date_and_kenmerk(engine: SearchEngine) -> None:
    record = engine.question(SAMPLE_ID, 21)
    assert citation(record, record["document_info"]) == (
        "Ministerie van Defensie, brief van 10 februari 2026, kenmerk MINDEF20260007449, vraag 21"
    )
    assert citation({}, record["document_info"]).endswith("kenmerk MINDEF20260007449")
