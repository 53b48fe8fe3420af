import pytest
from django.contrib.auth.models import Group

from project.roles import Role

pytestmark = pytest.mark.django_db


def _granted(role: Role) -> set[str]:
    group = Group.objects.get(name=role.value)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
        if app == "scripts_library"
    }


def test_trainers_keep_the_library_and_operators_read_it() -> None:
    assert "scripts_library.change_responseblock" in _granted(Role.TRAINER)
    assert "scripts_library.change_reviewsuggestion" in _granted(Role.TRAINER)
    operator = _granted(Role.OPERATOR)
    assert "scripts_library.view_objection" in operator
    assert "scripts_library.add_sidebarevent" in operator
    assert not {name for name in operator if name.split(".")[1].startswith(("change_", "delete_"))}
    assert "scripts_library.change_objection" not in _granted(Role.MANAGER)
    assert "scripts_library.delete_objectionhit" in _granted(Role.ADMIN)
