"""The second peer: tantivy (Rust, through its Python binding), on the same records.

Fields topic, question and answer (stored, positions) with a Dutch analyzer: tantivy's
simple tokenizer (runs of letters and digits), long tokens dropped, lowercase, ASCII
folding, and its Snowball `dutch` stemmer (the older Porter-style one, like NLTK's; no
compound splitting). key and party are raw terms; party is a fast field, so the facet is
one terms aggregation over the query. Ranked by BM25 with the field weights as boosts of
its query parser; snippets by its SnippetGenerator for question and answer of the top 10.
A prefix (`lucht*`) is expanded over each field's term list first (the query parser
would read it as the word `lucht`), one scored term per expansion, like FTS5's prefix.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy

from bench.peers import FIELD_WEIGHTS, OPERATORS, Page, PeerHit, query_tokens, quoted
from ingest import Document

ANALYZER = "nl_stem"
SNIPPET_FIELDS = ("question", "answer")
WRITER_HEAP = 64 * 2**20  # tantivy's default is 128 MB; 64 MiB keeps segments large enough
WRITER_THREADS = 1  # one indexing thread, like the other single-process ingests
MAX_FACETS = 100
_STORED = ("key", "party", *FIELD_WEIGHTS)


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("party", stored=True, fast=True, tokenizer_name="raw")
    for field in FIELD_WEIGHTS:
        builder.add_text_field(field, stored=True, tokenizer_name=ANALYZER)
    return builder.build()


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("dutch"))
        .build()
    )


def _folded(prefix: str) -> str:
    """A prefix as the analyzer writes terms, short of stemming: lowercase, no diacritics."""
    decomposed = unicodedata.normalize("NFKD", prefix.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class TantivyPeer:
    def __init__(self, path: Path, create: bool = False) -> None:
        self.schema = _schema()
        if create:
            Path(path).mkdir(parents=True, exist_ok=True)
            self.index = tantivy.Index(self.schema, path=str(path), reuse=False)
        else:
            self.index = tantivy.Index.open(str(path))
        self.index.register_tokenizer(ANALYZER, _analyzer())
        self.searcher = self.index.searcher()

    def build(self, documents: Iterable[Document]) -> int:
        writer = self.index.writer(WRITER_HEAP, WRITER_THREADS)
        count = 0
        for document in documents:
            for record in document.records:
                doc = tantivy.Document()
                doc.add_text("key", record.key)
                for party in record.parties:
                    doc.add_text("party", party)
                for field, text in (
                    ("topic", record.topic or ""),
                    ("question", record.question),
                    ("answer", record.answer),
                ):
                    doc.add_text(field, text)
                writer.add_document(doc)
                count += 1
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        return count

    # -- queries -----------------------------------------------------------------
    def _prefix(self, prefix: str) -> tantivy.Query:
        """Every term of each field that starts with `prefix`, scored, weighted per field."""
        per_field = []
        for field, weight in FIELD_WEIGHTS.items():
            terms = self.searcher.terms_with_prefix(field, _folded(prefix))
            clauses = [
                (tantivy.Occur.Should, tantivy.Query.term_query(self.schema, field, term))
                for term, _count in terms
            ]
            if clauses:
                expanded = tantivy.Query.boolean_query(clauses)
                per_field.append(
                    (tantivy.Occur.Should, tantivy.Query.boost_query(expanded, weight))
                )
        return tantivy.Query.boolean_query(per_field) if per_field else tantivy.Query.empty_query()

    def query(self, text: str, party: str | None = None) -> tantivy.Query:
        """Vraagbaak's syntax: all words must occur, "phrases", OF/NIET, prefix*."""
        must: list[tantivy.Query] = []
        plain: list[str] = []
        for token in query_tokens(text):
            if token in OPERATORS:
                plain.append(OPERATORS[token])
            elif token in "()" or token.startswith('"'):
                plain.append(token)
            elif token.endswith("*"):
                must.append(self._prefix(token.rstrip("*")))
            else:
                plain.append(quoted(token))
        if plain:
            must.append(
                self.index.parse_query(
                    " ".join(plain),
                    list(FIELD_WEIGHTS),
                    field_boosts=FIELD_WEIGHTS,
                    conjunction_by_default=True,
                )
            )
        if party:
            must.append(tantivy.Query.term_query(self.schema, "party", party))
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, q) for q in must])

    def page(self, text: str, limit: int = 10, party: str | None = None) -> Page:
        query = self.query(text, party)
        result = self.searcher.search(query, limit, count=True)
        return Page(result.count, self._hits(query, result.hits), self.party_counts(text))

    def search(self, text: str, limit: int = 10, party: str | None = None) -> list[PeerHit]:
        """Top hits with a snippet (question's, else answer's), as a search page needs them."""
        query = self.query(text, party)
        return self._hits(query, self.searcher.search(query, limit, count=False).hits)

    def _hits(self, query: tantivy.Query, hits: list[tuple[float, Any]]) -> list[PeerHit]:
        generators = [
            tantivy.SnippetGenerator.create(self.searcher, query, self.schema, field)
            for field in SNIPPET_FIELDS
        ]
        found = []
        for _score, address in hits:
            doc = self.searcher.doc(address)
            snippets = [g.snippet_from_doc(doc) for g in generators]
            best = next((s for s in snippets if s.highlighted()), snippets[0])
            parties = ",".join(doc.get_all("party"))
            found.append(PeerHit(key=doc.get_first("key"), party=parties, snippet=best.to_html()))
        return found

    def party_counts(self, text: str) -> dict[str, int]:
        """The facet: hits per party for the whole query (one terms aggregation)."""
        spec = {"party": {"terms": {"field": "party", "size": MAX_FACETS}}}
        result = self.searcher.aggregate(self.query(text), spec)
        return {b["key"]: b["doc_count"] for b in result["party"]["buckets"]}

    def record(self, key: str) -> dict[str, Any] | None:
        """One record's stored fields, as a question page shows them (no related answers)."""
        query = tantivy.Query.term_query(self.schema, "key", key)
        hits = self.searcher.search(query, 1, count=False).hits
        if not hits:
            return None
        doc = self.searcher.doc(hits[0][1])
        return {name: ",".join(doc.get_all(name)) for name in _STORED}
