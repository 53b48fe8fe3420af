"""A figure's daily series around a change, as inline SVG drawn on the server (no CDN, no
JavaScript), in the style of calls/taxonomy/problems/chart.py.

One point a day of the two windows (a day without a measured call has none), each a link to that
day's calls; the day of the change as a dashed vertical line; the mean of each window as a
horizontal line across it (the values compared in the table).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from calls.changes.figures import FigureRow, Window
from calls.changes.links import window_calls_url
from calls.changes.sentences import figure_value
from calls.models import Line

WIDTH = 640
HEIGHT = 200
LEFT = 56
RIGHT = 16
TOP = 24
BOTTOM = 28
BEFORE_COLOUR = "#8a94a6"
AFTER_COLOUR = "#3b6fd8"


def daily_svg(row: FigureRow, *, before: Window, after: Window, lines: list[Line]) -> SafeString:
    first, last = before.date_from, after.date_to
    span = max(1, (last - first).days)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    values = [figure.value for figure in row.daily.values() if figure.value is not None]
    means = [side.value for side in (row.before, row.after) if side.value is not None]
    top = max(values + means + [0.0])
    scale = top * 1.1 if top > 0 else 1.0

    def x(day: date) -> float:
        return LEFT + plot_width * (day - first).days / span

    def y(value: float) -> float:
        return TOP + plot_height * (1 - value / scale)

    change_day = before.date_to + timedelta(days=1)
    parts = [
        format_html(
            '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="#bbb"/>'
            '<text x="{tx}" y="{ty}" font-size="11" text-anchor="end" fill="#555">{top}</text>'
            '<text x="{tx}" y="{b}" font-size="11" text-anchor="end" fill="#555">{zero}</text>',
            l=LEFT, r=WIDTH - RIGHT, b=f"{TOP + plot_height:.1f}", tx=LEFT - 6, ty=TOP + 4,
            top=figure_value(row, scale), zero=figure_value(row, 0.0),
        ),
        format_html(
            '<line x1="{x}" x2="{x}" y1="{t}" y2="{b}" stroke="#d9822b" stroke-width="2" '
            'stroke-dasharray="5 4"><title>{title}</title></line>'
            '<text x="{x}" y="{ty}" font-size="11" text-anchor="middle" fill="#d9822b">{label}'
            "</text>",
            x=f"{x(change_day):.1f}", t=TOP, b=f"{TOP + plot_height:.1f}", ty=TOP - 8,
            title=f"День изменения {change_day:%d.%m.%Y} (не входит в окна)",
            label=f"изменение {change_day:%d.%m}",
        ),
    ]
    for window, side, colour, name in (
        (before, row.before, BEFORE_COLOUR, "до"),
        (after, row.after, AFTER_COLOUR, "после"),
    ):
        if side.value is None:
            continue
        parts.append(
            format_html(
                '<a href="{url}"><line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="{c}" '
                'stroke-width="3" opacity="0.6"><title>{title}</title></line></a>',
                url=side.value_url, x1=f"{x(window.date_from):.1f}",
                x2=f"{x(window.date_to):.1f}", y=f"{y(side.value):.1f}", c=colour,
                title=f"Среднее {name} изменения: {figure_value(row, side.value)}",
            )
        )
    points = format_html_join(
        "",
        '<a href="{}"><circle cx="{}" cy="{}" r="3.5" fill="{}"><title>{}</title></circle></a>',
        (
            (
                window_calls_url(
                    date_from=day, date_to=day, lines=lines, params=row.metric.calls_params
                ),
                f"{x(day):.1f}",
                f"{y(figure.value):.1f}",
                BEFORE_COLOUR if day < change_day else AFTER_COLOUR,
                f"{day:%d.%m}: {figure_value(row, figure.value)}, звонков: {figure.measured}",
            )
            for day, figure in sorted(row.daily.items())
            if figure.value is not None
        ),
    )
    parts.append(
        format_html(
            '<text x="{l}" y="{y}" font-size="11" fill="#555">{a}</text>'
            '<text x="{r}" y="{y}" font-size="11" text-anchor="end" fill="#555">{b}</text>',
            l=LEFT, r=WIDTH - RIGHT, y=HEIGHT - 8, a=f"{first:%d.%m}", b=f"{last:%d.%m}",
        )
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{label}" font-family="sans-serif">{parts}{points}</svg>',
        w=WIDTH, h=HEIGHT, parts=SafeString("".join(parts)), points=points,
        label=f"{row.metric.label} по дням: до и после изменения",
    )
