"""calls/redaction/storage.py: the record of what was hidden, the call page's notice, and when a
recording is withheld."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from calls.models import Redaction
from calls.redaction.storage import (
    audio_withheld,
    redaction_notice,
    redactions_record,
)
from calls.redaction.transcript import EntityKind, RedactedSpan
from tests.factories import CallFactory, LineFactory

pytestmark = pytest.mark.django_db


def _spans(*kinds: EntityKind) -> list[RedactedSpan]:
    return [RedactedSpan(kind=kind, segment=n, start=float(n), end=n + 0.5)
            for n, kind in enumerate(kinds)]


def test_the_notice_counts_and_names_the_kinds_in_russian() -> None:
    call = CallFactory()
    assert redaction_notice(call) == ""
    redactions_record(call_id=call.pk,
                      spans=_spans(EntityKind.CARD, EntityKind.PHONE, EntityKind.CARD),
                      replace=True)
    assert redaction_notice(call) == "Скрыто персональных данных: 3 (карта, телефон)"


def test_a_new_transcription_replaces_the_record_and_an_archive_pass_adds_to_it() -> None:
    call = CallFactory()
    redactions_record(call_id=call.pk, spans=_spans(EntityKind.CARD), replace=True)
    redactions_record(call_id=call.pk, spans=_spans(EntityKind.EMAIL), replace=False)
    assert sorted(call.redactions.values_list("kind", flat=True)) == ["card", "email"]
    redactions_record(call_id=call.pk, spans=_spans(EntityKind.SNILS), replace=True)
    assert list(call.redactions.values_list("kind", flat=True)) == ["snils"]


def test_only_an_unmuted_recording_on_a_muting_line_is_withheld() -> None:
    call = CallFactory()
    Redaction.objects.create(call=call, segment_index=0, kind="card", start=1, end=2)
    assert not audio_withheld(call)  # no recording: an imported transcript
    call.audio.save("a.wav", ContentFile(b"x"))
    assert audio_withheld(call)
    call.redactions.update(muted=True)
    assert not audio_withheld(call)

    keeps = CallFactory(line=LineFactory(code="keeps", redact_audio=False))
    keeps.audio.save("b.wav", ContentFile(b"y"))
    Redaction.objects.create(call=keeps, segment_index=0, kind="card", start=1, end=2)
    assert not audio_withheld(keeps)
