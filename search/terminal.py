"""Plain-text presentation for the command line: hits, snippets, ingest and harvest
summaries.

Whatever comes from a document or a file name is passed through `escape_controls` before
it is printed: an escape sequence in a subject could otherwise retitle the window, move
the cursor or hide lines, and a bidi override could reorder what the reader sees.
"""

from __future__ import annotations

import html
import re
import shutil
import sys
from typing import TYPE_CHECKING, Any, TextIO

from search.dutch import counted, dutch_date, listed

if TYPE_CHECKING:  # a search prints no ingest or harvest summary: not loaded for it
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
_SGR = re.compile(r"\033\[[0-9;]*m")  # the colour codes above: no columns on a terminal
# Lines wider than this are hard to read however wide the terminal; narrower than the
# minimum, wrapping would leave a word or two per line.
MAX_WIDTH = 100
MIN_WIDTH = 40
# The record kinds that have no number to be named by.
KIND_NAMES = {"preamble": "Inleiding", "fulltext": "Volledige tekst", "mededeling": "Mededeling"}


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


def output_width(stream: TextIO | None = None) -> int | None:
    """The columns to wrap at: the terminal's, at most MAX_WIDTH; None when `stream`
    (stdout) is not a terminal: a pipe or a file gets one line per paragraph."""
    stream = stream or sys.stdout
    if not stream.isatty():
        return None
    return max(MIN_WIDTH, min(shutil.get_terminal_size().columns, MAX_WIDTH))


def _columns(word: str) -> int:
    return len(_SGR.sub("", word))


def wrap(text: str, width: int | None, indent: str = "", first: str | None = None) -> str:
    """Each line of `text` wrapped at spaces to `width` columns (None: not wrapped), every
    line indented by `indent`, the first by `first` when given (a hanging "1. ").

    A word wider than the line (a URL) stands on a line of its own, never broken; the
    colour codes the CLI adds take no columns. Empty lines stay: they part paragraphs.
    """
    lead = indent if first is None else first
    lines = []
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line, used = lead + words[0], len(lead) + _columns(words[0])
        for word in words[1:]:
            size = _columns(word)
            if width is not None and used + 1 + size > width:
                lines.append(line)
                line, used = indent + word, len(indent) + size
            else:
                line, used = f"{line} {word}", used + 1 + size
        lines.append(line)
        lead = indent
    return "\n".join(lines)


def record_label(record: dict[str, Any]) -> str:
    """What a record is called: its label as printed ("Vraag 3, 4, 5 en 6"), else one made
    from its numbers, else its kind."""
    if record.get("label"):
        return str(record["label"])
    kind = record.get("kind")
    if kind in KIND_NAMES:
        return KIND_NAMES[kind]
    numbers = record.get("numbers") or [record.get("number")]
    return f"Vraag {listed([n for n in numbers if n is not None])}".strip()


def who_asked(record: dict[str, Any]) -> str:
    """The askers with their parties where the record names them, else its parties."""
    askers = [_person(person) for person in record.get("askers") or []]
    if askers:
        return ", ".join(askers)
    return ", ".join(record.get("parties") or []) or "geen partij"


def _person(person: object) -> str:
    if isinstance(person, dict):
        name, party = person.get("name") or "", person.get("party")
        return f"{name} ({party})" if party else name
    return str(person)


def question_list(numbers: list[int]) -> str:
    """ "vraag 1", "vragen 10 en 18"."""
    return f"{'vraag' if len(numbers) == 1 else 'vragen'} {listed(numbers)}"


def render_hit_text(hit: dict[str, Any], color: bool = False, width: int | None = None) -> str:
    """One search hit: what it is, who asked, where and when; its snippet; its links."""
    head = [record_label(hit), who_asked(hit), hit["document"]]
    head += [part for part in (dutch_date(hit.get("date")), hit.get("ministry")) if part]
    if hit.get("topic"):
        head.append(hit["topic"])
    lines = [
        wrap(escape_controls(" · ".join(map(str, head))), width, indent="  ", first=""),
        wrap(snippet_text(hit["snippet"], color), width, indent="  "),
    ]
    links = []
    if hit["refers_to"]:
        links.append("verwijst naar " + question_list(hit["refers_to"]))
    if hit["referred_by"]:
        links.append("aangehaald door " + question_list(hit["referred_by"]))
    if links:
        lines.append(wrap("(" + "; ".join(links) + ")", width, indent="  "))
    return "\n".join(lines)


# `vraagbaak toon`: one record whole.

FACT_COLUMN = 17  # "Beantwoord door: " and the value beside it
GIST_LENGTH = 80
_SENTENCE = re.compile(r"(.+?[.?!])(?=\s|$)", re.DOTALL)


def render_question(
    record: dict[str, Any], width: int | None = None, notices: list[dict[str, Any]] = ()
) -> str:
    """A record as the engine's `question` gives it, whole: label, document, date, who
    asked and who answered, the question(s) and the answer, numbered footnotes with their
    links, and the answers it points to, is pointed to by and resembles. `notices` are
    the Mededelingen about its questions, shown where an answer is missing."""
    blocks = [
        _facts(record, width),
        _section(_question_title(record), _question_text(record), width),
        _answer(record, notices, width),
        _footnotes(record.get("footnotes") or [], width),
        _references(record, width),
    ]
    return "\n\n".join(block for block in blocks if block)


def _facts(record: dict[str, Any], width: int | None) -> str:
    info = record.get("document_info") or {}
    document = record["document"] + (f": {info['subject']}" if info.get("subject") else "")
    facts = [("Document", document)]
    when = dutch_date(record.get("date") or info.get("date"))
    if when:
        submitted = dutch_date(info.get("submitted"))
        facts.append(("Datum", when + (f" (ingezonden {submitted})" if submitted else "")))
    parties = record.get("parties") or []
    if record.get("askers"):
        facts.append(("Gesteld door", who_asked(record)))
    elif parties:
        facts.append(("Partij" if len(parties) == 1 else "Partijen", ", ".join(parties)))
    answerer = [record.get("minister") or info.get("minister"),
                record.get("ministry") or info.get("ministry")]  # fmt: skip
    if any(answerer):
        facts.append(("Beantwoord door", ", ".join(part for part in answerer if part)))
    if record.get("topic"):
        facts.append(("Onderwerp", record["topic"]))
    lines = [escape_controls(record_label(record))]
    for label, value in facts:
        first = f"{label}:".ljust(FACT_COLUMN)
        lines.append(wrap(escape_controls(str(value)), width, " " * FACT_COLUMN, first))
    return "\n".join(lines)


def _question_title(record: dict[str, Any]) -> str:
    kind = record.get("kind")
    if kind == "question":
        several = len(record.get("parts") or []) > 1 or len(record.get("numbers") or []) > 1
        return "Vragen" if several else "Vraag"
    return {"preamble": "Inleiding", "mededeling": "Over de vragen"}.get(kind, "Tekst")


def _question_text(record: dict[str, Any]) -> str:
    """The question, or each of its labelled parts under its own label."""
    parts = record.get("parts") or []
    if not parts:
        return record.get("question") or ""
    return "\n\n".join(f"{part.get('label')}\n{part.get('question')}" for part in parts)


def _section(title: str, text: str, width: int | None) -> str:
    if not text.strip():
        return ""
    return f"{title}\n" + wrap(escape_controls(text.strip(), multiline=True), width, "  ")


def _answer(record: dict[str, Any], notices: list[dict[str, Any]], width: int | None) -> str:
    title = "Mededeling" if record.get("kind") == "mededeling" else "Antwoord"
    if record.get("answer"):
        return _section(title, record["answer"], width)
    told = "\n\n".join(notice.get("answer") or "" for notice in notices)
    if told.strip():
        return _section("Mededeling", told, width)
    return f"{title}\n  (geen antwoord in dit document)" if record.get("kind") == "question" else ""


def _footnotes(footnotes: list[dict[str, Any]], width: int | None) -> str:
    if not footnotes:
        return ""
    lines = ["Voetnoten" if len(footnotes) > 1 else "Voetnoot"]
    for note in footnotes:
        first = f"  {note.get('number')}. "
        text = note.get("text") or ""
        if note.get("url") and note["url"] not in text:
            text += "\n" + note["url"]  # the link on a line of its own, never broken
        lines.append(wrap(escape_controls(text, multiline=True), width, " " * len(first), first))
    return "\n".join(lines)


def _references(record: dict[str, Any], width: int | None) -> str:
    own = record["document"]
    lists = [
        ("Verwijst naar", record.get("refers_to_records") or []),
        ("Aangehaald door", record.get("referred_by_records") or []),
        ("Vergelijkbare antwoorden", record.get("similar") or []),
    ]
    blocks = []
    for title, related in lists:
        lines = [_related_line(other, own) for other in related]
        if title == "Verwijst naar":
            lines += [f"Publicatie {cited}" for cited in record.get("cites") or []]
        if lines:
            blocks.append(title + "\n" + "\n".join(wrap(escape_controls(line), width, "    ", "  ")
                                                   for line in lines))  # fmt: skip
    return "\n\n".join(blocks)


def _related_line(record: dict[str, Any], own_document: str) -> str:
    """ "Vraag 7 · GroenLinks-PvdA — Wat gaat u …"; from another letter with its id and date."""
    head = [record_label(record), who_asked(record)]
    if record["document"] != own_document:
        head += [part for part in (record["document"], dutch_date(record.get("date"))) if part]
    return " · ".join(head) + f" — {gist(record)}"


def gist(record: dict[str, Any]) -> str:
    """A record in a few words: its topic, else its question's first sentence, shortened
    at a space."""
    text = " ".join(
        (record.get("topic") or record.get("question") or record.get("answer") or "").split()
    )
    sentence = _SENTENCE.match(text)
    text = sentence.group(1) if sentence else text
    if len(text) <= GIST_LENGTH:
        return text
    return text[:GIST_LENGTH].rsplit(" ", 1)[0] + " …"


def render_summary(summary: SyncSummary, warnings: list[str] | None = None) -> str:
    """The Dutch account of one ingest: what changed, what was read (questions counted by
    number, as the site and `vraagbaak documents` count them), what the index now holds."""
    lines = [f"Index: {summary.root} (stemmer {summary.stemmer})"]
    if summary.recovered_to is not None:
        lines.append(
            f"Let op: de index was beschadigd ({'; '.join(summary.recovered_from)}). "
            f"Bijgewerkt vanaf de nieuwste intacte generatie, {summary.recovered_to}."
        )
    if summary.rebuilt:
        lines.append(
            f"Opnieuw gebouwd met {counted(len(summary.added), 'document', 'documenten')}."
        )
    else:
        lines.append(
            f"Toegevoegd {len(summary.added)}, vervangen {len(summary.replaced)}, "
            f"ongewijzigd {len(summary.unchanged)}, verwijderd {len(summary.removed)}."
        )
    lines.append(
        f"Ingelezen: {counted(summary.documents_read, 'document', 'documenten')}, "
        f"{counted(summary.questions_read, 'vraag', 'vragen')} "
        f"({counted(summary.records_read, 'record', 'records')})."
    )
    if summary.questions_per_party:
        lines.append("Vragen per partij (een vraag van meer partijen telt bij elk):")
        for party, count in sorted(summary.questions_per_party.items(), key=lambda i: -i[1]):
            lines.append(f"  {party}: {count}")
    lines.append(
        f"In de index: {counted(summary.indexed_documents, 'document', 'documenten')}, "
        f"{counted(summary.indexed_questions, 'vraag', 'vragen')}."
    )
    all_warnings = list(warnings or []) + summary.warnings
    if all_warnings:
        lines.append(counted(len(all_warnings), "waarschuwing", "waarschuwingen") + ":")
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
        lines.append(counted(len(summary.warnings), "waarschuwing", "waarschuwingen") + ":")
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
