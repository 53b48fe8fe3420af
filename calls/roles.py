"""The four roles of Slyshu, kept as Django groups, and what each may do."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, Permission
from django.db.models import Q


class Role(StrEnum):
    OPERATOR = "operator"
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMIN = "admin"


# Model permissions by role, as "app_label.codename"; later apps add their own models here.
ROLE_PERMISSIONS: dict[Role, set[str]] = {
    Role.OPERATOR: {"calls.view_call", "calls.view_segment"},
    Role.TRAINER: {
        "calls.view_call",
        "calls.view_segment",
        "calls.view_operator",
        # Manual tags on the calls they listen to; only admins edit the taxonomy itself (every
        # role reads it: the taxonomy API checks roles for reads, like the calls API).
        "calls.add_calltag",
        "calls.delete_calltag",
    },
    Role.MANAGER: {
        "calls.view_call",
        "calls.view_segment",
        "calls.view_operator",
        "calls.view_team",
        "calls.add_call",
        "calls.change_call",
        "calls.add_calltag",
        "calls.delete_calltag",
    },
    Role.ADMIN: {
        f"calls.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in (
            "call", "segment", "operator", "team", "line", "callstatuschange",
            "tagcategory", "tag", "keyphrase", "calltag", "tagevidence", "reanalysisrun",
        )
    },
}

AnyUser = AbstractUser | AnonymousUser


def ensure_roles() -> None:
    """Create the role groups and grant them exactly their permissions; safe to run again."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        query = Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(query))


def ensure_roles_after_migrate(**kwargs: Any) -> None:
    ensure_roles()


def roles_of(user: AnyUser) -> set[Role]:
    if not user.is_authenticated:
        return set()
    # Asked several times per request (queryset, navigation, permissions): one query per user.
    cached: set[Role] | None = getattr(user, "_slyshu_roles", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {role for role in Role if role.value in names}
        if user.is_superuser:
            cached.add(Role.ADMIN)
        setattr(user, "_slyshu_roles", cached)  # noqa: B010
    return cached


def has_role(user: AnyUser, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


def sees_all_calls(user: AnyUser) -> bool:
    """Admins and trainers listen across the whole center; managers see their teams."""
    return has_role(user, Role.ADMIN, Role.TRAINER)
