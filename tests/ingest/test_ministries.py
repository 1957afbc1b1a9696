from datetime import date

import pytest

from ingest.ministries import department_table, full_ministry, offices_in


@pytest.mark.parametrize(
    ("printed", "full"),
    [
        ("BZ", "Ministerie van Buitenlandse Zaken"),  # 2129: "Minister Bruins Slot (BZ)"
        ("Financiën", "Ministerie van Financiën"),
        ("Volksgezondheid, Welzijn en Sport", "Ministerie van Volksgezondheid, Welzijn en Sport"),
        ("IenW", "Ministerie van Infrastructuur en Waterstaat"),
        ("OC&W", "Ministerie van Onderwijs, Cultuur en Wetenschap"),
        ("Ministerie van Defensie", "Ministerie van Defensie"),
        ("DEFENSIE", "Ministerie van Defensie"),
        # An office without a ministry of its own belongs to one.
        ("Buitenlandse Handel en Ontwikkelingssamenwerking", "Ministerie van Buitenlandse Zaken"),
        ("Fiscaliteit en Belastingdienst", None),
    ],
)
def test_names_and_abbreviations_give_the_full_name(printed, full):
    assert full_ministry(printed, date(2024, 5, 21)) == full


def test_a_name_means_what_it_meant_on_the_day():
    vro = "Volkshuisvesting en Ruimtelijke Ordening"
    assert full_ministry(vro, date(2023, 5, 1)) == (
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
    )
    assert full_ministry(vro, date(2025, 5, 1)) == f"Ministerie van {vro}"
    assert full_ministry("EZK", date(2020, 1, 1)) == "Ministerie van Economische Zaken en Klimaat"


def test_every_abbreviation_of_the_glossary_is_in_the_table():
    known = {alias for d in department_table() for alias in d.aliases}
    glossary = "AZ BZ BHO BZK Def EZ EZK KGG Fin IenW JenV LNV LVVN OCW SZW VWS VRO AenM"
    assert set(glossary.split()) <= known


def test_offices_named_in_a_sentence():
    # 1786 and 2129 address and answer on behalf of several offices at once.
    offices = offices_in(
        "mede namens de Ministers voor Volkshuisvesting en Ruimtelijke Ordening, van Landbouw, "
        "Natuur en Voedselkwaliteit en voor Armoedebeleid, Participatie en Pensioenen en de "
        "Staatssecretaris van Volksgezondheid, Welzijn en Sport",
        date(2022, 7, 14),
    )
    assert [(o.title, o.ministry) for o in offices] == [
        (
            "Minister voor Volkshuisvesting en Ruimtelijke Ordening",
            "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        ),
        (
            "Minister van Landbouw, Natuur en Voedselkwaliteit",
            "Ministerie van Landbouw, Natuur en Voedselkwaliteit",
        ),
        (
            "Minister voor Armoedebeleid, Participatie en Pensioenen",
            "Ministerie van Sociale Zaken en Werkgelegenheid",
        ),
        (
            "Staatssecretaris van Volksgezondheid, Welzijn en Sport",
            "Ministerie van Volksgezondheid, Welzijn en Sport",
        ),
    ]
    assert [o.title for o in offices_in("aan de Minister van Financiën")] == [
        "Minister van Financiën"
    ]
