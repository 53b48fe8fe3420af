"""The library page: who sees which moments, playing them, keeping and removing them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from calls.models import Call
from coaching.models import Exemplar
from tests.coaching.exemplars.conftest import Library, evaluate_skill
from tests.factories import ExemplarFactory, LineFactory, SegmentFactory, UserFactory, client_for

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


# --- The save page: «Добавить в образцовые» on the call page leads here ---------------------------


def test_the_save_page_is_pre_filled_with_the_moment(library: Library) -> None:
    client = client_for(library.trainer)
    back = f"/calls/{library.c3.pk}/#t=3.5"
    response = client.get(f"{URL}save/", {"call": library.c3.pk, "start": "3.5", "end": "8",
                                          "objection": library.price.pk, "next": back})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'name="call" value="{library.c3.pk}"' in html
    assert 'name="start" id="id_start" step="0.1" min="0" value="3.5"' in html
    assert 'name="end" id="id_end" step="0.1" min="0" value="8"' in html
    assert f'<option value="{library.price.pk}" selected>Дорого</option>' in html
    assert f'name="next" value="{back}"' in html
    # The call has no recording: the moment is quoted, once said so.
    assert html.count("У звонка нет записи") == 1
    assert "Понимаю, давайте посчитаем" in html
    saved = client.post(f"{URL}save/", {"call": library.c3.pk, "start": "3.5", "end": "8",
                                        "objection": library.price.pk, "skill": "",
                                        "note": "Спокойно", "next": back})
    assert saved.status_code == 302 and saved["Location"] == back
    exemplar = Exemplar.objects.get()
    assert (exemplar.call, exemplar.skill, exemplar.objection, exemplar.start, exemplar.end) == (
        library.c3, None, library.price, 3.5, 8.0)
    # Opened again, the page says the moment is kept already.
    again = client.get(f"{URL}save/", {"call": library.c3.pk, "start": "3.5"})
    assert "Этот момент уже в образцовых" in again.content.decode()


def test_junk_in_the_address_is_left_for_the_trainer_to_fill(library: Library) -> None:
    client = client_for(library.trainer)
    response = client.get(f"{URL}save/", {"call": library.c1.pk, "start": "abc", "end": "inf",
                                          "next": "https://evil.example/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="0"' in html
    assert "evil.example" not in html
    assert client.get(f"{URL}save/", {"call": "999999"}).status_code == 404
    assert client.get(f"{URL}save/", {"call": "x"}).status_code == 404
    assert client.get(f"{URL}save/").status_code == 404


def test_a_bad_moment_is_shown_again_on_the_save_page(library: Library) -> None:
    response = client_for(library.trainer).post(f"{URL}save/", {
        "call": library.c3.pk, "start": "20", "end": "10", "next": f"/calls/{library.c3.pk}/"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Конец момента раньше его начала" in html
    assert 'data-exemplar-save-form' in html and 'value="20"' in html


def test_an_operator_and_a_manager_cannot_open_the_save_page(library: Library) -> None:
    query = {"call": library.c1.pk, "start": "10"}
    # c1 is the operator's own call and in the manager's team: still not theirs to keep.
    assert client_for(library.a.user).get(f"{URL}save/", query).status_code == 403
    assert client_for(library.manager).get(f"{URL}save/", query).status_code == 403
    assert client_for(library.a.user).post(f"{URL}save/", query).status_code == 403
    assert not Exemplar.objects.exists()


# --- Filters: days, line ------------------------------------------------------------------------


def test_the_library_filters_by_days_and_line(library: Library) -> None:
    sales = LineFactory(code="sales", name="Продажи")
    old = timezone.now() - timedelta(days=40)
    Call.objects.filter(pk=library.c1.pk).update(started_at=old, line=sales)
    ExemplarFactory(call=library.c1, skill=library.need, start=10, end=14)
    recent = ExemplarFactory(call=library.c2, skill=library.need, start=5, end=9)
    client = client_for(library.trainer)
    today = timezone.localdate()

    def kept_and_found(**query: str) -> tuple[list[int], set[int]]:
        response = client.get(URL, query)
        assert response.status_code == 200
        return ([row["exemplar"].call_id for row in response.context["kept"]],
                {row["candidate"].call.pk for row in response.context["candidates"]})

    kept_ids, found = kept_and_found(date_from=str(today - timedelta(days=7)))
    assert kept_ids == [library.c2.pk] and library.c1.pk not in found
    kept_ids, found = kept_and_found(date_to=str(today - timedelta(days=30)))
    assert kept_ids == [library.c1.pk] and found == {library.c1.pk}
    kept_ids, found = kept_and_found(line="sales")
    assert kept_ids == [library.c1.pk] and found == {library.c1.pk}
    kept_ids, _found = kept_and_found(line="support", skill="need")
    assert kept_ids == [recent.call_id]
    html = client.get(URL).content.decode()
    assert 'type="date" name="date_from"' in html and "Все линии" in html
    bad = client.get(URL, {"date_from": str(today), "date_to": str(today - timedelta(days=1))})
    assert bad.status_code == 400
    assert "Конец периода раньше его начала" in bad.content.decode()


# --- A moment an evaluator judged otherwise leaves the library -----------------------------------


def test_a_rejected_moment_leaves_the_library_with_the_reason_for_trainers(
        library: Library) -> None:
    rejected = ExemplarFactory(call=library.c1, skill=library.need, start=10, end=14)
    standing = ExemplarFactory(call=library.c2, skill=library.need, start=5, end=9)
    evaluate_skill(library.c1, library.need, library.trainer, "no", reason="Это не уточнение")
    response = client_for(library.trainer).get(URL)
    assert [row["exemplar"] for row in response.context["kept"]] == [standing]
    assert [row["exemplar"] for row in response.context["hidden"]] == [rejected]
    html = response.content.decode()
    section = html.split("data-hidden-exemplars")[1]
    assert "Убраны из библиотеки после оценки" in html
    assert "— «нет»" in section and "Это не уточнение" in section
    # Not offered as a candidate either.
    assert not [row for row in response.context["candidates"]
                if row["candidate"].call == library.c1 and row["candidate"].skill == library.need]
    # Nothing was deleted; the manager and the operator see only what stands.
    assert Exemplar.objects.filter(pk=rejected.pk).exists()
    for user in (library.manager, library.a.user):
        seen = client_for(user).get(URL)
        assert [row["exemplar"] for row in seen.context["kept"]] == [standing]
        assert "data-hidden-exemplars" not in seen.content.decode()


# --- No recording, a note shown once -------------------------------------------------------------


def test_a_moment_without_audio_is_quoted_and_its_note_shown_once(library: Library) -> None:
    SegmentFactory(call=library.c1, index=0, speaker="operator", start=10, end=14,
                   text="Что вам нужно, чтобы решить вопрос?")
    # A moment kept from a team gap takes the found words as its note.
    ExemplarFactory(call=library.c1, skill=library.need, start=10, end=14,
                    note="что вам нужно", source=Exemplar.Source.GAP)
    html = client_for(library.trainer).get(URL, {"skill": "need"}).content.decode()
    kept_section = html.split("data-kept")[1].split("data-candidates")[0]
    assert kept_section.count("У звонка нет записи") == 1
    assert kept_section.count("Что вам нужно, чтобы решить вопрос?") == 1
    assert "<p>что вам нужно</p>" not in kept_section
    assert "<audio" not in kept_section
