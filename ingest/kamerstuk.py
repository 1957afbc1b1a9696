"""Kamerstuk references in the ways letters write them, turned into official ids and links.

"Kamerstuk 36 045, nr. 267", "Kamerstuk 36715, nr.32", "36124-57",
"Kamerstukken 36 045, nummers 215 en 264", "21 501-28, nr. 296" (dossier 21501, part 28),
"36 410 VIII, nr. 106" (a budget's chapter as part: kst-36410-VIII-106).

This is the one place that recognises Kamerstuk and dossier numbers. Ingest links the
Kamerstukken a text names (`find_kamerstukken`); the index makes search terms of every
reference with where it stands (`find_references`: also a dossier named without an item,
"Kamerstukken II 2023/24, 36 045", an item in running text, "(36 471-64)", an official id
written out, "kst-26485-432", and the Kamer's zaak and document numbers, "2023Z12345").
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

# The words that may stand before a dossier number: "Kamerstuk", "Kamerstukken II
# 2023/24,", "dossier", "Tweede Kamer, vergaderjaar 2022–2023,".
_LEAD = (
    r"(?:\bKamerstuk(?:ken)?|\bdossier(?:nummer)?|\bTweede\s+Kamer,?)[\s.:,]*"
    r"(?:(?:II|ll|I)\b[,\s]*)?(?:(?:vergaderjaar\s+)?\d{4}\s*[–/-]\s*\d{2,4}\b[,\s]*)?"
)
# A dossier named without an item ("Kamerstukken 36 045", "dossier 36045"): an item
# after it is another form's, the dash form ("Kamerstuk 36124-57") too.
_DOSSIER_ONLY = re.compile(
    rf"{_LEAD}{_DOSSIER}{_PART}?\b(?!\s*,?\s*{_NR_WORD}\s*\d|\s?-\s?\d|\s?\d)",
    re.IGNORECASE,
)
# An item in running text, "(36 471-64)": dossiers begin with 1 to 3, and neither a range
# of amounts ("20 000-30 000") nor a longer number runs on.
_IN_TEXT = re.compile(
    r"(?<![\w.,/-])(?P<dossier>[1-3]\d\s?\d{3})-(?P<number>\d{1,4})(?![\w.,-]|\s?\d{3}\b)"
)
# An official id written out, as in a link: "kst-26485-432", "kst-36410-XVI-160".
_OFFICIAL = re.compile(r"\bkst-(?P<dossier>\d{5})(?P<rest>(?:-[0-9A-Za-z]{1,4}){0,2})\b")
# The Kamer's zaak and document numbers: "2023Z12345", "2022D25169".
_ZAAK = re.compile(r"\b(?:19|20)\d{2}[ZD]\d{5}\b")
# A dossier typed with a space and nothing around it ("36 045"): only a query may mean one
# by it (search.expand joins it when the index holds the dossier); in a letter it is as
# often an amount ("20 000 euro").
SPACED_DOSSIER = re.compile(r"(?<![\w.,-])(\d{2})\s(\d{3})(?![\w.,]|\s\d{3}\b)")


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


@dataclass(frozen=True)
class Reference:
    """Where a text names a Kamerstuk, a dossier or a zaak, and which one, by id:
    "kst-36045-243", a dossier as "kst-36045" or "kst-21501-02", a zaak as "2023Z12345"."""

    start: int
    end: int
    id: str


def dossier_id(dossier: str, part: str | None = None) -> str:
    return f"kst-{dossier}" + (f"-{part}" if part is not None else "")


# What every reference needs: five digits (maybe with a space after two), or a zaak number.
_MAY_REFER = re.compile(r"\d{2}\s?\d{3}")


def find_references(text: str) -> list[Reference]:
    """Every Kamerstuk, dossier and zaak the text names, in order, where a longer reference
    holds a shorter one only the longer one (several items of one reference share its span)."""
    if not _MAY_REFER.search(text):
        return []
    found: list[Reference] = []
    for match in _WITH_NR.finditer(text):
        part = match["part"] or match["chapter"]
        start = _lead_start(text, match.start())
        for number in _numbers(match["numbers"]):
            stuk = Kamerstuk(_dossier(match["dossier"]), number, part)
            found.append(Reference(start, match.end(), stuk.id))
    words = _lead_words(text)
    dashed = _DASHED.finditer(text) if "kamerstuk" in words else ()
    for match in (*dashed, *(_IN_TEXT.finditer(text) if "-" in text else ())):
        found.append(Reference(match.start(), match.end(), _dashed_id(match)))
    for match in _DOSSIER_ONLY.finditer(text) if words else ():
        found_id = dossier_id(_dossier(match["dossier"]), match["part"] or match["chapter"])
        found.append(Reference(match.start(), match.end(), found_id))
    for match in _OFFICIAL.finditer(text) if "kst-" in text else ():
        found.append(Reference(match.start(), match.end(), match.group(0)))
    for match in _ZAAK.finditer(text):
        found.append(Reference(match.start(), match.end(), match.group(0)))
    return outermost(found)


def _lead_words(text: str) -> set[str]:
    """Which of the words some patterns cannot match without the text holds: a pattern
    whose word is missing need not scan it (most texts with numbers name no Kamerstuk).
    Case-folded, as the patterns ignore case: "ſ" and the Kelvin sign fold to "s" and
    "k" as they match them; "doss" stands for "dossier" because an "i" may be "ı" or "İ"."""
    folded = text.casefold()
    return {word for word in ("kamerstuk", "doss", "tweede") if word in folded}


def _dashed_id(match: re.Match[str]) -> str:
    """ "36124-57" is an item; "21 501-02", with its leading zero, a dossier's part."""
    dossier, second = _dossier(match["dossier"]), match["number"]
    if second.startswith("0"):
        return dossier_id(dossier, second)
    return Kamerstuk(dossier, int(second)).id


def _lead_start(text: str, start: int) -> int:
    """Where the words naming a reference begin ("Kamerstuk 36 045, nr. 1" from "36 045")."""
    before = text[max(0, start - 60) : start]
    lead = re.search(rf"{_LEAD}$", before, re.IGNORECASE)
    return start - len(before) + lead.start() if lead else start


def outermost(references: list[Reference]) -> list[Reference]:
    """The references in order of appearance, without those inside a longer one."""
    ordered = sorted(dict.fromkeys(references), key=lambda r: (r.start, -r.end))
    kept: list[Reference] = []
    for ref in ordered:
        inside = any(
            k.start <= ref.start and ref.end <= k.end and (k.start, k.end) != (ref.start, ref.end)
            for k in kept
        )
        if not inside:
            kept.append(ref)
    return kept


def parse_kamerstuk(text: str) -> Kamerstuk | None:
    """The first Kamerstuk named in the text, or None."""
    found = find_kamerstukken(text)
    return found[0] if found else None
