from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from calls.models import Tag
from calls.taxonomy.learning.training import learned_tag_models_train
from project.russian import plural


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


class Command(BaseCommand):
    help = (
        "Обучить модели тегов на разметке людей (аннотации, ручные теги), показать точность и "
        "полноту на кросс-валидации; с --accept включить предложения тегов с точностью не ниже "
        "порога LEARNED_TAGS_MIN_PRECISION."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tag", default=None, metavar="CODE", help="только этот тег (код)")
        parser.add_argument(
            "--accept",
            action="store_true",
            help="включить предложения тегов, чья точность не ниже порога",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["tag"]
        if code is not None and not Tag.objects.active().filter(code=code).exists():
            raise CommandError(f"Тег с кодом «{code}» не найден среди действующих.")
        threshold = settings.LEARNED_TAGS_MIN_PRECISION
        results = learned_tag_models_train(
            codes=None if code is None else [code],
            accept=options["accept"],
            min_precision=threshold,
        )
        trained = 0
        for result in results:
            if result.model is None:
                self.stdout.write(
                    f"{result.tag.code} «{result.tag.name}»: мало разметки — нужны звонки и с "
                    f"тегом, и без него."
                )
                continue
            trained += 1
            model = result.model
            state = "включена" if model.is_enabled else "выключена"
            if result.turned_on:
                state = "включена сейчас (--accept)"
            self.stdout.write(
                f"{result.tag.code} «{result.tag.name}»: точность {share(model.cv_precision)}, "
                f"полнота {share(model.cv_recall)} на кросс-валидации; "
                f"{plural(model.n_positive, 'звонок,звонка,звонков')} с тегом, "
                f"{plural(model.n_negative, 'звонок,звонка,звонков')} без; модель {state}."
            )
        self.stdout.write(
            f"Обучено: {plural(trained, 'модель,модели,моделей')}; порог точности для --accept: "
            f"{share(threshold)}."
        )
