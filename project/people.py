"""People as the pages name them (a tag's or a correction's author on the call page)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser


def person_name(user: AbstractBaseUser | None) -> str | None:
    """People are named as the pages name them: by full name, the login only without one."""
    if user is None:
        return None
    full_name = getattr(user, "get_full_name", lambda: "")()
    return str(full_name or user.get_username())
