"""PDF extraction on the ten real Aanhangsel PDFs, and on broken PDFs.

Measurement behind the choice of pdfminer.six over pypdf (both run on the ten files):
both get the characters right, but pypdf's plain text (a) glues the footer lines into one
("’s-Gravenhage 2024 Tweede Kamer, vergaderjaar 2023–2024, Aanhangsel 1"), (b) prints a
footnote marker as an ordinary digit with a space ("vervolgprocedure? 1"), so it cannot
be told from a number in the text, (c) has no line positions, so paragraph ends and the
footnote block at the page bottom are invisible, and (d) logs fontTools warnings for the
embedded Univers fonts. pdfminer.six gives each character's size and position: markers
are small raised digits, footnotes small type opening with their number, furniture sits
in the margins, paragraphs end at gaps and short lines.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from ingest import extract_pdf
from ingest.dehyphenate import Vocabulary, join_lines
from ingest.markers import marker
from ingest.records import IngestError
from tests.ingest.typeset import write_pdf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "aanhangsel"
PDFS = sorted(FIXTURES.glob("*.pdf"))
FURNITURE = re.compile(
    r"ah-tk-\d{8}-\d+|ISSN|’s-Gravenhage|vergaderjaar 2023–2024, Aanhangsel"
    r"|Tweede Kamer der Staten-Generaal"
)
# "paspoort- en verblijfsstatushouders" is an elided compound, not a broken word.
BROKEN_WORD = re.compile(r"\w-\s(?!(?:en|of|tot)\b)\w|\w-$", re.MULTILINE)
# Words the typesetter broke at a line end, as a reader reads them (from the PDFs).
REJOINED = {
    "ah-tk-20232024-1292": ["woningzoekenden", "Nederlandse paspoort-", "Midden-Oosten"],
    "ah-tk-20232024-1076": ["burgemeester", "demonstreren geen vrijbrief"],
    "ah-tk-20232024-1314": ["regenboogprovincie te", "Regenboogbeleid Regenboogprovincies 2022"],
    "ah-tk-20232024-1771": ["consumentenvuurwerkopslag", "Universiteit Twente", "massa-explosies"],
    "ah-tk-20232024-1786": ["mvo-standaarden", "exportkredietverzekering"],
    "ah-tk-20232024-2210": ["CCS-projecten", "vervoersmogelijkheden", "CO2 zijn"],
    "ah-tk-20232024-2367": ["Autoriteit Persoonsgegevens)", "bankierseed"],
}


@pytest.fixture(scope="module", params=PDFS, ids=lambda p: p.stem)
def extracted(request):
    return extract_pdf.extract(request.param)


def _all_text(extracted) -> str:
    notes = [f.text for p in extracted.paragraphs for f in p.footnotes]
    return "\n".join([p.text for p in extracted.paragraphs] + notes)


def test_ten_real_pdfs_are_in_the_fixtures():
    assert len(PDFS) == 10


def test_no_page_furniture_left(extracted):
    body = "\n".join(p.text for p in extracted.paragraphs[1:])  # [0] is the masthead title
    assert not FURNITURE.search(body), FURNITURE.search(body)
    assert not any(re.fullmatch(r"\d{1,4}", p.text) for p in extracted.paragraphs)
    assert extracted.metadata["identifier"] == Path(extracted.source).stem


def test_no_word_broken_by_a_line_end_hyphen(extracted):
    text = _all_text(extracted)
    url_free = re.sub(r"\S*(?:https?://|www\.)\S*", "", text)
    assert not BROKEN_WORD.search(url_free), BROKEN_WORD.search(url_free)
    for word in REJOINED.get(Path(extracted.source).stem, []):
        assert word in text


def test_footnotes_taken_out_of_the_text_and_attached():
    document = extract_pdf.extract(FIXTURES / "ah-tk-20232024-1292.pdf")
    question = next(p for p in document.paragraphs if p.text.startswith("Tot wanneer"))
    # The raised "1" is out of the text, its marker character in its place (ingest.markers).
    assert question.text.endswith("vervolgprocedure?" + marker(1))
    [note] = question.footnotes
    assert note.number == 1
    assert note.text.startswith("Overheid.nl, «Huisvesting Nederlandse evacués»")
    assert "www.internetconsultatie.nl/huisvesting_evacuees/b1" in note.text
    assert not any(p.text.startswith("1 Overheid.nl") for p in document.paragraphs)


def test_composed_accent_and_tables_read_as_rows():
    document = extract_pdf.extract(FIXTURES / "ah-tk-20232024-1314.pdf")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kostić (PvdD)" in text
    assert "Seksuele gerichtheid 66 73 74" in text


def _pdf_bytes(encrypt: bool = False) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "ah-tk-20232024-1999.pdf"))
    if encrypt:
        writer.encrypt(user_password="geheim", owner_password="eigenaar")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_encrypted_pdf_is_reported(tmp_path):
    path = tmp_path / "versleuteld.pdf"
    path.write_bytes(_pdf_bytes(encrypt=True))
    with pytest.raises(IngestError, match="versleutelde PDF"):
        extract_pdf.extract(path)


def test_truncated_pdf_is_reported(tmp_path):
    path = tmp_path / "afgebroken.pdf"
    path.write_bytes((FIXTURES / "ah-tk-20232024-1292.pdf").read_bytes()[:3000])
    with pytest.raises(IngestError, match="afgebroken.pdf"):
        extract_pdf.extract(path)


def test_pdf_without_text_layer_is_reported_not_guessed(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    with pytest.raises(IngestError, match="zonder tekstlaag"):
        extract_pdf.extract(path)


@pytest.mark.parametrize(
    ("lines", "elsewhere", "expected"),
    [
        (["woningzoeken-", "den aan"], "", "woningzoekenden aan"),
        (
            ["de counter-", "drone systemen"],
            "twee counter-drone systemen",
            "de counter-drone systemen",
        ),
        (["uit het Midden-", "Oosten"], "", "uit het Midden-Oosten"),
        (["de kwaliteits-", "en transporteisen"], "", "de kwaliteits- en transporteisen"),
        (["de CCS-", "projecten"], "", "de CCS-projecten"),
        (["(https://www.ad.nl/geen-", "vergunning)"], "", "(https://www.ad.nl/geen-vergunning)"),
        # A bare address keeps its hyphen too; a percent-escape continues the address.
        (
            ["(nos.nl/artikel/2519000-nederlander-na-14-weer-", "vrijgelaten)"],
            "",
            "(nos.nl/artikel/2519000-nederlander-na-14-weer-vrijgelaten)",
        ),
        (
            ["www.movisie.nl/files/2022-03/220315_%20Regenboogbeleid%20provincies", "%202022.pdf"],
            "",
            "www.movisie.nl/files/2022-03/220315_%20Regenboogbeleid%20provincies%202022.pdf",
        ),
        (["zie www.rijksoverheid.nl.", "Daarnaast"], "", "zie www.rijksoverheid.nl. Daarnaast"),
        (
            ["de internationale mvo-", "standaarden"],
            "het mvo-beleid",
            "de internationale mvo-standaarden",
        ),
    ],
)
def test_line_end_hyphens(lines, elsewhere, expected):
    assert join_lines(lines, Vocabulary([*lines, elsewhere])) == expected


def test_an_address_broken_before_a_percent_escape_is_whole():
    document = extract_pdf.extract(FIXTURES / "ah-tk-20232024-1314.pdf")
    [note] = [f for p in document.paragraphs for f in p.footnotes if f.number == 2]
    assert note.url == (
        "https://www.movisie.nl/sites/movisie.nl/files/2022-03/"
        "220315_%20Regenboogbeleid%20provincies%202022.pdf"
    )


def test_table_rows_and_list_items_are_paragraphs_of_their_own():
    table = extract_pdf.extract(FIXTURES / "ah-tk-20232024-1314.pdf")
    rows = [p.text for p in table.paragraphs]
    assert "Geslacht(Trans) 2 3 6" in rows and "Seksuele gerichtheid 10 14 34" in rows
    advice = extract_pdf.extract(FIXTURES / "ah-tk-20232024-2271.pdf")
    texts = [p.text for p in advice.paragraphs]
    # The item's heading stops short of the right edge; its explanation starts below it.
    assert "2. Specifieke adviezen van de Gezondheidsraad t.a.v. comorbiditeit" in texts
    measures = extract_pdf.extract(FIXTURES / "ah-tk-20232024-1771.pdf")
    items = [p.text for p in measures.paragraphs if re.match(r"\d\. Alle producten", p.text)]
    assert len(items) == 3 and items[0].endswith("Zowel bij plastic als papieren buizen.")


def test_a_line_that_leaves_room_for_the_next_word_ends_its_paragraph():
    # 2367, "Vraag 7, 8, 9 10 en 11": question 8 ("Kunt u bij antwoord 7 …") starts on
    # the line after question 7, which stops where "Kunt" would still have fit.
    document = extract_pdf.extract(FIXTURES / "ah-tk-20232024-2367.pdf")
    texts = [p.text for p in document.paragraphs]
    assert "kan gebeuren?" in texts[texts.index("Vraag 7, 8, 9 10 en 11") + 1][-14:]
    assert texts[texts.index("Vraag 7, 8, 9 10 en 11") + 2].startswith("Kunt u bij antwoord 7")


def test_an_italic_word_run_into_a_roman_one_gets_its_space_back():
    text = "\n".join(
        p.text for p in extract_pdf.extract(FIXTURES / "ah-tk-20232024-1786.pdf").paragraphs
    )
    assert "het zogenoemde red-tagging van activisten" in text
    assert "De OESO Common Approaches en OESO-richtlijnen" in text


def test_glyphs_without_unicode_become_bullets_or_are_dropped_with_one_warning(tmp_path):
    # The list of 1292 (answer 6), set with a bullet glyph that has no Unicode meaning
    # (129, the Staten-Generaal typesetting's bullet) and a stray unknown glyph (143).
    path = write_pdf(
        tmp_path / "opsomming.pdf",
        [
            rb"/F1 10 Tf (Als een gemeente een urgentieregeling heeft, dan moeten daar in) Tj",
            rb"/F1 10 Tf (elk geval de volgende groepen in worden opgenomen:) Tj",
            b"",
            rb"/F2 10 Tf (\201 woningzoekenden die verblijven in een voorziening \217) Tj",
            rb"/F2 10 Tf (\201 woningzoekenden die mantelzorg verlenen of ontvangen \217) Tj",
            b"",
            rb"/F1 10 Tf (Het verschilt erg per gemeente welke groepen verder worden) Tj",
            rb"/F1 10 Tf (opgenomen in een urgentieregeling.) Tj",
        ],
    )
    document = extract_pdf.extract(path)
    assert [p.text for p in document.paragraphs] == [
        "Als een gemeente een urgentieregeling heeft, dan moeten daar in elk geval de volgende"
        " groepen in worden opgenomen:",
        "• woningzoekenden die verblijven in een voorziening",
        "• woningzoekenden die mantelzorg verlenen of ontvangen",
        "Het verschilt erg per gemeente welke groepen verder worden opgenomen in een"
        " urgentieregeling.",
    ]
    assert document.warnings == [f"{path}: tekens zonder bekende betekenis weggelaten: (cid:143)"]


def test_a_cedilla_drawn_back_over_its_letter_joins_it(tmp_path):
    # The typesetter sets "s", moves back, sets the spacing cedilla over it and moves on:
    # pdfminer reads "Yes¸ ilgöz-Zegerius", with a space after the accent.
    path = write_pdf(
        tmp_path / "cedille.pdf",
        [rb"/F1 10 Tf [(Vragen van het lid Yes) 420 (\270) -150 (ilg\366z-Zegerius \(VVD\))] TJ"],
    )
    [paragraph] = extract_pdf.extract(path).paragraphs
    assert paragraph.text == "Vragen van het lid Yeşilgöz-Zegerius (VVD)"
