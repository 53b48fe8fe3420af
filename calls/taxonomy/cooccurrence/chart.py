"""The co-occurrence heatmap as inline SVG drawn on the server (no CDN, no JavaScript).

Rows and columns are the most frequent tags of the period (with a category: its tags first).
A cell is P(column | row): of the calls with the row's tag, the share that also have the
column's; the darker, the more often they come together. A strong pair (docs/cooccurrence.md)
is outlined. Every cell is a link to the calls having both tags; the diagonal to the calls with
the tag.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from calls.models import Tag
from calls.taxonomy.cooccurrence.queries import Cooccurrence, TagPair
from calls.taxonomy.problems.links import calls_url
from project.russian import plural

MAX_TAGS = 15
LABEL_WIDTH = 230
CELL = 34
TOP_LABELS = 150


def heatmap_tags(result: Cooccurrence) -> list[Tag]:
    ranked = sorted(result.tag_calls, key=lambda tag: (-result.tag_calls[tag], tag.pk))
    if result.category is not None:
        ranked.sort(key=lambda tag: tag.category_id != result.category.pk)  # type: ignore[union-attr]
    return ranked[:MAX_TAGS]


def _fill(share: float) -> str:
    # From near white to the product's blue as the conditional share goes from 0 to 1.
    low, high = (244, 246, 251), (28, 63, 150)
    red, green, blue = (round(a + (b - a) * share) for a, b in zip(low, high, strict=True))
    return f"#{red:02x}{green:02x}{blue:02x}"


def heatmap_svg(result: Cooccurrence, strong: list[TagPair]) -> SafeString:
    tags = heatmap_tags(result)
    pairs = {(pair.tag_a.pk, pair.tag_b.pk): pair for pair in result.pairs}
    strong_keys = {(pair.tag_a.pk, pair.tag_b.pk) for pair in strong}
    cells = []
    for i, row in enumerate(tags):
        y = TOP_LABELS + i * CELL
        cells.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12">{}</text>',
                LABEL_WIDTH - 6,
                y + CELL / 2 + 4,
                row.name,
            )
        )
        for j, column in enumerate(tags):
            x = LABEL_WIDTH + j * CELL
            if row.pk == column.pk:
                cells.append(
                    format_html(
                        '<a href="{}"><rect x="{}" y="{}" width="{}" height="{}" fill="#e2e5ea">'
                        "<title>{}</title></rect></a>",
                        calls_url(result.scope, tag=row),
                        x,
                        y,
                        CELL - 2,
                        CELL - 2,
                        f"{row.name}: {plural(result.tag_calls[row], 'звонок,звонка,звонков')}",
                    )
                )
                continue
            key = (min(row.pk, column.pk), max(row.pk, column.pk))
            pair = pairs.get(key)
            both = pair.both if pair else 0
            share = both / result.tag_calls[row]
            title = (
                f"В {share * 100:.0f}% звонков с тегом «{row.name}» есть и "
                f"«{column.name}» ({both} из {result.tag_calls[row]})"
            )
            outline = ' stroke="#d9822b" stroke-width="3"' if key in strong_keys else ""
            rect = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"{}><title>{}</title></rect>',
                x,
                y,
                CELL - 2,
                CELL - 2,
                _fill(share),
                SafeString(outline),
                title,
            )
            label = format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="{}">{}</text>',
                x + (CELL - 2) / 2,
                y + CELL / 2 + 3,
                "#fff" if share > 0.5 else "#333",
                f"{share * 100:.0f}" if both else "",
            )
            if both:
                low, high = (row, column) if row.pk < column.pk else (column, row)
                cells.append(
                    format_html(
                        '<a href="{}">{}{}</a>',
                        calls_url(result.scope, tag=low, also=high),
                        rect,
                        label,
                    )
                )
            else:
                cells.append(format_html("{}{}", rect, label))
    headers = format_html_join(
        "",
        ('<text x="{}" y="{}" font-size="12" transform="rotate(-55 {} {})">{}</text>'),
        (
            (
                LABEL_WIDTH + j * CELL + CELL / 2,
                TOP_LABELS - 6,
                LABEL_WIDTH + j * CELL + CELL / 2,
                TOP_LABELS - 6,
                tag.name,
            )
            for j, tag in enumerate(tags)
        ),
    )
    # Room on the right for the last column's label, written at 55° upwards.
    width = LABEL_WIDTH + CELL * len(tags) + 130
    height = TOP_LABELS + CELL * len(tags) + 10
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-label="{label}" font-family="sans-serif">{headers}{cells}</svg>',
        w=width,
        h=height,
        headers=headers,
        cells=SafeString("".join(cells)),
        label="Тепловая карта: доля звонков с тегом строки, где есть и тег столбца",
    )
