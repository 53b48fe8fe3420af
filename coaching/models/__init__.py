"""The models of coaching, one module per topic."""

from coaching.models.evaluations import (
    CalibrationSession,
    CriterionScore,
    Evaluation,
    EvaluationComment,
)
from coaching.models.exemplars import Exemplar
from coaching.models.reports import PersonalReport, ReportComment
from coaching.models.scorecards import Criterion, ScorecardTemplate
from coaching.models.skills import Skill, SkillPhrase, SkillResult
from coaching.models.training import CoachingCycle, TrainingSession

__all__ = [
    "CalibrationSession", "CoachingCycle", "Criterion", "CriterionScore", "Evaluation",
    "EvaluationComment", "Exemplar", "PersonalReport", "ReportComment", "ScorecardTemplate",
    "Skill", "SkillPhrase", "SkillResult", "TrainingSession"]
