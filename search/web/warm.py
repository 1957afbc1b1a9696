"""A server worker warmed before its first visitor: every lazy load paid at start.

Opening the index (SearchEngine.warm) is not all a first request waits for. Measured at
20,000 questions, a fresh worker's first search took 0.85 s (the compound dictionary,
390,000 words, is read on the first query that may hold a compound), its first pages
0.1-0.15 s each (Jinja compiles a template on its first render), and each server thread's
first search another 0.2-0.35 s (every thread opens its own Whoosh reader and reads its
first stored record). Under load that was the whole p99 of the HTTP benchmark. So each
worker sends itself the site's main requests, in every server thread, before it serves;
what every worker would load alike is loaded once, before they are forked.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote, urlencode

from flask import Flask

from index.analysis.decompound import dictionary
from search.web.service import ENGINE_KEY

log = logging.getLogger("vraagbaak.serve")
# The longest word of a question: most likely a compound, so its parts are looked up too.
_WORD = re.compile(r"\w+")


def warm_process(app: Flask) -> None:
    """Before the workers fork, what is the same for every index (no index is opened
    here: a worker opens its own): the compound dictionary and the compiled templates."""
    dictionary()
    for name in app.jinja_env.list_templates(extensions=["html"]):
        app.jinja_env.get_template(name)


def warm_paths(app: Flask) -> list[str]:
    """The home page, a search (results page and API) and a question page, all of the
    index's newest document; just the home page when there is no index to read."""
    found = app.extensions[ENGINE_KEY]
    try:
        if not found.is_ready():
            return ["/"]
        newest = found.documents()[:1]
        records = found.document(newest[0]["id"])["records"] if newest else []
    except Exception:  # noqa: BLE001 - an index that does not open: its pages say so
        return ["/"]
    numbered = [r for r in records if isinstance(r.get("number"), int)]
    if not numbered:
        return ["/"]
    record = numbered[0]
    word = max(_WORD.findall(record.get("question") or ""), key=len, default="vraag")
    query = urlencode({"q": word})
    return [
        "/",
        f"/zoeken?{query}",
        f"/api/zoeken?{query}",
        f"/vraag/{quote(record['document'])}/{record['number']}",
    ]


def warm_thread(app: Flask, paths: list[str]) -> None:
    """Answer `paths` once in this thread (its own Whoosh reader, the process's caches).
    An answer is not checked: a page that fails here fails for its visitor too, and says
    why there."""
    client = app.test_client()
    for path in paths:
        try:
            client.get(path).close()
        except Exception:  # noqa: BLE001 - warming must never keep a worker from serving
            log.exception("opwarmen van %s mislukt", path)
