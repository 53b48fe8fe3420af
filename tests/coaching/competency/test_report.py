"""The report sentence on scores with known numbers."""

from __future__ import annotations

from coaching.competency.queries import SkillScore
from coaching.competency.report import report_sentence, sentence_text
from coaching.models import Skill


def _score(name: str, shown: int, not_shown: int, order: int = 0) -> SkillScore:
    return SkillScore(skill=Skill(code=name, name=name, order=order), shown=shown,
                      not_shown=not_shown, team_median=None)


def _link(skill: Skill, status: str) -> str:
    return f"/{skill.code}/{status}/"


def test_strength_and_growth_point() -> None:
    scores = [_score("Техническая консультация", 49, 1),
              _score("Уточнение потребности", 6, 4, order=1),
              _score("Приветствие", 2, 0)]  # two calls: no verdict either way
    fragments = report_sentence(scores, _link)
    assert sentence_text(fragments) == (
        "Вы блестяще справляетесь с навыком «Техническая консультация» (98% звонков), но в 40% "
        "звонков пропускаете этап «Уточнение потребности»."
    )
    links = [(f.text, f.href) for f in fragments if f.href]
    assert links == [("98% звонков", "/Техническая консультация/shown/"),
                     ("40% звонков", "/Уточнение потребности/not_shown/")]


def test_only_growth_points_most_skipped_first() -> None:
    scores = [_score("Резюмирование", 5, 5), _score("Завершение", 2, 8)]
    assert sentence_text(report_sentence(scores, _link)) == (
        "В 80% звонков вы пропускаете этап «Завершение», а в 50% звонков пропускаете этап "
        "«Резюмирование»."
    )


def test_nothing_stands_out() -> None:
    text = sentence_text(report_sentence([_score("Приветствие", 6, 2), _score("X", 1, 1)],
                                         _link))
    assert text.startswith("За период нет навыков")
