"""The gaps page and its one-click button: numbers with their calls, role rules, bad input."""

from __future__ import annotations

from coaching.models import CoachingCycle, Exemplar, TrainingSession
from project.roles import Role
from tests.coaching.gaps.conftest import Gaps
from tests.factories import UserFactory, client_for


def _period(gaps: Gaps) -> dict[str, str]:
    assert gaps.period.date_from and gaps.period.date_to
    return {"date_from": gaps.period.date_from.isoformat(),
            "date_to": gaps.period.date_to.isoformat()}


def test_the_manager_sees_their_teams_topics_with_links(gaps: Gaps) -> None:
    response = client_for(gaps.team.manager).get("/coaching/gaps/")
    assert response.status_code == 200
    html = response.content.decode()
    topic = html.split('data-topic="need"')[1].split("</section>")[0]
    assert "data-count-link>3</a> из 5\u00a0операторов" in topic and "40,0" in topic
    assert "/coaching/operators/c/skills/need/calls/?status=not_shown&amp;date_from=" in topic
    assert "мало данных" in topic and "Оператор f</a> (<a" in topic
    assert "4\u00a0звонка</a>)" in topic
    assert "Создать обучение" in topic
    assert 'data-topic="greeting"' not in html
    # A lower share makes greeting a topic too.
    lower = client_for(gaps.team.manager).get("/coaching/gaps/", {"share": "20", **_period(gaps)})
    assert 'data-topic="greeting"' in lower.content.decode()


def test_roles_operator_404_manager_only_own_teams(gaps: Gaps) -> None:
    operator = client_for(gaps.operators["a"].user)
    assert operator.get("/coaching/gaps/").status_code == 404
    manager = client_for(gaps.team.manager)
    assert manager.get("/coaching/gaps/", {"team": gaps.other_team.pk}).status_code == 404
    post = manager.post("/coaching/gaps/training/", {"team": gaps.other_team.pk,
                                                     "skill": gaps.need.pk, **_period(gaps)})
    assert post.status_code == 404
    trainer = client_for(UserFactory(role=Role.TRAINER))
    assert trainer.get("/coaching/gaps/", {"team": gaps.other_team.pk}).status_code == 200
    assert not TrainingSession.objects.exists()


def test_a_bad_period_is_a_400_with_a_russian_message(gaps: Gaps) -> None:
    response = client_for(gaps.team.manager).get(
        "/coaching/gaps/", {"date_from": "2026-11-30", "date_to": "2026-11-01"})
    assert response.status_code == 400
    assert "Конец периода раньше его начала" in response.content.decode()
    bad_share = client_for(gaps.team.manager).get("/coaching/gaps/", {"share": "0"})
    assert bad_share.status_code == 400


def test_one_click_makes_a_training_and_a_second_click_finds_it(gaps: Gaps) -> None:
    client = client_for(gaps.team.manager)
    data = {"team": gaps.team.pk, "skill": gaps.need.pk, **_period(gaps)}
    response = client.post("/coaching/gaps/training/", data)
    training = TrainingSession.objects.get()
    assert response.status_code == 302 and response.url == f"/coaching/trainings/{training.pk}/"
    assert training.topic == "Уточнение потребности: Продажи"
    assert {o.code for o in training.attendees.all()} == {"a", "b", "c"}
    assert set(Exemplar.objects.values_list("source", "start")) == {("gap", 10.0)}
    assert training.exemplars.count() == 3
    cycles = CoachingCycle.objects.filter(training=training)
    assert {c.stage for c in cycles} == {"train"} and cycles.count() == 3
    again = client.post("/coaching/gaps/training/", data, follow=True)
    assert TrainingSession.objects.count() == 1 and Exemplar.objects.count() == 3
    assert again.redirect_chain[-1][0] == f"/coaching/trainings/{training.pk}/"
    assert "уже запланировано обучение" in again.content.decode()


def test_a_skill_that_is_no_gap_is_refused_with_a_message(gaps: Gaps) -> None:
    response = client_for(gaps.team.manager).post(
        "/coaching/gaps/training/",
        {"team": gaps.team.pk, "skill": gaps.greeting.pk, **_period(gaps)}, follow=True)
    assert response.status_code == 200
    assert "больше нет разрыва" in response.content.decode()
    assert not TrainingSession.objects.exists()
