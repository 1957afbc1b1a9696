import pytest

from ingest.parties import canonical_party, known_parties, party_of, party_table


@pytest.mark.parametrize(
    "written",
    ["GL-PvdA", "GroenLinks/PvdA", "groenlinks-pvda-fractie", "GroenLinks-PvdA fractie", "GL PvdA"],
)
def test_groenlinks_pvda_spellings_are_one_party(written):
    assert canonical_party(written) == "GroenLinks-PvdA"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("D66-fractie", "D66"),
        ("vvd", "VVD"),
        ("Partij voor de Dieren", "PvdD"),
        ("CU", "ChristenUnie"),
        ("christenunie-fractie", "ChristenUnie"),
        ("Forum voor Democratie", "FvD"),
        ("FVD", "FvD"),
        ("50+", "50PLUS"),
        ("de SP-fractie", "SP"),
        ("GroenLinks", "GroenLinks"),
        ("PvdA", "PvdA"),
        ("Groep Markuszower", "Groep Markuszower"),
    ],
)
def test_aliases_map_to_canonical(written, canonical):
    assert canonical_party(written) == canonical


def test_unknown_group_keeps_its_name():
    assert canonical_party("  Groep   Van Haga ") == "Groep Van Haga"


def test_unknown_party_comes_back_tidied_not_dropped():
    assert canonical_party(" Nieuwe  Partij-fractie ") == "Nieuwe Partij"


def test_known_parties_covers_the_current_kamer_and_old_names():
    names = known_parties()
    for expected in ["D66", "VVD", "GroenLinks-PvdA", "PVV", "CDA", "SGP", "JA21", "FvD", "PvdD"]:
        assert expected in names
    for expected in ["SP", "ChristenUnie", "DENK", "Volt", "BBB", "NSC", "50PLUS"]:
        assert expected in names
    assert {"Groep Markuszower", "GroenLinks", "PvdA"} <= set(names)
    assert len(names) == len(set(names))


def test_old_names_carry_their_period():
    periods = {party.canonical: (party.since, party.until) for party in party_table()}
    assert periods["GroenLinks"][1] is not None
    assert periods["PvdA"][1] is not None
    assert periods["GroenLinks-PvdA"][0] is not None


@pytest.mark.parametrize(
    ("label", "party"),
    [
        ("BBB", "BBB"),
        ("beiden GroenLinks-PvdA", "GroenLinks-PvdA"),  # "Bushoff en Patijn(beiden …)"
        ("allen GroenLinks", "GroenLinks"),
        ("Groep Van Haga", "Groep Van Haga"),
        ("GL-PvdA", "GroenLinks-PvdA"),
        ("Partij voor Vissers", None),  # never a new party
        ("beiden Partij voor Vissers", None),
    ],
)
def test_the_party_of_a_label_after_members_names(label, party):
    assert party_of(label) == party
