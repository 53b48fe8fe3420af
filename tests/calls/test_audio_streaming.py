"""calls/audio_streaming.py: the recording served whole, by Range (206) or refused (416)."""

from __future__ import annotations

import pytest
from django.http.response import HttpResponseBase
from django.urls import reverse

from calls.audio_streaming import ByteRange, RangeNotSatisfiable, parse_byte_range
from calls.models import Operator
from tests.factories import AUDIO_BYTES, call_with_audio, client_for


def body(response: HttpResponseBase) -> bytes:
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    response.close()
    return content


def test_audio_without_range_is_the_whole_file(operator: Operator) -> None:
    call = call_with_audio(operator)

    response = client_for(operator.user).get(reverse("calls:audio", args=[call.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(AUDIO_BYTES))
    assert body(response) == AUDIO_BYTES


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=10-19", 10, 19),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-5", 1019, 1023),
        ("bytes=1020-5000", 1020, 1023),
        ("bytes=-5000", 0, 1023),
    ],
)
def test_audio_range_request_is_206_with_those_bytes(
    operator: Operator, header: str, start: int, end: int
) -> None:
    call = call_with_audio(operator)

    response = client_for(operator.user).get(
        reverse("calls:audio", args=[call.pk]), headers={"Range": header}
    )

    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(AUDIO_BYTES)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == AUDIO_BYTES[start : end + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_audio_unsatisfiable_range_is_416(operator: Operator, header: str) -> None:
    call = call_with_audio(operator)

    response = client_for(operator.user).get(
        reverse("calls:audio", args=[call.pk]), headers={"Range": header}
    )

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(AUDIO_BYTES)}"


def test_audio_content_type_follows_extension(operator: Operator) -> None:
    call = call_with_audio(operator, name="call.ogg")
    response = client_for(operator.user).get(reverse("calls:audio", args=[call.pk]))
    assert response["Content-Type"] == "audio/ogg"
    response.close()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("", None),
        ("items=0-5", None),  # another unit: ignored
        ("bytes=0-5,10-15", None),  # several ranges: the whole file
        ("bytes=9-3", None),  # last before first: ignored
        ("bytes=0-0", ByteRange(0, 0)),
        ("bytes=0-", ByteRange(0, 99)),
        ("bytes=-1", ByteRange(99, 99)),
    ],
)
def test_parse_byte_range(header: str | None, expected: ByteRange | None) -> None:
    assert parse_byte_range(header, 100) == expected


@pytest.mark.parametrize(
    ("header", "size"), [("bytes=100-", 100), ("bytes=-0", 100), ("bytes=0-", 0), ("bytes=-3", 0)]
)
def test_parse_byte_range_unsatisfiable(header: str, size: int) -> None:
    with pytest.raises(RangeNotSatisfiable):
        parse_byte_range(header, size)
