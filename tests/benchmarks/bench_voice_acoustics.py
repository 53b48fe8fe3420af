"""What the voice analysis (calls/voice/) costs beside transcription, call by call: process CPU
seconds (user + system, every thread) of transcribing each demo call and of hearing its voice.

    .venv/bin/python tests/benchmarks/bench_voice_acoustics.py [--calls N]

The demo calls are ingested into a temporary SQLite database (as bench_throughput does); each is
transcribed by the cluster's own service function (calls.pipeline.call_transcribe) and then its
voice is analysed by the registered analyser (calls.voice.analysis.calls_hear_voice), which
decodes the recording again at 16 kHz, runs the speech detector per channel without the
decoder's padding, Praat's pitch on the speech only, and stores the figures. Issue 18's budget:
the voice at most 10% of the transcription's CPU. Written to var/bench/voice_acoustics.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_throughput import bench_env, ingest  # noqa: E402

RESULT_PATH = ROOT / "var" / "bench" / "voice_acoustics.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=0, help="only the first N demo calls")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="slyshu-bench-voice-"))
    env = bench_env(folder)
    os.environ.clear()
    os.environ.update(env)
    rows = []
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from calls import pipeline
        from calls.models import Call, CallVoice
        from calls.transcription.model import get_model
        from calls.voice.analysis import calls_hear_voice

        call_command("migrate", verbosity=0)
        ingest(folder, 1)
        get_model()  # loading is start-up, not per call
        from faster_whisper.vad import get_vad_model

        get_vad_model()
        # Praat's first call loads its library: start-up too.
        calls_hear_voice(call_ids=[Call.objects.order_by("pk").values_list("pk", flat=True)[0]])
        pipeline.call_queue_analysis = lambda *, call_id: None  # type: ignore[assignment]
        ids = list(Call.objects.order_by("pk").values_list("pk", flat=True))
        if args.calls:
            ids = ids[: args.calls]
        for call_id in ids:
            started = time.process_time()
            pipeline.call_transcribe(call_id=call_id)
            transcription = time.process_time() - started
            started = time.process_time()
            calls_hear_voice(call_ids=[call_id])
            voice = time.process_time() - started
            call = Call.objects.get(pk=call_id)
            heard = CallVoice.objects.get(call=call)
            rows.append(
                {
                    "call": call.original_name,
                    "duration_s": call.duration,
                    "transcription_cpu_s": transcription,
                    "voice_cpu_s": voice,
                    "share": voice / transcription if transcription else None,
                    "heard": heard.heard,
                    "talk_ratio": heard.talk_ratio,
                    "silence_share": heard.silence_share,
                    "overtalk_s": heard.overtalk_seconds,
                }
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print(f"{'call':<16}{'audio s':>8}{'ASR CPU s':>11}{'voice CPU s':>13}{'share':>8}")
    for row in rows:
        print(
            f"{row['call']:<16}{row['duration_s']:>8.1f}{row['transcription_cpu_s']:>11.2f}"
            f"{row['voice_cpu_s']:>13.3f}{row['share']:>8.1%}"
        )
    asr = sum(row["transcription_cpu_s"] for row in rows)
    voice = sum(row["voice_cpu_s"] for row in rows)
    print(
        f"{'total':<16}{sum(row['duration_s'] for row in rows):>8.1f}{asr:>11.2f}"
        f"{voice:>13.3f}{voice / asr:>8.1%}  (budget 10%)"
    )
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(
        json.dumps(
            {"calls": rows, "transcription_cpu_s": asr, "voice_cpu_s": voice, "share": voice / asr},
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"written {RESULT_PATH.relative_to(ROOT)}")
    return 0 if voice <= 0.1 * asr else 1


if __name__ == "__main__":
    sys.exit(main())
