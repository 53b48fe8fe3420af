"""calls/phrase_runtime/validation.py: a phrase's window is at most a day, in every way a phrase
comes in (a 3,000,000,000-second window overflowed PostgreSQL's integer: a 500)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from calls.models import KeyPhrase, Tag, WindowKind
from calls.phrase_runtime.forms import KeyPhraseForm
from calls.phrase_runtime.validation import WINDOW_MAX_SECONDS, PhraseInvalid, phrase_validate
from tests.factories import TagFactory

pytestmark = pytest.mark.django_db

HUGE = 3_000_000_000


def test_service_refuses_a_window_over_a_day() -> None:
    with pytest.raises(PhraseInvalid, match="длиннее 86\u00a0400\u00a0секунд"):
        phrase_validate(text="жду", speaker="customer", max_gap=1,
                        window_kind=WindowKind.FIRST, window_seconds=HUGE)
    phrase_validate(text="жду", speaker="customer", max_gap=1,
                    window_kind=WindowKind.FIRST, window_seconds=WINDOW_MAX_SECONDS)


def test_form_refuses_it_on_the_seconds_field() -> None:
    form = KeyPhraseForm(data={"text": "жду", "speaker": "customer", "max_gap": 1,
                               "window_kind": WindowKind.LAST, "window_seconds": HUGE})

    assert not form.is_valid()
    assert "window_seconds" in form.errors


def test_api_refuses_it_with_a_400(admin_user) -> None:  # type: ignore[no-untyped-def]
    tag = TagFactory()
    client = APIClient()
    client.force_authenticate(admin_user)

    response = client.post(
        "/api/v1/phrases/",
        {"tag": tag.code, "text": "жду", "speaker": "customer", "max_gap": 1,
         "window": {"kind": "last", "seconds": HUGE}},
        format="json",
    )

    assert response.status_code == 400
    assert "window" in response.json()["error"]["message"]
    assert not KeyPhrase.objects.exists()


@pytest.mark.parametrize("seconds", [HUGE, 1e308])
def test_import_lists_it_and_imports_nothing(
    tmp_path: Path, run_command: Callable[..., str], seconds: float
) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"categories": [{"name": "A", "tags": [
        {"code": "wait", "name": "Ждал", "phrases": [
            {"text": "жду", "speaker": "customer", "window": {"kind": "first",
                                                            "seconds": seconds}}]}]}]}),
        encoding="utf-8")

    with pytest.raises(CommandError, match="от 1 до 86400"):
        run_command("import_taxonomy", str(path))
    assert not Tag.objects.exists()
