"""load_demo: the demo people, lines, taxonomy and calls, created once and queued."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from calls.demo.dialogs import DEMO_TZ, load_dialogs
from calls.demo.seed import DEMO_OPERATORS, DEMO_PASSWORD, demo_credentials
from calls.demo.synthesis import read_manifest
from calls.models import (
    Call,
    ContactGoal,
    Department,
    Finding,
    Line,
    Operator,
    Segment,
    Team,
)
from project.roles import Role, roles_of

DIALOGS = load_dialogs()
MANIFEST = read_manifest()


@pytest.fixture
def async_task(monkeypatch: pytest.MonkeyPatch) -> mock.Mock:
    """The broker hand-off, replaced so no test ever runs a Whisper model."""
    fake = mock.Mock(name="async_task")
    monkeypatch.setattr("django_q.tasks.async_task", fake)
    return fake


def _load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_creates_people_and_queues_every_call(
    async_task: mock.Mock, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        output = _load_demo()

    for username, password, role in demo_credentials():
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert role in roles_of(user)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.groups.filter(name=Role.ADMIN.value).exists()

    manager = User.objects.get(username="manager")
    assert Team.objects.filter(manager=manager).count() == 2
    operators = Operator.objects.select_related("user", "team")
    assert {op.code for op in operators} == {spec.code for spec in DEMO_OPERATORS}
    for op in operators:
        assert op.user is not None and op.user.username == op.code
        assert op.team is not None and op.hired_on is not None
        assert op.display_name != op.code
    assert set(Line.objects.values_list("code", flat=True)) == {
        "delivery", "payments", "sales", "support"
    }
    assert Line.objects.get(code="support").operator_channel == Line.Channel.LEFT

    calls = Call.objects.select_related("operator", "line")
    assert calls.count() == len(DIALOGS)
    today = timezone.localdate(timezone=DEMO_TZ)
    for dialog in DIALOGS:
        call = calls.get(external_id=dialog.id)
        assert call.status == Call.Status.QUEUED
        assert call.source == Call.Source.IMPORT
        assert call.is_stereo
        assert call.operator is not None and call.operator.code == dialog.operator
        assert call.line is not None and call.line.code == dialog.line
        assert call.outcome == dialog.outcome
        assert call.started_at == dialog.started_at(today=today)
        assert call.customer_phone_masked.endswith(dialog.customer_phone[-2:])
        assert call.duration == pytest.approx(MANIFEST[dialog.id]["duration"], abs=0.1)

    queued = sorted(c.args for c in async_task.call_args_list)
    assert queued == sorted(
        ("calls.tasks.transcribe_call", call.pk) for call in Call.objects.all()
    )
    assert "calls 12 new / 0 existing" in output


@pytest.mark.django_db
def test_a_plain_test_does_not_transcribe(async_task: mock.Mock) -> None:
    # Outside django_capture_on_commit_callbacks the test transaction never commits, so the
    # on_commit hand-off (which with sync=True would transcribe inline) never happens.
    _load_demo()

    async_task.assert_not_called()
    assert not Segment.objects.exists()
    assert set(Call.objects.values_list("status", flat=True)) == {Call.Status.QUEUED}


@pytest.mark.django_db
def test_load_demo_again_creates_nothing(async_task: mock.Mock) -> None:
    _load_demo()
    anna = User.objects.get(username="anna")
    anna.set_password("changed-on-purpose-1")
    anna.save()
    models = (User, Team, Operator, Line, Call, Department, Finding, ContactGoal)
    counts = [model.objects.count() for model in models]

    output = _load_demo()

    assert [model.objects.count() for model in models] == counts
    assert f"users 0 new / {len(demo_credentials())} existing" in output
    assert "calls 0 new / 12 existing" in output
    assert "departments 0, findings 0, goals 0 new" in output
    anna.refresh_from_db()
    assert anna.check_password("changed-on-purpose-1"), "an existing user keeps its password"


@pytest.mark.django_db
def test_credentials_only_print(async_task: mock.Mock) -> None:
    output = _load_demo("--credentials")

    assert not User.objects.exists() and not Call.objects.exists()
    for username, _password, role in demo_credentials():
        assert re.search(rf"{role.value}\s+{username}\s+{re.escape(DEMO_PASSWORD)}", output)


@pytest.mark.django_db
def test_load_demo_imports_the_taxonomy_once_and_keeps_later_edits(async_task: mock.Mock) -> None:
    from calls.models import Tag

    _load_demo()
    assert Tag.objects.filter(is_active=True).count() >= 8
    edited = Tag.objects.order_by("code").first()
    assert edited is not None
    Tag.objects.filter(pk=edited.pk).update(name="Переименован администратором")

    _load_demo()

    edited.refresh_from_db()
    assert edited.name == "Переименован администратором"
