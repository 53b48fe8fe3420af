"""calls/vocabulary/views.py: the lines' vocabularies are for admins; the page lists the words,
adds typed and suggested ones up to the cap, switches the decoder and links every count to its
calls."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from calls.models import LineTerm
from project.roles import Role
from tests.factories import (
    CallTagFactory,
    KeyPhraseFactory,
    LineFactory,
    TagFactory,
    UserFactory,
    call_with_segments,
)

pytestmark = pytest.mark.django_db

PROMO = quote("промокод")


@pytest.fixture
def admin_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TRAINER, Role.MANAGER])
def test_vocabulary_pages_are_for_admins_only(client: Client, role: Role) -> None:
    line = LineFactory()
    term = LineTerm.objects.create(line=line, term="промокод")
    client.force_login(UserFactory(role=role))
    base = f"/calls/lines/{line.pk}/vocabulary/"

    for url in ("/calls/lines/", base, f"{base}calls/?term=промокод"):
        assert client.get(url).status_code == 403, url
    for url in (f"{base}add/", f"{base}{term.pk}/remove/", f"{base}decoder/"):
        assert client.post(url, {"term": "курьер"}).status_code == 403, url
    assert list(line.terms.values_list("term", flat=True)) == ["промокод"]
    anonymous = Client().get(base)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_the_lines_list_counts_words_and_calls(admin_client: Client) -> None:
    line = LineFactory(code="support", name="Поддержка")
    LineTerm.objects.create(line=line, term="промокод")
    call_with_segments(("customer", "Здравствуйте"), line=line)

    page = admin_client.get("/calls/lines/").content.decode()

    assert "Поддержка" in page and "1\xa0слово" in page
    assert '<a href="/calls/?line=support">1\xa0звонок</a>' in page


def test_an_admin_adds_a_typed_word_and_a_suggested_one_and_removes_one(
    admin_client: Client, admin_user: User
) -> None:
    line = LineFactory()
    promo = TagFactory(name="Промокод")
    KeyPhraseFactory(tag=promo, text="промокод не работает")
    call = call_with_segments(("customer", "Промокод не работает"), line=line)
    CallTagFactory(call=call, tag=promo)
    base = f"/calls/lines/{line.pk}/vocabulary/"

    page = admin_client.get(base).content.decode()
    assert "Предложения: Теги" in page and "Предложения: Возражения" in page
    assert f"{base}calls/?source=taxonomy&amp;term={PROMO}" in page

    admin_client.post(f"{base}add/", {"term": "промокод", "source": "taxonomy"})
    admin_client.post(f"{base}add/", {"term": "  Домашний   маркет. "})
    response = admin_client.post(f"{base}add/", {"term": "ПРОМОКОД"}, follow=True)
    assert "«ПРОМОКОД» уже в словаре линии." in response.content.decode()

    terms = list(line.terms.order_by("id"))
    assert [(t.term, t.source, t.added_by) for t in terms] == [
        ("промокод", "taxonomy", admin_user), ("Домашний маркет", "", admin_user)]
    page = admin_client.get(base).content.decode()
    assert "вписано вручную" in page
    # An accepted word is no longer suggested.
    assert f"source=taxonomy&amp;term={PROMO}" not in page
    # Its count links to the calls that have it.
    assert f"{base}calls/?term={PROMO}" in page

    admin_client.post(f"{base}{terms[1].pk}/remove/")
    assert list(line.terms.values_list("term", flat=True)) == ["промокод"]


@override_settings(LINE_VOCABULARY_MAX_TERMS=1)
def test_the_cap_is_kept_and_said(admin_client: Client) -> None:
    line = LineFactory()
    base = f"/calls/lines/{line.pk}/vocabulary/"
    admin_client.post(f"{base}add/", {"term": "промокод"})

    response = admin_client.post(f"{base}add/", {"term": "курьер"}, follow=True)

    assert "это предел" in response.content.decode()
    assert list(line.terms.values_list("term", flat=True)) == ["промокод"]
    assert "Словарь заполнен" in response.content.decode()


def test_the_switch_keeps_the_list(admin_client: Client) -> None:
    line = LineFactory()
    LineTerm.objects.create(line=line, term="промокод")
    base = f"/calls/lines/{line.pk}/vocabulary/"

    admin_client.post(f"{base}decoder/")
    line.refresh_from_db()
    assert not line.vocabulary_to_decoder and line.terms.count() == 1
    assert "не подсказывается" in admin_client.get(base).content.decode()

    admin_client.post(f"{base}decoder/", {"on": "1"})
    line.refresh_from_db()
    assert line.vocabulary_to_decoder


def test_the_calls_behind_a_count(admin_client: Client) -> None:
    line = LineFactory()
    other = LineFactory(code="sales", name="Продажи")
    with_word = call_with_segments(("customer", "Курьера нет"), line=line)
    call_with_segments(("customer", "Здравствуйте"), line=line)
    elsewhere = call_with_segments(("customer", "Курьер"), line=other)
    base = f"/calls/lines/{line.pk}/vocabulary/calls/"

    page = admin_client.get(base, {"term": "курьер"}).content.decode()

    assert f"/calls/{with_word.pk}/" in page and f"/calls/{elsewhere.pk}/" not in page
    assert "1\xa0звонок" in page
    assert admin_client.get(base, {"term": "курьер", "source": "nope"}).status_code == 404
    assert admin_client.get(base).status_code == 404
