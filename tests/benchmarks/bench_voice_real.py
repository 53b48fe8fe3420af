"""What the voice analysis (calls/voice/) finds on real telephone recordings (issue 18 §5): the
two 8 kHz mono Russian recordings of T-Bank's T-one demo (Apache 2.0, no transcript) in the
shared data, `telephony_ru_no_transcript/`.

    .venv/bin/python tests/benchmarks/bench_voice_real.py [--files N] [--seconds S]
        [--no-transcribe]

Each file is transcribed by the project's engine (transcribe_audio, as the pipeline does; a
mono line is the customer's, as a call with mono_speaker=customer), then heard the analyser's
way (calls/voice/analysis.py): the speech detector without padding (WebRTC at 8 kHz), each
segment's loudness and pitch (acoustics.measure), its rate, the call's figures
(measures.call_figures: silence share, longest silence, holds; talk ratio and overtalk need two
voices apart, which a mono line has not) and each segment's z against the call; the emotion rule
then judges it from the words (seeded cue lists in a temporary SQLite database) and those z. The
CPU seconds (process time) of the voice analysis are set beside the transcription's. The data
are read where they lie (SLYSHU_SHARED_DATA or ../shared/data), never copied. Written to
var/bench/voice_real.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_throughput import bench_env  # noqa: E402
from tests.benchmarks.shared_data import shared_data_dir  # noqa: E402

RESULT_PATH = ROOT / "var" / "bench" / "voice_real.json"
FOLDER = "telephony_ru_no_transcript"


def voice_of(path: Path, segments: list[Any]) -> dict[str, Any]:
    """The analyser's figures for a mono customer line with these transcript segments."""
    from calls.audio import decode_channels, source_sample_rate
    from calls.transcription.engine import speech_settings
    from calls.transcription.speech import SAMPLE_RATE
    from calls.voice.acoustics import channel_speech, detector_settings, measure
    from calls.voice.analysis import _relative_to_call
    from calls.voice.measures import SegmentInput, call_figures, speech_rate

    samples = decode_channels(path, sample_rate=SAMPLE_RATE)[0]
    duration = len(samples) / SAMPLE_RATE
    settings = detector_settings(speech_settings(source_rate=source_sample_rate(path)))
    speech = channel_speech(samples, settings)
    inputs = [
        SegmentInput(
            pk=index, speaker=s.speaker, start=s.start, end=s.end, text=s.text, words=s.words
        )
        for index, s in enumerate(segments)
    ]
    rows = []
    for segment in inputs:
        measured = measure(samples, speech, start=segment.start, end=segment.end)
        rows.append(
            SimpleNamespace(
                speaker=segment.speaker,
                loudness_db=measured.loudness_db,
                pitch_hz=measured.pitch_hz,
                pitch_range_st=measured.pitch_range_st,
                rate=speech_rate(segment),
            )
        )
    _relative_to_call(rows)  # type: ignore[arg-type]
    figures = call_figures(
        segments=inputs, duration=duration, by_speaker=None, line_speech=speech, stereo=False
    )
    return {
        "duration_s": round(duration, 2),
        "speech_s": round(sum(b - a for a, b in speech), 2),
        "talk_ratio": figures.talk_ratio,
        "silence_share": figures.silence_share,
        "longest_silence_s": figures.longest_silence,
        "longest_silence_at": figures.longest_silence_start,
        "hold_s": figures.hold_seconds,
        "dead_air_s": figures.dead_air_seconds,
        "overtalk_s": figures.overtalk_seconds,
        "unavailable": figures.unavailable,
        "segments": [
            {
                "start": s.start,
                "end": s.end,
                "text": s.text,
                **{
                    name: getattr(row, name)
                    for name in ("loudness_db", "pitch_hz", "pitch_range_st", "rate")
                },
                "relative": row.relative,
            }
            for s, row in zip(inputs, rows, strict=True)
        ],
    }


def emotion_of(voice: dict[str, Any]) -> dict[str, Any]:
    from calls.phrases import SegmentText
    from calls.voice.emotion.rule import CustomerSegment, judge_call
    from calls.voice.words.scoring import segment_word_scores

    segments = voice["segments"]
    texts = [SegmentText("customer", s["start"], s["end"], s["text"]) for s in segments]
    scores = segment_word_scores(texts)
    verdict = judge_call(
        [
            CustomerSegment(
                segment_id=score.segment_index,
                start=texts[score.segment_index].start,
                text=texts[score.segment_index].text,
                words=score,
                relative=segments[score.segment_index]["relative"],
            )
            for score in scores
        ],
        voice_heard=True,
    )
    return {
        "emotion": verdict.emotion,
        "hot": verdict.hot,
        "hot_score": verdict.hot_score,
        "hidden_irritation": verdict.hidden_irritation,
        "max_arousal": max(
            (s.arousal for s in verdict.segments if s.arousal is not None), default=None
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=0, help="only the first N recordings")
    parser.add_argument("--seconds", type=float, default=0, help="only each file's first S s")
    parser.add_argument(
        "--no-transcribe",
        action="store_true",
        help="only the detector's speech and silences, no words or emotion",
    )
    args = parser.parse_args()
    shared = shared_data_dir("the real-recordings voice benchmark")
    if shared is None or not (shared / FOLDER).is_dir():
        return 0
    files = sorted((shared / FOLDER).glob("*.flac"))
    if args.files:
        files = files[: args.files]
    folder = Path(tempfile.mkdtemp(prefix="slyshu-bench-voice-real-"))
    env = bench_env(folder)
    os.environ.clear()
    os.environ.update(env)
    results = []
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from calls.transcription.engine import TranscribedSegment, transcribe_audio
        from calls.voice.words.services import load_voice_cues

        if not args.no_transcribe:
            from calls.transcription.model import get_model

            call_command("migrate", verbosity=0)
            load_voice_cues()
            get_model()  # loading is start-up, not per call
        for source in files:
            path = source
            if args.seconds:
                path = folder / f"{source.stem}.wav"
                subprocess.run(
                    ["sox", str(source), str(path), "trim", "0", str(args.seconds)],
                    check=True,
                    capture_output=True,
                )
            segments: list[TranscribedSegment] = []
            started = time.process_time()
            if not args.no_transcribe:
                segments = transcribe_audio(path, speakers=["customer"])
            transcription = time.process_time() - started
            started = time.process_time()
            voice = voice_of(path, segments)
            voice_cpu = time.process_time() - started
            row = {
                "file": source.name,
                **voice,
                "transcription_cpu_s": round(transcription, 2),
                "voice_cpu_s": round(voice_cpu, 3),
            }
            if segments:
                row["emotion"] = emotion_of(voice)
            results.append(row)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"{'file':<18}{'audio s':>8}{'speech s':>9}{'silence':>8}{'longest':>8}{'hold s':>7}"
        f"{'segs':>5}{'emotion':>11}{'hot':>5}{'arousal':>8}{'ASR CPU':>9}{'voice CPU':>10}"
    )
    for row in results:
        emotion = row.get("emotion") or {}
        arousal = emotion.get("max_arousal")
        print(
            f"{row['file']:<18}{row['duration_s']:>8.1f}{row['speech_s']:>9.1f}"
            f"{row['silence_share']:>8.1%}{row['longest_silence_s']:>8.1f}{row['hold_s']:>7.1f}"
            f"{len(row['segments']):>5}{emotion.get('emotion', '—'):>11}"
            f"{('да' if emotion.get('hot') else 'нет') if emotion else '—':>5}"
            f"{'—' if arousal is None else f'{arousal:.2f}':>8}"
            f"{row['transcription_cpu_s']:>9.2f}{row['voice_cpu_s']:>10.3f}"
        )
        for segment in row["segments"]:
            print(
                f"    {segment['start']:6.1f}-{segment['end']:6.1f} "
                f"{segment['loudness_db'] or 0:6.1f} dB {segment['pitch_hz'] or 0:6.1f} Hz "
                f"{segment['rate'] or 0:5.1f} syl/s  {segment['text'][:60]}"
            )
        print("    not measured: " + "; ".join(f"{k}: {v}" for k, v in row["unavailable"].items()))
    asr = sum(row["transcription_cpu_s"] for row in results)
    voice = sum(row["voice_cpu_s"] for row in results)
    if asr:
        print(f"voice CPU {voice:.3f} s = {voice / asr:.1%} of transcription CPU {asr:.2f} s")
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(
        json.dumps(
            {"files": results, "transcription_cpu_s": asr, "voice_cpu_s": voice},
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"written {RESULT_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
