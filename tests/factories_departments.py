"""Factories for the departments' tests (calls/departments/)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import factory
from django.contrib.auth.models import User

from calls.models import (
    Call,
    CallTag,
    ContactLink,
    Department,
    Tag,
    TagEvidence,
)
from project.roles import Role
from tests.factories import CallFactory, SegmentFactory, UserFactory


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Отдел {n}")
    code = factory.Sequence(lambda n: f"dept-{n}")

    @factory.post_generation
    def tags(self, create: bool, extracted: list[Tag] | None, **kwargs: object) -> None:
        if create and extracted:
            self.tags.set(extracted)

    @factory.post_generation
    def members(self, create: bool, extracted: list[User] | None, **kwargs: object) -> None:
        if create and extracted:
            self.members.set(extracted)


def department_member(**fields: Any) -> User:
    fields.setdefault("email", f"{fields.get('username', 'member')}@example.com")
    return UserFactory(role=Role.DEPARTMENT, **fields)


def tagged_call(tag: Tag, *, started_at: datetime, words: str = "", first: bool | None = None,
                **fields: Any) -> Call:
    """An analysed call with the tag; `words` becomes the customer's segment behind it (phrase
    evidence); `first` True/False adds a ContactLink as a first contact / with a previous call."""
    call = CallFactory(started_at=started_at, **fields)
    call_tag = CallTag.objects.create(call=call, tag=tag, source=CallTag.Source.AUTO)
    if words:
        segment = SegmentFactory(call=call, index=0, speaker="customer", start=1.0, end=4.0,
                                 text=words)
        TagEvidence.objects.create(call_tag=call_tag, segment=segment, token_start=0,
                                   token_end=1, char_start=0, char_end=len(words), start=1.0,
                                   end=4.0, text=words[:40])
    if first is not None:
        previous = None if first else CallFactory(started_at=started_at.replace(year=2020))
        ContactLink.objects.create(
            call=call, previous=previous, started_at=started_at,
            kind=ContactLink.Kind.FIRST if first else ContactLink.Kind.TRANSFER,
        )
    return call
