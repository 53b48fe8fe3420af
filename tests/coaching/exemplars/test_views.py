"""The library page: who sees which moments, playing them, keeping and removing them."""

from __future__ import annotations

from coaching.models import Exemplar
from tests.coaching.exemplars.conftest import Library
from tests.factories import ExemplarFactory, UserFactory, client_for

URL = "/coaching/exemplars/"


def test_a_trainer_sees_candidates_playable_at_the_moment(library: Library) -> None:
    response = client_for(library.trainer).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    # c2's recording is empty in the factory: no player, but the link to the moment is there.
    assert f"/calls/{library.c2.pk}/#t=5.0" in html
    assert "Отзывов клиентов платформа пока не собирает" in html
    assert "Сохранить как образец" in html
    kinds = [row["candidate"].kind for row in response.context["candidates"]]
    assert kinds.count("best") == 3 and kinds.count("objection") == 1


def test_player_uses_the_media_fragment(library: Library) -> None:
    library.c2.audio.save("c2.wav", __import__("django.core.files.base",
                                               fromlist=["ContentFile"]).ContentFile(b"RIFF"))
    html = client_for(library.trainer).get(URL, {"kind": "best", "skill": "need"}).content.decode()
    assert f'src="/calls/{library.c2.pk}/audio/#t=5.0,9.0"' in html
    assert 'preload="none"' in html


def test_filters_and_a_bad_filter(library: Library) -> None:
    client = client_for(library.trainer)
    response = client.get(URL, {"objection": "price", "kind": "objection"})
    assert [row["candidate"].call for row in response.context["candidates"]] == [library.c3]
    bad = client.get(URL, {"kind": "feedback"})
    assert bad.status_code == 400
    assert "Выберите корректный вариант" in bad.content.decode()


def test_a_manager_sees_their_teams_moments_and_cannot_keep(library: Library) -> None:
    ExemplarFactory(call=library.c3, skill=library.need, start=3, end=6)
    mine = ExemplarFactory(call=library.c1, skill=library.need, start=10, end=14)
    client = client_for(library.manager)
    response = client.get(URL)
    assert response.status_code == 200
    assert [row["exemplar"] for row in response.context["kept"]] == [mine]
    assert {row["candidate"].call.pk for row in response.context["candidates"]} == {
        library.c1.pk, library.c2.pk}
    assert "Сохранить как образец" not in response.content.decode()
    post = client.post(f"{URL}save/", {"call": library.c1.pk, "start": "1"})
    assert post.status_code == 403
    assert client.post(f"{URL}{mine.pk}/remove/").status_code == 403


def test_an_operator_reads_colleagues_exemplars_without_name_or_audio(library: Library) -> None:
    colleague = ExemplarFactory(call=library.c3, skill=library.need, start=3.5, end=8,
                                note="Как ответить на «дорого»")
    own = ExemplarFactory(call=library.c1, skill=library.need, start=10, end=14)
    response = client_for(library.a.user).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["candidates"] == []
    assert "Найдено по данным" not in html
    section = html.split(f'data-exemplar="{colleague.pk}"')[1].split("</li>\n    \n")[0]
    assert "Понимаю, давайте посчитаем" in section
    assert "Борис" not in html
    assert f"/calls/{library.c3.pk}/" not in html
    assert f"/calls/{library.c1.pk}/#t=10.0" in html
    assert own.pk in [row["exemplar"].pk for row in response.context["kept"]]


def test_a_user_without_role_is_told_to_ask_for_one(library: Library) -> None:
    # project/access.py answers before the view: a role, not a missing page, is the matter.
    assert client_for(UserFactory(username="nobody")).get(URL).status_code == 403


def test_trainer_keeps_and_removes_a_candidate(library: Library) -> None:
    client = client_for(library.trainer)
    response = client.post(f"{URL}save/", {
        "call": library.c3.pk, "skill": library.need.pk, "objection": library.price.pk,
        "start": "3.5", "end": "8", "note": "Спокойно посчитал", "next": f"{URL}?kind=objection",
    })
    assert response.status_code == 302 and response["Location"] == f"{URL}?kind=objection"
    exemplar = Exemplar.objects.get()
    assert (exemplar.objection, exemplar.start, exemplar.added_by) == (
        library.price, 3.5, library.trainer)
    again = client.post(f"{URL}save/", {"call": library.c3.pk, "skill": library.need.pk,
                                        "start": "3.5"})
    assert again.status_code == 302 and Exemplar.objects.count() == 1
    removed = client.post(f"{URL}{exemplar.pk}/remove/", {"next": "https://evil.example/"})
    assert removed.status_code == 302 and removed["Location"] == URL
    assert not Exemplar.objects.exists()


def test_a_moment_beyond_the_call_is_a_form_error(library: Library) -> None:
    client = client_for(library.trainer)
    response = client.post(f"{URL}save/", {"call": library.c3.pk, "start": "45"})
    assert response.status_code == 400
    assert "Начало момента (45 с) позже конца звонка (30 с)" in response.content.decode()
    missing = client.post(f"{URL}save/", {"call": 999999, "start": "1"})
    assert missing.status_code == 400 and "Такого звонка нет" in missing.content.decode()
    junk = client.post(f"{URL}save/", {"call": "x", "start": "abc"})
    assert junk.status_code == 400
    assert not Exemplar.objects.exists()
