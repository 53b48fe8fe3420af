"""What a cycle measures: per analysed call of the operator, was the skill shown?

The human answer wins, by the rule of coaching/evaluations/answers.py (the competency map counts
by the same one): a submitted, non-calibration evaluation answering the skill's criterion decides
the call, «неприменимо» leaves it out. Without one, the analyser's SkillResult decides (shown /
not shown); its «not applicable» and a call without a result are left out.

Calls are the operator's analysed ones (Call.Status.ANALYSED), by the local date of
`started_at`. Before is the baseline period; after is the control window (window_after).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.db.models import QuerySet

from calls.local_days import started_on_days
from calls.models import Call, Operator
from coaching.evaluations.answers import skill_answers
from coaching.models import CoachingCycle, Skill, SkillResult

# The control re-listen is due this many days after the training (the two weeks).
CONTROL_DAYS = 14
# A control recorded late still measures the weeks right after the training: the after window
# never reaches past this many days after it.
AFTER_DAYS_MAX = 2 * CONTROL_DAYS


class Source(StrEnum):
    EVALUATION = "evaluation"
    ANALYSER = "analyser"


@dataclass(frozen=True)
class Outcome:
    call_id: int
    shown: bool
    source: Source


@dataclass(frozen=True)
class Sample:
    """One side of the comparison: the applicable calls and in how many the skill was shown."""

    outcomes: tuple[Outcome, ...]

    @property
    def calls(self) -> int:
        return len(self.outcomes)

    @property
    def shown(self) -> int:
        return sum(outcome.shown for outcome in self.outcomes)


def analysed_calls(*, operator: Operator, date_from: date, date_to: date) -> QuerySet[Call]:
    # The days are local, in the current time zone.
    return Call.objects.filter(started_on_days(date_from, date_to), operator=operator,
                               status=Call.Status.ANALYSED)


def _human_answers(calls: QuerySet[Call], skill: Skill) -> dict[int, bool | None]:
    """call id → shown (True/False) or None for «неприменимо», from submitted evaluations."""
    return {call_id: shown for (call_id, _), shown in
            skill_answers(calls=calls, skills=[skill]).items()}


def measure(*, operator: Operator, skill: Skill, date_from: date, date_to: date) -> Sample:
    """The operator's applicable calls for the skill in the period, oldest first."""
    calls = analysed_calls(operator=operator, date_from=date_from, date_to=date_to)
    human = _human_answers(calls, skill)
    analyser = dict(SkillResult.objects.filter(call__in=calls, skill=skill)
                    .values_list("call_id", "status"))
    outcomes = []
    for call_id in calls.order_by("started_at", "pk").values_list("pk", flat=True):
        if call_id in human:
            shown = human[call_id]
            if shown is not None:
                outcomes.append(Outcome(call_id=call_id, shown=shown, source=Source.EVALUATION))
        elif analyser.get(call_id) in (SkillResult.Status.SHOWN, SkillResult.Status.NOT_SHOWN):
            outcomes.append(Outcome(call_id=call_id,
                                    shown=analyser[call_id] == SkillResult.Status.SHOWN,
                                    source=Source.ANALYSER))
    return Sample(outcomes=tuple(outcomes))


def window_before(cycle: CoachingCycle) -> tuple[date, date]:
    return cycle.baseline_from, cycle.baseline_to


def window_after(cycle: CoachingCycle, *, on: date) -> tuple[date, date] | None:
    """The control window (trained_on, control date]: the control date is `on`, the day the
    result is recorded (never before control_due: the service refuses that) or, on a page before
    then, today; capped at AFTER_DAYS_MAX after the training. None before the training."""
    if cycle.trained_on is None:
        return None
    last = min(on, cycle.trained_on + timedelta(days=AFTER_DAYS_MAX))
    return cycle.trained_on + timedelta(days=1), last


def before_sample(cycle: CoachingCycle) -> Sample:
    date_from, date_to = window_before(cycle)
    return measure(operator=cycle.operator, skill=cycle.skill, date_from=date_from,
                   date_to=date_to)


def after_sample(cycle: CoachingCycle, *, on: date) -> Sample | None:
    window = window_after(cycle, on=on)
    if window is None:
        return None
    return measure(operator=cycle.operator, skill=cycle.skill, date_from=window[0],
                   date_to=window[1])
