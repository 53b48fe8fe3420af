"""calls/audio.py: a video, or a WAV whose format FFmpeg cannot decode, is refused in Russian
(and recorded by the upload), not stored as a recording nor a 500."""

from __future__ import annotations

import struct
from pathlib import Path

import av
import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from calls.audio import probe_audio
from calls.errors import AudioRejected
from calls.models import Call, RejectedUpload
from tests.audio_samples import encode, tone

pytestmark = pytest.mark.django_db


def _mp4_with_video(path: Path) -> Path:
    rate = 8000
    with av.open(str(path), "w") as container:
        video = container.add_stream("mpeg4", rate=10)
        video.width, video.height, video.pix_fmt = 64, 48, "yuv420p"
        audio = container.add_stream("aac", rate=rate, layout="mono")
        for index in range(10):
            picture = av.VideoFrame.from_ndarray(
                np.full((48, 64, 3), index * 20, dtype=np.uint8), format="rgb24")
            picture.pts = index
            for packet in video.encode(picture):
                container.mux(packet)
        samples = tone(1.0, rate=rate)
        for start in range(0, samples.shape[1], 1024):
            frame = av.AudioFrame.from_ndarray(
                np.ascontiguousarray(samples[:, start:start + 1024]), format="s16", layout="mono")
            frame.sample_rate, frame.pts = rate, start
            for packet in audio.encode(frame):
                container.mux(packet)
        for stream in (video, audio):
            for packet in stream.encode(None):
                container.mux(packet)
    return path


def _wav_with_format_tag(path: Path, tag: int) -> Path:
    """A WAV header written by hand: FFmpeg knows no decoder for an unassigned tag like 0x1234."""
    data = b"\x00\x01" * 8000
    fmt = struct.pack("<HHIIHH", tag, 1, 8000, 16000, 2, 16)
    body = (b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt
            + b"data" + struct.pack("<I", len(data)) + data)
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)
    return path


def test_a_video_is_not_a_call(tmp_path: Path) -> None:
    with pytest.raises(AudioRejected, match="видеодорожка"):
        probe_audio(_mp4_with_video(tmp_path / "clip.mp4"))


def test_audio_only_mp4_is_still_accepted(tmp_path: Path) -> None:
    assert probe_audio(encode(tmp_path / "call.m4a", "aac")).duration > 0.5


def test_an_unknown_wav_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioRejected, match="неизвестном формате"):
        probe_audio(_wav_with_format_tag(tmp_path / "odd.wav", 0x1234))


@pytest.mark.parametrize("make", [
    lambda tmp: _mp4_with_video(tmp / "clip.mp4"),
    lambda tmp: _wav_with_format_tag(tmp / "odd.wav", 0x1234),
])
def test_upload_refuses_and_records_it(admin_user, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    client = APIClient()
    client.force_authenticate(admin_user)

    response = client.post(
        "/api/v1/calls/",
        {"audio": SimpleUploadedFile(path.name, path.read_bytes()), "external_id": "odd"},
        format="multipart",
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "audio_rejected"
    assert not Call.objects.exists()
    assert RejectedUpload.objects.get().reason == response.json()["error"]["message"]
