from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from calls.ingestion import CallMetadata, call_ingest_audio
from calls.management.tally import ImportTally
from calls.manifests import read_manifest
from calls.models import Call
from project.errors import DomainError
from project.transient import retry_transient

AUDIO_SUFFIXES = {".wav", ".mp3", ".ogg", ".opus", ".oga", ".flac", ".m4a", ".aac", ".mp4",
                  ".webm", ".wma", ".amr", ".gsm"}


class Command(BaseCommand):
    help = (
        "Import a folder (or files) of call recordings. Without a manifest a file's name "
        "(without extension) is its external_id. Each call keeps its file's name as its title "
        "(a manifest's original_name overrides it). Prints imported / duplicates / rejected."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="files or folders (recursive)")
        parser.add_argument("--manifest", type=Path,
                            help="CSV or JSONL with file, external_id, line, direction, "
                                 "started_at, operator, customer_phone, outcome, mono_speaker, "
                                 "original_name")
        parser.add_argument("--dry-run", action="store_true",
                            help="list what would be imported, store nothing")
        parser.add_argument(
            "--create-missing", action="store_true",
            help="create operators and lines whose codes are not known yet (to fill in in the "
                 "admin); without it such files are rejected",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = {}
        if options["manifest"]:
            try:
                manifest = read_manifest(options["manifest"])
            except (OSError, DomainError) as error:
                raise CommandError(str(error)) from None
        files = self._files(options["paths"])
        if not files:
            raise CommandError("No audio files found in the given paths.")
        if options["dry_run"]:
            for path in files:
                self.stdout.write(str(path))
            self.stdout.write(f"{len(files)} file(s) would be imported.")
            return

        tally = ImportTally()
        progress = tqdm(files, unit="file", disable=options["verbosity"] == 0,
                        file=sys.stderr)
        for path in progress:
            metadata = manifest.get(path.name) or CallMetadata(external_id=path.stem)
            if not metadata.external_id:
                metadata = CallMetadata(**{**metadata.__dict__, "external_id": path.stem})
            try:
                # Idempotent by external id and checksum, so a retry cannot import twice.
                result = retry_transient(
                    partial(call_ingest_audio, audio=path, filename=path.name,
                            metadata=metadata, source=Call.Source.IMPORT,
                            create_missing=options["create_missing"]),
                    attempts=settings.TRANSIENT_RETRY_ATTEMPTS,
                    base_delay=settings.TRANSIENT_RETRY_BASE_DELAY, what=str(path),
                )
            except DomainError as error:
                tally.reject(str(path), error.message)
                continue
            tally.add(result)
        progress.close()
        tally.write(self.stdout, self.style)

    def _files(self, paths: list[Path]) -> list[Path]:
        found: list[Path] = []
        for path in paths:
            if path.is_dir():
                found.extend(sorted(p for p in path.rglob("*")
                                    if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES))
            elif path.is_file():
                found.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder")
        return found
