"""The five cases of a constructed week (see conftest.py for the known answers)."""

from __future__ import annotations

from datetime import date

import pytest

from calls.models import Call, CallEmotion
from coaching.casereview.picking import (
    NOTHING_FOUND,
    Case,
    CaseKind,
    evaluation_total,
    week_cases,
)
from coaching.models import CriterionScore, Evaluation, EvaluationComment, SkillResult
from coaching.models.evaluations import Answer
from tests.coaching.casereview.conftest import IN_WEEK, Week, evaluate
from tests.factories import (
    CallFactory,
    OperatorFactory,
    SegmentFactory,
    SkillFactory,
    SkillResultFactory,
)

MONDAY = date(2026, 11, 16)


def _cases(week: Week, *, team: bool = True, start: date = MONDAY) -> dict[CaseKind, Case]:
    cases = week_cases(team=week.team if team else None, week_start=start,
                       calls=Call.objects.all())
    assert [case.kind for case in cases] == list(CaseKind)
    return {case.kind: case for case in cases}


def test_each_kind_has_its_known_call(week: Week) -> None:
    cases = _cases(week)
    names = {kind: case.call.external_id for kind, case in cases.items()}
    assert names == {CaseKind.BEST: "best", CaseKind.HOT: "hot",
                     CaseKind.UNRESOLVED: "unresolved", CaseKind.REPEATED: "repeat",
                     CaseKind.SKIPPED: "skip_long"}


def test_why_sentences_carry_the_numbers(week: Week) -> None:
    cases = _cases(week)
    best, hot, unresolved, repeated, skipped = (cases[kind] for kind in CaseKind)
    assert "90 из 100" in best.why_text and "(их 2)" in best.why_text
    assert hot.why_text == (
        "Клиент здесь раздражён или расстроен сильнее, чем в других звонках: накал 6,0 в 0:10 "
        "(горячим считается накал от 2,5; среди 1\u00a0звонка недели, где клиент вспылил).")
    links = {f.text: f.href for f in hot.why if f.href}
    assert links["6,0"] == f"/calls/{week.calls['hot'].pk}/#t=10.0"
    assert links["1\u00a0звонка недели, где клиент вспылил"].endswith("&list=hot")
    assert "Итог — «не решён». Из 2\u00a0звонков недели" in unresolved.why_text
    assert "возражений (1)" in unresolved.why_text
    assert ("К возражению «Дорого» клиенты возвращались чаще других: повторов — 3 в 2\u00a0звонках "
            "недели; в этом звонке — 1.") == repeated.why_text
    assert skipped.why_text.startswith(
        "Этап «Уточнение потребности» пропущен в 3 из 4\u00a0звонков недели")


def _said(case: Case) -> list[tuple[str, str]]:
    return [(line.speaker, line.text) for line in case.quote]


def test_moments_quote_the_customers_and_operators_words(week: Week) -> None:
    cases = _cases(week)
    assert cases[CaseKind.UNRESOLVED].moment == 42.0
    assert _said(cases[CaseKind.UNRESOLVED]) == [("customer", "Подумаю (1)"),
                                                 ("operator", "Понимаю, давайте разберёмся")]
    # The repeat's start, not the first raising's; the operator's answer before it is quoted too.
    repeated = cases[CaseKind.REPEATED]
    assert repeated.moment == 75.0
    assert _said(repeated) == [("operator", "Понимаю, давайте разберёмся"),
                               ("customer", "Дорого (2)"),
                               ("operator", "Понимаю, давайте разберёмся")]
    assert cases[CaseKind.HOT].moment == 10.0
    assert _said(cases[CaseKind.HOT])[0] == ("customer", "Дорого (1)")
    # skip_long has no transcript here: nothing is quoted, the skill's description least of all.
    assert cases[CaseKind.SKIPPED].moment == 0.0 and cases[CaseKind.SKIPPED].quote == []


def test_a_skipped_step_quotes_the_customers_first_words_and_the_answer(week: Week) -> None:
    week.need.description = "Оператор задаёт открытые вопросы о задаче клиента"
    week.need.save()
    call = week.calls["skip_long"]
    for index, (speaker, start, text) in enumerate([
            ("operator", 0.0, "Добрый день, компания «Ромашка»"),
            ("customer", 3.0, "Хочу подключить интернет"),
            ("operator", 6.0, "Подключаю тариф «Максимум»"),
            ("customer", 9.0, "Спасибо")]):
        SegmentFactory(call=call, index=1000 + index, speaker=speaker, start=start,
                       end=start + 3, text=text)
    skipped = _cases(week)[CaseKind.SKIPPED]
    assert skipped.moment == 3.0
    assert _said(skipped) == [("operator", "Добрый день, компания «Ромашка»"),
                              ("customer", "Хочу подключить интернет"),
                              ("operator", "Подключаю тариф «Максимум»")]
    assert "открытые вопросы" not in str(_said(skipped))


def test_the_best_calls_moment_is_the_evaluators_comment_said_as_theirs(week: Week) -> None:
    evaluation = Evaluation.objects.get(call=week.calls["best"])
    SegmentFactory(call=week.calls["best"], index=2000, speaker="customer", start=30, end=34,
                   text="А можно дешевле?")
    SegmentFactory(call=week.calls["best"], index=2001, speaker="operator", start=34, end=40,
                   text="Да, есть тариф на год")
    EvaluationComment.objects.create(evaluation=evaluation, at=35.0, text="Отлично предложил",
                                     author=evaluation.evaluator)
    best = _cases(week)[CaseKind.BEST]
    assert best.moment == 35.0 and best.comment == "Отлично предложил"
    assert _said(best) == [("customer", "А можно дешевле?"),
                           ("operator", "Да, есть тариф на год")]


def test_numbers_link_to_the_lists_behind_them(week: Week) -> None:
    skipped = _cases(week)[CaseKind.SKIPPED]
    links = {f.text: f.href for f in skipped.why if f.href}
    assert links["3"] == (f"/coaching/case-review/calls/?week=2026-W47&team={week.team.pk}"
                          f"&list=skipped&skill={week.need.pk}")
    assert links["4\u00a0звонков недели"].endswith(f"&list=applicable&skill={week.need.pk}")


def test_a_call_is_used_once(week: Week) -> None:
    """With every team, u's call (накал 9) is the hot one, so «Дорого»'s repeats go to the next
    call where it came back most: hot (2 returns), and the text says it is not the first."""
    cases = _cases(week, team=False)
    calls = [case.call.pk for case in cases.values()]
    assert len(set(calls)) == 5
    assert cases[CaseKind.HOT].call.external_id == "other_team"
    repeated = cases[CaseKind.REPEATED]
    assert repeated.call.external_id == "hot"
    assert "повторов — 11 в 3\u00a0звонках недели; в этом звонке — 2" in repeated.why_text
    assert repeated.moment == 20.0


def test_next_skill_when_the_most_skipped_ones_calls_are_taken(week: Week) -> None:
    SkillResult.objects.filter(call__external_id__in=["skip_short", "skip_long"],
                               skill=week.need).delete()
    SkillResultFactory(call=week.calls["long_open"], skill=week.greeting,
                       status=SkillResult.Status.NOT_SHOWN)
    for name in ["unresolved", "hot"]:
        SkillResultFactory(call=week.calls[name], skill=week.need,
                           status=SkillResult.Status.NOT_SHOWN)
    # need: skipped in best, unresolved and hot (all taken); greeting: skip_long, long_open.
    skipped = _cases(week)[CaseKind.SKIPPED]
    assert skipped.call.external_id == "long_open"
    assert "Этап «Приветствие» пропущен в 2 из 2\u00a0звонков недели (этапы" in skipped.why_text


def test_best_by_skills_when_nothing_was_evaluated(db: None) -> None:
    operator = OperatorFactory()
    skills = [SkillFactory() for _ in range(4)]
    many = CallFactory(operator=operator, started_at=IN_WEEK, external_id="many")
    clean = CallFactory(operator=operator, started_at=IN_WEEK, external_id="clean")
    for skill in skills[:3]:
        SkillResultFactory(call=many, skill=skill, start=5.0, text="здравствуйте")
        SkillResultFactory(call=clean, skill=skill, start=7.0, text="добрый день")
    SegmentFactory(call=clean, index=0, speaker="customer", start=0, end=6, text="Алло")
    SegmentFactory(call=clean, index=1, speaker="operator", start=7, end=9,
                   text="Добрый день, слушаю вас")
    SkillResultFactory(call=many, skill=skills[3], status=SkillResult.Status.NOT_SHOWN)
    best = week_cases(team=None, week_start=MONDAY, calls=Call.objects.all())[0]
    # 3 shown each; clean skipped none.
    assert best.call == clean
    assert best.why_text == ("Оценок за неделю нет, поэтому выбран звонок, где проявлено больше "
                             "всего навыков: проявлено — 3, пропущено — 0 (среди 2\u00a0звонков "
                             "недели с разбором навыков).")
    assert best.moment == 7.0
    assert _said(best) == [("customer", "Алло"), ("operator", "Добрый день, слушаю вас")]


def test_empty_week_says_so_for_each_kind(week: Week) -> None:
    cases = week_cases(team=week.team, week_start=date(2026, 12, 7), calls=Call.objects.all())
    assert all(case.call is None for case in cases)
    assert {case.why_text for case in cases} == {NOTHING_FOUND.capitalize() + "."}


def test_any_day_means_its_week_and_only_visible_calls_count(week: Week) -> None:
    sunday = _cases(week, start=date(2026, 11, 22))
    assert sunday[CaseKind.BEST].call.external_id == "best"
    cases = week_cases(team=None, week_start=MONDAY,
                       calls=Call.objects.exclude(external_id__in=["best", "other_team"]))
    assert cases[0].call.external_id == "fair"
    assert "50 из 100" in cases[0].why_text


@pytest.mark.parametrize(("answers", "total"), [
    ([(Answer.YES, 2, None), (Answer.POINTS, 1, 70), (Answer.NOT_APPLICABLE, 5, None)], 90.0),
    ([(Answer.NO, 3, None), (Answer.YES, 1, None)], 25.0),
    ([(Answer.NOT_APPLICABLE, 1, None)], None),
])
def test_evaluation_total(db: None, answers: list[tuple[str, int, int | None]],
                          total: float | None) -> None:
    evaluation = evaluate(CallFactory(), *answers)
    scores = CriterionScore.objects.filter(evaluation=evaluation).select_related("criterion")
    assert evaluation_total(scores) == total
    assert evaluation.status == Evaluation.Status.SUBMITTED


@pytest.mark.parametrize(("count", "of", "in_"), [
    (1, "1\u00a0звонка", "1\u00a0звонке"), (3, "3\u00a0звонков", "3\u00a0звонках"),
    (5, "5\u00a0звонков", "5\u00a0звонках"), (21, "21\u00a0звонка", "21\u00a0звонке"),
])
def test_counts_in_the_why_take_the_case_they_need(count: int, of: str, in_: str) -> None:
    from coaching.casereview.picking import _in_calls, _of_calls

    # «из 21 звонка», «в 21 звонке»: the genitive and the prepositional, by the same rule.
    assert _of_calls(count) == of and _in_calls(count) == in_


def test_the_hot_case_is_the_hottest_call_not_the_most_objections(week: Week) -> None:
    """«repeat» has fewer objections than «hot», but once it is the hottest it is the hot case."""
    CallEmotion.objects.filter(call=week.calls["repeat"]).update(hot=True, hot_score=7.5,
                                                                 hot_at=75.0)
    hot = _cases(week)[CaseKind.HOT]
    assert hot.call.external_id == "repeat" and hot.moment == 75.0
    assert _said(hot)[0] == ("operator", "Понимаю, давайте разберёмся")
    assert ("customer", "Дорого (2)") in _said(hot)


def test_no_hot_case_without_a_hot_call(week: Week) -> None:
    CallEmotion.objects.update(hot=False)
    hot = _cases(week)[CaseKind.HOT]
    assert hot.call is None and NOTHING_FOUND.capitalize() in hot.why_text
