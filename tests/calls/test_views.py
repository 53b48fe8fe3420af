"""calls/views.py: who sees which call, the list, one call with its transcript, retry, and the
audio page's 404s."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from calls.models import Call, CallStatusChange, Operator
from tests.factories import (
    CallFactory,
    OperatorFactory,
    SegmentFactory,
    UserFactory,
    call_with_audio,
    client_for,
)

MSK = ZoneInfo("Europe/Moscow")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["calls:list", "calls:detail", "calls:audio"])
def test_anonymous_is_sent_to_login(name: str) -> None:
    call = CallFactory()
    url = reverse(name) if name == "calls:list" else reverse(name, args=[call.pk])
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_operator_lists_only_own_calls(
    operator: Operator, other_operator: Operator, listed: Callable[..., set[str]]
) -> None:
    CallFactory(operator=operator, external_id="mine")
    CallFactory(operator=other_operator, external_id="theirs")

    response = client_for(operator.user).get(reverse("calls:list"))

    assert listed(response) == {"mine"}
    assert "theirs" not in response.content.decode()
    assert "Мои звонки" in response.content.decode()


def test_operator_cannot_open_another_operators_call(
    operator: Operator, other_operator: Operator
) -> None:
    theirs = call_with_audio(other_operator)
    client = client_for(operator.user)

    assert client.get(reverse("calls:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("calls:audio", args=[theirs.pk])).status_code == 404
    # Not leaked either way: a call that does not exist looks the same.
    assert client.get(reverse("calls:detail", args=[theirs.pk + 1000])).status_code == 404


def test_manager_sees_team_calls_only(
    manager_user: User,
    managed_operator: Operator,
    other_operator: Operator,
    listed: Callable[..., set[str]],
) -> None:
    team_call = CallFactory(operator=managed_operator, external_id="team")
    foreign = CallFactory(operator=other_operator, external_id="foreign")
    client = client_for(manager_user)

    assert listed(client.get(reverse("calls:list"))) == {"team"}
    assert client.get(reverse("calls:detail", args=[team_call.pk])).status_code == 200
    assert client.get(reverse("calls:detail", args=[foreign.pk])).status_code == 404


def test_user_without_role_sees_nothing(db: None) -> None:
    CallFactory(external_id="hidden-call-77")
    response = client_for(UserFactory()).get(reverse("calls:list"))
    # Told to ask for a role (project/access.py), not shown an empty list.
    assert response.status_code == 403
    assert "Попросите администратора назначить вам роль" in response.content.decode()
    assert "hidden-call-77" not in response.content.decode()


def test_other_operator_is_not_offered_to_operator(db: None) -> None:
    mine = OperatorFactory()
    OperatorFactory(display_name="Чужой Оператор")
    html = client_for(mine.user).get(reverse("calls:list")).content.decode()
    assert "Чужой Оператор" not in html
    assert 'name="operator"' not in html


def test_pagination_keeps_filters(admin_user: User) -> None:
    CallFactory.create_batch(26, status=Call.Status.FAILED, failure_reason="Нет речи")
    CallFactory(status=Call.Status.ANALYSED)
    client = client_for(admin_user)

    first = client.get(reverse("calls:list"), {"status": "failed"})
    second = client.get(reverse("calls:list"), {"status": "failed", "page": 2})

    assert len(first.context["page"].object_list) == 25
    assert "?status=failed&amp;page=2" in first.content.decode()
    assert len(second.context["page"].object_list) == 1


def test_list_does_not_query_per_row(
    admin_user: User, django_assert_max_num_queries: object
) -> None:
    CallFactory.create_batch(10)
    client = client_for(admin_user)
    client.get(reverse("calls:list"))  # warm up session and roles
    # A constant number, whatever the rows: 13 includes the two permission lookups of the
    # navigation's upload link (calls.add_call) and the team filter's choices.
    with django_assert_max_num_queries(13):  # type: ignore[operator]
        client.get(reverse("calls:list"))


def test_list_shows_columns_and_failure_reason(admin_user: User) -> None:
    CallFactory(
        external_id="broken",
        started_at=datetime(2024, 3, 1, 9, 5, tzinfo=MSK),
        duration=125.6,
        customer_phone_masked="+7 9** ***-**-67",
        status=Call.Status.FAILED,
        failure_reason="Файл повреждён",
    )

    html = client_for(admin_user).get(reverse("calls:list")).content.decode()

    assert "01.03.2024" in html and "09:05" in html
    assert "2:05" in html
    assert "+7 9** ***-**-67" in html
    assert 'class="badge badge--failed" title="Файл повреждён"' in html


def test_detail_shows_player_transcript_and_history(operator: Operator) -> None:
    call = call_with_audio(operator)
    SegmentFactory(call=call, index=0, speaker="operator", start=0.0, end=2.5, text="Добрый день")
    SegmentFactory(
        call=call, index=1, speaker="customer", start=65.5, end=70.0, text="У меня вопрос"
    )
    CallStatusChange.objects.create(call=call, status=Call.Status.ANALYSED, note="готово")

    html = client_for(operator.user).get(reverse("calls:detail", args=[call.pk])).content.decode()

    assert f'src="{reverse("calls:audio", args=[call.pk])}"' in html
    assert 'data-start="65.5"' in html  # a dot, whatever the locale
    assert "segment--operator" in html and "segment--customer" in html
    assert "1:05" in html
    assert "готово" in html
    assert "Повторить" not in html


def test_failed_call_shows_reason_and_retry_only_to_those_who_may(
    manager_user: User, managed_operator: Operator, trainer_user: User
) -> None:
    call = CallFactory(
        operator=managed_operator, status=Call.Status.FAILED, failure_reason="Нет речи в записи"
    )
    url = reverse("calls:detail", args=[call.pk])

    manager_html = client_for(manager_user).get(url).content.decode()
    trainer_html = client_for(trainer_user).get(url).content.decode()
    operator_html = client_for(managed_operator.user).get(url).content.decode()

    assert "Нет речи в записи" in manager_html
    assert reverse("calls:retry", args=[call.pk]) in manager_html
    assert reverse("calls:retry", args=[call.pk]) not in trainer_html
    assert reverse("calls:retry", args=[call.pk]) not in operator_html
    assert "Нет речи в записи" in operator_html


def test_call_in_progress_says_so_and_polls(operator: Operator) -> None:
    call = CallFactory(operator=operator, status=Call.Status.TRANSCRIBING)
    html = client_for(operator.user).get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert "Звонок обрабатывается" in html
    assert 'data-poll-interval="5000"' in html


def test_retry_reanalyses_failed_transcript(manager_user: User, managed_operator: Operator) -> None:
    call = CallFactory(operator=managed_operator, status=Call.Status.FAILED, failure_reason="x")
    SegmentFactory(call=call, index=0)

    response = client_for(manager_user).post(reverse("calls:retry", args=[call.pk]), follow=True)

    call.refresh_from_db()
    assert call.status == Call.Status.TRANSCRIBED
    assert call.failure_reason == ""
    assert response.redirect_chain[-1][0] == reverse("calls:detail", args=[call.pk])
    assert "повторную обработку" in response.content.decode()


def test_retry_that_cannot_happen_shows_why(admin_user: User) -> None:
    call = CallFactory(status=Call.Status.FAILED, failure_reason="x")  # no audio, no segments

    response = client_for(admin_user).post(reverse("calls:retry", args=[call.pk]), follow=True)

    call.refresh_from_db()
    assert call.status == Call.Status.FAILED
    assert "повторять нечего" in response.content.decode()


def test_retry_needs_permission_and_post(
    trainer_user: User, admin_user: User, operator: Operator
) -> None:
    call = CallFactory(operator=operator, status=Call.Status.FAILED)
    url = reverse("calls:retry", args=[call.pk])

    assert client_for(trainer_user).post(url).status_code == 403
    assert client_for(operator.user).post(url).status_code == 403
    assert client_for(admin_user).get(url).status_code == 405


def test_manager_cannot_retry_another_teams_call(
    manager_user: User, other_operator: Operator
) -> None:
    call = CallFactory(operator=other_operator, status=Call.Status.FAILED)
    response = client_for(manager_user).post(reverse("calls:retry", args=[call.pk]))
    assert response.status_code == 404


def test_audio_missing_is_404(operator: Operator) -> None:
    without_audio = CallFactory(operator=operator)
    lost = call_with_audio(operator)
    lost.audio.storage.delete(lost.audio.name)
    client = client_for(operator.user)

    assert client.get(reverse("calls:audio", args=[without_audio.pk])).status_code == 404
    assert client.get(reverse("calls:audio", args=[lost.pk])).status_code == 404


@pytest.mark.parametrize(("count", "words"), [(1, "1\u00a0звонок"), (3, "3\u00a0звонка"),
                                              (5, "5\u00a0звонков"), (21, "21\u00a0звонок")])
def test_the_list_counts_its_calls_the_russian_way(
    admin_user: User, count: int, words: str
) -> None:
    CallFactory.create_batch(count)
    html = client_for(admin_user).get(reverse("calls:list")).content.decode()
    assert f"Найдено: <span data-found-count>{words}</span>" in html
