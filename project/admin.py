"""The admin's own sections in Russian: users, roles (groups), permissions, login protection.

The role groups keep their English names (`operator`, `trainer`, …): code finds them by name
(project/roles.py). People see them as «Оператор», «Тренер», … and cannot rename them here.
Permission names are stored in English by Django («Can add user»); they are shown as the model's
Russian name and the action instead.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, IsLockedOutFilter
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.db.models import ManyToManyField, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from project.roles import Role, role_label

# The nav sidebar takes a third of a 1366 px screen and leaves the lists too narrow for their
# columns; every section is one click away on the index page and in the breadcrumbs.
admin.site.enable_nav_sidebar = False

_ACTIONS = {
    "add": _("добавление"),
    "change": _("изменение"),
    "delete": _("удаление"),
    "view": _("просмотр"),
}


# Models whose library leaves their name untranslated.
_MODEL_NAMES = {
    ("axes", "accessattemptexpiration"): _("срок попытки входа"),
}


def permission_label(permission: Permission) -> str:
    """«Звонки | звонок | изменение» for Django's four default permissions; else its own name."""
    content_type = permission.content_type
    model_name = content_type.app_labeled_name
    name = _MODEL_NAMES.get((content_type.app_label, content_type.model))
    model_class = content_type.model_class()
    if name and model_class is not None:
        model_name = f"{model_class._meta.app_config.verbose_name} | {name}"
    action, _separator, model = permission.codename.partition("_")
    if action in _ACTIONS and model == content_type.model:
        return f"{model_name} | {_ACTIONS[action]}"
    return f"{model_name} | {permission.name}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Permission) -> str:  # type: ignore[override]
        return permission_label(obj)


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Group) -> str:  # type: ignore[override]
        return role_label(obj.name)


def _russian_choices(
    db_field: ManyToManyField[Any, Any], formfield: forms.ModelMultipleChoiceField[Any] | None
) -> forms.ModelMultipleChoiceField[Any] | None:
    """The groups and permissions pickers of a user or a group, labelled in Russian."""
    if formfield is None:
        return None
    if db_field.name == "groups":
        formfield.__class__ = RoleChoiceField
        formfield.label = _("Роли")
        formfield.help_text = _(
            "Роль даёт права в продукте: оператор — свои звонки, тренер — библиотека, оценки и "
            "обучение, руководитель — звонки и циклы своих команд, администратор — всё.")
        # The picker's own titles («Доступные …», «Выбранные …») name the field too.
        picker: Any = getattr(formfield.widget, "widget", formfield.widget)
        if hasattr(picker, "verbose_name"):
            picker.verbose_name = _("роли")
    elif db_field.name in ("permissions", "user_permissions"):
        # (Django's own admin already reads their content types in the same query.)
        formfield.__class__ = PermissionChoiceField
    return formfield


class RoleListFilter(admin.SimpleListFilter):
    title = _("роли")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(role.value, role.label) for role in Role]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        if self.value() in {role.value for role in Role}:
            return queryset.filter(groups__name=self.value()).distinct()
        return queryset


admin.site.unregister(User)


@admin.register(User)
class SlyshuUserAdmin(UserAdmin):
    list_display = ("username", "full_name", "roles", "is_active", "is_staff")
    list_filter = (RoleListFilter, "is_active", "is_staff", "is_superuser")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("имя"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description=_("роли"))
    def roles(self, user: User) -> str:
        return ", ".join(sorted(role_label(group.name) for group in user.groups.all()))

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest,
        **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        return _russian_choices(db_field, super().formfield_for_manytomany(
            db_field, request, **kwargs))


admin.site.unregister(Group)


@admin.register(Group)
class RoleGroupAdmin(GroupAdmin):
    list_display = ("role",)

    @admin.display(description=_("роль"), ordering="name")
    def role(self, group: Group) -> str:
        return role_label(group.name)

    def get_readonly_fields(self, request: HttpRequest, obj: Group | None = None) -> list[str]:
        # Code finds a role's group by its name: renaming one would take the role from everyone.
        if obj is not None and obj.name in {role.value for role in Role}:
            return ["role"]
        return []

    def get_fields(self, request: HttpRequest, obj: Group | None = None) -> list[Any]:
        if obj is not None and obj.name in {role.value for role in Role}:
            return ["role", "permissions"]
        return ["name", "permissions"]

    def formfield_for_manytomany(
        self, db_field: ManyToManyField[Any, Any], request: HttpRequest | None = None,
        **kwargs: Any
    ) -> forms.ModelMultipleChoiceField[Any] | None:
        return _russian_choices(db_field, super().formfield_for_manytomany(
            db_field, request, **kwargs))


class LockedOutFilter(admin.SimpleListFilter):
    """django-axes' «Locked Out» filter, in Russian."""

    title = _("заблокирован")
    parameter_name = "locked_out"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", str(_("да"))), ("no", str(_("нет")))]

    def queryset(self, request: HttpRequest,
                 queryset: QuerySet[AccessAttempt]) -> QuerySet[AccessAttempt]:
        limit = axes_settings.AXES_FAILURE_LIMIT
        if self.value() == "yes":
            return queryset.filter(failures_since_start__gte=limit)
        if self.value() == "no":
            return queryset.filter(failures_since_start__lt=limit)
        return queryset


admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class RussianAccessAttemptAdmin(AccessAttemptAdmin):
    list_filter = [LockedOutFilter if item is IsLockedOutFilter else item
                   for item in AccessAttemptAdmin.list_filter]
    fieldsets = (
        (None, {"fields": ("username", "path_info", "failures_since_start", "expiration")}),
        (_("Данные формы"), {"fields": ("get_data", "post_data")}),
        (_("Запрос"), {"fields": ("user_agent", "ip_address", "http_accept")}),
    )

    @admin.action(description=_("Удалить истёкшие попытки"))
    def cleanup_expired_attempts(self, request: HttpRequest,
                                 queryset: QuerySet[AccessAttempt]) -> None:
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(request, _("Удалено истёкших попыток: %(count)s.") % {"count": count})

    @admin.display(description=_("состояние"))
    def status(self, obj: AccessAttempt) -> str:
        limit = axes_settings.AXES_FAILURE_LIMIT
        if obj.failures_since_start < limit:
            return str(_("осталось попыток: %(count)s") % {
                "count": limit - obj.failures_since_start})
        return str(_("заблокирован"))
