"""calls/transcripts.py with redaction: personal data in an imported transcript (the issue's own
example) is replaced before it is stored, so neither the API nor the call page can show it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from calls.models import Segment
from calls.transcripts import call_import_transcript
from tests.factories import LineFactory, OperatorFactory, api_client_for, client_for

pytestmark = pytest.mark.django_db

CARD = "4276 3801 2345 6787"  # Luhn-valid
PHONE = "8 916 123 45 67"
# Digit boundaries: a timestamp's microseconds or a checksum may hold "3801" by chance;
# the whole numbers written without spaces are looked for as they are.
LEAKS = re.compile(
    r"(?<!\d)(?:4276|3801|2345|6787|916\s?123|123\s?45\s?67)(?!\d)"
    r"|42763801|23456787|9161234567|ivan@example"
)


def _record(operator: str) -> dict:
    return {
        "external_id": "crm-pii", "operator": operator, "line": "support",
        "started_at": "2026-11-20T10:15:00+03:00",
        "segments": [
            {"speaker": "operator", "start": 0.0, "end": 2.0, "text": "Слушаю вас"},
            {"speaker": "customer", "start": 2.5, "end": 9.0,
             "text": f"мой номер {PHONE}, карта {CARD}"},
            {"speaker": "customer", "start": 9.5, "end": 12.0,
             "text": "почта ivan@example.com"},
        ],
    }


def test_an_imported_card_phone_and_email_are_stored_redacted(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    LineFactory()
    operator = OperatorFactory(code="ivanova")
    with django_capture_on_commit_callbacks(execute=True):
        call = call_import_transcript(record=_record("ivanova")).call

    texts = list(Segment.objects.filter(call=call).order_by("index").values_list("text", flat=True))
    assert texts[1] == "мой номер [телефон], карта [карта]"
    assert "[email]" in texts[2]
    assert not any(LEAKS.search(text) for text in texts)
    assert sorted(call.redactions.values_list("kind", flat=True)) == ["card", "email", "phone"]

    api = api_client_for(operator.user).get(reverse("api-call-detail", args=[call.pk]))
    assert api.status_code == 200 and not LEAKS.search(api.content.decode())
    html = client_for(operator.user).get(reverse("calls:detail", args=[call.pk])) \
        .content.decode()
    assert "Скрыто персональных данных: 3 (телефон, карта, email)" in html
    assert not LEAKS.search(re.sub(r'nonce="[^"]*"', "", html))


def test_the_import_command_stores_redacted_text(tmp_path: Path, run_command) -> None:  # type: ignore[no-untyped-def]
    LineFactory()
    OperatorFactory(code="petrov")
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(_record("petrov"), ensure_ascii=False) + "\n", encoding="utf-8")

    run_command("import_transcripts", str(path))

    assert Segment.objects.count() == 3
    assert not any(LEAKS.search(text) for text in Segment.objects.values_list("text", flat=True))
