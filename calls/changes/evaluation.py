"""Did a change help: before and after, with effect sizes and tests (issue 19 §4).

The windows: `window_days` local days before the day of the change and as many after it, the day
itself left out (on it the calls are a mix of before and after). The calls: the analysed calls of
the change's lines (every line when it names none) that the viewer may see.

Each figure (calls/metrics/) is compared between the windows:
- a share (a tag's rate, repeats, hot calls, FCR): the difference in percentage points with
  Newcombe's interval, the two-proportion z-test (Fisher's exact test when counts are small),
  Cohen's h (project/stats/proportions.py, effect_sizes.py);
- a mean (handling time, time to resolution, the share of silence): the difference with Welch's
  interval, Welch's t-test, Hedges' g (project/stats/means.py, effect_sizes.py).
The p-values are adjusted by Holm's method within each family: the figures the change was meant
to affect (its tags' rates, else the standard figures), which make the verdict, and the rest,
shown for context. A window with fewer than MIN_MEASURED measured calls is «слишком мало данных»:
no test is run on it. Why each choice: docs/changes.md.

One aggregate query for all the figures (each day's count, sum and sum of squares of each, from
which both windows' mean and variance and the daily series come), whatever the number of calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connections
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.utils.safestring import SafeString

from calls.changes.figures import Direction, FigureRow, Side, Verdict, Window
from calls.changes.links import window_calls_url
from calls.changes.sentences import verdict_sentence
from calls.local_days import day_start
from calls.metrics.aggregates import Figure
from calls.metrics.definitions import (
    FCR,
    HANDLING_TIME,
    HOT_SHARE,
    REPEAT_SHARE,
    RESOLUTION_TIME,
    SILENCE_SHARE,
    Kind,
    Metric,
    tag_rate,
)
from calls.models import Call, Change, Line
from project.roles import AnyUser
from project.stats.effect_sizes import cohens_h, hedges_g
from project.stats.means import Sample, welch_test
from project.stats.multiple import holm
from project.stats.proportions import share_change

# The fewest measured calls a window needs before a figure is tested. With 50 calls a side a
# two-sided test at α = 0.05 has 80% power for an effect of 0.56 (Cohen's d or h: "medium");
# with fewer only a large effect could show, and «без изменений» would mostly mean «could not
# see». It is also where the mean of skewed durations is close enough to normal for Welch's test.
# tests/calls/changes/test_evaluation.py checks the power figure with statsmodels.
MIN_MEASURED = 50

# The standard figures, in the order they are shown; FCR only once its windows have closed.
STANDARD_METRICS: tuple[Metric, ...] = (
    REPEAT_SHARE, HOT_SHARE, HANDLING_TIME, SILENCE_SHARE, RESOLUTION_TIME,
)


@dataclass(frozen=True)
class ChangeEvaluation:
    change: Change
    before: Window
    after: Window
    now: datetime
    verdict: Verdict
    # For a pending change, what the partial after-window shows so far.
    provisional: Verdict | None
    verdict_text: str
    verdict_html: SafeString
    rows: list[FigureRow]
    lines: list[Line]
    days_elapsed: int
    minimum: int = MIN_MEASURED
    notes: list[str] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        return self.verdict == Verdict.PENDING

    @property
    def primary_rows(self) -> list[FigureRow]:
        return [row for row in self.rows if row.primary]

    @property
    def other_rows(self) -> list[FigureRow]:
        return [row for row in self.rows if not row.primary]


def change_windows(change: Change) -> tuple[Window, Window]:
    days = timedelta(days=change.window_days)
    day = timedelta(days=1)
    return (
        Window(change.changed_on - days, change.changed_on - day),
        Window(change.changed_on + day, change.changed_on + days),
    )


def change_calls(change: Change, *, user: AnyUser | None) -> QuerySet[Call]:
    """The analysed calls of the change's lines (every line when none) that `user` may see;
    None is every call (a system reading, never a page)."""
    calls = Call.objects.all() if user is None else Call.objects.visible_to(user)
    calls = calls.filter(status=Call.Status.ANALYSED)
    line_ids = [line.pk for line in change.lines.all()]
    if line_ids:
        calls = calls.filter(line_id__in=line_ids)
    return calls


def _fcr_closed(after: Window, now: datetime) -> bool:
    """FCR of a call is known once its repeat window has closed: for the whole after-window,
    REPEAT_WINDOW_DAYS after its last day."""
    return now >= after.end + timedelta(days=settings.REPEAT_WINDOW_DAYS)


def _figures(change: Change, after: Window, now: datetime) -> list[tuple[Metric, bool]]:
    tags = list(change.tags.select_related("category").order_by("name"))
    standard = list(STANDARD_METRICS)
    if _fcr_closed(after, now):
        standard.append(FCR)
    if tags:
        return [(tag_rate(tag), True) for tag in tags] + [(m, False) for m in standard]
    return [(m, True) for m in standard]


@dataclass(frozen=True)
class DayTotals:
    """A figure's measured calls on one day, with the sum and the sum of squares of their
    values: what the window's mean, variance and the daily point are made from."""

    count: int
    total: float
    squares: float


def _by_day(
    calls: QuerySet[Call], metrics: list[Metric], before: Window, after: Window, now: datetime
) -> list[dict[date, DayTotals]]:
    """Each figure's totals per local day of both windows, all in one query (one pass over the
    windows' calls).

    Each call's values are computed once in an inner query and summed by the outer one.
    Aggregating the annotations directly (Avg(..., filter=window)) would repeat each value
    expression — for a tag's rate an EXISTS subquery — in every aggregate, and grouping by
    TruncDate runs a Python function per row on SQLite: together 12 s over 100,000 calls
    (tests/benchmarks/bench_changes.py). The day is a CASE over the days' local midnights, the
    same on SQLite and PostgreSQL."""
    days = before.each_day() + after.each_day()
    names = [f"metric_value_{i}" for i in range(len(metrics))]
    inner = (
        calls.filter(before.condition() | after.condition())
        .annotate(
            day_index=_day_index(days, 0, len(days)),
            **{name: metric.value(now) for name, metric in zip(names, metrics, strict=True)},
        )
        .values("day_index", *names)
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    connection = connections[inner.db]
    quote = connection.ops.quote_name
    sums = ", ".join(
        f"COUNT({quote(name)}), SUM({quote(name)}), SUM({quote(name)} * {quote(name)})"
        for name in names
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('day_index')}, {sums} FROM ({sql}) inner_values "
            f"GROUP BY {quote('day_index')}",
            params,
        )
        rows = cursor.fetchall()
    result: list[dict[date, DayTotals]] = [{} for _ in metrics]
    for row in rows:
        if row[0] is None:
            continue
        for i in range(len(metrics)):
            count, total, squares = row[1 + 3 * i: 4 + 3 * i]
            if count:
                result[i][days[row[0]]] = DayTotals(
                    count=int(count), total=float(total), squares=float(squares)
                )
    return result


def _day_index(days: list[date], low: int, high: int) -> Combinable:
    """The index in `days` (sorted local days) of a call's day, by halving: about log₂(28) = 5
    comparisons a call rather than 14 on average for a flat CASE (0.14 s a figure over 47,000
    calls on SQLite). A call on a day outside `days` (the change's) gets the index of the next
    listed day, so the calls must already be limited to the windows."""
    if high - low == 1:
        return Value(low, output_field=IntegerField())
    middle = (low + high) // 2
    return Case(
        When(started_at__lt=day_start(days[middle]), then=_day_index(days, low, middle)),
        default=_day_index(days, middle, high),
        output_field=IntegerField(),
    )


def _window_summary(totals: dict[date, DayTotals], window: Window) -> dict[str, float | None]:
    """The window's count, mean and sample variance from its days' totals."""
    inside = [t for day, t in totals.items() if window.date_from <= day <= window.date_to]
    n = sum(t.count for t in inside)
    if not n:
        return {"n": 0, "mean": None, "var": None}
    total = sum(t.total for t in inside)
    squares = sum(t.squares for t in inside)
    mean = total / n
    # Σ(x − x̄)² = Σx² − n·x̄²; clipped at 0 against rounding when every value is the same.
    variance = max(0.0, (squares - n * mean * mean) / (n - 1)) if n > 1 else None
    return {"n": n, "mean": mean, "var": variance}


def _side(
    summary: dict[str, float | None], metric: Metric, window: Window, lines: list[Line]
) -> Side:
    value = summary["mean"]
    measured = int(summary["n"] or 0)
    variance = summary["var"]
    successes = (
        round(float(value) * measured) if metric.kind == Kind.SHARE and value is not None else None
    )
    return Side(
        value=None if value is None else float(value),
        measured=measured,
        successes=successes,
        variance=None if variance is None else float(variance),
        value_url=window_calls_url(
            date_from=window.date_from, date_to=window.date_to, lines=lines,
            params=metric.calls_params,
        ),
        measured_url=window_calls_url(
            date_from=window.date_from, date_to=window.date_to, lines=lines,
            params=metric.calls_params if metric.kind == Kind.MEAN else None,
        ),
    )


def _compared(row: FigureRow) -> FigureRow:
    """The row with its test, interval and effect size, when both windows have enough calls."""
    before, after = row.before, row.after
    if row.too_few or before.value is None or after.value is None:
        return row
    if row.metric.kind == Kind.SHARE:
        assert before.successes is not None and after.successes is not None
        shares = share_change(
            before=before.successes, before_trials=before.measured,
            after=after.successes, after_trials=after.measured,
        )
        if shares is None:
            return row
        return _replace(
            row, difference=shares.difference, interval=shares.interval, test=shares.test,
            p_value=shares.p_value, effect_name="h",
            effect_size=cohens_h(before=shares.share_before, after=shares.share_after),
        )
    first = Sample(mean=before.value, variance=before.variance or 0.0, count=before.measured)
    second = Sample(mean=after.value, variance=after.variance or 0.0, count=after.measured)
    means = welch_test(before=first, after=second)
    if means is None:
        return row
    return _replace(
        row, difference=means.difference, interval=means.interval, test="welch",
        p_value=means.p_value, effect_name="g", effect_size=hedges_g(before=first, after=second),
    )


def _replace(row: FigureRow, **changes: object) -> FigureRow:
    return replace(row, **changes)  # type: ignore[arg-type]


def _adjusted(rows: list[FigureRow]) -> list[FigureRow]:
    """Holm within each family (the primary figures; the others), then each row's direction."""
    result = list(rows)
    for primary in (True, False):
        tested = [
            i for i, row in enumerate(result) if row.primary == primary and row.p_value is not None
        ]
        adjusted = holm([result[i].p_value or 0.0 for i in tested])
        for i, p in zip(tested, adjusted, strict=True):
            result[i] = _replace(result[i], p_adjusted=p)
    return [_with_direction(row) for row in result]


def _with_direction(row: FigureRow) -> FigureRow:
    if row.p_adjusted is None or row.difference is None:
        return row
    if not row.significant or row.difference == 0:
        return _replace(row, direction=Direction.SAME)
    fell = row.difference < 0
    better = fell if row.metric.lower_is_better else not fell
    return _replace(row, direction=Direction.BETTER if better else Direction.WORSE)


def verdict_of(rows: list[FigureRow]) -> Verdict:
    """The verdict from the primary figures: a significant move the right way and none the wrong
    way is «помогло»; any significant move the wrong way is «стало хуже» (a fix that made one
    of its own figures worse needs a look, whatever else it improved); none with enough calls is
    «мало данных»; otherwise «без изменений»."""
    primary = [row for row in rows if row.primary and row.direction is not None]
    if not primary:
        return Verdict.TOO_FEW
    if any(row.direction == Direction.WORSE for row in primary):
        return Verdict.WORSE
    if any(row.direction == Direction.BETTER for row in primary):
        return Verdict.HELPED
    return Verdict.NO_CHANGE


def change_evaluation(
    *, change: Change, now: datetime, user: AnyUser | None = None, daily: bool = True
) -> ChangeEvaluation:
    """Before and after for `change` as of `now`, over the calls `user` may see (None: every
    call); `daily=False` leaves out the daily series (a list of changes needs only verdicts)."""
    before, after = change_windows(change)
    lines = list(change.lines.order_by("code"))
    # As of `now`: a partial after-window counts the calls so far, and an evaluation read again
    # for the same moment gives the same numbers.
    calls = change_calls(change, user=user).filter(started_at__lt=now)
    rows: list[FigureRow] = []
    figures = _figures(change, after, now)
    all_totals = _by_day(calls, [metric for metric, _ in figures], before, after, now)
    for (metric, primary), totals in zip(figures, all_totals, strict=True):
        first = _side(_window_summary(totals, before), metric, before, lines)
        second = _side(_window_summary(totals, after), metric, after, lines)
        series = (
            {day: Figure(value=t.total / t.count, measured=t.count) for day, t in totals.items()}
            if daily
            else {}
        )
        row = FigureRow(
            metric=metric, primary=primary, before=first, after=second,
            too_few=min(first.measured, second.measured) < MIN_MEASURED, daily=series,
        )
        rows.append(_compared(row))
    rows = _adjusted(rows)
    complete = now >= after.end
    # Whole days of the after-window gone by.
    elapsed = max(0, min(after.days, (now - after.start).days))
    measured = verdict_of(rows)
    verdict = measured if complete else Verdict.PENDING
    provisional = None if complete else measured
    notes = []
    if not _fcr_closed(after, now):
        notes.append(
            "Решение с первого обращения появится, когда закроются окна повторных обращений "
            "звонков после изменения."
        )
    if len(lines) > 1:
        notes.append(
            "Ссылки на звонки открывают звонки всех линий за эти дни: список звонков "
            "отбирает одну линию."
        )
    text, html = verdict_sentence(
        verdict=verdict, provisional=provisional, rows=rows, after=after,
        days_elapsed=elapsed, minimum=MIN_MEASURED, changed_on=change.changed_on,
    )
    return ChangeEvaluation(
        change=change, before=before, after=after, now=now, verdict=verdict,
        provisional=provisional, verdict_text=text, verdict_html=html, rows=rows, lines=lines,
        days_elapsed=elapsed, notes=notes,
    )
