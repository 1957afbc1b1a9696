"""A worker warms itself with the site's main requests before its first visitor."""

from __future__ import annotations

import threading
from pathlib import Path

from search.web import create_app, warm
from search.web.service import ENGINE_KEY


def test_the_warm_up_asks_for_the_main_pages_of_the_newest_document(index_root: Path) -> None:
    app = create_app({"INDEX_DIR": index_root})
    paths = warm.warm_paths(app)
    assert paths[0] == "/"
    assert paths[1].startswith("/zoeken?q=") and paths[2].startswith("/api/zoeken?q=")
    assert paths[3].startswith("/vraag/")
    client = app.test_client()
    assert [client.get(path).status_code for path in paths] == [200, 200, 200, 200]
    assert client.get(paths[2]).get_json()["total"] > 0  # the word is one of its records'


def test_a_warmed_thread_has_its_own_reader_open(index_root: Path) -> None:
    app = create_app({"INDEX_DIR": index_root})
    paths = warm.warm_paths(app)
    readers = []

    def thread() -> None:
        warm.warm_thread(app, paths)
        live = app.extensions[ENGINE_KEY]._open
        readers.append(getattr(live._local, "reader", None))

    worker = threading.Thread(target=thread)
    worker.start()
    worker.join()
    assert readers and readers[0] is not None


def test_without_an_index_only_the_home_page_is_warmed(tmp_path: Path) -> None:
    app = create_app({"INDEX_DIR": tmp_path / "geen-index"})
    assert warm.warm_paths(app) == ["/"]
    warm.warm_thread(app, ["/"])  # the page saying there is no index: no error


def test_before_the_fork_the_templates_are_compiled_without_opening_the_index(
    index_root: Path,
) -> None:
    app = create_app({"INDEX_DIR": index_root})
    warm.warm_process(app)
    names = app.jinja_env.list_templates(extensions=["html"])
    assert "pages/vraag.html" in names and len(app.jinja_env.cache) == len(names)
    assert app.extensions[ENGINE_KEY]._open is None  # each worker opens its own
