from typing import Any

from django.http import HttpRequest

from project.roles import Role, roles_of


def roles(request: HttpRequest) -> dict[str, Any]:
    # An error page for a request refused before the authentication middleware ran (a 400 for a
    # bad Host header) has no user: it gets the layout without a menu instead of a crash.
    user = getattr(request, "user", None)
    user_roles = roles_of(user) if user is not None else set()
    return {"user_roles": {role.value for role in user_roles}, "Role": Role}
