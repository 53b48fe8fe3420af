"""calls/taxonomy/tagging.py: auto-tagging after analysis with its evidence, and the
compiled-rule cache."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from calls.models import Call, CallTag, KeyPhrase, TagEvidence
from calls.taxonomy import tagging
from tests.factories import KeyPhraseFactory, TagFactory, call_with_segments

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[3] / "calls" / "demo" / "taxonomy.json"


def test_imported_transcripts_are_tagged_with_evidence(
    tmp_path: Path,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    run_command: Callable[..., str],
) -> None:
    run_command("import_taxonomy", str(DEMO))
    record = {
        "external_id": "ext-1", "operator": "petrov", "line": "support",
        "started_at": "2026-11-20T10:00:00+03:00",
        "segments": [
            {"speaker": "operator", "start": 0.0, "end": 2.0, "text": "Здравствуйте, слушаю вас"},
            {"speaker": "customer", "start": 2.5, "end": 6.0,
             "text": "Я ждала на линии минут двадцать, а заказ так и не привезли!"},
            {"speaker": "customer", "start": 7.0, "end": 9.0,
             "text": "Я не ждал долго, всё нормально"},
            {"speaker": "operator", "start": 10.0, "end": 12.0, "text": "Вы ждали на линии?"},
        ],
    }
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")

    with django_capture_on_commit_callbacks(execute=True):
        run_command("import_transcripts", str(path), "--create-missing")

    call = Call.objects.get(external_id="ext-1")
    assert call.status == Call.Status.ANALYSED
    tags = {ct.tag.code: ct for ct in call.call_tags.select_related("tag")}
    assert set(tags) == {"long_wait", "delivery_delay"}
    assert all(ct.source == CallTag.Source.AUTO for ct in tags.values())
    evidence = list(tags["long_wait"].evidence.select_related("segment", "phrase"))
    # Only the customer's positive statement: not the negated one, not the operator's question.
    assert [(e.segment.index, e.text, e.phrase.text) for e in evidence] == [
        (1, "ждала на линии", "ждал на линии"),
    ]
    assert 2.5 <= evidence[0].start < evidence[0].end <= 6.0
    delivery = tags["delivery_delay"].evidence.get()
    assert delivery.text == "заказ так и не привезли"


def test_matcher_is_rebuilt_only_when_the_taxonomy_changes(
    django_assert_max_num_queries  # type: ignore[no-untyped-def]
) -> None:
    phrase = KeyPhraseFactory(text="ждал на линии")
    first = tagging.TAXONOMY_PHRASES.compiled()
    assert tagging.TAXONOMY_PHRASES.compiled() is first
    phrase.text = "висел на линии"
    phrase.save()
    second = tagging.TAXONOMY_PHRASES.compiled()
    assert second is not first and second.matcher is not None
    assert second.matcher.rules[0].text == "висел на линии"
    KeyPhrase.objects.all().delete()
    assert tagging.TAXONOMY_PHRASES.compiled().matcher is None
    # Tagging a call costs a fixed number of queries, whatever its length.
    KeyPhraseFactory(text="ждал на линии")
    call = call_with_segments(*[("customer", "ждал на линии")] * 30)
    tagging.TAXONOMY_PHRASES.compiled()
    with django_assert_max_num_queries(12):
        report = tagging.calls_autotag(call_ids=[call.pk])
    assert (report.tags, report.evidence) == (1, 30)


def test_overlapping_phrases_of_one_tag_give_one_piece_of_evidence() -> None:
    tag = TagFactory(code="think")
    KeyPhraseFactory(tag=tag, text="надо подумать", speaker="customer")
    KeyPhraseFactory(tag=tag, text="мне надо подумать", speaker="customer")
    call = call_with_segments(("customer", "Нет, мне надо подумать. Потом надо подумать ещё раз."))

    tagging.calls_autotag(call_ids=[call.pk])

    evidence = TagEvidence.objects.filter(call_tag__call=call).order_by("char_start")
    assert [item.text for item in evidence] == ["мне надо подумать", "надо подумать"]
