"""calls/models/calls.py: the QuerySets that pick calls for the pipeline by their status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from calls.models import Call
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def _with_audio(**fields: object) -> Call:
    call = CallFactory(**fields)
    call.audio.save("a.wav", ContentFile(b"x"))
    return call


def test_awaiting_transcription_is_received_or_queued_with_audio() -> None:
    received = _with_audio(status=Call.Status.RECEIVED)
    queued = _with_audio(status=Call.Status.QUEUED)
    CallFactory(status=Call.Status.QUEUED)  # an imported transcript: nothing to transcribe
    _with_audio(status=Call.Status.TRANSCRIBING)
    _with_audio(status=Call.Status.ANALYSED)

    assert set(Call.objects.awaiting_transcription()) == {received, queued}


def test_stuck_is_a_transcription_claimed_longer_ago_than_allowed() -> None:
    now = timezone.now()
    stuck = CallFactory(status=Call.Status.TRANSCRIBING, claimed_at=now - timedelta(minutes=10))
    CallFactory(status=Call.Status.TRANSCRIBING, claimed_at=now - timedelta(minutes=1))
    CallFactory(status=Call.Status.ANALYSED, claimed_at=now - timedelta(minutes=10))

    assert list(Call.objects.stuck(now=now, older_than=timedelta(minutes=5))) == [stuck]
