"""/api/v1/coaching/cycles/: list by visibility, start, record and undo the result, with the role
rules of the cycle pages and the API's error shape."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from calls.models import Operator, Team
from coaching.cycles.services import CONTROL_DAYS
from coaching.models import CoachingCycle, Skill
from project.roles import Role
from tests.coaching.cycles.conftest import outcomes
from tests.factories import (
    CoachingCycleFactory,
    OperatorFactory,
    SkillFactory,
    TeamFactory,
    UserFactory,
    api_client_for,
)

pytestmark = pytest.mark.django_db
Stage = CoachingCycle.Stage
URL = "/api/v1/coaching/cycles/"


@dataclass
class World:
    team: Team
    manager: User
    mine: Operator
    stranger: Operator
    skill: Skill
    due: CoachingCycle
    other_team: CoachingCycle


@pytest.fixture
def world() -> World:
    today = timezone.localdate()
    manager = UserFactory(username="boss", role=Role.MANAGER)
    team = TeamFactory(manager=manager, name="Доставка")
    mine = OperatorFactory(team=team, code="mine", display_name="Анна")
    stranger = OperatorFactory(team=TeamFactory(manager=UserFactory(role=Role.MANAGER)),
                               code="stranger")
    skill = SkillFactory(code="summary", name="Резюмирование")
    trained = today - timedelta(days=CONTROL_DAYS + 1)
    due = CoachingCycleFactory(operator=mine, skill=skill, stage=Stage.CONTROL,
                               baseline_from=trained - timedelta(days=30),
                               baseline_to=trained - timedelta(days=1), trained_on=trained,
                               control_due=trained + timedelta(days=CONTROL_DAYS))
    outcomes(mine, skill, trained - timedelta(days=5), shown=1, not_shown=3)
    outcomes(mine, skill, trained + timedelta(days=2), shown=3, not_shown=1)
    other_team = CoachingCycleFactory(operator=stranger, skill=skill)
    return World(team=team, manager=manager, mine=mine, stranger=stranger, skill=skill, due=due,
                 other_team=other_team)


def _ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_the_list_follows_who_sees_which_cycles(world: World) -> None:
    assert _ids(api_client_for(world.manager).get(URL)) == {world.due.pk}
    assert _ids(api_client_for(UserFactory(role=Role.TRAINER)).get(URL)) == {
        world.due.pk, world.other_team.pk}
    assert world.mine.user is not None
    assert _ids(api_client_for(world.mine.user).get(URL)) == {world.due.pk}
    assert _ids(api_client_for(world.stranger.user).get(URL)) == {world.other_team.pk}
    no_role = api_client_for(UserFactory()).get(URL)
    assert no_role.status_code == 403 and no_role.json()["error"]["code"] == "permission_denied"


def test_the_list_filters_and_its_shape(world: World) -> None:
    client = api_client_for(UserFactory(role=Role.ADMIN))
    assert _ids(client.get(URL, {"team": world.team.pk})) == {world.due.pk}
    assert _ids(client.get(URL, {"status": "open", "operator": "stranger"})) == {
        world.other_team.pk}
    assert _ids(client.get(URL, {"status": "closed"})) == set()
    assert _ids(client.get(URL, {"stage": "control", "skill": "summary"})) == {world.due.pk}
    for bad_query in ({"stage": "maybe"}, {"team": "9" * 30}, {"team": "0"}, {"status": ""}):
        bad = client.get(URL, bad_query)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid", bad_query
    row = client.get(f"{URL}{world.due.pk}/").json()
    assert row["operator"] == {"code": "mine", "name": "Анна"}
    assert row["team"] == {"id": world.team.pk, "name": "Доставка"}
    assert (row["stage"], row["result"], row["url"]) == (
        "control", None, f"/coaching/cycles/{world.due.pk}/")


def test_a_manager_starts_a_cycle_for_their_team_only(world: World) -> None:
    client = api_client_for(world.manager)
    today = timezone.localdate()
    skill = SkillFactory(code="greeting")
    body = {"operator": "mine", "skill": "greeting",
            "baseline_from": (today - timedelta(days=30)).isoformat(),
            "baseline_to": today.isoformat()}
    empty = client.post(URL, body, format="json")
    assert empty.status_code == 400 and empty.json()["error"]["code"] == "empty_baseline"
    outcomes(world.mine, skill, today - timedelta(days=3), shown=1)
    created = client.post(URL, body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["stage"] == "listen" and created.json()["skill"]["code"] == "greeting"
    again = client.post(URL, body, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "open_cycle"
    other = client.post(URL, {**body, "operator": "stranger"}, format="json")
    assert other.status_code == 400
    assert other.json()["error"]["details"] == {"operator": ["Оператор не найден или вам "
                                                             "недоступен."]}
    reversed_period = client.post(URL, {**body, "baseline_from": today.isoformat(),
                                        "baseline_to": (today - timedelta(days=1)).isoformat()},
                                  format="json")
    assert reversed_period.status_code == 400


def test_an_operator_cannot_start_or_record(world: World) -> None:
    assert world.mine.user is not None
    client = api_client_for(world.mine.user)
    today = timezone.localdate().isoformat()
    started = client.post(URL, {"operator": "mine", "skill": "summary", "baseline_from": today,
                                "baseline_to": today}, format="json")
    assert started.status_code == 403
    recorded = client.post(f"{URL}{world.due.pk}/result/", {}, format="json")
    assert recorded.status_code == 403 and recorded.json()["error"]["code"] == "permission_denied"
    world.due.refresh_from_db()
    assert world.due.stage == Stage.CONTROL


def test_a_method_a_view_does_not_take_is_405(world: World) -> None:
    client = api_client_for(world.manager)
    assert client.generic("TRACE", f"{URL}{world.due.pk}/").status_code == 405
    assert client.delete(f"{URL}{world.due.pk}/").status_code == 405


def test_another_teams_cycle_is_404(world: World) -> None:
    client = api_client_for(world.manager)
    for response in (client.get(f"{URL}{world.other_team.pk}/"),
                     client.post(f"{URL}{world.other_team.pk}/result/", {}, format="json"),
                     client.post(f"{URL}{world.other_team.pk}/result/undo/")):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_recording_and_undoing_the_result(world: World) -> None:
    client = api_client_for(world.manager)
    trained = world.due.trained_on
    assert trained is not None
    early = client.post(f"{URL}{world.due.pk}/result/",
                        {"controlled_on": (trained - timedelta(days=1)).isoformat()},
                        format="json")
    assert early.status_code == 400 and early.json()["error"]["code"] == "too_early"
    assert "раньше даты обучения" in early.json()["error"]["message"]
    recorded = client.post(f"{URL}{world.due.pk}/result/", {}, format="json")
    assert recorded.status_code == 200, recorded.content
    result = recorded.json()["result"]
    assert (result["before_shown"], result["before_calls"], result["after_shown"],
            result["after_calls"]) == (1, 4, 3, 4)
    assert result["verdict"] == "too_few" and result["recorded_by"] == "boss"
    assert result["controlled_on"] == timezone.localdate().isoformat()
    assert recorded.json()["can_undo_result"] is True
    # Another person who runs cycles cannot take it back.
    trainer = api_client_for(UserFactory(role=Role.TRAINER))
    assert trainer.get(f"{URL}{world.due.pk}/").json()["can_undo_result"] is False
    refused = trainer.post(f"{URL}{world.due.pk}/result/undo/")
    assert refused.status_code == 403
    assert "только тот, кто его записал" in refused.json()["error"]["message"]
    undone = client.post(f"{URL}{world.due.pk}/result/undo/")
    assert undone.status_code == 200
    assert (undone.json()["stage"], undone.json()["result"]) == ("control", None)
    twice = client.post(f"{URL}{world.due.pk}/result/undo/")
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "not_recorded"


def test_the_schema_documents_the_cycle_api(admin_user: User) -> None:
    schema = api_client_for(admin_user).get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert set(paths[URL]) == {"get", "post"}
    assert {"201", "409"} <= set(paths[URL]["post"]["responses"])
    assert "403" in paths[URL]["get"]["responses"]
    assert "403" in paths[URL + "{id}/result/undo/"]["post"]["responses"]
    components = schema["components"]["schemas"]
    assert {"CycleCreateInput", "CycleOutput", "CycleResultInput"} <= set(components)
