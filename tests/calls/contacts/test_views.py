"""The contacts pages: numbers link to their calls, role rules (an operator sees their own
figures only, a manager their teams'), goals with progress, bad input is a 400."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.contacts.links import contacts_link_all
from calls.models import Call, ContactGoal
from project.roles import Role
from tests.factories import (
    CallFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db


def test_overview_shows_fcr_reasons_and_resolution_with_links(world: dict) -> None:
    admin = UserFactory(role=Role.ADMIN)
    response = client_for(admin).get(reverse("contacts:overview"), {"by": "operator"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Анна" in html and "Борис" in html
    assert "came_back=true" in html and f"operator={world['a'].pk}" in html
    assert "repeat_of_tag=delivery" in html  # the reason, opening the repeats
    assert "resolved=true" in html and "1:15" in html
    tag_page = client_for(admin).get(reverse("contacts:overview"), {"by": "tag"}).content.decode()
    assert "Доставка" in tag_page


def test_an_operator_sees_only_their_own_figures(world: dict) -> None:
    operator_b = world["b"].user
    html = client_for(operator_b).get(reverse("contacts:overview"),
                                      {"by": "operator"}).content.decode()
    assert "Борис" in html and "Анна" not in html
    assert "repeat_of_tag" not in html  # A's repeat is not B's to see


def test_a_manager_sees_their_teams(world: dict) -> None:
    html = client_for(world["manager"]).get(reverse("contacts:overview"),
                                            {"by": "team"}).content.decode()
    assert "Альфа" in html and "Бета" not in html


def test_department_members_and_strangers_are_refused(world: dict) -> None:
    member = UserFactory(role=Role.DEPARTMENT)
    assert client_for(member).get(reverse("contacts:overview")).status_code == 403
    assert client_for(member).get(reverse("contacts:goals")).status_code == 403


@pytest.mark.parametrize("query", [
    {"by": "nonsense"}, {"date_from": "2026-13-01"}, {"line": "nope"},
    {"date_from": "2026-03-10", "date_to": "2026-03-01"},
])
def test_bad_filters_are_a_400(world: dict, query: dict[str, str]) -> None:
    admin = UserFactory(role=Role.ADMIN)
    assert client_for(admin).get(reverse("contacts:overview"), query).status_code == 400


def test_goal_progress_on_the_goals_page(world: dict) -> None:
    manager = world["manager"]
    today = timezone.localdate()
    goal = ContactGoal.objects.create(
        name="Меньше повторных", metric=ContactGoal.Metric.REPEAT_RATE, target_change=-50,
        starts_on=today - timedelta(days=9), ends_on=today + timedelta(days=10),
        created_by=manager,
    )
    # Baseline (the 20 days before): a repeat among 3 calls → 1/3; now: one call, no repeat.
    CallFactory(operator=world["a"], customer_key="k9", started_at=timezone.now() -
                timedelta(days=2))
    contacts_link_all()
    from calls.contacts.goals import goal_progress

    progress = goal_progress(goal=goal, user=manager)
    # The manager sees team Альфа: first and again (a repeat) in the baseline.
    assert progress.baseline.value == pytest.approx(1 / 2)
    assert progress.target == pytest.approx(1 / 4)
    assert progress.current is not None and progress.current.value == 0.0
    assert progress.progress == pytest.approx(200.0)
    assert progress.elapsed == pytest.approx(50.0)
    assert progress.on_track is True
    assert "contact=repeat" in progress.baseline_url
    html = client_for(manager).get(reverse("contacts:goals")).content.decode()
    assert "Меньше повторных" in html and "data-on-track" in html and "contact=repeat" in html


def test_goals_are_set_and_deleted_by_managers_and_admins(world: dict) -> None:
    manager = world["manager"]
    url = reverse("contacts:goal-new")
    data = {"name": "FCR вверх", "metric": "fcr", "target_change": "10",
            "starts_on": "2026-04-01", "ends_on": "2026-06-30"}
    assert client_for(manager).post(url, data).status_code == 302
    goal = ContactGoal.objects.get(name="FCR вверх")
    bad = client_for(manager).post(url, {**data, "ends_on": "2026-03-01"})
    assert bad.status_code == 400
    foreign_team = client_for(manager).post(url, {**data, "team": world["b"].team_id})
    assert foreign_team.status_code == 400
    operator = world["a"].user
    assert client_for(operator).post(url, data).status_code == 403
    assert client_for(operator).get(reverse("contacts:goals")).status_code == 200
    other_manager = UserFactory(role=Role.MANAGER)
    delete = reverse("contacts:goal-delete", args=[goal.pk])
    assert client_for(other_manager).post(delete).status_code == 403
    assert client_for(manager).post(delete).status_code == 302
    assert not ContactGoal.objects.filter(pk=goal.pk).exists()


def test_call_page_panel_says_repeat_and_resolution(world: dict) -> None:
    admin = UserFactory(role=Role.ADMIN)
    again = client_for(admin).get(reverse("calls:detail", args=[world["again"].pk]))
    html = again.content.decode().replace("\xa0", " ")
    assert "Повторное обращение" in html and "через 2 дня после звонка" in html
    assert "a-first" in html
    first = client_for(admin).get(reverse("calls:detail", args=[world["first"].pk]))
    html = first.content.decode()
    assert "Клиент обратился повторно" in html
    assert "Решено на 1:15" in html and 'data-start="75' in html


def test_call_page_does_not_link_a_call_the_viewer_may_not_open(world: dict) -> None:
    # B's customer calls A's customer's number? No: the same customer reaches operator B.
    later = CallFactory(operator=world["b"], customer_key="k1",
                        started_at=world["again"].started_at + timedelta(days=1))
    contacts_link_all()
    html = client_for(world["b"].user).get(
        reverse("calls:detail", args=[later.pk])).content.decode()
    assert "Повторное обращение" in html
    assert reverse("calls:detail", args=[world["again"].pk]) not in html
    assert Call.objects.count() == 4


@pytest.mark.parametrize("by", ["tag", "operator", "team", "line"])
def test_each_fcr_count_opens_exactly_its_calls(world: dict, by: str) -> None:
    """«Вернулись» and «с той же темой» open the calls they count, not a superset: a customer
    whose call had two tags came back about one of them, another came back about neither."""
    from tests.factories import CallTagFactory, TagFactory

    billing = TagFactory(code="billing", name="Оплата")
    delivery = world["first"].call_tags.get().tag
    start = world["first"].started_at
    both = CallFactory(operator=world["a"], customer_key="k3", started_at=start)
    CallTagFactory(call=both, tag=delivery)
    CallTagFactory(call=both, tag=billing)
    about_billing = CallFactory(operator=world["a"], customer_key="k3",
                                started_at=start + timedelta(days=1))
    CallTagFactory(call=about_billing, tag=billing)
    other = CallFactory(operator=world["b"], customer_key="k4", started_at=start)
    CallTagFactory(call=other, tag=delivery)
    CallFactory(operator=world["b"], customer_key="k4", started_at=start + timedelta(days=3))
    contacts_link_all()
    admin = UserFactory(role=Role.ADMIN)
    client = client_for(admin)

    page = client.get(reverse("contacts:overview"), {"by": by})
    assert page.status_code == 200
    same_counts = []
    for item in page.context["fcr_rows"]:
        row = item["row"]
        for url, count in ((item["back_url"], row.came_back),
                           (item["same_url"], row.came_back_same_tag)):
            listed = client.get(url)
            assert listed.status_code == 200
            assert listed.context["page"].paginator.count == count, (row.group.label, url)
        same_counts.append(row.came_back_same_tag)
    assert sum(same_counts) > 0
    if by == "tag":
        counts = {item["row"].group.label: (item["row"].came_back, item["row"].came_back_same_tag)
                  for item in page.context["fcr_rows"]}
        # Delivery: A's first call (back about delivery), `both` (back about billing) and B's
        # `other` (back about nothing tagged); billing: `both`, back about billing.
        assert counts["Доставка"] == (3, 1) and counts["Оплата"] == (1, 1)


def test_the_same_tag_filter_without_a_link_is_neither(world: dict) -> None:
    admin = UserFactory(role=Role.ADMIN)
    listed = client_for(admin).get(reverse("calls:list"), {"came_back_same_tag": "false"})
    # Only the calls that came back about something else; A's first call came back about
    # the same tag and the others did not come back at all.
    assert listed.status_code == 200 and listed.context["page"].paginator.count == 0
