"""The summary an import command prints: imported / duplicates / rejected, with each reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.management.base import OutputWrapper
from django.core.management.color import Style

from calls.ingestion import IngestResult


@dataclass
class ImportTally:
    imported: int = 0
    duplicates: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)

    def add(self, result: IngestResult) -> None:
        if result.created:
            self.imported += 1
        else:
            self.duplicates += 1

    def reject(self, where: str, reason: str) -> None:
        self.rejections.append((where, reason))

    def write(self, stdout: OutputWrapper, style: Style) -> None:
        stdout.write(
            f"Imported: {self.imported}, duplicates: {self.duplicates}, "
            f"rejected: {len(self.rejections)}"
        )
        for where, reason in self.rejections:
            stdout.write(style.WARNING(f"  rejected {where}: {reason}"))
