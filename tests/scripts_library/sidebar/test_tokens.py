"""`manage.py sidebar_token OPERATOR_CODE [--rotate]`: one API token per operator."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from calls.models import Operator
from project.roles import Role
from tests.factories import OperatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def issue(*args: str) -> str:
    out = StringIO()
    call_command("sidebar_token", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_the_token_is_created_once_and_works(operator: Operator) -> None:
    key = issue(operator.code)
    assert issue(operator.code) == key
    assert Token.objects.get(user=operator.user).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/sidebar/library").status_code == 200


def test_rotate_replaces_the_token_and_the_old_one_stops_working(operator: Operator) -> None:
    old = issue(operator.code)
    new = issue(operator.code, "--rotate")
    assert new != old
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get("/api/v1/sidebar/library").status_code == 401


@pytest.mark.parametrize("make,message", [
    (lambda: None, "Нет оператора"),
    (lambda: OperatorFactory(code="nouser", user=None), "нет пользователя"),
    (lambda: OperatorFactory(code="norole", user=UserFactory(role=Role.TRAINER)),
     "нет роли оператора"),
])
def test_refusals_say_why(make: object, message: str) -> None:
    make()  # type: ignore[operator]
    code = {"Нет оператора": "ghost", "нет пользователя": "nouser"}.get(message, "norole")
    with pytest.raises(CommandError, match=message):
        issue(code)
