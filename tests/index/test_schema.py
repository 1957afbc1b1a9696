"""The field table of index.schema and the Whoosh schema built from it."""

from __future__ import annotations

from whoosh import fields

from index import schema


def test_each_field_is_built_with_its_roles() -> None:
    built = schema.build_schema()
    assert sorted(built.names()) == sorted(schema.BY_NAME)
    for spec in schema.FIELDS:
        field = built[spec.name]
        assert bool(field.stored) == spec.stored, spec.name
        if spec.kind == schema.TEXT:
            assert field.format.field_boost == spec.boost > 0, spec.name
            assert field.format.supports("positions") == spec.phrase, spec.name
        else:
            assert not spec.boost and not spec.phrase, spec.name
        if spec.kind == schema.STORED:
            assert isinstance(field, fields.STORED) and not field.indexed


def test_the_roles_fit_together() -> None:
    assert set(schema.PROXIMITY_FIELDS) <= set(schema.PHRASE_FIELDS) <= set(schema.SEARCH_FIELDS)
    assert set(schema.EXPANSION_FIELDS) <= set(schema.SEARCH_FIELDS)
    for name, sources in schema.COPY_FIELDS.items():
        assert name in schema.SEARCH_FIELDS and set(sources) <= set(schema.CONTENT_FIELDS)
    assert schema.BY_NAME[schema.VOCABULARY_FIELD].analyzer == schema.EXACT
    assert all(schema.BY_NAME[name].stored for name in schema.CONTENT_FIELDS)
