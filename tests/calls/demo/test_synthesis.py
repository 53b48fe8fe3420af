"""calls/demo/synthesis.py: the committed recordings match their references, and synthesis
reproduces their timing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from calls.demo.dialogs import AUDIO_DIR, Dialog, load_dialogs
from calls.demo.synthesis import missing_tools, read_manifest, synthesize_dialog

DIALOGS = load_dialogs()
MANIFEST = read_manifest()


def _decoded(path: Path) -> tuple[np.ndarray[Any, Any], int, float]:
    """Channels × samples as floats, the decoded rate, and the duration the container states."""
    with av.open(str(path)) as container:
        stated = (container.duration or 0) / av.time_base
        frames = [frame.to_ndarray() for frame in container.decode(audio=0)]
        rate = container.streams.audio[0].rate
    return np.concatenate(frames, axis=1), rate, stated


@pytest.mark.parametrize("dialog", DIALOGS, ids=lambda dialog: dialog.id)
def test_recording_matches_its_reference(dialog: Dialog) -> None:
    path = AUDIO_DIR / dialog.filename
    assert path.is_file(), "run `python manage.py synth_demo` and commit calls/demo/audio/"
    entry = MANIFEST[dialog.id]
    samples, rate, stated = _decoded(path)
    decoded_duration = samples.shape[1] / rate

    assert samples.shape[0] == 2
    assert abs(decoded_duration - entry["duration"]) < 0.1
    assert abs(stated - entry["duration"]) < 0.1
    assert 20 <= entry["duration"] <= 46

    segments = entry["segments"]
    assert [(s["speaker"], s["text"]) for s in segments] == [
        (turn.speaker, turn.text) for turn in dialog.turns
    ], "dialogs.json changed after the audio was made: run synth_demo"
    previous_end = 0.0
    for segment in segments:
        assert previous_end < segment["start"] < segment["end"] <= entry["duration"]
        previous_end = segment["end"]
        # The transcription puts the speaker by channel, so the other channel must stay quiet.
        start, end = int(segment["start"] * rate), int(segment["end"] * rate)
        left, right = (float(np.sqrt(np.mean(samples[ch, start:end] ** 2))) for ch in (0, 1))
        own, other = (left, right) if segment["speaker"] == "operator" else (right, left)
        assert own > 30 * other, f"{segment['speaker']} leaks into the other channel"


def test_manifest_lists_exactly_the_dialogs_and_audio_stays_small() -> None:
    assert set(MANIFEST) == {dialog.id for dialog in DIALOGS}
    assert {path.name for path in AUDIO_DIR.glob("*.ogg")} == {d.filename for d in DIALOGS}
    assert sum(path.stat().st_size for path in AUDIO_DIR.glob("*.ogg")) < 1_500_000


def test_synthesis_reproduces_the_committed_timing(tmp_path: Path) -> None:
    dialog = min(DIALOGS, key=lambda d: MANIFEST[d.id]["duration"])
    engine = MANIFEST[dialog.id]["engine"]
    missing = missing_tools(engine)
    if missing:
        pytest.skip(f"needs {', '.join(missing)} to synthesize")
    recording = synthesize_dialog(dialog=dialog, path=tmp_path / dialog.filename, engine=engine)

    committed = MANIFEST[dialog.id]
    assert recording.duration == pytest.approx(committed["duration"], abs=0.25)
    for made, kept in zip(recording.segments, committed["segments"], strict=True):
        assert made.start == pytest.approx(kept["start"], abs=0.25)
        assert made.end == pytest.approx(kept["end"], abs=0.25)
    samples, rate, _stated = _decoded(recording.path)
    assert abs(samples.shape[1] / rate - recording.duration) < 0.1
