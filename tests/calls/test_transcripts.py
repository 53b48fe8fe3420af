"""calls/transcripts.py: a transcript record with impossible dates, numbers or sizes is refused
with a Russian reason (recorded), never stored and never a crash."""

from __future__ import annotations

from typing import Any

import pytest

from calls.errors import DomainError
from calls.models import Call, RejectedUpload
from calls.transcripts import call_import_transcript

pytestmark = pytest.mark.django_db


def _record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "external_id": "ext-1", "started_at": "2026-11-20T10:00:00+03:00",
        "segments": [{"speaker": "operator", "start": 0.0, "end": 1.5, "text": "Здравствуйте"}],
    }
    record.update(changes)
    return record


def _segment(**changes: Any) -> dict[str, Any]:
    return {"speaker": "operator", "start": 0.0, "end": 1.5, "text": "Здравствуйте", **changes}


@pytest.mark.parametrize(("changes", "needle"), [
    # Stored, 9999 made every list 500 on PostgreSQL (`timestamp too large`).
    ({"started_at": "9999-12-31T00:00:00-12:00"}, "вне допустимого диапазона"),
    ({"started_at": "2100-01-01T00:00:00+00:00"}, "вне допустимого диапазона"),
    ({"started_at": "1999-12-31T23:00:00+00:00"}, "вне допустимого диапазона"),
    ({"started_at": "2026-13-01T10:00:00"}, "не похоже на дату"),
    ({"segments": [_segment(end=1e308)]}, "Реплика 0"),
    ({"segments": [_segment(start=float("nan"))]}, "Реплика 0"),
    ({"segments": [_segment(), _segment(start=-1.0)]}, "Реплика 1"),
    ({"segments": [_segment(text="а" * 5001)]}, "длиннее 5000 символов"),
    ({"segments": [_segment()] * 5001}, "Слишком много реплик"),
    ({"external_id": "x" * 10_000}, "длиннее 200\u00a0символов"),
    ({"operator": "o" * 10_000}, "Код оператора"),
    ({"line": "<b>bad line</b>"}, "Код линии"),
    ({"customer": "call me maybe"}, "Телефон клиента"),
    ({"customer": "123"}, "Телефон клиента"),
])
def test_bad_record_is_refused_and_recorded(changes: dict[str, Any], needle: str) -> None:
    with pytest.raises(DomainError) as caught:
        call_import_transcript(record=_record(**changes), create_missing=True)

    assert needle in caught.value.message
    assert not Call.objects.exists()
    assert RejectedUpload.objects.get().reason == caught.value.message


def test_limits_are_settings(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TRANSCRIPT_MAX_SEGMENTS = 2
    with pytest.raises(DomainError, match="не больше 2"):
        call_import_transcript(record=_record(segments=[_segment()] * 3))


def test_a_sane_record_is_stored() -> None:
    result = call_import_transcript(
        record=_record(customer="+7 916 000-11-22", operator="op.7_a-b", line="support"),
        create_missing=True,
    )

    assert result.created
    assert result.call.customer_phone_masked == "+7 9** ***-**-22"
