import pytest

from ingest.links import address_continues, find_address, find_bare_domain


def test_an_address_with_its_scheme_before_one_from_www():
    text = "NRC.nl, «Bunq» (https://www.nrc.nl/nieuws/2024/06/26/bunq-a4857800). Zie www.x.nl"
    assert find_address(text) == "https://www.nrc.nl/nieuws/2024/06/26/bunq-a4857800"
    assert find_address("Zie www.stormaanpak.nl.") == "https://www.stormaanpak.nl"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("mvo (atradiusdutchstatebusiness.nl)", "https://atradiusdutchstatebusiness.nl"),
        ("door Discriminatie.nl/Fryslân/Tumba:", "https://discriminatie.nl/Fryslân/Tumba"),
        ("o.a. d.d. 1 maart t.a.v. de heer", None),
        ("mail info@defensie.nl", None),
        ("het bestand rapport.pdf", None),
    ],
)
def test_bare_domains(text, url):
    assert find_bare_domain(text) == url


def test_a_parenthesis_of_the_address_stays():
    assert find_address("(zie https://nl.wikipedia.org/wiki/Foo_(bar)).") == (
        "https://nl.wikipedia.org/wiki/Foo_(bar)"
    )


@pytest.mark.parametrize(
    ("left", "right", "continues"),
    [
        ("(https://www.ad.nl/geen-", "vergunning)", True),
        ("nos.nl/artikel/2519000-nederlander-14-weer-", "vrijgelaten", True),
        ("www.movisie.nl/files/Regenboogbeleid%20provincies", "%202022.pdf", True),
        ("zie www.rijksoverheid.nl.", "Daarnaast", False),
        ("zie www.rijksoverheid.nl", "voor meer", False),
        ("een woning-", "zoekende", False),  # no address: the hyphen rules decide
    ],
)
def test_where_a_line_break_cuts_an_address(left, right, continues):
    assert address_continues(left, right) is continues
