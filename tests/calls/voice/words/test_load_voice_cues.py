"""`load_voice_cues` seeds the lists from the data files and keeps trainers' edits."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from calls.models import Cue, CueKind, CueList

pytestmark = pytest.mark.django_db


def test_seeds_every_list_and_is_rerunnable() -> None:
    out = StringIO()
    call_command("load_voice_cues", stdout=out)
    assert "добавлено" in out.getvalue()
    assert set(CueList.objects.values_list("kind", flat=True)) == set(CueKind.values)
    count = Cue.objects.count()
    cue = Cue.objects.get(cue_list__kind=CueKind.ESCALATION, text="безобразие")
    cue.weight, cue.is_active = 5.0, False
    cue.save()
    call_command("load_voice_cues", stdout=StringIO())
    cue.refresh_from_db()
    assert Cue.objects.count() == count
    assert (cue.weight, cue.is_active) == (5.0, False)
