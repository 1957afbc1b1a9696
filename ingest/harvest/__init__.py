"""Harvest: the official archive of answered Kamervragen and Kamerstukken, fetched from
officielebekendmakingen's SRU 2.0 service into a folder the ingest reads.

`sru` speaks the protocol (CQL from the scope, answers parsed; names in `source`), `scope`
checks each record, `client` fetches politely, `archive` says where files go, `state`
remembers what is complete, `run` is one harvest.
"""

from ingest.harvest.client import Client, FetchError, Politeness
from ingest.harvest.run import Failure, HarvestOptions, HarvestSummary, harvest
from ingest.harvest.scope import Scope, make_scope
from ingest.harvest.state import HarvestBusy

__all__ = [
    "Client",
    "Failure",
    "FetchError",
    "HarvestBusy",
    "HarvestOptions",
    "HarvestSummary",
    "Politeness",
    "Scope",
    "harvest",
    "make_scope",
]
