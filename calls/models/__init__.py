"""The models of the calls app, one module per topic."""

from calls.models.calls import (
    Call,
    CallStatusChange,
    Line,
    Operator,
    RejectedUpload,
    Segment,
    Speaker,
    Team,
)

__all__ = [
    "Call",
    "CallStatusChange",
    "Line",
    "Operator",
    "RejectedUpload",
    "Segment",
    "Speaker",
    "Team",
]
