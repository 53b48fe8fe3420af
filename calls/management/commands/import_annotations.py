from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.taxonomy.annotation.importing import (
    annotation_import_record,
    import_campaign_check,
    import_campaign_name,
)
from project.errors import DomainError
from project.nul_bytes import nul_places
from project.parsing import DocumentTooDeep, json_loads
from project.russian import plural

# Exit statuses (docs/annotation.md): 0 every line imported, 1 some lines refused (the rest
# imported), 2 nothing read (no file, or --campaign names a campaign of the pages).
SOME_REFUSED = 1
NOTHING_READ = 2


class Command(BaseCommand):
    help = (
        "Import people's tags of calls from a JSON Lines file, one object a line: "
        '{"external_id": "…" (or "id": 12), "annotator": "username", "tags": ["code", …]}; an '
        "empty list means no tag applies. The file is a closed annotation campaign with one "
        "annotator per call, whose labels are the reference; with ANNOTATION_APPLY_ON_CLOSE they "
        "also become the calls' manual tags. Bad lines are refused with their number and the "
        "rest is imported; the exit status is 1 when any line was refused (docs/annotation.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--campaign",
            default=None,
            help="the campaign's name (default: the file's name and today's "
            "date); an earlier import of that name is added to",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        name = options["campaign"] or import_campaign_name(path, timezone.localdate())
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            import_campaign_check(" ".join(name.split()))
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}", returncode=NOTHING_READ) from None
        except UnicodeDecodeError:
            raise CommandError(
                _("%(path)s: файл не в кодировке UTF-8.") % {"path": path}, returncode=NOTHING_READ
            ) from None
        except DomainError as error:
            raise CommandError(error.message, returncode=NOTHING_READ) from None
        name = " ".join(name.split())
        apply_labels = settings.ANNOTATION_APPLY_ON_CLOSE
        imported = unchanged = refused = 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            reason = ""
            try:
                record = json_loads(line)
            except DocumentTooDeep as error:
                reason = error.message
            except json.JSONDecodeError as error:
                # json's own message is English; the position is what a person needs.
                reason = _("Не читается как JSON (символ %(column)d).") % {"column": error.colno}
            except ValueError as error:
                reason = _("Не читается как JSON: %(error)s") % {"error": error}
            else:
                places = nul_places(record)
                if places:
                    # PostgreSQL cannot store a NUL: refused here, with its place.
                    reason = _("Нулевой символ (\\x00) в данных: %(places)s.") % {
                        "places": "; ".join(places)
                    }
            if not reason:
                try:
                    written = annotation_import_record(
                        record=record, campaign_name=name, apply_labels=apply_labels
                    )
                except DomainError as error:
                    reason = error.message
                else:
                    imported += int(written)
                    unchanged += int(not written)
                    continue
            refused += 1
            self.stderr.write(
                _("Строка %(number)d: %(reason)s") % {"number": number, "reason": reason}
            )
        self.stdout.write(self._summary(name, imported, unchanged, refused, apply_labels))
        if refused:
            sys.exit(SOME_REFUSED)

    def _summary(
        self, name: str, imported: int, unchanged: int, refused: int, apply_labels: bool
    ) -> str:
        parts = [
            _("Кампания «%(name)s»: импортировано %(answers)s.")
            % {"name": name, "answers": plural(imported, "ответ,ответа,ответов")}
        ]
        if unchanged:
            parts.append(
                _("Уже были, без изменений: %(answers)s.")
                % {"answers": plural(unchanged, "ответ,ответа,ответов")}
            )
        if refused:
            parts.append(
                _("Отказано: %(lines)s (номера выше).")
                % {"lines": plural(refused, "строка,строки,строк")}
            )
        if imported:
            if apply_labels:
                parts.append(_("Теги из файла поставлены звонкам как ручные."))
            else:
                parts.append(
                    _(
                        "В теги звонков не перенесено (ANNOTATION_APPLY_ON_CLOSE=false): "
                        "«Перенести в теги» на странице кампании."
                    )
                )
        return " ".join(parts)
