"""The models of coaching, one module per topic."""

from coaching.models.scorecards import Criterion, ScorecardTemplate
from coaching.models.skills import Skill, SkillPhrase, SkillResult

__all__ = ["Criterion", "ScorecardTemplate", "Skill", "SkillPhrase", "SkillResult"]
