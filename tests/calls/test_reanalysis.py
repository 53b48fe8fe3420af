"""calls/reanalysis.py: re-analysis keeps manual tags, replaces auto ones, and reports
its progress when it runs in the background."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from calls.models import Call, CallTag, ReanalysisRun, TagEvidence
from calls.taxonomy import tagging
from calls.taxonomy.services import call_tag_add, phrase_update, tag_set_active
from tests.factories import (
    CallFactory,
    KeyPhraseFactory,
    TagFactory,
    UserFactory,
    call_with_segments,
)

pytestmark = pytest.mark.django_db


def test_reanalysis_keeps_manual_tags_and_replaces_auto_ones(
    run_command: Callable[..., str]
) -> None:
    phrase = KeyPhraseFactory(text="ждал на линии", speaker="customer")
    other = TagFactory(code="refund")
    KeyPhraseFactory(tag=other, text="верните деньги", speaker="customer")
    call = call_with_segments(("customer", "Я ждал на линии час, верните деньги"))
    tagging.calls_autotag(call_ids=[call.pk])
    manual_user = UserFactory()
    call_tag_add(call=call, tag=phrase.tag, user=manual_user)
    assert sorted(call.call_tags.values_list("tag__code", "source")) == sorted([
        (phrase.tag.code, "auto"), (phrase.tag.code, "manual"), ("refund", "auto"),
    ])

    # The trainer narrows the phrase: it no longer matches; the other tag is retired.
    phrase_update(phrase=phrase, text="висел на линии", speaker="customer", max_gap=1)
    tag_set_active(tag=other, active=False)
    output = run_command("reanalyse", "--sync")

    assert "Re-analysed 1 calls" in output
    assert list(call.call_tags.values_list("tag__code", "source", "created_by")) == [
        (phrase.tag.code, "manual", manual_user.pk),
    ]
    assert not TagEvidence.objects.exists()
    run = ReanalysisRun.objects.get()
    assert (run.status, run.total, run.done, run.percent) == ("done", 1, 1, 100)


def test_reanalysis_in_the_background_reports_progress(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    run_command: Callable[..., str],
) -> None:
    monkeypatch.setattr("calls.reanalysis.CHUNK_SIZE", 2)
    KeyPhraseFactory(text="верните деньги")
    old = call_with_segments(("customer", "Верните деньги"), started_at="2020-01-01T10:00:00+03:00")
    calls = [call_with_segments(("customer", "Верните деньги, пожалуйста")) for _ in range(4)]
    CallFactory(status=Call.Status.TRANSCRIBING)  # not analysed yet: the pipeline will tag it

    with django_capture_on_commit_callbacks(execute=True):
        run_command("reanalyse", "--since", "2021-01-01")

    run = ReanalysisRun.objects.get()
    assert (run.status, run.total, run.done) == ("done", 4, 4)
    assert CallTag.objects.filter(call__in=calls).count() == 4
    assert not old.call_tags.exists()
