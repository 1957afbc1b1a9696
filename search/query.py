"""From what a user typed to a Whoosh query, with a clear Dutch message when it is malformed.

Whoosh's parser never fails: it silently turns `"open` or `NOT` into something.
A search engine should instead say what is wrong, so the query is checked first.
Dutch operators (OF, NIET, EN) are accepted beside OR, NOT, AND.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

from whoosh import qparser
from whoosh.fields import Schema
from whoosh.qparser import syntax
from whoosh.query import NullQuery, Or, Phrase, Query, Term

from index.schema import EXPANSION_FIELDS, PHRASE_FIELDS, PROXIMITY_FIELDS, SEARCH_FIELDS
from search.expand import Known, alternatives, spellings
from search.normalize import normalized

MAX_QUERY_CHARS = 500
# A passage for find by example (a draft question, a paragraph of an answer); its URL
# stays well within what the server reads of a request line (search.web.server).
MAX_PASSAGE_CHARS = 2000
# Words of a plain multi-word query found within this many positions of each
# other score extra (proximity): "motie Klaver" beats a text with both far apart.
PROXIMITY_SLOP = 3
_PLAIN_WORDS = re.compile(r"[^\W_][\w'’.,-]*(?:\s+[^\W_][\w'’.,-]*)+")

_DUTCH_OPERATORS = {"OF": "OR", "NIET": "NOT", "EN": "AND"}
_OPERATOR_WORD = re.compile(r"(?<![\w\"])(OF|NIET|EN)(?![\w\"])")
# Whoosh's parser also knows ANDNOT, ANDMAYBE and REQUIRE between two terms.
_BINARY = ("AND", "OR", "ANDNOT", "ANDMAYBE", "REQUIRE")


class QuerySyntaxError(ValueError):
    """The query cannot be understood; the message says why, in Dutch."""


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # as the user typed it, trimmed
    query: Query
    # Alternatives searched as well: synonyms, compounds written apart or together.
    expansions: list[str] = field(default_factory=list)


def translate_operators(text: str) -> str:
    """OF/NIET/EN in capitals, outside quotes, become OR/NOT/AND."""
    pieces = text.split('"')
    for i in range(0, len(pieces), 2):  # even pieces are outside quotes
        pieces[i] = _OPERATOR_WORD.sub(lambda m: _DUTCH_OPERATORS[m.group(1)], pieces[i])
    return '"'.join(pieces)


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError naming the first problem found in `text`."""
    if not text.strip():
        raise QuerySyntaxError("Geef een zoekterm op.")
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"De zoekvraag is te lang ({len(text)} tekens); het maximum is {MAX_QUERY_CHARS}."
        )
    if text.count('"') % 2:
        raise QuerySyntaxError('Er ontbreekt een aanhalingsteken: een exacte zin staat tussen "…".')
    _check_parentheses(text)
    # A quoted phrase counts as one term: "a b" OR c has a term before OR.
    outside = re.sub(r'"[^"]*"', " zin ", text)
    if re.search(r"(^|[\s(])[*?]", outside):
        raise QuerySyntaxError("Een zoekterm mag niet met * of ? beginnen; gebruik bijv. drone*.")
    _check_operators(outside)


def check_passage(text: str) -> None:
    """Raise QuerySyntaxError when a passage for find by example is empty or too long."""
    if not text.strip():
        raise QuerySyntaxError("Geef een tekst op om vergelijkbare vragen bij te zoeken.")
    if len(text) > MAX_PASSAGE_CHARS:
        raise QuerySyntaxError(
            f"De tekst is te lang ({len(text)} tekens); het maximum is {MAX_PASSAGE_CHARS}."
        )


def _check_parentheses(text: str) -> None:
    depth = 0
    for char in " ".join(text.split('"')[0::2]):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise QuerySyntaxError("Er staat een sluithaakje ) zonder openingshaakje (.")
    if depth:
        raise QuerySyntaxError("Er ontbreekt een sluithaakje ).")


def _check_operators(text: str) -> None:
    """Operators need terms around them; messages name the operator as the user wrote it."""
    words = re.findall(r"\(|\)|[^\s()]+", text)

    def meaning(word: str | None) -> str | None:
        return _DUTCH_OPERATORS.get(word, word) if word else None

    operators = {*_BINARY, "NOT"}
    for i, word in enumerate(words):
        if meaning(word) not in operators:
            continue
        after = meaning(words[i + 1]) if i + 1 < len(words) else None
        before = meaning(words[i - 1]) if i > 0 else None
        if after is None or after in (")", *_BINARY):
            raise QuerySyntaxError(f"Na {word} ontbreekt een zoekterm.")
        if meaning(word) in _BINARY and (before is None or before in ("(", *operators)):
            raise QuerySyntaxError(f"Voor {word} ontbreekt een zoekterm.")
    if words and all(meaning(w) in operators or w in "()" for w in words):
        raise QuerySyntaxError("De zoekvraag bevat alleen operatoren; geef een zoekterm op.")


class SearchParser(qparser.QueryParser):
    """Whoosh's MultifieldParser (a QueryParser with the MultifieldPlugin), its plugins
    fixed once made: Whoosh asks every plugin for its taggers and filters (compiling
    their expressions) and sorts them on every parse, a tenth of a query's fixed cost;
    here that is done once. `near`: the parser of the proximity bonus (`with_proximity`),
    made once with it."""

    def __init__(self, fieldnames: list[str], schema: Schema, **options: object) -> None:
        super().__init__(None, schema, **options)
        self.add_plugin(_MultifieldPlugin(fieldnames))
        self.near: SearchParser | None = None
        self._fixed: dict[str, list] = {}
        # What each analyzer made of each text in the parse under way, per thread: five
        # of the searched fields share the Dutch chain and two the exact one (index.schema).
        self._parse = threading.local()

    def parse(self, text: str, normalize: bool = True, debug: bool = False) -> Query:
        self._parse.analysed = {}
        try:
            return super().parse(text, normalize=normalize, debug=debug)
        finally:
            self._parse.analysed = None

    def term_query(
        self,
        fieldname: str,
        text: str,
        termclass: type,
        boost: float = 1.0,
        tokenize: bool = True,
        removestops: bool = True,
    ) -> Query | None:
        """Whoosh's `term_query`, each analyzer run once per text in a parse: a word was
        analysed once per searched field, though the fields have four analyzers."""
        analysed = getattr(self._parse, "analysed", None)
        if analysed is None or fieldname not in self.schema:
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        field = self.schema[fieldname]
        if field.self_parsing():
            return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)
        # A field's process_text is its analyzer's tokens' texts (whoosh.fields.FieldType).
        key = (id(field.analyzer), text, tokenize, removestops)
        texts = analysed.get(key)
        if texts is None:
            texts = analysed[key] = list(
                field.process_text(text, mode="query", tokenize=tokenize, removestops=removestops)
            )
        if len(texts) > 1:
            return self.multitoken_query(field.multitoken_query, texts, fieldname, termclass, boost)
        return termclass(fieldname, texts[0], boost=boost) if texts else None

    def fix(self) -> SearchParser:
        """No plugin is added or removed after this: its taggers and filters are kept."""
        self._fixed = {name: self._priorized(name) for name in ("taggers", "filters")}
        return self

    def taggers(self) -> list:
        return self._fixed["taggers"] if self._fixed else super().taggers()

    def filters(self) -> list:
        return self._fixed["filters"] if self._fixed else super().filters()

    def tag(self, text: str, pos: int = 0, debug: bool = False) -> syntax.GroupNode:
        """Whoosh's `tag`, trying at each place only the taggers whose expression matches
        somewhere in the text: Whoosh tries all fourteen at every character of a word
        (none matches inside one), and most never match in a query of plain words."""
        taggers = [tagger for tagger in self.taggers() if tagger.expr.search(text, pos)]
        stack: list = []
        before = pos  # where the text since the last match began
        while pos < len(text):
            node = next((n for t in taggers if (n := t.match(self, text, pos)) is not None), None)
            if node is not None:
                if node.endchar <= pos:
                    raise Exception(f"Token {node!r} did not move cursor forward ({text!r}, {pos})")
                if before < pos:
                    stack.append(_word_node(text, before, pos))
                stack.append(node)
                before = pos = node.endchar
            if not node:  # as Whoosh's: also after a node that is empty
                pos += 1
        if before < len(text):
            stack.append(_word_node(text, before, len(text)))
        return self.group(stack)


class _MultifieldPlugin(qparser.MultifieldPlugin):
    """Whoosh's, each unfielded node copied per field without `copy.copy` (whose
    generic reduce and reconstruct steps were a tenth of a parse): a node's attributes
    are a plain dict, copied as copy.copy copies it."""

    def do_multifield(self, parser: qparser.QueryParser, group: syntax.GroupNode) -> Any:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self.do_multifield(parser, node)
            elif node.has_fieldname and node.fieldname is None:
                group[i] = self.group([self._copy(node, name) for name in self.fieldnames])
        return group

    def _copy(self, node: syntax.SyntaxNode, fieldname: str) -> syntax.SyntaxNode:
        found = object.__new__(type(node))
        found.__dict__.update(node.__dict__)
        found.set_fieldname(fieldname)
        found.set_boost(self.boosts.get(fieldname, 1.0))
        return found


def _word_node(text: str, start: int, end: int) -> syntax.WordNode:
    """The text between two tagged pieces, as Whoosh's `tag` makes it."""
    node = syntax.WordNode(text[start:end])
    node.startchar, node.endchar = start, end
    return node


def make_parser(schema: Schema, expand: bool = True) -> SearchParser:
    """A parser over the searchable fields: words AND-ed, phrases, OR, NOT, prefix*.

    Without ``expand`` (exact search) the compound-parts field is left out.
    """
    skipped = () if expand else EXPANSION_FIELDS
    fieldnames = [name for name in SEARCH_FIELDS if name in schema and name not in skipped]
    parser = SearchParser(fieldnames, schema, group=qparser.AndGroup)
    # Field syntax (`answer:x`) and ranges are not part of the user syntax; a colon in
    # text such as "Vraag 1:" must stay a word. Weights (`x^0.5`) are not either: they
    # are how search.expand weighs an alternative, and a typed ^ is taken out first.
    parser.remove_plugin_class(qparser.FieldsPlugin)
    parser.remove_plugin_class(qparser.RangePlugin)
    # The bonus looks at the question and answer only: a sloppy phrase is evaluated
    # for every matching record, and in all six fields it doubled the cost of a query.
    parser.near = SearchParser(list(PROXIMITY_FIELDS), schema).fix()
    return parser.fix()


def parse_query(
    parser: SearchParser,
    text: str,
    expand: bool = False,
    known: Known | None = None,
) -> ParsedQuery:
    """Check and parse ``text``; with ``expand``, synonyms and compounds
    written apart or together are OR-ed in first, weighed below what was typed.

    ``known`` tells what the index holds, so that ``mq 9`` and ``36 045`` can be searched
    as the one code or dossier they are (in exact search too: a spelling is no
    expansion), and a pair of words as the compound the index writes.
    """
    text = text.strip()
    check_syntax(text)
    searched = spellings(text.replace("^", " "), known)
    added: list[str] = []
    if expand:
        expansion = alternatives(searched, known.word if known else None)
        searched, added = expansion.text, expansion.added
    query = parser.parse(translate_operators(searched), normalize=False)
    if query is not None:
        # Normalized as Whoosh's parser does, without its deep copies (search.normalize);
        # again only when a phrase was taken out (normalizing twice changes nothing).
        query = normalized(query)
        if any(_outside_phrase_fields(leaf) for leaf in query.leaves()):
            query = normalized(phrases_in_text_fields(query))
        query = without_repeated_alternatives(query)
    if query is None or _is_empty(query):
        # Stopwords are searched as words (`de` finds the unstemmed field's "de"), so a
        # query comes to nothing only when it has no word at all, such as `""`.
        raise QuerySyntaxError("De zoekvraag bevat geen woord om op te zoeken.")
    query = with_proximity(parser, text, query)
    return ParsedQuery(text=text, query=query, expansions=added)


def without_repeated_alternatives(query: Query) -> Query:
    """An alternative that analyses to a term the typed form searches already ("drones"
    beside "drone": one stem) is left out, so that it does not add to that term's score."""
    if isinstance(query, Or):
        typed = {_leaf_key(q) for q in query.subqueries if q.boost == 1.0} - {None}
        kept = [q for q in query.subqueries if q.boost == 1.0 or _leaf_key(q) not in typed]
        if len(kept) < len(query.subqueries):
            query = Or(kept, boost=query.boost)
    return query.apply(without_repeated_alternatives)


def _leaf_key(query: Query) -> tuple | None:
    if isinstance(query, Term):
        return ("term", query.fieldname, query.text)
    if isinstance(query, Phrase):
        return ("phrase", query.fieldname, tuple(query.words))
    return None


def with_proximity(parser: SearchParser, text: str, query: Query) -> Query:
    """For plain words only (no operators, quotes or wildcards): the same query, plus an
    optional sloppy phrase of those words that adds to the score where they stand close."""
    if not _PLAIN_WORDS.fullmatch(text) or any(w in text.split() for w in _OPERATOR_NAMES):
        return query
    if parser.near is None:  # the near parser itself
        return query
    near = parser.near.parse(f'"{text}"~{PROXIMITY_SLOP}')
    if near is None or _is_empty(near):
        return query
    return ProximityBonus([query, near])


_OPERATOR_NAMES = {*_BINARY, "NOT", *_DUTCH_OPERATORS}


def _is_empty(query: Query) -> bool:
    return query is NullQuery or next(iter(query.leaves()), None) is None


def phrases_in_text_fields(query: Query) -> Query:
    """Phrases are looked for in the phrase fields only (index.schema).

    The parser puts a phrase in every searched field; in the unstemmed copy, the
    compound parts and the borrowed answer text it finds nothing new, but reading
    positions there made a phrase query the slowest kind (measured: 364 ms at
    20,000 questions, against 66 ms for one word).
    """
    if _outside_phrase_fields(query):
        return NullQuery
    return query.apply(phrases_in_text_fields)


def _outside_phrase_fields(query: Query) -> bool:
    return isinstance(query, Phrase) and query.fieldname not in PHRASE_FIELDS


class ProximityBonus(Or):
    """``query OR near``, where ``near`` (a sloppy phrase of the same words) only ever
    matches records that ``query`` matches too: the matches are those of ``query``,
    and the phrase adds to the score where the words stand close.

    Whoosh's AndMaybe says this too, but its matcher, stepped through one match at
    a time by a collector, skips matches that lack the optional part (seen on a
    4,666-question index: 83 of 2,279 matches visited); a union does not.
    """


def matching_part(query: Query) -> Query:
    """The query without its proximity bonus, which never adds or removes a match, so
    counting the matches can skip evaluating it (positions, in every record)."""
    if isinstance(query, ProximityBonus):
        return matching_part(query.subqueries[0])
    return query.apply(matching_part)
