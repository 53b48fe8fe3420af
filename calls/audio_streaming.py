"""Serve a recording with HTTP Range support, so that the browser's player can seek.

Django's FileResponse always sends the whole file. Browsers ask for `Range: bytes=a-b` when the
listener jumps to a moment of the call; without a 206 answer Chrome cannot seek at all.
Only single ranges are served: a multi-range request is answered with the whole file, which
RFC 9110 allows.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files import File
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

CHUNK_SIZE = 64 * 1024

# Browsers are picky about audio types and `mimetypes` does not know all of these everywhere.
AUDIO_CONTENT_TYPES = {
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".flac": "audio/flac",
    ".m4a": "audio/mp4",
    ".mp4": "audio/mp4",
    ".aac": "audio/aac",
    ".webm": "audio/webm",
}

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class RangeNotSatisfiable(Exception):
    """The range is well formed but lies outside the file."""


def content_type_for(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix in AUDIO_CONTENT_TYPES:
        return AUDIO_CONTENT_TYPES[suffix]
    guessed, _encoding = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"


def parse_byte_range(header: str | None, size: int) -> ByteRange | None:
    """The single range a `Range` header asks for, or None to send the whole file.

    A header we do not understand (another unit, several ranges, last < first) is ignored, as
    RFC 9110 says; a well-formed range that misses the file raises RangeNotSatisfiable.
    """
    if not header:
        return None
    match = _RANGE.match(header)
    if match is None:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        # bytes=-n: the last n bytes.
        suffix_length = int(last)
        if suffix_length == 0 or size == 0:
            raise RangeNotSatisfiable
        return ByteRange(start=max(0, size - suffix_length), end=size - 1)
    start = int(first)
    if last != "" and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable
    end = size - 1 if last == "" else min(int(last), size - 1)
    return ByteRange(start=start, end=end)


def _read_range(file: File, byte_range: ByteRange) -> Iterator[bytes]:
    # The generator owns the file: the response closes the generator, which closes the file.
    with file:
        file.seek(byte_range.start)
        remaining = byte_range.length
        while remaining > 0:
            chunk = file.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk


def ranged_file_response(
    request: HttpRequest, *, file: File, size: int, filename: str
) -> HttpResponseBase:
    """200 with the whole file, 206 with the requested range, or 416. Takes ownership of file."""
    content_type = content_type_for(filename)
    try:
        byte_range = parse_byte_range(request.headers.get("Range"), size)
    except RangeNotSatisfiable:
        file.close()
        response: HttpResponseBase = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response

    if byte_range is None:
        response = FileResponse(file, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        response = StreamingHttpResponse(
            _read_range(file, byte_range), status=206, content_type=content_type
        )
        response["Content-Length"] = str(byte_range.length)
        response["Content-Range"] = f"bytes {byte_range.start}-{byte_range.end}/{size}"
    response["Accept-Ranges"] = "bytes"
    # The recording is only for the people allowed to hear it: no shared caches.
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=False, filename=PurePath(filename).name) or ""
    )
    return response
