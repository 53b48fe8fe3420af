"""calls/changes/evaluation.py on constructed calls with a known effect, with none, with too few
calls, a pending after-window, the day of the change left out, the change's lines, the viewer."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from statsmodels.stats.power import NormalIndPower

from calls.changes.evaluation import MIN_MEASURED, change_evaluation
from calls.changes.figures import Direction, Verdict
from calls.models import Change, Line, Operator, Tag
from project.roles import Role
from tests.factories import (
    LineFactory,
    OperatorFactory,
    TagCategoryFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)
from tests.factories_changes import MOSCOW, ChangeFactory, calls_on_days, days

pytestmark = pytest.mark.django_db

CHANGED_ON = date(2026, 3, 15)
BEFORE = days(date(2026, 3, 1), date(2026, 3, 14))
AFTER = days(date(2026, 3, 16), date(2026, 3, 29))
LATER = datetime(2026, 4, 20, 12, 0, tzinfo=MOSCOW)


@pytest.fixture
def operator() -> Operator:
    return OperatorFactory()


@pytest.fixture
def line() -> Line:
    return LineFactory(code="support", name="Поддержка")


@pytest.fixture
def navigation() -> Tag:
    return TagFactory(
        code="navigation", name="Навигация", category=TagCategoryFactory(is_problem=True)
    )


def _change(*, tags: list[Tag] = (), lines: list[Line] = ()) -> Change:  # type: ignore[assignment]
    change = ChangeFactory(changed_on=CHANGED_ON, title="Упростили голосовое меню")
    change.tags.set(tags)
    change.lines.set(lines)
    return change


def _tagged_calls(operator: Operator, line: Line, tag: Tag, *, before: int, after: int) -> None:
    """20 calls a day; `before` (or `after`) of every 20 carry the tag."""
    calls_on_days(on=BEFORE, per_day=20, operator=operator, line=line, tag=tag,
                  tagged=lambda i: i % 20 < before)
    calls_on_days(on=AFTER, per_day=20, operator=operator, line=line, tag=tag,
                  tagged=lambda i: i % 20 < after)


def test_a_known_fall_of_a_problem_tag_helped(
    operator: Operator, line: Line, navigation: Tag
) -> None:
    _tagged_calls(operator, line, navigation, before=4, after=1)  # 20% → 5%
    evaluation = change_evaluation(change=_change(tags=[navigation]), now=LATER)
    row = evaluation.primary_rows[0]
    assert row.metric.code == "tag:navigation"
    assert (row.before.measured, row.after.measured) == (280, 280)
    assert (row.before.successes, row.after.successes) == (56, 14)
    assert row.difference == pytest.approx(-0.15)
    assert row.interval is not None and row.interval.high < 0
    assert row.test == "z" and row.p_value is not None and row.p_value < 0.001
    assert row.effect_name == "h" and row.effect_size is not None and row.effect_size < -0.4
    assert row.direction == Direction.BETTER
    assert evaluation.verdict == Verdict.HELPED
    assert evaluation.verdict_text.startswith(
        "После изменения доля звонков с тегом «Навигация» снизилась с 20% до 5% (−15\u00a0п.п., "
        "95% ДИ от −20 до −9,7\u00a0п.п.)"
    )
    assert "это не случайность: p < 0,001" in evaluation.verdict_text
    assert 'href="/calls/?date_from=2026-03-01&amp;date_to=2026-03-14&amp;status=analysed' in (
        evaluation.verdict_html
    )
    assert "tag=navigation" in row.before.value_url
    # The other figures are shown for context, not for the verdict.
    assert {r.metric.code for r in evaluation.other_rows} >= {"handling_time", "repeat_share"}


def test_a_known_rise_of_a_problem_tag_is_worse(
    operator: Operator, line: Line, navigation: Tag
) -> None:
    _tagged_calls(operator, line, navigation, before=1, after=4)
    evaluation = change_evaluation(change=_change(tags=[navigation]), now=LATER)
    assert evaluation.verdict == Verdict.WORSE
    assert "выросла с 5% до 20%" in evaluation.verdict_text


def test_no_effect_is_no_change_with_an_interval_around_zero(
    operator: Operator, line: Line, navigation: Tag
) -> None:
    _tagged_calls(operator, line, navigation, before=3, after=3)
    evaluation = change_evaluation(change=_change(tags=[navigation]), now=LATER)
    row = evaluation.primary_rows[0]
    assert row.difference == pytest.approx(0)
    assert row.interval is not None and row.interval.low < 0 < row.interval.high
    assert row.p_value == pytest.approx(1.0)
    assert row.direction == Direction.SAME
    assert evaluation.verdict == Verdict.NO_CHANGE
    assert "почти не изменилась" in evaluation.verdict_text
    assert "в пределах случайных колебаний" in evaluation.verdict_text


def test_handling_time_falls_without_tags(operator: Operator, line: Line) -> None:
    # Skewed durations: a long call every tenth; after the change every call is 30 s shorter.
    calls_on_days(on=BEFORE, per_day=20, operator=operator, line=line,
                  duration=lambda i: 200.0 + (i % 7) * 15 + (300 if i % 10 == 0 else 0))
    calls_on_days(on=AFTER, per_day=20, operator=operator, line=line,
                  duration=lambda i: 170.0 + (i % 7) * 15 + (300 if i % 10 == 0 else 0))
    evaluation = change_evaluation(change=_change(), now=LATER)
    row = next(r for r in evaluation.rows if r.metric.code == "handling_time")
    assert row.primary and row.test == "welch" and row.effect_name == "g"
    assert row.difference == pytest.approx(-30.0)
    assert row.interval is not None and row.interval.high < 0
    assert evaluation.verdict == Verdict.HELPED
    assert "средняя длительность разговора снизилась с" in evaluation.verdict_text
    # The figures without any measured call (no voice analysis here) are too few, not zero.
    hot = next(r for r in evaluation.rows if r.metric.code == "hot_share")
    assert hot.too_few and hot.before.value is None and hot.p_value is None


def test_too_few_calls_are_said_not_guessed(
    operator: Operator, line: Line, navigation: Tag
) -> None:
    calls_on_days(on=BEFORE[:3], per_day=10, operator=operator, line=line, tag=navigation,
                  tagged=lambda i: i % 2 == 0)
    calls_on_days(on=AFTER[:2], per_day=10, operator=operator, line=line)
    evaluation = change_evaluation(change=_change(tags=[navigation]), now=LATER)
    row = evaluation.primary_rows[0]
    assert row.too_few and row.p_value is None and row.interval is None
    assert (row.before.measured, row.after.measured) == (30, 20)
    assert evaluation.verdict == Verdict.TOO_FEW
    assert evaluation.verdict_text == (
        "Слишком мало данных, чтобы судить: до изменения 30\u00a0звонков, после — "
        f"20\u00a0звонков; нужно хотя бы {MIN_MEASURED} в каждом окне."
    )


def test_the_minimum_has_the_power_claimed() -> None:
    # 50 calls a side: 80% power at α = 0.05 (two-sided) for an effect of 0.56.
    effect = NormalIndPower().solve_power(nobs1=MIN_MEASURED, alpha=0.05, power=0.8, ratio=1)
    assert effect == pytest.approx(0.56, abs=0.005)


def test_pending_while_the_after_window_is_open(
    operator: Operator, line: Line, navigation: Tag
) -> None:
    _tagged_calls(operator, line, navigation, before=4, after=1)
    now = datetime(2026, 3, 22, 18, 0, tzinfo=MOSCOW)  # the after-window's 7th day
    evaluation = change_evaluation(change=_change(tags=[navigation]), now=now)
    assert evaluation.verdict == Verdict.PENDING
    assert evaluation.provisional == Verdict.HELPED
    assert evaluation.days_elapsed == 6
    assert evaluation.verdict_text.startswith(
        "Окно после изменения ещё идёт: прошло 6\u00a0дней из 14. Предварительно: После изменения"
    )
    # The partial picture counts only the calls so far (the fixture made them all at noon).
    assert evaluation.primary_rows[0].after.measured == 7 * 20


def test_pending_before_the_after_window_starts(navigation: Tag) -> None:
    now = datetime(2026, 3, 15, 18, 0, tzinfo=MOSCOW)
    evaluation = change_evaluation(change=_change(tags=[navigation]), now=now)
    assert evaluation.verdict == Verdict.PENDING
    assert "окно после него начнётся 16.03.2026" in evaluation.verdict_text


def test_the_day_of_the_change_is_left_out(
    operator: Operator, line: Line, navigation: Tag
) -> None:
    _tagged_calls(operator, line, navigation, before=3, after=3)
    calls_on_days(on=[CHANGED_ON], per_day=50, operator=operator, line=line, tag=navigation,
                  tagged=lambda i: True)
    # The days just outside the windows too.
    calls_on_days(on=[date(2026, 2, 28), date(2026, 3, 30)], per_day=50, operator=operator,
                  line=line, tag=navigation, tagged=lambda i: True)
    evaluation = change_evaluation(change=_change(tags=[navigation]), now=LATER)
    row = evaluation.primary_rows[0]
    assert (row.before.measured, row.after.measured) == (280, 280)
    assert (row.before.successes, row.after.successes) == (42, 42)
    assert evaluation.before.date_to == date(2026, 3, 14)
    assert evaluation.after.date_from == date(2026, 3, 16)
    assert CHANGED_ON not in row.daily


def test_the_lines_of_the_change_restrict_the_calls(
    operator: Operator, line: Line, navigation: Tag
) -> None:
    sales = LineFactory(code="sales", name="Продажи")
    _tagged_calls(operator, line, navigation, before=4, after=1)
    _tagged_calls(operator, sales, navigation, before=1, after=4)
    on_support = change_evaluation(change=_change(tags=[navigation], lines=[line]), now=LATER)
    assert on_support.primary_rows[0].before.measured == 280
    assert on_support.verdict == Verdict.HELPED
    assert "line=support" in on_support.primary_rows[0].before.value_url
    everywhere = change_evaluation(change=_change(tags=[navigation]), now=LATER)
    assert everywhere.primary_rows[0].before.measured == 560
    assert everywhere.verdict == Verdict.NO_CHANGE


def test_a_manager_counts_only_their_teams_calls(line: Line, navigation: Tag) -> None:
    manager = UserFactory(role=Role.MANAGER)
    mine = OperatorFactory(team=TeamFactory(manager=manager))
    _tagged_calls(mine, line, navigation, before=4, after=1)
    _tagged_calls(OperatorFactory(), line, navigation, before=1, after=4)
    change = _change(tags=[navigation])
    as_manager = change_evaluation(change=change, now=LATER, user=manager)
    assert as_manager.primary_rows[0].before.measured == 280
    assert as_manager.verdict == Verdict.HELPED
    assert change_evaluation(change=change, now=LATER).primary_rows[0].before.measured == 560


def test_holm_within_the_primary_family(operator: Operator, line: Line) -> None:
    first, second = TagFactory(), TagFactory()
    _tagged_calls(operator, line, first, before=4, after=1)
    _tagged_calls(operator, line, second, before=3, after=3)
    evaluation = change_evaluation(change=_change(tags=[first, second]), now=LATER)
    rows = evaluation.primary_rows
    assert len(rows) == 2
    smaller = min(r.p_value for r in rows if r.p_value is not None)
    lead = next(r for r in rows if r.p_value == smaller)
    assert lead.p_adjusted == pytest.approx(min(1.0, smaller * 2))
    assert "с поправкой Холма на 2\u00a0показателя" in evaluation.verdict_text


def test_fcr_only_once_its_windows_have_closed(navigation: Tag) -> None:
    change = _change(tags=[navigation])
    soon = change_evaluation(change=change, now=datetime(2026, 4, 1, tzinfo=MOSCOW))
    assert "fcr" not in {row.metric.code for row in soon.rows}
    assert soon.notes
    late = change_evaluation(change=change, now=LATER)
    assert "fcr" in {row.metric.code for row in late.rows}


def test_daily_series_and_a_few_queries(
    operator: Operator, line: Line, navigation: Tag, django_assert_max_num_queries: object
) -> None:
    _tagged_calls(operator, line, navigation, before=4, after=1)
    change = _change(tags=[navigation])
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        evaluation = change_evaluation(change=change, now=LATER)
    row = evaluation.primary_rows[0]
    assert len(row.daily) == 28
    assert row.daily[BEFORE[0]].value == pytest.approx(0.2)
    assert row.daily[AFTER[0]].value == pytest.approx(0.05)
    assert change_evaluation(change=change, now=LATER, daily=False).primary_rows[0].daily == {}



def test_hot_share_from_the_emotions_and_repeats_from_the_contact_links(
    operator: Operator, line: Line
) -> None:
    from django.utils import timezone

    from calls.models import CallEmotion, ContactLink

    before = calls_on_days(on=BEFORE, per_day=10, operator=operator, line=line)
    after = calls_on_days(on=AFTER, per_day=10, operator=operator, line=line)
    now = timezone.now()
    CallEmotion.objects.bulk_create(
        [CallEmotion(call=call, analysed_at=now, emotion="neutral", score=0.5, hot=i % 4 == 0)
         for i, call in enumerate(before)]
        + [CallEmotion(call=call, analysed_at=now, emotion="neutral", score=0.5,
                       hot=i % 4 == 0) for i, call in enumerate(after[:60])]
    )
    ContactLink.objects.bulk_create(
        [ContactLink(call=call, started_at=call.started_at,
                     kind=ContactLink.Kind.REPEAT if i % 5 == 0 else ContactLink.Kind.FIRST)
         for i, call in enumerate(before + after)]
    )
    evaluation = change_evaluation(change=_change(), now=LATER)
    hot = next(r for r in evaluation.rows if r.metric.code == "hot_share")
    assert (hot.before.measured, hot.after.measured) == (140, 60)
    assert (hot.before.successes, hot.after.successes) == (35, 15)
    assert hot.direction == Direction.SAME and "hot=true" in hot.before.value_url
    repeats = next(r for r in evaluation.rows if r.metric.code == "repeat_share")
    assert repeats.before.value == pytest.approx(0.2) and repeats.after.measured == 140
    assert "contact=repeat" in repeats.after.value_url
