"""Factories for departments and findings (calls/departments/findings/)."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth.models import User
from django.utils import timezone

from calls.models import Department, Finding
from project.roles import Role
from tests.factories import UserFactory


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Отдел {n}")
    code = factory.Sequence(lambda n: f"dept-{n}")


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    title = factory.Sequence(lambda n: f"Проблема {n}")
    department = factory.SubFactory(DepartmentFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    created_by = factory.SubFactory(UserFactory, role=Role.MANAGER)


def department_member(department: Department, **fields: object) -> User:
    """A «Сотрудник отдела» of `department`."""
    user: User = UserFactory(role=Role.DEPARTMENT, **fields)
    department.members.add(user)
    return user
