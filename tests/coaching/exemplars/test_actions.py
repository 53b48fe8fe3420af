"""«Добавить в образцовые» on the call page: on the call, every transcript segment and every
evidence chip (tags, objections), for trainers and admins only, leading to the save page
pre-filled with the moment."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import User

from calls.extensions import Moment
from calls.models import Call, CallTag, Operator, TagEvidence
from coaching.exemplars.actions import save_url
from project.roles import Role
from tests.factories import (
    CallTagFactory,
    ObjectionFactory,
    ObjectionHitFactory,
    OperatorFactory,
    TeamFactory,
    UserFactory,
    call_with_segments,
    client_for,
)

LABEL = "Добавить в образцовые"


@pytest.fixture
def manager(db: None) -> User:
    return UserFactory(username="manager", role=Role.MANAGER)


@pytest.fixture
def operator(manager: User) -> Operator:
    return OperatorFactory(team=TeamFactory(manager=manager))


@pytest.fixture
def call(operator: Operator) -> Call:
    """Three segments; a tag found in the first, the objection «Дорого» in the second and
    answered in the third."""
    call = call_with_segments(("customer", "Хочу узнать про тариф"), ("customer", "Это дорого"),
                              ("operator", "Давайте посчитаем"), operator=operator)
    first, second, _third = call.segments.order_by("index")
    call_tag = CallTagFactory(call=call, source=CallTag.Source.AUTO)
    TagEvidence.objects.create(call_tag=call_tag, segment=first, token_start=2, token_end=3,
                               char_start=5, char_end=12, start=0.5, end=1.5, text="узнать")
    ObjectionHitFactory(call=call, segment=second, objection=ObjectionFactory(name="Дорого"),
                        reply_start=10.0, reply_end=14.0, reply_text="Давайте посчитаем")
    return call


def _links(html: str) -> list[dict[str, list[str]]]:
    found = []
    for chunk in html.split('data-moment-action="exemplar"')[:-1]:
        href = chunk.rsplit('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
        found.append(parse_qs(urlsplit(href).query))
    return found


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN])
def test_trainers_and_admins_get_the_button_on_every_moment(call: Call, role: Role) -> None:
    html = client_for(UserFactory(role=role)).get(f"/calls/{call.pk}/").content.decode()
    assert LABEL in html
    links = _links(html)
    # The whole call, three segments, one tag chip, one objection chip.
    assert len(links) == 6
    starts = [link["start"][0] for link in links]
    assert starts == ["0", "0", "5", "10", "0.5", "5"]
    for link in links:
        assert link["call"] == [str(call.pk)]
        assert link["next"][0].startswith(f"/calls/{call.pk}/")
    objection_link = links[-1]
    hit = call.objection_hits.get()
    assert objection_link["objection"] == [str(hit.objection_id)]
    # The moment of handling an objection runs to the end of the reply.
    assert objection_link["end"] == ["14"]
    assert links[4]["end"] == ["1.5"] and "objection" not in links[4]


def test_an_operator_and_a_manager_get_no_button(call: Call, operator: Operator,
                                                  manager: User) -> None:
    for user in (operator.user, manager):
        response = client_for(user).get(f"/calls/{call.pk}/")
        assert response.status_code == 200
        assert LABEL not in response.content.decode()
        assert "data-moment-action" not in response.content.decode()


def test_the_save_url_names_the_moment_and_the_way_back(call: Call) -> None:
    url = save_url(Moment(call=call, start=12.25, end=None, segment=2,
                          subject=("objection", 7)))
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).path == "/coaching/exemplars/save/"
    assert query == {"call": [str(call.pk)], "start": ["12.25"], "objection": ["7"],
                     "next": [f"/calls/{call.pk}/#t=12.2"]}
    # A tag is not something an exemplar keeps: the subject is left out.
    assert "tag" not in save_url(Moment(call=call, start=0, subject=("tag", 3)))
