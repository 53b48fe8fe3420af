"""The calls app's domain errors; the API maps every DomainError to 400 in one place."""

from project.errors import DomainError


class AudioRejected(DomainError):
    """The file cannot be accepted as a call recording; the message says why, in Russian."""

    code = "audio_rejected"


class MetadataRejected(DomainError):
    code = "metadata_rejected"


class TranscriptRejected(DomainError):
    code = "transcript_rejected"


class CallNotRetryable(DomainError):
    code = "not_retryable"
