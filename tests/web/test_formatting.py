"""Template helpers: how records and documents are named for a reader."""

from __future__ import annotations

from search.labels import LAYOUT_NAMES, kind_name, layout_name
from search.web.formatting import (
    askers_text,
    counted,
    dutch_date,
    first_sentence,
    heading,
    record_about,
    record_label,
    whole_number,
)
from tests.conftest import SAMPLE_ID


def test_dates_and_counts_follow_search_dutch() -> None:
    assert dutch_date("2024-08-29") == "29 augustus 2024"
    assert dutch_date(None) == "onbekende datum"
    assert counted(1, "vraag", "vragen") == "1 vraag"
    assert counted(0, "vraag", "vragen") == "0 vragen"
    assert counted(31827, "resultaat", "resultaten") == "31.827 resultaten"
    assert whole_number(9999) == "9999" and whole_number(112133) == "112.133"


def test_the_pages_print_every_count_as_dutch_writes_it(app) -> None:
    """A count in a page goes through `getal` or `geteld`: at 100,000 questions the
    results, facets and overview pages printed "31827"."""
    from flask import render_template_string

    with app.test_request_context():
        assert render_template_string(
            "{{ n|getal }} · {{ n|geteld('vraag', 'vragen') }}", n=31827
        ) == ("31.827 · 31.827 vragen")


def test_every_layout_and_kind_has_a_human_name() -> None:
    from ingest.pipeline import LAYOUTS
    from ingest.records import KINDS

    layouts = {parse.__module__.rsplit(".", 1)[-1] for parse in LAYOUTS}
    assert len(LAYOUT_NAMES) == len(layouts)
    assert layout_name("aanhangsel") == "Kamervragen"
    assert layout_name("schriftelijk_overleg") == "schriftelijk overleg"
    assert "_" not in "".join(LAYOUT_NAMES.values())
    for kind in KINDS:
        assert kind_name(kind) != kind or kind == "mededeling"
    assert kind_name("mededeling", plural=True) == "mededelingen"


def test_a_joint_answer_keeps_its_printed_label_and_a_mededeling_is_named_so(kamervragen) -> None:
    record = kamervragen.question("ah-tk-20232024-2367", 3)
    assert record_label(record) == "Vraag 3, 4, 5 en 6"
    notice = next(
        r
        for r in kamervragen.document("ah-tk-20232024-1999")["records"]
        if r["kind"] == "mededeling"
    )
    assert record_label(notice) == "Mededeling over vragen 1–3"
    assert record_label({"kind": "question", "numbers": [7, 8], "label": None}) == "Vraag 7 en 8"
    assert record_label({"kind": "preamble", "numbers": []}) == "Inleiding"


def test_a_record_without_topic_is_about_its_first_sentence(kamervragen, engine) -> None:
    record = kamervragen.question("ah-tk-20232024-2367", 3)
    assert record_about(record) == "Herkent u het beeld dat Bunq-bank verzaakt?"
    letter = engine.question(SAMPLE_ID, 14)  # under the letter's heading "Steun aan Oekraïne"
    assert record_about(letter) == "Steun aan Oekraïne"
    long = "woord " * 40 + "einde."
    cut = first_sentence(long, limit=50)
    assert cut.endswith(" …") and len(cut) <= 52 and "wo …" not in cut


def test_askers_are_named_with_their_party(kamervragen, engine) -> None:
    record = kamervragen.question("ah-tk-20232024-1314", 1)
    assert askers_text(record) == "Mutluer (GroenLinks-PvdA) en Kostić (PvdD)"
    assert askers_text(engine.question(SAMPLE_ID, 21)) == "GroenLinks-PvdA"  # no names printed
    assert askers_text({}) == "Geen partij"


def test_a_subject_is_a_title_as_printed() -> None:
    assert heading("rekeninggluren") == "Rekeninggluren"
    assert heading("het bericht «Kritiek op besluit»") == "Het bericht «Kritiek op besluit»"
    assert heading("«vuurwerk» in wijken") == "«Vuurwerk» in wijken"
