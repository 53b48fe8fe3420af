"""The contacts API's inputs and outputs (calls/contacts/api.py)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from calls.contacts.forms import MAX_GOAL_DAYS, default_period
from calls.contacts.queries import BY_CHOICES
from calls.models import ContactGoal, Line, Tag, Team
from calls.taxonomy.problems.scope import Period
from calls.taxonomy.problems.serializers import PeriodQuery
from project.api_inputs import JsonInput
from project.api_schema import PeriodOutput


class ContactsQuery(PeriodQuery):
    """A period (without dates: the last 30 days, today included) and a line."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("date_from") is None and attrs.get("date_to") is None:
            default = default_period()
            attrs["date_from"], attrs["date_to"] = default.date_from, default.date_to
        return super().validate(attrs)


class FcrQuery(ContactsQuery):
    by = serializers.ChoiceField(
        choices=list(BY_CHOICES), required=False, default="tag",
        help_text="Группировка: tag, operator, team или line; без неё — по тегам.",
    )


class ReasonsQuery(ContactsQuery):
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=10,
                                     help_text="Сколько причин (1–100), по умолчанию 10.")


class ContactGroupOutput(serializers.Serializer):
    key = serializers.IntegerField(allow_null=True, help_text="id тега, оператора, команды "
                                   "или линии; null — звонки без них.")
    name = serializers.CharField()


class FcrRowOutput(serializers.Serializer):
    group = ContactGroupOutput()
    measured = serializers.IntegerField(help_text="Звонков учтено: первые и повторные "
                                        "обращения с закрытым окном, без переводов.")
    came_back = serializers.IntegerField(help_text="Из них клиент обратился повторно.")
    came_back_same_tag = serializers.IntegerField(help_text="Из них повторно с тем же тегом.")
    fcr = serializers.FloatField(allow_null=True)
    fcr_same_tag = serializers.FloatField(allow_null=True)
    calls_url = serializers.CharField(help_text="Список звонков за числом «учтено».")
    came_back_url = serializers.CharField(help_text="Звонки, после которых клиент вернулся.")
    came_back_same_tag_url = serializers.CharField(
        help_text="Звонки, после которых клиент вернулся с той же темой.")


class FcrOutput(serializers.Serializer):
    period = PeriodOutput()
    line = serializers.CharField(allow_null=True)
    by = serializers.ChoiceField(choices=list(BY_CHOICES))
    closed_until = serializers.DateField(help_text="FCR считается по звонкам до этого дня "
                                         "включительно: у более поздних окно ещё открыто.")
    rows = FcrRowOutput(many=True)


class ReasonOutput(serializers.Serializer):
    tag = serializers.CharField(help_text="Код тега первого звонка.")
    tag_name = serializers.CharField()
    repeats = serializers.IntegerField()
    same_tag = serializers.IntegerField()
    share = serializers.FloatField()
    calls_url = serializers.CharField()
    examples = serializers.ListField(child=serializers.IntegerField(),
                                     help_text="id повторных звонков для прослушивания.")


class ReasonsOutput(serializers.Serializer):
    period = PeriodOutput()
    line = serializers.CharField(allow_null=True)
    reasons = ReasonOutput(many=True)


class GoalFigureOutput(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    measured = serializers.IntegerField()


class GoalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    metric = serializers.ChoiceField(choices=ContactGoal.Metric.choices)
    target_change = serializers.FloatField()
    tag = serializers.CharField(allow_null=True)
    line = serializers.CharField(allow_null=True)
    team = serializers.IntegerField(allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    baseline = GoalFigureOutput()
    current = GoalFigureOutput(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    progress = serializers.FloatField(allow_null=True, help_text="% пути от базы к цели.")
    elapsed = serializers.FloatField(help_text="% прошедшего срока.")
    on_track = serializers.BooleanField(allow_null=True)
    baseline_url = serializers.CharField()
    current_url = serializers.CharField(allow_null=True)


class GoalInput(JsonInput):
    name = serializers.CharField(max_length=200)
    metric = serializers.ChoiceField(choices=ContactGoal.Metric.choices)
    target_change = serializers.FloatField(min_value=-100, max_value=1000,
                                           help_text="Изменение к базе, %: −15 — на 15% меньше.")
    tag = serializers.SlugRelatedField(slug_field="code", queryset=Tag.objects.all(),
                                       required=False, allow_null=True)
    line = serializers.SlugRelatedField(slug_field="code", queryset=Line.objects.all(),
                                        required=False, allow_null=True)
    team = serializers.PrimaryKeyRelatedField(queryset=Team.objects.all(), required=False,
                                              allow_null=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()

    def to_internal_value(self, data: Any) -> Any:
        # JsonInput checks the types of the field kinds it knows; a number is a JSON number.
        value = data.get("target_change") if isinstance(data, dict) else None
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise serializers.ValidationError({"target_change": [_("Нужно число.")]})
        return super().to_internal_value(data)

    def validate_target_change(self, value: float) -> float:
        if value == 0:
            raise serializers.ValidationError(_("Цель — изменение, не ноль."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        starts_on, ends_on = attrs["starts_on"], attrs["ends_on"]
        if ends_on < starts_on:
            raise serializers.ValidationError({"ends_on": _("Конец периода раньше его начала.")})
        if Period(date_from=starts_on, date_to=ends_on).days > MAX_GOAL_DAYS:
            raise serializers.ValidationError({"ends_on": _("Цель длиннее года.")})
        return attrs
