import pytest

from ingest.records import Question
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


def _q(number: int, answer: str) -> Question:
    return Question(document_id="d", number=number, answer=answer)


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
