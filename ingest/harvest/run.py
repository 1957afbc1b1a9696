"""One harvest: query the source page by page, check each record, fetch what is missing.

For every record the SRU service returns: out of scope, it is counted and nothing of it
is fetched; complete in the archive for its version, it is counted as present; otherwise
its metadata and best text item are downloaded into its folder. One record that fails
is listed (with the URL and the reason) and remembered, to be tried again by the next
harvest, and the others go on. A source that cannot be queried ends the run, with
everything fetched until then kept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest import limits
from ingest.harvest import archive, source
from ingest.harvest.client import Client, FetchError
from ingest.harvest.scope import Scope, out_of_scope
from ingest.harvest.sru import (
    SruError,
    SruRecord,
    build_query,
    identifier_query,
    page_url,
    parse_page,
)
from ingest.harvest.state import (
    HarvestState,
    PublicationState,
    harvest_lock,
    has_complete_files,
    load_state,
    read_publication,
    save_state,
    write_publication,
)

# (records handled, records found, publications fetched)
Progress = Callable[[int, int, int], None]


@dataclass(frozen=True)
class HarvestOptions:
    endpoint: str
    archive: Path
    scope: Scope
    today: date  # the run's date: the next harvest's default --since
    since: date | None = None  # None: from the state (the last completed harvest)
    until: date | None = None
    query: str | None = None  # CQL that replaces the built one


@dataclass(frozen=True)
class Failure:
    identifier: str
    url: str
    reason: str


@dataclass
class HarvestSummary:
    query: str
    since: date | None
    found: int = 0  # what the source says the query matches
    retried: int = 0  # records that failed before, not in this query's answer, tried again
    fetched: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    out_of_scope: Counter[str] = field(default_factory=Counter)
    failed: list[Failure] = field(default_factory=list)
    source_error: str | None = None  # the source could not be queried (to the end)
    warnings: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.source_error is None


def plan(options: HarvestOptions, state: HarvestState) -> tuple[date | None, str]:
    """The --since in force and the CQL query to send."""
    since = options.since
    if since is None and options.query is None:
        last = state.last_success.get(options.scope.key)
        since = date.fromisoformat(last) if last else None
    scope = options.scope
    built = build_query(scope.kinds, scope.ministries, since, options.until)
    return since, options.query or built


def wanted_items(record: SruRecord) -> dict[str, tuple[str, str]]:
    """Archive file name -> (manifestation, URL) of the metadata and the best text item."""
    identifier = record.identifier
    metadata = record.items.get(source.METADATA)
    if not metadata:
        raise ValueError("het record noemt geen metadata-item")
    text = next((m for m in source.TEXT_PREFERENCE if record.items.get(m)), None)
    if text is None:
        kinds = ", ".join(source.TEXT_PREFERENCE)
        raise ValueError(f"het record noemt geen tekst-item ({kinds})")
    return {
        archive.file_name(source.METADATA, identifier): (source.METADATA, metadata),
        archive.file_name(text, identifier): (text, record.items[text]),
    }


class _Run:
    def __init__(
        self,
        options: HarvestOptions,
        client: Client,
        state: HarvestState,
        summary: HarvestSummary,
        progress: Progress | None,
    ) -> None:
        self.options = options
        self.client = client
        self.state = state
        self.summary = summary
        self.progress = progress
        self.handled = 0
        self.max_bytes = limits.DEFAULT_LIMITS.max_file_bytes

    def pages(self, query: str, is_main: bool = True) -> set[str] | None:
        """Every page of `query`, each record handled as it comes: the ids seen, or None
        when the source could not be queried to the end (summary.source_error says why).
        The main query's total is what the summary reports as found."""
        seen: set[str] = set()
        start = 1
        while True:
            url = page_url(self.options.endpoint, query, start)
            try:
                page = parse_page(self.client.get(url, self.max_bytes), url)
            except (FetchError, SruError) as error:
                self.summary.source_error = str(error)
                return None
            if start == 1 and is_main:
                self.summary.found = page.total
            for position, reason in page.unreadable:
                self.summary.failed.append(Failure(f"record {position}", url, reason))
            for record in page.records:
                if record.identifier not in seen:
                    seen.add(record.identifier)
                    self.record(record)
            following = page.next_position
            if following is None or following > page.total or not (page.records or page.unreadable):
                return seen
            if following <= start:
                reason = f"nextRecordPosition {following} gaat niet vooruit"
                self.summary.source_error = f"{url}: {reason}"
                return None
            start = following

    def retry_failures(self, seen: set[str]) -> None:
        """Publications that failed before and this query did not return, asked for by id
        (their records may have changed since); those the source no longer has are let go."""
        earlier = sorted(k for k in self.state.failed if k not in seen)
        self.summary.retried = len(earlier)
        for first in range(0, len(earlier), source.IDS_PER_QUERY):
            asked = earlier[first : first + source.IDS_PER_QUERY]
            found = self.pages(identifier_query(asked), is_main=False)
            if found is None:
                return
            for identifier in sorted(set(asked) - found):
                self.state.failed.pop(identifier, None)
                self.summary.warnings.append(f"{identifier}: eerder mislukt, niet meer bij de bron")

    def record(self, record: SruRecord) -> None:
        identifier = record.identifier
        reason = out_of_scope(record, self.options.scope)
        try:
            if reason is not None:
                self.summary.out_of_scope[reason] += 1
            elif self.fetch_publication(record):
                self.summary.fetched.append(identifier)
            else:
                self.summary.present.append(identifier)
            self.state.failed.pop(identifier, None)
        except (FetchError, ValueError, OSError) as error:
            url = error.url if isinstance(error, FetchError) else ""
            why = error.reason if isinstance(error, FetchError) else str(error)
            self.summary.failed.append(Failure(identifier, url, why))
            self.state.failed[identifier] = why
        self.handled += 1
        if self.progress is not None:
            total = self.summary.found + self.summary.retried
            self.progress(self.handled, max(total, self.handled), len(self.summary.fetched))

    def fetch_publication(self, record: SruRecord) -> bool:
        """The record's items into its folder; False when they were all there already."""
        folder = archive.publication_dir(self.options.archive, record.identifier)
        items = wanted_items(record)
        held = read_publication(folder)
        if (
            held
            and held.modified == record.modified
            and held.complete
            and has_complete_files(folder, held, set(items))
        ):
            return False
        if held is None or held.modified != record.modified:
            held = PublicationState(modified=record.modified)
            write_publication(folder, held)  # from now on, files here may be of this version
        archive.clear_partials(folder)
        for name, (manifestation, url) in items.items():
            if has_complete_files(folder, held, {name}):
                continue
            held.files[name] = self.client.download(
                url, folder / name, self.max_bytes, check=_checker(manifestation, url)
            )
            write_publication(folder, held)
        archive.remove_others(folder, keep=set(items))
        held.files = {name: held.files[name] for name in items}
        held.complete = True
        write_publication(folder, held)
        return True


def _checker(manifestation: str, url: str) -> Callable[[Path], None]:
    def check(path: Path) -> None:
        problem = archive.content_problem(manifestation, path)
        if problem:
            raise FetchError(url, problem)

    return check


def _may_advance(options: HarvestOptions, since: date | None, previous: str | None) -> bool:
    """A completed run moves the default --since to its own date only when it covered
    everything from the previous one to now: no --query, no --until, no gap."""
    if options.query is not None or options.until is not None:
        return False
    return previous is None or since is None or since.isoformat() <= previous


def harvest(
    options: HarvestOptions,
    client: Client,
    progress: Progress | None = None,
    announce: Callable[[str], None] | None = None,
) -> HarvestSummary:
    """Run one harvest into `options.archive`; see the module docstring. `announce` gets
    the CQL query before the first request. Raises HarvestBusy when another harvest runs."""
    with harvest_lock(options.archive):
        state, warning = load_state(options.archive)
        since, query = plan(options, state)
        if announce is not None:
            announce(query)
        summary = HarvestSummary(query=query, since=since)
        if warning:
            summary.warnings.append(warning)
        run = _Run(options, client, state, summary, progress)
        seen = run.pages(query)
        if seen is not None:
            run.retry_failures(seen)
            previous = state.last_success.get(options.scope.key)
            if _may_advance(options, since, previous):
                state.last_success[options.scope.key] = options.today.isoformat()
        save_state(options.archive, state)
    return summary
