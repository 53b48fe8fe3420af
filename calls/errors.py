"""Errors that services raise for a person to read; the API maps them to 400 in one place."""


class DomainError(Exception):
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class AudioRejected(DomainError):
    """The file cannot be accepted as a call recording; the message says why, in Russian."""

    code = "audio_rejected"


class MetadataRejected(DomainError):
    code = "metadata_rejected"


class TranscriptRejected(DomainError):
    code = "transcript_rejected"


class CallNotRetryable(DomainError):
    code = "not_retryable"
