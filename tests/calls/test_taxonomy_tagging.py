"""Auto-tagging after analysis, re-analysis (manual tags stay), the compiled-rule cache and
export_calls."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from calls.models import Call, CallTag, KeyPhrase, ReanalysisRun, TagEvidence
from calls.taxonomy import tagging
from calls.taxonomy.services import call_tag_add, phrase_update, tag_set_active
from tests.factories import (
    CallFactory,
    KeyPhraseFactory,
    SegmentFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[2] / "calls" / "demo" / "taxonomy.json"


def _run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def _call_with(*lines: tuple[str, str], **fields: object) -> Call:
    call = CallFactory(**fields)
    for index, (speaker, text) in enumerate(lines):
        SegmentFactory(call=call, index=index, speaker=speaker, start=index * 5.0,
                       end=index * 5.0 + 4.0, text=text)
    return call


def test_imported_transcripts_are_tagged_with_evidence(
    tmp_path: Path, django_capture_on_commit_callbacks  # type: ignore[no-untyped-def]
) -> None:
    _run("import_taxonomy", str(DEMO))
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
        _run("import_transcripts", str(path))

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


def test_reanalysis_keeps_manual_tags_and_replaces_auto_ones() -> None:
    phrase = KeyPhraseFactory(text="ждал на линии", speaker="customer")
    other = TagFactory(code="refund")
    KeyPhraseFactory(tag=other, text="верните деньги", speaker="customer")
    call = _call_with(("customer", "Я ждал на линии час, верните деньги"))
    tagging.calls_autotag(call_ids=[call.pk])
    manual_user = UserFactory()
    call_tag_add(call=call, tag=phrase.tag, user=manual_user)
    assert sorted(call.call_tags.values_list("tag__code", "source")) == sorted([
        (phrase.tag.code, "auto"), (phrase.tag.code, "manual"), ("refund", "auto"),
    ])

    # The trainer narrows the phrase: it no longer matches; the other tag is retired.
    phrase_update(phrase=phrase, text="висел на линии", speaker="customer", max_gap=1)
    tag_set_active(tag=other, active=False)
    output = _run("reanalyse", "--sync")

    assert "Re-analysed 1 calls" in output
    assert list(call.call_tags.values_list("tag__code", "source", "created_by")) == [
        (phrase.tag.code, "manual", manual_user.pk),
    ]
    assert not TagEvidence.objects.exists()
    run = ReanalysisRun.objects.get()
    assert (run.status, run.total, run.done, run.percent) == ("done", 1, 1, 100)


def test_reanalysis_in_the_background_reports_progress(
    django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr("calls.taxonomy.reanalysis.CHUNK_SIZE", 2)
    KeyPhraseFactory(text="верните деньги")
    old = _call_with(("customer", "Верните деньги"), started_at="2020-01-01T10:00:00+03:00")
    calls = [_call_with(("customer", "Верните деньги, пожалуйста")) for _ in range(4)]
    CallFactory(status=Call.Status.TRANSCRIBING)  # not analysed yet: the pipeline will tag it

    with django_capture_on_commit_callbacks(execute=True):
        _run("reanalyse", "--since", "2021-01-01")

    run = ReanalysisRun.objects.get()
    assert (run.status, run.total, run.done) == ("done", 4, 4)
    assert CallTag.objects.filter(call__in=calls).count() == 4
    assert not old.call_tags.exists()


def test_matcher_is_rebuilt_only_when_the_taxonomy_changes(
    django_assert_max_num_queries  # type: ignore[no-untyped-def]
) -> None:
    phrase = KeyPhraseFactory(text="ждал на линии")
    first = tagging.compiled_taxonomy()
    assert tagging.compiled_taxonomy() is first
    phrase.text = "висел на линии"
    phrase.save()
    second = tagging.compiled_taxonomy()
    assert second is not first and second.matcher is not None
    assert second.matcher.rules[0].text == "висел на линии"
    KeyPhrase.objects.all().delete()
    assert tagging.compiled_taxonomy().matcher is None
    # Tagging a call costs a fixed number of queries, whatever its length.
    KeyPhraseFactory(text="ждал на линии")
    call = _call_with(*[("customer", "ждал на линии")] * 30)
    tagging.compiled_taxonomy()
    with django_assert_max_num_queries(12):
        report = tagging.calls_autotag(call_ids=[call.pk])
    assert (report.tags, report.evidence) == (1, 30)


def test_export_calls_jsonl_and_csv(tmp_path: Path) -> None:
    phrase = KeyPhraseFactory(text="верните деньги", tag__code="refund")
    call = _call_with(("operator", "Добрый день"), ("customer", "Верните деньги!"))
    quiet = _call_with(("customer", "Всё хорошо"))
    tagging.calls_autotag(call_ids=[call.pk, quiet.pk])
    call_tag_add(call=quiet, tag=phrase.tag, user=None)

    rows = [json.loads(line) for line in _run("export_calls").splitlines()]
    by_id = {row["external_id"]: row for row in rows}
    assert by_id[call.external_id]["tags"] == ["refund"]
    assert by_id[call.external_id]["operator"] == call.operator.code
    assert by_id[call.external_id]["evidence"] == [
        {"tag": "refund", "segment": 1, "start": pytest.approx(5.0, abs=0.01),
         "end": pytest.approx(5.0 + 4.0 * 14 / 15, abs=0.01), "text": "Верните деньги"},
    ]
    assert by_id[quiet.external_id]["manual_tags"] == ["refund"]

    path = tmp_path / "calls.csv"
    _run("export_calls", "--format", "csv", "-o", str(path))
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == 2
    row = next(r for r in table if r["external_id"] == call.external_id)
    assert row["tags"] == "refund"
    assert json.loads(row["evidence"])[0]["text"] == "Верните деньги"
    assert _run("export_calls", "--since", "2999-01-01") == ""


def test_overlapping_phrases_of_one_tag_give_one_piece_of_evidence() -> None:
    tag = TagFactory(code="think")
    KeyPhraseFactory(tag=tag, text="надо подумать", speaker="customer")
    KeyPhraseFactory(tag=tag, text="мне надо подумать", speaker="customer")
    call = _call_with(("customer", "Нет, мне надо подумать. Потом надо подумать ещё раз."))

    tagging.calls_autotag(call_ids=[call.pk])

    evidence = TagEvidence.objects.filter(call_tag__call=call).order_by("char_start")
    assert [item.text for item in evidence] == ["мне надо подумать", "надо подумать"]
