"""The pages of changes: the list, registering one, one change's figures; who may see what."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from calls.models import Change
from project.roles import Role
from tests.factories import (
    LineFactory,
    OperatorFactory,
    TagCategoryFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    client_for,
)
from tests.factories_changes import ChangeFactory, calls_on_days, days

pytestmark = pytest.mark.django_db


@pytest.fixture
def change() -> Change:
    line = LineFactory(code="support")
    tag = TagFactory(code="navigation", name="Навигация",
                     category=TagCategoryFactory(is_problem=True))
    operator = OperatorFactory()
    calls_on_days(on=days(date(2026, 3, 1), date(2026, 3, 14)), per_day=20, operator=operator,
                  line=line, tag=tag, tagged=lambda i: i % 5 == 0)
    calls_on_days(on=days(date(2026, 3, 16), date(2026, 3, 29)), per_day=20, operator=operator,
                  line=line, tag=tag, tagged=lambda i: i % 20 == 0)
    change = ChangeFactory(changed_on=date(2026, 3, 15), title="Упростили голосовое меню")
    change.tags.set([tag])
    change.lines.set([line])
    return change


def test_the_list_shows_each_verdict(change: Change) -> None:
    response = client_for(UserFactory(role=Role.ADMIN)).get(reverse("changes:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Упростили голосовое меню" in page
    assert 'data-verdict="helped"' in page and "Помогло" in page
    assert reverse("changes:create") in page


def test_the_detail_page_has_the_figures_the_verdict_and_the_charts(change: Change) -> None:
    response = client_for(UserFactory(role=Role.TRAINER)).get(
        reverse("changes:detail", args=[change.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="tag:navigation"' in page
    assert "снизилась с <a href=" in page and ">20%</a> до <a href=" in page
    assert "z-тест двух долей" in page and "h = " in page
    assert "<svg" in page
    assert "/calls/?date_from=2026-03-01&amp;date_to=2026-03-14&amp;status=analysed" in page


def test_a_trainer_reads_but_does_not_register(change: Change) -> None:
    client = client_for(UserFactory(role=Role.TRAINER))
    assert client.get(reverse("changes:list")).status_code == 200
    assert reverse("changes:create") not in client.get(reverse("changes:list")).content.decode()
    assert client.get(reverse("changes:create")).status_code == 403


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.DEPARTMENT, Role.ANNOTATOR])
def test_others_get_403(change: Change, role: Role) -> None:
    client = client_for(UserFactory(role=role))
    for url in (reverse("changes:list"), reverse("changes:detail", args=[change.pk]),
                reverse("changes:create")):
        assert client.get(url).status_code == 403


def test_a_manager_counts_only_their_teams_calls(change: Change) -> None:
    manager = UserFactory(role=Role.MANAGER)
    OperatorFactory(team=TeamFactory(manager=manager))
    response = client_for(manager).get(reverse("changes:detail", args=[change.pk]))
    assert response.status_code == 200
    assert 'data-verdict="too_few"' in response.content.decode()


def test_a_manager_registers_a_change() -> None:
    line = LineFactory(code="support")
    tag = TagFactory(code="navigation")
    manager = UserFactory(role=Role.MANAGER)
    response = client_for(manager).post(
        reverse("changes:create"),
        {"title": " Упростили меню ", "changed_on": "2026-03-15", "lines": [line.pk],
         "tags": [tag.pk], "window_days": 14, "description": ""},
    )
    change = Change.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("changes:detail", args=[change.pk])
    assert change.title == "Упростили меню" and change.created_by == manager
    assert list(change.lines.all()) == [line] and list(change.tags.all()) == [tag]


@pytest.mark.parametrize(
    "data",
    [
        {"title": "", "changed_on": "2026-03-15", "window_days": 14},
        {"title": "x", "changed_on": "не дата", "window_days": 14},
        {"title": "x", "changed_on": "2026-03-15", "window_days": 0},
        {"title": "x", "changed_on": "2026-03-15", "window_days": 14, "lines": ["999999"]},
    ],
)
def test_bad_input_is_a_400_with_the_form(data: dict[str, object]) -> None:
    response = client_for(UserFactory(role=Role.ADMIN)).post(reverse("changes:create"), data)
    assert response.status_code == 400
    assert Change.objects.count() == 0


def test_an_unknown_or_huge_id_is_404() -> None:
    client = client_for(UserFactory(role=Role.ADMIN))
    assert client.get(reverse("changes:detail", args=[12345])).status_code == 404
    assert client.get(f"/changes/{2**64}/").status_code == 404
