"""October 2026's sales calls with one example of every kind of suggestion."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from calls.models import Call
from scripts_library.models import Objection, ObjectionHit, ResponseBlock
from tests.factories import (
    CallFactory,
    ObjectionFactory,
    ObjectionPhraseFactory,
    ResponseBlockFactory,
    SidebarEventFactory,
    call_with_segments,
)

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
AT = datetime(2026, 10, 15, 10, 0, tzinfo=UTC)
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
GUARANTEE = "Понимаю вас, зато у нас гарантия пять лет."


@dataclass
class Month:
    price: Objection
    delivery_calls: list[Call]
    unmatched_price_call: Call
    reply_calls: list[Call]
    unused: ResponseBlock
    used: ResponseBlock
    fresh: ResponseBlock
    weak: ResponseBlock
    strong: ResponseBlock


def _hit(call: Call, objection: Objection, *, index: int, text: str,
         **fields: object) -> ObjectionHit:
    segment = call.segments.get(index=index)
    start = segment.text.lower().index(text.lower())
    return ObjectionHit.objects.create(
        call=call, objection=objection, segment=segment, char_start=start,
        char_end=start + len(text), start=segment.start, end=segment.end, text=text, **fields)


def _old(block: ResponseBlock) -> ResponseBlock:
    ResponseBlock.objects.filter(pk=block.pk).update(created_at=LONG_AGO)
    return block


@pytest.fixture
def month(db: None) -> Month:
    price = ObjectionFactory(code="price", name="Слишком дорого")
    ObjectionPhraseFactory(objection=price, text="слишком дорого")
    sale, no_sale = Call.Outcome.SALE, Call.Outcome.NO_SALE

    # (a) the same complaint in three calls, which no objection knows.
    delivery_calls = [
        call_with_segments(("operator", "Добрый день!"), ("customer", text),
                           outcome=no_sale, started_at=AT)
        for text in ("Доставка у вас долгая, вот что.", "Ну доставка долгая же",
                     "А доставка у вас долгая?")
    ]
    # A support call says it too: not a sales call, not counted.
    call_with_segments(("customer", "доставка долгая"), outcome=Call.Outcome.RESOLVED,
                       started_at=AT)

    # (b) «цена кусается» said next to «слишком дорого» twice, and alone once.
    for _ in range(2):
        call = call_with_segments(("customer", "Слишком дорого, цена кусается."),
                                  outcome=no_sale, started_at=AT)
        _hit(call, price, index=0, text="Слишком дорого")
    unmatched_price_call = call_with_segments(("customer", "Ой, цена кусается."),
                                              outcome=no_sale, started_at=AT)

    # (c) the same reply in two sales where the objection did not come back...
    reply_calls = []
    for reply in (GUARANTEE, "Понимаю, зато гарантия у нас пять лет!"):
        call = call_with_segments(("customer", "Это слишком дорого"), ("operator", reply),
                                  outcome=sale, started_at=AT)
        _hit(call, price, index=0, text="слишком дорого", reply_text=reply, reply_start=5.0)
        reply_calls.append(call)
    # ...but not a reply after which the customer objected again, nor one in a lost sale.
    call = call_with_segments(("customer", "слишком дорого"), ("operator", "Ну как хотите."),
                              outcome=sale, started_at=AT)
    _hit(call, price, index=0, text="слишком дорого", reply_text="Ну как хотите.",
         raised_again=True)
    call = call_with_segments(("customer", "слишком дорого"), ("operator", "Скидок нет."),
                              outcome=no_sale, started_at=AT)
    _hit(call, price, index=0, text="слишком дорого", reply_text="Скидок нет.")

    # (d) blocks: one never inserted since long ago, one inserted, one too new to judge.
    acknowledge = ResponseBlock.Kind.ACKNOWLEDGE
    unused = _old(ResponseBlockFactory(objection=price, kind=acknowledge, text="Никому не нужен"))
    used = _old(ResponseBlockFactory(objection=price, kind=acknowledge, text="Вставляют"))
    SidebarEventFactory(block=used, at=AT - timedelta(days=40))
    fresh = ResponseBlockFactory(objection=price, kind=acknowledge, text="Новый")

    # (e) two argument blocks: one inserted in 10 lost sales, the other in 10 sales.
    argument = ResponseBlock.Kind.ARGUMENT
    weak = _old(ResponseBlockFactory(objection=price, kind=argument, text="Слабый аргумент"))
    strong = _old(ResponseBlockFactory(objection=price, kind=argument, text="Сильный аргумент"))
    for block, outcome in ((weak, no_sale), (strong, sale)):
        for _ in range(10):
            SidebarEventFactory(block=block, at=AT, call=CallFactory(outcome=outcome,
                                                                      started_at=AT))
    return Month(price=price, delivery_calls=delivery_calls,
                 unmatched_price_call=unmatched_price_call, reply_calls=reply_calls,
                 unused=unused, used=used, fresh=fresh, weak=weak, strong=strong)
