"""GET /api/v1/taxonomy/agreement/: roles, the coefficients by their names, Russian 400s."""

from __future__ import annotations

import pytest
from sklearn.metrics import cohen_kappa_score

from project.roles import Role
from tests.calls.taxonomy.agreement.annotations import campaign, two_trainers_world
from tests.factories import UserFactory, api_client_for

pytestmark = pytest.mark.django_db

URL = "/api/v1/taxonomy/agreement/"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.ADMIN, 200),
        (Role.TRAINER, 200),
        (Role.MANAGER, 403),
        (Role.OPERATOR, 403),
    ],
)
def test_admins_and_trainers_only(role: Role, status: int) -> None:
    assert api_client_for(UserFactory(role=role)).get(URL).status_code == status


def test_the_coefficients_by_their_names() -> None:
    world = two_trainers_world()
    response = api_client_for(UserFactory(role=Role.TRAINER)).get(URL, {"campaign": "Майская"})
    assert response.status_code == 200
    data = response.json()
    assert data["campaign"] == "Майская" and data["calls"] == 4 and data["threshold"] == 0.6
    assert data["annotators"] == ["anna", "boris"]
    overall = data["overall"]
    assert overall["coefficient_name"] == "cohen_kappa"
    anna = [1, 0, 1, 1, 0, 0, 0, 1]  # the (call, tag) items: delay and refund of each call
    boris = [1, 0, 0, 1, 1, 0, 0, 1]
    assert overall["cohen_kappa"] == pytest.approx(cohen_kappa_score(anna, boris))
    assert overall["coefficient"] == overall["cohen_kappa"]
    assert {"fleiss_kappa", "krippendorff_alpha", "cohen_band", "items"} <= set(overall)
    delay = next(row for row in data["tags"] if row["tag"] == "delay")
    assert delay["cohen_kappa"] == pytest.approx(0.0) and delay["band"] == "слабое"
    assert delay["low"] is True
    assert [d["call"] for d in delay["disagreements"]] == [c.pk for c in world["calls"][1:3]]
    assert delay["disagreements"][0]["answers"] == [
        {"annotator": "anna", "chose": True, "tags": ["refund", "delay"]},
        {"annotator": "boris", "chose": False, "tags": ["refund"]},
    ]
    auto = next(r for r in data["sources"] if r["tag"] == "delay" and r["source"] == "auto")
    assert (auto["true_positives"], auto["false_positives"], auto["false_negatives"]) == (1, 1, 0)
    assert auto["precision"] == 0.5 and auto["false_positive_calls"] == [world["calls"][3].pk]
    assert 0 < auto["precision_low"] < 0.5 < auto["precision_high"] < 1


def test_an_empty_campaign_means_every_closed_one() -> None:
    two_trainers_world()
    client = api_client_for(UserFactory(role=Role.TRAINER))
    every_closed = client.get(URL).json()
    assert every_closed["calls"] > 0
    assert client.get(URL, {"campaign": ""}).json() == every_closed


def test_unknown_campaign_is_a_russian_400() -> None:
    response = api_client_for(UserFactory(role=Role.ADMIN)).get(URL, {"campaign": "Нет такой"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["details"]["campaign"] == ["Кампании «Нет такой» нет."]


def test_an_annotator_of_an_open_campaign_is_refused() -> None:
    trainer = UserFactory(role=Role.TRAINER)
    campaign("Идёт", closed=False, annotators=[trainer])
    response = api_client_for(trainer).get(URL, {"campaign": "Идёт"})
    assert response.status_code == 400
    assert "откроется, когда она закроется" in response.json()["error"]["details"]["campaign"][0]
