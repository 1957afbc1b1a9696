import pytest

from ingest.footnotes import extract_inline_footnotes, footnote_url
from ingest.markers import marker, take_markers
from ingest.records import Footnote


def test_kamerstuk_footnote_is_cut_out_and_linked():
    text, notes = extract_inline_footnotes(
        "die u 27 januari jl. toekwam.[footnoteRef:2] [2:  Kamerstuk 36715, nr.32] "
    )
    # The marker stays as its marker character, for where it stood (ingest.markers).
    assert text == "die u 27 januari jl. toekwam." + marker(2)
    assert notes == [
        Footnote(
            2, "Kamerstuk 36715, nr.32", "https://zoek.officielebekendmakingen.nl/kst-36715-32.html"
        )
    ]


def test_url_footnotes_keep_their_url_and_the_sentence_stays_whole():
    text, notes = extract_inline_footnotes(
        "speech op 28 januari jl.[footnoteRef:5] en de andere speech.[footnoteRef:6] "
        "[5:  https://www.nato.int/en/remarks]  [6:  https://ec.europa.eu/speech_26_249] "
    )
    assert text == f"speech op 28 januari jl.{marker(5)} en de andere speech.{marker(6)}"
    assert take_markers(text) == (
        "speech op 28 januari jl. en de andere speech.",
        [(5, 24), (6, 45)],
    )
    assert [(n.number, n.url) for n in notes] == [
        (5, "https://www.nato.int/en/remarks"),
        (6, "https://ec.europa.eu/speech_26_249"),
    ]


def test_footnote_without_link_has_no_url():
    _, notes = extract_inline_footnotes("Tekst.[footnoteRef:1] [1:  Zie de bijlage.]")
    assert notes == [Footnote(1, "Zie de bijlage.", None)]


def test_a_marker_without_its_footnote_is_cut_out():
    text, notes = extract_inline_footnotes("Tekst[footnoteRef:3] gaat door.")
    assert (text, notes) == ("Tekst gaat door.", [])


def test_paragraph_breaks_survive():
    text, notes = extract_inline_footnotes("Eerste alinea.\n\nTweede  alinea.")
    assert text == "Eerste alinea.\n\nTweede alinea."
    assert notes == []


@pytest.mark.parametrize(
    ("text", "url"),
    [
        # Footnotes of the ten Aanhangsel PDFs, as printed.
        (
            "Overheid.nl, «Huisvesting Nederlandse evacués», www.internetconsultatie.nl/"
            "huisvesting_evacuees/b1",
            "https://www.internetconsultatie.nl/huisvesting_evacuees/b1",
        ),
        ("Zie de website www.firsteetkit.nl", "https://www.firsteetkit.nl"),
        (
            "Wie ontvingen – ontvangers | Ministerie van Financiën – Rijksoverheid "
            "(rijksfinancien.nl)",
            "https://rijksfinancien.nl",
        ),
        (
            "NOS.nl, 27 juni 2024, «Tuchtrecht Banken wil opheldering van Bunq over gluren naar "
            "rekeningen» (https://nos.nl/artikel/2526363-tuchtrecht-banken-wil-opheldering-van-"
            "bunq-over-gluren-naar-rekeningen)",
            "https://nos.nl/artikel/2526363-tuchtrecht-banken-wil-opheldering-van-bunq-over-"
            "gluren-naar-rekeningen",
        ),
        (
            "Kamerstukken ll 2023/24, 36 410 XVI, nr. 160",
            "https://zoek.officielebekendmakingen.nl/kst-36410-XVI-160.html",
        ),
        ("Atlas Leefomgeving | Atlas Leefomgeving", None),
        ("NEMESIS-3, 2023", None),
    ],
)
def test_footnote_links(text, url):
    assert footnote_url(text) == url
