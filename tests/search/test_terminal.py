"""Terminal text: control characters from documents and file names escaped, the CLI's own
colour codes kept."""

from __future__ import annotations

import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from index.sync import SyncSummary
from search.terminal import (
    BOLD_YELLOW,
    MAX_WIDTH,
    MIN_WIDTH,
    RESET,
    escape_controls,
    output_width,
    render_hit_text,
    render_question,
    render_summary,
    snippet_text,
    wrap,
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
    assert len(lines) == 9  # a newline in a warning does not make a line of its own


# Wrapping: at spaces, to the width, never inside a word.

PROSE = (
    "Ik informeer de Kamer uiterlijk eind maart over de uitkomst van het "
    "besluitvormingsproces rond de MQ-9 en de F-35’s; zie "
    "https://www.tweedekamer.nl/kamerstukken/detail?id=2026Z01234&did=2026D05678 voor de brief."
)


@pytest.mark.parametrize("width", [30, 45, 80])
def test_wrapped_lines_fit_and_keep_every_word_whole(width: int) -> None:
    shown = wrap(PROSE, width, indent="  ")
    lines = shown.split("\n")
    assert shown.split() == PROSE.split()  # the same words, in order, none broken
    url = next(word for word in PROSE.split() if word.startswith("https"))
    assert all(len(line) <= width or line.strip() == url for line in lines)
    assert all(line.startswith("  ") for line in lines)
    # Greedy: the next line's first word did not fit on this one.
    for line, following in zip(lines, lines[1:], strict=False):
        assert len(line) + 1 + len(following.split()[0]) > width


def test_no_width_means_one_line_per_paragraph() -> None:
    text = f"{PROSE}\n\nTweede alinea,   met  ruimte."
    assert wrap(text, None, indent="  ") == f"  {PROSE}\n\n  Tweede alinea, met ruimte."


def test_a_hanging_first_line_and_colour_codes_that_take_no_room() -> None:
    coloured = f"de {BOLD_YELLOW}NAVO{RESET} en de {BOLD_YELLOW}NATO{RESET} zijn een"
    lines = wrap(coloured, 14, indent="    ", first="  1. ").split("\n")
    assert lines[0] == f"  1. de {BOLD_YELLOW}NAVO{RESET}"
    assert [len(line.replace(BOLD_YELLOW, "").replace(RESET, "")) for line in lines] == [12, 14, 12]


def test_output_width_is_the_terminals_up_to_a_hundred(monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for columns, width in (("60", 60), ("250", MAX_WIDTH), ("10", MIN_WIDTH)):
        monkeypatch.setenv("COLUMNS", columns)
        assert output_width(Terminal()) == width
    assert output_width(io.StringIO()) is None


# What `toon` shows of fields the engine may not return yet: printed the day they arrive.

KAMERVRAAG = {
    "document": "ah-tk-20232024-9999",
    "number": 3,
    "numbers": [3, 4],
    "kind": "question",
    "label": "Vraag 3 en 4",
    "parties": ["BBB", "CDA"],
    "askers": [{"name": "Keijzer", "party": "BBB"}, {"name": "Boswijk", "party": "CDA"}],
    "minister": "Minister Brekelmans",
    "ministry": "Ministerie van Defensie",
    "topic": None,
    "question": "Samengevoegd.",
    "parts": [
        {"number": 3, "label": "Vraag 3", "question": "Kent u het bericht?"},
        {"number": 4, "label": "Vraag 4", "question": "Wat vindt u ervan?"},
    ],
    "answer": "Ja.\n\nIk vind het zorgelijk.",
    "footnotes": [
        {
            "number": 1,
            "text": "Kamerstuk 36592, nr. 14",
            "url": "https://zoek.officielebekendmakingen.nl/kst-36592-14",
        },
        {"number": 2, "text": "https://nos.nl/artikel/1", "url": "https://nos.nl/artikel/1"},
    ],
    "cites": ["ah-tk-20232024-1999"],
    "date": "2024-06-07",
    "document_info": {"subject": "drones", "submitted": "2024-05-30", "minister": "Iemand anders"},
    "refers_to_records": [],
    "referred_by_records": [],
    "similar": [
        {
            "document": "kst-1-2",
            "number": 7,
            "kind": "question",
            "parties": ["SP"],
            "topic": "Munitie",
            "question": "Hoeveel?",
            "date": "2023-01-02",
        },
    ],
}


def test_toon_shows_label_askers_office_parts_footnotes_and_cited_publications() -> None:
    shown = render_question(KAMERVRAAG)
    assert shown.split("\n")[:5] == [
        "Vraag 3 en 4",
        "Document:        ah-tk-20232024-9999: drones",
        "Datum:           7 juni 2024 (ingezonden 30 mei 2024)",
        "Gesteld door:    Keijzer (BBB), Boswijk (CDA)",
        "Beantwoord door: Minister Brekelmans, Ministerie van Defensie",
    ]
    assert (
        "\nVragen\n  Vraag 3\n  Kent u het bericht?\n\n  Vraag 4\n  Wat vindt u ervan?\n" in shown
    )
    assert "Samengevoegd" not in shown
    assert "\nAntwoord\n  Ja.\n\n  Ik vind het zorgelijk.\n" in shown
    assert (
        "\nVoetnoten\n  1. Kamerstuk 36592, nr. 14\n     https://zoek.officielebekendmakingen.nl/"
        "kst-36592-14\n  2. https://nos.nl/artikel/1\n" in shown
    )
    assert "\nVerwijst naar\n  Publicatie ah-tk-20232024-1999\n" in shown
    assert shown.endswith(
        "\nVergelijkbare antwoorden\n  Vraag 7 · SP · kst-1-2 · 2 januari 2023 — Munitie"
    )


def test_a_mededeling_and_a_hit_with_the_new_fields() -> None:
    notice = {**KAMERVRAAG, "kind": "mededeling", "label": None, "parts": [], "answer": "Uitstel."}
    shown = render_question(notice)
    assert shown.startswith("Mededeling\n") and "\nMededeling\n  Uitstel." in shown
    hit = {**KAMERVRAAG, "snippet": "<mark>bericht</mark>", "refers_to": [], "referred_by": [2]}
    head, snippet, links = render_hit_text(hit).split("\n")
    assert head == (
        "Vraag 3 en 4 · Keijzer (BBB), Boswijk (CDA) · ah-tk-20232024-9999 · 7 juni 2024 · "
        "Ministerie van Defensie"
    )
    assert snippet == "  »bericht«" and links == "  (aangehaald door vraag 2)"


def test_toon_escapes_every_field() -> None:
    hostile = {
        **KAMERVRAAG,
        "label": f"Vraag{HOSTILE}",
        "askers": [{"name": f"X{HOSTILE}", "party": None}],
        "answer": f"a{HOSTILE}",
        "cites": [f"c{HOSTILE}"],
        "footnotes": [{"number": 1, "text": f"t{HOSTILE}", "url": f"https://x/{HOSTILE}"}],
    }
    assert not RAW_CONTROL.search(render_question(hostile, width=50))
