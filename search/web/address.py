"""Where the site listens: the --host and --port a user gives, checked, and the socket
bound to them, every problem said in Dutch (AddressError) before anything is served.

The serve command binds first, before it builds or opens an index: a bad address fails
at once, and no other program can take the port between a check and the start.
"""

from __future__ import annotations

import errno
import ipaddress
import re
import socket

from search.web.security import is_hostname

BACKLOG = 1024
MIN_PORT, MAX_PORT = 1, 65535


class AddressError(ValueError):
    """An address or port that cannot be served on; the message says why, in Dutch."""


def parse_port(text: str) -> int:
    """The port `text` (the --port argument) names: digits only, 1-65535."""
    if not re.fullmatch(r"[0-9]{1,5}", text) or not MIN_PORT <= int(text) <= MAX_PORT:
        raise AddressError(
            f"--port moet een getal van {MIN_PORT} tot en met {MAX_PORT} zijn (gegeven: {text!r})."
        )
    return int(text)


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on host:port, or AddressError saying in Dutch what is wrong."""
    if not (is_hostname(host) or _is_ip(host)):
        raise AddressError(f"Onbekend adres {host!r}: geen geldige hostnaam of IP-adres (--host).")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except (OSError, UnicodeError) as error:
        raise AddressError(
            f"Onbekend adres {host!r}: de naam is niet te vinden (--host)."
        ) from error
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        raise AddressError(_bind_problem(host, port, error)) from error
    return sock


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _bind_problem(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"Poort {port} op {host} is al in gebruik; kies een andere met --port."
    if error.errno == errno.EADDRNOTAVAIL:
        return f"Adres {host} hoort niet bij deze machine; kies een ander met --host."
    if error.errno == errno.EACCES:
        return (
            f"Geen toestemming voor poort {port}: poorten onder 1024 vragen beheerdersrechten. "
            "Kies een andere met --port."
        )
    return f"Kan niet luisteren op {host}:{port}: {error.strerror or error}."


def reachable_from_network(sock: socket.socket) -> bool:
    """Whether the socket listens beyond this machine (not on a loopback address)."""
    return not ipaddress.ip_address(sock.getsockname()[0]).is_loopback
