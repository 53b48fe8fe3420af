"""The reasons customers came back, on a history built by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calls.contacts.queries import repeat_reasons
from calls.models import Call, ContactLink
from project.roles import Role
from tests.factories import CallFactory, CallTagFactory, TagFactory, UserFactory, client_for

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 10, tzinfo=UTC)


def _repeat(first: Call, *, days: int) -> Call:
    call = CallFactory(started_at=first.started_at + timedelta(days=days))
    ContactLink.objects.create(call=call, kind=ContactLink.Kind.REPEAT, previous=first,
                               repeat_of=first, started_at=call.started_at,
                               gap_seconds=days * 86400)
    ContactLink.objects.update_or_create(call=first, defaults={
        "kind": ContactLink.Kind.FIRST, "came_back": True, "started_at": first.started_at})
    return call


def test_repeats_are_ranked_by_the_tags_of_the_call_they_repeat() -> None:
    delivery, billing = TagFactory(name="Доставка"), TagFactory(name="Оплата")
    first_a, first_b, first_c = CallFactory.create_batch(3, started_at=T0)
    CallTagFactory(call=first_a, tag=delivery, source="auto")
    CallTagFactory(call=first_a, tag=delivery, source="manual")  # counted once
    CallTagFactory(call=first_b, tag=delivery)
    CallTagFactory(call=first_c, tag=billing)
    again = _repeat(first_a, days=1)
    CallTagFactory(call=again, tag=delivery)
    _repeat(first_a, days=3)
    _repeat(first_b, days=2)
    _repeat(first_c, days=2)

    reasons = repeat_reasons(calls=Call.objects.all())

    assert [(r.tag.name, r.repeats, r.same_tag) for r in reasons] == [
        ("Доставка", 3, 1), ("Оплата", 1, 0)]
    assert reasons[0].share == pytest.approx(3 / 4)
    assert len(reasons[0].examples) == 3 and all(first in {first_a.pk, first_b.pk}
                                                 for _repeat_id, first in reasons[0].examples)


def test_only_the_repeats_among_the_calls_given_count() -> None:
    tag = TagFactory()
    first = CallFactory(started_at=T0)
    CallTagFactory(call=first, tag=tag)
    repeat = _repeat(first, days=2)
    assert repeat_reasons(calls=Call.objects.exclude(pk=repeat.pk)) == []


def test_the_call_list_opens_the_repeats_of_a_reason() -> None:
    tag = TagFactory(code="late")
    first = CallFactory(started_at=T0)
    CallTagFactory(call=first, tag=tag)
    repeat = _repeat(first, days=2)
    admin = UserFactory(role=Role.ADMIN)
    page = client_for(admin).get("/calls/", {"repeat_of_tag": "late", "contact": "repeat"})
    assert page.status_code == 200
    assert [call.pk for call in page.context["page"].object_list] == [repeat.pk]
