"""Deleting a theme (its objections moved, or the refusal said) and a phrase's history page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from project.roles import Role
from scripts_library.library import services
from scripts_library.models import Objection, ObjectionPhrase, ObjectionTheme
from tests.factories import (
    ObjectionFactory,
    ObjectionPhraseFactory,
    ObjectionThemeFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer_user() -> User:
    return UserFactory(username="trainer", role=Role.TRAINER)


def test_deleting_a_theme_moves_its_objections_with_a_history_line(trainer_user: User) -> None:
    price = ObjectionFactory(code="price", theme__name="Дорого")
    retired = ObjectionFactory(code="old", theme=price.theme, status=Objection.Status.RETIRED)
    target = ObjectionThemeFactory(name="Цена")
    client = client_for(trainer_user)
    page = client.get(f"/library/themes/{price.theme_id}/delete/").content.decode()
    assert "2\u00a0возражения" in page and "Цена" in page
    # Without a target: said in Russian, nothing deleted.
    refused = client.post(f"/library/themes/{price.theme_id}/delete/", {"move_to": ""})
    assert refused.status_code == 200
    assert "выберите тему, куда их перенести" in refused.content.decode()
    assert ObjectionTheme.objects.filter(name="Дорого").exists()
    response = client.post(f"/library/themes/{price.theme_id}/delete/", {"move_to": target.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"#theme-{target.pk}")
    assert not ObjectionTheme.objects.filter(name="Дорого").exists()
    for objection in (price, retired):
        objection.refresh_from_db()
        assert objection.theme == target
        latest = objection.history.first()
        assert latest.history_user == trainer_user
        assert "тема «Дорого» удалена" in latest.history_change_reason


def test_a_theme_with_objections_and_no_other_theme_cannot_go() -> None:
    price = ObjectionFactory(code="price", theme__name="Дорого")
    with pytest.raises(services.LibraryInvalid, match="другой темы нет"):
        services.theme_delete(theme=price.theme)
    with pytest.raises(services.LibraryInvalid, match="удаляемую"):
        services.theme_delete(theme=price.theme, move_to=price.theme)
    assert ObjectionTheme.objects.count() == 1


def test_the_page_explains_the_refusal_and_an_empty_theme_just_goes(trainer_user: User) -> None:
    price = ObjectionFactory(code="price", theme__name="Дорого")
    client = client_for(trainer_user)
    page = client.get(f"/library/themes/{price.theme_id}/delete/").content.decode()
    assert "data-theme-delete-refused" in page and "<form method=\"post\" class=\"tx-form\">" \
        not in page
    empty = ObjectionThemeFactory(name="Пустая")
    assert client.post(f"/library/themes/{empty.pk}/delete/").status_code == 302
    assert not ObjectionTheme.objects.filter(pk=empty.pk).exists()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_only_editors_delete_themes(role: Role) -> None:
    theme = ObjectionThemeFactory(name="Пустая")
    client = client_for(UserFactory(username=str(role), role=role))
    assert client.get(f"/library/themes/{theme.pk}/delete/").status_code == 403
    assert client.post(f"/library/themes/{theme.pk}/delete/").status_code == 403
    assert ObjectionTheme.objects.filter(pk=theme.pk).exists()
    assert "Удалить тему" not in client.get("/library/").content.decode()


def test_a_phrase_has_a_history_page_with_restore(trainer_user: User) -> None:
    price = ObjectionFactory(code="price")
    phrase = ObjectionPhraseFactory(objection=price, text="слишком дорого")
    client = client_for(trainer_user)
    services.phrase_update(phrase=phrase, text="очень дорого", speaker="customer", max_gap=2,
                           user=trainer_user)
    assert f"/library/phrases/{phrase.pk}/history/" in client.get(
        f"/library/objections/{price.pk}/").content.decode()
    assert f"/library/phrases/{phrase.pk}/history/" in client.get(
        f"/library/objections/{price.pk}/history/").content.decode()
    page = client.get(f"/library/phrases/{phrase.pk}/history/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "слишком дорого" in html and "очень дорого" in html and "trainer" in html
    first = phrase.history.order_by("history_date").first()
    response = client.post(f"/library/phrases/{phrase.pk}/history/{first.history_id}/restore/")
    assert response.status_code == 302
    phrase.refresh_from_db()
    assert (phrase.text, phrase.max_gap) == ("слишком дорого", 1)
    assert "восстановлена версия" in phrase.history.first().history_change_reason
    # An unknown version is said, not a 500; readers cannot open the page.
    missing = client.post(f"/library/phrases/{phrase.pk}/history/999999/restore/", follow=True)
    assert "нет такой версии" in missing.content.decode()
    reader = client_for(UserFactory(username="boss", role=Role.MANAGER))
    assert reader.get(f"/library/phrases/{phrase.pk}/history/").status_code == 403
    assert ObjectionPhrase.objects.count() == 1
