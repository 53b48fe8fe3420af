"""calls/corrections/views.py and the call page: who may correct, what the page shows."""

from __future__ import annotations

import pytest

from calls.models import Segment, SegmentCorrection
from project.roles import Role
from tests.factories import CallFactory, OperatorFactory, SegmentFactory, UserFactory, client_for

pytestmark = pytest.mark.django_db


def _segment(**fields: object) -> Segment:
    return SegmentFactory(index=3, speaker="operator", text="Назовите промокот", **fields)


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN])
def test_trainers_and_admins_correct_and_restore(role: Role) -> None:
    user = UserFactory(role=role, first_name="Анна", last_name="Тренер")
    segment = _segment()
    client = client_for(user)

    response = client.post(f"/calls/{segment.call_id}/segments/3/correct/",
                           {"text": "Назовите промокод"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/calls/{segment.call_id}/#segment-3")
    segment.refresh_from_db()
    assert segment.text == "Назовите промокод" and segment.corrected_by == user

    page = client.get(f"/calls/{segment.call_id}/").content.decode()
    assert "Реплика исправлена" in page
    assert "исправлено: Анна Тренер" in page
    assert "Распознано:</span> Назовите промокот" in page
    assert f'action="/calls/{segment.call_id}/segments/3/restore/"' in page

    client.post(f"/calls/{segment.call_id}/segments/3/restore/")
    segment.refresh_from_db()
    assert segment.text == "Назовите промокот" and not segment.is_corrected


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_operators_and_managers_may_not_correct(role: Role) -> None:
    user = UserFactory(role=role)
    operator = OperatorFactory(user=user) if role == Role.OPERATOR else OperatorFactory()
    if role == Role.MANAGER:
        operator.team.manager = user
        operator.team.save()
    segment = _segment(call=CallFactory(operator=operator))
    client = client_for(user)

    page = client.get(f"/calls/{segment.call_id}/")
    assert page.status_code == 200 and "segments/3/correct/" not in page.content.decode()
    for action in ("correct", "restore"):
        response = client.post(f"/calls/{segment.call_id}/segments/3/{action}/",
                               {"text": "Назовите промокод"})
        assert response.status_code == 403
    segment.refresh_from_db()
    assert segment.text == "Назовите промокот"
    assert not SegmentCorrection.objects.exists()


def test_an_empty_correction_is_refused_with_a_message() -> None:
    segment = _segment()
    client = client_for(UserFactory(role=Role.TRAINER))
    response = client.post(f"/calls/{segment.call_id}/segments/3/correct/", {"text": " "},
                           follow=True)
    assert "Текст реплики не может быть пустым." in response.content.decode()
    assert not SegmentCorrection.objects.exists()


def test_a_missing_segment_is_404() -> None:
    segment = _segment()
    client = client_for(UserFactory(role=Role.TRAINER))
    assert client.post(f"/calls/{segment.call_id}/segments/99/correct/",
                       {"text": "x"}).status_code == 404


def test_a_card_number_in_a_correction_never_reaches_the_page() -> None:
    segment = _segment()
    client = client_for(UserFactory(role=Role.TRAINER))
    response = client.post(f"/calls/{segment.call_id}/segments/3/correct/",
                           {"text": "Карта 4276 3801 2345 6787"}, follow=True)
    page = response.content.decode()
    assert "4276" not in page and "скрыто 1\u00a0фрагмент" in page


def test_the_corrections_page_shows_each_line_errors_and_misheard_terms() -> None:
    from calls.corrections.services import segment_correct
    from tests.factories import LineFactory

    line = LineFactory(code="sales", name="Продажи")
    call = CallFactory(line=line, original_name="zvonok-1.wav")
    segment_correct(segment=SegmentFactory(call=call, index=0, text="Назовите промокот"),
                    text="Назовите промокод", user=None)
    SegmentFactory(call=CallFactory(line=line), index=0, text="Не исправлено")
    trainer = client_for(UserFactory(role=Role.TRAINER))

    page = trainer.get("/calls/corrections/").content.decode()

    assert "Продажи" in page
    assert 'href="/calls/?line=sales&amp;corrected=true" data-corrected-calls>1\u00a0звонок' in page
    assert "1\u00a0ошибка на 2\u00a0слова" in page and "data-wer>50<" in page
    assert 'data-term="промокод"' in page and "«промокот»" in page
    assert f'href="/calls/{call.pk}/">zvonok-1.wav' in page

    listed = trainer.get("/calls/?line=sales&corrected=true").content.decode()
    assert "zvonok-1.wav" in listed and "data-found-count>1\u00a0звонок" in listed


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_the_corrections_page_is_for_those_who_correct(role: Role) -> None:
    assert client_for(UserFactory(role=role)).get("/calls/corrections/").status_code == 403


def test_the_corrections_page_without_corrections() -> None:
    page = client_for(UserFactory(role=Role.ADMIN)).get("/calls/corrections/")
    assert "Расшифровки ещё никто не исправлял" in page.content.decode()
