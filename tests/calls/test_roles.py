"""calls/roles.py: every role's group exists with its permissions."""

from __future__ import annotations

from django.contrib.auth.models import Group

from project.roles import Role


def test_roles_exist_with_permissions(db: None) -> None:
    groups = {group.name: group for group in Group.objects.all()}
    assert set(groups) >= {role.value for role in Role}
    operator_perms = {
        p.codename for p in groups["operator"].permissions.filter(content_type__app_label="calls")
    }
    assert operator_perms == {"view_call", "view_segment"}
    assert groups["admin"].permissions.filter(codename="delete_call").exists()
