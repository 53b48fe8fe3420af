"""The telephone channel recipe: 8 kHz G.711 or GSM audio of the source's length, noise at the
asked SNR, the same file from the same source."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from calls.audio import probe_audio
from calls.demo.telephone import (
    CONDITIONS,
    CONDITIONS_BY_NAME,
    TELEPHONE_RATE,
    Condition,
    degrade,
    read_channels,
    speech_rms,
    telephone_version,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "audio"

pytestmark = pytest.mark.skipif(shutil.which("sox") is None, reason="sox is not installed")


def _soxi(path: Path, flag: str) -> str:
    return subprocess.run(["soxi", flag, str(path)], capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.mark.parametrize(("codec", "encoding"), [("ulaw", "u-law"), ("alaw", "a-law")])
def test_g711_version_is_8_khz_companded_audio_of_the_source_length(tmp_path, codec, encoding):
    source = FIXTURES / "dialog_stereo.ogg"
    target = telephone_version(source, tmp_path / "line.wav",
                               Condition("test", codec, snr_db=20))

    info = probe_audio(target)
    assert info.sample_rate == TELEPHONE_RATE
    assert info.channels == 2
    assert info.duration == pytest.approx(probe_audio(source).duration, abs=0.01)
    assert encoding in _soxi(target, "-e").lower()
    assert _soxi(target, "-b") == "8"


def test_gsm_version_is_8_khz_and_keeps_both_channels(tmp_path):
    source = FIXTURES / "dialog_stereo.ogg"
    target = telephone_version(source, tmp_path / "line.wav", CONDITIONS_BY_NAME["gsm-20dB"])

    info = probe_audio(target)
    assert (info.sample_rate, info.channels) == (TELEPHONE_RATE, 2)
    assert info.duration == pytest.approx(probe_audio(source).duration, abs=0.01)


def test_the_channel_removes_what_lies_outside_the_voice_band(tmp_path):
    # A 100 Hz hum and a 3 kHz tone: the line keeps the tone, not the hum.
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(tmp_path / "hum.wav"), "synth",
                    "1", "sine", "100", "vol", "0.5"], check=True)
    subprocess.run(["sox", "-n", "-r", "16000", "-c", "1", str(tmp_path / "tone.wav"), "synth",
                    "1", "sine", "3000", "vol", "0.5"], check=True)
    quiet = Condition("no-noise", "ulaw")
    hum = read_channels(telephone_version(tmp_path / "hum.wav", tmp_path / "h.wav", quiet))[0]
    tone = read_channels(telephone_version(tmp_path / "tone.wav", tmp_path / "t.wav", quiet))[0]

    def rms(samples: np.ndarray) -> float:
        return float(np.sqrt(np.mean(samples[800:-800] ** 2)))

    assert rms(tone) > 0.25
    assert rms(hum) < rms(tone) / 10


@pytest.mark.parametrize("snr", [30, 20, 10])
def test_line_noise_is_mixed_at_the_asked_ratio_to_the_speech(snr):
    rate = TELEPHONE_RATE
    speech = np.zeros(4 * rate, dtype=np.float32)
    speech[rate:3 * rate] = 0.3 * np.sin(2 * np.pi * 440 * np.arange(2 * rate) / rate)
    noisy = degrade([speech], Condition("t", "ulaw", snr_db=snr), seed=1)[0]

    noise = noisy - speech
    measured = 20 * np.log10(speech_rms(speech) / np.sqrt(np.mean(noise**2)))
    assert measured == pytest.approx(snr, abs=0.5)


def test_a_level_change_scales_the_speech():
    speech = np.full(TELEPHONE_RATE, 0.1, dtype=np.float32)
    quieter = degrade([speech], Condition("t", "ulaw", gain_db=-20), seed=1)[0]
    assert float(quieter[0]) == pytest.approx(0.01, rel=1e-4)


def test_the_same_source_and_condition_give_the_same_file(tmp_path):
    source = FIXTURES / "operator_mono.ogg"
    condition = CONDITIONS_BY_NAME["ulaw-10dB"]
    first = telephone_version(source, tmp_path / "a.wav", condition).read_bytes()
    second = telephone_version(source, tmp_path / "b.wav", condition).read_bytes()
    assert first == second


def test_the_set_covers_every_codec_and_noise_level_the_issue_names():
    assert {c.codec for c in CONDITIONS} == {"ulaw", "alaw", "gsm"}
    assert {c.snr_db for c in CONDITIONS} >= {30, 20, 10}
    assert any(c.gain_db < 0 for c in CONDITIONS) and any(c.gain_db > 0 for c in CONDITIONS)
