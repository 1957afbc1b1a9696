"""Terminal text: control characters from documents and file names escaped, the CLI's own
colour codes kept."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from index.sync import SyncSummary
from search.terminal import (
    BOLD_YELLOW,
    RESET,
    escape_controls,
    render_hit_text,
    render_summary,
    snippet_text,
)

# What a hostile subject or file name can carry: retitle the window, clear the screen,
# hide text, ring the bell, return to the line's start, an 8-bit CSI, a bidi override.
HOSTILE = "\x1b]0;gehackt\x07\x1b[2J\x1b[8mverborgen\x1b[0m\r\x9b31m\u202eesrever\u202c\x00\x7f"
# Anything a terminal would act on rather than show.
RAW_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def test_every_control_character_becomes_a_visible_escape() -> None:
    shown = escape_controls(HOSTILE)
    assert not RAW_CONTROL.search(shown)
    assert shown == (
        "\\u001b]0;gehackt\\u0007\\u001b[2J\\u001b[8mverborgen\\u001b[0m\\u000d\\u009b31m"
        "\\u202eesrever\\u202c\\u0000\\u007f"
    )


@pytest.mark.parametrize(
    "text", ["Oekraïne, NAVO’s F-35’s – €5 mld. (Kamerstuk 36 045, nr. 1)", "café naïef ‘zo’ « »"]
)
def test_dutch_text_is_left_alone(text: str) -> None:
    assert escape_controls(text) == text == escape_controls(text, multiline=True)


def test_lines_and_tabs_stay_only_where_a_text_keeps_its_lines() -> None:
    assert escape_controls("a\nb\tc") == "a\\u000ab\\u0009c"
    assert escape_controls("a\nb\tc\r", multiline=True) == "a\nb\tc\\u000d"


def test_escaped_json_parses_to_the_same_strings() -> None:
    data = {"subject": HOSTILE, "source": "brief\u2066.txt"}
    printed = escape_controls(json.dumps(data, ensure_ascii=False, indent=2), multiline=True)
    assert not RAW_CONTROL.search(printed)
    assert json.loads(printed) == data


def test_a_snippet_keeps_the_colour_codes_the_cli_adds() -> None:
    snippet = f"over <mark>drones</mark> {HOSTILE} en <mark>munitie</mark>"
    shown = snippet_text(snippet, color=True)
    assert shown.count(BOLD_YELLOW) == 2 and shown.count(RESET) == 2
    assert not RAW_CONTROL.search(shown.replace(BOLD_YELLOW, "").replace(RESET, ""))
    assert f"{BOLD_YELLOW}drones{RESET}" in shown and "\\u001b]0;gehackt" in shown
    assert snippet_text("<mark>\x1b[31m</mark>", color=False) == "»\\u001b[31m«"


def test_a_hit_with_hostile_fields() -> None:
    hit = {
        "kind": "question",
        "number": 3,
        "parties": [f"SGP{HOSTILE}"],
        "document": f"doc{HOSTILE}",
        "topic": f"onderwerp\n{HOSTILE}",
        "snippet": f"tekst {HOSTILE}",
        "refers_to": [1],
        "referred_by": [],
    }
    shown = render_hit_text(hit, color=False)
    assert not RAW_CONTROL.search(shown)
    head, snippet, links = shown.split("\n")
    assert head.startswith("Vraag 3 · SGP\\u001b]0;gehackt") and "onderwerp\\u000a" in head
    assert snippet.startswith("  tekst \\u001b") and links == "  (verwijst naar vraag 1)"


def test_the_ingest_summary_escapes_file_names_and_parties() -> None:
    summary = SyncSummary(
        root=Path(f"/tmp/index{HOSTILE}"),
        stemmer="kp",
        added=["x"],
        questions_per_party=Counter({f"PVV{HOSTILE}": 2}),
        warnings=[f"/map/brief{HOSTILE}.txt: leeg bestand\nnep-regel"],
    )
    shown = render_summary(summary, warnings=[f"los{HOSTILE}.txt: overgeslagen"])
    assert not RAW_CONTROL.search(shown)
    lines = shown.split("\n")
    assert lines[0].startswith("Index: /tmp/index\\u001b]0;gehackt")
    assert "  - /map/brief\\u001b]0;gehackt" in shown and "nep-regel" in lines[-1]
    assert len(lines) == 7  # a newline in a warning does not make a line of its own
