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
        ("In reactie op de vragen 1, 10 en 18 kan ik het volgende melden.", []),
    ],
)
def test_find_references(answer, expected):
    assert find_references(answer) == expected


def test_joint_answer_numbers():
    assert find_joint_answers("In reactie op de vragen 1, 10 en 18 van de fracties") == [1, 10, 18]


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


def test_only_ascii_letters_match_vra_ignoring_case():
    # find_references skips answers without "vra" in lower case: that is only exact if
    # no other character matches these letters under re.IGNORECASE.
    import re

    letters = re.compile("[vra]", re.IGNORECASE).fullmatch
    assert [chr(c) for c in range(0x110000) if letters(chr(c))] == list("ARVarv")
