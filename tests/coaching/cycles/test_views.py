"""The cycle pages: who sees which cycles, the sections, the timeline's links and the actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import Operator, Team
from coaching.cycles.services import CONTROL_DAYS
from coaching.models import CoachingCycle, Skill
from project.roles import Role
from tests.coaching.cycles.conftest import outcomes
from tests.factories import (
    CoachingCycleFactory,
    OperatorFactory,
    PersonalReportFactory,
    SkillFactory,
    TeamFactory,
    TrainingSessionFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db
Stage, Verdict = CoachingCycle.Stage, CoachingCycle.Verdict


@dataclass
class Cycles:
    team: Team
    mine: Operator
    colleague: Operator
    stranger: Operator
    skill: Skill
    due: CoachingCycle
    running: CoachingCycle
    done: CoachingCycle
    other_team: CoachingCycle


@pytest.fixture
def cycles() -> Cycles:
    today = timezone.localdate()
    team = TeamFactory(manager=UserFactory(username="boss", role=Role.MANAGER))
    mine = OperatorFactory(team=team, code="mine", display_name="Анна")
    colleague = OperatorFactory(team=team, code="colleague", display_name="Борис")
    stranger = OperatorFactory(team=TeamFactory(manager=UserFactory(role=Role.MANAGER)),
                               code="stranger", display_name="Вера")
    skill = SkillFactory(code="summary", name="Резюмирование")
    trained = today - timedelta(days=CONTROL_DAYS + 3)
    due = CoachingCycleFactory(operator=mine, skill=skill, stage=Stage.CONTROL,
                               baseline_from=trained - timedelta(days=30),
                               baseline_to=trained - timedelta(days=1),
                               trained_on=trained,
                               control_due=trained + timedelta(days=CONTROL_DAYS))
    running = CoachingCycleFactory(operator=colleague, skill=skill, stage=Stage.LISTEN)
    done = CoachingCycleFactory(
        operator=mine, skill=SkillFactory(name="Приветствие"), stage=Stage.DONE,
        trained_on=today - timedelta(days=40), control_due=today - timedelta(days=26),
        closed_at=timezone.now(), before_shown=2, before_calls=20, after_shown=16,
        after_calls=20, p_value=1.66e-05, verdict=Verdict.CHANGED)
    other_team = CoachingCycleFactory(operator=stranger, skill=skill)
    return Cycles(team=team, mine=mine, colleague=colleague, stranger=stranger, skill=skill,
                  due=due, running=running, done=done, other_team=other_team)


def _section(html: str, name: str) -> str:
    return html.split(f'data-cycles="{name}"', 1)[1].split("</table>", 1)[0]


def test_a_manager_sees_the_teams_cycles_by_section(cycles: Cycles) -> None:
    response = client_for(cycles.team.manager).get("/coaching/cycles/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Контроль сегодня и просрочен" in html and "Циклы коучинга" in html
    due = _section(html, "due")
    assert f'data-cycle="{cycles.due.pk}"' in due and 'data-overdue="3"' in due
    assert f'data-cycle="{cycles.running.pk}"' in _section(html, "running")
    closed = _section(html, "closed")
    assert 'data-verdict="changed"' in closed and "изменилось" in closed
    assert "↑ +70 п.п." in closed
    assert f"/coaching/cycles/{cycles.done.pk}/calls/?side=after&amp;result=shown" in closed
    assert "Вера" not in html
    assert "data-cycle-start" in html


def test_trainers_see_all_and_filters_narrow(cycles: Cycles) -> None:
    client = client_for(UserFactory(role=Role.TRAINER))
    html = client.get("/coaching/cycles/").content.decode()
    assert "Вера" in html
    filtered = client.get("/coaching/cycles/", {"stage": "listen"}).content.decode()
    assert f'data-cycle="{cycles.running.pk}"' in filtered
    assert f'data-cycle="{cycles.due.pk}"' not in filtered
    assert client.get("/coaching/cycles/", {"stage": "maybe"}).status_code == 400


def test_an_operator_sees_only_their_own_read_only(cycles: Cycles) -> None:
    client = client_for(cycles.mine.user)
    html = client.get("/coaching/cycles/").content.decode()
    assert "Мои циклы" in html
    assert f'data-cycle="{cycles.due.pk}"' in html
    assert "Борис" not in html and "data-cycle-start" not in html
    assert client.get(f"/coaching/cycles/{cycles.running.pk}/").status_code == 404
    assert client.get(f"/coaching/cycles/{cycles.running.pk}/calls/",
                      {"side": "before"}).status_code == 404
    own = client.get(f"/coaching/cycles/{cycles.due.pk}/").content.decode()
    assert "data-record" not in own and "data-cancel" not in own
    assert client.post(f"/coaching/cycles/{cycles.due.pk}/result/").status_code == 403
    assert client.post(f"/coaching/cycles/{cycles.due.pk}/cancel/").status_code == 403


def test_a_manager_cannot_reach_another_teams_cycle(cycles: Cycles) -> None:
    client = client_for(cycles.team.manager)
    assert client.get(f"/coaching/cycles/{cycles.other_team.pk}/").status_code == 404
    assert client.post(f"/coaching/cycles/{cycles.other_team.pk}/cancel/").status_code == 404
    assert client_for(UserFactory()).get("/coaching/cycles/").status_code == 403


def test_the_timeline_links_the_baseline_calls_and_shows_the_due_date(cycles: Cycles) -> None:
    cycle = cycles.due
    cycle.report = PersonalReportFactory(operator=cycles.mine, shared_at=timezone.now())
    cycle.training = TrainingSessionFactory(topic="Как резюмировать", held_on=cycle.trained_on)
    cycle.save()
    html = client_for(cycles.team.manager).get(f"/coaching/cycles/{cycle.pk}/").content.decode()
    for step in ("listen", "report", "train", "control", "result"):
        assert f'data-step="{step}"' in html
    baseline = (f"/coaching/operators/mine/skills/summary/calls/?status=shown&amp;date_from="
                f"{cycle.baseline_from.isoformat()}&amp;date_to={cycle.baseline_to.isoformat()}")
    assert baseline in html
    assert "Просрочен на 3\u00a0дня." in html
    assert f'<a href="/coaching/trainings/{cycle.training.pk}/">Как резюмировать</a>' in html
    assert f'<a href="/coaching/reports/{cycle.report.pk}/">Личный отчёт</a>' in html
    assert "data-record" in html and "data-cancel" in html


def test_recording_the_result_on_the_page(cycles: Cycles) -> None:
    cycle = cycles.due
    assert cycle.trained_on is not None
    outcomes(cycles.mine, cycles.skill, cycle.baseline_from, shown=2, not_shown=18)
    outcomes(cycles.mine, cycles.skill, cycle.trained_on + timedelta(days=1), shown=16,
             not_shown=4)
    response = client_for(cycles.team.manager).post(f"/coaching/cycles/{cycle.pk}/result/",
                                                    follow=True)
    html = response.content.decode()
    assert "Результат записан: изменилось" in html
    assert "p &lt; 0,001 (точный тест Фишера" in html
    cycle.refresh_from_db()
    assert (cycle.stage, cycle.before_calls, cycle.after_shown) == (Stage.DONE, 20, 16)
    calls = client_for(cycles.mine.user).get(f"/coaching/cycles/{cycle.pk}/calls/",
                                             {"side": "after", "result": "shown"})
    assert calls.status_code == 200
    assert calls.context["total"] == 16 and len(calls.context["rows"]) == 16


def test_an_early_control_shows_the_russian_refusal(cycles: Cycles) -> None:
    early = CoachingCycleFactory(operator=cycles.colleague, skill=SkillFactory(),
                                 stage=Stage.CONTROL, trained_on=timezone.localdate(),
                                 control_due=timezone.localdate() + timedelta(days=CONTROL_DAYS))
    response = client_for(cycles.team.manager).post(f"/coaching/cycles/{early.pk}/result/",
                                                    follow=True)
    assert "Контрольное прослушивание ещё рано" in response.content.decode()
    early.refresh_from_db()
    assert early.stage == Stage.CONTROL


def test_starting_and_cancelling_a_cycle(cycles: Cycles) -> None:
    client = client_for(cycles.team.manager)
    today = timezone.localdate()
    skill = SkillFactory(name="Приветствие клиента")
    period = {"skill": skill.pk, "baseline_from": (today - timedelta(days=30)).isoformat(),
              "baseline_to": today.isoformat()}
    response = client.post("/coaching/cycles/start/", {"operator": cycles.colleague.pk, **period})
    cycle = CoachingCycle.objects.get(operator=cycles.colleague, skill=skill)
    assert response.url == f"/coaching/cycles/{cycle.pk}/"
    again = client.post("/coaching/cycles/start/", {"operator": cycles.colleague.pk, **period},
                        follow=True)
    assert "уже идёт цикл" in again.content.decode()
    refused = client.post("/coaching/cycles/start/", {"operator": cycles.stranger.pk, **period},
                          follow=True)
    assert "Цикл не начат" in refused.content.decode()
    assert not CoachingCycle.objects.filter(operator=cycles.stranger, skill=skill).exists()
    client.post(f"/coaching/cycles/{cycle.pk}/cancel/", {"reason": "Перевели в другой отдел"})
    cycle.refresh_from_db()
    assert cycle.stage == Stage.CANCELLED and "другой отдел" in cycle.notes


def test_calls_behind_a_side_need_a_valid_side(cycles: Cycles) -> None:
    client = client_for(cycles.team.manager)
    assert client.get(f"/coaching/cycles/{cycles.due.pk}/calls/",
                      {"side": "sideways"}).status_code == 400
    not_trained = client.get(f"/coaching/cycles/{cycles.running.pk}/calls/", {"side": "after"})
    assert not_trained.status_code == 400
    assert "Обучение ещё не проведено" in not_trained.content.decode()
