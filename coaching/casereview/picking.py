"""Five cases from a week's calls for the team's five-minute meeting.

The cases are picked in this order, each from the calls the earlier ones did not take (a call
is discussed once):

1. the best call — the highest total of a submitted evaluation; with no evaluations that week,
   the call with the most skills shown (ties: fewer skipped);
2. the «hot» call — the hottest of the week's calls by the emotion analysis (calls/voice/emotion/:
   the customer's highest irritation from words and voice, at or above the hot threshold), the
   same ranking as the weekly listen-list;
3. the unresolved call — outcome «не решён» or «без продажи», the one with the most objections,
   then the longest;
4. the repeated objection — the objection customers came back to most often that week, in the
   call where they came back to it most;
5. the skipped step — the skill most often not shown that week, in the longest call that
   skipped it.

A kind with no suitable call says so instead of stretching a rule.

Each case quotes the call itself at its moment: the line said then and the other speaker's
words around it (what the customer said and what the operator answered), from the stored,
redacted transcript — never a description of the skill. Where the moment comes from:
the evaluator's first timed comment, else the first skill shown (the best call); the hottest
moment (hot); the objection hit (unresolved, repeated); for a skipped step, which has no moment
of its own, the customer's first words and the operator's answer to them, where the
conversation took its course without the step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Segment, Speaker, Team
from calls.voice.emotion.listen import hottest_calls
from calls.voice.emotion.rule import HOT_THRESHOLD
from calls.weeks import Week
from coaching.casereview.evidence import (
    CallList,
    list_url,
    listed_calls,
    repeat_hits,
    week_calls,
)
from coaching.competency.report import Fragment
from coaching.evaluations.totals import evaluation_total
from coaching.models import Evaluation, EvaluationComment, Skill, SkillResult
from project.russian import plural
from scripts_library.models import Objection, ObjectionHit

NOTHING_FOUND = "нет подходящего звонка на этой неделе"
# Lines a case quotes at most: the moment's, the other speaker's before it, and up to the other
# speaker's answer after it.
QUOTE_LINES = 4


class CaseKind(StrEnum):
    BEST = "best"
    HOT = "hot"
    UNRESOLVED = "unresolved"
    REPEATED = "repeated"
    SKIPPED = "skipped"


TITLES = {
    CaseKind.BEST: _("Лучший звонок"),
    CaseKind.HOT: _("Горячий звонок"),
    CaseKind.UNRESOLVED: _("Нерешённый вопрос"),
    CaseKind.REPEATED: _("Повторное возражение"),
    CaseKind.SKIPPED: _("Пропущенный этап"),
}


@dataclass(frozen=True)
class Case:
    kind: CaseKind
    title: str
    # The sentence as fragments so that each number can link to the calls behind it.
    why: list[Fragment] = field(default_factory=list)
    call: Call | None = None
    moment: float = 0.0
    # The transcript lines at the moment (customer's and operator's words).
    quote: list[Segment] = field(default_factory=list)
    # The evaluator's comment the best call's moment comes from, said as theirs.
    comment: str = ""

    @property
    def why_text(self) -> str:
        return "".join(fragment.text for fragment in self.why)


Link = Callable[..., str]


def _empty(kind: CaseKind) -> Case:
    return Case(kind=kind, title=str(TITLES[kind]),
                why=[Fragment(NOTHING_FOUND.capitalize() + ".")])


def quote(call: Call, *, at: float, segment: Segment | None = None) -> list[Segment]:
    """The lines at a moment: `segment` (else the line said at `at`, else the first one), the
    other speaker's line just before it, and the lines after it up to the other speaker's
    answer."""
    lines = call.segments.order_by("index")
    if segment is None:
        segment = (lines.filter(start__lte=at).order_by("-start", "-index").first()
                   or lines.first())
    if segment is None:
        return []
    around = list(lines.filter(index__gte=segment.index - 1,
                               index__lte=segment.index + QUOTE_LINES))
    position = next(i for i, line in enumerate(around) if line.pk == segment.pk)
    quoted = []
    if position > 0 and around[position - 1].speaker != segment.speaker:
        quoted.append(around[position - 1])
    quoted.append(segment)
    for line in around[position + 1:]:
        if len(quoted) >= QUOTE_LINES:
            break
        quoted.append(line)
        if line.speaker != segment.speaker:
            break
    return quoted


def _case(kind: CaseKind, call: Call, why: list[Fragment], moment: float | None,
          segment: Segment | None = None, comment: str = "") -> Case:
    at = round(moment or 0.0, 1)
    return Case(kind=kind, title=str(TITLES[kind]), why=why, call=call, moment=at,
                quote=quote(call, at=at, segment=segment), comment=comment)


def _of_calls(count: int) -> str:
    """«из 21 звонка», «из 5 звонков»: the genitive after «из»."""
    return plural(count, "звонка,звонков,звонков")


def _in_calls(count: int) -> str:
    """«в 1 звонке», «в 3 звонках» (the prepositional after «в»)."""
    return plural(count, "звонке,звонках,звонках")


def _at(call: Call) -> str:
    return reverse("calls:detail", args=[call.pk])


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}:{secs:02d}"


def _first_shown(call: Call) -> SkillResult | None:
    return (SkillResult.objects.filter(call=call, status=SkillResult.Status.SHOWN,
                                       start__isnull=False)
            .select_related("segment").order_by("start", "pk").first())


def _shown_case(call: Call, why: list[Fragment]) -> Case:
    shown = _first_shown(call)
    if shown is None:
        return _case(CaseKind.BEST, call, why, 0.0)
    return _case(CaseKind.BEST, call, why, shown.start, shown.segment)


def _best(week: QuerySet[Call], taken: set[int], link: Link) -> Case:
    evaluations = (Evaluation.objects.filter(call__in=week, status=Evaluation.Status.SUBMITTED)
                   .select_related("call").prefetch_related("scores__criterion"))
    scored = [(total, evaluation) for evaluation in evaluations
              if (total := evaluation_total(evaluation.scores.all())) is not None]
    scored = [(total, e) for total, e in scored if e.call_id not in taken]
    if scored:
        total, evaluation = min(scored, key=lambda item: (-item[0], item[1].call.started_at,
                                                          item[1].call_id, item[1].pk))
        evaluated = listed_calls(week, CallList.EVALUATED).count()
        why = [Fragment("Выбран по оценке: "), Fragment(f"{total:.0f} из 100"),
               Fragment(" — высшая среди оценённых звонков недели (их "),
               Fragment(str(evaluated), link(CallList.EVALUATED)), Fragment(").")]
        comment = (EvaluationComment.objects.filter(evaluation=evaluation, at__isnull=False)
                   .order_by("at", "pk").first())
        if comment is not None:
            return _case(CaseKind.BEST, evaluation.call, why, comment.at, comment=comment.text)
        return _shown_case(evaluation.call, why)

    rows = list(week.exclude(pk__in=taken).annotate(
        shown=Count("skill_results", filter=Q(skill_results__status=SkillResult.Status.SHOWN)),
        skipped=Count("skill_results",
                      filter=Q(skill_results__status=SkillResult.Status.NOT_SHOWN)),
    ).filter(shown__gt=0).order_by("-shown", "skipped", "started_at", "pk")
        .values_list("pk", "shown", "skipped")[:1])
    if not rows:
        return _empty(CaseKind.BEST)
    pk, shown_count, skipped_count = rows[0]
    call = week.get(pk=pk)
    with_skills = listed_calls(week, CallList.WITH_SKILLS).count()
    why = [Fragment("Оценок за неделю нет, поэтому выбран звонок, где проявлено больше всего "
                    "навыков: проявлено — "), Fragment(str(shown_count)),
           Fragment(", пропущено — "), Fragment(str(skipped_count)),
           Fragment(" (среди "), Fragment(_of_calls(with_skills) + " недели с разбором навыков",
                                          link(CallList.WITH_SKILLS)),
           Fragment(").")]
    return _shown_case(call, why)


def _hot(week: QuerySet[Call], taken: set[int], link: Link) -> Case:
    found = hottest_calls(week.exclude(pk__in=taken), limit=1)
    if not found:
        return _empty(CaseKind.HOT)
    emotion = found[0]
    call = week.get(pk=emotion.call_id)
    at = emotion.hot_at or 0.0
    hot_calls = listed_calls(week, CallList.HOT).count()
    why = [Fragment("Клиент здесь раздражён или расстроен сильнее, чем в других звонках: накал "),
           Fragment(f"{emotion.hot_score:.1f}".replace(".", ","), f"{_at(call)}#t={at:.1f}"),
           Fragment(f" в {_clock(at)} (горячим считается накал от "
                    f"{HOT_THRESHOLD:g}".replace(".", ",") + "; среди "),
           Fragment(_of_calls(hot_calls) + " недели, где клиент вспылил", link(CallList.HOT)),
           Fragment(").")]
    segment = (call.segments.filter(speaker=Speaker.CUSTOMER, start__lte=at + 0.05)
               .order_by("-start", "-index").first())
    return _case(CaseKind.HOT, call, why, at, segment)


def _unresolved(week: QuerySet[Call], taken: set[int], link: Link) -> Case:
    unresolved = listed_calls(week, CallList.UNRESOLVED)
    rows = list(unresolved.exclude(pk__in=taken).annotate(hits=Count("objection_hits"))
                .order_by("-hits", "-duration", "started_at", "pk")
                .values_list("pk", "hits")[:1])
    if not rows:
        return _empty(CaseKind.UNRESOLVED)
    pk, hits = rows[0]
    call = week.get(pk=pk)
    why = [Fragment(f"Итог — «{call.get_outcome_display()}». Из "),
           Fragment(_of_calls(unresolved.count()) + " недели без решения или продажи",
                    link(CallList.UNRESOLVED)),
           Fragment(" выбран тот, где больше всего возражений ("), Fragment(str(hits)),
           Fragment("), а из равных — самый длинный; этот длится "),
           Fragment(_clock(call.duration)), Fragment(".")]
    hit = (ObjectionHit.objects.filter(call=call).select_related("segment")
           .order_by("start", "pk").first())
    if hit is None:
        return _case(CaseKind.UNRESOLVED, call, why, 0.0)
    return _case(CaseKind.UNRESOLVED, call, why, hit.start, hit.segment)


def _repeated(week: QuerySet[Call], taken: set[int], link: Link) -> Case:
    # Per objection and call: how many times the customer came back to it (the last raising's
    # number minus one; a hit marked «raised again» alone counts as one return).
    per_call = (repeat_hits().filter(call__in=week).values("objection_id", "call_id")
                .annotate(top=Max("occurrence")))
    returns: dict[int, dict[int, int]] = defaultdict(dict)
    for row in per_call:
        returns[row["objection_id"]][row["call_id"]] = max(row["top"] - 1, 1)
    if not returns:
        return _empty(CaseKind.REPEATED)
    names = dict(Objection.objects.filter(pk__in=returns).values_list("pk", "name"))
    ranked = sorted(returns, key=lambda pk: (-sum(returns[pk].values()), -len(returns[pk]),
                                             names[pk], pk))
    started = dict(week.values_list("pk", "started_at"))
    for rank, objection_id in enumerate(ranked):
        calls = returns[objection_id]
        free = [pk for pk in calls if pk not in taken]
        if not free:
            continue
        pk = min(free, key=lambda call_pk: (-calls[call_pk], started[call_pk], call_pk))
        call = week.get(pk=pk)
        total = sum(calls.values())
        lead = ("чаще других" if rank == 0
                else "чаще других из тех, чьи звонки ещё не в разборе")
        why = [Fragment(f"К возражению «{names[objection_id]}» клиенты возвращались {lead}: "
                        "повторов — "), Fragment(str(total)),
               Fragment(" в "),
               Fragment(_in_calls(len(calls)) + " недели",
                        link(CallList.REPEATED, objection_id=objection_id)),
               Fragment("; в этом звонке — "), Fragment(str(calls[pk]), _at(call)),
               Fragment(".")]
        # The moment is the first return; a call with only «raised again» marks opens there.
        hits = repeat_hits().filter(call=call, objection_id=objection_id).select_related(
            "segment")
        hit = (hits.filter(occurrence__gte=2).order_by("start", "pk").first()
               or hits.order_by("start", "pk").first())
        assert hit is not None  # the call was listed for having such hits
        return _case(CaseKind.REPEATED, call, why, hit.start, hit.segment)
    return _empty(CaseKind.REPEATED)


def _skipped(week: QuerySet[Call], taken: set[int], link: Link) -> Case:
    stats = list(SkillResult.objects.filter(call__in=week).values("skill_id").annotate(
        skipped=Count("pk", filter=Q(status=SkillResult.Status.NOT_SHOWN)),
        applicable=Count("pk", filter=Q(status__in=[SkillResult.Status.SHOWN,
                                                      SkillResult.Status.NOT_SHOWN])),
    ).filter(skipped__gt=0))
    if not stats:
        return _empty(CaseKind.SKIPPED)
    skills = Skill.objects.in_bulk([row["skill_id"] for row in stats])
    stats.sort(key=lambda row: (-row["skipped"], -row["skipped"] / row["applicable"],
                                skills[row["skill_id"]].order, skills[row["skill_id"]].name,
                                row["skill_id"]))
    for rank, row in enumerate(stats):
        skill = skills[row["skill_id"]]
        skipping = week.filter(skill_results__skill=skill,
                               skill_results__status=SkillResult.Status.NOT_SHOWN)
        call = skipping.exclude(pk__in=taken).order_by("-duration", "started_at", "pk").first()
        if call is None:
            continue
        lead = "" if rank == 0 else " (этапы, пропущенные чаще, — в звонках, уже взятых в разбор)"
        why = [Fragment(f"Этап «{skill.name}» пропущен в "),
               Fragment(str(row["skipped"]), link(CallList.SKIPPED, skill_id=skill.pk)),
               Fragment(" из "),
               Fragment(_of_calls(row["applicable"]) + " недели",
                        link(CallList.APPLICABLE, skill_id=skill.pk)),
               Fragment(f"{lead}; здесь — самый длинный из таких звонков.")]
        # The step has no moment of its own: the customer's first words and the answer.
        asked = (call.segments.filter(speaker=Speaker.CUSTOMER).order_by("index").first()
                 or call.segments.order_by("index").first())
        return _case(CaseKind.SKIPPED, call, why, asked.start if asked else 0.0, asked)
    return _empty(CaseKind.SKIPPED)


PICKERS: list[Callable[[QuerySet[Call], set[int], Link], Case]] = [
    _best, _hot, _unresolved, _repeated, _skipped,
]


def week_cases(*, team: Team | None, week_start: date, calls: QuerySet[Call]) -> list[Case]:
    """The five cases of the week starting on `week_start` (a Monday; another day means its
    week), from `calls` — what the viewer may see."""
    week = Week.of(week_start)
    found = week_calls(calls=calls, team=team, week=week)

    def link(kind: CallList, **extra: int) -> str:
        return list_url(kind, week=week, team=team, **extra)

    taken: set[int] = set()
    cases = []
    for pick in PICKERS:
        case = pick(found, taken, link)
        if case.call is not None:
            taken.add(case.call.pk)
        cases.append(case)
    return cases
