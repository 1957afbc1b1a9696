"""Each record's soort as a code, and the records of the chosen soorten."""

from __future__ import annotations

import numpy as np

from ingest.layouts.aanhangsel import NAME as AANHANGSEL
from ingest.layouts.schriftelijk_overleg import NAME as SCHRIFTELIJK_OVERLEG
from search.soort_codes import NONE, record_soorten, soort_mask
from search.soorten import SOORTEN


def test_a_record_has_its_documents_soort_and_a_notice_makes_a_mededeling() -> None:
    layouts = {"vragen": AANHANGSEL, "uitstel": AANHANGSEL, "so": SCHRIFTELIJK_OVERLEG}
    records = {
        "vragen": np.array([0, 1]),
        "uitstel": np.array([2, 3]),
        "so": np.array([4]),
        "onbekend": np.array([5]),
    }
    codes = record_soorten(6, layouts, records, notices=np.array([3]))
    names = [list(SOORTEN)[code] if code != NONE else None for code in codes]
    assert names == [
        "kamervragen",
        "kamervragen",
        "mededeling",
        "mededeling",
        "schriftelijk overleg",
        None,
    ]
    chosen = soort_mask(codes, ("kamervragen", "schriftelijk overleg"))
    assert chosen.tolist() == [True, True, False, False, True, False]
    assert not soort_mask(codes, ()).any()
