"""The calls app's domain errors; the API maps every DomainError to 400 in one place."""

from typing import Any

from project.errors import DomainError


class AudioRejected(DomainError):
    """The file cannot be accepted as a call recording; the message says why, in Russian."""

    code = "audio_rejected"


class MetadataRejected(DomainError):
    """The call's details are out of range or name codes nobody has set up; `details` says
    which, for a program to read (the API returns it as the error's details)."""

    code = "metadata_rejected"

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = details


class TranscriptRejected(DomainError):
    code = "transcript_rejected"


class CallNotRetryable(DomainError):
    code = "not_retryable"
    conflict = True
