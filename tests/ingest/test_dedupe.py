from ingest.dedupe import deduped
from ingest.records import Record


def _q(number, question, answer="A."):
    return Record(document_id="d", numbers=[number], question=question, answer=answer)


def test_same_content_with_other_whitespace_is_one_record():
    kept, notes, _ = deduped([_q(1, "Vraag  een?"), _q(1, "Vraag\neen?"), _q(2, "Twee?")])
    assert [q.number for q in kept] == [1, 2]
    assert notes == []


def test_same_number_other_text_is_a_conflict_note():
    kept, notes, _ = deduped([_q(1, "Een?"), _q(1, "Iets anders?")])
    assert [q.question for q in kept] == ["Een?"]
    assert len(notes) == 1 and "vraag 1" in notes[0]


def _fingerprint(records):
    return deduped(records)[2]


def test_fingerprint_follows_content_not_layout():
    assert _fingerprint([_q(1, "Een?")]) == _fingerprint([_q(1, " een? ")])
    assert _fingerprint([_q(1, "Een?")]) != _fingerprint([_q(1, "Twee?")])


def test_fingerprint_is_of_the_records_kept():
    twice = [_q(1, "Een?"), _q(1, "Een?"), _q(1, "Iets anders?")]
    assert _fingerprint(twice) == _fingerprint([_q(1, "Een?")])


def test_normalise_ignores_every_kind_of_whitespace(sample):
    import re

    from ingest.dedupe import normalise

    texts = ["", None, " a\u00a0\u2003b\n\n\tC \u3000", *(q.answer for q in sample.records)]
    expected = [re.sub(r"\s+", " ", t or "").strip().casefold() for t in texts]
    assert [normalise(t) for t in texts] == expected
