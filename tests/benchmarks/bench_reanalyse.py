"""Re-analysis of the archive on SQLite: 10,000 stored calls × 10 segments within 60 s.

Run: ``.venv/bin/python tests/benchmarks/bench_reanalyse.py [--calls N] [--segments N]``

Sets Django up against a temporary SQLite file (the embedded default, WAL), imports
calls/demo/taxonomy.json, stores N calls with synthetic contact-center dialogs (about one segment
in five says something a tag's phrase catches, in some word form), then times two re-analyses
through the same service the `reanalyse --sync` command and the background task use:

* cold — no tags yet, the lemma cache empty (what the first run after an import costs);
* warm — every call already has its auto tags, which are deleted and written again.

Prints calls/s for both and exits 1 when either takes longer than the target.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_SECONDS = 60.0

NEUTRAL = [
    "Здравствуйте, компания «Домашний маркет», меня зовут {name}, чем могу помочь?",
    "Добрый день, я по поводу заказа номер {number}.",
    "Назовите, пожалуйста, номер телефона, на который оформлен заказ.",
    "Секунду, я проверю информацию в системе.",
    "Да, вижу ваш заказ, он оформлен {day} числа.",
    "Подскажите, а можно изменить адрес доставки?",
    "Конечно, продиктуйте новый адрес, я внесу изменения.",
    "Улица Ленина, дом {number}, квартира {small}.",
    "Хорошо, записала, курьер позвонит за час до приезда.",
    "А оплатить можно будет картой при получении?",
    "Да, у курьера будет терминал, можно картой или наличными.",
    "Уточните, пожалуйста, ваше имя и фамилию.",
    "Могу ли я ещё чем-нибудь помочь?",
    "Нет, пока всё, до свидания.",
    "Всего доброго, хорошего дня!",
    "Я хотела узнать про бонусную программу, как копить баллы.",
    "Баллы начисляются автоматически, пять процентов от суммы покупки.",
    "Мне нужна консультация по гарантии на холодильник.",
    "Гарантия составляет два года с момента покупки.",
    "Заказ собран и передан в службу доставки {day} числа.",
    "Я перезвоню вам в течение {small} минут с ответом.",
    "Скажите, пожалуйста, есть ли этот диван в сером цвете?",
    "Сейчас такого цвета нет в наличии, ожидаем поставку через неделю.",
    "Спасибо, я подумаю и перезвоню.",
    "Ваше обращение зарегистрировано под номером {number}.",
]

TOPICAL = [
    "Я уже {small} минут ждала на линии, наконец-то вы ответили!",
    "Сколько можно ждать, я полчаса висел на линии.",
    "Мне третий день не привезли заказ, где мой заказ?",
    "Курьер опоздал на два часа и даже не позвонил.",
    "С карты списали дважды, посмотрите, пожалуйста.",
    "У меня двойное списание за один заказ на {number} рублей.",
    "Верните деньги за отменённый заказ.",
    "Я хочу оформить возврат, товар не подошёл.",
    "Промокод не работает, пишет, что недействителен.",
    "Почему не применяется промокод на скидку?",
    "Это слишком дорого, у конкурентов дешевле.",
    "Приложение не открывается, сразу вылетает.",
    "Не могу войти в приложение, код не приходит.",
    "Я забыла пароль от личного кабинета.",
    "Хочу отменить подписку и расторгнуть договор.",
    "Оператор разговаривал грубо, я хочу оставить жалобу на оператора.",
    "Большое спасибо, вы мне очень помогли!",
    "Мне привезли не тот размер, перепутали заказ.",
    "Я не ждал долго, всё в порядке.",
    "Промокоды у нас действуют только в приложении.",
]

NAMES = ["Анна", "Мария", "Ольга", "Елена", "Дмитрий", "Сергей", "Ирина", "Алексей"]


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["SQLITE_PATH"] = str(db_path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def dialog_text(rng: random.Random, topical_share: float) -> str:
    pool = TOPICAL if rng.random() < topical_share else NEUTRAL
    return rng.choice(pool).format(
        name=rng.choice(NAMES), number=rng.randint(10000, 999999), day=rng.randint(1, 28),
        small=rng.randint(2, 40),
    )


def create_calls(count: int, segments: int, seed: int = 7) -> None:
    from django.db import transaction
    from django.utils import timezone

    from calls.models import Call, Line, Operator, Segment, Team

    rng = random.Random(seed)
    team = Team.objects.create(name="Бенчмарк")
    operators = [
        Operator.objects.create(code=f"bench{i}", display_name=f"Оператор {i}", team=team)
        for i in range(20)
    ]
    line = Line.objects.create(code="bench", name="Бенчмарк")
    start = timezone.now() - timedelta(days=60)
    batch = 1000
    for offset in range(0, count, batch):
        with transaction.atomic():
            calls = Call.objects.bulk_create(
                Call(
                    external_id=f"bench-{offset + i}", line=line, operator=rng.choice(operators),
                    started_at=start + timedelta(minutes=offset + i), duration=segments * 6.0,
                    source=Call.Source.TRANSCRIPT, status=Call.Status.ANALYSED,
                    channel_layout=Call.ChannelLayout.STEREO,
                )
                for i in range(min(batch, count - offset))
            )
            Segment.objects.bulk_create(
                (
                    Segment(
                        call=call, index=index,
                        speaker="operator" if index % 2 == 0 else "customer",
                        start=index * 6.0, end=index * 6.0 + 5.0,
                        # Customers raise the topics; operators mostly do not.
                        text=dialog_text(rng, 0.35 if index % 2 else 0.05),
                    )
                    for call in calls
                    for index in range(segments)
                ),
                batch_size=2000,
            )


def timed_run(label: str) -> float:
    from calls.models import CallTag, ReanalysisRun, TagEvidence
    from calls.reanalysis import reanalysis_run_slice, reanalysis_start

    started = time.perf_counter()
    run = reanalysis_start(enqueue=False)
    reanalysis_run_slice(run_id=run.pk, seconds=None)
    elapsed = time.perf_counter() - started
    run.refresh_from_db()
    assert run.status == ReanalysisRun.Status.DONE, run.error
    print(
        f"{label:<6} {run.done:>7} calls {elapsed:>7.2f} s {run.done / elapsed:>9.0f} calls/s"
        f"   tags={CallTag.objects.count()} evidence={TagEvidence.objects.count()}",
        flush=True,
    )
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--segments", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="slyshu-bench-") as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from calls.taxonomy.import_export import taxonomy_import, taxonomy_read_file

        taxonomy_import(data=taxonomy_read_file(ROOT / "calls" / "demo" / "taxonomy.json"))
        started = time.perf_counter()
        create_calls(args.calls, args.segments)
        print(f"setup: {args.calls} calls × {args.segments} segments stored in "
              f"{time.perf_counter() - started:.1f} s (SQLite file, WAL)")
        cold = timed_run("cold")
        warm = timed_run("warm")
    worst = max(cold, warm)
    verdict = "OK" if worst <= TARGET_SECONDS else "TOO SLOW"
    print(f"target: {args.calls} calls within {TARGET_SECONDS:.0f} s — {verdict} "
          f"(worst {worst:.1f} s)")
    return 0 if worst <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
