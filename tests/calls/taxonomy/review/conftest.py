"""October 2026 with one example of every kind of taxonomy review suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from calls.models import (
    Annotation,
    AnnotationCampaign,
    Call,
    CallTag,
    Tag,
    TagCategory,
)
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    TagCategoryFactory,
    TagFactory,
    UserFactory,
    call_with_segments,
)

OCTOBER = date(2026, 10, 1)
AT = datetime(2026, 10, 15, 10, 0, tzinfo=UTC)
LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)
PROMO = (
    "У меня промокод не применился к заказу.",
    "Промокод не применился, скидки нет.",
    "Почему промокод не применился?",
    "Опять промокод не применился к корзине.",
)


@dataclass
class Month:
    problems: TagCategory
    service: TagCategory
    late: Tag
    thanks: Tag
    stale: Tag
    hit_in_september: Tag
    cancel: Tag
    refund: Tag
    promo_calls: list[Call]
    promo_tagged_call: Call
    both_calls: list[Call]
    disagreed_calls: list[Call]
    courier_calls: list[Call]


def _old(tag: Tag) -> Tag:
    Tag.objects.filter(pk=tag.pk).update(created_at=LONG_AGO)
    tag.refresh_from_db()
    return tag


def _annotate(campaign: AnnotationCampaign, call: Call, annotator: User, tags: list[Tag]) -> None:
    annotation = Annotation.objects.create(
        campaign=campaign, call=call, annotator=annotator, none_apply=not tags
    )
    annotation.tags.set(tags)


@pytest.fixture
def month(db: None) -> Month:
    problems = TagCategoryFactory(name="Проблемы", is_problem=True)
    service = TagCategoryFactory(name="Сервис", is_problem=False)
    late = TagFactory(code="late", name="Задержка доставки", category=problems)
    thanks = TagFactory(code="thanks", name="Благодарность", category=service)

    # (1) never hit since long ago; hit in September; created recently (never hit, too new).
    stale = _old(TagFactory(code="stale", name="Старый тег", category=problems))
    hit_in_september = _old(TagFactory(code="september", name="Сентябрьский", category=problems))
    CallTagFactory(tag=hit_in_september, call=CallFactory(started_at=AT - timedelta(days=40)))
    TagFactory(code="fresh", name="Новый тег", category=problems)

    # (2) the same complaint in four calls without a problem tag (one carries «Благодарность»,
    # which is not a problem), and once in a call already tagged with a problem.
    promo_calls = [
        call_with_segments(("operator", "Добрый день!"), ("customer", text), started_at=AT)
        for text in PROMO
    ]
    CallTagFactory(call=promo_calls[-1], tag=thanks)
    promo_tagged_call = call_with_segments(("customer", "Промокод не применился"), started_at=AT)
    CallTagFactory(call=promo_tagged_call, tag=late)

    # (4) two tags always together in eight calls of the month, among 16 more with neither.
    cancel = TagFactory(code="cancel", name="Сложность отмены заказа", category=problems)
    refund = TagFactory(code="refund", name="Возврат денег", category=problems)
    both_calls = [CallFactory(started_at=AT) for _ in range(8)]
    for call in both_calls:
        CallTagFactory(call=call, tag=cancel)
        CallTagFactory(call=call, tag=refund)
    for _ in range(16):
        CallFactory(started_at=AT)

    # (3) two annotators disagree on «Задержка доставки» (κ = 0 on four calls), and (5) one
    # annotator's reference: the late calls say «курьер опоздал», the others do not.
    first, second = UserFactory(role=Role.TRAINER), UserFactory(role=Role.TRAINER)
    closed = AnnotationCampaign.objects.create(
        name="Сентябрь", status=AnnotationCampaign.Status.CLOSED, closed_at=timezone.now()
    )
    disagreed_calls = [CallFactory(started_at=AT - timedelta(days=30)) for _ in range(4)]
    answers = [([late], []), ([late], [late]), ([], [late]), ([], [])]
    for call, (by_first, by_second) in zip(disagreed_calls, answers, strict=True):
        _annotate(closed, call, first, by_first)
        _annotate(closed, call, second, by_second)
    courier_calls = []
    for text in (
        "Курьер опоздал на два часа.",
        "Курьер опоздал, я ждал весь день.",
        "Снова курьер опоздал.",
        "Курьер опоздал опять, где заказ?",
    ):
        call = call_with_segments(("customer", text), started_at=AT - timedelta(days=30))
        _annotate(closed, call, first, [late])
        courier_calls.append(call)
    for text in (
        "Хочу узнать баланс бонусов.",
        "Подскажите режим работы магазина.",
        "Как поменять адрес в профиле?",
        "Где посмотреть историю заказов?",
    ):
        call = call_with_segments(("customer", text), started_at=AT - timedelta(days=30))
        _annotate(closed, call, first, [])
    return Month(
        problems=problems,
        service=service,
        late=late,
        thanks=thanks,
        stale=stale,
        hit_in_september=hit_in_september,
        cancel=cancel,
        refund=refund,
        promo_calls=promo_calls,
        promo_tagged_call=promo_tagged_call,
        both_calls=both_calls,
        disagreed_calls=disagreed_calls,
        courier_calls=courier_calls,
    )


__all__ = ["AT", "OCTOBER", "Month", "CallTag"]
