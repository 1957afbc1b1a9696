"""Kamerstuk references in the ways letters write them, turned into official ids and links.

"Kamerstuk 36 045, nr. 267", "Kamerstuk 36715, nr.32", "36124-57",
"Kamerstukken 36 045, nummers 215 en 264", "21 501-28, nr. 296" (dossier 21501, part 28),
"36 410 VIII, nr. 106" (a budget's chapter as part: kst-36410-VIII-106).

This is the one place that recognises Kamerstuk and dossier numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BASE_URL = "https://zoek.officielebekendmakingen.nl"

# A dossier number has five digits, often printed with a space: "36 045".
_DOSSIER = r"(?P<dossier>\d{2}\s?\d{3})"
# A part: digits after a dash ("21 501-28", "21 501-02"), or a budget chapter in Roman
# numerals, maybe with a letter ("36 410 VIII", "36 410-XVI", "36 600 IXB"), or the letter
# of a fund ("36 410 A"), after a space or a dash.
_CHAPTER = r"(?-i:[IVXL]{1,7}[AB]?|[A-K])\b"  # capitals only, whatever the pattern's flags
_PART = rf"(?:\s?-\s?(?P<part>\d{{1,3}}|{_CHAPTER})|\s(?P<chapter>{_CHAPTER}))"
_NR_WORD = r"(?:nrs?\.?|nummers?|no\.?)"
# Item numbers have at most four digits; "… en 36 045" starts the next reference instead;
# "nr. 679, nr. 684 en 685" repeats the word.
_NUMBERS = (
    rf"(?P<numbers>\d{{1,4}}(?:\s*(?:,|en|&)\s*(?:{_NR_WORD}\s*)?\d{{1,4}}\b(?!\s?\d{{3}}\b))*)\b"
)
# "36 045, nr. 267", "21 501-28, nr. 296", "36 045, nummers 215 en 264", "36 410 VIII, nr. 1"
_WITH_NR = re.compile(
    rf"\b{_DOSSIER}{_PART}?\s*,?\s*{_NR_WORD}\s*{_NUMBERS}",
    re.IGNORECASE,
)
# "Kamerstuk 36124-57": with the dash the second number is the item, not a part.
_DASHED = re.compile(
    rf"\bKamerstuk(?:ken)?\s+{_DOSSIER}\s?-\s?(?P<number>\d{{1,4}})\b(?!\s*,?\s*{_NR_WORD})",
    re.IGNORECASE,
)
# Bare "36124-57" (as users and footnotes write it), only as the whole text.
_BARE = re.compile(rf"^\s*{_DOSSIER}-(?P<number>\d{{1,4}})\s*$")


@dataclass(frozen=True)
class Kamerstuk:
    dossier: str  # digits only: "36045"
    number: int
    part: str | None = None  # as printed: "28" of "21 501-28", "02", "VIII" of "36 410 VIII"

    @property
    def id(self) -> str:
        part = f"-{self.part}" if self.part is not None else ""
        return f"kst-{self.dossier}{part}-{self.number}"

    @property
    def url(self) -> str:
        return f"{BASE_URL}/{self.id}.html"


def _dossier(raw: str) -> str:
    return re.sub(r"\s", "", raw)


def _numbers(raw: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", raw)]


# What every form above needs: a number word before digits, "Kamer(stuk)", or (bare) a
# leading digit. Every answer of every letter is searched for its citations and most
# name none: this check on the lower-cased text costs a quarter of the patterns. (Its
# letters have no other case forms than ASCII's, so it skips only texts they cannot match.)
_NUMBER_WORD = re.compile(r"n(?:r|ummer|o)\w?\.?\s*\d")


def _may_name_one(text: str) -> bool:
    low = text.lower()
    return "kamer" in low or bool(_NUMBER_WORD.search(low)) or text.lstrip()[:1].isdigit()


def find_kamerstukken(text: str) -> list[Kamerstuk]:
    """Every Kamerstuk the text names, in order of appearance, each once."""
    if not _may_name_one(text):
        return []
    found: list[tuple[int, Kamerstuk]] = []
    for match in _WITH_NR.finditer(text):
        part = match["part"] or match["chapter"]
        for number in _numbers(match["numbers"]):
            found.append((match.start(), Kamerstuk(_dossier(match["dossier"]), number, part)))
    for match in _DASHED.finditer(text):
        found.append((match.start(), Kamerstuk(_dossier(match["dossier"]), int(match["number"]))))
    bare = _BARE.match(text)
    if bare:
        found.append((0, Kamerstuk(_dossier(bare["dossier"]), int(bare["number"]))))
    ordered = [stuk for _, stuk in sorted(found, key=lambda item: item[0])]
    return list(dict.fromkeys(ordered))


def parse_kamerstuk(text: str) -> Kamerstuk | None:
    """The first Kamerstuk named in the text, or None."""
    found = find_kamerstukken(text)
    return found[0] if found else None
