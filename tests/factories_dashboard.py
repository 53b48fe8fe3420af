"""Factories for the rows the manager's dashboard reads (calls/dashboard/): a call's emotion,
voice, resolution and contact link, departments and findings."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from calls.models import (
    Call,
    CallEmotion,
    CallResolution,
    CallVoice,
    ContactLink,
    Department,
    Finding,
)
from tests.factories import UserFactory


def measured_call(
    call: Call,
    *,
    hot: bool | None = None,
    silence: float | None = None,
    resolved_at: float | None = None,
    resolution: bool = False,
    contact: str | None = None,
    came_back: bool = False,
) -> Call:
    """Give a call what each figure reads; None (or False for `resolution`) leaves it out."""
    now = timezone.now()
    if hot is not None:
        CallEmotion.objects.create(call=call, analysed_at=now, emotion="neutral", score=0, hot=hot)
    if silence is not None:
        CallVoice.objects.create(call=call, analysed_at=now, heard=True, silence_share=silence)
    if resolved_at is not None or resolution:
        CallResolution.objects.create(
            call=call, analysed_at=now, resolved=resolved_at is not None, resolved_at=resolved_at
        )
    if contact is not None:
        ContactLink.objects.create(
            call=call, kind=contact, came_back=came_back, started_at=call.started_at
        )
    return call


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Отдел {n}")
    code = factory.Sequence(lambda n: f"dept{n}")


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    title = factory.Sequence(lambda n: f"Находка {n}")
    department = factory.SubFactory(DepartmentFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    created_by = factory.SubFactory(UserFactory)
