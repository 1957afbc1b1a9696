"""Each record's soort as a small code, per generation, and the records of the soorten a
search chooses: numpy over the table of search.soorten (a code is a soort's index in
SOORTEN), apart from it so that the argument parser reads the table without numpy."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from search.soorten import SOORTEN, document_soort

NONE = -1  # the code of a record without a soort


def record_soorten(
    size: int,
    layouts: Mapping[str, str],
    records_by_document: Mapping[str, np.ndarray],
    notices: np.ndarray,
) -> np.ndarray:
    """Per record number (of `size`), the index in SOORTEN of its document's soort (NONE:
    none), from each document's layout and records and the records that are a Mededeling
    (`notices`, record numbers). Made once per generation (search.generation)."""
    names = list(SOORTEN)
    codes = np.full(size, NONE, dtype=np.int8)
    is_notice = np.zeros(size, dtype=bool)
    is_notice[notices] = True
    for doc_id, records in records_by_document.items():
        soort = document_soort(layouts.get(doc_id, ""), bool(is_notice[records].any()))
        if soort is not None:
            codes[records] = names.index(soort)
    return codes


def soort_mask(codes: np.ndarray, chosen: tuple[str, ...]) -> np.ndarray:
    """The records (by their `codes`, record_soorten's) of any of the chosen soorten
    (canonical names)."""
    wanted = [list(SOORTEN).index(name) for name in chosen]
    return np.isin(codes, wanted)
