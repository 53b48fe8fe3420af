"""Writing personal reports: generate one from the competency map, share it, comment on it.

A report keeps its numbers as generated (`content`): a report says what the numbers were when it
was written, even after more calls are analysed. Colleagues' exemplar moments are picked from the
calls the report's author may see; they keep only the call, the moment, its words and the skill,
never whose call it was or a colleague's numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call, Operator
from coaching.competency.links import calls_url
from coaching.competency.queries import (
    APPLICABLE,
    EXEMPLARS,
    Period,
    SkillScore,
    colleague_moments,
    competency_map,
)
from coaching.competency.report import growth_points, report_sentence, sentence_text, strengths
from coaching.cycles.services import cycles_report_shared
from coaching.models import Exemplar, PersonalReport, ReportComment, Skill, SkillResult
from coaching.reports.queries import reports_visible_to
from project.errors import DomainError

# Bumped when the shape of `content` changes, so old reports can still be read.
CONTENT_VERSION = 1


def _skill(score: SkillScore, link: Callable[[Skill, str], str]) -> dict[str, Any]:
    interval = score.interval
    return {
        "code": score.skill.code,
        "name": score.skill.name,
        "score": score.score,
        "calls": score.calls,
        "shown": score.shown,
        "not_shown": score.not_shown,
        "skipped_share": score.skipped_share,
        "interval": None if interval is None else {"low": interval.low, "high": interval.high},
        "team_median": score.team_median,
        "enough_data": score.enough_data,
        "shown_href": link(score.skill, SkillResult.Status.SHOWN),
        "skipped_href": link(score.skill, SkillResult.Status.NOT_SHOWN),
        "calls_href": link(score.skill, APPLICABLE),
    }


def _moments(*, author: User, operator: Operator, skill: Skill,
             period: Period) -> list[dict[str, Any]]:
    """Up to EXEMPLARS moments of the skill done well by colleagues: the ones a trainer kept
    first, then the analyser's finds of the period."""
    moments: list[dict[str, Any]] = []
    kept = Exemplar.objects.filter(
        skill=skill, call__in=Call.objects.visible_to(author)
    ).exclude(call__operator=operator).order_by("-created_at", "-pk")[:EXEMPLARS]
    for exemplar in kept:
        moments.append({"call": exemplar.call_id, "start": exemplar.start,
                        "text": exemplar.note, "skill": skill.name})
    found = colleague_moments(user=author, operator=operator, skill=skill, period=period)
    for result in found:
        if len(moments) >= EXEMPLARS:
            break
        if any(m["call"] == result.call_id and m["start"] == result.start for m in moments):
            continue
        moments.append({"call": result.call_id, "start": result.start, "text": result.text,
                        "skill": skill.name})
    return moments


def report_content(*, operator: Operator, period: Period, author: User) -> dict[str, Any]:
    """The report's snapshot: each skill's numbers, the sentence, strengths and growth points,
    every number with the address of the calls behind it (relative; the PDF adds the site)."""
    scores = competency_map(operator=operator, period=period)

    def link(skill: Skill, status: str) -> str:
        return calls_url(operator, skill, status, period)

    sentence = report_sentence(scores, link)
    return {
        "version": CONTENT_VERSION,
        "skills": [_skill(score, link) for score in scores],
        "sentence": [{"text": f.text, "href": f.href} for f in sentence],
        "summary": sentence_text(sentence),
        "strengths": [{"code": s.skill.code, "name": s.skill.name, "score": s.score,
                       "calls": s.calls, "href": link(s.skill, SkillResult.Status.SHOWN)}
                      for s in strengths(scores)],
        "growth": [{"code": s.skill.code, "name": s.skill.name,
                    "skipped_share": s.skipped_share, "not_shown": s.not_shown,
                    "calls": s.calls, "href": link(s.skill, SkillResult.Status.NOT_SHOWN),
                    "calls_href": link(s.skill, APPLICABLE),
                    "exemplars": _moments(author=author, operator=operator, skill=s.skill,
                                          period=period)}
                   for s in growth_points(scores)],
    }


def report_generate(*, operator: Operator, date_from: date, date_to: date,
                    created_by: User) -> PersonalReport:
    if date_from > date_to:
        raise DomainError(_("Конец периода раньше его начала."), code="period")
    content = report_content(operator=operator, period=Period(date_from, date_to),
                             author=created_by)
    return PersonalReport.objects.create(operator=operator, date_from=date_from, date_to=date_to,
                                         content=content, created_by=created_by)


def _can_see(user: User, report: PersonalReport) -> bool:
    return reports_visible_to(user).filter(pk=report.pk).exists()


@transaction.atomic
def report_share(*, report: PersonalReport, user: User) -> PersonalReport:
    """Show the report to its operator; sharing twice keeps the first time."""
    if not user.has_perm("coaching.change_personalreport") or not _can_see(user, report):
        raise DomainError(_("Показать отчёт оператору может его руководитель или тренер."),
                          code="forbidden")
    # A conditional update: two clicks at once still record one time.
    PersonalReport.objects.filter(pk=report.pk, shared_at__isnull=True).update(
        shared_at=timezone.now())
    report.refresh_from_db(fields=["shared_at"])
    # The operator's cycles that were listening have now had their report step.
    cycles_report_shared(report=report)
    return report


def comment_add(*, report: PersonalReport, author: User, text: str) -> ReportComment:
    """The report's operator (once shared) or a manager or trainer who sees it."""
    if not author.has_perm("coaching.add_reportcomment") or not _can_see(author, report):
        raise DomainError(_("Комментировать отчёт может его оператор, руководитель или тренер."),
                          code="forbidden")
    text = text.strip()
    if not text:
        raise DomainError(_("Комментарий пуст."), code="empty")
    return ReportComment.objects.create(report=report, author=author, text=text)
