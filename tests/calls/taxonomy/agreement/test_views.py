"""The agreement page and the calls behind its numbers: who may open them, what they show."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from project.roles import Role
from tests.calls.taxonomy.agreement.annotations import answer, campaign, two_trainers_world
from tests.factories import CallFactory, OperatorFactory, UserFactory, client_for

pytestmark = pytest.mark.django_db

PAGE = reverse("taxonomy:agreement")
CALLS = reverse("taxonomy:agreement-calls")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.TRAINER, 200),
        (Role.MANAGER, 403),
        (Role.OPERATOR, 403),
    ],
)
def test_admins_and_trainers_read_it_others_do_not(role: Role, status: int) -> None:
    client = client_for(UserFactory(role=role))
    assert client.get(PAGE).status_code == status
    assert client.get(CALLS, {"list": "items"}).status_code == status


def test_anonymous_people_are_sent_to_log_in(client) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_shows_coefficients_flagged_tags_side_by_side_and_sources() -> None:
    world = two_trainers_world()
    body = client_for(UserFactory(role=Role.ADMIN)).get(PAGE, {"campaign": "Майская"})
    html = body.content.decode()
    assert body.status_code == 200
    assert "Каппа Коэна" in html and "Альфа Криппендорфа" in html
    # «Задержка доставки»: κ = 0, «слабое», flagged; «Возврат» agrees fully.
    assert 'data-low-tag="delay"' in html and 'data-low-tag="refund"' not in html
    assert "уточните описание" in html and "слабое" in html and "почти полное" in html
    assert "Курьер опоздал" in html  # the description to clarify
    low = html[html.index('data-low-tag="delay"') : html.index('id="sources-title"')]
    for call in world["calls"][1:3]:
        assert f'href="/calls/{call.pk}/"' in low
    assert "anna" in low and "boris" in low and "ни один тег не подходит" in low
    # Every count links to its calls, with the campaign kept.
    assert "list=disagreed&amp;tag=delay" in html and "campaign=%D0%9C" in html
    sources = html[html.index('id="sources-title"') :]
    assert 'data-tag="delay" data-source="auto"' in sources
    assert "50% (" in sources  # phrases: 1 right of 2 found


def test_the_calls_behind_a_count_link_to_the_call_pages() -> None:
    world = two_trainers_world()
    client = client_for(UserFactory(role=Role.TRAINER))
    query = {"campaign": "Майская", "tag": "delay"}
    html = client.get(CALLS, {**query, "list": "disagreed"}).content.decode()
    found = set(map(int, re.findall(r'data-call-id="(\d+)"', html)))
    assert found == {world["calls"][1].pk, world["calls"][2].pk}
    html = client.get(CALLS, {**query, "list": "fp", "source": "auto"}).content.decode()
    assert f'href="/calls/{world["calls"][3].pk}/"' in html
    assert "1\u00a0звонок" in html
    html = client.get(CALLS, {**query, "list": "tp", "source": "auto"}).content.decode()
    assert set(map(int, re.findall(r'data-call-id="(\d+)"', html))) == {world["calls"][0].pk}


def test_bad_input_is_a_russian_400() -> None:
    client = client_for(UserFactory(role=Role.ADMIN))
    response = client.get(PAGE, {"campaign": "Нет такой"})
    assert response.status_code == 400
    assert "Кампании «Нет такой» нет." in response.content.decode()
    response = client.get(CALLS, {"list": "fp"})
    assert response.status_code == 400 and "Укажите источник тегов." in response.content.decode()
    assert client.get(CALLS, {"list": "nonsense"}).status_code == 400


def test_an_annotator_does_not_see_an_open_campaign_they_annotate() -> None:
    trainer, other = UserFactory(role=Role.TRAINER), UserFactory(role=Role.TRAINER)
    open_run = campaign("Идёт", closed=False, annotators=[trainer, other])
    call = CallFactory(operator=OperatorFactory())
    answer(open_run, call, other, [])
    response = client_for(trainer).get(PAGE, {"campaign": "Идёт"})
    assert response.status_code == 400
    assert "откроется, когда она закроется" in response.content.decode()
    assert ">Идёт (" not in client_for(trainer).get(PAGE).content.decode()
    # An admin who does not annotate it may follow it while it runs.
    admin = client_for(UserFactory(role=Role.ADMIN))
    assert admin.get(PAGE, {"campaign": "Идёт"}).status_code == 200
    assert admin.get(CALLS, {"campaign": "Идёт", "list": "items"}).status_code == 200
    assert client_for(trainer).get(CALLS, {"campaign": "Идёт", "list": "items"}).status_code == 400


def test_without_annotations_the_page_says_so() -> None:
    html = client_for(UserFactory(role=Role.ADMIN)).get(PAGE).content.decode()
    assert "Размеченных звонков нет" in html


def test_many_disagreements_show_the_first_and_link_to_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from calls.taxonomy.agreement import views

    two_trainers_world()
    monkeypatch.setattr(views, "SIDE_BY_SIDE", 1)
    html = client_for(UserFactory(role=Role.ADMIN)).get(PAGE, {"campaign": "Майская"})
    low = html.content.decode().split('data-low-tag="delay"')[1].split('id="sources-title"')[0]
    assert low.count("<tr data-call-id=") == 1
    assert "Ещё 1\u00a0звонок с расхождением" in low
