"""calls/vocabulary/decoder.py: a line's words as the engine's options, and nothing without them."""

from __future__ import annotations

import pytest
from django.test import override_settings

from calls.models import LineTerm
from calls.transcription.engine import EngineOptions
from calls.vocabulary.decoder import decoder_overrides, line_decoder_terms
from tests.factories import LineFactory

pytestmark = pytest.mark.django_db


def test_an_empty_vocabulary_or_no_line_changes_nothing() -> None:
    line = LineFactory()

    assert decoder_overrides(line) == {}
    assert decoder_overrides(None) == {}
    assert EngineOptions.from_settings(**decoder_overrides(line)) == EngineOptions.from_settings()


@override_settings(WHISPER_VOCABULARY_MODE="hotwords")
def test_the_words_go_as_hotwords() -> None:
    line = LineFactory()
    LineTerm.objects.create(line=line, term="промокод")
    LineTerm.objects.create(line=line, term="Домашний маркет")

    assert decoder_overrides(line) == {"hotwords": "промокод, Домашний маркет."}
    options = EngineOptions.from_settings(**decoder_overrides(line))
    assert options.hotwords == "промокод, Домашний маркет." and options.initial_prompt is None


@override_settings(WHISPER_VOCABULARY_MODE="prompt")
def test_the_words_go_as_the_initial_prompt() -> None:
    line = LineFactory()
    LineTerm.objects.create(line=line, term="промокод")

    options = EngineOptions.from_settings(**decoder_overrides(line))
    assert options.initial_prompt == "промокод." and options.hotwords is None


def test_the_lines_switch_keeps_the_list_but_passes_nothing() -> None:
    line = LineFactory(vocabulary_to_decoder=False)
    LineTerm.objects.create(line=line, term="промокод")

    assert decoder_overrides(line) == {}
    assert line.terms.count() == 1


@override_settings(LINE_VOCABULARY_MAX_TERMS=2)
def test_no_more_than_the_cap_reaches_the_decoder() -> None:
    line = LineFactory()
    for term in ("первый", "второй", "третий"):
        LineTerm.objects.create(line=line, term=term)

    assert line_decoder_terms(line) == ["первый", "второй"]
