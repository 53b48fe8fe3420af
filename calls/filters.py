"""The call filters shared by the call list page and the API."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from calls.contacts.queries import repeat_about, same_tag_repeat
from calls.models import (
    Call,
    CallEmotion,
    CallResolution,
    CallTag,
    ContactLink,
    Line,
    Operator,
    Segment,
    Tag,
    TagCategory,
    Team,
)
from calls.taxonomy.querysets import calls_in_category, calls_with_tag


class CallFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", max_length=255, label=_("имя файла или внешний ID"),
        help_text=_("Часть имени файла записи или внешнего ID, без учёта регистра."),
    )
    date_from = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__gte", label=_("с даты")
    )
    date_to = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__lte", label=_("по дату")
    )
    operator = django_filters.ModelChoiceFilter(
        queryset=Operator.objects.none(), label=_("оператор")
    )
    # The operators' team (the coaching teams page links its counts here).
    team = django_filters.ModelChoiceFilter(
        queryset=Team.objects.none(), field_name="operator__team", label=_("команда")
    )
    line = django_filters.ModelChoiceFilter(
        queryset=Line.objects.all(), field_name="line", to_field_name="code", label=_("линия")
    )
    status = django_filters.MultipleChoiceFilter(choices=Call.Status.choices, label=_("статус"))
    outcome = django_filters.ChoiceFilter(choices=Call.Outcome.choices, label=_("итог"))
    tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="code", method="filter_tag", label=_("тег")
    )
    # Who gave the tag (phrases, a person, a learned model): the learned-models page links its
    # counts here with the tag.
    tag_source = django_filters.ChoiceFilter(
        choices=CallTag.Source.choices, method="filter_tag_source", label=_("источник тега")
    )
    # A second tag the calls must have too (a co-occurrence cell links its calls here).
    also_tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="code", method="filter_tag", label=_("и тег")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=TagCategory.objects.all(), method="filter_category", label=_("категория тегов")
    )
    # Calls whose transcript a person corrected (the corrections page links its counts here).
    contact = django_filters.ChoiceFilter(
        choices=ContactLink.Kind.choices, method="filter_contact", label=_("обращение")
    )
    came_back = django_filters.BooleanFilter(
        method="filter_came_back", label=_("клиент обратился повторно")
    )
    # The earlier calls of the FCR tables' «с той же темой»: the customer came back about
    # one of the call's tags (any of them), or about this tag.
    came_back_same_tag = django_filters.BooleanFilter(
        method="filter_came_back_same_tag", label=_("клиент вернулся с той же темой")
    )
    came_back_about = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="code", method="filter_came_back_about",
        label=_("клиент вернулся с темой"),
    )
    repeat_of_tag = django_filters.ModelChoiceFilter(
        queryset=Tag.objects.all(), to_field_name="code", method="filter_repeat_of_tag",
        label=_("повтор звонка с тегом"),
    )
    hot = django_filters.BooleanFilter(method="filter_hot", label=_("горячий"))
    resolved = django_filters.BooleanFilter(method="filter_resolved", label=_("решено"))
    corrected = django_filters.BooleanFilter(
        method="filter_corrected", label=_("с исправленной расшифровкой")
    )

    # Set only by a link from a figure (the dashboard, contacts, a before/after comparison): the
    # call list shows them when set, so they are kept on re-submit, and has no control for them
    # otherwise.
    FROM_FIGURES = ("came_back", "came_back_same_tag", "came_back_about", "repeat_of_tag", "hot",
                    "resolved")

    class Meta:
        model = Call
        fields = ["search", "date_from", "date_to", "operator", "team", "line", "status", "outcome",
                  "tag", "tag_source", "also_tag", "category", "contact", "came_back",
                  "came_back_same_tag", "came_back_about", "repeat_of_tag", "hot", "resolved",
                  "corrected"]

    def filter_search(self, queryset: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        # What people call a call by: its file name, or the id the telephony gave it.
        value = value.strip()
        if not value:
            return queryset
        # SQLite (the embedded default) folds the case of Latin letters only: «иванова» would
        # not find «Иванова.wav». The usual spellings of a Cyrillic word are asked for too;
        # on PostgreSQL they are redundant with its own case folding.
        condition = Q(pk__in=[])
        for variant in {value, value.lower(), value.upper(), value.capitalize(), value.title()}:
            condition |= Q(original_name__icontains=variant) | Q(external_id__icontains=variant)
        return queryset.filter(condition)

    def filter_tag(self, queryset: QuerySet[Call], name: str, value: Tag) -> QuerySet[Call]:
        return calls_with_tag(queryset, value.code)

    def filter_tag_source(self, queryset: QuerySet[Call], name: str, value: str
                          ) -> QuerySet[Call]:
        tags = CallTag.objects.filter(source=value)
        code = self.data.get("tag") if self.data else None
        if code:
            tags = tags.filter(tag__code=code)
        return queryset.filter(pk__in=tags.values("call_id"))

    def filter_category(
        self, queryset: QuerySet[Call], name: str, value: TagCategory
    ) -> QuerySet[Call]:
        return calls_in_category(queryset, value.pk)

    def filter_contact(self, queryset: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        return queryset.filter(pk__in=ContactLink.objects.filter(kind=value).values("call_id"))

    def filter_came_back(self, queryset: QuerySet[Call], name: str, value: bool | None
                         ) -> QuerySet[Call]:
        if value is None:
            return queryset
        # Only calls with a link: a call not linked yet is neither.
        links = ContactLink.objects.filter(came_back=value).values("call_id")
        return queryset.filter(pk__in=links)

    def filter_came_back_same_tag(self, queryset: QuerySet[Call], name: str,
                                  value: bool | None) -> QuerySet[Call]:
        if value is None:
            return queryset
        back = queryset.filter(contact__came_back=True)
        again = back.filter(same_tag_repeat())
        # «Not about the same tag» is the calls that came back about something else: a call
        # that did not come back is neither.
        return again if value else back.exclude(pk__in=again.values("pk"))

    def filter_came_back_about(self, queryset: QuerySet[Call], name: str, value: Tag
                               ) -> QuerySet[Call]:
        return queryset.filter(repeat_about(value.pk), contact__came_back=True)

    def filter_repeat_of_tag(self, queryset: QuerySet[Call], name: str, value: Tag
                             ) -> QuerySet[Call]:
        """Repeat calls whose earlier call had this tag (a reason customers came back)."""
        earlier = CallTag.objects.filter(tag=value).values("call_id")
        repeats = ContactLink.objects.repeats().filter(repeat_of_id__in=earlier)
        return queryset.filter(pk__in=repeats.values("call_id"))

    def filter_hot(self, queryset: QuerySet[Call], name: str, value: bool | None
                   ) -> QuerySet[Call]:
        if value is None:
            return queryset
        return queryset.filter(pk__in=CallEmotion.objects.filter(hot=value).values("call_id"))

    def filter_resolved(self, queryset: QuerySet[Call], name: str, value: bool | None
                        ) -> QuerySet[Call]:
        if value is None:
            return queryset
        moments = CallResolution.objects.filter(resolved=value).values("call_id")
        return queryset.filter(pk__in=moments)

    def filter_corrected(self, queryset: QuerySet[Call], name: str, value: bool | None
                         ) -> QuerySet[Call]:
        if value is None:
            return queryset
        corrected = Segment.objects.filter(corrected_at__isnull=False).values("call_id")
        return queryset.filter(pk__in=corrected) if value else queryset.exclude(pk__in=corrected)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        user = getattr(self.request, "user", None)
        if user is not None:
            # Only the operators whose calls this person may see are offered as a choice.
            visible: QuerySet[Operator] = Operator.objects.visible_to(user)
            self.filters["operator"].queryset = visible
            # The teams of those operators: another team is not a choice (a 400 in the API).
            self.filters["team"].queryset = Team.objects.filter(
                pk__in=visible.exclude(team=None).values("team"))


class _NoEmptyParametersForm(forms.Form):
    """The page's form sends every field, filled or not, so there an empty value means «any»;
    a program that sends `date_from=` has a bug and is told so (the API's filters below)."""

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        getlist = getattr(self.data, "getlist", None)
        for name in self.fields:
            if name not in self.data:
                continue
            values = getlist(name) if getlist else [self.data[name]]
            if all(value == "" for value in values):
                self.add_error(name, _("Пустое значение: укажите его или уберите параметр."))
        return cleaned


@extend_schema_field(OpenApiTypes.INT)
class _CategoryFilter(django_filters.ModelChoiceFilter):
    """A category is chosen by its id; the schema would call it a string (a method filter)."""


class CallApiFilter(CallFilter):
    """The call filters of the API: an empty parameter is refused with 400 (see the form)."""

    category = _CategoryFilter(
        queryset=TagCategory.objects.all(), method="filter_category", label=_("категория тегов")
    )

    class Meta(CallFilter.Meta):
        form = _NoEmptyParametersForm
