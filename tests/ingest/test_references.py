import pytest

from ingest.records import Record
from ingest.references import find_joint_answers, find_references, link_references


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Zie het antwoord op vraag 1.", [1]),
        ("Zie antwoord op vraag 26.", [26]),
        ("Zie beantwoording vraag 12 voor een toelichting.", [12]),
        ("Hierop wordt in het antwoord op vraag 13 verder ingegaan.", [13]),
        ("Er is nog geen besluit genomen. Zie het antwoord op vraag 15.", [15]),
        ("Daarvoor zie de antwoorden op de vragen 3 en 4.", [3, 4]),
        ("Het antwoord op de vraag of dit kan, is nee.", []),
        # Phrases of real answers that were missed (issue 11):
        ("Inmiddels zijn deze acht netwerken geborgd in de expertisenetwerken (zie vraag 5).", [5]),
        ("Zie ook vraag 8 over de wachttijden.", [8]),
        ("In antwoord 3 is aangegeven hoe de regeling werkt.", [3]),
        (
            "Zoals ik in mijn antwoord op deze vragen en mijn antwoord 4, 5 en 6 heb uiteengezet",
            [4, 5, 6],
        ),
        ("Zoals aangegeven in antwoord op vraag 4 is dat niet het geval.", [4]),
    ],
)
def test_find_references(answer, expected):
    assert find_references(answer, own=[99]) == expected


def test_a_joint_phrase_naming_the_answers_own_question_is_a_joint_answer():
    joint = "In reactie op de vragen 1, 10 en 18 kan ik het volgende melden."
    assert find_references(joint, own=[1]) == []
    assert find_joint_answers(joint, own=[1]) == [10, 18]


def test_a_joint_phrase_naming_only_others_points_to_them():
    # 2168, answer 5: "Zoals aangegeven in antwoord op vraag 4": 5 refers to 4.
    pointing = "Zoals aangegeven in antwoord op vraag 4 wordt dit onderzocht."
    assert find_joint_answers(pointing, own=[5]) == []
    assert find_references(pointing, own=[5]) == [4]
    records = [_q(4, "Dit wordt onderzocht."), _q(5, pointing)]
    link_references(records)
    assert (records[1].refers_to, records[0].referred_by) == ([4], [5])
    assert (records[0].refers_to, records[1].referred_by) == ([], [])


def test_a_number_inside_a_block_links_to_the_block():
    # 2367, answer 7: "mijn antwoord 4, 5 en 6" is the answer to "Vraag 3, 4, 5 en 6".
    block = Record(document_id="d", numbers=[3, 4, 5, 6], answer="Ik kan niet ingaan op …")
    seven = Record(
        document_id="d",
        numbers=[7, 8, 9, 10, 11],
        answer="Zoals ik in mijn antwoord op deze vragen en mijn antwoord 4, 5 en 6 heb "
        "uiteengezet bestaat er een helder wettelijk kader. Kunt u bij antwoord 7 verwijzen?",
    )
    link_references([block, seven])
    assert (seven.refers_to, block.referred_by) == ([3], [7])  # not to itself (7)


def _q(number: int, answer: str) -> Record:
    return Record(document_id="d", numbers=[number], answer=answer)


def test_link_both_ways_without_self_or_unknown_numbers():
    questions = [
        _q(1, "In reactie op de vragen 1, 10 en 18 kan ik melden."),
        _q(2, "Zie het antwoord op vraag 2. Zie ook het antwoord op vraag 99."),
        _q(10, "Zie het antwoord op vraag 1."),
        _q(18, "Eigen tekst."),
    ]
    link_references(questions)
    by_number = {q.number: q for q in questions}
    assert by_number[1].referred_by == [10, 18]
    assert by_number[10].refers_to == [1]
    assert by_number[18].refers_to == [1]
    assert by_number[2].refers_to == []
    assert by_number[1].refers_to == []


def test_reference_sentences_are_cut_as_the_sentence_pattern_cuts_them(sample):
    import re

    from ingest.references import without_reference_sentences

    sentence = re.compile(r"[^.]*\b(?:vraag|vragen)\s+\d+[^.]*\.?", re.IGNORECASE)
    texts = [
        "Zie het antwoord op vraag 1.",
        "Zie vraag 3.5 en verder. Ook VRAGEN 4 en 5. Dat is alles",
        "Geen verwijzing. Wel een devraag 3 die niet telt. Vraag 7",
        "...vraag 2...",
        "",
        *(q.answer for q in sample.records),
    ]
    assert [without_reference_sentences(t) for t in texts] == [sentence.sub(" ", t) for t in texts]


def test_only_ascii_letters_match_vra_and_antwoord_ignoring_case():
    # find_references skips answers without "vra" or "antwoord" in lower case: that is
    # only exact if no other character matches these letters under re.IGNORECASE.
    import re

    letters = re.compile("[vrantwodec]", re.IGNORECASE).fullmatch  # and "reac" for _JOINT
    assert [chr(c) for c in range(0x110000) if letters(chr(c))] == list("ACDENORTVWacdenortvw")
