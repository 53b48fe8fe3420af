"""The history the contacts pages and API tests share."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.contacts.links import contacts_link_all
from calls.models import CallResolution
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    OperatorFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def world() -> dict[str, object]:
    """Two teams; operator A's customer comes back (a repeat, about the same tag), operator B's
    does not. All calls 20 days ago (window closed)."""
    manager = UserFactory(username="manager", role=Role.MANAGER)
    team_a, team_b = TeamFactory(name="Альфа", manager=manager), TeamFactory(name="Бета")
    a = OperatorFactory(display_name="Анна", team=team_a)
    b = OperatorFactory(display_name="Борис", team=team_b)
    tag = TagFactory(code="delivery", name="Доставка")
    start = timezone.now() - timedelta(days=20)
    first = CallFactory(operator=a, customer_key="k1", started_at=start, external_id="a-first")
    again = CallFactory(operator=a, customer_key="k1", started_at=start + timedelta(days=2),
                        external_id="a-again")
    other = CallFactory(operator=b, customer_key="k2", started_at=start, external_id="b-first")
    for call in (first, again, other):
        CallTagFactory(call=call, tag=tag)
    CallResolution.objects.create(call=first, analysed_at=start, resolved=True,
                                  resolved_at=75.0, acceptance_text="понятно, спасибо")
    contacts_link_all()
    return {"manager": manager, "a": a, "b": b, "first": first, "again": again, "other": other}
