"""The personal report's sentence: strengths and growth points in numbers, in Russian.

A strength is a skill shown in at least STRENGTH_SCORE% of at least MIN_CALLS applicable calls; a
growth point one skipped in at least GROWTH_SKIPPED of them (the most skipped first). Fewer calls
say nothing either way, so such skills stay out of the sentence. The sentence is a list of
fragments so that each number can link to the calls behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from coaching.competency.queries import SkillScore
from coaching.models import Skill, SkillResult

STRENGTH_SCORE = 80.0
GROWTH_SKIPPED = 0.3
TOP = 2


@dataclass(frozen=True)
class Fragment:
    text: str
    href: str = ""


def strengths(scores: list[SkillScore]) -> list[SkillScore]:
    found = [s for s in scores if s.enough_data and (s.score or 0) >= STRENGTH_SCORE]
    return sorted(found, key=lambda s: (-(s.score or 0), s.skill.order, s.skill.name))[:TOP]


def growth_points(scores: list[SkillScore]) -> list[SkillScore]:
    found = [s for s in scores if s.enough_data and (s.skipped_share or 0) >= GROWTH_SKIPPED]
    return sorted(found, key=lambda s: (-(s.skipped_share or 0), s.skill.order,
                                        s.skill.name))[:TOP]


def _percent(value: float) -> str:
    return f"{round(value)}%"


def report_sentence(scores: list[SkillScore],
                    link: Callable[[Skill, str], str]) -> list[Fragment]:
    """«Вы блестяще справляетесь с навыком «…» (98% звонков), но в 40% звонков пропускаете
    этап «…»»; link(skill, status) is the address of the calls behind a number."""
    strong, weak = strengths(scores), growth_points(scores)
    if not strong and not weak:
        return [Fragment("За период нет навыков, которые выделялись бы в ту или другую сторону "
                         "на достаточном числе звонков.")]
    fragments: list[Fragment] = []
    if strong:
        fragments.append(Fragment("Вы блестяще справляетесь с "))
        for index, score in enumerate(strong):
            if index:
                fragments.append(Fragment(" и с "))
            fragments += [Fragment(f"навыком «{score.skill.name}» ("),
                          Fragment(_percent(score.score or 0) + " звонков",
                                   link(score.skill, SkillResult.Status.SHOWN)),
                          Fragment(")")]
    if weak:
        fragments.append(Fragment(", но в " if strong else "В "))
        for index, score in enumerate(weak):
            if index:
                fragments.append(Fragment(", а в "))
            fragments.append(Fragment(_percent(100 * (score.skipped_share or 0)) + " звонков",
                                      link(score.skill, SkillResult.Status.NOT_SHOWN)))
            verb = "пропускаете" if strong or index else "вы пропускаете"
            fragments.append(Fragment(f" {verb} этап «{score.skill.name}»"))
    fragments.append(Fragment("."))
    return fragments


def sentence_text(fragments: list[Fragment]) -> str:
    return "".join(fragment.text for fragment in fragments)
