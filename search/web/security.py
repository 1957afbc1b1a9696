"""What every response carries, and what no request may steer.

Security headers on every response the app makes (error pages, redirects, static
files, JSON, HEAD and OPTIONS included); a malformed Host header answered with a
Dutch 400 instead of reaching routing; redirects that never name a host, so a
forged Host is never echoed back in a Location.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, Response, request

bp = Blueprint("security", __name__)

# No inline script or style anywhere: the templates load one CSS and one JS file.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# RFC 1035: a label is at most 63 characters, a name at most 253. Underscores are allowed
# because container and intranet names use them; a label never starts or ends with "-".
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?", re.IGNORECASE)
_PORT = re.compile(r"[0-9]{1,5}")
MAX_NAME_LENGTH = 253

# Where HostGuard leaves a refused Host header for the request to find.
REFUSED_HOST_KEY = "vraagbaak.refused_host"
BAD_HOST_MESSAGE = "Het adres in de Host-kop van deze aanvraag is ongeldig."


class BadHostError(ValueError):
    """A request whose Host header no client could mean; a Dutch 400."""


def is_hostname(name: str) -> bool:
    """Whether `name` is a DNS name or an IPv4 address as written in a URL (no port)."""
    name = name.removesuffix(".")  # a fully qualified name may end in a dot
    if not name or len(name) > MAX_NAME_LENGTH:
        return False
    return all(_LABEL.fullmatch(label) for label in name.split("."))


def is_valid_host(value: str) -> bool:
    """Whether a Host header is `name[:port]` or `[IPv6][:port]`, as RFC 9110 allows."""
    if value.startswith("["):
        literal, bracket, port = value[1:].partition("]")
        try:
            ipaddress.IPv6Address(literal)
        except ValueError:
            return False
        return bool(bracket) and (not port or _is_port_suffix(port))
    name, colon, port = value.partition(":")
    return is_hostname(name) and (not colon or _is_port_suffix(colon + port))


def _is_port_suffix(text: str) -> bool:
    digits = text.removeprefix(":")
    return text.startswith(":") and bool(_PORT.fullmatch(digits)) and 0 < int(digits) <= 65535


class HostGuard:
    """WSGI middleware: a malformed Host header never reaches Flask's routing.

    Werkzeug cannot build URLs for such a host, so the Dutch error page itself would
    fail in `url_for` and turn the 400 into a bare 500. The header is set aside (URLs
    are then built for the server's own address, and only as paths) and the request
    is refused before routing by `refuse_bad_host`.
    """

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        host = environ.get("HTTP_HOST")
        if host is not None and not is_valid_host(host):
            environ = {key: value for key, value in environ.items() if key != "HTTP_HOST"}
            environ[REFUSED_HOST_KEY] = host
        return self.app(environ, start_response)


@bp.before_app_request
def refuse_bad_host() -> None:
    if REFUSED_HOST_KEY in request.environ:
        raise BadHostError(BAD_HOST_MESSAGE)


def relative_location(location: str) -> str:
    """A redirect target as a path: the site only ever redirects to itself.

    Werkzeug's routing redirects (merged slashes, a missing trailing slash) are
    absolute URLs built from the request's Host; a path keeps a forged Host out.
    Leading slashes and backslashes collapse to one, so the path can never be read
    as `//other.host/`.
    """
    parts = urlsplit(location)
    path = parts.path
    if parts.scheme or parts.netloc or path.startswith(("//", "/\\")):
        path = "/" + path.lstrip("/\\")
    return urlunsplit(("", "", path, parts.query, parts.fragment))


@bp.after_app_request
def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    location = response.headers.get("Location")
    if location is not None:
        response.headers["Location"] = relative_location(location)
    return response
