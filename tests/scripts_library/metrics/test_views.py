import pytest

from project.roles import Role
from tests.factories import UserFactory, client_for
from tests.scripts_library.metrics.conftest import World


def test_metrics_page_shows_numbers_that_open_their_calls(world: World) -> None:
    client = client_for(UserFactory(username="trainer", role=Role.TRAINER))
    response = client.get("/library/metrics/", {"date_from": "2026-10-01",
                                                "date_to": "2026-10-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Метрики библиотеки" in html and "Слишком дорого" in html and "Блок X" in html
    assert "date_from=2026-10-01&amp;date_to=2026-10-31&amp;objection=price" in html
    assert "cdn" not in html.lower()


def test_metrics_page_bad_filter_is_an_error_not_a_500(world: World) -> None:
    client = client_for(UserFactory(username="trainer", role=Role.TRAINER))
    response = client.get("/library/metrics/", {"date_from": "2026-11-01",
                                                "date_to": "2026-10-01"})
    assert response.status_code == 200
    assert "Конец периода раньше его начала" in response.content.decode()


def _call_ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    return {call.pk for call in response.context["page"].object_list}


def test_calls_behind_a_number(world: World) -> None:
    client = client_for(UserFactory(username="trainer", role=Role.TRAINER))
    c = world.calls
    with_price = client.get("/library/metrics/calls/", {"objection": "price"})
    assert _call_ids(with_price) == {c["c1"].pk, c["c2"].pk}
    assert f'/calls/{c["c1"].pk}/#t=12.5' in with_price.content.decode()
    assert _call_ids(client.get("/library/metrics/calls/", {"objection": "price",
                                                            "without": "on"})) == {
        c["c3"].pk, c["c4"].pk}
    assert _call_ids(client.get("/library/metrics/calls/", {"objection": "price",
                                                            "outcome": "sale"})) == {c["c1"].pk}
    assert _call_ids(client.get("/library/metrics/calls/", {"objection": "price",
                                                            "repeated": "on"})) == {c["c1"].pk}
    assert _call_ids(client.get("/library/metrics/calls/", {"theme": world.theme.pk})) == {
        c["c1"].pk, c["c2"].pk, c["c3"].pk}
    assert _call_ids(client.get("/library/metrics/calls/", {"block": world.x.pk})) == {
        c["c1"].pk, c["c2"].pk}
    refused = client.get("/library/metrics/calls/", {"objection": "price",
                                                     "block": world.x.pk})
    assert refused.status_code == 200 and refused.context["page"] is None


def test_operator_opens_only_own_calls(world: World) -> None:
    client = client_for(world.op1.user)
    assert _call_ids(client.get("/library/metrics/calls/", {"objection": "price"})) == {
        world.calls["c1"].pk}
    page = client.get("/library/metrics/", {"operator": world.op2.pk})
    assert "Выберите корректный вариант" in page.content.decode()


def test_pages_need_login(world: World) -> None:
    from django.test import Client

    assert Client().get("/library/metrics/").status_code == 302


@pytest.fixture
def api(world: World):  # type: ignore[no-untyped-def]
    from tests.factories import api_client_for

    return api_client_for(UserFactory(username="trainer", role=Role.TRAINER))


def test_api_metrics(api, world: World) -> None:  # type: ignore[no-untyped-def]
    response = api.get("/api/v1/library/metrics/", {"date_from": "2026-10-01",
                                                    "date_to": "2026-10-31",
                                                    "line": "sales"})
    assert response.status_code == 200
    body = response.json()
    assert body["calls"] == 4
    assert body["period"] == {"date_from": "2026-10-01", "date_to": "2026-10-31"}
    price = next(o for o in body["objections"] if o["code"] == "price")
    assert price["calls"] == 2 and price["conversion"] == 0.5
    assert price["aht_with"] == 150 and price["aht_without"] == 350
    assert price["repeated_rate"] == 0.5
    assert price["conversion_low"] == pytest.approx(0.0945, abs=1e-4)
    block = next(b for b in body["blocks"] if b["id"] == world.x.pk)
    assert (block["inserted"], block["calls"], block["sales"]) == (3, 2, 1)


@pytest.mark.parametrize("params", [
    {"date_from": "вчера"}, {"date_from": ""}, {"team": "abc"}, {"team": "0"},
    {"line": "nope"}, {"operator": "999999"},
    {"date_from": "2026-11-01", "date_to": "2026-10-01"},
])
def test_api_bad_params_are_400_in_the_common_shape(api, params) -> None:  # type: ignore[no-untyped-def]
    response = api.get("/api/v1/library/metrics/", params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_api_operator_cannot_ask_for_another_operator(world: World) -> None:
    from tests.factories import api_client_for

    client = api_client_for(world.op1.user)
    assert client.get("/api/v1/library/metrics/",
                      {"operator": world.op2.pk}).status_code == 400
    body = client.get("/api/v1/library/metrics/").json()
    assert body["calls"] == 1
    assert next(o for o in body["objections"] if o["code"] == "price")["calls"] == 1


def test_api_needs_login(world: World) -> None:
    from rest_framework.test import APIClient

    assert APIClient().get("/api/v1/library/metrics/").status_code == 401


def test_api_schema_documents_the_endpoint(api) -> None:  # type: ignore[no-untyped-def]
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/library/metrics/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"date_from", "date_to", "line", "team", "operator"}
    assert {"200", "400", "401"} <= set(operation["responses"])


def test_calls_in_the_sample_open_exactly_those_calls(world: World) -> None:
    client = client_for(UserFactory(username="trainer", role=Role.TRAINER))
    period = {"date_from": "2026-10-01", "date_to": "2026-10-31"}
    page = client.get("/library/metrics/", period)
    total = page.context["calls_total"]
    link = ('<a href="/library/metrics/calls/?date_from=2026-10-01&amp;date_to=2026-10-31" '
            f'data-count="calls_total">{total}</a>')
    assert link in page.content.decode()
    listed = client.get("/library/metrics/calls/", period)
    assert listed.context["page"].paginator.count == total
    # «Без» and «повтор» need a group.
    refused = client.get("/library/metrics/calls/", {**period, "without": "on"})
    assert refused.context["page"] is None


def test_a_manager_of_an_empty_team_counts_and_opens_nothing_of_others(world: World) -> None:
    from tests.factories import TeamFactory, api_client_for

    manager = UserFactory(username="empty", role=Role.MANAGER)
    TeamFactory(manager=manager)
    client = client_for(manager)
    page = client.get("/library/metrics/")
    assert page.context["calls_total"] == 0
    assert all(row["metrics"].calls == 0 for row in page.context["objections"])
    assert page.context["blocks"] == []
    for params in ({"objection": "price"}, {"block": world.x.pk}, {}):
        listed = client.get("/library/metrics/calls/", params)
        assert listed.context["page"].paginator.count == 0
    body = api_client_for(manager).get("/api/v1/library/metrics/").json()
    assert body["calls"] == 0 and all(b["inserted"] == 0 for b in body["blocks"])


def test_a_manager_of_another_team_counts_their_team_only(world: World) -> None:
    from tests.factories import api_client_for

    boss = world.team2.manager
    client = client_for(boss)  # type: ignore[arg-type]
    page = client.get("/library/metrics/")
    assert page.context["calls_total"] == 3  # c2, c3, c4: op2's
    price = next(r for r in page.context["objections"] if r["metrics"].code == "price")
    assert price["metrics"].calls == 1  # c2; c1 is op1's
    listed = client.get("/library/metrics/calls/", {"objection": "price"})
    assert {c.pk for c in listed.context["page"].object_list} == {world.calls["c2"].pk}
    blocks = {r["metrics"].block.pk: r["metrics"] for r in page.context["blocks"]}
    assert (blocks[world.x.pk].inserted, blocks[world.x.pk].calls) == (1, 1)
    assert world.y.pk not in blocks
    body = api_client_for(boss).get("/api/v1/library/metrics/").json()  # type: ignore[arg-type]
    assert body["calls"] == 3
