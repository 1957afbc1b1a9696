"""Kamerstuk, dossier, Aanhangsel and zaak numbers as search terms, however they are written.

A letter names one Kamerstuk as "Kamerstuk 36 045, nr. 267", "36045-267" or, in a link,
"kst-36045-267"; a searcher types "36045", "36 045" or "kst-36045-267". The tokenizer
splits "36 045" into two words, so references are recognised on the whole text first, by
ingest's rule (ingest.kamerstuk and ingest.citations: the one place that knows these
forms, and what ingest links by), and a record's references are written as official ids
into a field of their own (index.record_fields). That field's chain turns each id into
the terms it is found by:

* a Kamerstuk: its dossier, the dossier with its part, and the whole, so the dossier
  alone finds every item in it: kst-36800-V-48 → 36800, 36800-v, 36800-v-48;
* an Aanhangsel publication (ah-tk-20232024-2367), a zaak or Kamer document number
  (2023z12345): itself.

At query time a typed identifier is its one exact term (36045 → 36045; 36045-243 and
kst-36045-243 → 36045-243) and every other word yields nothing in this field. Spellings
of more than one word ("Kamerstuk 36045, nr. 243", "36 045") are rewritten to one word
before the query is parsed (search.expand), with `named_identifiers`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, Token

from index.analysis.chain import WordTokenizer
from index.analysis.memo import MemoizedAnalyzer
from ingest.citations import aanhangsel_references
from ingest.kamerstuk import Reference, find_references, outermost

# One word, lower-cased: a Kamerstuk or dossier ("kst-" optional), an Aanhangsel id, a zaak.
_KAMERSTUK = re.compile(r"(?:kst-)?(\d{5}(?:-[0-9a-z]{1,4}){0,2})")
_WHOLE = re.compile(r"ah-[te]k-\d{8}-\d{1,5}|(?:19|20)\d{2}[zd]\d{5}")


def named_identifiers(text: str, own_session: str | None = None) -> list[Reference]:
    """Every Kamerstuk, dossier, Aanhangsel publication and zaak the text names, in order,
    with where each stands; `own_session` is the vergaderjaar meant where the text gives
    none ("Aanhangsel Handelingen, nr. 594")."""
    found = [*find_references(text), *aanhangsel_references(text, own_session)]
    return outermost(found) if found else found


def identifier_terms(word: str, whole_only: bool = False) -> list[str]:
    """The terms one lower-cased word is found by, as an identifier: the dossier, the
    dossier with its part and the whole for a Kamerstuk (``whole_only``: the whole),
    itself for an Aanhangsel id or a zaak; none for any other word."""
    match = _KAMERSTUK.fullmatch(word)
    if match:
        whole = match.group(1)
        if whole_only:
            return [whole]
        pieces = whole.split("-")
        return ["-".join(pieces[: i + 1]) for i in range(len(pieces))]
    return [word] if _WHOLE.fullmatch(word) else []


class IdentifierFilter(Filter):
    """Each identifier becomes the terms it is found by (`identifier_terms`), all at its
    position; at query time only its exact term. Other words are dropped: this chain is
    for a field that holds identifiers only, and a query word that is none must not
    search it."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for t in tokens:
            terms = identifier_terms(t.text, whole_only=t.mode == "query")
            if len(terms) == 1:
                t.text = terms[0]
                yield t
                continue
            # Copy before yielding: a later step may change the shared token.
            copies = []
            for term in terms:
                copy = t.copy()
                copy.text = term
                copies.append(copy)
            yield from copies


def identifier_analyzer() -> Analyzer:
    """The chain of the identifiers field: words, lower-cased, as identifier terms."""
    return MemoizedAnalyzer(WordTokenizer(), [LowercaseFilter(), IdentifierFilter()])
