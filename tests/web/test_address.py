"""Where the site listens: --port and --host checked and the socket bound, each problem
one Dutch message naming the argument (the serve command prints it as one line)."""

from __future__ import annotations

import socket

import pytest

from search.web.address import AddressError, listen, parse_port, reachable_from_network
from tests.browser.conftest import free_port


@pytest.mark.parametrize("text", ["1", "8000", "65535"])
def test_a_port_is_its_number(text: str) -> None:
    assert parse_port(text) == int(text)


@pytest.mark.parametrize("port", ["70000", "65536", "0", "abc", "-1", "", "8000.5", "８０"])
def test_a_bad_port_is_refused(port: str) -> None:
    with pytest.raises(AddressError, match="--port moet een getal van 1 tot en met 65535 zijn"):
        parse_port(port)


def test_a_port_in_use_is_named() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(AddressError, match=f"Poort {port} op 127.0.0.1 is al in gebruik"):
            listen("127.0.0.1", port)


@pytest.mark.parametrize("host", ["a..b", "a" * 64 + ".example", "bad host", "host/x", "[::1]"])
def test_a_malformed_host_is_an_unknown_address(host: str) -> None:
    with pytest.raises(AddressError, match="Onbekend adres") as raised:
        listen(host, free_port())
    assert "in gebruik" not in str(raised.value)


def test_an_unresolvable_host_is_an_unknown_address(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_name(*args: object, **kwargs: object) -> None:
        # What the resolver answers for a name nobody has; the test asks no DNS server.
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(AddressError, match="Onbekend adres 'bestaat-niet.invalid'") as raised:
        listen("bestaat-niet.invalid", free_port())
    assert "in gebruik" not in str(raised.value)


def test_an_address_of_another_machine_is_named() -> None:
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): on no machine's interfaces, and nothing is sent.
    with pytest.raises(AddressError, match="Adres 192.0.2.1 hoort niet bij deze machine"):
        listen("192.0.2.1", free_port())


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "127.0.0.2"])
def test_loopback_addresses_are_not_reachable_from_the_network(host: str) -> None:
    with listen(host, free_port()) as sock:
        assert sock.getsockname()[0].startswith("127.")
        assert not reachable_from_network(sock)


def test_every_address_is_reachable_from_the_network() -> None:
    port = free_port()
    with listen("0.0.0.0", port) as sock:
        assert sock.getsockname()[:2] == ("0.0.0.0", port)
        assert reachable_from_network(sock)
