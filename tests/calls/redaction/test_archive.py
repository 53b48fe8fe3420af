"""calls/redaction/archive.py: calls stored before redaction are redacted in chunks, in the
background, resumable from the cursor, with progress; a second run changes nothing."""

from __future__ import annotations

import re
import wave
from pathlib import Path

import numpy as np
import pytest
from django.core.files.base import ContentFile

from calls.models import Call, CallTag, RedactionRun, TagEvidence
from calls.redaction import archive
from calls.redaction.archive import (
    NothingToResume,
    RedactionAlreadyRunning,
    redaction_resume,
    redaction_run_slice,
    redaction_start,
)
from calls.taxonomy.tagging import calls_autotag
from tests.audio_samples import write_wav
from tests.factories import CallFactory, KeyPhraseFactory, SegmentFactory, call_with_segments

pytestmark = pytest.mark.django_db

CARD = "4276 3801 2345 6787"  # Luhn-valid
LEAKS = re.compile(r"4276|3801|2345|6787|916")


def _raw_call(**fields: object) -> Call:
    """A call stored before redaction existed: the number is in the text as spoken."""
    return call_with_segments(("operator", "Слушаю"), ("customer", f"моя карта {CARD} спасибо"),
                              **fields)


def _run(**options: object) -> RedactionRun:
    run = redaction_start(enqueue=False, **options)  # type: ignore[arg-type]
    redaction_run_slice(run_id=run.pk, seconds=None)
    run.refresh_from_db()
    return run


def test_the_archive_is_redacted_and_a_second_run_changes_nothing() -> None:
    raw = [_raw_call() for _ in range(3)]
    clean = call_with_segments(("customer", "Всё хорошо"))

    run = _run()

    assert (run.status, run.total, run.done, run.changed) == ("done", 4, 4, 3)
    for call in raw:
        text = call.segments.get(index=1).text
        assert text == "моя карта [карта] спасибо"
        assert list(call.redactions.values_list("segment_index", "kind")) == [(1, "card")]
        assert any("Скрыты персональные данные" in c.note for c in call.status_changes.all())
    assert clean.segments.get().text == "Всё хорошо"

    again = _run()
    assert (again.status, again.done, again.changed, again.muted) == ("done", 4, 0, 0)
    assert sum(call.redactions.count() for call in raw) == 3


def test_tag_evidence_quoting_the_number_is_rebuilt() -> None:
    KeyPhraseFactory(text="карта спасибо", speaker="customer", max_gap=5)
    call = _raw_call()
    calls_autotag(call_ids=[call.pk])
    assert LEAKS.search(TagEvidence.objects.get(call_tag__call=call).text)

    _run()

    evidence = TagEvidence.objects.get(call_tag__call=call)
    assert not LEAKS.search(evidence.text)
    assert CallTag.objects.filter(call=call).count() == 1


def test_recordings_are_muted_with_the_text(tmp_path: Path) -> None:
    call = CallFactory()
    call.audio.save("a.wav", ContentFile(write_wav(tmp_path / "a.wav", 4.0).read_bytes()))
    words = [{"word": w, "start": 1.0 + n * 0.3, "end": 1.25 + n * 0.3}
             for n, w in enumerate(["карта", *CARD.split()])]
    SegmentFactory(call=call, index=0, start=1.0, end=2.6, text=f"карта {CARD}", words=words)
    no_audio = CallFactory(line=call.line)
    SegmentFactory(call=no_audio, index=0, text=f"карта {CARD}")

    run = _run()

    assert (run.changed, run.muted, run.audio_failed) == (2, 1, 0)
    start, end = call.redactions.values_list("start", "end").get()
    assert (start, end) == pytest.approx((1.3, 2.45))
    with wave.open(call.audio.path, "rb") as reader:
        samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16)
    assert not samples[round((start - 0.25) * 8000):round((end + 0.25) * 8000)].any()
    assert samples[: round(1.0 * 8000)].any()
    assert not LEAKS.search(" ".join(w["word"] for w in call.segments.get().words))


def test_no_audio_redacts_the_text_and_a_later_run_mutes(tmp_path: Path) -> None:
    call = CallFactory()
    call.audio.save("a.wav", ContentFile(write_wav(tmp_path / "a.wav", 4.0).read_bytes()))
    SegmentFactory(call=call, index=0, start=1.0, end=3.0, text=f"карта {CARD}")
    before = Path(call.audio.path).read_bytes()

    first = _run(audio=False)
    assert (first.changed, first.muted) == (1, 0)
    assert Path(call.audio.path).read_bytes() == before

    second = _run()
    assert (second.changed, second.muted) == (0, 1)
    assert call.redactions.get().muted


def test_a_run_stopped_between_chunks_resumes_from_its_cursor(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(archive, "CHUNK_SIZE", 2)
    calls = [_raw_call() for _ in range(5)]
    run = redaction_start(enqueue=False)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert not redaction_run_slice(run_id=run.pk, seconds=0)  # one chunk, then time is up
    run.refresh_from_db()
    assert (run.status, run.done, run.cursor) == ("running", 2, calls[1].pk)
    assert len(queued) == 1  # its continuation
    assert "[карта]" in calls[1].segments.get(index=1).text
    assert LEAKS.search(calls[2].segments.get(index=1).text)

    # The cluster died with the continuation; an hour later the run is resumed by hand.
    RedactionRun.objects.filter(pk=run.pk).update(
        heartbeat_at=run.heartbeat_at.replace(year=2020)  # type: ignore[union-attr]
    )
    resumed = redaction_resume(enqueue=False)
    assert resumed.pk == run.pk and resumed.status == "running"
    redaction_run_slice(run_id=run.pk, seconds=None)
    run.refresh_from_db()
    assert (run.status, run.done, run.changed) == ("done", 5, 5)
    assert all("[карта]" in call.segments.get(index=1).text for call in calls)


def test_one_run_at_a_time_and_nothing_to_resume() -> None:
    with pytest.raises(NothingToResume):
        redaction_resume(enqueue=False)
    redaction_start(enqueue=False)
    with pytest.raises(RedactionAlreadyRunning):
        redaction_start(enqueue=False)


def test_a_failing_chunk_fails_the_run_with_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    _raw_call()
    run = redaction_start(enqueue=False)

    def broken(segments: object) -> None:
        raise ValueError("detector bug")

    monkeypatch.setattr(archive, "redact_segments", broken)
    with pytest.raises(ValueError, match="detector bug"):
        redaction_run_slice(run_id=run.pk, seconds=None)
    run.refresh_from_db()
    assert (run.status, run.error, run.done) == ("failed", "detector bug", 0)
    monkeypatch.undo()
    resumed = redaction_resume(enqueue=False)
    redaction_run_slice(run_id=resumed.pk, seconds=None)
    resumed.refresh_from_db()
    assert (resumed.status, resumed.done, resumed.changed) == ("done", 1, 1)
