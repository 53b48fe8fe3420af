from typing import Any

from django.http import HttpRequest

from project.roles import Role, roles_of


def roles(request: HttpRequest) -> dict[str, Any]:
    user_roles = roles_of(request.user)
    return {"user_roles": {role.value for role in user_roles}, "Role": Role}
