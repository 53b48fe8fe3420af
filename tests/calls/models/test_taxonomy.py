"""calls/models/taxonomy.py: the QuerySets of call tags."""

from __future__ import annotations

import pytest

from calls.models import CallTag
from tests.factories import CallTagFactory

pytestmark = pytest.mark.django_db


def test_call_tags_split_by_source() -> None:
    auto = CallTagFactory(source=CallTag.Source.AUTO)
    manual = CallTagFactory(source=CallTag.Source.MANUAL)

    assert list(CallTag.objects.auto()) == [auto]
    assert list(CallTag.objects.manual()) == [manual]
