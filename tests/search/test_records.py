"""A stored record back as the JSON of a hit and of a record, with every field it holds."""

from __future__ import annotations

from search.engine import SearchEngine
from search.records import HIT_FIELDS

RECORD_FIELDS = {"numbers", "label", "askers", "minister", "ministry", "kind", "cites"}
RECORD_FIELDS |= {"parts", "pointer_only"}


def test_a_hit_and_a_record_carry_the_new_fields(kamervragen: SearchEngine) -> None:
    hit = kamervragen.search("regenboogprovincie", limit=1).hits[0]
    assert set(hit) >= RECORD_FIELDS and set(hit) == set(HIT_FIELDS)
    assert hit["askers"] == [
        {"name": "Mutluer", "party": "GroenLinks-PvdA"},
        {"name": "Kostić", "party": "PvdD"},
    ]
    assert hit["minister"] == "Minister Dijkgraaf"
    assert hit["ministry"] == "Ministerie van Onderwijs, Cultuur en Wetenschap"
    joint = kamervragen.question("ah-tk-20232024-1314", 4)
    assert set(joint) >= RECORD_FIELDS
    assert [p["number"] for p in joint["parts"]] == [3, 4, 5]
    assert joint["parts"][1]["label"] == "Vraag 4"
    cited = kamervragen.question("ah-tk-20232024-1999", 1)
    assert cited["cites"] == ["ah-tk-20232024-1292"]


def test_the_pointer_only_flag_is_the_one_ingest_decided(kamervragen, corpus_documents) -> None:
    from tests.conftest import SAMPLE_ID

    by_number = {r.number: r for r in corpus_documents[0].records if r.number}
    for number in (10, 30, 4, 1):
        record = kamervragen.question(SAMPLE_ID, number)
        assert record["pointer_only"] is by_number[number].pointer_only, number
    assert kamervragen.question(SAMPLE_ID, 10)["pointer_only"] is True
