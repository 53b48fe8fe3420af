"""Training pages: who sees which training, planning by hand, held and cancelled by button."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from coaching.models import CoachingCycle, TrainingSession
from project.roles import Role
from tests.coaching.exemplars.conftest import evaluate_skill
from tests.coaching.gaps.conftest import Gaps
from tests.factories import (
    CallFactory,
    ExemplarFactory,
    SegmentFactory,
    TrainingSessionFactory,
    UserFactory,
    call_with_audio,
    client_for,
)


def _planned(gaps: Gaps) -> TrainingSession:
    client = client_for(gaps.team.manager)
    assert gaps.period.date_from and gaps.period.date_to
    client.post("/coaching/gaps/training/", {
        "team": gaps.team.pk, "skill": gaps.need.pk,
        "date_from": gaps.period.date_from.isoformat(),
        "date_to": gaps.period.date_to.isoformat()})
    return TrainingSession.objects.get()


def test_who_sees_which_training(gaps: Gaps) -> None:
    training = _planned(gaps)
    other = TrainingSessionFactory(team=gaps.other_team, topic="Чужая команда")
    manager = client_for(gaps.team.manager).get("/coaching/trainings/").content.decode()
    assert training.topic in manager and "Чужая команда" not in manager
    assert client_for(gaps.team.manager).get(
        f"/coaching/trainings/{other.pk}/").status_code == 404
    trainer = client_for(UserFactory(role=Role.TRAINER)).get("/coaching/trainings/")
    assert "Чужая команда" in trainer.content.decode()
    # An attendee reads their training, without the buttons; a colleague not on it gets a 404.
    attendee = client_for(gaps.operators["a"].user)
    page = attendee.get(f"/coaching/trainings/{training.pk}/")
    assert page.status_code == 200 and "Обучение проведено" not in page.content.decode()
    assert attendee.post(f"/coaching/trainings/{training.pk}/held/",
                         {"held_on": timezone.localdate().isoformat()}).status_code == 403
    assert attendee.get("/coaching/trainings/new/").status_code == 403
    outsider = client_for(gaps.operators["d"].user)
    assert outsider.get(f"/coaching/trainings/{training.pk}/").status_code == 404
    assert training.topic not in outsider.get("/coaching/trainings/").content.decode()


def test_detail_plays_the_exemplars_and_links_the_attendees(gaps: Gaps) -> None:
    training = _planned(gaps)
    call = call_with_audio(gaps.operators["d"])
    heard = ExemplarFactory(call=call, skill=gaps.need, start=12.5, end=20.0)
    training.exemplars.add(heard)
    html = client_for(gaps.team.manager).get(f"/coaching/trainings/{training.pk}/").content.decode()
    assert f'src="/calls/{call.pk}/audio/#t=12.5,20.0"' in html
    assert f"/calls/{call.pk}/#t=12.5" in html
    assert '<audio controls preload="none"' in html
    assert "/coaching/operators/a/" in html and "обучение" in html.split('data-operator="a"')[1]


def test_held_with_a_future_date_is_a_form_error_then_held_sets_control(gaps: Gaps) -> None:
    training = _planned(gaps)
    client = client_for(gaps.team.manager)
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    bad = client.post(f"/coaching/trainings/{training.pk}/held/", {"held_on": future})
    assert bad.status_code == 400
    assert "Обучение не может пройти в будущем" in bad.content.decode()
    assert client.post(f"/coaching/trainings/{training.pk}/held/",
                       {"held_on": "вчера"}).status_code == 400
    today = timezone.localdate()
    done = client.post(f"/coaching/trainings/{training.pk}/held/", {"held_on": today.isoformat()})
    assert done.status_code == 302
    assert set(CoachingCycle.objects.filter(training=training).values_list(
        "stage", "control_due")) == {("control", today + timedelta(days=14))}
    again = client.post(f"/coaching/trainings/{training.pk}/held/",
                        {"held_on": today.isoformat()}, follow=True)
    assert "Обучение уже отмечено проведённым" in again.content.decode()


def test_cancel_by_button(gaps: Gaps) -> None:
    training = _planned(gaps)
    response = client_for(gaps.team.manager).post(f"/coaching/trainings/{training.pk}/cancel/")
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.status == "cancelled"
    assert not CoachingCycle.objects.filter(training=training).exists()


def test_plan_by_hand_with_limits_on_attendees_and_exemplars(gaps: Gaps) -> None:
    client = client_for(gaps.team.manager)
    form = client.get("/coaching/trainings/new/")
    assert form.status_code == 200
    other_exemplar = ExemplarFactory(call=CallFactory(operator=gaps.operators["d"]),
                                     skill=gaps.greeting)
    data = {"topic": "Потребность", "skill": gaps.need.pk, "team": gaps.team.pk,
            "held_on": timezone.localdate().isoformat(),
            "attendees": [gaps.operators["a"].pk, gaps.operators["z"].pk],
            "exemplars": [other_exemplar.pk]}
    bad = client.post("/coaching/trainings/new/", data)
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Образцовые моменты должны показывать навык обучения" in html
    assert "Выберите корректный вариант" in html  # z is another team's operator
    assert client.post("/coaching/trainings/new/", {**data, "team": gaps.other_team.pk,
                                                    "attendees": [gaps.operators["a"].pk],
                                                    "exemplars": []}).status_code == 400
    good = client.post("/coaching/trainings/new/", {**data, "attendees": [gaps.operators["a"].pk],
                                                    "exemplars": []})
    training = TrainingSession.objects.get()
    assert good.status_code == 302 and good.url == f"/coaching/trainings/{training.pk}/"
    assert CoachingCycle.objects.get(operator=gaps.operators["a"]).stage == "train"
    edit = client.post(f"/coaching/trainings/{training.pk}/edit/",
                       {**data, "topic": "Потребность, часть 2",
                        "attendees": [gaps.operators["b"].pk], "exemplars": []})
    assert edit.status_code == 302
    training.refresh_from_db()
    assert training.topic == "Потребность, часть 2"
    assert [o.code for o in training.attendees.all()] == ["b"]


def test_an_attendee_sees_no_colleagues_map_or_cycle_on_a_group_training(gaps: Gaps) -> None:
    training = _planned(gaps)
    assert set(training.attendees.values_list("code", flat=True)) >= {"a", "b"}
    html = client_for(gaps.operators["a"].user).get(
        f"/coaching/trainings/{training.pk}/").content.decode()
    assert 'data-operator="a"' in html and "/coaching/operators/a/" in html
    assert 'data-operator="b"' not in html and "/coaching/operators/b/" not in html
    cycle = CoachingCycle.objects.get(training=training, operator=gaps.operators["b"])
    assert f"/coaching/cycles/{cycle.pk}/" not in html
    # Their manager still sees everyone.
    manager = client_for(gaps.team.manager).get(
        f"/coaching/trainings/{training.pk}/").content.decode()
    assert 'data-operator="b"' in manager and f"/coaching/cycles/{cycle.pk}/" in manager


def test_a_colleagues_exemplar_is_quoted_not_linked_for_an_operator(gaps: Gaps) -> None:
    training = _planned(gaps)
    colleague_call = call_with_audio(gaps.operators["d"])
    SegmentFactory(call=colleague_call, index=0, speaker="operator", start=12, end=16,
                   text="Что для вас важно в доставке?")
    exemplar = ExemplarFactory(call=colleague_call, skill=gaps.need, start=12.5, end=20.0)
    training.exemplars.add(exemplar)
    attendee = client_for(gaps.operators["a"].user)
    assert attendee.get(f"/calls/{colleague_call.pk}/").status_code == 404

    def row(client: Client) -> dict[str, Any]:
        rows = client.get(f"/coaching/trainings/{training.pk}/").context["exemplars"]
        return next(r for r in rows if r["exemplar"] == exemplar)

    assert row(attendee)["visible"] is False and not row(attendee)["withheld"]
    assert [s.text for s in row(attendee)["excerpt"]] == ["Что для вас важно в доставке?"]
    manager = client_for(gaps.team.manager)
    assert row(manager)["visible"] is True and row(manager)["excerpt"] == []


def test_a_rejected_exemplar_is_not_offered_but_stays_on_the_training_that_has_it(
        gaps: Gaps) -> None:
    trainer = UserFactory(role=Role.TRAINER)
    operator = gaps.operators["a"]
    standing = ExemplarFactory(call=CallFactory(operator=operator), skill=gaps.need, start=1.0)
    attached = ExemplarFactory(call=CallFactory(operator=operator), skill=gaps.need, start=2.0)
    loose = ExemplarFactory(call=CallFactory(operator=operator), skill=gaps.need, start=3.0)
    training = TrainingSessionFactory(team=gaps.team, skill=gaps.need, topic="Потребность")
    training.attendees.add(operator)
    training.exemplars.add(attached)
    for exemplar in (attached, loose):
        evaluate_skill(exemplar.call, gaps.need, trainer, "no", reason="Не уточнил")
    client = client_for(trainer)

    def offered(url: str) -> dict[int, str]:
        field = client.get(url).context["form"]["exemplars"]
        return {int(option.data["value"].value): str(option.data["label"]) for option in field}

    # A new training: the rejected moments are gone from the choices.
    assert set(offered("/coaching/trainings/new/")) == {standing.pk}
    # Editing the training that shows one: it stays, marked; the other rejected one is not offered.
    choices = offered(f"/coaching/trainings/{training.pk}/edit/")
    assert set(choices) == {standing.pk, attached.pk}
    assert "оценщик отклонил" in choices[attached.pk]
    assert "оценщик отклонил" not in choices[standing.pk]
    data = {"topic": "Потребность", "skill": gaps.need.pk, "team": gaps.team.pk,
            "held_on": timezone.localdate().isoformat(), "attendees": [operator.pk],
            "exemplars": [attached.pk, standing.pk]}
    assert client.post(f"/coaching/trainings/{training.pk}/edit/", data).status_code == 302
    assert set(training.exemplars.all()) == {attached, standing}
    # A rejected moment cannot be added by hand, to this training or a new one.
    refused = client.post(f"/coaching/trainings/{training.pk}/edit/",
                          {**data, "exemplars": [attached.pk, loose.pk]})
    assert refused.status_code == 400
    assert "Выберите корректный вариант" in refused.content.decode()
    assert client.post("/coaching/trainings/new/",
                       {**data, "exemplars": [attached.pk]}).status_code == 400
    assert set(training.exemplars.all()) == {attached, standing}
