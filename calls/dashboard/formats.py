"""How a figure's value is written: a share (or the share of silence) in percent, a time in
seconds — the same on the page, in the charts' tooltips and in the table."""

from __future__ import annotations

from calls.metrics.definitions import Metric


def display_value(metric: Metric, value: float | None) -> str:
    if value is None:
        return "—"
    if metric.unit:
        return f"{value:.0f}\u00a0{metric.unit}"
    return f"{value * 100:.1f}%".replace(".", ",")
