"""project/admin.py: the admin names roles, permissions and login protection in Russian, and a
role's group cannot be renamed (code finds it by name)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from project.admin import permission_label
from project.roles import Role, ensure_roles, role_label
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_() -> Client:
    ensure_roles()
    boss = UserFactory(username="boss", role=Role.ADMIN, is_staff=True, is_superuser=True)
    return client_for(boss)


def test_role_labels_are_the_products_russian_names() -> None:
    assert [role.label for role in Role] == ["Оператор", "Тренер", "Руководитель",
                                             "Администратор", "Разметчик", "Сотрудник отдела"]
    assert role_label("manager") == "Руководитель"
    assert role_label("Аудиторы") == "Аудиторы"


def test_the_user_list_shows_and_filters_roles_in_russian(admin_client_: Client) -> None:
    UserFactory(username="olga", role=Role.TRAINER)
    UserFactory(username="anna", role=Role.OPERATOR)
    url = reverse("admin:auth_user_changelist")
    html = admin_client_.get(url).content.decode()
    for label in ("Оператор", "Тренер", "Руководитель", "Администратор"):
        assert label in html
    assert "?role=operator" in html
    filtered = admin_client_.get(url, {"role": "trainer"})
    users = list(filtered.context["cl"].result_list)
    assert [user.username for user in users] == ["olga"]


def test_the_user_form_offers_roles_and_permissions_in_russian(admin_client_: Client) -> None:
    user = UserFactory(username="olga", role=Role.TRAINER)
    response = admin_client_.get(
        reverse("admin:auth_user_change", args=[user.pk]))
    form = response.context["adminform"].form
    groups = dict((str(value), label) for value, label in form.fields["groups"].choices)
    trainer = Group.objects.get(name="trainer")
    assert groups[str(trainer.pk)] == "Тренер"
    assert form.fields["groups"].label == "Роли"
    labels = [label for _value, label in form.fields["user_permissions"].choices]
    assert "Звонки | звонок | изменение" in labels
    assert not [label for label in labels if "Can " in label]


def test_a_roles_group_cannot_be_renamed(admin_client_: Client) -> None:
    group = Group.objects.get(name="operator")
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = admin_client_.get(url)
    assert "name" not in response.context["adminform"].form.fields
    assert "Оператор" in response.content.decode()
    admin_client_.post(url, {"name": "операторы", "permissions": []})
    group.refresh_from_db()
    assert group.name == "operator"
    listing = admin_client_.get(reverse("admin:auth_group_changelist"))
    assert "Руководитель" in listing.content.decode()


def test_other_groups_keep_their_name_field(admin_client_: Client) -> None:
    group = Group.objects.create(name="Аудиторы")
    response = admin_client_.get(
        reverse("admin:auth_group_change", args=[group.pk]))
    assert "name" in response.context["adminform"].form.fields


def test_permission_labels() -> None:
    change = Permission.objects.get(codename="change_user")
    assert permission_label(change) == "Пользователи и группы | пользователь | изменение"
    expiration = Permission.objects.get(codename="view_accessattemptexpiration")
    assert permission_label(expiration) == "Защита входа | срок попытки входа | просмотр"


def test_login_protection_is_a_russian_section(admin_client_: Client) -> None:
    assert apps.get_app_config("axes").verbose_name == "Защита входа"
    AccessAttempt.objects.create(username="anna", ip_address="10.0.0.1", user_agent="test",
                                 failures_since_start=1, get_data="", post_data="",
                                 http_accept="*/*", path_info="/login/")
    html = admin_client_.get(
        reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Защита входа" in html
    assert "Locked Out" not in html
    assert "Attempt Remaining" not in html
    index = admin_client_.get(reverse("admin:index")).content.decode()
    assert "Axes" not in index


def test_list_and_form_titles_read_right(admin_client_: Client) -> None:
    user = UserFactory(username="olga", role=Role.TRAINER)
    listing = admin_client_.get(reverse("admin:auth_user_changelist")).content.decode()
    assert "<h1>Пользователи</h1>" in listing
    assert "Выберите пользователь" not in listing
    form = admin_client_.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert "<h1>Пользователь</h1>" in form
    assert "<title>Пользователь: olga | Слышу</title>" in form
    added = admin_client_.get(reverse("admin:auth_group_add")).content.decode()
    assert "<h1>Добавление: группа</h1>" in added
    assert "Пользователи: 2" in listing  # the admin and olga
