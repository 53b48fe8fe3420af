"""The models of coaching, one module per topic."""

from coaching.models.evaluations import (
    CalibrationSession,
    CriterionScore,
    Evaluation,
    EvaluationComment,
)
from coaching.models.scorecards import Criterion, ScorecardTemplate
from coaching.models.skills import Skill, SkillPhrase, SkillResult

__all__ = [
    "CalibrationSession", "Criterion", "CriterionScore", "Evaluation",
    "EvaluationComment", "ScorecardTemplate", "Skill", "SkillPhrase", "SkillResult"]
