"""Where a call's CPU time goes: each step of transcribing and analysing the demo calls, in CPU
seconds per second of call audio.

    .venv/bin/python tests/benchmarks/bench_cpu_breakdown.py [--copies N] [--threads N]

bench_throughput.py measures how much audio real `qcluster` processes get through; this says what
the cores spend it on. The demo calls are ingested into a temporary SQLite database (as
bench_throughput does) and each is transcribed and analysed in this process by the same service
functions the cluster's tasks call (calls.pipeline.call_transcribe, call_analyse), one after the
other and with the channels decoded one after the other, so that the process's CPU clock
(user + system, every thread) can be split between steps without overlap. Each step's time is
exclusive: the encoder's time is not also counted in «decoding». What the cluster spends beyond
this process's total (bench_throughput's CPU s per audio s minus the total here) is the queue,
the ORM broker's polling, the worker processes' start and the two workers contending for the
cores.

Steps: audio decoding and resampling (PyAV), the VAD (the speech map), log-mel features, the
encoder, the decoder, word timestamps (cross-attention alignment), re-decoding of chunks that
failed the loop checks, the hallucination guard and pause splitting, redaction (transcript and
audio), the analysis task (tags, objections, skills: everything in the analysis registry), and
the rest (claiming, storing segments, status log: the ORM). Written to var/bench/cpu_breakdown.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_throughput import bench_env, ingest  # noqa: E402

RESULT_PATH = ROOT / "var" / "bench" / "cpu_breakdown.json"


class Clock:
    """Exclusive process CPU time per step: a step's time minus that of the steps inside it."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list[Any]] = []

    def wrap(self, owner: Any, name: str, step: str | Callable[..., str]) -> None:
        original = getattr(owner, name)
        clock = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            label = step(*args, **kwargs) if callable(step) else step
            clock._stack.append([label, time.process_time(), 0.0])
            try:
                result = original(*args, **kwargs)
                # Generators do their work while consumed: consume them inside the step.
                if hasattr(result, "__next__"):
                    result = _Consumed(result)
                return result
            finally:
                label, started, inner = clock._stack.pop()
                elapsed = time.process_time() - started
                clock.spent[label] += elapsed - inner
                clock.calls[label] += 1
                if clock._stack:
                    clock._stack[-1][2] += elapsed

        setattr(owner, name, timed)


class _Consumed(list):  # type: ignore[type-arg]
    def __init__(self, iterator: Any) -> None:
        super().__init__(iterator)
        self._iterator = iter(self)

    def __next__(self) -> Any:
        return next(self._iterator)


def instrument(clock: Clock) -> None:
    import faster_whisper.transcribe as fw
    from faster_whisper.feature_extractor import FeatureExtractor

    from calls import pipeline
    from calls.transcription import engine, loops

    clock.wrap(engine, "decode_channels", "audio decoding and resampling")
    # The speech map (calls/transcription/speech.py: Silero or WebRTC) as the engine calls it.
    clock.wrap(engine, "speech_spans", "VAD (speech map)")
    clock.wrap(FeatureExtractor, "__call__", "log-mel features")
    clock.wrap(fw.WhisperModel, "encode", "encoder")
    clock.wrap(fw.BatchedInferencePipeline, "generate_segment_batched", "decoder")
    clock.wrap(fw.WhisperModel, "generate_with_fallback", "decoder")
    clock.wrap(fw.WhisperModel, "add_word_timestamps", "word timestamps")
    clock.wrap(engine, "_sequential", "re-decoding failed chunks")
    clock.wrap(engine, "_batched", "decoder")
    clock.wrap(loops, "drop_hallucinations", "hallucination guard, pause splits")
    clock.wrap(engine, "split_at_pauses", "hallucination guard, pause splits")
    clock.wrap(pipeline, "redact_segments", "redaction")
    clock.wrap(pipeline, "call_mute_audio_or_note", "redaction")
    clock.wrap(pipeline, "call_transcribe", "claim, store, status (ORM)")
    clock.wrap(pipeline, "call_analyse", "analysis (tags, objections, skills)")


class Windows:
    """The encoder's input: each window of packed speech is one full 30-second encoder pass,
    however little speech it holds, so speech seconds per window say how much is padding."""

    def __init__(self) -> None:
        self.count = 0
        self.speech_s = 0.0
        self.chunk_length = 30

    def watch(self) -> None:
        import faster_whisper.vad as vad

        original = vad.collect_chunks

        def counted(audio: Any, chunks: Any, sampling_rate: int = 16000,
                    max_duration: float = float("inf")) -> Any:
            result = original(audio, chunks, sampling_rate, max_duration)
            durations = [w["duration"] for w in result[1] if w["duration"] > 0]
            self.count += len(durations)
            self.speech_s += sum(durations)
            if max_duration != float("inf"):
                self.chunk_length = int(max_duration)
            return result

        vad.collect_chunks = counted


def serial_channels() -> None:
    """Channels one after the other, so the process clock is never shared by two steps."""
    from calls.transcription import engine

    def one_by_one(channels: Any, options: Any) -> list[Any]:
        return [engine.raw_segments(samples, options) for samples in channels]

    engine.raw_segments_per_channel = one_by_one


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of the demo set")
    parser.add_argument("--threads", type=int, default=1, help="WHISPER_CPU_THREADS")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="slyshu-bench-cpu-"))
    env = bench_env(folder)
    env["WHISPER_CPU_THREADS"] = str(args.threads)
    os.environ.clear()
    os.environ.update(env)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django_q.conf import Conf

        from calls.models import Call
        from calls.transcription.model import get_model

        call_command("migrate", verbosity=0)
        count, audio = ingest(folder, args.copies)
        get_model()  # loading is start-up, not per call
        from faster_whisper.vad import get_vad_model

        get_vad_model()
        # The analysis the transcription queues runs here, in this process, when asked below;
        # nothing is sent to a broker.
        Conf.SYNC = False
        from calls import pipeline

        pipeline.call_queue_analysis = lambda *, call_id: None  # type: ignore[assignment]
        clock = Clock()
        instrument(clock)
        windows = Windows()
        windows.watch()
        serial_channels()
        ids = list(Call.objects.order_by("pk").values_list("pk", flat=True))
        cpu_started, wall_started = time.process_time(), time.perf_counter()
        for call_id in ids:
            pipeline.call_transcribe(call_id=call_id)
            pipeline.call_analyse(call_id=call_id)
        cpu = time.process_time() - cpu_started
        wall = time.perf_counter() - wall_started
        failed = Call.objects.filter(status=Call.Status.FAILED).count()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    accounted = sum(clock.spent.values())
    clock.spent["unaccounted (Python between steps)"] = max(cpu - accounted, 0.0)
    print(f"{count} calls, {audio:.0f} s of audio, {failed} failed; beam "
          f"{settings.WHISPER_BEAM_SIZE}, batch {settings.WHISPER_BATCH_SIZE}, "
          f"{args.threads} thread(s), word timestamps {settings.WHISPER_WORD_TIMESTAMPS}")
    print(f"{'step':<40}{'CPU s':>9}{'per audio s':>13}{'share':>8}")
    rows = []
    for step, spent in sorted(clock.spent.items(), key=lambda item: -item[1]):
        rows.append({"step": step, "cpu_s": spent, "cpu_per_audio_s": spent / audio,
                     "share": spent / cpu, "calls": clock.calls.get(step, 0)})
        print(f"{step:<40}{spent:>9.1f}{spent / audio:>13.4f}{spent / cpu:>8.1%}")
    print(f"{'total':<40}{cpu:>9.1f}{cpu / audio:>13.4f}   wall {wall:.0f} s, "
          f"{audio / wall:.1f}x real time on one core")
    if windows.count:
        print(f"encoder windows: {windows.count} of {windows.chunk_length} s = "
              f"{windows.count * windows.chunk_length:.0f} s of encoder input for "
              f"{windows.speech_s:.0f} s of speech kept by the VAD "
              f"({windows.count * windows.chunk_length / windows.speech_s:.2f}x)")
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(json.dumps({
        "calls": count, "audio_s": audio, "cpu_s": cpu, "wall_s": wall, "failed": failed,
        "threads": args.threads, "steps": rows, "encoder_windows": windows.count,
        "window_s": windows.chunk_length, "speech_s": windows.speech_s,
    }, ensure_ascii=False, indent=1))
    print(f"written {RESULT_PATH.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
