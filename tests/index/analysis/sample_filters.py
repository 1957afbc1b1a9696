"""A Whoosh filter of one word at a time, with no batch step of its own: what the
memoised analyzer and the batch steps must run as its plain stream does."""

from __future__ import annotations

from whoosh import analysis


class MarkShortWords(analysis.Filter):
    """Short words stopped, long ones boosted, and each hyphenated word followed by its
    first part."""

    def __call__(self, tokens):
        for t in tokens:
            t.stopped, t.boost = len(t.text) < 3, 2.0 if len(t.text) > 6 else 1.0
            parts = t.text.split("-")
            copy = t.copy() if len(parts) > 1 else None
            yield t
            if copy is not None:
                copy.text = parts[0]
                yield copy
