"""Prototype: highlighting without running the Dutch analysis chain over every hit's text.

Whoosh highlights by re-analysing the stored text of each shown hit and field with
the full chain (tokenizer, lowercase, apostrophes, codes, folding, stopwords,
stemming: all Python generators). Every filter after the tokenizer works on one
regex word at a time, so a word's tokens never depend on its neighbours: they can
be computed once per distinct word and reused, shifted to where the word stands.
A corpus has a bounded vocabulary, so the cache fills once and then only hits.
The query's terms per field are also expanded once per search, not once per hit.

Same output as Whoosh's Highlighter (checked by bench.proto_engine on the query mix).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from whoosh import highlight
from whoosh.analysis import Token

from index.analysis import WORD_PATTERN

_WORD = re.compile(WORD_PATTERN)
MAX_WORDS = 500_000  # a safety cap: beyond it the cache stops growing, it keeps working

Part = tuple[str, int, int]  # token text, start and end within the word


class WordCachedAnalyzer:
    """The tokens of `analyzer`, computed per distinct word and memoised."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer
        self.cache: dict[str, list[Part]] = {}

    def parts(self, word: str) -> list[Part]:
        found = self.cache.get(word)
        if found is None:
            tokens = self.analyzer(word, chars=True, mode="index", removestops=False)
            found = [(t.text, t.startchar, t.endchar) for t in tokens]
            if len(self.cache) < MAX_WORDS:
                self.cache[word] = found
        return found

    def __call__(self, text: str, **_kwargs: Any) -> Iterator[Token]:
        token = Token(positions=True, chars=True, removestops=False, mode="index")
        for pos, match in enumerate(_WORD.finditer(text)):
            base = match.start()
            for part, start, end in self.parts(match.group()):
                token.text, token.pos = part, pos
                token.startchar, token.endchar = base + start, base + end
                token.stopped = False
                yield token


class CachedHighlighter(highlight.Highlighter):
    """Whoosh's Highlighter, re-tokenizing through a shared WordCachedAnalyzer per field."""

    def __init__(self, analyzers: dict[str, WordCachedAnalyzer], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.analyzers = analyzers
        self._words: dict[str, frozenset[str]] = {}

    def _query_words(self, results: Any, fieldname: str) -> frozenset[str]:
        words = self._words.get(fieldname)
        if words is None:
            field = results.searcher.schema[fieldname]
            terms = results.query_terms(expand=True, fieldname=fieldname)
            words = self._words[fieldname] = frozenset(field.from_bytes(t[1]) for t in terms)
        return words

    def highlight_hit(  # same signature as Whoosh's
        self,
        hitobj: Any,
        fieldname: str,
        text: str | None = None,
        top: int = 3,
        minscore: int = 1,
        strict_phrase: bool = False,
    ) -> str:
        if strict_phrase:  # not used by Vraagbaak: Whoosh's own path
            return super().highlight_hit(hitobj, fieldname, text, top, minscore, strict_phrase)
        results = hitobj.results
        if text is None:
            text = hitobj[fieldname]
        analyzer = self.analyzers.get(fieldname)
        if analyzer is None:
            field = results.searcher.schema[fieldname]
            analyzer = self.analyzers[fieldname] = WordCachedAnalyzer(field.analyzer)
        tokens = highlight.set_matched_filter(analyzer(text), self._query_words(results, fieldname))
        tokens = self._merge_matched_tokens(tokens)
        fragments = self.fragmenter.fragment_tokens(text, tokens)
        fragments = highlight.top_fragments(
            fragments, top, self.scorer, self.order, minscore=minscore
        )
        return self.formatter.format(fragments)
