"""The demo set: its dialogs, the committed recordings and references, and load_demo."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import av
import numpy as np
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from calls.demo.dialogs import AUDIO_DIR, DEMO_TZ, Dialog, load_dialogs
from calls.demo.seed import DEMO_OPERATORS, DEMO_PASSWORD, demo_credentials
from calls.demo.synthesis import missing_tools, read_manifest, synthesize_dialog
from calls.models import Call, Line, Operator, Segment, Team
from calls.roles import Role, roles_of

DIALOGS = load_dialogs()
MANIFEST = read_manifest()


def _decoded(path: Path) -> tuple[np.ndarray[Any, Any], int, float]:
    """Channels × samples as floats, the decoded rate, and the duration the container states."""
    with av.open(str(path)) as container:
        stated = (container.duration or 0) / av.time_base
        frames = [frame.to_ndarray() for frame in container.decode(audio=0)]
        rate = container.streams.audio[0].rate
    return np.concatenate(frames, axis=1), rate, stated


# --- the dialogs as written ----------------------------------------------------------------------

def test_dialogs_cover_the_demo_center() -> None:
    assert len(DIALOGS) == 12
    assert len({dialog.id for dialog in DIALOGS}) == 12
    operator_codes = {spec.code for spec in DEMO_OPERATORS}
    for dialog in DIALOGS:
        assert dialog.line in {"delivery", "payments", "sales", "support"}
        assert dialog.direction in Call.Direction.values
        assert dialog.outcome in Call.Outcome.values
        assert dialog.operator in operator_codes
        assert 1 <= dialog.days_ago <= 14, "spread over the last two weeks, never in the future"
        assert 4 <= len(dialog.turns) <= 8
        for turn in dialog.turns:
            # espeak-ng reads digits in its own way; the reference must be what was said.
            assert not re.search(r"\d", turn.text), turn.text
    assert {"sale", "no_sale"} <= {dialog.outcome for dialog in DIALOGS}


# --- the committed recordings --------------------------------------------------------------------

@pytest.mark.parametrize("dialog", DIALOGS, ids=lambda dialog: dialog.id)
def test_recording_matches_its_reference(dialog: Dialog) -> None:
    path = AUDIO_DIR / dialog.filename
    assert path.is_file(), "run `python manage.py synth_demo` and commit calls/demo/audio/"
    entry = MANIFEST[dialog.id]
    samples, rate, stated = _decoded(path)
    decoded_duration = samples.shape[1] / rate

    assert samples.shape[0] == 2
    assert abs(decoded_duration - entry["duration"]) < 0.1
    assert abs(stated - entry["duration"]) < 0.1
    assert 20 <= entry["duration"] <= 46

    segments = entry["segments"]
    assert [(s["speaker"], s["text"]) for s in segments] == [
        (turn.speaker, turn.text) for turn in dialog.turns
    ], "dialogs.json changed after the audio was made: run synth_demo"
    previous_end = 0.0
    for segment in segments:
        assert previous_end < segment["start"] < segment["end"] <= entry["duration"]
        previous_end = segment["end"]
        # The transcription puts the speaker by channel, so the other channel must stay quiet.
        start, end = int(segment["start"] * rate), int(segment["end"] * rate)
        left, right = (float(np.sqrt(np.mean(samples[ch, start:end] ** 2))) for ch in (0, 1))
        own, other = (left, right) if segment["speaker"] == "operator" else (right, left)
        assert own > 30 * other, f"{segment['speaker']} leaks into the other channel"


def test_manifest_lists_exactly_the_dialogs_and_audio_stays_small() -> None:
    assert set(MANIFEST) == {dialog.id for dialog in DIALOGS}
    assert {path.name for path in AUDIO_DIR.glob("*.ogg")} == {d.filename for d in DIALOGS}
    assert sum(path.stat().st_size for path in AUDIO_DIR.glob("*.ogg")) < 1_500_000


def test_synthesis_reproduces_the_committed_timing(tmp_path: Path) -> None:
    dialog = min(DIALOGS, key=lambda d: MANIFEST[d.id]["duration"])
    engine = MANIFEST[dialog.id]["engine"]
    missing = missing_tools(engine)
    if missing:
        pytest.skip(f"needs {', '.join(missing)} to synthesize")
    recording = synthesize_dialog(dialog=dialog, path=tmp_path / dialog.filename, engine=engine)

    committed = MANIFEST[dialog.id]
    assert recording.duration == pytest.approx(committed["duration"], abs=0.25)
    for made, kept in zip(recording.segments, committed["segments"], strict=True):
        assert made.start == pytest.approx(kept["start"], abs=0.25)
        assert made.end == pytest.approx(kept["end"], abs=0.25)
    samples, rate, _stated = _decoded(recording.path)
    assert abs(samples.shape[1] / rate - recording.duration) < 0.1


# --- load_demo -----------------------------------------------------------------------------------

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
    counts = [model.objects.count() for model in (User, Team, Operator, Line, Call)]

    output = _load_demo()

    assert [model.objects.count() for model in (User, Team, Operator, Line, Call)] == counts
    assert "users 0 new / 7 existing" in output
    assert "calls 0 new / 12 existing" in output
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
