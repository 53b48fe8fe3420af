"""A change's figures as the page shows them: each number as text with the address of its
calls, the test and effect size in words, and the daily chart."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from calls.changes.chart import daily_svg
from calls.changes.evaluation import ChangeEvaluation
from calls.changes.figures import Direction, FigureRow
from calls.changes.sentences import figure_difference, figure_value, p_text
from project.stats.effect_sizes import effect_band

DIRECTION_LABELS = {
    Direction.BETTER: "лучше",
    Direction.WORSE: "хуже",
    Direction.SAME: "в пределах шума",
}


@dataclass(frozen=True)
class ShownRow:
    row: FigureRow
    label: str
    before: str
    after: str
    difference: str
    interval: str
    p_value: str
    p_adjusted: str
    effect: str
    outcome: str
    chart: SafeString | None


def shown_rows(evaluation: ChangeEvaluation, *, charts: bool = True) -> list[ShownRow]:
    shown = []
    for row in evaluation.rows:
        difference, interval = "—", "—"
        if row.difference is not None and row.interval is not None:
            difference = figure_difference(row, row.difference)
            interval = (
                f"{figure_difference(row, row.interval.low, signed=False)} … "
                f"{figure_difference(row, row.interval.high, signed=False)}"
            )
        if row.too_few:
            outcome = "мало данных"
        elif row.direction is None:
            outcome = "—"
        else:
            outcome = DIRECTION_LABELS[row.direction]
        shown.append(
            ShownRow(
                row=row,
                label=str(row.metric.label),
                before=figure_value(row, row.before.value),
                after=figure_value(row, row.after.value),
                difference=difference,
                interval=interval,
                p_value=p_text(row.p_value) if row.p_value is not None else "—",
                p_adjusted=p_text(row.p_adjusted) if row.p_adjusted is not None else "—",
                effect=(
                    f"{row.effect_name} = {row.effect_size:.2f}".replace(".", ",")
                    + f" ({effect_band(row.effect_size)})"
                    if row.effect_size is not None
                    else "—"
                ),
                outcome=outcome,
                chart=(
                    daily_svg(row, before=evaluation.before, after=evaluation.after,
                              lines=evaluation.lines)
                    if charts and row.daily
                    else None
                ),
            )
        )
    return shown
