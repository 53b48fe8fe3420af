"""calls/views.py call_detail: a long transcript is shown in parts (100,000 segments made a 51 MB
page), with a note and links to the other parts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from calls.models import Segment
from tests.factories import CallFactory, client_for

pytestmark = pytest.mark.django_db


def test_the_page_renders_one_part_at_a_time(admin_user: User, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CALL_PAGE_MAX_SEGMENTS = 3
    call = CallFactory()
    Segment.objects.bulk_create(
        Segment(call=call, index=index, speaker="customer", start=index, end=index + 0.5,
                text=f"реплика-{index}")
        for index in range(7)
    )
    client = client_for(admin_user)

    first = client.get(f"/calls/{call.pk}/").content.decode()
    assert "реплика-2" in first and "реплика-3" not in first
    assert "Показаны реплики 1–3 из 7." in first and "?part=2" in first

    last = client.get(f"/calls/{call.pk}/?part=3").content.decode()
    assert "реплика-6" in last and "реплика-0" not in last and "?part=2" in last
    # Garbage in the parameter is the first part, not an error.
    assert client.get(f"/calls/{call.pk}/?part=x").status_code == 200


def test_a_short_transcript_has_no_note(admin_user: User) -> None:
    call = CallFactory()
    Segment.objects.create(call=call, index=0, speaker="customer", start=0, end=1, text="алло")

    page = client_for(admin_user).get(f"/calls/{call.pk}/").content.decode()

    assert "алло" in page and "Показаны реплики" not in page
