"""A new blind calibration: calls picked from the search of calls (no internal numbers typed),
kept across searches and pages; evaluators and scorecard; who may; Russian errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calls.models import Call
from coaching.evaluations.forms import MAX_CALIBRATION_CALLS
from coaching.models import CalibrationSession
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    CriterionFactory,
    LineFactory,
    OperatorFactory,
    ScorecardTemplateFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db
URL = reverse("coaching:calibration-new")


@pytest.fixture
def trainer():
    return UserFactory(role=Role.TRAINER, first_name="Ольга", last_name="Никитина")


@pytest.fixture
def scorecard():
    scorecard = ScorecardTemplateFactory(name="Продажи")
    CriterionFactory(template=scorecard)
    return scorecard


def _ticks(html: str) -> set[int]:
    """The calls ticked on the page of results."""
    ticked = set()
    for row in html.split("<tr data-call=")[1:]:
        pk = int(row.split('"')[1])
        if "data-pick checked" in row:
            ticked.add(pk)
    return ticked


def test_who_may_open_and_create(trainer, scorecard) -> None:
    manager = UserFactory(role=Role.MANAGER)
    operator = OperatorFactory(team=TeamFactory(manager=manager))
    call = CallFactory(operator=operator)
    data = {"name": "Декабрь", "scorecard": scorecard.pk, "calls": [call.pk],
            "evaluators": [trainer.pk, UserFactory(role=Role.ADMIN).pk]}
    for user in (operator.user, manager, UserFactory()):
        client = client_for(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, data).status_code == 403
    assert Client().get(URL).status_code == 302  # to the sign-in page
    assert not CalibrationSession.objects.exists()
    for user in (trainer, UserFactory(role=Role.ADMIN)):
        assert client_for(user).get(URL).status_code == 200
    # The calibrations list leads to the page, for those who may create.
    assert URL in client_for(trainer).get(reverse("coaching:calibrations")).content.decode()
    response = client_for(trainer).post(URL, data)
    session = CalibrationSession.objects.get()
    assert response.url == reverse("coaching:calibration", args=[session.pk])
    assert list(session.calls.all()) == [call]
    assert session.created_by == trainer


def test_the_form_asks_for_no_call_number(trainer, scorecard) -> None:
    html = client_for(trainer).get(URL).content.decode()
    assert "Номера звонков" not in html
    assert 'name="calls" type="text"' not in html and 'type="text" name="calls"' not in html
    assert "Звонки ещё не выбраны" in html


def test_search_by_operator_dates_and_tag_and_tick_calls(trainer, scorecard) -> None:
    operator, other = OperatorFactory(), OperatorFactory()
    now = timezone.now()
    recent = CallFactory(operator=operator, started_at=now)
    old = CallFactory(operator=operator, started_at=now - timedelta(days=10))
    theirs = CallFactory(operator=other, started_at=now)
    CallTagFactory(call=theirs, tag=TagFactory(code="refund"))
    client = client_for(trainer)

    def found(**params: object) -> set[int]:
        response = client.get(URL, params)
        assert response.status_code == 200
        return {call.pk for call in response.context["page"].object_list}

    assert found(operator=operator.pk) == {recent.pk, old.pk}
    day = timezone.localdate()
    assert found(operator=operator.pk, date_from=day.isoformat()) == {recent.pk}
    assert found(tag="refund") == {theirs.pk}
    # Ticked and added: the calls are the create form's, checked, named by start and operator.
    response = client.get(URL, {"operator": operator.pk, "selected": [recent.pk, old.pk],
                                "add": "1"})
    assert _ticks(response.content.decode()) == {recent.pk, old.pk}
    form = response.context["form"]
    assert [call.pk for call in form.fields["calls"].queryset] == [recent.pk, old.pk]
    assert form["calls"].value() == [recent.pk, old.pk]
    label = dict(form.fields["calls"].choices)[recent.pk]
    assert str(operator) in label and "1:00" in label
    assert "Выбрано: 2\u00a0звонка" in response.content.decode()


def test_the_selection_survives_a_new_search_and_other_pages(trainer, scorecard) -> None:
    operator, line = OperatorFactory(), LineFactory()
    now = timezone.now()
    calls = [CallFactory(operator=operator, line=line, started_at=now - timedelta(minutes=i))
             for i in range(27)]
    elsewhere = CallFactory(started_at=now - timedelta(days=1))
    first_page, last = calls[0], calls[26]  # newest first: the last is on page 2
    client = client_for(trainer)
    # On page 1 with a call of page 2 and one outside the search picked: both travel hidden.
    page1 = client.get(URL, {"operator": operator.pk, "page": "1",
                             "selected": [first_page.pk, last.pk, elsewhere.pk]})
    html = page1.content.decode()
    assert _ticks(html) == {first_page.pk}
    assert f'<input type="hidden" name="selected" value="{last.pk}">' in html
    assert f'<input type="hidden" name="selected" value="{elsewhere.pk}">' in html
    assert 'name="page" value="2"' in html  # turning the page submits the ticks too
    # «Добавить отмеченные» stays on the page it was pressed on.
    assert 'name="page" value="1" class="btn btn--primary" data-add-selected' in html
    page2 = client.get(URL, {"operator": operator.pk, "page": "2",
                             "selected": [first_page.pk, last.pk, elsewhere.pk]})
    assert _ticks(page2.content.decode()) == {last.pk}
    assert page2.context["form"]["calls"].value() == [first_page.pk, last.pk, elsewhere.pk]
    # «Сбросить» clears the search, not the picked calls.
    reset = client.get(URL, {"operator": operator.pk, "reset": "1",
                             "selected": [first_page.pk, last.pk]})
    assert reset.status_code == 302
    assert reset.url == f"{URL}?selected={first_page.pk}&selected={last.pk}"


def test_junk_and_unknown_calls_in_the_address_are_dropped(trainer, scorecard) -> None:
    call = CallFactory()
    response = client_for(trainer).get(URL, {"selected": [
        "abc", "²", "-1", "99999999999999999999999", str(call.pk), str(call.pk), "0"]})
    assert response.status_code == 200
    assert response.context["form"]["calls"].value() == [call.pk]


def test_a_call_no_longer_there_is_refused_and_the_rest_shown_again(trainer, scorecard) -> None:
    """The calls accepted are those the person sees (Call.visible_to): one deleted meanwhile is
    refused in Russian, and the form offers the others again."""
    call = CallFactory()
    gone = CallFactory()
    gone_pk = gone.pk
    Call.objects.filter(pk=gone_pk).delete()
    response = client_for(trainer).post(URL, {
        "name": "Декабрь", "scorecard": scorecard.pk, "calls": [call.pk, gone_pk],
        "evaluators": [trainer.pk, UserFactory(role=Role.TRAINER).pk]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Одного из выбранных звонков больше нет или он вам недоступен" in html
    # What is shown again is what still can be picked.
    assert [c.pk for c in response.context["form"].fields["calls"].queryset] == [call.pk]
    assert not CalibrationSession.objects.exists()


def test_errors_are_russian_and_nothing_is_created(trainer, scorecard) -> None:
    client = client_for(trainer)
    empty = client.post(URL, {})
    assert empty.status_code == 400
    html = empty.content.decode()
    for text in ("Назовите калибровку.", "Выберите оценочный лист.",
                 "Выберите хотя бы один звонок", "Выберите хотя бы двух оценщиков."):
        assert text in html
    call = CallFactory()
    alone = client.post(URL, {"name": "Декабрь", "scorecard": scorecard.pk, "calls": [call.pk],
                              "evaluators": [trainer.pk]})
    assert "Для калибровки нужны хотя бы два оценщика." in alone.content.decode()
    operator = OperatorFactory().user  # not an evaluator
    inactive = ScorecardTemplateFactory(active=False)
    wrong = client.post(URL, {"name": "Декабрь", "scorecard": inactive.pk, "calls": ["x"],
                              "evaluators": [trainer.pk, operator.pk]})
    html = wrong.content.decode()
    assert "Такого действующего оценочного листа нет." in html
    assert "Звонки выбираются в поиске." in html
    assert "Такого оценщика нет: выберите из списка." in html
    assert not CalibrationSession.objects.exists()


def test_at_most_the_limit_of_calls(trainer, scorecard) -> None:
    line, operator = LineFactory(), OperatorFactory()
    calls = CallFactory.create_batch(MAX_CALIBRATION_CALLS + 1, line=line, operator=operator)
    client = client_for(trainer)
    page = client.get(URL, {"selected": [call.pk for call in calls]})
    assert len(page.context["form"]["calls"].value()) == MAX_CALIBRATION_CALLS
    assert "В калибровке не больше 50\u00a0звонков." in page.content.decode()
    response = client.post(URL, {"name": "Много", "scorecard": scorecard.pk,
                                 "calls": [call.pk for call in calls],
                                 "evaluators": [trainer.pk, UserFactory(role=Role.ADMIN).pk]})
    assert response.status_code == 400
    assert "В калибровке не больше 50\u00a0звонков: уберите лишние." in response.content.decode()
