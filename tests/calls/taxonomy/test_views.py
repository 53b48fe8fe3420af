"""calls/taxonomy/views.py, the taxonomy editor: admins only, forms through the services,
"try this phrase", and the re-analysis button."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from calls.models import KeyPhrase, ReanalysisRun, Tag
from project.roles import Role
from tests.factories import (
    CallFactory,
    KeyPhraseFactory,
    SegmentFactory,
    TagCategoryFactory,
    TagFactory,
    UserFactory,
)

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
