"""The models of the calls app, one module per topic."""

from calls.models.analysis import ReanalysisRun
from calls.models.annotation import (
    Annotation,
    AnnotationCampaign,
    CampaignCall,
    TieResolution,
)
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
from calls.models.changes import DEFAULT_WINDOW_DAYS, Change, Finding, FindingEvent
from calls.models.contacts import CallResolution, ContactGoal, ContactLink
from calls.models.corrections import SegmentCorrection
from calls.models.department_alerts import (
    DepartmentAlert,
    DepartmentReport,
    OutgoingEmail,
    TagAlertThreshold,
)
from calls.models.departments import CallShare, Department
from calls.models.findings import FindingCallback, FindingReminder
from calls.models.learning import LearnedTagModel
from calls.models.phrases import (
    PhraseBase,
    PhraseSpeaker,
    WindowKind,
    phrase_constraints,
    phrase_rule,
)
from calls.models.redaction import Redaction, RedactionRun
from calls.models.review import ReviewSuggestion, TaxonomyReview
from calls.models.taxonomy import (
    CallTag,
    CallTagChange,
    KeyPhrase,
    Tag,
    TagCategory,
    TagEvidence,
)
from calls.models.vocabulary import LineTerm
from calls.models.voice import CallVoice, LineVoiceStats, SegmentVoice
from calls.models.voice_emotion import CallEmotion, Emotion, SegmentEmotion
from calls.models.voice_turns import TurningPoint
from calls.models.voice_words import Cue, CueHit, CueKind, CueList

__all__ = [
    "CallResolution",
    "CallShare",
    "Change",
    "ContactGoal",
    "ContactLink",
    "DEFAULT_WINDOW_DAYS",
    "Department",
    "DepartmentAlert",
    "DepartmentReport",
    "OutgoingEmail",
    "TagAlertThreshold",
    "Finding",
    "FindingEvent",
    "FindingCallback",
    "FindingReminder",
    "Annotation",
    "AnnotationCampaign",
    "CampaignCall",
    "Cue",
    "CueHit",
    "CallEmotion",
    "Emotion",
    "SegmentEmotion",
    "CueKind",
    "CueList",
    "Call",
    "CallTag",
    "CallTagChange",
    "CallVoice",
    "CallStatusChange",
    "KeyPhrase",
    "LearnedTagModel",
    "Line",
    "LineTerm",
    "LineVoiceStats",
    "Operator",
    "PhraseBase",
    "phrase_constraints",
    "PhraseSpeaker",
    "ReanalysisRun",
    "Redaction",
    "RedactionRun",
    "RejectedUpload",
    "ReviewSuggestion",
    "Segment",
    "SegmentCorrection",
    "SegmentVoice",
    "Speaker",
    "Tag",
    "TagCategory",
    "TagEvidence",
    "TaxonomyReview",
    "Team",
    "TieResolution",
    "TurningPoint",
    "WindowKind",
    "phrase_rule",
]
