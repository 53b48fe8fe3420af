"""A figure's series as a small inline SVG drawn on the server (no CDN, no JavaScript), in the
style of the top problems' charts (calls/taxonomy/problems/chart.py): a line through the points
that have measured calls (a gap where a day or week has none), each point a link to its calls
with its value in the tooltip."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from calls.dashboard.formats import display_value
from calls.dashboard.queries import Figure
from project.russian import plural

WIDTH = 220
HEIGHT = 48
PAD = 6


def sparkline_svg(figure: Figure) -> SafeString:
    points = figure.series
    values = [point.value for point in points if point.value is not None]
    top = max(values + [0.0]) or 1.0
    step = (WIDTH - 2 * PAD) / max(1, len(points) - 1)

    def xy(index: int, value: float) -> tuple[str, str]:
        x = PAD + step * index if len(points) > 1 else WIDTH / 2
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top
        return f"{x:.1f}", f"{y:.1f}"

    runs: list[list[str]] = [[]]
    for index, point in enumerate(points):
        if point.value is None:
            runs.append([])
            continue
        x, y = xy(index, point.value)
        runs[-1].append(f"{x},{y}")
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="#3b6fd8" stroke-width="2"/>',
        ((" ".join(run),) for run in runs if len(run) > 1),
    )
    dots = format_html_join(
        "",
        '<a href="{}"><circle cx="{}" cy="{}" r="3.5" fill="#3b6fd8"><title>{}</title>'
        "</circle></a>",
        (
            (
                point.calls_url,
                *xy(index, point.value),
                f"{point.period.date_from:%d.%m}"
                + (f"–{point.period.date_to:%d.%m}" if point.period.days > 1 else "")
                + f": {display_value(figure.metric, point.value)}, "
                + plural(point.measured, "звонок,звонка,звонков"),
            )
            for index, point in enumerate(points)
            if point.value is not None
        ),
    )
    by = "по дням" if points and points[0].period.days == 1 else "по неделям"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{label}" font-family="sans-serif">'
        '<line x1="{pad}" x2="{right}" y1="{base}" y2="{base}" stroke="#ccd3e0"/>'
        "{lines}{dots}</svg>",
        w=WIDTH,
        h=HEIGHT,
        pad=PAD,
        right=WIDTH - PAD,
        base=HEIGHT - PAD,
        label=f"{figure.metric.label}: {by}",
        lines=lines,
        dots=dots,
    )
