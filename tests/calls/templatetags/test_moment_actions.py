"""Moment actions (calls/extensions.py) and `{% moment_actions %}`: what later apps add next to a
moment of the call page, shown to those each action allows."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.test import RequestFactory

from calls import extensions
from calls.extensions import Moment, MomentAction, moment_actions, register_moment_action
from project.roles import Role, has_role
from tests.factories import (
    CallFactory,
    OperatorFactory,
    UserFactory,
    call_with_segments,
    client_for,
)


def _url(moment: Moment) -> str:
    subject = f"&{moment.subject[0]}={moment.subject[1]}" if moment.subject else ""
    return (f"/x/?call={moment.call.pk}&start={moment.start:g}&end={moment.end}"
            f"&segment={moment.segment}{subject}")


MARK = MomentAction(name="mark", label="Отметить", url=_url,
                    allowed=lambda user: has_role(user, Role.TRAINER))
EVERYONE = MomentAction(name="share", label="Поделиться", url=lambda m: "/share/",
                        allowed=lambda user: True)


@pytest.fixture
def actions(db: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only what a test registers (the coaching app's real action is tested there)."""
    monkeypatch.setattr(extensions, "_moment_actions", {})
    yield


def test_registering_twice_is_harmless_but_two_under_one_name_are_refused(
        actions: None) -> None:
    register_moment_action(MARK)
    register_moment_action(MARK)
    with pytest.raises(ImproperlyConfigured):
        register_moment_action(MomentAction(name="mark", label="Другое", url=_url,
                                            allowed=MARK.allowed))
    register_moment_action(EVERYONE)
    trainer = UserFactory(role=Role.TRAINER)
    assert moment_actions(trainer) == [MARK, EVERYONE]
    assert moment_actions(UserFactory(role=Role.OPERATOR)) == [EVERYONE]


def _render(user: object, source: str, **context: object) -> str:
    request = RequestFactory().get("/")
    request.user = user  # type: ignore[assignment]
    return Template("{% load moment_actions %}" + source).render(
        Context({"request": request, **context}))


def test_the_tag_renders_the_allowed_actions_with_the_moment(actions: None) -> None:
    register_moment_action(MARK)
    call = CallFactory()
    html = _render(UserFactory(role=Role.TRAINER),
                   '{% moment_actions call 12.5 20 segment=3 subject="objection" subject_id=7 '
                   'label="дорого" %}', call=call)
    assert (f'href="/x/?call={call.pk}&amp;start=12.5&amp;end=20.0&amp;segment=3'
            '&amp;objection=7"') in html
    assert 'data-moment-action="mark"' in html
    assert 'aria-label="Отметить: дорого"' in html
    # Whole call: no end, no segment, no subject.
    whole = _render(UserFactory(role=Role.TRAINER), "{% moment_actions call 0 %}", call=call)
    assert "start=0&amp;end=None&amp;segment=None\"" in whole


def test_the_tag_renders_nothing_for_those_no_action_allows(actions: None) -> None:
    register_moment_action(MARK)
    call = CallFactory()
    assert _render(UserFactory(role=Role.OPERATOR), "{% moment_actions call 1 %}",
                   call=call) == ""
    assert _render(AnonymousUser(), "{% moment_actions call 1 %}", call=call) == ""


def test_the_call_page_offers_the_actions_on_the_call_and_each_segment(actions: None) -> None:
    register_moment_action(MARK)
    operator = OperatorFactory()
    call = call_with_segments(("customer", "Здравствуйте"), ("operator", "Добрый день"),
                              operator=operator)
    html = client_for(UserFactory(role=Role.TRAINER)).get(f"/calls/{call.pk}/").content.decode()
    # The whole call (in the player card) and each of the two segments.
    assert html.count('data-moment-action="mark"') == 3
    assert f"/x/?call={call.pk}&amp;start=0&amp;end=None&amp;segment=None" in html
    assert f"/x/?call={call.pk}&amp;start=5&amp;end=9.0&amp;segment=1" in html
    own = client_for(operator.user).get(f"/calls/{call.pk}/").content.decode()
    assert "data-moment-action" not in own
