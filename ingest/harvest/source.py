"""What the harvester knows of officielebekendmakingen's SRU 2.0 service, in one place.

Every query index, record field, manifestation and parameter name the harvester uses is
here and nowhere else. None of them has been checked against the live service (no machine
of this project reaches it); each comes from public code or documentation, noted beside
it and in ../shared/SOURCES.md. A single report from the live service corrects this file.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

# --- The request (PyPublicaties `sru.py`, after KOOP's "Handleiding SRU 2.0") -----------
FIXED_PARAMETERS = MappingProxyType(
    {"operation": "searchRetrieve", "version": "2.0", "recordSchema": "gzd"}
)
QUERY_PARAMETER = "query"
START_PARAMETER = "startRecord"  # 1-based, as SRU numbers records
COUNT_PARAMETER = "maximumRecords"
PAGE_SIZE = 100  # parlhist asks 1000 at a time; 100 keeps one answer small
IDS_PER_QUERY = 50  # earlier failures asked again by id, this many per query

# --- The response (an SRU 2.0 searchRetrieveResponse; wetsuite-core `searchrec.xml`) ----
SRU_NAMESPACE = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
NUMBER_OF_RECORDS = "numberOfRecords"
NEXT_POSITION = "nextRecordPosition"
RECORD = "record"
RECORD_DATA = "recordData"
# An SRU 2.0 diagnostic: <diagnostic><uri/><details/><message/></diagnostic>.
DIAGNOSTIC = "diagnostic"
# Inside recordData: <gzd><originalData><meta>…</meta></originalData><enrichedData>…
GZD = "gzd"
ORIGINAL_DATA = "originalData"
ENRICHED_DATA = "enrichedData"
ITEM_URL = "itemUrl"
MANIFESTATION_ATTRIBUTE = "manifestation"

# --- Record fields, by local name in originalData/meta (owmskern, owmsmantel, tpmeta) ----
# Namespaces differ between the examples read (none in wetsuite's sample, dcterms: and
# overheidwetgeving: in parlhist's crawler), so fields are matched by local name.
IDENTIFIER = "identifier"
# The record's version: the first of these it carries. tpmeta's datumTijdstipWijziging-
# Expression is a timestamp (wetsuite's sample); owmskern's modified only a date.
MODIFIED_FIELDS = ("datumTijdstipWijzigingExpression", "modified")
PUBLICATION = "publicatienaam"
TITLE = "title"
RECIPIENT = "ontvanger"  # Kamervragen: the office-holder asked (openkamer, AmCAT)
DOCUMENT_TYPE = "subrubriek"  # Kamerstukken: scheme OVERHEIDop.KamerstukTypen (parlhist)

# --- CQL index names (PyPublicaties; parlhist's queries) --------------------------------
BASE_CLAUSE = "c.product-area==officielepublicaties"
IDENTIFIER_INDEX = "dt.identifier"
MODIFIED_INDEX = "dt.modified"
PUBLICATION_INDEX = "w.publicatienaam"
TITLE_INDEX = "dt.title"
RECIPIENT_INDEX = "w.ontvanger"

# --- Items (manifestations in enrichedData) ---------------------------------------------
METADATA = "metadata"
METADATA_ROOT = "metadata_gegevens"  # metadata.xml's root element (wetsuite `opmeta1.xml`)
# The text the ingest reads, best first: the structured XML, then the typeset PDF, then
# the HTML rendering (a few publications are offered only so).
TEXT_PREFERENCE = ("xml", "pdf", "html")


@dataclass(frozen=True)
class Kind:
    """A kind of publication the harvest can ask for, and how its records say so."""

    name: str  # as given to --kind
    label: str  # Dutch, for the summary
    publication: str  # the record's publicatienaam
    ministry_field: str  # the record field that names the ministry
    ministry_index: str  # the same as a CQL index
    # Kinds of Kamerstuk kept (in the title, or as subrubriek); empty: every one.
    document_types: tuple[str, ...] = ()


KINDS = MappingProxyType(
    {
        "kamervragen": Kind(
            name="kamervragen",
            label="Kamervragen (Aanhangsel)",
            publication="Kamervragen (Aanhangsel)",
            # "Minister van Defensie", "Staatssecretaris van Defensie"
            ministry_field=RECIPIENT,
            ministry_index=RECIPIENT_INDEX,
        ),
        "kamerstukken": Kind(
            name="kamerstukken",
            label="Kamerstukken",
            publication="Kamerstuk",
            # The title carries the dossier's: "Vaststelling van de begrotingsstaten van
            # het Ministerie van Defensie (X) …; Lijst van vragen en antwoorden".
            ministry_field=TITLE,
            ministry_index=TITLE_INDEX,
            document_types=(
                "Lijst van vragen en antwoorden",
                "Verslag van een schriftelijk overleg",
            ),
        ),
    }
)
DEFAULT_MINISTRIES = ("Defensie",)
ALL_MINISTRIES = "alle"  # --ministry alle: no ministry filter
