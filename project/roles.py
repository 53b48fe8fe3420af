"""The roles of Slyshu, kept as Django groups, and the registry of what each may do.

Each app declares the model permissions it gives every role (a `roles.py` of its own) and
registers them in its AppConfig.ready(); `migrate` then grants each group exactly the union.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    OPERATOR = "operator"
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMIN = "admin"
    # Tags calls in annotation campaigns (calls/taxonomy/annotation/) and sees nothing else.
    ANNOTATOR = "annotator"
    # A department that fixes causes (calls/departments/): its reports, alerts and findings, and
    # only the calls that were sent to it.
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        """The role as people call it; the value stays the group's name, which code relies on."""
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.OPERATOR: _("Оператор"),
    Role.TRAINER: _("Тренер"),
    Role.MANAGER: _("Руководитель"),
    Role.ADMIN: _("Администратор"),
    Role.ANNOTATOR: _("Разметчик"),
    Role.DEPARTMENT: _("Сотрудник отдела"),
}


def role_label(group_name: str) -> str:
    """A group's name for people: the role's Russian name, or the name itself for other groups."""
    try:
        return Role(group_name).label
    except ValueError:
        return group_name


AnyUser = AbstractUser | AnonymousUser

# "app_label.codename" by role, as the apps registered them.
_permissions: dict[Role, set[str]] = {role: set() for role in Role}


def register_role_permissions(permissions: Mapping[Role, Iterable[str]]) -> None:
    """Add an app's permissions ("app_label.codename") to the roles; safe to call twice."""
    for role, names in permissions.items():
        for name in names:
            if "." not in name:
                raise ValueError(f"Permission {name!r} must be written as 'app_label.codename'.")
            _permissions[Role(role)].add(name)


def role_permissions() -> dict[Role, frozenset[str]]:
    return {role: frozenset(names) for role, names in _permissions.items()}


def ensure_roles() -> None:
    """Create the role groups and grant them exactly the registered permissions; re-runnable."""
    for role, names in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role.value)
        query = Q(pk__in=[])
        for name in names:
            app_label, codename = name.split(".", 1)
            query |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(query))


def ensure_roles_after_migrate(**kwargs: Any) -> None:
    # Sent once per app after migrate; permissions of every app exist by the last one, and
    # granting is idempotent, so each run leaves the groups right for what exists so far.
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


View = Callable[..., HttpResponse]


def admin_required(view: View) -> View:
    """A page for admins only (the taxonomy editor, the lines' vocabularies): others signed in
    get 403, the rest the sign-in page."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_role(request.user, Role.ADMIN):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped
