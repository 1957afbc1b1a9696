"""Tests for the Dutch analyzer: each filter alone, then the chain in a real RAM index."""

from __future__ import annotations

import pickle
import re

import pytest
from whoosh import highlight
from whoosh.analysis import LowercaseFilter
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.qparser import QueryParser

from index.analysis.chain import (
    DUTCH_STOPWORDS,
    ApostropheFilter,
    DecompoundFilter,
    DutchStemFilter,
    DutchStopFilter,
    FoldFilter,
    HyphenCodeFilter,
    WordTokenizer,
    dutch_analyzer,
    exact_analyzer,
    normalise_code,
    split_segments,
)
from index.analysis.stemmers import STEMMERS


def run(chain, text: str, mode: str = "index") -> list[tuple[str, int, int, int]]:
    """(text, pos, startchar, endchar) per token; tuples, as Whoosh reuses Token objects."""
    tokens = chain(text, positions=True, chars=True, mode=mode)
    return [(t.text, t.pos, t.startchar, t.endchar) for t in tokens]


def texts(chain, text: str, mode: str = "index") -> list[str]:
    return [t for t, _, _, _ in run(chain, text, mode)]


# --- 1. tokenizer -------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    ["MQ-9", "MQ-9’s", "MQ-9's", "F-35", "21501-28", "PURL-mechanisme", "counter-dronesystemen"]
    + ["3,5", "1.000", "e-mail", "auto's", "Oekraïne", "Roemenië", "coördinatie"],
)
def test_tokenizer_keeps_words_whole(word: str) -> None:
    text = f"de {word} hier"
    assert run(WordTokenizer(), text) == [
        ("de", 0, 0, 2),
        (word, 1, 3, 3 + len(word)),
        ("hier", 2, 4 + len(word), 8 + len(word)),
    ]


def test_tokenizer_drops_punctuation_and_loose_hyphens() -> None:
    text = "land- en luchtmacht (RBZ), 1,5%; zie: www.defensie.nl – klaar."
    assert texts(WordTokenizer(), text) == [
        "land", "en", "luchtmacht", "RBZ", "1,5", "zie", "www",
        "defensie", "nl", "klaar",
    ]  # fmt: skip


def test_tokenizer_separator_only_counts_between_digits() -> None:
    assert texts(WordTokenizer(), "in 2026, 3,5 miljard") == ["in", "2026", "3,5", "miljard"]


# --- 2. lowercase (Whoosh's own filter, checked in our chain) --------------------


def test_lowercase_keeps_offsets() -> None:
    chain = WordTokenizer() | LowercaseFilter()
    assert run(chain, "Den Haag") == [("den", 0, 0, 3), ("haag", 1, 4, 8)]


# --- apostrophes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [("mq-9’s", "mq-9"), ("mq-9's", "mq-9"), ("auto's", "auto"), ("zo’n", "zo'n"), ("s", "s")],
)
def test_apostrophe_filter(word: str, expected: str) -> None:
    chain = WordTokenizer() | ApostropheFilter()
    assert run(chain, word) == [(expected, 0, 0, len(word))]


# --- 3 + 4. codes and hyphens ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mq-9", [("mq9", 0, 4)]),
        ("f-16-toestellen", [("f16", 0, 4), ("toestellen", 5, 15)]),
        ("purl-mechanisme", [("purl", 0, 4), ("mechanisme", 5, 15)]),
        ("e-mail", [("e", 0, 1), ("mail", 2, 6)]),
        ("d66-fractie", [("d66", 0, 3), ("fractie", 4, 11)]),
    ],
)
def test_split_segments(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert split_segments(text) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("mq9", "mq9"),
        ("mq9s", "mq9"),
        ("f35s", "f35"),
        ("f35", "f35"),
        ("9s", "9s"),
        ("1990s", "1990s"),
    ]
    + [("drones", "drones"), ("2026", "2026")],
)
def test_normalise_code(code: str, expected: str) -> None:
    assert normalise_code(code) == expected


CODE_CHAIN = WordTokenizer() | LowercaseFilter() | ApostropheFilter() | HyphenCodeFilter()


@pytest.mark.parametrize("spelling", ["MQ-9", "MQ-9s", "MQ-9’s", "MQ-9's", "MQ9", "mq9s"])
@pytest.mark.parametrize("mode", ["index", "query"])
def test_every_code_spelling_is_one_term(spelling: str, mode: str) -> None:
    assert run(CODE_CHAIN, spelling, mode) == [("mq9", 0, 0, len(spelling))]


@pytest.mark.parametrize("spelling", ["F-35", "F35", "F-35s", "f-35’s"])
def test_f35(spelling: str) -> None:
    assert texts(CODE_CHAIN, spelling) == ["f35"]


def test_digit_compounds_stay_whole() -> None:
    assert run(CODE_CHAIN, "kamerstuk 21501-28") == [
        ("kamerstuk", 0, 0, 9),
        ("21501-28", 1, 10, 18),
    ]


def test_hyphenated_word_index_mode_parts_share_the_position() -> None:
    assert run(CODE_CHAIN, "het PURL-mechanisme werkt") == [
        ("het", 0, 0, 3),
        ("purlmechanisme", 1, 4, 19),
        ("purl", 1, 4, 8),
        ("mechanisme", 1, 9, 19),
        ("werkt", 2, 20, 25),
    ]


def test_hyphenated_word_query_mode_emits_only_the_whole() -> None:
    assert run(CODE_CHAIN, "counter-dronesystemen", "query") == [("counterdronesystemen", 0, 0, 21)]


def test_hyphenated_word_with_code_part() -> None:
    assert texts(CODE_CHAIN, "MQ-9-drones") == ["mq9drones", "mq9", "drones"]


# --- 5. diacritics ---------------------------------------------------------------


def test_fold_filter_keeps_offsets() -> None:
    chain = WordTokenizer() | LowercaseFilter() | FoldFilter()
    assert run(chain, "Oekraïne") == [("oekraine", 0, 0, 8)]


# --- 6. stopwords ----------------------------------------------------------------


def test_stoplist_is_whoosh_dutch_list() -> None:
    assert len(DUTCH_STOPWORDS) == 101
    assert {"de", "het", "van", "een"} <= DUTCH_STOPWORDS


def test_stop_filter_removes_and_renumbers() -> None:
    chain = WordTokenizer() | DutchStopFilter()
    assert run(chain, "de inzet van drones") == [("inzet", 0, 3, 8), ("drones", 1, 13, 19)]


def test_stop_filter_keeps_shared_positions() -> None:
    chain = CODE_CHAIN | DutchStopFilter()
    assert [(t, p) for t, p, _, _ in run(chain, "de PURL-mechanisme van het Rijk")] == [
        ("purlmechanisme", 0),
        ("purl", 0),
        ("mechanisme", 0),
        ("rijk", 1),
    ]


def test_stop_filter_honours_removestops_false() -> None:
    tokens = (WordTokenizer() | DutchStopFilter())("de inzet", removestops=False)
    assert [t.text for t in tokens] == ["de", "inzet"]


def test_code_parts_are_not_stopwords() -> None:
    # "de" and "in" are stopwords; as parts of a code they must survive.
    assert texts(dutch_analyzer(), "DE-2 IN-5") == ["de2", "in5"]


def test_decompound_filter_gives_each_part_once_at_the_compounds_position() -> None:
    chain = CODE_CHAIN | DecompoundFilter()
    text = "de begrotingssteun voor defensie-industrieschepen"
    # Words that are no compound yield nothing and leave their position empty (the stop
    # filter after it in compound_analyzer closes the gaps); the parts of a hyphen part
    # that the whole gave already are not given again.
    assert run(chain, text) == [
        ("begroting", 1, 3, 18),
        ("steun", 1, 3, 18),
        ("defensie", 3, 24, 49),
        ("industrie", 3, 24, 49),
        ("schepen", 3, 24, 49),
        ("defensieindustrie", 3, 24, 49),
    ]
    assert texts(chain, text, "query") == [
        "de",
        "begrotingssteun",
        "voor",
        "defensieindustrieschepen",
    ]


# --- 7. stemming -----------------------------------------------------------------


# What each stemmer really does (see the report): True = one stem.
CONFLATIONS = [
    ("drone", "drones", {"kp": True, "nltk": False}),
    ("lening", "leningen", {"kp": True, "nltk": True}),
    ("vredesmissie", "vredesmissies", {"kp": True, "nltk": False}),
    ("dronesysteem", "dronesystemen", {"kp": True, "nltk": True}),
    ("mechanisme", "mechanismen", {"kp": False, "nltk": True}),
    ("oekraine", "oekraines", {"kp": True, "nltk": False}),
    ("wapen", "wapens", {"kp": False, "nltk": False}),
]


@pytest.mark.parametrize("stemmer", STEMMERS)
@pytest.mark.parametrize(("a", "b", "same"), CONFLATIONS)
def test_stemmer_conflations(stemmer: str, a: str, b: str, same: dict[str, bool]) -> None:
    f = DutchStemFilter(stemmer)
    assert (f.stem(a) == f.stem(b)) is same[stemmer]


@pytest.mark.parametrize("stemmer", STEMMERS)
@pytest.mark.parametrize("word", ["mq9", "f35", "21501-28", "3,5", "2026", "a400m", "mindef2026"])
def test_codes_and_numbers_are_not_stemmed(stemmer: str, word: str) -> None:
    assert DutchStemFilter(stemmer).stem(word) == word


@pytest.mark.parametrize("stemmer", STEMMERS)
@pytest.mark.parametrize("pattern", ["lucht*verdediging", "verdedigingen*", "dr?nes"])
def test_wildcard_patterns_are_not_stemmed(stemmer: str, pattern: str) -> None:
    """A query's wildcard pattern keeps its ending: stemmed, lucht*verdediging became
    lucht*verdeed, which no word matches."""
    analyzer = dutch_analyzer(stemmer)
    assert [t.text for t in analyzer(pattern, tokenize=False, mode="query")] == [pattern]


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_word_behind_a_code_is_stemmed(stemmer: str) -> None:
    f = DutchStemFilter(stemmer)
    assert f.stem("f16leveringen") == f.stem("f16levering") == "f16" + f.stem("levering")
    assert f.stem("d66fractie") == "d66" + f.stem("fractie")


def test_unknown_stemmer_names_the_choices() -> None:
    with pytest.raises(ValueError, match="kp, nltk"):
        dutch_analyzer("porter")
    with pytest.raises(ValueError, match="kp, nltk"):
        DutchStemFilter("")


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_stem_filter_pickles_and_compares_without_cache(stemmer: str) -> None:
    f = DutchStemFilter(stemmer)
    f.stem("leningen")  # builds the (unpicklable) stemmer and its cache
    g = pickle.loads(pickle.dumps(f))
    assert g == f and hash(g) == hash(f)
    assert g.stem("leningen") == f.stem("leningen")
    assert DutchStemFilter("kp") != DutchStemFilter("nltk")


def test_a_filter_pickled_with_its_old_cache_size_still_loads() -> None:
    """Indexes made before the stem cache went pickled its size with the filter."""
    old = DutchStemFilter.__new__(DutchStemFilter)
    old.__setstate__({"stemmer": "nltk", "cachesize": 50000})
    assert old == DutchStemFilter("nltk") != DutchStemFilter("kp")
    assert old.stem("vragen") == DutchStemFilter("nltk").stem("vragen") != "vragen"
    assert pickle.loads(pickle.dumps(old)) == old


# --- the whole chain -------------------------------------------------------------


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_folding_happens_before_stemming(stemmer: str) -> None:
    a = dutch_analyzer(stemmer)
    for accented, plain in [("Oekraïne", "Oekraine"), ("coördinatie", "coordinatie")]:
        assert texts(a, accented) == texts(a, plain)


def test_exact_analyzer_keeps_stopwords_and_does_not_stem() -> None:
    assert texts(exact_analyzer(), "De drones in Oekraïne, MQ-9’s") == [
        "de", "drones", "in", "oekraine", "mq9",
    ]  # fmt: skip


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_analyzer_pickles(stemmer: str) -> None:
    a = dutch_analyzer(stemmer)
    texts(a, "leningen")
    b = pickle.loads(pickle.dumps(a))
    assert b == a
    assert texts(b, "leningen drones") == texts(a, "leningen drones")


# --- through a real RAM index ----------------------------------------------------

DOCS = {
    "mq9": "De inzet van MQ-9’s vanuit Roemenië is besproken.",
    "purl": "Nederland draagt bij via het PURL-mechanisme aan Oekraïne.",
    "counter": "Defensie koopt counter-dronesystemen voor de landmacht.",
    "drones": "Er zijn drones waargenomen boven de basis.",
    "leningen": "De leningen aan bondgenoten lopen door.",
    "kamer": "Zie Kamerstuk 21501-28, nr. 300.",
    "fractie": "De leden van de D66-fractie vragen naar F-16-leveringen.",
}


def make_index(stemmer: str):
    schema = Schema(
        id=ID(stored=True),
        body=TEXT(analyzer=dutch_analyzer(stemmer), stored=True),
        exact=TEXT(analyzer=exact_analyzer()),
    )
    storage = RamStorage()
    ix = storage.create_index(schema)
    with ix.writer() as w:
        for key, text in DOCS.items():
            w.add_document(id=key, body=text, exact=text)
    return storage, ix


@pytest.fixture(params=STEMMERS)
def stemmer(request) -> str:
    return request.param


@pytest.fixture
def ram_index(stemmer: str):
    return make_index(stemmer)[1]


def search_ids(ix, query: str, field: str = "body") -> set[str]:
    with ix.searcher() as s:
        q = QueryParser(field, ix.schema).parse(query)
        return {hit["id"] for hit in s.search(q, limit=None)}


QUERIES = [
    ("MQ-9", "mq9"), ("mq9", "mq9"), ("MQ-9’s", "mq9"), ("MQ-9's", "mq9"), ("MQ9s", "mq9"),
    ("Roemenie", "mq9"), ("Roemenië", "mq9"), ("PURL", "purl"), ("mechanisme", "purl"),
    ("PURL-mechanisme", "purl"), ("purlmechanisme", "purl"), ("Oekraine", "purl"),
    ("dronesystemen", "counter"), ("counter-dronesystemen", "counter"),
    ("counterdronesystemen", "counter"), ("counter", "counter"), ("lening", "leningen"),
    ("21501-28", "kamer"), ("D66-fractie", "fractie"), ("F-16", "fractie"),
    ("F16-levering", "fractie"), ("leveringen", "fractie"),
    ('"inzet van MQ-9’s"', "mq9"), ('"het PURL-mechanisme aan"', "purl"),
]  # fmt: skip


@pytest.mark.parametrize(("query", "doc"), QUERIES)
def test_query_finds_document(ram_index, query: str, doc: str) -> None:
    assert doc in search_ids(ram_index, query)


@pytest.mark.parametrize(("query", "doc"), [("MQ-9", "mq9"), ("Roemenie", "mq9"), ("PURL", "purl")])
def test_exact_field_finds_document(ram_index, query: str, doc: str) -> None:
    assert doc in search_ids(ram_index, query, field="exact")


def test_drone_finds_drones_only_with_kp(ram_index, stemmer: str) -> None:
    # NLTK's Porter-style stemmer gives drone → "dron", drones → "drones".
    assert ("drones" in search_ids(ram_index, "drone")) is (stemmer == "kp")


def test_hyphen_query_does_not_match_a_lone_part(ram_index) -> None:
    assert search_ids(ram_index, "PURL-mechanisme") == {"purl"}
    assert "purl" not in search_ids(ram_index, "counter-mechanisme")


def test_schema_survives_reopening(stemmer: str) -> None:
    storage, ix = make_index(stemmer)
    reopened = storage.open_index()
    assert reopened.schema["body"].analyzer == ix.schema["body"].analyzer
    assert "mq9" in search_ids(reopened, "MQ-9’s")


def highlight_body(ix, query: str) -> str:
    with ix.searcher() as s:
        results = s.search(QueryParser("body", ix.schema).parse(query))
        results.formatter = highlight.UppercaseFormatter()
        results.fragmenter = highlight.WholeFragmenter()
        return results[0].highlights("body")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mq9", "De inzet van MQ-9’S vanuit Roemenië is besproken."),
        ("Roemenie", "De inzet van MQ-9’s vanuit ROEMENIË is besproken."),
        ("PURL", "Nederland draagt bij via het PURL-mechanisme aan Oekraïne."),
        ("mechanisme", "Nederland draagt bij via het PURL-MECHANISME aan Oekraïne."),
        ("dronesystemen", "Defensie koopt counter-DRONESYSTEMEN voor de landmacht."),
    ],
)
def test_highlight_marks_original_characters(ram_index, query: str, expected: str) -> None:
    assert highlight_body(ram_index, query) == expected


def highlight_html(ix, query: str) -> str:
    with ix.searcher() as s:
        results = s.search(QueryParser("body", ix.schema).parse(query))
        results.fragmenter = highlight.WholeFragmenter()
        return results[0].highlights("body")


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("MQ-9", ["MQ-9’s"]),
        ("21501-28", ["21501-28"]),
        ("PURL-mechanisme", ["PURL-mechanisme"]),
        # Both parts match: each is marked once, the text is not duplicated.
        ("purl mechanisme", ["PURL", "mechanisme"]),
        ("purl OR purlmechanisme", ["PURL-mechanisme"]),
    ],
)
def test_highlight_html_marks(ram_index, query: str, marked: list[str]) -> None:
    html = highlight_html(ram_index, query)
    assert re.findall(r'<b class="match term\d">(.*?)</b>', html) == marked
    assert re.sub(r"<[^>]+>", "", html) in DOCS.values()
