"""scripts_library/editor/exemplars.py: exemplar dialogs are created by trainers, played from
their moment, and seen exactly by those who see their call."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from calls.models import Operator
from project.roles import Role
from scripts_library.models import ExemplarDialog, Objection
from tests.factories import (
    CallFactory,
    ExemplarDialogFactory,
    ObjectionFactory,
    SegmentFactory,
    UserFactory,
    call_with_audio,
    client_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def price() -> Objection:
    return ObjectionFactory(code="price", name="Слишком дорого")


def test_a_trainer_creates_an_exemplar_and_plays_it_from_its_moment(
    trainer_user: User, operator: Operator, price: Objection
) -> None:
    call = call_with_audio(operator)
    SegmentFactory(call=call, index=0, speaker="customer", start=10.0, end=14.0,
                   text="Это слишком дорого")
    SegmentFactory(call=call, index=1, speaker="operator", start=14.5, end=20.0,
                   text="Понимаю, давайте посчитаем")
    SegmentFactory(call=call, index=2, speaker="customer", start=50.0, end=55.0,
                   text="До свидания")
    client = client_for(trainer_user)
    # First the call, from the search of calls (nobody types its number); the objection travels.
    search = client.get("/library/exemplars/new/", {"objection": price.pk,
                                                    "operator": operator.pk})
    assert search.status_code == 200 and "form" in search.context
    assert [c.pk for c in search.context["page"].object_list] == [call.pk]
    choose = f'href="/library/exemplars/new/?call={call.pk}&amp;objection={price.pk}" data-choose'
    assert choose in search.content.decode()
    assert "Номер звонка" not in search.content.decode()
    form = client.get("/library/exemplars/new/", {"call": call.pk, "objection": price.pk})
    assert form.status_code == 200 and form.context["form"].initial["objections"] == [price.pk]
    assert form.context["call"] == call
    html = form.content.decode()
    assert f'<input type="hidden" name="call" value="{call.pk}"' in html
    assert "data-chosen-call" in html

    response = client.post("/library/exemplars/new/", {
        "call": call.external_id, "start": "10", "end": "20.5", "note": "Хороший ответ на цену",
        "objections": [price.pk]})
    exemplar = ExemplarDialog.objects.get()
    assert response.status_code == 302 and response["Location"] == \
        f"/library/exemplars/{exemplar.pk}/"
    assert (exemplar.call, exemplar.start, exemplar.end, exemplar.created_by) == \
        (call, 10.0, 20.5, trainer_user)
    assert list(exemplar.objections.all()) == [price]

    page = client.get(f"/library/exemplars/{exemplar.pk}/").content.decode()
    assert f'src="/calls/{call.pk}/audio/#t=10.0,20.5"' in page
    assert "Это слишком дорого" in page and "Понимаю, давайте посчитаем" in page
    assert "До свидания" not in page
    assert "Хороший ответ на цену" in page
    # the objection's page links it, and the list shows it
    assert f"/library/exemplars/{exemplar.pk}/" in \
        client.get(f"/library/objections/{price.pk}/").content.decode()
    assert call.external_id in client.get("/library/exemplars/").content.decode()


def test_bad_input_is_a_form_error(trainer_user: User, operator: Operator) -> None:
    call = CallFactory(operator=operator, duration=60.0)
    client = client_for(trainer_user)
    for data, field in [
        ({"call": "nope", "start": 1, "end": 2}, "call"),
        ({"call": call.external_id, "start": 5, "end": 5}, "end"),
        ({"call": call.external_id, "start": 90, "end": 95}, "start"),
        ({"call": call.external_id, "start": -1, "end": 5}, "start"),
        ({"call": str(call.pk), "start": "abc", "end": 5}, "start"),
    ]:
        response = client.post("/library/exemplars/new/", data)
        assert response.status_code == 200
        assert field in response.context["form"].errors, data
    assert not ExemplarDialog.objects.exists()
    # the call's own number (what the search's «Выбрать» puts in) works too
    client.post("/library/exemplars/new/", {"call": str(call.pk), "start": 1, "end": 2})
    assert ExemplarDialog.objects.get().call == call


def test_the_call_is_picked_in_the_search_and_only_by_those_who_add(operator: Operator) -> None:
    mine, other = CallFactory(operator=operator), CallFactory()
    for user in (operator.user, UserFactory(role=Role.MANAGER)):
        assert client_for(user).get("/library/exemplars/new/").status_code == 403
    trainer = client_for(UserFactory(role=Role.TRAINER))
    assert {c.pk for c in trainer.get("/library/exemplars/new/").context["page"].object_list} \
        == {mine.pk, other.pk}
    # A call that does not exist (or one not seen): 404 on the form, a Russian error on a post.
    assert trainer.get("/library/exemplars/new/", {"call": "999999"}).status_code == 404
    assert trainer.get("/library/exemplars/new/", {"call": "9" * 40}).status_code == 404
    response = trainer.post("/library/exemplars/new/", {"call": "x", "start": 1, "end": 2})
    assert "Такого звонка нет: выберите звонок в поиске." in response.content.decode()
    empty = trainer.post("/library/exemplars/new/", {"start": 1, "end": 2})
    assert "Выберите звонок в поиске." in empty.content.decode()


def test_an_operator_sees_only_exemplars_of_their_own_calls(
    operator: Operator, other_operator: Operator, price: Objection
) -> None:
    mine = ExemplarDialogFactory(call=call_with_audio(operator))
    theirs = ExemplarDialogFactory(call=call_with_audio(other_operator))
    mine.objections.add(price)
    theirs.objections.add(price)
    client = client_for(operator.user)

    listing = client.get("/library/exemplars/")
    assert listing.status_code == 200
    assert list(listing.context["exemplars"]) == [mine]
    assert "data-edit-controls" not in listing.content.decode()
    assert client.get(f"/library/exemplars/{mine.pk}/").status_code == 200
    assert client.get(f"/library/exemplars/{theirs.pk}/").status_code == 404
    # nor through the objection's page, nor its audio
    assert list(client.get(f"/library/objections/{price.pk}/").context["exemplars"]) == [mine]
    assert client.get(f"/calls/{theirs.call_id}/audio/").status_code == 404
    # and cannot add or delete one, even for their own call
    assert client.post("/library/exemplars/new/", {
        "call": mine.call.external_id, "start": 1, "end": 2}).status_code == 403
    assert client.post(f"/library/exemplars/{mine.pk}/delete/").status_code == 403
    assert ExemplarDialog.objects.count() == 2


def test_a_manager_sees_exemplars_of_their_teams_calls_only(trainer_user: User) -> None:
    """Trainers see every call, a manager only their teams'."""
    manager = UserFactory(role=Role.MANAGER)
    exemplar = ExemplarDialogFactory()
    assert client_for(manager).get(f"/library/exemplars/{exemplar.pk}/").status_code == 404
    assert client_for(trainer_user).get(f"/library/exemplars/{exemplar.pk}/").status_code == 200


def test_a_trainer_deletes_an_exemplar(trainer_user: User) -> None:
    exemplar = ExemplarDialogFactory()
    response = client_for(trainer_user).post(f"/library/exemplars/{exemplar.pk}/delete/")
    assert response.status_code == 302 and not ExemplarDialog.objects.exists()


def test_anonymous_people_are_sent_to_log_in() -> None:
    response = Client().get("/library/exemplars/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_exemplar_dialogs_name_an_uploaded_call_by_its_file_name(
    trainer_user: User, price: Objection
) -> None:
    sha = "sha256:" + "0123456789abcdef" * 2
    call = CallFactory(external_id=sha, original_name="2026-11-20 Иванова, цена.wav")
    exemplar = ExemplarDialogFactory(call=call)
    exemplar.objections.add(price)
    client = client_for(trainer_user)

    pages = [client.get(path).content.decode() for path in (
        "/library/exemplars/", f"/library/exemplars/{exemplar.pk}/",
        f"/library/objections/{price.pk}/",
        # Picking the call: the search finds it by a part of its file name, in any case.
        "/library/exemplars/new/?search=иванова", f"/library/exemplars/new/?call={call.pk}")]

    for page in pages:
        assert "2026-11-20 Иванова, цена.wav" in page
        assert sha not in page
