"""The Vraagbaak web site: search pages in Dutch and their JSON twins.

`create_app` builds one app with one SearchEngine; all state lives on the app,
none in modules, so tests can build as many independent apps as they like.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from search import config
from search.engine import SearchEngine
from search.web import api, chart, errors, formatting, pages, security
from search.web.service import ENGINE_KEY


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The Flask app; `test_config` overrides settings such as INDEX_DIR."""
    app = Flask(
        __name__,
        instance_path=str(config.INSTANCE_DIR),
        template_folder=str(config.PROJECT_ROOT / "templates"),
        static_folder=str(config.PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(INDEX_DIR=config.index_dir())
    if test_config is not None:
        app.config.from_mapping(test_config)
    # Keep the engine's facet and hit order in the JSON, as the CLI prints it.
    app.json.sort_keys = False
    app.json.ensure_ascii = False
    app.extensions[ENGINE_KEY] = SearchEngine(Path(app.config["INDEX_DIR"]))
    for blueprint in (
        security.bp,
        errors.bp,
        formatting.bp,
        pages.bp,
        chart.bp,
        api.bp,
    ):
        app.register_blueprint(blueprint)
    app.wsgi_app = security.HostGuard(app.wsgi_app)  # type: ignore[method-assign]
    return app


__all__ = ["create_app"]
