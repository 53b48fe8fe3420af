"""python manage.py agreement [--campaign NAME] [--format json]: the annotators' agreement per tag
and over all tags, the low tags with the calls they disagreed on, and each tag source's precision
and recall against the reference (docs/agreement.md)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from calls.models import AnnotationCampaign
from calls.taxonomy.agreement.api import agreement_data
from calls.taxonomy.agreement.scope import unknown_campaign
from calls.taxonomy.agreement.services import AgreementReport, Coefficients, agreement_report
from calls.taxonomy.agreement.sources import SourceAccuracy, source_accuracy, source_totals
from project.russian import plural


def number(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


def share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def coefficient(value: float | None, band: str | None) -> str:
    return "не определена" if value is None else f"{number(value)} ({band})"


def table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]


def overall_lines(overall: Coefficients) -> list[str]:
    mark = {
        "cohen_kappa": " — подходит (два разметчика)",
        "fleiss_kappa": " — подходит (три разметчика и больше)",
    }
    return [
        f"  Каппа Коэна: {coefficient(overall.cohen_kappa, overall.cohen_band)}, "
        f"{plural(overall.cohen_items, 'элемент,элемента,элементов')}"
        f"{mark['cohen_kappa'] if overall.applies == 'cohen_kappa' else ''}",
        f"  Каппа Флейса: {coefficient(overall.fleiss_kappa, overall.fleiss_band)}, "
        f"{plural(overall.fleiss_items, 'элемент,элемента,элементов')}"
        f"{mark['fleiss_kappa'] if overall.applies == 'fleiss_kappa' else ''}",
        f"  Альфа Криппендорфа: "
        f"{coefficient(overall.krippendorff_alpha, overall.krippendorff_band)}, "
        f"{plural(overall.items, 'элемент,элемента,элементов')}",
    ]


def source_rows(rows: list[SourceAccuracy], totals: list[SourceAccuracy]) -> list[list[str]]:
    head = ["Тег", "Источник", "Найдено", "Верно", "Лишние", "Пропущено", "Точность", "Полнота"]
    return [head] + [
        [
            row.tag.name if row.tag else "Все теги",
            str(row.source.label),
            str(row.found),
            str(len(row.true_positives)),
            str(len(row.false_positives)),
            str(len(row.false_negatives)),
            share(row.precision),
            share(row.recall),
        ]
        for row in [*rows, *totals]
    ]


def text(report: AgreementReport, sources: list[SourceAccuracy]) -> str:
    scope = f"кампания «{report.campaign.name}»" if report.campaign else "все закрытые кампании"
    lines = [f"Согласие разметки: {scope}."]
    if not report.call_ids:
        lines.append("Размеченных звонков нет.")
        return "\n".join(lines) + "\n"
    names = ", ".join(user.get_username() for user in report.annotators)
    lines += [
        f"Размечено {plural(len(report.call_ids), 'звонок,звонка,звонков')}; "
        f"{plural(len(report.annotators), 'разметчик,разметчика,разметчиков')}: {names}. "
        f"Порог: {number(report.threshold)}.",
        "",
        "По всем тегам:",
        *overall_lines(report.overall),
        "",
        "По тегам:",
    ]
    low = {row.tag.pk for row in report.low}
    rows = [["Тег", "Звонков", "Коэн", "Флейс", "Криппендорф", "Оценка", "Расхождений", ""]]
    for row in report.tags:
        rows.append(
            [
                row.tag.name,
                str(row.items),
                number(row.cohen_kappa),
                number(row.fleiss_kappa),
                number(row.krippendorff_alpha),
                row.band or "—",
                str(len(row.disagreements)),
                "уточните описание" if row.tag.pk in low else "",
            ]
        )
    lines += ["  " + line for line in table(rows)]
    lines += ["", "Уточните описание:" if report.low else "Ни один тег не ниже порога."]
    for row in report.low:
        lines.append(
            f"  {row.tag.name}: каппа {number(row.coefficient)} ({row.band}), "
            f"расхождения в {plural(len(row.disagreements), 'звонке,звонках,звонках')}"
        )
        for item in row.disagreements:
            answers = "; ".join(
                f"{answer.annotator.get_username()} — {'да' if answer.chose else 'нет'}"
                for answer in item.answers
            )
            lines.append(f"    звонок {item.call_id}: {answers}")
    lines += ["", "Автоматические теги против разметки:"]
    if sources:
        lines += ["  " + line for line in table(source_rows(sources, source_totals(sources)))]
    else:
        lines.append("  Нет звонков с эталонной разметкой.")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "Согласие разметчиков по тегам и в целом (каппа Коэна или Флейса, альфа Криппендорфа), "
        "теги ниже порога и точность и полнота источников тегов против разметки."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--campaign", default=None, help="название кампании разметки; без него — все закрытые"
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = None
        if options["campaign"] is not None:
            campaign = AnnotationCampaign.objects.filter(name=options["campaign"]).first()
            if campaign is None:
                raise CommandError(unknown_campaign(options["campaign"]))
        report = agreement_report(campaign=campaign)
        sources = source_accuracy(campaign=campaign)
        if options["format"] == "json":
            self.stdout.write(
                json.dumps(agreement_data(report, sources), ensure_ascii=False, indent=2)
            )
        else:
            self.stdout.write(text(report, sources), ending="")
