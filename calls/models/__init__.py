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
from calls.models.taxonomy import (
    CallTag,
    KeyPhrase,
    PhraseSpeaker,
    ReanalysisRun,
    Tag,
    TagCategory,
    TagEvidence,
    WindowKind,
)

__all__ = [
    "Call",
    "CallTag",
    "CallStatusChange",
    "KeyPhrase",
    "Line",
    "Operator",
    "PhraseSpeaker",
    "ReanalysisRun",
    "RejectedUpload",
    "Segment",
    "Speaker",
    "Tag",
    "TagCategory",
    "TagEvidence",
    "Team",
    "WindowKind",
]
