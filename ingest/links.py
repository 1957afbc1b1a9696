"""Web addresses as letters and footnotes print them, and where a line break cuts one.

Footnotes name a page with its scheme ("https://nos.nl/artikel/…"), from "www."
("www.firsteetkit.nl"), or as a bare domain ("(rijksfinancien.nl)"); each becomes an
https link. Typeset text breaks long addresses across lines, after a hyphen
("…14-weer-" / "vrijgelaten…", the hyphen belongs to the address) or before a
percent-escape ("…provincies" / "%202022.pdf"); such a break joins without a space.
"""

from __future__ import annotations

import re

# Top-level domains seen in this correspondence's footnotes; a bare word with a dot and
# one of these is a domain ("Discriminatie.nl"), "d.d." or "o.a." is not.
_TLDS = (
    "nl|com|org|net|eu|int|gov|edu|info|io|news|be|de|fr|uk|lu|ch|at|dk|se|no|fi|es|it|pt"
    "|pl|ie|us|ca|au|ua|mv|mz"
)
_HOST = rf"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:{_TLDS})"
_REST = r"[^\s<>\"\]]"
_SCHEMED = re.compile(rf"https?://{_REST}+", re.IGNORECASE)
_WWW = re.compile(rf"(?<![\w/.@-])www\.{_REST}+", re.IGNORECASE)
_BARE = re.compile(rf"(?<![\w/.@-]){_HOST}(?![\w-])(?:/{_REST}*)?", re.IGNORECASE)
# The last word of a line is (the start of) an address: with a scheme, "www." or a path.
_ENDS_IN_ADDRESS = re.compile(
    rf"(?:https?://|(?<![\w/.@-])www\.|(?<![\w/.@-]){_HOST}/){_REST}*$", re.IGNORECASE
)
_TRAILING = ".,;:!?»”’'\""
# A line ending in one of these inside an address was cut there; a line starting with
# one of those continues the address before it.
_CUT_AFTER = "/-_.=&?#%~"
_CONTINUES = "%/?&=#_~"


def _trimmed(url: str) -> str:
    """The address without the punctuation of the sentence around it; a closing
    parenthesis stays only when the address opened one ("…/Foo_(bar)")."""
    while url and (url[-1] in _TRAILING or (url[-1] == ")" and url.count("(") < url.count(")"))):
        url = url[:-1]
    return url


def find_address(text: str) -> str | None:
    """The first address written with its scheme, else the first from "www.", as a link:
    "NRC.nl, … (https://www.nrc.nl/…)" links to the article, not to NRC.nl."""
    for pattern in (_SCHEMED, _WWW):
        match = pattern.search(text)
        if match:
            return _with_scheme(_trimmed(match.group(0)))
    return None


def find_bare_domain(text: str) -> str | None:
    """The first bare domain ("rijksfinancien.nl", "Discriminatie.nl/Fryslân") as a link."""
    match = _BARE.search(text)
    return _with_scheme(_trimmed(match.group(0))) if match else None


def _with_scheme(address: str) -> str:
    if re.match(r"https?://", address, re.IGNORECASE):
        return address
    host, slash, path = address.partition("/")
    return f"https://{host.lower()}{slash}{path}"


def address_continues(left: str, right: str) -> bool:
    """Whether `right`, the next line, goes on with the address that ends `left`."""
    if not left or not right or not _ENDS_IN_ADDRESS.search(left):
        return False
    if right[0] in _CONTINUES:
        return True  # "…provincies" / "%202022.pdf"
    if left[-1] == "." and right[0].isupper():
        return False  # an address ending a sentence; the next one starts
    return left[-1] in _CUT_AFTER
