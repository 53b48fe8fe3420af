"""The demo's departments, findings and goal: who gets what, the calls shared with each
department, and a second run that changes nothing."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from calls.demo.actions import DEMO_FINDINGS, DEMO_GOAL, demo_load_actions
from calls.demo.dialogs import DEMO_TZ
from calls.models import Call, ContactGoal, Department, Finding
from tests.factories import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any) -> None:
    # The broker hand-off, replaced: no Whisper here, the calls stay queued.
    monkeypatch.setattr("django_q.tasks.async_task", mock.Mock(name="async_task"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)


def test_departments_subscribe_and_have_their_member(demo: None) -> None:
    logistics = Department.objects.get(code="logistics")
    billing = Department.objects.get(code="billing")
    assert [member.username for member in logistics.members.all()] == ["logistics"]
    assert [member.username for member in billing.members.all()] == ["billing"]
    assert {tag.code for tag in logistics.subscribed_tags()} == {"delivery_delay", "wrong_item"}
    assert "double_charge" in {tag.code for tag in billing.subscribed_tags()}


def test_one_finding_is_open_and_one_in_progress_each_with_its_call(demo: None) -> None:
    findings = {finding.department.code: finding for finding in Finding.objects.all()}
    assert findings["logistics"].status == Finding.Status.OPEN
    assert findings["billing"].status == Finding.Status.IN_PROGRESS
    assert [call.external_id for call in findings["logistics"].calls.all()] == ["demo-001"]
    assert [call.external_id for call in findings["billing"].calls.all()] == ["demo-002"]
    opened_on = findings["logistics"].created_at.astimezone(DEMO_TZ).date()
    assert findings["logistics"].due_on > opened_on
    assert ContactGoal.objects.get(name=DEMO_GOAL).line.code == "delivery"


def test_a_member_hears_the_calls_of_their_finding_and_no_others(demo: None) -> None:
    member = client_for(User.objects.get(username="logistics"))
    shown = Call.objects.get(external_id="demo-001")
    billing_call = Call.objects.get(external_id="demo-002")
    assert member.get(reverse("calls:detail", args=[shown.pk])).status_code == 200
    assert member.get(reverse("calls:detail", args=[billing_call.pk])).status_code == 404


def test_a_second_run_changes_nothing_even_after_people_edited(demo: None) -> None:
    finding = Finding.objects.get(title=DEMO_FINDINGS[0].title)
    finding.delete()  # gone: created again, under the same title
    Department.objects.filter(code="billing").update(description="Своё описание")
    report = demo_load_actions(today=finding.due_on)
    assert (report.departments, report.goals) == (0, 0)
    assert report.findings == 1  # only the deleted one
    assert Department.objects.get(code="billing").description == "Своё описание"
    assert Finding.objects.count() == len(DEMO_FINDINGS)
