"""calls/transcription/engine.py: the line's words reach the decoder — batched (the default) and
window by window — and options without them decode as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from faster_whisper.transcribe import WhisperModel

from calls.transcription import engine, model
from calls.transcription.engine import EngineOptions, raw_segments

CLIPS = Path(__file__).resolve().parents[2] / "fixtures" / "audio"


class FakePipeline:
    """Stands for faster-whisper's BatchedInferencePipeline and keeps what it was asked."""

    calls: list[dict[str, Any]] = []

    def __init__(self, whisper: object) -> None:
        pass

    def transcribe(self, audio: np.ndarray, **kwargs: Any) -> tuple[list[Any], None]:
        FakePipeline.calls.append(kwargs)
        return [], None


class FakeModel:
    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def transcribe(self, audio: np.ndarray, **kwargs: Any) -> tuple[list[Any], None]:
        self.calls.append(kwargs)
        return [], None


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    FakePipeline.calls = []
    monkeypatch.setattr("faster_whisper.BatchedInferencePipeline", FakePipeline)
    monkeypatch.setattr(engine, "get_model", lambda: object())
    return FakePipeline.calls


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> FakeModel:
    fake = FakeModel()
    monkeypatch.setattr(engine, "get_model", lambda: fake)
    return fake


SILENCE = np.zeros(16000, dtype=np.float32)
# Silence has no speech to decode: the tests hand the engine a speech map over the whole second.
WHOLE = [{"start": 0, "end": 16000}]


def test_batched_decoding_gets_the_hotwords_and_the_prompt(
    fake_pipeline: list[dict[str, Any]]
) -> None:
    raw_segments(SILENCE, EngineOptions(batch_size=8, hotwords="промокод, курьер"), WHOLE)
    raw_segments(SILENCE, EngineOptions(batch_size=8, initial_prompt="промокод, курьер"), WHOLE)

    hotwords, prompt = fake_pipeline
    assert hotwords["hotwords"] == "промокод, курьер" and hotwords["initial_prompt"] is None
    # With the space the sequential decoder puts before a prompt: the same tokens in both.
    assert prompt["initial_prompt"] == " промокод, курьер" and prompt["hotwords"] is None


def test_window_by_window_decoding_gets_them_too(fake_model: FakeModel) -> None:
    raw_segments(SILENCE, EngineOptions(batch_size=0, hotwords="промокод"), WHOLE)
    raw_segments(SILENCE, EngineOptions(batch_size=0, initial_prompt="промокод"), WHOLE)

    hotwords, prompt = fake_model.calls
    assert hotwords["hotwords"] == "промокод" and hotwords["initial_prompt"] is None
    assert prompt["initial_prompt"] == "промокод" and prompt["hotwords"] is None


def test_without_words_the_decoder_is_asked_as_faster_whispers_defaults(
    fake_pipeline: list[dict[str, Any]], fake_model: FakeModel
) -> None:
    raw_segments(SILENCE, EngineOptions(batch_size=8), WHOLE)
    raw_segments(SILENCE, EngineOptions(batch_size=0), WHOLE)

    # None is faster-whisper's own default for both: the same decoding as before they existed.
    for asked in (*fake_pipeline, *fake_model.calls):
        assert asked["hotwords"] is None and asked["initial_prompt"] is None


@pytest.mark.slow
@pytest.mark.parametrize("option", ["hotwords", "initial_prompt"])
def test_the_words_are_in_the_prompt_the_real_model_decodes_with(
    option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the default path (batched), with the real model: the prompt tokens handed to the
    decoder hold the words, before the start of the transcript."""
    whisper = model.get_model()
    prompts: list[list[int]] = []
    original = WhisperModel.get_prompt

    def recording(self: WhisperModel, *args: Any, **kwargs: Any) -> list[int]:
        prompt = original(self, *args, **kwargs)
        prompts.append(prompt)
        return prompt

    monkeypatch.setattr(WhisperModel, "get_prompt", recording)
    samples = engine.decode_channels(CLIPS / "operator_mono.ogg", sample_rate=16000)[0]
    options = EngineOptions.from_settings(**{option: "Домашний маркет, промокод"})
    assert options.batch_size > 0

    raw_segments(samples, options)

    assert prompts
    tokenizer = whisper.hf_tokenizer
    previous = tokenizer.token_to_id("<|startofprev|>")
    start = tokenizer.token_to_id("<|startoftranscript|>")
    for prompt in prompts:
        assert prompt[0] == previous
        assert tokenizer.decode(prompt[1:prompt.index(start)]).strip() == (
            "Домашний маркет, промокод")


class Decoded:
    """A phrase as faster-whisper yields it."""

    def __init__(self, text: str, avg_logprob: float) -> None:
        self.seek, self.start, self.end, self.text = 0, 0.3, 2.1, text
        self.avg_logprob, self.no_speech_prob, self.words = avg_logprob, 0.03, None


@pytest.mark.parametrize(("hotwords", "expected"), [
    ("Домашний маркет", ["здравствуйте, Домашний маркет"]),
    # Without a vocabulary the batched result stands, as it was measured.
    (None, ["и"]),
])
def test_a_chunk_a_prompt_derailed_is_decoded_again_window_by_window(
    monkeypatch: pytest.MonkeyPatch, hotwords: str | None, expected: list[str]
) -> None:
    class Derailed(FakePipeline):
        def transcribe(self, audio: np.ndarray, **kwargs: Any) -> tuple[list[Any], None]:
            return [Decoded("и", avg_logprob=-2.4)], None

    class Sequential(FakeModel):
        def transcribe(self, audio: np.ndarray, **kwargs: Any) -> tuple[list[Any], None]:
            self.calls.append(kwargs)
            return [Decoded("здравствуйте, Домашний маркет", avg_logprob=-0.3)], None

    sequential = Sequential()
    monkeypatch.setattr("faster_whisper.BatchedInferencePipeline", Derailed)
    monkeypatch.setattr(engine, "get_model", lambda: sequential)

    found = raw_segments(np.zeros(16000 * 3, dtype=np.float32),
                         EngineOptions(batch_size=8, hotwords=hotwords, split_pause=None),
                         [{"start": 0, "end": 16000 * 3}])

    assert [s.text for s in found] == expected
    assert [c["hotwords"] for c in sequential.calls] == ([hotwords] if hotwords else [])


@pytest.mark.parametrize(("text", "echo"), [
    ("Домашний маркет, промокод, сейт", True),
    ("Подписка плюс, семейный тариф.", True),
    # The company's name in a greeting, a term in a sentence: speech.
    ("Домашний маркет", False),
    ("Здравствуйте, Домашний маркет, меня зовут Анна", False),
    ("промокод не работает", False),
])
def test_the_vocabulary_read_back_is_no_speech(text: str, echo: bool) -> None:
    segment = engine.RawSegment(start=0.0, end=1.0, text=text, avg_logprob=-0.9,
                                no_speech_prob=0.4, words=None)

    assert engine.echoes_vocabulary(
        segment, "Домашний маркет, промокод, подписка плюс, семейный тариф") is echo


@pytest.mark.parametrize(("text", "avg_logprob", "derailed"), [
    ("и", -2.4, True),
    ("Домашний маркет,", -0.99, True),
    ("да, конечно", -0.3, False),
    ("Здравствуйте, меня зовут Анна, чем могу помочь?", -0.9, False),
    ("Здравствуйте, меня зовут Анна, чем могу помочь?", -1.2, True),
])
def test_what_looks_derailed_with_a_vocabulary(text: str, avg_logprob: float,
                                                derailed: bool) -> None:
    segment = engine.RawSegment(start=0.0, end=1.0, text=text, avg_logprob=avg_logprob,
                                no_speech_prob=0.1, words=None)

    assert engine._derailed(segment, EngineOptions(hotwords="промокод.")) is derailed
    assert not engine._derailed(segment, EngineOptions())


def test_a_derailed_chunk_is_decoded_again_between_its_neighbours(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    class Phrase(Decoded):
        def __init__(self, seek: int, start: float, end: float, text: str,
                     avg_logprob: float) -> None:
            super().__init__(text, avg_logprob)
            self.seek, self.start, self.end = seek, start, end

    class Chunks(FakePipeline):
        def transcribe(self, audio: np.ndarray, **kwargs: Any) -> tuple[list[Any], None]:
            return [Phrase(0, 0.5, 4.0, "Домашний маркет, здравствуйте", -0.2),
                    # Its one word is timed at the end of a chunk whose speech starts at 5 s.
                    Phrase(1, 9.5, 9.9, "и", -2.0),
                    Phrase(2, 12.0, 14.0, "до свидания", -0.2)], None

    asked: list[int] = []

    class Sequential(FakeModel):
        def transcribe(self, audio: np.ndarray, **kwargs: Any) -> tuple[list[Any], None]:
            asked.append(len(audio))
            return [], None

    monkeypatch.setattr("faster_whisper.BatchedInferencePipeline", Chunks)
    monkeypatch.setattr(engine, "get_model", Sequential)

    found = raw_segments(np.zeros(16000 * 15, dtype=np.float32),
                         EngineOptions(batch_size=8, hotwords="промокод.", split_pause=None),
                         [{"start": 0, "end": 16000 * 15}])

    assert [s.text for s in found] == ["Домашний маркет, здравствуйте", "до свидания"]
    assert asked == [16000 * 8]  # 4.0 s to 12.0 s
