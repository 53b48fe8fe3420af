"""The top problems as inline SVG drawn on the server (no CDN, no JavaScript), as the competency
map is (coaching/competency/chart.py).

Two charts:
- shares: a row per problem; the pale bar is its category's share of calls, the dark bar the
  tag's own share, the tick the tag's share in the previous period;
- trend: the change of each share against the previous period with its 95% interval (Newcombe)
  around the zero line; a change whose test says «more than noise» is drawn in colour.
Each bar is a link to the calls it counts.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from calls.taxonomy.problems.links import calls_url
from calls.taxonomy.problems.queries import TopProblem, TopProblems

LABEL_WIDTH = 250
BAR_WIDTH = 360
ROW_HEIGHT = 30
TOP = 24


def _percent(value: float) -> str:
    return f"{value * 100:.0f}%"


def _share_row(index: int, problem: TopProblem, result: TopProblems, scale: float) -> SafeString:
    y = TOP + index * ROW_HEIGHT

    def x(share: float) -> str:
        return f"{LABEL_WIDTH + BAR_WIDTH * min(1.0, share / scale):.1f}"

    def width(share: float) -> str:
        return f"{BAR_WIDTH * min(1.0, share / scale):.1f}"

    previous = (
        problem.previous_calls / result.previous_analysed if result.previous_analysed else None
    )
    parts = [
        format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>',
            LABEL_WIDTH - 8,
            y + 15,
            problem.tag.name,
        ),
        format_html(
            '<a href="{}"><rect x="{}" y="{}" width="{}" height="20" fill="#dfe6f5">'
            "<title>{}</title></rect></a>",
            calls_url(result.scope, category=problem.category),
            LABEL_WIDTH,
            y + 1,
            width(problem.category_share),
            f"{problem.category.name}: {_percent(problem.category_share)} звонков",
        ),
        format_html(
            '<a href="{}"><rect x="{}" y="{}" width="{}" height="12" fill="#3b6fd8">'
            "<title>{}</title></rect></a>",
            calls_url(result.scope, tag=problem.tag),
            LABEL_WIDTH,
            y + 5,
            width(problem.share),
            f"{problem.tag.name}: {_percent(problem.share)} звонков",
        ),
    ]
    if previous is not None:
        parts.append(
            format_html(
                '<line x1="{x}" x2="{x}" y1="{}" y2="{}" stroke="#d9822b" stroke-width="3">'
                "<title>{}</title></line>",
                y,
                y + 22,
                f"Прошлый период: {_percent(previous)}",
                x=x(previous),
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="12">{}</text>',
            LABEL_WIDTH + BAR_WIDTH + 8,
            y + 15,
            f"{_percent(problem.share)} · из них {_percent(problem.share_in_category)} категории",
        )
    )
    return SafeString("".join(parts))


def shares_svg(result: TopProblems) -> SafeString:
    problems = result.problems
    previous = [
        p.previous_calls / result.previous_analysed for p in problems if result.previous_analysed
    ]
    scale = max([p.category_share for p in problems] + previous + [0.01])
    rows = format_html_join(
        "", "{}", ((_share_row(i, p, result, scale),) for i, p in enumerate(problems))
    )
    width = LABEL_WIDTH + BAR_WIDTH + 220
    height = TOP + ROW_HEIGHT * len(problems) + 8
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{label}" font-family="sans-serif">'
        '<text x="{lx}" y="14" font-size="12" fill="#555">{legend}</text>{rows}</svg>',
        w=width,
        h=height,
        lx=8,
        rows=rows,
        label="Главные проблемы: доля звонков с тегом и доля его категории",
        legend="синяя полоса — доля звонков с тегом, светлая — доля категории, "
        "оранжевая черта — прошлый период",
    )


def _trend_row(index: int, problem: TopProblem, result: TopProblems, scale: float) -> SafeString:
    y = TOP + index * ROW_HEIGHT
    centre = LABEL_WIDTH + BAR_WIDTH / 2

    def x(difference: float) -> str:
        clipped = max(-scale, min(scale, difference))
        return f"{centre + BAR_WIDTH / 2 * clipped / scale:.1f}"

    parts = [
        format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>',
            LABEL_WIDTH - 8,
            y + 15,
            problem.tag.name,
        )
    ]
    change = problem.change
    if change is None:
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" fill="#777">{}</text>',
                centre + 6,
                y + 15,
                "нет прошлого периода",
            )
        )
        return SafeString("".join(parts))
    colour = {"up": "#c0392b", "down": "#2e8b57"}.get(problem.trend, "#8a94a6")
    parts += [
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2"/>',
            x(change.interval.low),
            x(change.interval.high),
            y + 11,
            y + 11,
            colour,
        ),
        format_html(
            '<a href="{}"><circle cx="{}" cy="{}" r="6" fill="{}"><title>{}</title></circle></a>',
            calls_url(result.scope, tag=problem.tag),
            x(change.difference),
            y + 11,
            colour,
            f"{problem.tag.name}: {change.difference * 100:+.1f} п.п., p = {change.p_value:.3f}",
        ),
        format_html(
            '<text x="{}" y="{}" font-size="12">{}</text>',
            LABEL_WIDTH + BAR_WIDTH + 8,
            y + 15,
            f"{change.difference * 100:+.1f} п.п.",
        ),
    ]
    return SafeString("".join(parts))


def trend_svg(result: TopProblems) -> SafeString:
    problems = result.problems
    spans = [
        abs(bound)
        for p in problems
        if p.change is not None
        for bound in (p.change.interval.low, p.change.interval.high)
    ]
    scale = max(spans + [0.01])
    rows = format_html_join(
        "", "{}", ((_trend_row(i, p, result, scale),) for i, p in enumerate(problems))
    )
    width = LABEL_WIDTH + BAR_WIDTH + 120
    height = TOP + ROW_HEIGHT * len(problems) + 8
    centre = LABEL_WIDTH + BAR_WIDTH / 2
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{label}" font-family="sans-serif">'
        '<text x="{lx}" y="14" font-size="12" fill="#555">{legend}</text>'
        '<line x1="{c}" x2="{c}" y1="{top}" y2="{h}" stroke="#bbb"/>{rows}</svg>',
        w=width,
        h=height,
        lx=8,
        c=f"{centre:.1f}",
        top=TOP - 4,
        rows=rows,
        label="Изменение доли против прошлого периода с 95% интервалом",
        legend="точка — изменение доли, черта — 95% интервал; цветом — больше, чем шум",
    )
