"""The department form (admins): what it hears about and who receives it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from calls.models import Department, Tag, TagCategory
from project.roles import Role


class MemberField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A member with their address, so an admin sees who will not get the e-mails."""

    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} · {obj.email}" if obj.email else f"{name} · без почты"


class DepartmentForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Department
        fields = ["name", "code", "description", "members", "categories", "tags", "is_active"]
        field_classes = {"members": MemberField}
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "categories": forms.CheckboxSelectMultiple,
            "tags": forms.SelectMultiple(attrs={"size": 12}),
        }
        help_texts = {
            "members": _("Письма получают сотрудники с ролью «Сотрудник отдела» и адресом почты."),
            "categories": _("Отдел слышит о каждом теге этих категорий."),
            "tags": _("И об этих тегах, вне выбранных категорий."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)
        members.queryset = (
            User.objects.filter(is_active=True, groups__name=Role.DEPARTMENT.value)
            .distinct().order_by("last_name", "first_name", "username")
        )
        categories, tags = self.fields["categories"], self.fields["tags"]
        assert isinstance(categories, forms.ModelMultipleChoiceField)
        assert isinstance(tags, forms.ModelMultipleChoiceField)
        categories.queryset = TagCategory.objects.order_by("order", "name")
        tags.queryset = Tag.objects.filter(is_active=True).select_related(
            "category").order_by("category__order", "name")
