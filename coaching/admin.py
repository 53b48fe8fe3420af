"""Coaching in the Django admin: trainers keep skills (with their phrases, checked by the phrase
engine like everywhere else) and scorecards; the analyser's results are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from calls.phrase_runtime.forms import PHRASE_FIELDS, PhraseModelForm
from coaching.models import (
    CalibrationSession,
    CoachingCycle,
    Criterion,
    CriterionScore,
    Evaluation,
    EvaluationComment,
    Exemplar,
    PersonalReport,
    ReportComment,
    ScorecardTemplate,
    Skill,
    SkillPhrase,
    SkillResult,
    TrainingSession,
)


class SkillPhraseForm(PhraseModelForm):
    class Meta:
        model = SkillPhrase
        fields = PHRASE_FIELDS


class SkillPhraseInline(admin.TabularInline):
    model = SkillPhrase
    form = SkillPhraseForm
    extra = 0


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "target", "active", "order", "updated_at"]
    list_filter = ["active", "kind"]
    search_fields = ["name", "code", "phrases__text"]
    inlines = [SkillPhraseInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # The code is how imports, exports and export_calls name a skill: set once.
        return ["code"] if obj is not None else []


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ["name", "weight", "skill", "order"]
    extra = 0


@admin.register(ScorecardTemplate)
class ScorecardTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "active", "updated_at"]
    list_filter = ["active"]
    inlines = [CriterionInline]


@admin.register(SkillResult)
class SkillResultAdmin(admin.ModelAdmin):
    """Written by the `skills` analyser and replaced on every analysis: looked at only."""

    list_display = ["call", "skill", "status", "start", "text"]
    list_filter = ["status", "skill"]
    search_fields = ["call__external_id", "skill__code", "text"]
    list_select_related = ["skill", "call"]
    raw_id_fields = ["call", "segment"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    fields = ["criterion", "answer", "points", "auto", "auto_answer", "overridden_by",
              "override_reason"]
    raw_id_fields = ["overridden_by"]
    extra = 0


class EvaluationCommentInline(admin.TabularInline):
    model = EvaluationComment
    fields = ["at", "criterion", "text", "author"]
    raw_id_fields = ["author"]
    extra = 0


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["call", "scorecard", "evaluator", "status", "calibration", "updated_at"]
    list_filter = ["status", "scorecard"]
    raw_id_fields = ["call", "evaluator", "calibration"]
    inlines = [CriterionScoreInline, EvaluationCommentInline]


@admin.register(CalibrationSession)
class CalibrationSessionAdmin(admin.ModelAdmin):
    list_display = ["name", "scorecard", "status", "created_at"]
    list_filter = ["status"]
    filter_horizontal = ["evaluators"]
    raw_id_fields = ["calls", "created_by"]


@admin.register(Exemplar)
class ExemplarAdmin(admin.ModelAdmin):
    list_display = ["call", "skill", "objection", "start", "source", "added_by", "created_at"]
    list_filter = ["skill", "source"]
    raw_id_fields = ["call"]


class ReportCommentInline(admin.TabularInline):
    model = ReportComment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(PersonalReport)
class PersonalReportAdmin(admin.ModelAdmin):
    list_display = ["operator", "date_from", "date_to", "created_by", "created_at", "shared_at"]
    list_filter = ["operator__team"]
    inlines = [ReportCommentInline]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["topic", "skill", "team", "held_on", "status", "trainer"]
    list_filter = ["status", "team", "skill"]
    filter_horizontal = ["attendees"]
    raw_id_fields = ["exemplars"]


@admin.register(CoachingCycle)
class CoachingCycleAdmin(admin.ModelAdmin):
    list_display = ["operator", "skill", "stage", "trained_on", "control_due", "verdict"]
    list_filter = ["stage", "verdict", "skill", "operator__team"]
    raw_id_fields = ["report", "training"]
