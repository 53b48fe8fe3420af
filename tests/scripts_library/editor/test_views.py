"""scripts_library/editor/views.py: the library editor for trainers, the read-only library for
operators and managers, the history with restore, «Проверить фразу», the answer preview and the
re-analysis button."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from calls.models import ReanalysisRun
from project.roles import Role
from scripts_library.models import Objection, ObjectionPhrase, ObjectionTheme, ResponseBlock
from tests.factories import (
    CallFactory,
    ObjectionFactory,
    ObjectionPhraseFactory,
    ResponseBlockFactory,
    SegmentFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def price() -> Objection:
    objection = ObjectionFactory(code="price", name="Слишком дорого", theme__name="Дорого",
                                 description="Клиент считает цену высокой.")
    ObjectionPhraseFactory(objection=objection, text="слишком дорого")
    ResponseBlockFactory(objection=objection, kind="acknowledge", text="Понимаю вас.", order=0)
    ResponseBlockFactory(objection=objection, kind="acknowledge", text="Да, сумма заметная.",
                         order=1)
    ResponseBlockFactory(objection=objection, kind="argument", text="Это окупается за месяц.")
    ResponseBlockFactory(objection=objection, kind="question", text="С чем сравниваете?")
    return objection


@pytest.fixture
def trainer(trainer_user: User) -> Client:
    return client_for(trainer_user)


# --- Who sees what -------------------------------------------------------------------------------


def _post_forms(page: str) -> int:
    """Forms that change something, besides the menu's «Выйти»."""
    return page.count('method="post"') - page.count('action="/logout/"')


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN])
def test_trainers_and_admins_get_the_editor_with_its_controls(role: Role, price: Objection) -> None:
    client = client_for(UserFactory(role=role))
    index = client.get("/library/")
    page = index.content.decode()
    assert index.status_code == 200
    assert "Дорого" in page and "price" in page and "Слишком дорого" in page
    assert "data-edit-controls" in page and "/library/themes/new/" in page
    # phrases / blocks / hits of the objection, in the table
    assert [row.phrase_count for row in index.context["themes"][0].listed] == [1]
    assert index.context["themes"][0].listed[0].block_count == 4

    detail = client.get(f"/library/objections/{price.pk}/").content.decode()
    assert "data-edit-controls" in detail and "Вывести из работы" in detail
    assert f"/library/objections/{price.pk}/history/" in detail
    nav = client.get("/calls/").content.decode()
    assert 'href="/library/"' in nav and 'href="/library/exemplars/"' in nav


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_operators_and_managers_read_the_library_without_edit_controls(
    role: Role, price: Objection
) -> None:
    client = client_for(UserFactory(role=role))
    browse = client.get("/library/read/")
    page = browse.content.decode()
    assert browse.status_code == 200
    assert "Слишком дорого" in page and "Понимаю вас." in page and "С чем сравниваете?" in page
    assert "data-edit-controls" not in page and _post_forms(page) == 0

    for url in ("/library/", f"/library/objections/{price.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "data-edit-controls" not in response.content.decode()
        assert _post_forms(response.content.decode()) == 0
    nav = client.get("/calls/").content.decode()
    assert 'href="/library/read/"' in nav and 'href="/library/exemplars/"' not in nav


def test_retired_blocks_and_objections_stay_out_of_the_read_only_page(price: Objection) -> None:
    ResponseBlockFactory(objection=price, kind="argument", text="Старый довод", is_active=False)
    ObjectionFactory(code="old", name="Старое возражение", status=Objection.Status.RETIRED)
    page = client_for(UserFactory(role=Role.OPERATOR)).get("/library/read/").content.decode()
    assert "Старый довод" not in page and "Старое возражение" not in page


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_an_operator_cannot_edit_the_library(role: Role, price: Objection) -> None:
    client = client_for(UserFactory(role=role))
    block = price.blocks.first()
    phrase = price.phrases.get()
    posts = {
        "/library/themes/new/": {"name": "Новая", "order": 0},
        f"/library/themes/{price.theme_id}/": {"name": "Другая", "order": 0},
        "/library/objections/new/": {"code": "x", "theme": price.theme_id, "name": "X",
                                     "status": "active"},
        f"/library/objections/{price.pk}/edit/": {"theme": price.theme_id, "name": "X"},
        f"/library/objections/{price.pk}/retire/": {},
        f"/library/objections/{price.pk}/activate/": {},
        f"/library/objections/{price.pk}/phrases/new/": {
            "text": "дорого", "speaker": "customer", "max_gap": 1, "window_kind": "none"},
        f"/library/phrases/{phrase.pk}/": {
            "text": "дорого", "speaker": "customer", "max_gap": 1, "window_kind": "none"},
        f"/library/phrases/{phrase.pk}/deactivate/": {},
        f"/library/objections/{price.pk}/blocks/new/": {"kind": "argument", "text": "Текст"},
        f"/library/blocks/{block.pk}/": {"kind": "argument", "text": "Текст"},
        f"/library/blocks/{block.pk}/retire/": {},
        f"/library/blocks/{block.pk}/down/": {},
        f"/library/blocks/{block.pk}/history/{block.history.first().history_id}/restore/": {},
        f"/library/objections/{price.pk}/history/"
        f"{price.history.first().history_id}/restore/": {},
        "/library/reanalyse/": {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    assert client.get(f"/library/objections/{price.pk}/history/").status_code == 403
    assert ObjectionTheme.objects.count() == 1 and Objection.objects.count() == 1
    price.refresh_from_db()
    assert price.status == Objection.Status.ACTIVE and price.name == "Слишком дорого"
    assert not ReanalysisRun.objects.exists()


def test_anonymous_people_are_sent_to_log_in(price: Objection) -> None:
    response = Client().get("/library/")
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- Editing writes history with the user --------------------------------------------------------


def test_creating_and_editing_through_the_pages_records_who(trainer: Client,
                                                             trainer_user: User) -> None:
    trainer.post("/library/themes/new/", {"name": "Нет времени", "order": 1})
    theme = ObjectionTheme.objects.get(name="Нет времени")

    response = trainer.post("/library/objections/new/", {
        "code": "no-time", "theme": theme.pk, "name": "Некогда говорить",
        "description": "Клиент занят.", "status": "active"})
    objection = Objection.objects.get(code="no-time")
    assert response.status_code == 302 and response["Location"] == \
        f"/library/objections/{objection.pk}/"

    trainer.post(f"/library/objections/{objection.pk}/edit/", {
        "code": "changed", "theme": theme.pk, "name": "Нет времени сейчас", "description": ""})
    objection.refresh_from_db()
    assert (objection.code, objection.name) == ("no-time", "Нет времени сейчас")

    trainer.post(f"/library/objections/{objection.pk}/blocks/new/",
                 {"kind": "question", "text": "Когда вам удобно?"})
    block = ResponseBlock.objects.get(objection=objection)
    assert block.author == trainer_user
    trainer.post(f"/library/blocks/{block.pk}/", {"kind": "question",
                                                   "text": "Когда перезвонить?"})
    block.refresh_from_db()
    assert block.text == "Когда перезвонить?"

    assert [record.history_user for record in objection.history.all()] == [trainer_user] * 2
    assert [record.history_user for record in block.history.all()] == [trainer_user] * 2

    history = trainer.get(f"/library/blocks/{block.pk}/history/").content.decode()
    assert "Когда вам удобно?" in history and "Когда перезвонить?" in history
    assert "trainer-user" in history and "Восстановить" in history


def test_a_duplicate_code_is_a_form_error_not_a_500(trainer: Client, price: Objection) -> None:
    response = trainer.post("/library/objections/new/", {
        "code": "price", "theme": price.theme_id, "name": "Ещё раз", "status": "active"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert Objection.objects.count() == 1


def test_restore_a_version_through_the_page(trainer: Client, trainer_user: User,
                                            price: Objection) -> None:
    first = price.history.get()
    trainer.post(f"/library/objections/{price.pk}/edit/", {
        "theme": price.theme_id, "name": "Цена высокая", "description": "Другое описание"})
    page = trainer.get(f"/library/objections/{price.pk}/history/").content.decode()
    assert "Цена высокая" in page and "Слишком дорого" in page

    response = trainer.post(
        f"/library/objections/{price.pk}/history/{first.history_id}/restore/")
    assert response.status_code == 302
    price.refresh_from_db()
    assert (price.name, price.description) == ("Слишком дорого", "Клиент считает цену высокой.")
    latest = price.history.first()
    assert latest.history_user == trainer_user and price.history.count() == 3

    block = price.blocks.get(kind="argument")
    original = block.history.get()
    trainer.post(f"/library/blocks/{block.pk}/", {"kind": "argument", "text": "Новый довод"})
    trainer.post(f"/library/blocks/{block.pk}/history/{original.history_id}/restore/")
    block.refresh_from_db()
    assert block.text == "Это окупается за месяц."
    assert block.history.first().history_user == trainer_user


def test_restoring_an_unknown_version_says_so(trainer: Client, price: Objection) -> None:
    response = trainer.post(f"/library/objections/{price.pk}/history/999999/restore/",
                            follow=True)
    assert response.status_code == 200
    assert any(message.level_tag == "error" for message in response.context["messages"])


def test_status_phrase_and_block_controls(trainer: Client, price: Objection) -> None:
    trainer.post(f"/library/objections/{price.pk}/retire/")
    price.refresh_from_db()
    assert price.status == Objection.Status.RETIRED
    trainer.post(f"/library/objections/{price.pk}/activate/")
    price.refresh_from_db()
    assert price.status == Objection.Status.ACTIVE

    phrase = price.phrases.get()
    trainer.post(f"/library/phrases/{phrase.pk}/deactivate/")
    phrase.refresh_from_db()
    assert not phrase.is_active

    first, second = price.blocks.filter(kind="acknowledge").order_by("order", "id")
    trainer.post(f"/library/blocks/{second.pk}/up/")
    assert list(price.blocks.filter(kind="acknowledge").order_by("order", "id")) == [second, first]
    trainer.post(f"/library/blocks/{second.pk}/retire/")
    second.refresh_from_db()
    assert not second.is_active
    trainer.post(f"/library/blocks/{second.pk}/activate/")
    second.refresh_from_db()
    assert second.is_active


# --- «Проверить фразу» and the preview -----------------------------------------------------------


def test_try_a_phrase_before_saving_it(trainer: Client, price: Objection) -> None:
    for text in ["Ну это слишком дорого для нас", "Дорого, слишком дорого!", "Недорого совсем"]:
        SegmentFactory(call=CallFactory(), index=0, speaker="customer", text=text)
    data = {"text": "слишком дорого", "speaker": "customer", "max_gap": 1,
            "window_kind": "none", "is_active": "on"}

    response = trainer.post(f"/library/objections/{price.pk}/phrases/new/",
                            {**data, "text": "очень дорого", "action": "try"})
    assert 'data-try-tagged>0<' in response.content.decode()
    response = trainer.post(f"/library/objections/{price.pk}/phrases/new/",
                            {**data, "action": "try"})
    page = response.content.decode()
    assert 'data-try-tagged>2<' in page and "<mark>слишком дорого</mark>" in page
    assert price.phrases.count() == 1  # trying saves nothing

    invalid = trainer.post(f"/library/objections/{price.pk}/phrases/new/",
                           {**data, "text": "*", "action": "try"})
    assert invalid.status_code == 200 and "data-try-result" not in invalid.content.decode()

    trainer.post(f"/library/objections/{price.pk}/phrases/new/",
                 {**data, "text": "не по карману", "action": "save"})
    assert ObjectionPhrase.objects.filter(objection=price, text="не по карману").exists()

    # «Проверить фразу» next to a saved phrase tries it as stored
    saved = price.phrases.get(text="слишком дорого")
    assert f"/library/phrases/{saved.pk}/?try=1" in \
        trainer.get(f"/library/objections/{price.pk}/").content.decode()
    stored = trainer.get(f"/library/phrases/{saved.pk}/", {"try": "1"})
    assert 'data-try-tagged>2<' in stored.content.decode()


def test_the_preview_assembles_one_block_of_each_kind(trainer: Client, price: Objection) -> None:
    response = trainer.get(f"/library/objections/{price.pk}/")
    assert response.context["answer"] == \
        "Понимаю вас. Это окупается за месяц. С чем сравниваете?"
    second = price.blocks.get(text="Да, сумма заметная.")
    chosen = trainer.get(f"/library/objections/{price.pk}/", {"acknowledge": second.pk})
    assert chosen.context["answer"] == \
        "Да, сумма заметная. Это окупается за месяц. С чем сравниваете?"
    assert "Да, сумма заметная. Это окупается за месяц. С чем сравниваете?" in \
        chosen.content.decode()
    # a retired block or another objection's block is never offered
    other = ResponseBlockFactory(kind="acknowledge", text="Чужой блок")
    foreign = trainer.get(f"/library/objections/{price.pk}/", {"acknowledge": other.pk})
    assert foreign.context["answer"].startswith("Понимаю вас.")


# --- Re-analysis ---------------------------------------------------------------------------------


def test_the_reanalysis_button_starts_an_objections_run(
    trainer: Client, trainer_user: User, price: Objection
) -> None:
    page = trainer.get("/library/").content.decode()
    assert "data-reanalysis" in page
    response = trainer.post("/library/reanalyse/")
    assert response.status_code == 302
    run = ReanalysisRun.objects.get()
    assert (run.analyser, run.requested_by) == ("objections", trainer_user)
    state = trainer.get("/library/reanalyse/status/").json()
    assert state["run"]["id"] == run.pk and state["run"]["active"]

    again = trainer.post("/library/reanalyse/", follow=True)
    assert ReanalysisRun.objects.count() == 1
    assert any("уже идёт" in str(message) for message in again.context["messages"])


def test_the_archive_is_stale_only_when_calls_predate_the_library(
    trainer: Client, price: Objection
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from calls.models import Call

    # A fresh demo: the library is imported, then its calls are analysed; no re-analysis ran.
    call = CallFactory(analysed_at=timezone.now() + timedelta(seconds=1))
    assert trainer.get("/library/reanalyse/status/").json()["needs_reanalysis"] is False
    assert "data-reanalysis-stale hidden" in trainer.get("/library/").content.decode()
    # A draft (an accepted review suggestion) finds nothing: still up to date.
    draft = ObjectionFactory(code="draft", status=Objection.Status.DRAFT)
    ObjectionPhraseFactory(objection=draft, text="долгая доставка")
    assert trainer.get("/library/reanalyse/status/").json()["needs_reanalysis"] is False
    # A phrase changed after the call was analysed: stale.
    Call.objects.filter(pk=call.pk).update(analysed_at=timezone.now() - timedelta(days=1))
    assert trainer.get("/library/reanalyse/status/").json()["needs_reanalysis"] is True
    assert "data-reanalysis-stale hidden" not in trainer.get("/library/").content.decode()


# --- Counts --------------------------------------------------------------------------------------


def test_in_calls_counts_calls_not_hits_and_opens_them(trainer: Client, price: Objection) -> None:
    from tests.factories import OperatorFactory, TeamFactory, call_with_segments
    from tests.scripts_library.review.conftest import _hit

    twice = call_with_segments(("customer", "Слишком дорого."), ("operator", "Понимаю."),
                               ("customer", "Нет, слишком дорого."))
    _hit(twice, price, index=0, text="Слишком дорого")
    _hit(twice, price, index=2, text="слишком дорого", occurrence=2)
    once = call_with_segments(("customer", "слишком дорого"))
    _hit(once, price, index=0, text="слишком дорого")
    link = '<a href="/library/metrics/calls/?objection=price" data-count="calls">'
    index = trainer.get("/library/").content.decode()
    assert link + "2</a>" in index  # 3 hits in 2 calls
    detail = trainer.get(f"/library/objections/{price.pk}/").content.decode()
    assert link + "2\u00a0звонках</a>" in detail
    listed = trainer.get("/library/metrics/calls/?objection=price").content.decode()
    assert listed.count("data-call-id=") == 2
    # A manager counts their team's calls only.
    manager = UserFactory(username="boss", role=Role.MANAGER)
    once.operator = OperatorFactory(team=TeamFactory(manager=manager))
    once.save()
    boss = client_for(manager)
    assert link + "1</a>" in boss.get("/library/").content.decode()
    assert link + "1\u00a0звонке</a>" in boss.get(
        f"/library/objections/{price.pk}/").content.decode()
    empty = client_for(UserFactory(username="empty", role=Role.MANAGER))
    assert '<span data-count="calls">0</span>' in empty.get("/library/").content.decode()
