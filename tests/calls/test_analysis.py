"""calls/analysis.py: the registry of analysers, as the pipeline and re-analysis run it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from calls import analysis
from calls.analysis import (
    TRANSCRIPT,
    Analyser,
    analyse_calls,
    analysers_for,
    register_analyser,
    registered_analysers,
)
from calls.models import Call, CallTag, ReanalysisRun
from calls.pipeline import call_analyse
from calls.reanalysis import UnknownAnalyser, reanalysis_run_slice, reanalysis_start
from tests.factories import KeyPhraseFactory, call_with_segments


class Recorder:
    """A stand-in for a later app's analyser: it remembers which calls it was given."""

    def __init__(self) -> None:
        self.seen: list[list[int]] = []

    def __call__(self, *, call_ids: Sequence[int], now: datetime) -> int:
        self.seen.append(list(call_ids))
        return len(call_ids)


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Analyser]]:
    """The calls app's own analysers (tags), restored after the test. Later apps' analysers
    (the scripts library's real "objections") are left out: the tests stand in for them."""
    copy = {name: a for name, a in analysis._registry.items() if name == "tags"}
    monkeypatch.setattr(analysis, "_registry", copy)
    yield copy


def _add(name: str, reads: tuple[str, ...] = (TRANSCRIPT,)) -> Recorder:
    recorder = Recorder()
    register_analyser(Analyser(name=name, label=name, reads=reads, run=recorder))
    return recorder


def test_the_calls_app_registers_the_tagger() -> None:
    tags = next(a for a in registered_analysers() if a.name == "tags")
    assert tags.reads == (TRANSCRIPT,)


def test_readers_run_after_what_they_read(registry: dict[str, Analyser]) -> None:
    _add("skills", reads=("objections", TRANSCRIPT))
    _add("objections")
    names = [a.name for a in registered_analysers()]
    assert names.index("objections") < names.index("skills")
    # One analyser brings the analysers that read its output along, nothing else.
    assert [a.name for a in analysers_for("objections")] == ["objections", "skills"]
    assert [a.name for a in analysers_for("tags")] == ["tags"]
    with pytest.raises(KeyError):
        analysers_for("nothing")


def test_a_read_nobody_produces_or_a_loop_is_a_configuration_error(
    registry: dict[str, Analyser],
) -> None:
    _add("a", reads=("b",))
    _add("b", reads=("a",))
    with pytest.raises(ImproperlyConfigured, match="loop"):
        registered_analysers()


def test_two_analysers_cannot_share_a_name(registry: dict[str, Analyser]) -> None:
    _add("objections")
    with pytest.raises(ImproperlyConfigured, match="objections"):
        _add("objections")


@pytest.mark.django_db
def test_the_pipeline_runs_every_registered_analyser(registry: dict[str, Analyser]) -> None:
    objections = _add("objections")
    KeyPhraseFactory(text="ждал на линии")
    call = call_with_segments(("customer", "Я ждал на линии полчаса"),
                              status=Call.Status.TRANSCRIBED)

    assert call_analyse(call_id=call.pk)

    call.refresh_from_db()
    assert call.status == Call.Status.ANALYSED
    assert objections.seen == [[call.pk]]
    assert CallTag.objects.filter(call=call, source=CallTag.Source.AUTO).count() == 1


@pytest.mark.django_db
def test_reanalysis_runs_one_analyser_or_all(registry: dict[str, Analyser]) -> None:
    objections = _add("objections")
    phrase = KeyPhraseFactory(text="ждал на линии")
    call = call_with_segments(("customer", "Я ждал на линии полчаса"))

    run = reanalysis_start(analyser="objections", enqueue=False)
    reanalysis_run_slice(run_id=run.pk, seconds=None)
    assert objections.seen == [[call.pk]]
    assert not CallTag.objects.exists()  # the tagger was not asked

    run = reanalysis_start(enqueue=False)
    reanalysis_run_slice(run_id=run.pk, seconds=None)
    assert objections.seen == [[call.pk], [call.pk]]
    assert CallTag.objects.get().tag == phrase.tag
    assert ReanalysisRun.objects.filter(status=ReanalysisRun.Status.DONE).count() == 2


@pytest.mark.django_db
def test_an_unknown_analyser_is_refused_with_the_known_ones(
    run_command: Callable[..., str],
) -> None:
    with pytest.raises(UnknownAnalyser, match="tags"):
        reanalysis_start(analyser="objectionz", enqueue=False)
    assert not ReanalysisRun.objects.exists()


@pytest.mark.django_db
def test_analyse_calls_returns_each_analysers_report(registry: dict[str, Analyser]) -> None:
    _add("objections")
    call = call_with_segments(("customer", "Здравствуйте"))
    reports = analyse_calls(call_ids=[call.pk])
    assert set(reports) == {"tags", "objections"} and reports["objections"] == 1
