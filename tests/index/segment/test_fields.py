"""The bulk writer's fields, on the real schema: a value field's postings and the
formats the writer refuses before a record is written."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import fields

from index.schema import build_schema
from index.segment.fields import (
    FREQUENCY,
    POSITIONS,
    TextField,
    UnsupportedSchema,
    ValueField,
    kind_of,
)


def test_a_keyword_value_is_numbered_once_and_posted_per_record() -> None:
    party = ValueField("party", build_schema()["party"])
    for docnum, value in enumerate(["PVV", "SP", "PVV", "PVV"]):
        party.add(docnum, value)
    postings = party.take()
    assert party.keys() == [b"PVV", b"SP"]  # a party's name is one term, as written
    assert [party.term_text(t) for t in range(2)] == ["PVV", "SP"]
    assert len(postings) == 4  # one posting per record and value
    assert np.array_equal(np.sort(postings.docs), [0, 1, 2, 3])
    assert not len(party.take())  # taken: nothing pending


def test_a_unique_field_is_not_cached_but_still_numbered() -> None:
    key = ValueField("key", build_schema()["key"])
    assert key.unique
    key.add(0, "a-1")
    key.add(1, "a-1")
    assert len(key.keys()) == 1
    assert key._cache == {}


def test_release_keeps_the_terms_for_the_commit() -> None:
    party = ValueField("party", build_schema()["party"])
    party.add(0, "CDA")
    party.release()
    assert party.keys() and party.numbers == {}


def test_the_schema_text_fields_have_positions_or_frequencies() -> None:
    schema = build_schema()
    kinds = {kind_of(schema[name]) for name in schema.names() if schema[name].indexed}
    assert kinds <= {FREQUENCY, POSITIONS, "existence"}
    assert POSITIONS in kinds


def test_formats_the_codec_cannot_read_back_are_refused() -> None:
    with pytest.raises(UnsupportedSchema, match="opmaak Characters"):
        kind_of(fields.TEXT(chars=True))  # a subclass of Positions, encoded otherwise
    with pytest.raises(UnsupportedSchema, match="posities zonder bulkanalyse"):
        ValueField("body", fields.TEXT())
    with pytest.raises(UnsupportedSchema, match="tekst zonder frequenties"):
        TextField("tags", fields.ID(), table=None, copies=())  # type: ignore[arg-type]
