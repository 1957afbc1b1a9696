"""Plain-text presentation for the command line: hits, snippets, ingest and harvest
summaries.

Whatever comes from a document or a file name is passed through `escape_controls` before
it is printed: an escape sequence in a subject could otherwise retitle the window, move
the cursor or hide lines, and a bidi override could reorder what the reader sees.
"""

from __future__ import annotations

import html
import re
import sys
from typing import Any

from index.sync import SyncSummary
from ingest.harvest import HarvestSummary

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
# C0 controls (tab and newline kept only where a text keeps its lines), DEL, C1 controls
# (an 8-bit CSI starts an escape sequence too), and Unicode's bidi embeddings, overrides,
# isolates and marks (the "Trojan Source" characters).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_LINES = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_TAG = re.compile(r"<[^>]+>")
BOLD_YELLOW = "\033[1;33m"
RESET = "\033[0m"


def escape_controls(text: str, multiline: bool = False) -> str:
    """`text` safe to print: each control character as a visible `\\uXXXX` escape.

    With `multiline`, newlines and tabs stay. The escapes are also JSON's, so JSON
    printed through this still parses to the same strings.
    """
    pattern = _CONTROLS_BUT_LINES if multiline else _CONTROLS
    return pattern.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def snippet_text(snippet: str, color: bool) -> str:
    """An HTML snippet as terminal text: matches coloured on a terminal, »bracketed« otherwise."""
    opened, closed = (BOLD_YELLOW, RESET) if color else ("»", "«")
    # The text is escaped piece by piece, so the colour codes added here stay; a snippet's
    # passages are lines of their own.
    pieces = [
        escape_controls(html.unescape(_TAG.sub("", p)), multiline=True)
        for p in _MARK.split(snippet)
    ]
    return "".join(f"{opened}{p}{closed}" if n % 2 else p for n, p in enumerate(pieces))


def render_hit_text(hit: dict[str, Any], color: bool = False) -> str:
    if hit["kind"] == "question":
        label = f"Vraag {hit['number']}"
    else:
        label = "Inleiding" if hit["kind"] == "preamble" else "Document"
    parties = ", ".join(hit["parties"]) or "geen partij"
    head = f"{label} · {parties} · {hit['document']}"
    if hit.get("topic"):
        head += f" · {hit['topic']}"
    lines = [escape_controls(head), "  " + snippet_text(hit["snippet"], color)]
    links = []
    if hit["refers_to"]:
        links.append("verwijst naar " + ", ".join(map(str, hit["refers_to"])))
    if hit["referred_by"]:
        links.append("aangehaald door " + ", ".join(map(str, hit["referred_by"])))
    if links:
        lines.append("  (" + "; ".join(links) + ")")
    return "\n".join(lines)


def render_summary(summary: SyncSummary, warnings: list[str] | None = None) -> str:
    lines = [f"Index: {summary.root} (stemmer {summary.stemmer})"]
    if summary.rebuilt:
        lines.append(f"Opnieuw gebouwd met {len(summary.added)} document(en).")
    else:
        lines.append(
            f"Toegevoegd {len(summary.added)}, vervangen {len(summary.replaced)}, "
            f"ongewijzigd {len(summary.unchanged)}, verwijderd {len(summary.removed)}."
        )
    total = sum(summary.questions_per_party.values())
    lines.append(f"Vragen ingelezen: {total}")
    for party, count in sorted(summary.questions_per_party.items(), key=lambda i: -i[1]):
        lines.append(f"  {party}: {count}")
    all_warnings = list(warnings or []) + summary.warnings
    if all_warnings:
        lines.append(f"Waarschuwingen ({len(all_warnings)}):")
        lines.extend(f"  - {w}" for w in all_warnings)
    return "\n".join(escape_controls(line) for line in lines)


class ProgressBar:
    """A one-line progress bar on stderr, for a terminal only."""

    WIDTH = 30

    def __init__(self, label: str) -> None:
        self.label = label
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total <= 0 or (done % 50 and done != total):
            return
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _plain(text: object) -> str:
    """Text from the remote service (ids, reasons, diagnostics), escaped like the rest."""
    return escape_controls(str(text))


def render_harvest_summary(summary: HarvestSummary) -> str:
    """The Dutch account of one harvest: found, fetched, present, out of scope, failed."""
    lines = []
    if summary.since is not None:
        lines.append(f"Gewijzigd of verschenen sinds {summary.since.isoformat()}.")
    found = f"Gevonden: {summary.found}"
    if summary.retried:
        found += f" (en {summary.retried} eerder mislukte opnieuw geprobeerd)"
    lines.append(found)
    lines.append(f"Opgehaald: {len(summary.fetched)}")
    lines.append(f"Al aanwezig: {len(summary.present)}")
    lines.append(f"Buiten de gevraagde selectie: {sum(summary.out_of_scope.values())}")
    for reason, count in summary.out_of_scope.most_common():
        lines.append(f"  {_plain(reason)}: {count}")
    lines.append(f"Mislukt: {len(summary.failed)}")
    for failure in summary.failed:
        where = f" ({_plain(failure.url)})" if failure.url else ""
        lines.append(f"  {_plain(failure.identifier)}: {_plain(failure.reason)}{where}")
    if summary.source_error:
        lines.append(f"De bron kon niet (volledig) worden bevraagd: {_plain(summary.source_error)}")
    if summary.warnings:
        lines.append(f"Waarschuwingen ({len(summary.warnings)}):")
        lines.extend(f"  - {_plain(w)}" for w in summary.warnings)
    return "\n".join(lines)


class HarvestProgressBar:
    """Records handled of those found, and publications fetched: one line on stderr."""

    WIDTH = 30

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, found: int, fetched: int) -> None:
        filled = self.WIDTH * done // max(found, 1)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        sys.stderr.write(f"\rOphalen [{bar}] {done}/{found} records, {fetched} opgehaald")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
