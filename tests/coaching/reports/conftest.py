"""The competency fixture (tests/coaching/competency/conftest.py) plus what a report adds.

On top of it: operator a shows greeting in 5 calls (100%, a strength, so the sentence reads
«Вы блестяще справляетесь с навыком «Приветствие» (100% звонков), но в 40% звонков пропускаете
этап «Уточнение потребности».»). Moments of need done well: one kept by a trainer in c's call;
b's and a's existing shown results get a time and words (numbers unchanged); d (team U, which
a's manager does not see) shows it once more in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from calls.models import Operator
from coaching.models import Exemplar, SkillResult
from tests.coaching.competency.conftest import IN_PERIOD, Competency, _results
from tests.coaching.competency.conftest import competency as competency  # noqa: F401
from tests.factories import CallFactory, ExemplarFactory, SkillResultFactory

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


@dataclass
class Moments:
    kept: Exemplar
    colleague: SkillResult
    other_team: SkillResult
    own: SkillResult


def _timed(operator: Operator, competency: Competency, start: float, text: str) -> SkillResult:
    result = SkillResult.objects.filter(
        call__operator=operator, skill=competency.need, status=SkillResult.Status.SHOWN,
        call__started_at=IN_PERIOD).order_by("pk")[0]
    result.start, result.text = start, text
    result.save(update_fields=["start", "text"])
    return result


@pytest.fixture
def moments(competency: Competency) -> Moments:
    _results(competency.a, competency.greeting, SkillResult.Status.SHOWN, 5)
    kept = ExemplarFactory(call=CallFactory(operator=competency.c, started_at=IN_PERIOD),
                           skill=competency.need, start=30.0, end=36.0,
                           note="уточнила, для чего тариф")
    other_team = SkillResultFactory(
        call=CallFactory(operator=competency.d, started_at=IN_PERIOD), skill=competency.need,
        status=SkillResult.Status.SHOWN, start=4.0, text="расскажите подробнее")
    return Moments(kept=kept,
                   colleague=_timed(competency.b, competency, 12.5, "что именно вам нужно"),
                   other_team=other_team,
                   own=_timed(competency.a, competency, 7.0, "а для чего вам"))
