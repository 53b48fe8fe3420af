"""calls/taxonomy/views.py, the taxonomy editor: admins only, forms through the services,
"try this phrase", and the re-analysis button; and manual tags from the call page."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client

from calls.models import Call, CallTagChange, KeyPhrase, Operator, ReanalysisRun, Tag, TagCategory
from calls.taxonomy.tagging import calls_autotag
from project.roles import Role
from tests.factories import (
    CallFactory,
    KeyPhraseFactory,
    SegmentFactory,
    TagCategoryFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)

MOSCOW = ZoneInfo("Europe/Moscow")

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TRAINER, Role.MANAGER])
def test_taxonomy_pages_are_for_admins_only(client: Client, role: Role) -> None:
    client.force_login(UserFactory(role=role))
    assert client.get("/taxonomy/").status_code == 403
    assert client.get("/taxonomy/try/").status_code == 403
    assert client.post("/taxonomy/reanalyse/").status_code == 403
    anonymous = Client().get("/taxonomy/")
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_index_lists_categories_tags_and_phrases(admin_client: Client) -> None:
    phrase = KeyPhraseFactory(text="ждал на линии", tag__name="Долгое ожидание",
                              tag__category__name="Сервис")
    TagFactory(name="Старый тег", is_active=False, category=phrase.tag.category)

    page = admin_client.get("/taxonomy/").content.decode()
    assert "Сервис" in page and "Долгое ожидание" in page and "ждал на линии" in page
    assert "Старый тег" in page and "Вернуть в работу" in page
    assert "Запустить повторный анализ" in page


def test_create_and_retire_tag_and_phrase(admin_client: Client) -> None:
    category = TagCategoryFactory()
    response = admin_client.post("/taxonomy/tags/new/", {
        "code": "refund", "name": "Возврат", "description": "", "category": category.pk})
    assert response.status_code == 302
    tag = Tag.objects.get(code="refund")

    bad = admin_client.post(f"/taxonomy/tags/{tag.pk}/phrases/new/", {
        "text": "«верните", "speaker": "customer", "max_gap": 1, "window_kind": "none",
        "is_active": "on", "action": "save"})
    assert bad.status_code == 200 and "Незакрытая кавычка" in bad.content.decode()
    assert not KeyPhrase.objects.exists()

    no_seconds = admin_client.post(f"/taxonomy/tags/{tag.pk}/phrases/new/", {
        "text": "верните деньги", "speaker": "customer", "max_gap": 1, "window_kind": "last",
        "is_active": "on", "action": "save"})
    assert "секунд" in no_seconds.content.decode() and not KeyPhrase.objects.exists()

    saved = admin_client.post(f"/taxonomy/tags/{tag.pk}/phrases/new/", {
        "text": "верните деньги", "speaker": "customer", "max_gap": 1, "window_kind": "last",
        "window_seconds": 90, "is_active": "on", "action": "save"})
    assert saved.status_code == 302
    assert KeyPhrase.objects.get().rule().window == ("last", 90.0)

    admin_client.post(f"/taxonomy/tags/{tag.pk}/retire/")
    tag.refresh_from_db()
    assert not tag.is_active and tag.retired_on


def test_try_phrase_counts_calls_and_highlights_matches(admin_client: Client) -> None:
    tag = TagFactory()
    for text in ["Я ждала на линии полчаса", "Мы ждали на линии, ждали на линии!",
                 "Я не ждал на линии"]:
        SegmentFactory(call=CallFactory(), index=0, speaker="customer", text=text)
    SegmentFactory(call=CallFactory(), index=0, speaker="operator", text="Вы ждали на линии?")

    response = admin_client.post(f"/taxonomy/tags/{tag.pk}/phrases/new/", {
        "text": "ждал на линии", "speaker": "customer", "max_gap": 1, "window_kind": "none",
        "is_active": "on", "action": "try"})

    page = response.content.decode()
    assert not KeyPhrase.objects.exists()  # trying saves nothing
    assert 'data-try-tagged>2<' in page
    assert "<mark>ждала на линии</mark> полчаса" in page
    assert "<mark>ждали на линии</mark>, <mark>ждали на линии</mark>!" in page
    assert "не ждал" not in page and "Вы ждали" not in page

    standalone = admin_client.get("/taxonomy/try/", {
        "text": "ждал на линии", "speaker": "any", "max_gap": 1, "window_kind": "none"})
    assert 'data-try-tagged>3<' in standalone.content.decode()
    invalid = admin_client.get("/taxonomy/try/", {
        "text": "*", "speaker": "any", "max_gap": 1, "window_kind": "none"})
    assert invalid.status_code == 200 and "data-try-result" not in invalid.content.decode()


def test_reanalysis_button_and_progress(admin_client: Client, admin_user: User,
                                        django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    KeyPhraseFactory(text="верните деньги")
    SegmentFactory(call=CallFactory(), index=0, speaker="customer", text="Верните деньги")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/taxonomy/reanalyse/")
    assert response.status_code == 302

    run = ReanalysisRun.objects.get()
    assert (run.status, run.done, run.requested_by) == ("done", 1, admin_user)
    state = admin_client.get("/taxonomy/reanalyse/status/").json()["run"]
    assert (state["status"], state["percent"], state["active"]) == ("done", 100, False)
    assert "1</span> из <span data-run-total>1" in admin_client.get("/taxonomy/").content.decode()


def _stale_warning_shown(client: Client) -> bool:
    page = client.get("/taxonomy/").content.decode()
    return "data-reanalysis-stale hidden" not in page and "data-reanalysis-stale" in page


def test_the_stale_warning_tells_the_truth(admin_client: Client,
                                           django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    """A fresh install (calls analysed after the taxonomy was loaded) is not stale; an edit makes
    the archive stale; a finished run makes it current again, and the polling page learns it."""
    from django.utils import timezone

    phrase = KeyPhraseFactory(text="верните деньги")
    call = CallFactory(analysed_at=timezone.now())
    SegmentFactory(call=call, index=0, speaker="customer", text="Верните деньги")
    assert not _stale_warning_shown(admin_client)

    phrase.text = "верните мои деньги"
    phrase.save()
    assert _stale_warning_shown(admin_client)
    assert admin_client.get("/taxonomy/reanalyse/status/").json()["needs_reanalysis"] is True

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/taxonomy/reanalyse/")
    assert ReanalysisRun.objects.get().analyser == "tags"
    assert admin_client.get("/taxonomy/reanalyse/status/").json()["needs_reanalysis"] is False
    assert not _stale_warning_shown(admin_client)

    # Deleting a phrase changes what re-analysis would find, too.
    admin_client.post(f"/taxonomy/phrases/{phrase.pk}/delete/")
    assert not KeyPhrase.objects.exists()
    assert _stale_warning_shown(admin_client)


def test_try_warns_about_a_phrase_found_almost_everywhere(admin_client: Client) -> None:
    for text in ["Спасибо, до свидания", "Спасибо большое", "Нет, спасибо", "Алло"]:
        SegmentFactory(call=CallFactory(), index=0, speaker="customer", text=text)

    broad = admin_client.get("/taxonomy/try/", {
        "text": "спасибо", "speaker": "any", "max_gap": 1, "window_kind": "none"})
    page = broad.content.decode()
    assert 'data-try-tagged>3<' in page
    assert "data-try-broad" in page and "75% звонков" in page
    # Whether a phrase is active means nothing to a try-out: the page does not ask.
    assert 'name="is_active"' not in page

    narrow = admin_client.get("/taxonomy/try/", {
        "text": "алло", "speaker": "any", "max_gap": 1, "window_kind": "none"})
    assert "data-try-broad" not in narrow.content.decode()


# --- Manual tags from the call page ------------------------------------------------------------


def _tags_of(call: Call) -> set[tuple[str, str]]:
    return set(call.call_tags.values_list("tag__code", "source"))


def test_trainer_adds_and_removes_a_tag_on_the_call_page_and_the_page_says_who_and_when(
    client: Client, trainer_user: User, tagged: tuple[KeyPhrase, Call, Call, Call],
) -> None:
    phrase, mine, _untagged, _foreign = tagged
    trainer_user.first_name, trainer_user.last_name = "Анна", "Иванова"
    trainer_user.save()
    refund = TagFactory(code="refund", name="Возврат")
    client.force_login(trainer_user)
    page = f"/calls/{mine.pk}/"
    html = client.get(page).content.decode()
    # The form offers the active tags; the auto tag can be removed.
    assert 'data-add-tag' in html and '<option value="refund">Возврат</option>' in html
    assert f'action="/taxonomy/calls/{mine.pk}/tags/long_wait/remove/"' in html

    response = client.post(f"/taxonomy/calls/{mine.pk}/tags/", {"tag": "refund"})
    assert response.status_code == 302 and response["Location"].startswith(page)
    assert _tags_of(mine) == {("long_wait", "auto"), ("refund", "manual")}
    [change] = CallTagChange.objects.filter(call=mine)
    assert (change.action, change.user, change.tag) == ("added", trainer_user, refund)
    html = client.get(page).content.decode()
    assert "вручную" in html and "добавлен вручную: Анна Иванова, " in html
    assert f'{change.at.astimezone(MOSCOW):%H:%M}' in html

    # Removing the tag the phrases found: gone, logged, and re-analysis does not bring it back.
    assert client.post(f"/taxonomy/calls/{mine.pk}/tags/long_wait/remove/").status_code == 302
    assert _tags_of(mine) == {("refund", "manual")}
    calls_autotag(call_ids=[mine.pk])
    assert _tags_of(mine) == {("refund", "manual")}
    html = client.get(page).content.decode()
    assert 'data-removed-tag="long_wait"' in html and "снят вручную: Анна Иванова" in html
    # Added back by a person: the phrases may find it again.
    client.post(f"/taxonomy/calls/{mine.pk}/tags/", {"tag": "long_wait"})
    calls_autotag(call_ids=[mine.pk])
    assert _tags_of(mine) == {("refund", "manual"), ("long_wait", "manual"),
                              ("long_wait", "auto")}
    assert list(CallTagChange.objects.filter(call=mine).values_list("action", flat=True)) == [
        "added", "removed", "added"]
    assert phrase.tag.code == "long_wait"


def test_bad_tag_choices_are_refused_in_russian(
    client: Client, admin_user: User, tagged: tuple[KeyPhrase, Call, Call, Call],
) -> None:
    _phrase, mine, _untagged, _foreign = tagged
    TagFactory(code="old", is_active=False)
    client.force_login(admin_user)
    for code in ("old", "nope", ""):
        response = client.post(f"/taxonomy/calls/{mine.pk}/tags/", {"tag": code}, follow=True)
        assert "Выберите действующий тег из списка." in response.content.decode()
    assert client.post(f"/taxonomy/calls/{mine.pk}/tags/nope/remove/").status_code == 404
    response = client.post(f"/taxonomy/calls/{mine.pk}/tags/old/remove/", follow=True)
    assert "У звонка нет тега" in response.content.decode()
    assert client.get(f"/taxonomy/calls/{mine.pk}/tags/").status_code == 405
    assert not CallTagChange.objects.exists()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_operators_and_managers_cannot_tag_by_hand(
    client: Client, role: Role, tagged: tuple[KeyPhrase, Call, Call, Call],
    operator: Operator,
) -> None:
    _phrase, mine, _untagged, _foreign = tagged
    TagFactory(code="refund")
    user = operator.user if role == Role.OPERATOR else UserFactory(role=role)
    if role == Role.MANAGER:
        team = TeamFactory(manager=user)
        operator.team = team
        operator.save()
    client.force_login(user)
    html = client.get(f"/calls/{mine.pk}/").content.decode()
    assert "data-add-tag" not in html and "/remove/" not in html
    assert client.post(f"/taxonomy/calls/{mine.pk}/tags/", {"tag": "refund"}).status_code == 403
    assert client.post(f"/taxonomy/calls/{mine.pk}/tags/long_wait/remove/").status_code == 403
    assert _tags_of(mine) == {("long_wait", "auto")}


def test_a_call_the_tagger_may_not_see_is_missing(
    client: Client, trainer_user: User, tagged: tuple[KeyPhrase, Call, Call, Call],
) -> None:
    TagFactory(code="refund")
    client.force_login(trainer_user)
    assert client.post("/taxonomy/calls/999999/tags/", {"tag": "refund"}).status_code == 404


def test_the_category_form_sets_the_problem_flag(admin_client: Client) -> None:
    response = admin_client.post("/taxonomy/categories/new/", {
        "name": "Благодарность", "description": "", "order": 0})  # the box left unticked
    assert response.status_code == 302
    category = TagCategory.objects.get(name="Благодарность")
    assert not category.is_problem
    page = admin_client.get(f"/taxonomy/categories/{category.pk}/").content.decode()
    assert "Проблемы клиентов" in page
    admin_client.post(f"/taxonomy/categories/{category.pk}/", {
        "name": "Благодарность", "description": "", "order": 0, "is_problem": "on"})
    category.refresh_from_db()
    assert category.is_problem
