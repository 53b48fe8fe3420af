"""The competency map as a bar chart in inline SVG, drawn on the server.

No CDN and no JavaScript: the page shows it as is, and the PDF report will embed the same SVG.
Each skill is a row: the score's bar, its 95% interval as a thin band, the team's median as a
tick; a skill on fewer than MIN_CALLS calls is drawn pale and labelled «мало данных».
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from coaching.competency.queries import SkillScore
from project.russian import plural

LABEL_WIDTH = 220
BAR_WIDTH = 360
ROW_HEIGHT = 30
TOP = 24


def _x(value: float) -> float:
    return LABEL_WIDTH + BAR_WIDTH * max(0.0, min(100.0, value)) / 100


def _row(index: int, score: SkillScore) -> SafeString:
    y = TOP + index * ROW_HEIGHT
    parts = [format_html('<text x="{}" y="{}" text-anchor="end" font-size="13">{}</text>',
                         LABEL_WIDTH - 8, y + 15, score.skill.name),
             format_html('<rect x="{}" y="{}" width="{}" height="18" fill="#eef0f3"/>',
                         LABEL_WIDTH, y + 2, BAR_WIDTH)]
    if score.score is not None:
        fill = "#3b6fd8" if score.enough_data else "#b8c6e6"
        parts.append(format_html('<rect x="{}" y="{}" width="{}" height="18" fill="{}">'
                                 "<title>{}</title></rect>", LABEL_WIDTH, y + 2,
                                 f"{_x(score.score) - LABEL_WIDTH:.1f}", fill,
                                 f"{score.skill.name}: {round(score.score)}% из "
                                 f"{plural(score.calls, 'звонка,звонков,звонков')}"))
    if score.interval is not None:
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1c2b4a" '
                                 'stroke-width="2"/>', f"{_x(score.interval.low):.1f}",
                                 f"{_x(score.interval.high):.1f}", y + 11, y + 11))
    if score.team_median is not None:
        median_x = f"{_x(score.team_median):.1f}"
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d9822b" '
                                 'stroke-width="3"><title>{}</title></line>',
                                 median_x, median_x, y, y + 22,
                                 f"Медиана команды: {round(score.team_median)}%"))
    label = ("нет звонков" if score.score is None
             else f"{round(score.score)}% · {plural(score.calls, 'звонок,звонка,звонков')}"
             + ("" if score.enough_data else " · мало данных"))
    parts.append(format_html('<text x="{}" y="{}" font-size="12">{}</text>',
                             LABEL_WIDTH + BAR_WIDTH + 8, y + 15, label))
    return SafeString("".join(parts))


def competency_svg(scores: list[SkillScore]) -> SafeString:
    width = LABEL_WIDTH + BAR_WIDTH + 170
    height = TOP + ROW_HEIGHT * len(scores) + 8
    rows = format_html_join("", "{}", ((_row(i, s),) for i, s in enumerate(scores)))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-label="{label}" font-family="sans-serif">'
        '<text x="{lx}" y="14" font-size="12" fill="#555">{legend}</text>{rows}</svg>',
        w=width, h=height, label="Карта компетенций: доля звонков, где навык проявлен",
        lx=LABEL_WIDTH, rows=rows,
        legend="полоса — балл, черта — 95% интервал, оранжевая метка — медиана команды",
    )
