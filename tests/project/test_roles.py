"""project/roles.py: apps register permissions; migrate grants each group exactly their union."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from project import roles
from project.roles import Role, ensure_roles, register_role_permissions, role_permissions

pytestmark = pytest.mark.django_db


def _granted(role: Role) -> set[str]:
    group = Group.objects.get(name=role.value)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_the_calls_app_registered_its_permissions_and_migrate_granted_them() -> None:
    assert "calls.view_call" in role_permissions()[Role.OPERATOR]
    assert {name for name in _granted(Role.OPERATOR) if name.startswith("calls.")} == {
        "calls.view_call", "calls.view_segment",
    }
    assert "calls.change_tag" in _granted(Role.ADMIN)
    assert "calls.change_tag" not in _granted(Role.MANAGER)


def test_a_later_app_adds_to_the_groups(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(roles, "_permissions",
                        {role: set(names) for role, names in role_permissions().items()})
    register_role_permissions({Role.TRAINER: {"auth.view_group"}})
    ensure_roles()
    assert "auth.view_group" in _granted(Role.TRAINER)
    assert "auth.view_group" not in _granted(Role.OPERATOR)
    # Granting is exact: what no app registers any more is taken away on the next migrate.
    monkeypatch.undo()
    ensure_roles()
    assert "auth.view_group" not in _granted(Role.TRAINER)


def test_a_permission_must_name_its_app() -> None:
    with pytest.raises(ValueError, match="app_label.codename"):
        register_role_permissions({Role.ADMIN: {"view_call"}})
