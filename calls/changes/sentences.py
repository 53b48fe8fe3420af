"""The verdict of a change in plain Russian, each number a link to the calls behind it.

«После изменения доля звонков с тегом «Навигация» снизилась с 12% до 7% (−5 п.п., 95% ДИ от −7
до −3), это не случайность: p = 0,001». Built as pieces of text, some with an address, so that
the same sentence is plain text (the API, e-mail) and HTML with links (the pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from calls.changes.figures import Direction, FigureRow, Verdict, Window
from project.russian import plural

MINUS = "\u2212"

# How each standard figure is named as the subject of the sentence, and its grammatical gender
# (the verb agrees: «доля снизилась», «время сократилось»). A tag's rate is «доля …» (feminine).
SUBJECTS: dict[str, tuple[str, str]] = {
    "repeat_share": ("доля повторных обращений", "f"),
    "hot_share": ("доля горячих звонков", "f"),
    "fcr": ("доля решённых с первого обращения", "f"),
    "resolved_share": ("доля звонков с решением", "f"),
    "resolution_time": ("среднее время до решения", "n"),
    "handling_time": ("средняя длительность разговора", "f"),
    "silence_share": ("средняя доля тишины", "f"),
}
VERBS = {
    ("f", "down"): "снизилась",
    ("f", "up"): "выросла",
    ("f", "same"): "почти не изменилась",
    ("n", "down"): "сократилось",
    ("n", "up"): "выросло",
    ("n", "same"): "почти не изменилось",
}


@dataclass(frozen=True)
class Piece:
    text: str
    url: str = ""


def _number(value: float, *, signed: bool = False) -> str:
    decimals = 0 if abs(value) >= 10 or value == round(value) else 1
    text = f"{value:.{decimals}f}".replace(".", ",")
    if text.endswith(",0"):
        text = text[:-2]
    if text in ("-0", "0"):
        return "0"
    if text.startswith("-"):
        return MINUS + text[1:]
    return "+" + text if signed else text


def figure_value(row: FigureRow, value: float | None) -> str:
    """A figure's value as shown: «12%» for a share, «312 с» for a duration."""
    if value is None:
        return "—"
    if row.is_fraction:
        return f"{_number(value * 100)}%"
    return f"{_number(value)}\u00a0{row.metric.unit}"


def figure_difference(row: FigureRow, value: float, *, signed: bool = True) -> str:
    """A difference as shown: «−5 п.п.» for a share, «−32 с» for a duration."""
    if row.is_fraction:
        return f"{_number(value * 100, signed=signed)}\u00a0п.п."
    return f"{_number(value, signed=signed)}\u00a0{row.metric.unit}"


def p_text(p_value: float) -> str:
    if p_value < 0.001:
        return "p < 0,001"
    digits = 3 if p_value < 0.01 else 2
    return "p = " + f"{p_value:.{digits}f}".replace(".", ",")


def subject(row: FigureRow) -> tuple[str, str]:
    return SUBJECTS.get(row.metric.code, (str(row.metric.label), "f"))


def _movement(row: FigureRow) -> list[Piece]:
    """«доля … снизилась с 12% до 7% (−5 п.п., 95% ДИ от −7 до −3)»."""
    assert row.difference is not None and row.interval is not None
    name, gender = subject(row)
    if row.direction == Direction.SAME:
        return [
            Piece(f"{name} {VERBS[(gender, 'same')]}: было "),
            Piece(figure_value(row, row.before.value), row.before.value_url),
            Piece(", стало "),
            Piece(figure_value(row, row.after.value), row.after.value_url),
            Piece(f" ({_interval(row)})"),
        ]
    way = "down" if row.difference < 0 else "up"
    return [
        Piece(f"{name} {VERBS[(gender, way)]} с "),
        Piece(figure_value(row, row.before.value), row.before.value_url),
        Piece(" до "),
        Piece(figure_value(row, row.after.value), row.after.value_url),
        Piece(f" ({_interval(row)})"),
    ]


def _interval(row: FigureRow) -> str:
    assert row.difference is not None and row.interval is not None
    low = figure_difference(row, row.interval.low, signed=False).split("\u00a0")[0]
    return (
        f"{figure_difference(row, row.difference)}, 95% ДИ от {low} до "
        f"{figure_difference(row, row.interval.high, signed=False)}"
    )


def _p_clause(row: FigureRow, family: int) -> str:
    assert row.p_adjusted is not None
    correction = (
        f" с поправкой Холма на {plural(family, 'показатель,показателя,показателей')}"
        if family > 1
        else ""
    )
    return p_text(row.p_adjusted) + correction


def _measured_sentence(verdict: Verdict, rows: list[FigureRow], minimum: int) -> list[Piece]:
    primary = [row for row in rows if row.primary]
    tested = [row for row in primary if row.direction is not None]
    family = len(tested)
    if verdict == Verdict.TOO_FEW or not tested:
        if not primary:
            return [Piece("Нет показателей для сравнения.")]
        scarce = min(primary, key=lambda row: min(row.before.measured, row.after.measured))
        return [
            Piece("Слишком мало данных, чтобы судить: до изменения "),
            Piece(
                plural(scarce.before.measured, "звонок,звонка,звонков"),
                scarce.before.measured_url,
            ),
            Piece(", после — "),
            Piece(
                plural(scarce.after.measured, "звонок,звонка,звонков"), scarce.after.measured_url
            ),
            Piece(f"; нужно хотя бы {minimum} в каждом окне."),
        ]
    better = [row for row in tested if row.direction == Direction.BETTER]
    worse = [row for row in tested if row.direction == Direction.WORSE]
    if verdict == Verdict.WORSE or (worse and not better):
        lead, other = min(worse, key=_p), better
    elif better:
        lead, other = min(better, key=_p), worse
    else:
        lead, other = min(tested, key=_p), []
    pieces = [Piece("После изменения "), *_movement(lead)]
    if lead.direction == Direction.SAME:
        pieces.append(Piece(f", это в пределах случайных колебаний: {_p_clause(lead, family)}."))
    else:
        pieces.append(Piece(f", это не случайность: {_p_clause(lead, family)}."))
    if other:
        pieces += [Piece(" При этом "), *_movement(min(other, key=_p)), Piece(".")]
    scarce_rows = [row for row in primary if row.too_few]
    if scarce_rows:
        pieces.append(
            Piece(
                f" Ещё по {plural(len(scarce_rows), 'показателю,показателям,показателям')} "
                "слишком мало данных."
            )
        )
    return pieces


def _p(row: FigureRow) -> float:
    return row.p_adjusted if row.p_adjusted is not None else 1.0


def verdict_sentence(
    *,
    verdict: Verdict,
    provisional: Verdict | None,
    rows: list[FigureRow],
    after: Window,
    days_elapsed: int,
    minimum: int,
    changed_on: date,
) -> tuple[str, SafeString]:
    """The verdict as plain text and as HTML with the numbers linked to their calls."""
    if verdict != Verdict.PENDING:
        pieces = _measured_sentence(verdict, rows, minimum)
    elif days_elapsed == 0:
        pieces = [
            Piece(
                f"Изменение от {changed_on:%d.%m.%Y}: окно после него начнётся "
                f"{after.date_from:%d.%m.%Y}, сравнивать пока не с чем."
            )
        ]
    else:
        assert provisional is not None
        pieces = [
            Piece(
                f"Окно после изменения ещё идёт: прошло "
                f"{plural(days_elapsed, 'день,дня,дней')} из {after.days}. Предварительно: "
            ),
            *_measured_sentence(provisional, rows, minimum),
        ]
    text = "".join(piece.text for piece in pieces)
    html = format_html_join(
        "",
        "{}",
        (
            (format_html('<a href="{}">{}</a>', piece.url, piece.text) if piece.url
             else piece.text,)
            for piece in pieces
        ),
    )
    return text, html
