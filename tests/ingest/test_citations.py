import pytest

from ingest.citations import cited_documents, session_of


@pytest.mark.parametrize(
    ("text", "own", "ids"),
    [
        # 1076 and 2271: the answer points to the Mededeling that deferred it.
        (
            "Zie ook Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594.",
            None,
            ["ah-tk-20232024-594"],
        ),
        ("Zie ook Aanhangsel Handelingen II 2023/24, nr. 1999", None, ["ah-tk-20232024-1999"]),
        (
            "Aanhangsel van de Handelingen I 2019-2020, nrs. 5 en 6",
            None,
            ["ah-ek-20192020-5", "ah-ek-20192020-6"],
        ),
        ("Zie Aanhangsel Handelingen, nr. 12.", "20232024", ["ah-tk-20232024-12"]),
        ("Zie Aanhangsel Handelingen, nr. 12.", None, []),  # which vergaderjaar is unknown
        ("in de brief (Kamerstuk 25 424, nr. 678).", None, ["kst-25424-678"]),
        ("Geen verwijzing naar een ander stuk.", None, []),
    ],
)
def test_cited_documents(text, own, ids):
    assert cited_documents([text], own) == ids


def test_each_cited_once_in_order():
    texts = ["Kamerstuk 26 485, nr. 380 en Kamerstuk 26 485, nr. 432", "Kamerstuk 26 485, nr. 380"]
    assert cited_documents(texts) == ["kst-26485-380", "kst-26485-432"]


def test_session_of_an_id():
    assert session_of("ah-tk-20232024-1999") == "20232024"
    assert session_of("kst-36410-X-7") is None
