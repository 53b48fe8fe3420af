"""The call page's turning points card (each point plays the player, trainers keep it as an
exemplar through the moment action registry) and the archive page of turning phrasings: counts,
the moments behind them, the ranking by share, who may see it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.urls import reverse

from calls.models import Call, Operator
from calls.voice.turns.analyser import calls_find_turns
from calls.voice.turns.archive import turns_archive
from tests.calls.voice.turns.helpers import DAY, calming_call, emotional_call, escalation_call
from tests.factories import client_for

pytestmark = pytest.mark.django_db

URL = "/calls/voice/turns/?date_from=2026-12-01&date_to=2026-12-07"
PHRASE = "Я вас понимаю, сейчас всё исправим."


def _analysed(*calls: Call) -> list[Call]:
    calls_find_turns(call_ids=[call.pk for call in calls])
    return list(calls)


def test_the_call_page_shows_each_point_seeking_the_player(
    trainer_user: User, operator: Operator
) -> None:
    (call,) = _analysed(calming_call(operator))
    html = client_for(trainer_user).get(reverse("calls:detail", args=[call.pk])).content.decode()
    card = html.split("data-call-turns", 1)[1].split("</section>", 1)[0]
    assert 'data-turning-point="calming"' in card and 'data-start="15.0"' in card
    assert "сейчас всё исправим" in card


def test_a_trainer_keeps_a_turning_point_as_an_exemplar_in_one_click(
    trainer_user: User, operator: Operator
) -> None:
    (call,) = _analysed(calming_call(operator))
    client = client_for(trainer_user)
    html = client.get(reverse("calls:detail", args=[call.pk])).content.decode()
    card = html.split("data-call-turns", 1)[1].split("</section>", 1)[0]
    href = card.split('data-moment-action="exemplar"', 1)[0].rsplit('href="', 1)[1]
    href = href.split('"', 1)[0].replace("&amp;", "&")
    params = {key: values[0] for key, values in parse_qs(urlsplit(href).query).items()}
    assert params["call"] == str(call.pk) and params["start"] == "15"
    assert client.get(href).status_code == 200  # the save form, pre-filled
    response = client.post(urlsplit(href).path, params)
    assert response.status_code == 302
    exemplar = apps.get_model("coaching", "Exemplar").objects.get()
    assert exemplar.call_id == call.pk and exemplar.start == 15.0


def test_an_operator_gets_no_exemplar_link_on_the_card(operator: Operator) -> None:
    (call,) = _analysed(calming_call(operator))
    assert operator.user is not None
    html = client_for(operator.user).get(reverse("calls:detail", args=[call.pk])).content.decode()
    card = html.split("data-call-turns", 1)[1].split("</section>", 1)[0]
    assert "data-moment-action" not in card


def test_archive_ranks_phrasings_by_share_and_links_each_moment(
    trainer_user: User, operator: Operator
) -> None:
    first, second = _analysed(calming_call(operator), calming_call(operator))
    escalated = _analysed(escalation_call(operator), escalation_call(operator))
    # Said in a hot call without a turn after it: used three times, twice before a calming.
    _analysed(
        emotional_call(
            ("customer", "Безобразие!", 3.0),
            ("operator", PHRASE, None),
            ("customer", "Всё равно безобразие!", 3.0),
            operator=operator,
        )
    )
    # Outside the period: not counted.
    _analysed(calming_call(operator, started=DAY - timedelta(days=30)))

    archive = turns_archive(user=trainer_user, date_from=DAY.date(), date_to=DAY.date())
    by_text = {row.text: row for row in archive.calming}
    row = by_text["понимать все"]
    assert row.count == 2 and len(row.uses) == 3 and row.share == pytest.approx(2 / 3)
    assert row.call_ids == sorted([first.pk, second.pk])
    assert "проблема ждать" in {row.text for row in archive.escalation}
    assert archive.escalation[0].call_ids == sorted(call.pk for call in escalated)

    html = client_for(trainer_user).get(URL).content.decode()
    calming = html.split('data-turn-kind="calming"', 1)[1].split("</section>", 1)[0]
    row_html = calming.split('data-phrasing="понимать все"', 1)[1].split("</tr>", 1)[0]
    assert "<summary data-turn-count>2</summary>" in row_html
    assert "<summary data-use-count>3</summary>" in row_html
    for call in (first, second):
        assert f'href="/calls/{call.pk}/#t=15.0"' in row_html


def test_roles_operators_403_managers_their_teams_only(
    manager_user: User, managed_operator: Operator, operator: Operator
) -> None:
    _analysed(
        calming_call(managed_operator),
        calming_call(managed_operator),
        calming_call(operator),
        calming_call(operator),
    )
    assert operator.user is not None and managed_operator.user is not None
    assert client_for(operator.user).get(URL).status_code == 403
    assert client_for(managed_operator.user).get(URL).status_code == 403
    archive = turns_archive(user=manager_user, date_from=DAY.date(), date_to=DAY.date())
    own = set(Call.objects.filter(operator=managed_operator).values_list("pk", flat=True))
    assert archive.calming and all(set(row.call_ids) <= own for row in archive.calming)
    assert client_for(manager_user).get(URL).status_code == 200


def test_a_bad_date_is_said_not_a_500(trainer_user: User) -> None:
    response = client_for(trainer_user).get("/calls/voice/turns/?date_from=вчера")
    assert response.status_code == 200
    assert "Дата указана неверно" in response.content.decode()
