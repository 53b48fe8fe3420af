"""The top-problems, moments and co-occurrence pages: who may open them, what they show, and
that every number links to the calls behind it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from calls.models import Segment, Tag, TagEvidence
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    SegmentFactory,
    TagCategoryFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MOSCOW = ZoneInfo("Europe/Moscow")
QUERY = "?date_from=2026-11-09&date_to=2026-11-15"
PAGES = [
    "/taxonomy/problems/",
    "/taxonomy/cooccurrence/",
    "/taxonomy/problems/moments/" + QUERY + "&tag=cancel",
]


@pytest.fixture
def week() -> None:
    orders = TagCategoryFactory(name="Заказы")
    cancel = TagFactory(code="cancel", name="Сложность отмены заказа", category=orders)
    promo = TagFactory(code="promo", name="Не пришёл промокод", category=orders)
    for index in range(12):
        call = CallFactory(started_at=datetime(2026, 11, 10, 9, index, tzinfo=MOSCOW))
        if index < 8:
            call_tag = CallTagFactory(call=call, tag=cancel)
            segment: Segment = SegmentFactory(call=call, text="не могу отменить заказ")
            TagEvidence.objects.create(
                call_tag=call_tag,
                segment=segment,
                token_start=0,
                token_end=3,
                char_start=0,
                char_end=22,
                start=4.5,
                end=6.0,
                text="не могу отменить заказ",
            )
            CallTagFactory(call=call, tag=promo)


@pytest.mark.parametrize("role", [Role.MANAGER, Role.TRAINER, Role.ADMIN])
def test_managers_trainers_and_admins_open_the_pages(
    client: Client, role: Role, week: None
) -> None:
    client.force_login(UserFactory(role=role))
    for page in PAGES:
        assert client.get(page).status_code == 200, page


def test_operators_see_none_of_it(client: Client, week: None) -> None:
    client.force_login(UserFactory(role=Role.OPERATOR))
    for page in PAGES:
        assert client.get(page).status_code == 403, page
    assert client.get("/api/v1/taxonomy/top-problems/").status_code == 403
    assert client.get("/api/v1/taxonomy/cooccurrence/").status_code == 403


def test_top_problems_page_links_every_number(client: Client, week: None) -> None:
    client.force_login(UserFactory(role=Role.MANAGER, username="boss"))
    client.force_login(UserFactory(role=Role.ADMIN))
    page = client.get("/taxonomy/problems/" + QUERY).content.decode()
    assert "Сложность отмены заказа" in page and "67%" in page  # 8 of 12 calls
    assert (
        "/calls/?date_from=2026-11-09&amp;date_to=2026-11-15&amp;status=analysed&amp;tag=cancel"
    ) in page
    assert "/taxonomy/problems/moments/?date_from=2026-11-09" in page
    assert "8\u00a0звонков" in page and "моменты записи" in page
    assert "<svg" in page and "https://" not in page.split("<svg", 1)[1].split("</svg>")[0]


def test_moments_open_the_call_at_the_moment(client: Client, week: None) -> None:
    client.force_login(UserFactory(role=Role.ADMIN))
    page = client.get(PAGES[2]).content.decode()
    assert "8\u00a0моментов" in page and "#t=4.5" in page and "не могу отменить заказ" in page


def test_cooccurrence_page_says_strong_pairs_in_words(client: Client, week: None) -> None:
    client.force_login(UserFactory(role=Role.ADMIN))
    page = client.get("/taxonomy/cooccurrence/" + QUERY).content.decode()
    assert "В 100% звонков с тегом «Сложность отмены заказа» есть и «Не пришёл промокод»" in page
    # The cell and the sentence open the calls having both tags.
    assert "tag=cancel&amp;also_tag=promo" in page


def test_call_list_filters_calls_having_both_tags(client: Client, week: None) -> None:
    client.force_login(UserFactory(role=Role.ADMIN))
    alone = CallFactory(started_at=datetime(2026, 11, 10, 11, 0, tzinfo=MOSCOW))
    CallTagFactory(call=alone, tag=Tag.objects.get(code="cancel"))
    both = client.get("/calls/?tag=cancel&also_tag=promo").context["page"].paginator.count
    one = client.get("/calls/?tag=cancel").context["page"].paginator.count
    assert (both, one) == (8, 9)


def test_bad_filters_answer_400_in_russian(client: Client, week: None) -> None:
    client.force_login(UserFactory(role=Role.ADMIN))
    response = client.get("/taxonomy/problems/?date_from=2026-11-15&date_to=2026-11-01")
    assert response.status_code == 400 and "Конец периода раньше" in response.content.decode()
    response = client.get("/taxonomy/cooccurrence/?line=nowhere")
    assert response.status_code == 400 and "Такой линии нет" in response.content.decode()
