"""The metrics' filters, read from the query string by the page, the calls list and the API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from calls.models import Call, Line, Operator, Team
from project.roles import AnyUser
from scripts_library.metrics.queries import (
    REPEATED,
    MetricsFilter,
    has_hit,
    hit_condition,
    measured_calls,
    visible_events,
)
from scripts_library.models import (
    Objection,
    ObjectionHit,
    ObjectionTheme,
    ResponseBlock,
    SidebarEvent,
)


class MetricsForm(forms.Form):
    date_from = forms.DateField(label=_("с даты"), required=False)
    date_to = forms.DateField(label=_("по дату"), required=False)
    line = forms.ModelChoiceField(queryset=Line.objects.all(), to_field_name="code",
                                  label=_("линия"), required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.all(), label=_("команда"),
                                  required=False)
    operator = forms.ModelChoiceField(queryset=Operator.objects.none(), label=_("оператор"),
                                      required=False)

    def __init__(self, *args: Any, user: AnyUser, refuse_empty: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # The page's form sends every field, so there an empty value means «any»; a program
        # sending `date_from=` has a bug and is told so (as the call API does).
        self.refuse_empty = refuse_empty
        # Only the operators and teams whose calls this person may see are offered.
        operators = Operator.objects.visible_to(user)
        self.fields["operator"].queryset = operators  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            pk__in=operators.values("team")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.refuse_empty:
            for name in self.fields:
                if name in self.data and self.data.get(name) == "":
                    self.add_error(name, _("Пустое значение: укажите его или уберите параметр."))
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", _("Конец периода раньше его начала."))
        return cleaned

    def metrics_filter(self) -> MetricsFilter:
        data = self.cleaned_data
        return MetricsFilter(date_from=data.get("date_from"), date_to=data.get("date_to"),
                             line=data.get("line"), team=data.get("team"),
                             operator=data.get("operator"))


class MetricsCallsForm(MetricsForm):
    """The calls behind one number: a group (objection, theme or block), with or without it;
    with no group, every measured call (the page's «звонков в выборке»)."""

    objection = forms.ModelChoiceField(queryset=Objection.objects.all(), to_field_name="code",
                                       label=_("возражение"), required=False)
    theme = forms.ModelChoiceField(queryset=ObjectionTheme.objects.all(), label=_("тема"),
                                   required=False)
    block = forms.ModelChoiceField(queryset=ResponseBlock.objects.all(), label=_("блок"),
                                   required=False)
    without = forms.BooleanField(label=_("звонки без него"), required=False)
    repeated = forms.BooleanField(label=_("только с повтором"), required=False)
    outcome = forms.ChoiceField(choices=[("", "")] + list(Call.Outcome.choices),
                                label=_("итог"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = [name for name in ("objection", "theme", "block") if cleaned.get(name)]
        if len(chosen) > 1:
            raise forms.ValidationError(_("Укажите одно: возражение, тему или блок."))
        if not chosen and (cleaned.get("without") or cleaned.get("repeated")):
            raise forms.ValidationError(_("«Без» и «повтор» — для возражения или темы: укажите "
                                          "его."))
        if cleaned.get("block") and (cleaned.get("without") or cleaned.get("repeated")):
            raise forms.ValidationError(
                _("Для блока показываются звонки, где он вставлен; «без» и «повтор» — для "
                  "возражений и тем.")
            )
        return cleaned

    def calls(self) -> QuerySet[Call]:
        """The calls behind the number, each with `evidence_at`: the first hit's time."""
        data = self.cleaned_data
        metrics_filter = self.metrics_filter()
        calls = measured_calls(self.user, metrics_filter)
        block: ResponseBlock | None = data.get("block")
        if block is not None:
            events = visible_events(self.user, metrics_filter).filter(
                kind=SidebarEvent.Kind.INSERTED, block=block
            )
            calls = calls.filter(pk__in=events.values("call"))
            condition = hit_condition(objection=block.objection)
        elif not (data.get("objection") or data.get("theme")):
            condition = hit_condition()
        else:
            condition = hit_condition(objection=data.get("objection"), theme=data.get("theme"))
            if data.get("without"):
                calls = calls.exclude(has_hit(condition))
            else:
                calls = calls.filter(has_hit(condition & REPEATED if data.get("repeated")
                                             else condition))
        if data.get("outcome"):
            calls = calls.filter(outcome=data["outcome"])
        first_hit = ObjectionHit.objects.filter(condition, call=OuterRef("pk")).order_by("start")
        return calls.select_related("operator", "line").annotate(
            evidence_at=Subquery(first_hit.values("start")[:1]),
            evidence_text=Subquery(first_hit.values("text")[:1]),
        ).order_by(F("started_at").desc(), "-pk")
