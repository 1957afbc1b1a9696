"""Polite HTTP against the stand-in server: delay, User-Agent, Retry-After, backoff, faults,
and downloads that only ever appear complete."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest

from ingest.harvest.archive import content_problem
from ingest.harvest.client import Client, FetchError, Politeness, retry_after_seconds
from tests.ingest.harvest.conftest import QUICK, USER_AGENT, client
from tests.ingest.harvest.koop import FakeKoop

PDF_ID = "ah-tk-20232024-1292"
MAX = 10 * 2**20


def pdf(koop: FakeKoop) -> tuple[str, str, bytes]:
    """URL, server path and bytes of a real fixture PDF."""
    publication = koop.publications[PDF_ID]
    return koop.url(PDF_ID, "pdf"), koop.path(PDF_ID, "pdf"), publication.items["pdf"].read_bytes()


def download(the_client: Client, url: str, target: Path) -> int:
    def check(path: Path) -> None:
        problem = content_problem("pdf", path)
        if problem:
            raise FetchError(url, problem)

    return the_client.download(url, target, MAX, check)


def arrivals(koop: FakeKoop, path: str) -> list[float]:
    return [h.at for h in koop.hits if h.path == path]


class FakeTime:
    """A clock that moves only when the client sleeps: the waits it asks for, exactly."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds

    def clock(self) -> float:
        return self.now


def test_the_user_agent_is_sent(koop, tmp_path):
    url, path, _ = pdf(koop)
    download(client(), url, tmp_path / "a.pdf")
    assert [h.user_agent for h in koop.hits] == [USER_AGENT]


def test_requests_are_at_least_the_delay_apart_at_the_server(koop, tmp_path):
    delay = 0.25
    polite = client(Politeness(delay=delay, timeout=5.0))
    ids = sorted(koop.publications)[:6]
    for identifier in ids:
        polite.get(koop.url(identifier, "metadata"), MAX)
    times = sorted(h.at for h in koop.hits)
    assert len(times) == 6
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    assert min(gaps) >= delay, gaps


def test_retry_after_in_seconds_is_honoured(koop, tmp_path):
    url, path, body = pdf(koop)
    koop.fault(path, "retry-after:1")
    size = download(client(), url, tmp_path / "a.pdf")
    assert size == len(body) and (tmp_path / "a.pdf").read_bytes() == body
    first, second = arrivals(koop, path)
    assert second - first >= 1.0


def test_retry_after_as_an_http_date_and_nonsense():
    now = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(datetime(2026, 12, 1, 12, 0, 30, tzinfo=UTC), usegmt=True)
    assert retry_after_seconds(later, now.timestamp()) == pytest.approx(30.0)
    assert retry_after_seconds("120", now.timestamp()) == 120.0
    past = format_datetime(datetime(2026, 12, 1, 11, 0, 0, tzinfo=UTC), usegmt=True)
    assert retry_after_seconds(past, now.timestamp()) == 0.0
    for nonsense in (None, "", "soon", "-5"):
        assert retry_after_seconds(nonsense, now.timestamp()) is None


def test_5xx_is_retried_with_growing_pauses_a_bounded_number_of_times(koop, tmp_path):
    url, path, _ = pdf(koop)
    koop.fault(path, "503", "500", "503", "503")
    fake = FakeTime()
    rules = Politeness(delay=0.01, attempts=3, backoff=0.5, max_backoff=0.8)
    bounded = Client(USER_AGENT, rules, sleep=fake.sleep, clock=fake.clock)
    with pytest.raises(FetchError) as caught:
        download(bounded, url, tmp_path / "a.pdf")
    assert caught.value.url == url
    assert caught.value.reason == "HTTP 503 Service Unavailable; 3 pogingen"
    assert len(arrivals(koop, path)) == 3
    assert fake.sleeps == [0.5, 0.8]  # doubled, then capped at max_backoff
    assert not (tmp_path / "a.pdf").exists() and not list(tmp_path.iterdir())


def test_429_waits_as_long_as_asked(koop, tmp_path):
    url, path, body = pdf(koop)
    koop.fault(path, "retry-after:7")
    fake = FakeTime()
    patient = Client(USER_AGENT, QUICK, sleep=fake.sleep, clock=fake.clock)
    assert download(patient, url, tmp_path / "a.pdf") == len(body)
    assert fake.sleeps == [7.0]


def test_a_server_asking_too_long_a_pause_is_not_asked_again(koop, tmp_path):
    url, path, _ = pdf(koop)
    koop.fault(path, "retry-after:3600")
    fake = FakeTime()
    rules = Politeness(delay=0.01, max_retry_after=600)
    with pytest.raises(FetchError, match="de server vraagt 3600 s te wachten"):
        download(Client(USER_AGENT, rules, sleep=fake.sleep, clock=fake.clock), url, tmp_path / "a")
    assert len(arrivals(koop, path)) == 1 and fake.sleeps == []


def test_a_connection_dropped_mid_download_is_retried_and_the_file_is_whole(koop, tmp_path):
    url, path, body = pdf(koop)
    koop.fault(path, "drop")
    target = tmp_path / "a.pdf"
    assert download(client(), url, target) == len(body)
    assert target.read_bytes() == body
    first, second = [h for h in koop.hits if h.path == path]
    assert (first.complete, second.complete) == (False, True)


def test_a_download_that_never_completes_leaves_no_file(koop, tmp_path):
    url, path, body = pdf(koop)
    koop.fault(path, "drop", "drop", "drop")
    target = tmp_path / "a.pdf"
    target.write_bytes(b"%PDF-1.4 the previous version")
    with pytest.raises(FetchError) as caught:
        download(client(), url, target)
    half = len(body) // 2
    assert (
        caught.value.reason == f"verbinding verbroken na {half} van {len(body)} bytes; 3 pogingen"
    )
    assert target.read_bytes() == b"%PDF-1.4 the previous version"  # untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]  # no partial file left


def test_an_html_error_page_instead_of_a_pdf_is_refused(koop, tmp_path):
    url, path, _ = pdf(koop)
    koop.fault(path, "html")
    with pytest.raises(FetchError) as caught:
        download(client(), url, tmp_path / "a.pdf")
    assert (caught.value.url, caught.value.reason) == (url, "HTML-pagina in plaats van PDF")
    assert len(arrivals(koop, path)) == 1 and not list(tmp_path.iterdir())


def test_404_is_not_retried(koop, tmp_path):
    url, path, _ = pdf(koop)
    koop.fault(path, "404")
    with pytest.raises(FetchError, match=r"HTTP 404 Not Found$"):
        download(client(), url, tmp_path / "a.pdf")
    assert len(arrivals(koop, path)) == 1


def test_a_silent_server_times_out_and_is_asked_again(koop, tmp_path):
    url, path, body = pdf(koop)
    koop.hold_at(path)  # the first request gets no answer at all
    impatient = client(Politeness(delay=0.01, timeout=0.3, attempts=2, backoff=0.01))
    assert download(impatient, url, tmp_path / "a.pdf") == len(body)
    assert len(arrivals(koop, path)) == 2


def test_only_http_urls_are_fetched(koop, tmp_path):
    with pytest.raises(FetchError, match="geen http"):
        client().get("file:///etc/passwd", MAX)
    assert koop.hits == []


def test_an_oversized_item_is_refused(koop, tmp_path):
    url, _, body = pdf(koop)
    with pytest.raises(FetchError, match=f"te groot \\({len(body)} bytes; maximum 1000\\)"):
        client().download(url, tmp_path / "a.pdf", 1000, lambda path: None)
    assert not list(tmp_path.iterdir())
