from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from calls.voice.words.services import load_voice_cues
from project.russian import plural


class Command(BaseCommand):
    help = ("Создать списки реплик-сигналов (лексикон, мат, эскалация, непонимание, "
            "удовлетворённость) и добавить недостающие фразы из calls/voice/words/data/; "
            "правки тренеров не трогает.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_voice_cues()
        self.stdout.write(
            f"Реплики-сигналы: добавлено {plural(report.added, 'фраза,фразы,фраз')}, "
            f"уже были {report.kept}, новых списков {report.lists}."
        )
