"""The week's calls and the lists behind the numbers of the case review.

Each number in a case's «why» counts the calls of one of these lists, and links to it
(coaching:case-review-calls), so the sentence and the list cannot disagree.
"""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from calls.local_days import started_on_days
from calls.models import Call, CallEmotion, Team
from calls.weeks import Week
from coaching.models import Evaluation, SkillResult
from scripts_library.models import ObjectionHit

UNRESOLVED_OUTCOMES = (Call.Outcome.UNRESOLVED, Call.Outcome.NO_SALE)


class CallList(StrEnum):
    EVALUATED = "evaluated"
    WITH_SKILLS = "skills"
    WITH_OBJECTIONS = "objections"
    UNRESOLVED = "unresolved"
    REPEATED = "repeated"
    SKIPPED = "skipped"
    APPLICABLE = "applicable"
    HOT = "hot"


LIST_TITLES = {
    CallList.EVALUATED: _("Звонки недели с отправленной оценкой"),
    CallList.WITH_SKILLS: _("Звонки недели с разбором навыков"),
    CallList.WITH_OBJECTIONS: _("Звонки недели, где клиент возражал"),
    CallList.UNRESOLVED: _("Звонки недели без решения или без продажи"),
    CallList.REPEATED: _("Звонки недели, где клиент повторил возражение «%(name)s»"),
    CallList.SKIPPED: _("Звонки недели, где пропущен этап «%(name)s»"),
    CallList.APPLICABLE: _("Звонки недели, где этап «%(name)s» уместен"),
    CallList.HOT: _("Горячие звонки недели: клиент явно раздражён или расстроен"),
}

# Lists about one objection or one skill need it named.
NEEDS_OBJECTION = {CallList.REPEATED}
NEEDS_SKILL = {CallList.SKIPPED, CallList.APPLICABLE}


def week_calls(*, calls: QuerySet[Call], team: Team | None, week: Week) -> QuerySet[Call]:
    """Analysed calls of the week (local dates, Monday to Sunday), of the team if one is given."""
    found = calls.filter(started_on_days(week.monday, week.sunday),
                         status=Call.Status.ANALYSED)
    if team is not None:
        found = found.filter(operator__team=team)
    return found


def repeat_hits() -> QuerySet[ObjectionHit]:
    """Hits that are a repeat (the second raising or later) or were raised again later."""
    return ObjectionHit.objects.filter(Q(occurrence__gte=2) | Q(raised_again=True))


def listed_calls(week_calls: QuerySet[Call], kind: CallList, *, objection_id: int | None = None,
                 skill_id: int | None = None) -> QuerySet[Call]:
    """The week's calls behind a number; `objection_id` / `skill_id` for the lists about one."""
    if kind == CallList.EVALUATED:
        return week_calls.filter(pk__in=Evaluation.objects.filter(
            status=Evaluation.Status.SUBMITTED).values("call_id"))
    if kind == CallList.WITH_SKILLS:
        return week_calls.filter(pk__in=SkillResult.objects.values("call_id"))
    if kind == CallList.WITH_OBJECTIONS:
        return week_calls.filter(pk__in=ObjectionHit.objects.values("call_id"))
    if kind == CallList.UNRESOLVED:
        return week_calls.filter(outcome__in=UNRESOLVED_OUTCOMES)
    if kind == CallList.HOT:
        return week_calls.filter(pk__in=CallEmotion.objects.filter(hot=True).values("call_id"))
    if kind == CallList.REPEATED:
        if objection_id is None:
            raise ValueError("the repeated list is about one objection")
        return week_calls.filter(pk__in=repeat_hits().filter(
            objection_id=objection_id).values("call_id"))
    if skill_id is None:
        raise ValueError("the skipped and applicable lists are about one skill")
    statuses = [SkillResult.Status.NOT_SHOWN]
    if kind == CallList.APPLICABLE:
        statuses.append(SkillResult.Status.SHOWN)
    return week_calls.filter(pk__in=SkillResult.objects.filter(
        skill_id=skill_id, status__in=statuses).values("call_id"))


def review_query(*, week: Week, team: Team | None) -> dict[str, str]:
    params = {"week": week.code}
    if team is not None:
        params["team"] = str(team.pk)
    return params


def list_url(kind: CallList, *, week: Week, team: Team | None, objection_id: int | None = None,
             skill_id: int | None = None) -> str:
    params = review_query(week=week, team=team) | {"list": kind.value}
    if objection_id is not None:
        params["objection"] = str(objection_id)
    if skill_id is not None:
        params["skill"] = str(skill_id)
    return f"{reverse('coaching:case-review-calls')}?{urlencode(params)}"
