"""The demo of coaching: the skills (demo/skills.yaml) and one scorecard built on them, so
`make run` shows skills found in the demo calls when the cluster analyses them."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from calls.models import Call, ReanalysisRun
from calls.reanalysis import ReanalysisAlreadyRunning, reanalysis_start
from coaching.demo import DEMO_SKILLS
from coaching.models import Criterion, ScorecardTemplate, Skill
from coaching.skills.importing import ImportReport, skills_import, skills_read_file

DEMO_SCORECARD = "Входящий и исходящий звонок"
# (criterion, weight, skill code or None for a free-standing criterion)
DEMO_CRITERIA = (
    ("Поздоровался и представился", 1, "greeting"),
    ("Выяснил, что нужно клиенту", 3, "need_clarification"),
    ("Грамотно объяснил, как решить вопрос", 3, "tech_consultation"),
    ("Отработал возражения", 2, "objection_handling"),
    ("Подвёл итог разговора", 2, "summary"),
    ("Вежливо завершил звонок", 1, "closing"),
    ("Говорил доброжелательно и без спешки", 1, None),
)


def demo_load_skills(*, path: Path = DEMO_SKILLS) -> ImportReport | None:
    """Import the demo skills into an empty skill list only: a re-run of `make run` must not
    undo what trainers have since edited. None when skills exist already."""
    if Skill.objects.exists():
        return None
    return skills_import(data=skills_read_file(path))


@transaction.atomic
def demo_load_scorecard() -> ScorecardTemplate | None:
    """The demo scorecard, only when there is no scorecard yet; None otherwise."""
    if ScorecardTemplate.objects.exists():
        return None
    template = ScorecardTemplate.objects.create(name=DEMO_SCORECARD)
    skills = {skill.code: skill for skill in Skill.objects.all()}
    for order, (name, weight, code) in enumerate(DEMO_CRITERIA, start=1):
        Criterion.objects.create(template=template, name=name, weight=weight,
                                 skill=skills.get(code) if code else None, order=order)
    return template


def demo_queue_skills_reanalysis() -> ReanalysisRun | None:
    """Calls analysed before the demo skills existed (an older `make run`) get them found by a
    queued `reanalyse --analyser skills`; None when there is nothing to re-analyse, or when a
    re-analysis is already running (it must not stop `make run`; `reanalyse --analyser skills`
    later does it)."""
    if not Call.objects.filter(status=Call.Status.ANALYSED).exists():
        return None
    try:
        return reanalysis_start(analyser="skills")
    except ReanalysisAlreadyRunning:
        return None
