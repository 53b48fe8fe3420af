"""Regenerate the committed demo recordings and their reference transcripts from dialogs.json."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from calls.demo.dialogs import AUDIO_DIR, MANIFEST_PATH, load_dialogs
from calls.demo.synthesis import (
    DEFAULT_ENGINE,
    ENGINES,
    DemoRecording,
    Engine,
    missing_tools,
    synthesize_demo,
)


class Command(BaseCommand):
    help = (
        "Synthesize the demo dialogs (calls/demo/dialogs.json) into stereo OGG/Opus files in "
        "calls/demo/audio/ (operator left, customer right) and write manifest.jsonl with the "
        "reference segments. Needs sox and festival with festvox-ru (or espeak-ng with "
        "--engine espeak-ng). The output is committed: run it after editing the dialogs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--engine", choices=ENGINES, default=DEFAULT_ENGINE,
            help="Speech synthesizer (default %(default)s: Debian's festival + festvox-ru; "
                 "espeak-ng is lighter but Whisper hears little of it).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        engine: Engine = options["engine"]
        missing = missing_tools(engine)
        if missing:
            packages = "festival festvox-ru sox" if engine == "festival" else "espeak-ng sox"
            raise CommandError(
                f"Not installed: {', '.join(missing)} (apt-get install {packages})."
            )
        dialogs = load_dialogs()
        verbosity: int = options["verbosity"]

        def report(recording: DemoRecording) -> None:
            if verbosity >= 1:
                size = recording.path.stat().st_size
                self.stdout.write(
                    f"{recording.id}: {recording.duration:5.1f} s, {len(recording.segments)} "
                    f"turns, {size / 1024:.0f} KiB"
                )

        recordings = synthesize_demo(dialogs=dialogs, engine=engine, on_recording=report)
        total_bytes = sum(recording.path.stat().st_size for recording in recordings)
        total_seconds = sum(recording.duration for recording in recordings)
        self.stdout.write(self.style.SUCCESS(
            f"{len(recordings)} recordings, {total_seconds:.0f} s, {total_bytes / 1024:.0f} KiB "
            f"in {AUDIO_DIR}; references in {MANIFEST_PATH.name}"
        ))
