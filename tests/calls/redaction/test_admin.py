"""calls/redaction/admin.py: the archive runs and what was hidden per call, in the admin; the
line's redact_audio is edited there."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from calls.models import Line, Redaction, RedactionRun
from tests.factories import CallFactory, LineFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser("root", "root@example.com", "password")


def test_runs_and_redactions_are_shown(superuser: User) -> None:
    client = client_for(superuser)
    RedactionRun.objects.create(status=RedactionRun.Status.RUNNING, total=10, done=4, changed=2)
    listing = client.get(reverse("admin:calls_redactionrun_changelist"))
    assert listing.status_code == 200 and "4/10 (40%)" in listing.content.decode()
    assert client.get(reverse("admin:calls_redactionrun_add")).status_code == 403

    call = CallFactory()
    Redaction.objects.create(call=call, segment_index=3, kind="card", start=1.0, end=2.0)
    page = client.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()
    assert "скрытые персональные данные" in page.lower() and "карта" in page


def test_redact_audio_is_edited_on_the_line(superuser: User) -> None:
    line = LineFactory()
    assert line.redact_audio  # muting is the default
    response = client_for(superuser).post(
        reverse("admin:calls_line_change", args=[line.pk]),
        {"code": line.code, "name": line.name, "operator_channel": "left",
         # The line's vocabulary inline, left empty.
         "terms-TOTAL_FORMS": "0", "terms-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 302
    assert not Line.objects.get(pk=line.pk).redact_audio  # an unticked box
