"""Transcribing a call: each channel on its own as one speaker, then the turns merged by time."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
from django.conf import settings

from calls.audio import decode_channels, source_sample_rate
from calls.transcription.loops import drop_hallucinations, judge, normalized_words

if TYPE_CHECKING:
    from faster_whisper.vad import SpeechTimestampsMap
from calls.transcription.model import get_model
from calls.transcription.speech import (
    Detector,
    Span,
    SpeechSettings,
    speech_spans,
    split_long,
    union,
)

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SAMPLE_RATE = 16000
# Recordings at this rate or below came over a telephone channel (G.711 and GSM are 8 kHz).
TELEPHONE_MAX_RATE = 8000
# Whisper falls back to sampling at these temperatures when greedy decoding fails its checks.
TEMPERATURES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# Whisper's defaults: a window is re-decoded when its text compresses too well (a loop) or the
# model is unsure.
COMPRESSION_RATIO_THRESHOLD = 2.4
LOG_PROB_THRESHOLD = -1.0
# With a vocabulary, a batched chunk of this many words or fewer is suspect below this
# log-probability (_derailed).
DERAILED_WORDS = 3
DERAILED_LOG_PROB = -0.5


@dataclass(frozen=True)
class TranscribedSegment:
    speaker: str
    start: float
    end: float
    text: str
    confidence: float | None
    words: list[dict] | None


@dataclass(frozen=True)
class EngineOptions:
    language: str = "ru"
    beam_size: int = 1
    # 0 transcribes window by window; above 0, VAD chunks are decoded this many at a time.
    batch_size: int = 0
    word_timestamps: bool = False
    # Where the channel speaks (calls/transcription/speech.py). Telephone turns: a caller's pause
    # of half a second already ends a phrase, and short chunks keep a batched decode from gluing
    # unrelated turns into one 30 s window. from_settings takes it from the WHISPER_VAD_* settings.
    speech: SpeechSettings = field(default_factory=SpeechSettings)
    # A stereo call's channels decoded over one speech map, where either side speaks.
    shared_speech_map: bool = False
    # Off only to measure what the VAD removes (tests/benchmarks/bench_telephone.py): without it
    # the decoder reads every 30 s window, silence included.
    vad_filter: bool = True
    # Longest chunk a batched decode is given; Whisper still pads each chunk to 30 s.
    chunk_length: int = 30
    # Timestamp tokens split a batched chunk into phrases; without them a chunk is one segment of
    # up to chunk_length seconds, unless word times cut it at pauses (see from_settings).
    without_timestamps: bool = False
    # Decode a batched chunk that failed the loop checks again, window by window with fallback.
    redecode_failed: bool = True
    # A window is skipped as silence when the model is unsure (avg_logprob < -1) and thinks nobody
    # speaks with more than this probability. VAD already removed the silence, and Whisper's usual
    # 0.6 threw away a whole 17 s window of clear speech in our measurements.
    no_speech_threshold: float | None = 0.9
    # A pause this long (seconds) inside a decoded phrase starts a new transcript segment.
    split_pause: float | None = 1.0
    # Batched decoding of a stereo call: both channels' speech in one pipeline run, so a batch
    # holds chunks of both speakers. Measured slower than a thread per channel on the demo set
    # (11.5x vs 14.4x real time, WER 0.177 vs 0.189), so off unless asked for.
    join_channels: bool = False
    # The line's vocabulary (calls/vocabulary/decoder.py), as faster-whisper takes it; None, the
    # default, passes nothing. Hotwords go before the prompt of every window or batch chunk. An
    # initial prompt primes every batch chunk, but decoding window by window without the previous
    # text it primes only the first window.
    hotwords: str | None = None
    initial_prompt: str | None = None

    @classmethod
    def from_settings(cls, *, source_rate: int | None = None, **overrides: Any) -> EngineOptions:
        """The settings' options; source_rate, the recording's own sample rate, picks those of a
        telephone recording (WHISPER_VAD_TELEPHONE, WHISPER_BEAM_SIZE_TELEPHONE) or of any other."""
        values: dict[str, Any] = {
            "language": settings.WHISPER_LANGUAGE,
            "beam_size": (settings.WHISPER_BEAM_SIZE_TELEPHONE if is_telephone_rate(source_rate)
                          else settings.WHISPER_BEAM_SIZE),
            "batch_size": settings.WHISPER_BATCH_SIZE,
            "word_timestamps": settings.WHISPER_WORD_TIMESTAMPS,
            "speech": speech_settings(source_rate=source_rate),
            "shared_speech_map": settings.WHISPER_VAD_SHARED_STEREO,
            **overrides,
        }
        # With word times the turns are cut at pauses (split_at_pauses), so the batched decoder
        # can skip timestamp tokens: demo set 14.1x vs 12.6x real time and WER 0.172 vs 0.189,
        # one segment per turn. Sequential decoding gets much worse without them (3x, 0.236).
        values.setdefault(
            "without_timestamps", bool(values["word_timestamps"]) and values["batch_size"] > 0
        )
        return cls(**values)


def is_telephone_rate(source_rate: int | None) -> bool:
    return source_rate is not None and source_rate <= TELEPHONE_MAX_RATE


def speech_settings(*, source_rate: int | None = None) -> SpeechSettings:
    detector = settings.WHISPER_VAD_TELEPHONE if is_telephone_rate(source_rate) else (
        settings.WHISPER_VAD)
    return SpeechSettings(
        detector=cast(Detector, detector),
        threshold=settings.WHISPER_VAD_THRESHOLD,
        webrtc_mode=settings.WHISPER_VAD_WEBRTC_MODE,
        min_speech_ms=settings.WHISPER_VAD_MIN_SPEECH_MS,
        min_silence_ms=settings.WHISPER_VAD_MIN_SILENCE_MS,
        pad_ms=settings.WHISPER_VAD_SPEECH_PAD_MS,
    )


@dataclass(frozen=True)
class RawSegment:
    """One decoded phrase of one channel, with what the hallucination guard needs."""

    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    words: list[dict] | None

    @property
    def confidence(self) -> float:
        if self.words:
            return float(np.mean([w["probability"] for w in self.words]))
        return min(1.0, max(0.0, math.exp(self.avg_logprob)))


def _raw(segment: Any, offset: float = 0.0) -> RawSegment:
    words = None
    if segment.words:
        words = [
            {
                "start": round(float(w.start) + offset, 3),
                "end": round(float(w.end) + offset, 3),
                "word": w.word.strip(),
                "probability": round(float(w.probability), 4),
            }
            for w in segment.words
        ]
    return RawSegment(
        start=round(float(segment.start) + offset, 3),
        end=round(float(segment.end) + offset, 3),
        text=segment.text.strip(),
        avg_logprob=float(segment.avg_logprob),
        no_speech_prob=float(segment.no_speech_prob),
        words=words,
    )


def _speech_only(samples: np.ndarray, spans: Sequence[Span]) -> np.ndarray:
    """The channel with its silences cut out, as the decoder reads it."""
    if not spans:
        return np.zeros(0, dtype=np.float32)
    return np.concatenate([samples[s["start"]:s["end"]] for s in spans]).astype(np.float32)


def _restore(segment: RawSegment, times: SpeechTimestampsMap, offset: float) -> RawSegment:
    """A phrase decoded from the speech-only audio, put back at its times in the call."""
    words = None
    if segment.words:
        words = []
        for word in segment.words:
            # A word's start and end are resolved in the same speech span.
            index = times.get_chunk_index((word["start"] + word["end"]) / 2)
            words.append({**word,
                          "start": round(times.get_original_time(word["start"], index) + offset, 3),
                          "end": round(times.get_original_time(word["end"], index) + offset, 3)})
        start, end = words[0]["start"], words[-1]["end"]
    else:
        start = round(times.get_original_time(segment.start) + offset, 3)
        end = round(times.get_original_time(segment.end, is_end=True) + offset, 3)
    return replace(segment, start=start, end=end, words=words)


def _sequential(
    samples: np.ndarray, options: EngineOptions, offset: float = 0.0,
    spans: Sequence[Span] | None = None,
) -> list[RawSegment]:
    from faster_whisper.vad import SpeechTimestampsMap

    if options.vad_filter:
        spans = list(spans) if spans is not None else speech_spans(samples, options.speech)
        if not spans:
            return []
        audio = _speech_only(samples, spans)
    else:
        audio = samples
    segments, _info = get_model().transcribe(
        audio,
        language=options.language,
        task="transcribe",
        beam_size=options.beam_size,
        temperature=TEMPERATURES,
        compression_ratio_threshold=COMPRESSION_RATIO_THRESHOLD,
        log_prob_threshold=LOG_PROB_THRESHOLD,
        no_speech_threshold=options.no_speech_threshold,
        # Each window on its own: a misheard phrase must not prime the next window into a loop.
        condition_on_previous_text=False,
        word_timestamps=options.word_timestamps,
        without_timestamps=options.without_timestamps,
        vad_filter=False,
        hotwords=options.hotwords,
        initial_prompt=options.initial_prompt,
    )
    if not options.vad_filter:
        return [_raw(s, offset) for s in segments]
    times = SpeechTimestampsMap(spans, SAMPLE_RATE)
    return [_restore(_raw(s), times, offset) for s in segments]


def _windows(spans: Sequence[Span], *, limit: int) -> list[dict[str, float]]:
    """Consecutive speech spans grouped into windows of at most limit samples of the speech-only
    audio, in its seconds: faster-whisper's collect_chunks rule, without its copy of the audio."""
    windows: list[list[int]] = []
    position = 0
    for span in spans:
        length = span["end"] - span["start"]
        if windows and position + length - windows[-1][0] <= limit:
            windows[-1][1] = position + length
        else:
            windows.append([position, position + length])
        position += length
    return [{"start": start / SAMPLE_RATE, "end": end / SAMPLE_RATE} for start, end in windows]


def _batched(
    samples: np.ndarray, options: EngineOptions, spans: Sequence[Span] | None = None
) -> list[RawSegment]:
    """Speech spans joined into windows of at most chunk_length seconds, as faster-whisper's own
    VAD path does (collect_chunks; here _windows), but over our speech map: each window is one
    clip of the speech-only audio, and the phrases are put back at their times in the call."""
    from faster_whisper import BatchedInferencePipeline
    from faster_whisper.vad import SpeechTimestampsMap

    spans = list(spans) if spans is not None else speech_spans(samples, options.speech)
    if not spans:
        return []
    audio = _speech_only(samples, spans)
    clips = _windows(spans, limit=options.chunk_length * SAMPLE_RATE)
    segments, _info = BatchedInferencePipeline(get_model()).transcribe(
        audio,
        language=options.language,
        task="transcribe",
        beam_size=options.beam_size,
        batch_size=options.batch_size,
        chunk_length=options.chunk_length,
        without_timestamps=options.without_timestamps,
        word_timestamps=options.word_timestamps,
        vad_filter=False,
        clip_timestamps=clips,
        hotwords=options.hotwords,
        # The batched decoder encodes the prompt as given, the sequential one after a space: the
        # same words, tokenized the same way in both.
        initial_prompt=(None if options.initial_prompt is None
                        else " " + options.initial_prompt.strip()),
    )
    times = SpeechTimestampsMap(spans, SAMPLE_RATE)
    # Every phrase of one batch chunk carries the chunk's seek.
    decoded = [(s.seek, _restore(_raw(s), times, 0.0)) for s in segments]
    # The batched decoder has no temperature fallback and no checks, so a chunk that starts to loop
    # loops to the token limit. Such chunks are decoded again window by window, with fallback.
    kept: list[RawSegment] = []
    redone: set[int] = set()
    for seek, segment in decoded:
        if seek in redone:
            continue
        looped = _looks_failed(segment, [s.text for s in kept])
        derailed = not looped and _derailed(segment, options)
        if not options.redecode_failed or not (looped or derailed):
            kept.append(segment)
            continue
        redone.add(seek)
        chunk = [s for k, s in decoded if k == seek]
        start, end = min(s.start for s in chunk), max(s.end for s in chunk)
        if derailed:
            # Its few words are timed anywhere in the chunk, not where its speech is: decode
            # everything between the neighbouring chunks' phrases.
            start = max((s.end for k, s in decoded if k != seek and s.end <= start), default=0.0)
            end = min((s.start for k, s in decoded if k != seek and s.start >= end),
                      default=len(samples) / SAMPLE_RATE)
        first, last = int(start * SAMPLE_RATE), int(math.ceil(end * SAMPLE_RATE))
        # The same speech map over the stretch decoded again: its speech, not a second VAD's.
        within = [{"start": max(span["start"], first) - first,
                   "end": min(span["end"], last) - first}
                  for span in spans if span["end"] > first and span["start"] < last]
        kept = [s for s in kept if s not in chunk]
        kept.extend(_sequential(samples[first:last], options, offset=first / SAMPLE_RATE,
                                spans=within))
    return kept


def _join_words(words: Sequence[dict]) -> str:
    # Whisper splits «что-нибудь» into «что» + «-нибудь»: the hyphenated part attaches.
    return re.sub(r" -(?=\w)", "-", " ".join(w["word"] for w in words if w["word"]))


def split_at_pauses(segment: RawSegment, *, min_pause: float) -> list[RawSegment]:
    """Cut a phrase where its speaker paused: a batched chunk glues a channel's turns of up to
    30 s into one segment, and a transcript line must start where its words start to be played
    from there. Needs word timestamps; without them the segment stays whole."""
    words = segment.words
    if not words or len(words) < 2:
        return [segment]
    groups: list[list[dict]] = [[words[0]]]
    for previous, word in zip(words, words[1:], strict=False):
        if word["start"] - previous["end"] >= min_pause:
            groups.append([])
        groups[-1].append(word)
    if len(groups) == 1:
        return [segment]
    return [
        replace(
            segment,
            start=group[0]["start"],
            end=group[-1]["end"],
            text=_join_words(group),
            words=group,
        )
        for group in groups
    ]


def _looks_failed(segment: RawSegment, previous: Sequence[str]) -> bool:
    verdict = judge(segment.text, segment.no_speech_prob, previous)
    return verdict.drop and verdict.reason != "known silence hallucination"


def _derailed(segment: RawSegment, options: EngineOptions) -> bool:
    """A prompt can derail a batched chunk: Whisper ends it after a word or two, unsure of them,
    and the chunk's speech is lost (demo-003 with the company's words as hotwords: «и» at avg
    log-prob −2.4 for 33 s of speech; over a telephone line demo-006's customer became
    «Домашний маркет,» at −0.99). Window by window, with fallback, the same prompt decodes it
    right. Only with a vocabulary, so that decoding without one stays as it was measured."""
    prompted = options.hotwords is not None or options.initial_prompt is not None
    if not prompted:
        return False
    few_words = len(normalized_words(segment.text)) <= DERAILED_WORDS
    return segment.avg_logprob < (DERAILED_LOG_PROB if few_words else LOG_PROB_THRESHOLD)


def echoes_vocabulary(segment: RawSegment, vocabulary: str) -> bool:
    """A phrase made mostly of the vocabulary's words, two terms of it or more, is the prompt
    read back, not speech: in the silent tail of demo-003 Whisper wrote «Домашний маркет,
    промокод, сейт» (no-speech probability 0.41), the start of its hotwords. People name one
    of the company's terms at a time; the greeting «Домашний маркет» alone stays."""
    words = normalized_words(segment.text)
    terms = [normalized_words(term) for term in vocabulary.split(",")]
    said = [term for term in terms if term and any(
        words[i:i + len(term)] == term for i in range(len(words) - len(term) + 1))]
    known = {word for term in terms for word in term}
    return len(said) >= 2 and sum(word in known for word in words) * 2 > len(words)


def raw_segments(
    samples: np.ndarray, options: EngineOptions, spans: Sequence[Span] | None = None
) -> list[RawSegment]:
    """The phrases of one 16 kHz mono channel as decoded, before the hallucination guard; spans
    is the speech map to decode (the channel's own by default)."""
    if options.batch_size > 0:
        if not options.vad_filter:
            # Every 30 s of the channel, silence included: what the VAD would have removed.
            spans = split_long([{"start": 0, "end": len(samples)}],
                               limit=int(options.chunk_length * SAMPLE_RATE))
        decoded = _batched(samples, options, spans)
    else:
        decoded = _sequential(samples, options, spans=spans)
    vocabulary = options.hotwords or options.initial_prompt
    if vocabulary:
        decoded = [s for s in decoded if not echoes_vocabulary(s, vocabulary)]
    if options.split_pause is None:
        return decoded
    return [part for segment in decoded
            for part in split_at_pauses(segment, min_pause=options.split_pause)]


def _shifted(segment: RawSegment, offset: float) -> RawSegment:
    words = None
    if segment.words:
        words = [{**w, "start": round(w["start"] - offset, 3), "end": round(w["end"] - offset, 3)}
                 for w in segment.words]
    return replace(segment, start=round(segment.start - offset, 3),
                   end=round(segment.end - offset, 3), words=words)


def _joined(channels: Sequence[np.ndarray], options: EngineOptions) -> list[list[RawSegment]]:
    """Decode the channels laid end to end with a silence longer than a batch chunk between
    them, so VAD never merges speech across channels, then hand each phrase back to its channel
    by its time."""
    gap = np.zeros(int((options.chunk_length + 2) * SAMPLE_RATE), dtype=np.float32)
    parts: list[np.ndarray] = []
    offsets: list[float] = []
    position = 0
    for samples in channels:
        offsets.append(position / SAMPLE_RATE)
        parts.extend([samples, gap])
        position += len(samples) + len(gap)
    decoded = raw_segments(np.concatenate(parts[:-1]), options)
    result: list[list[RawSegment]] = [[] for _ in channels]
    for segment in decoded:
        channel = max(i for i, offset in enumerate(offsets) if segment.start >= offset - 0.5)
        result[channel].append(_shifted(segment, offsets[channel]))
    return result


def raw_segments_per_channel(
    channels: Sequence[np.ndarray], options: EngineOptions
) -> list[list[RawSegment]]:
    """Batched: all channels in one batched run. Sequential: each channel in its own thread;
    the model has a worker per channel, and two half-busy decoders fill two cores better than
    one (13.5x -> 17.3x real time measured)."""
    if len(channels) == 1:
        return [raw_segments(channels[0], options)]
    if options.batch_size > 0 and options.join_channels:
        return _joined(channels, options)
    maps: list[list[Span] | None] = [None] * len(channels)
    if options.shared_speech_map and options.vad_filter:
        shared = union([speech_spans(samples, options.speech) for samples in channels],
                       limit=int(options.speech.max_speech_s * SAMPLE_RATE))
        maps = [shared] * len(channels)
    with ThreadPoolExecutor(max_workers=len(channels)) as pool:
        return list(pool.map(lambda pair: raw_segments(pair[0], options, pair[1]),
                             zip(channels, maps, strict=True)))


def transcribe_samples(samples: np.ndarray, options: EngineOptions) -> list[RawSegment]:
    """The phrases of one 16 kHz mono channel, invented ones already dropped."""
    return drop_hallucinations(raw_segments(samples, options))


def transcribe_audio(
    path: Path,
    *,
    speakers: Sequence[str],
    options: EngineOptions | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> list[TranscribedSegment]:
    """The call's phrases in time order; speakers[i] is who talks on channel i. Without options,
    the settings' for the recording's own sample rate, with overrides (a line's vocabulary)."""
    channels = decode_channels(path, sample_rate=SAMPLE_RATE)
    if len(speakers) != len(channels):
        raise ValueError(f"{len(channels)} channel(s) in {path}, but {len(speakers)} speaker(s).")
    options = options or EngineOptions.from_settings(
        source_rate=source_sample_rate(path), **(overrides or {}))
    result: list[TranscribedSegment] = []
    per_channel = raw_segments_per_channel(channels, options)
    for speaker, segments in zip(speakers, per_channel, strict=True):
        for segment in drop_hallucinations(segments):
            result.append(
                TranscribedSegment(
                    speaker=speaker,
                    start=segment.start,
                    end=segment.end,
                    text=segment.text,
                    confidence=round(segment.confidence, 4),
                    words=segment.words,
                )
            )
    result.sort(key=lambda s: (s.start, s.end))
    return result
