"""Query checking on its own: every malformed form gets a Dutch message naming the problem."""

from __future__ import annotations

import pytest

from search.query import QuerySyntaxError, check_syntax, translate_operators


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("NIET", "Na NIET ontbreekt een zoekterm"),
        ("NOT", "Na NOT ontbreekt een zoekterm"),
        ("navo OF", "Na OF ontbreekt een zoekterm"),
        ("OF navo", "Voor OF ontbreekt een zoekterm"),
        ("navo OR OR nato", "Na OR ontbreekt een zoekterm"),
        ('"open zin', "aanhalingsteken"),
        ("(navo", "sluithaakje"),
        ("navo)", "zonder openingshaakje"),
        ("*vloot", "niet met * of ? beginnen"),
        ("?loot", "niet met * of ? beginnen"),
        ("", "Geef een zoekterm op"),
        ("x" * 501, "te lang"),
    ],
)
def test_malformed_queries_are_explained(text, message):
    with pytest.raises(QuerySyntaxError, match=message.replace("*", r"\*").replace("?", r"\?")):
        check_syntax(text)


@pytest.mark.parametrize(
    "text",
    ["navo", '"motie Klaver"', "drone*", "navo OF nato", "Groenland NIET Denemarken",
     "(navo OR nato) AND drone", '"NIET" navo', '"motie Klaver" OF navo',
     'navo NIET "militaire mobiliteit"', '("a b" OR c)', "x" * 500],
)  # fmt: skip
def test_well_formed_queries_pass(text):
    check_syntax(text)


def test_dutch_operators_translate_outside_quotes_only():
    assert translate_operators('navo OF nato NIET "OF en NIET"') == 'navo OR nato NOT "OF en NIET"'
    assert translate_operators("Oekraïne EN Rusland") == "Oekraïne AND Rusland"
    assert translate_operators("ofwel niet of") == "ofwel niet of"  # lower case: plain words


def _leaves(query) -> list:
    return [
        (type(q).__name__, q.fieldname, getattr(q, "text", None), q.boost) for q in query.leaves()
    ]


def test_a_typed_caret_is_no_weight():
    from index.schema import build_schema
    from search.query import make_parser, parse_query

    parser = make_parser(build_schema())
    weighed = parse_query(parser, "NAVO^5 drone").query
    assert all(boost == 1.0 for *_, boost in _leaves(weighed))


def test_an_alternative_with_the_typed_form_s_stem_is_left_out():
    from index.schema import build_schema
    from search.query import make_parser, parse_query

    parser = make_parser(build_schema())
    # "drones" (a synonym of "drone") has the same stem, "drone": only its unstemmed form,
    # in the exact field, is added.
    leaves = _leaves(parse_query(parser, "drone", expand=True).query)
    assert ("Term", "answer", "drone", 1.0) in leaves
    assert [leaf for leaf in leaves if leaf[:3] == ("Term", "answer", "drone")] == [
        ("Term", "answer", "drone", 1.0)
    ]
    assert ("Term", "exact", "drones", 0.5) in leaves


@pytest.mark.parametrize(
    "text",
    [
        "Veenshoven",
        '(Veenshoven OR "veens hoven"^0.5)',
        "(drone OR (drones OR uav^0.5)^0.5) AND munitie",
        '"drone"',
        '"militaire mobiliteit" OR NAVO',
        "munitie NOT drones",
        "NOT munitie",
        "drone ANDMAYBE munitie",
        "(a AND b)^2 OR c",
        "lucht*^3 OR Groenland",
        "((MQ-9))",
    ],
)
def test_normalized_equals_whoosh_s_normalize(text):
    from index.schema import build_schema
    from search.normalize import normalized
    from search.query import make_parser

    parser = make_parser(build_schema())
    expected = parser.parse(text)  # Whoosh's parser normalizes what it made
    found = normalized(parser.parse(text, normalize=False))
    assert found == expected and repr(found) == repr(expected)


@pytest.mark.parametrize(
    "text",
    [
        "bekend gepubliceerde",
        '"militaire mobiliteit"~3 OR (NAVO AND drone*)',
        "'drone munitie' NOT Rusland",
        "drone ANDMAYBE munitie REQUIRE F-35",
        "x ANDNOT y^0.5",
        "a*:* lucht?verdediging",
        "zo'n 3,5 miljard MQ-9’s",
    ],
)
def test_tagging_equals_whoosh_s(text):
    from whoosh import qparser

    from index.schema import build_schema
    from search.query import make_parser

    parser = make_parser(build_schema())
    found, expected = parser.tag(text), qparser.QueryParser.tag(parser, text)
    assert repr(found) == repr(expected)
    assert [(n.startchar, n.endchar) for n in found] == [(n.startchar, n.endchar) for n in expected]


def test_a_fixed_parser_keeps_its_taggers_and_filters():
    """Whoosh asks every plugin for them and sorts them on every parse; a fixed parser
    gives the lists it made once, equal to Whoosh's."""
    from whoosh import qparser

    from index.schema import build_schema
    from search.query import make_parser

    parser = make_parser(build_schema())
    assert parser.filters() is parser.filters()
    assert parser.filters() == qparser.QueryParser.filters(parser)
    assert parser.taggers() is parser.taggers()
    # A plugin makes new taggers on every call: the same kinds, with the same expressions.
    assert [(type(t), t.expr.pattern) for t in parser.taggers()] == [
        (type(t), t.expr.pattern) for t in qparser.QueryParser.taggers(parser)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Veenshoven",
        '(Veenshoven OR "veens hoven"^0.5)',
        "(drone OR (drones OR uav^0.5)^0.5) AND munitie",
        "steun voor Oekraïne",  # stopwords: in the stemmed fields no term
        '"steun aan Oekraïne"',
        "begrotingssteun defensie-industrie",
        "MQ-9’s zo'n 3,5 miljard",
        "36045-243 OR kst-36045-243",
        "Kostić Van der Lee",
        "drone*^0.5 OR dr?ne",
        "Oekraïne NIET drone",
        "drone ANDMAYBE munitie REQUIRE F-35",
        "x ANDNOT y^0.5",
        "de het een",
    ],
)
def test_the_parse_equals_whoosh_s_multifield_parse(text):
    """The parser's own multifield copies and its analysis once per analyzer make the
    query Whoosh's MultifieldPlugin and term_query make."""
    from whoosh import qparser

    from index.schema import SEARCH_FIELDS, build_schema
    from search.query import make_parser

    schema = build_schema()
    whoosh = qparser.QueryParser(None, schema, group=qparser.AndGroup)
    whoosh.add_plugin(qparser.MultifieldPlugin(list(SEARCH_FIELDS)))
    whoosh.remove_plugin_class(qparser.FieldsPlugin)
    whoosh.remove_plugin_class(qparser.RangePlugin)
    found, expected = make_parser(schema).parse(text), whoosh.parse(text)
    assert found == expected and repr(found) == repr(expected)
