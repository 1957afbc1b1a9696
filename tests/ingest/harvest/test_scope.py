"""Each record checked against the scope from its own metadata, with a reason when out."""

from __future__ import annotations

import pytest

from ingest.harvest import scope as scope_module
from ingest.harvest.scope import make_scope, names_phrase, normalized, out_of_scope
from ingest.harvest.sru import SruRecord
from tests.ingest.harvest.koop import load_publications


def record(**fields: tuple[str, ...] | str) -> SruRecord:
    as_tuples = {k: (v,) if isinstance(v, str) else v for k, v in fields.items()}
    return SruRecord(identifier="x", modified="2024-01-01", fields=as_tuples)


def fixture_records() -> dict[str, SruRecord]:
    """The test server's publications as their gzd records carry them."""
    out = {}
    for publication in load_publications():
        data = publication.data
        fields = {"publicatienaam": (data["publicatienaam"],), "title": (data["title"],)}
        if data.get("ontvanger"):
            fields["ontvanger"] = tuple(data["ontvanger"])
        out[publication.identifier] = SruRecord(publication.identifier, "m", fields)
    return out


def test_default_scope_is_both_kinds_for_defensie():
    default = make_scope()
    assert [k.name for k in default.kinds] == ["kamervragen", "kamerstukken"]
    assert default.ministries == ("Defensie",)


def test_alle_means_every_ministry_and_kinds_are_deduplicated():
    wide = make_scope(["kamerstukken", "Kamerstukken"], ["Defensie", "alle"])
    assert wide.ministries is None and [k.name for k in wide.kinds] == ["kamerstukken"]


@pytest.mark.parametrize(
    ("kinds", "ministries", "message"),
    [
        (["brieven"], [], "onbekende soort 'brieven' voor --kind; kies uit: kamervragen"),
        ([], ["  "], "--ministry mag niet leeg zijn"),
    ],
)
def test_bad_kind_or_empty_ministry_is_a_dutch_error(kinds, ministries, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        make_scope(kinds, ministries)


def test_the_same_scope_has_one_key_however_it_is_asked():
    assert make_scope(["kamerstukken", "kamervragen"], ["Financiën", "Defensie"]).key == (
        make_scope(["kamervragen", "kamerstukken"], ["defensie", "financien"]).key
    )
    assert make_scope().key != make_scope(ministries=["alle"]).key


def test_names_are_compared_without_case_accents_or_extra_spaces():
    assert normalized("  Financiën\u00a0 en  Zo ") == "financien en zo"
    assert names_phrase("Minister van Financiën", "financien")
    assert names_phrase("Staatssecretaris van Defensie", "Defensie")
    assert not names_phrase("Defensienota 2024", "Defensie")  # a whole word, not a prefix
    assert names_phrase(
        "Minister van Binnenlandse Zaken en Koninkrijksrelaties", "Binnenlandse Zaken"
    )


def test_default_scope_keeps_the_defence_lists_and_skips_other_ministries():
    records = fixture_records()
    reasons = {key: out_of_scope(value, make_scope()) for key, value in records.items()}
    assert reasons["kst-36410-X-7"] is None and reasons["kst-36410-X-8"] is None
    others = {k: v for k, v in reasons.items() if k.startswith("ah-tk-")}
    assert len(others) == 10 and set(others.values()) == {scope_module.OTHER_MINISTRY}


def test_a_question_to_two_ministers_is_kept_for_either():
    # ah-tk-20232024-1771: to the Minister van Justitie en Veiligheid and the
    # Staatssecretaris van Infrastructuur en Waterstaat.
    both = fixture_records()["ah-tk-20232024-1771"]
    assert out_of_scope(both, make_scope(ministries=["Justitie en Veiligheid"])) is None
    assert out_of_scope(both, make_scope(ministries=["Infrastructuur en Waterstaat"])) is None
    assert out_of_scope(both, make_scope(ministries=["Financiën"])) == scope_module.OTHER_MINISTRY


def test_kind_and_document_type_are_checked():
    paper = fixture_records()["kst-36410-X-7"]
    assert out_of_scope(paper, make_scope(["kamervragen"])) == scope_module.OTHER_PUBLICATION
    letter = record(publicatienaam="Kamerstuk", title="Defensie; Brief van de minister")
    assert out_of_scope(letter, make_scope()) == scope_module.OTHER_DOCUMENT_TYPE
    typed = record(
        publicatienaam="Kamerstuk",
        title="Defensie",
        subrubriek="Verslag van een schriftelijk overleg",
    )
    assert out_of_scope(typed, make_scope()) is None


def test_a_record_without_the_ministry_field_says_so():
    # A wrong field name in source.py shows as this reason in every summary.
    bare = record(publicatienaam="Kamervragen (Aanhangsel)", title="Vragen over Defensie")
    assert out_of_scope(bare, make_scope()) == scope_module.NO_MINISTRY
    assert out_of_scope(bare, make_scope(ministries=["alle"])) is None
