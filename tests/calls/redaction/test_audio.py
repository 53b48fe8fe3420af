"""calls/redaction/audio.py: the redacted seconds of a real recording are silenced on every
channel, everything else is left sample for sample, the file is replaced whole, and a failure is
recorded without losing the transcript."""

from __future__ import annotations

import wave
from datetime import timedelta
from pathlib import Path

import av
import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from calls.models import Call, Redaction
from calls.redaction.audio import (
    MUTE_MAX_ATTEMPTS,
    MUTE_PAD_SECONDS,
    PendingReport,
    call_mute_audio,
    call_mute_audio_or_note,
    calls_mute_pending,
    mute_file,
    muting_intervals,
)
from calls.redaction.storage import audio_withheld
from tests.audio_samples import encode, write_wav
from tests.factories import CallFactory, LineFactory

pytestmark = pytest.mark.django_db

RATE = 8000


def _wav_samples(path: Path) -> np.ndarray:
    """(frames, channels) int16 of a PCM WAV."""
    with wave.open(str(path), "rb") as reader:
        channels = reader.getnchannels()
        data = reader.readframes(reader.getnframes())
    return np.frombuffer(data, dtype=np.int16).reshape(-1, channels)


def _decoded(path: Path) -> np.ndarray:
    """(frames, channels) int16 of any file PyAV decodes."""
    chunks = []
    with av.open(str(path)) as container:
        for frame in container.decode(audio=0):
            array = frame.to_ndarray()
            chunks.append(array.reshape(frame.samples, -1) if array.shape[0] == 1 else array.T)
    return np.concatenate(chunks)


def test_intervals_are_padded_clipped_and_merged() -> None:
    spans = [(1.0, 1.5), (1.6, 2.0), (0.1, 0.2), (9.9, 12.0)]
    assert muting_intervals(spans, pad=0.25, duration=10.0) == [
        (0.0, 0.45), (0.75, 2.25), (9.65, 10.0),
    ]
    assert muting_intervals([(11.0, 12.0)], pad=0.25, duration=10.0) == []


@pytest.mark.parametrize("channels", [1, 2])
def test_wav_span_is_zero_on_every_channel_and_the_rest_unchanged(
    tmp_path: Path, channels: int
) -> None:
    source = write_wav(tmp_path / "in.wav", 3.0, rate=RATE, channels=channels)
    target = tmp_path / "out.wav"

    result = mute_file(source=source, target=target, spans=[(1.0, 1.5)])

    before, after = _wav_samples(source), _wav_samples(target)
    assert after.shape == before.shape  # same length and channels
    with wave.open(str(target), "rb") as reader:
        assert (reader.getframerate(), reader.getnchannels()) == (RATE, channels)
    lo, hi = round((1.0 - MUTE_PAD_SECONDS) * RATE), round((1.5 + MUTE_PAD_SECONDS) * RATE)
    assert not after[lo:hi].any()
    assert before[lo:hi].any()  # there was sound to silence
    np.testing.assert_array_equal(after[:lo], before[:lo])
    np.testing.assert_array_equal(after[hi:], before[hi:])
    assert result.container == "wav" and result.codec == "pcm_s16le"
    assert result.seconds == pytest.approx(1.0)


def test_a_lossy_recording_becomes_flac_with_its_rate_and_channels(tmp_path: Path) -> None:
    source = encode(tmp_path / "in.mp3", "libmp3lame", seconds=3.0, rate=RATE, channels=2)
    target = tmp_path / "out.flac"

    result = mute_file(source=source, target=target, spans=[(1.0, 1.5)], pad=0.0)

    assert (result.container, result.codec) == ("flac", "flac")
    after, before = _decoded(target), _decoded(source)
    with av.open(str(target)) as container:
        stream = container.streams.audio[0]
        assert (stream.rate, stream.codec_context.channels) == (RATE, 2)
    assert abs(len(after) - len(before)) <= 1
    assert not after[RATE:round(1.5 * RATE)].any()
    assert after[: RATE - 100].any() and after[round(1.5 * RATE) + 100:].any()


def _call_with_wav(tmp_path: Path, **fields: object) -> Call:
    call = CallFactory(**fields)
    wav = write_wav(tmp_path / "call.wav", 3.0, rate=RATE, channels=2)
    call.audio.save("call.wav", ContentFile(wav.read_bytes()))
    call.audio_format, call.audio_codec = "wav", "pcm_s16le"
    call.save()
    return call


def test_call_mute_audio_silences_pending_redactions_and_notes_it(tmp_path: Path) -> None:
    call = _call_with_wav(tmp_path)
    original = _wav_samples(Path(call.audio.path))
    Redaction.objects.create(call=call, segment_index=0, kind="card", start=1.0, end=1.5)
    assert audio_withheld(call)

    outcome = call_mute_audio(call_id=call.pk)

    call.refresh_from_db()
    assert outcome.muted == 1
    assert call.redactions.get().muted
    assert not audio_withheld(call)
    muted = _wav_samples(Path(call.audio.path))
    lo, hi = round(0.75 * RATE), round(1.75 * RATE)
    assert not muted[lo:hi].any()
    np.testing.assert_array_equal(muted[:lo], original[:lo])
    np.testing.assert_array_equal(muted[hi:], original[hi:])
    note = call.status_changes.last()
    assert note is not None and "заглушены" in note.note and "1" in note.note
    # Nothing left beside the recording (the temporary file was moved into place).
    assert not list(Path(call.audio.path).parent.glob(".muting-*"))
    # Idempotent: nothing pending, nothing done.
    assert call_mute_audio(call_id=call.pk).muted == 0


def test_a_lossy_call_recording_is_replaced_by_flac(tmp_path: Path) -> None:
    call = CallFactory()
    mp3 = encode(tmp_path / "a.mp3", "libmp3lame", seconds=3.0, rate=RATE, channels=1)
    call.audio.save("a.mp3", ContentFile(mp3.read_bytes()))
    old_path = Path(call.audio.path)
    Redaction.objects.create(call=call, segment_index=0, kind="phone", start=1.0, end=1.5)

    call_mute_audio(call_id=call.pk)

    call.refresh_from_db()
    assert call.audio.name.endswith(".flac")
    assert (call.audio_format, call.audio_codec) == ("flac", "flac")
    assert not old_path.exists()
    assert not _decoded(Path(call.audio.path))[round(0.8 * RATE):round(1.7 * RATE)].any()


def test_the_original_is_kept_only_when_configured(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDACTION_ORIGINALS_DIR = tmp_path / "originals"
    plain = _call_with_wav(tmp_path)
    Redaction.objects.create(call=plain, segment_index=0, kind="card", start=1.0, end=1.5)
    call_mute_audio(call_id=plain.pk)
    assert not (tmp_path / "originals").exists()

    settings.REDACTION_KEEP_ORIGINAL_AUDIO = True
    kept = _call_with_wav(tmp_path)
    original = Path(kept.audio.path).read_bytes()
    Redaction.objects.create(call=kept, segment_index=0, kind="card", start=1.0, end=1.5)
    call_mute_audio(call_id=kept.pk)
    copies = list((tmp_path / "originals" / str(kept.pk)).iterdir())
    assert [copy.read_bytes() == original for copy in copies] == [True]
    # The copy is outside MEDIA_ROOT, where the web server and the audio view never look.
    assert not str(copies[0]).startswith(str(settings.MEDIA_ROOT))
    # A second pass does not overwrite the original with the muted file.
    Redaction.objects.create(call=kept, segment_index=1, kind="phone", start=2.0, end=2.2)
    call_mute_audio(call_id=kept.pk)
    assert copies[0].read_bytes() == original


def test_a_line_without_redact_audio_keeps_its_recordings(tmp_path: Path) -> None:
    call = _call_with_wav(tmp_path, line=LineFactory(code="raw", redact_audio=False))
    before = Path(call.audio.path).read_bytes()
    Redaction.objects.create(call=call, segment_index=0, kind="card", start=1.0, end=1.5)

    assert call_mute_audio(call_id=call.pk).muted == 0
    assert Path(call.audio.path).read_bytes() == before
    assert not audio_withheld(call)


def test_a_failure_is_recorded_and_the_recording_withheld(tmp_path: Path) -> None:
    call = CallFactory()
    call.audio.save("broken.wav", ContentFile(b"RIFF not really a wave file"))
    call.segments.create(index=0, speaker="customer", start=0, end=2, text="карта [карта]")
    Redaction.objects.create(call=call, segment_index=0, kind="card", start=1.0, end=1.5)

    assert not call_mute_audio_or_note(call_id=call.pk)

    call.refresh_from_db()
    assert call.segments.get().text == "карта [карта]"  # the transcript stands
    assert not call.redactions.get().muted
    assert audio_withheld(call)
    note = call.status_changes.last()
    assert note is not None and "Не удалось заглушить" in note.note
    assert Path(call.audio.path).read_bytes() == b"RIFF not really a wave file"


def test_the_schedule_retries_a_failed_muting_a_few_times(tmp_path: Path) -> None:
    call = _call_with_wav(tmp_path)
    good = call.audio.name
    call.audio.save("broken.wav", ContentFile(b"RIFF broken"))
    long_ago = timezone.now() - timedelta(hours=1)
    Redaction.objects.create(call=call, segment_index=0, kind="card", start=1.0, end=1.5,
                             created_at=long_ago)
    fresh = CallFactory()
    fresh.audio.save("fresh.wav", ContentFile(b"RIFF broken"))
    # Just stored: its pipeline may be muting it right now.
    Redaction.objects.create(call=fresh, segment_index=0, kind="card", start=1.0, end=1.5)

    assert calls_mute_pending() == PendingReport(muted=0, failed=1)
    assert call.redactions.get().mute_attempts == 1
    assert "автоматически в течение 20\u00a0минут" in call.status_changes.last().note  # type: ignore[union-attr]

    Call.objects.filter(pk=call.pk).update(audio=good)  # the disk is readable again
    assert calls_mute_pending() == PendingReport(muted=1, failed=0)
    assert call.redactions.get().muted

    Call.objects.filter(pk=call.pk).update(audio="calls/broken.wav")
    Redaction.objects.create(call=call, segment_index=1, kind="phone", start=2.0, end=2.5,
                             created_at=long_ago)
    for _attempt in range(MUTE_MAX_ATTEMPTS):
        assert calls_mute_pending().failed == 1
    assert "Автоматических повторов больше не будет" in call.status_changes.last().note  # type: ignore[union-attr]
    assert calls_mute_pending() == PendingReport(muted=0, failed=0)  # left to redact_archive


def test_of_two_workers_muting_one_call_the_second_discards_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = CallFactory()
    mp3 = encode(tmp_path / "a.mp3", "libmp3lame", seconds=3.0, rate=RATE, channels=1)
    call.audio.save("race.mp3", ContentFile(mp3.read_bytes()))
    Redaction.objects.create(call=call, segment_index=0, kind="card", start=1.0, end=1.5)
    real_mute_file = mute_file

    def meanwhile_another_worker_finishes(**kwargs: object) -> object:
        result = real_mute_file(**kwargs)  # type: ignore[arg-type]
        Redaction.objects.filter(call=call).update(muted=True)
        return result

    monkeypatch.setattr("calls.redaction.audio.mute_file", meanwhile_another_worker_finishes)
    assert call_mute_audio(call_id=call.pk).muted == 0
    call.refresh_from_db()
    assert call.audio.name.endswith("race.mp3")  # untouched by the loser
    assert Path(call.audio.path).exists()
    assert not list(Path(call.audio.path).parent.glob("race*.flac"))
