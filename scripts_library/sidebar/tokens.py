"""One API token per operator for the CRM (DRF authtoken: one token per user)."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from calls.models import Operator
from project.errors import DomainError
from project.roles import Role, has_role


def operator_token(*, operator_code: str, rotate: bool = False) -> tuple[Operator, Token, bool]:
    """The operator's token, created when missing or replaced when `rotate`; returns
    (operator, token, whether it is new). A rotated token invalidates the old one at once."""
    operator = Operator.objects.select_related("user").filter(code=operator_code).first()
    if operator is None:
        raise DomainError(f"Нет оператора с кодом «{operator_code}».", code="unknown_operator")
    if operator.user is None:
        raise DomainError(
            f"У оператора «{operator_code}» нет пользователя: привяжите пользователя в "
            "админке (Операторы → пользователь).", code="operator_without_user",
        )
    if not has_role(operator.user, Role.OPERATOR):
        raise DomainError(
            f"У пользователя оператора «{operator_code}» нет роли оператора.",
            code="not_an_operator",
        )
    with transaction.atomic():
        if rotate:
            Token.objects.filter(user=operator.user).delete()
        token, created = Token.objects.get_or_create(user=operator.user)
    return operator, token, created
