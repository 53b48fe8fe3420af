"""calls/filters.py: the call filters of the list page and the API, and that none of them
reveals a call its user may not see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from calls.models import Call, Operator
from tests.factories import CallFactory, LineFactory, client_for

MSK = ZoneInfo("Europe/Moscow")


def test_operator_filter_cannot_reveal_another_operators_calls(
    operator: Operator, other_operator: Operator, listed: Callable[..., set[str]]
) -> None:
    CallFactory(operator=operator, external_id="mine")
    CallFactory(operator=other_operator, external_id="theirs")

    response = client_for(operator.user).get(reverse("calls:list"), {"operator": other_operator.pk})

    assert "theirs" not in listed(response)
    assert "theirs" not in response.content.decode()
    assert other_operator.display_name not in response.content.decode()


def test_manager_operator_filter_offers_only_team_operators(
    manager_user: User, managed_operator: Operator, other_operator: Operator
) -> None:
    response = client_for(manager_user).get(reverse("calls:list"))

    operators = set(response.context["filter"].form.fields["operator"].queryset)
    assert operators == {managed_operator}


def test_filter_by_status_allows_several(admin_user: User, listed: Callable[..., set[str]]) -> None:
    CallFactory(external_id="ok", status=Call.Status.ANALYSED)
    CallFactory(external_id="broken", status=Call.Status.FAILED, failure_reason="Тишина")
    CallFactory(external_id="waiting", status=Call.Status.QUEUED)
    client = client_for(admin_user)

    assert listed(client.get(reverse("calls:list"), {"status": "failed"})) == {"broken"}
    assert listed(client.get(reverse("calls:list"), {"status": ["failed", "queued"]})) == {
        "broken",
        "waiting",
    }


def test_filter_by_moscow_date_range(admin_user: User, listed: Callable[..., set[str]]) -> None:
    CallFactory(external_id="march-1", started_at=datetime(2024, 3, 1, 10, 0, tzinfo=MSK))
    CallFactory(external_id="march-5", started_at=datetime(2024, 3, 5, 10, 0, tzinfo=MSK))
    # 00:30 in Moscow on the 10th is still the 9th in UTC: the date is the Moscow one.
    CallFactory(external_id="march-10", started_at=datetime(2024, 3, 10, 0, 30, tzinfo=MSK))
    client = client_for(admin_user)

    response = client.get(
        reverse("calls:list"), {"date_from": "2024-03-02", "date_to": "2024-03-10"}
    )

    assert listed(response) == {"march-5", "march-10"}


def test_filter_by_line(admin_user: User, listed: Callable[..., set[str]]) -> None:
    sales = LineFactory(code="sales", name="Продажи")
    CallFactory(external_id="support-call")
    CallFactory(external_id="sales-call", line=sales)

    response = client_for(admin_user).get(reverse("calls:list"), {"line": "sales"})

    assert listed(response) == {"sales-call"}


def test_invalid_filter_shows_error_and_no_calls(
    admin_user: User, listed: Callable[..., set[str]]
) -> None:
    CallFactory(external_id="any")
    response = client_for(admin_user).get(reverse("calls:list"), {"date_from": "вчера"})
    assert listed(response) == set()
    assert response.context["filter"].form.errors


def test_call_list_filters_by_tag_and_category(
    operator, tagged
) -> None:  # type: ignore[no-untyped-def]
    phrase, mine, untagged, foreign = tagged
    client = Client()
    client.force_login(operator.user)
    by_tag = client.get("/calls/?tag=long_wait").content.decode()
    assert f"/calls/{mine.pk}/" in by_tag
    assert f"/calls/{untagged.pk}/" not in by_tag
    # Another operator's tagged call never shows, whatever the filter.
    assert f"/calls/{foreign.pk}/" not in by_tag
    by_category = client.get(f"/calls/?category={phrase.tag.category_id}").content.decode()
    assert f"/calls/{mine.pk}/" in by_category and f"/calls/{untagged.pk}/" not in by_category
    assert "Долгое ожидание" in client.get("/calls/").content.decode()


def test_api_filters_by_tag(admin_user, tagged) -> None:  # type: ignore[no-untyped-def]
    _phrase, mine, _untagged, foreign = tagged
    client = Client()
    client.force_login(admin_user)
    rows = client.get("/api/v1/calls/?tag=long_wait").json()["results"]
    assert sorted(row["id"] for row in rows) == sorted([mine.pk, foreign.pk])


@pytest.mark.parametrize("query", [
    "date_from=", "date_to=", "operator=", "line=", "outcome=", "status=", "tag=", "category=",
])
def test_api_refuses_an_empty_filter_the_page_ignores(admin_user: User, query: str) -> None:
    # issue 7 §4: schemathesis sent date_from= and got every call; the page's form sends empty
    # fields for «any», so only the API refuses them.
    CallFactory()
    client = Client()
    client.force_login(admin_user)

    api = client.get(f"/api/v1/calls/?{query}")
    page = client.get(f"/calls/?{query}")

    name = query.rstrip("=")
    assert api.status_code == 400
    error = api.json()["error"]
    assert error["code"] == "invalid" and list(error["details"]) == [name]
    assert page.status_code == 200


def test_api_category_is_documented_as_its_id(admin_user: User) -> None:
    client = Client()
    client.force_login(admin_user)
    schema = client.get("/api/schema/?format=json").json()
    (category,) = [p for p in schema["paths"]["/api/v1/calls/"]["get"]["parameters"]
                   if p["name"] == "category"]
    assert category["schema"]["type"] == "integer"


@pytest.mark.django_db
def test_a_figures_filter_shows_only_when_a_link_set_it(admin_user: User) -> None:
    """The filters only figures link to (CallFilter.FROM_FIGURES) have no control of their own:
    each appears, set, when a link brought it, so re-submitting the form keeps it."""
    from tests.factories import TagFactory

    TagFactory(code="late")
    client = client_for(admin_user)
    plain = client.get(reverse("calls:list")).content.decode()
    assert 'name="came_back_about"' not in plain and 'name="hot"' not in plain
    linked = client.get(reverse("calls:list"),
                        {"came_back_about": "late", "hot": "true"}).content.decode()
    assert 'name="came_back_about"' in linked and 'name="hot"' in linked
    assert 'name="came_back_same_tag"' not in linked
