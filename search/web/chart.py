"""The chart of who asks what: matches per party per year (or month), as a bar chart drawn
on the server in SVG, with the same numbers in a table beside it.

`bar_chart` turns counts (search.periods.PeriodCounts) into the geometry the template
`pages/_chart.html` draws; any page can embed it the same way (a member's or a ministry's
page: their own counts, a `link` to the search each bar stands for). `/statistiek` takes
the results page's parameters and shows the chart of that search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, render_template, request, url_for

from search import dutch
from search.periods import MONTHS, PeriodCounts
from search.soorten import UnknownSoortError
from search.web.params import ParamError, SearchParams, search_params
from search.web.service import engine

bp = Blueprint("chart", __name__)

# Parties with a colour of their own; the others are one segment, "overige".
NAMED_SERIES = 7
# Okabe and Ito's colours, which stay apart for colour-blind readers, darkened where
# needed for 3:1 against white (WCAG non-text contrast); the last is "overige".
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56b4e9", "#000000")
OTHERS_COLOUR = "#8c8c8c"
OTHERS = "Overige partijen"
# Drawing units (the SVG's own; it scales with the page).
PLOT_HEIGHT = 240
BAR_WIDTH = 48
BAR_GAP = 28
LEFT = 60  # room for the count axis: "200.000" at 13 units a character's height
AXIS_LABEL_END = LEFT - 8  # where a count ends; its grid line starts 4 units after
TOP = 16
BOTTOM = 36  # room for the period labels
TICKS = 4
MIN_WIDTH = 320
# As Dutch abbreviates months in dates (Taalunie): "mrt.", and "mei" whole.
MONTH_ABBREVIATIONS = (
    "jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec.",
)  # fmt: skip

Link = Callable[[str | None, str], str]


@dataclass
class Segment:
    series: str
    count: int
    y: float
    height: float
    colour: str
    url: str
    label: str  # "GroenLinks-PvdA, 2024: 12 vragen"


@dataclass
class Bar:
    period: str
    name: str  # "2024", "aug. 2024"
    total: int
    x: float
    label_x: float
    segments: list[Segment] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    description: str
    width: float
    height: float
    plot_top: float
    plot_bottom: float
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, count)
    legend: list[tuple[str, str]]  # (series, colour)
    table_rows: list[tuple[str, list[int], int]]  # series, counts per period, total
    periods: list[str]  # the table's column heads
    unit_name: str  # "jaar" or "maand"
    bar_width: float = BAR_WIDTH
    axis_label_end: float = AXIS_LABEL_END


def period_name(period: str) -> str:
    """ "2024" as it is; "2024-08" as "aug. 2024"."""
    if len(period) == 4:
        return period
    year, month = period.split("-")
    return f"{MONTH_ABBREVIATIONS[int(month) - 1]} {year}"


def period_days(period: str) -> tuple[date, date]:
    """The first and last day of a year ("2024") or a month ("2024-08")."""
    if len(period) == 4:
        return date(int(period), 1, 1), date(int(period), 12, 31)
    year, month = map(int, period.split("-"))
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def series_of(counts: PeriodCounts) -> list[tuple[str, dict[str, int], str]]:
    """(name, counts per period, colour): the parties with most matches, then the rest."""
    names = list(counts.counts)
    shown = names if len(names) <= NAMED_SERIES + 1 else names[:NAMED_SERIES]
    series = [(n, counts.counts[n], COLOURS[i % len(COLOURS)]) for i, n in enumerate(shown)]
    rest = names[len(shown) :]
    if rest:
        summed = {p: sum(counts.counts[n][p] for n in rest) for p in counts.periods}
        series.append((OTHERS, summed, OTHERS_COLOUR))
    return series


def bar_chart(counts: PeriodCounts, link: Link, title: str, noun: tuple[str, str]) -> Chart:
    """The chart's geometry: a bar per period, stacked by party, most asked at the base.

    `link(series, period)` is the search a segment stands for (series None: "overige",
    the period's search); `noun`: what is counted, singular and plural ("vraag").
    Parties asking together count for each, so a bar can exceed the matches.
    """
    series = series_of(counts)
    totals = [sum(s[1][p] for s in series) for p in counts.periods]
    top = _nice_top(max(totals, default=0))
    scale = PLOT_HEIGHT / top
    bottom = TOP + PLOT_HEIGHT
    bars = []
    for i, period in enumerate(counts.periods):
        x = LEFT + BAR_GAP / 2 + i * (BAR_WIDTH + BAR_GAP)
        bar = Bar(period, period_name(period), totals[i], x, x + BAR_WIDTH / 2)
        y = bottom
        for name, per_period, colour in series:
            count = per_period[period]
            if not count:
                continue
            height = count * scale
            y -= height
            label = f"{name}, {bar.name}: {dutch.counted(count, *noun)}"
            url = link(None if name == OTHERS else name, period)
            bar.segments.append(Segment(name, count, y, height, colour, url, label))
        bars.append(bar)
    width = max(MIN_WIDTH, LEFT + len(bars) * (BAR_WIDTH + BAR_GAP) + 8)
    return Chart(
        title=title,
        description=_description(counts, series, noun),
        width=width,
        height=bottom + BOTTOM,
        plot_top=TOP,
        plot_bottom=bottom,
        bars=bars,
        ticks=[(bottom - top * k / TICKS * scale, top * k // TICKS) for k in range(TICKS + 1)],
        legend=[(name, colour) for name, _, colour in series],
        table_rows=[(n, [c[p] for p in counts.periods], sum(c.values())) for n, c, _ in series],
        periods=[period_name(p) for p in counts.periods],
        unit_name="maand" if counts.unit == MONTHS else "jaar",
    )


def _nice_top(value: int) -> int:
    """The count axis's top: at least `value`, divisible by TICKS, a round number."""
    if value <= TICKS:
        return TICKS
    step = -(-value // TICKS)
    magnitude = 10 ** (len(str(step)) - 1)
    for nice in (1, 2, 2.5, 5, 10):
        if step <= nice * magnitude:
            return int(nice * magnitude * TICKS)
    return step * TICKS


def _description(counts: PeriodCounts, series: list, noun: tuple[str, str]) -> str:
    """What the chart shows, in a sentence or two: a reader without the picture."""
    if not counts.periods:
        return "Er zijn geen resultaten met een datum om te tellen."
    unit = "maand" if counts.unit == MONTHS else "jaar"
    first, last = period_name(counts.periods[0]), period_name(counts.periods[-1])
    span = first if first == last else f"{first} tot en met {last}"
    most = ", ".join(f"{name} ({sum(c.values())})" for name, c, _ in series[:3])
    return (
        f"{dutch.counted(counts.total, *noun).capitalize()} per partij per {unit}, "
        f"{span}. Meeste: {most}."
    )


def search_link(params: SearchParams) -> Link:
    """The results page for one party (or every party) in one period, with the search's
    own filters; the period within the search's own dates (`van`, `tot`)."""

    def link(series: str | None, period: str) -> str:
        parties = (series,) if series is not None else params.parties
        first, last = period_days(period)
        first = max(first, params.first_day or first)
        last = min(last, params.last_day or last)
        args = params.url_args(parties=parties, first_day=first, last_day=last, page=1)
        return url_for("pages.zoeken", **args)

    return link


@bp.get("/statistiek")
def statistiek() -> Any:
    # The results page's parameters, all of them: what the chart counts is that search.
    params = search_params(request.args)
    if params.like:
        raise ParamError("De grafiek telt een zoekopdracht (q), geen geplakte tekst (lijkt_op).")
    try:
        counts = engine().period_counts(
            params.query or None,
            document=params.document,
            expand=not params.exact,
            filters=params.filters(),
        )
    except (LookupError, UnknownSoortError) as error:  # an unknown value in a filter
        raise ParamError(str(error)) from error
    if params.parties:  # the chosen parties, not those who only asked with them
        counts = counts.only(engine().resolve_parties(params.parties))
    unit = "maand" if counts.unit == MONTHS else "jaar"
    about = f" op ‘{params.query}’" if params.query else ""
    title = f"Antwoorden{about} per partij per {unit}"
    chart = bar_chart(counts, search_link(params), title, NOUN)
    return render_template("pages/statistiek.html", params=params, counts=counts, chart=chart)


NOUN = ("antwoord", "antwoorden")
