"""A small library for the sidebar's tests: three objections with phrases and blocks."""

from __future__ import annotations

from dataclasses import dataclass

from scripts_library.models import Objection, ResponseBlock
from tests.factories import (
    ObjectionFactory,
    ObjectionPhraseFactory,
    ObjectionThemeFactory,
    ResponseBlockFactory,
)


@dataclass
class Library:
    price: Objection
    think: Objection
    competitor: Objection
    price_ack: list[ResponseBlock]
    price_arg: ResponseBlock
    price_question: ResponseBlock


def make_library() -> Library:
    money = ObjectionThemeFactory(name="Дорого", order=1)
    doubt = ObjectionThemeFactory(name="Не уверен", order=2)
    other = ObjectionThemeFactory(name="Уже работаем с другим поставщиком", order=3)
    price = ObjectionFactory(code="price", theme=money, name="Слишком дорого",
                             description="Клиенту кажется, что цена высока.")
    ObjectionPhraseFactory(objection=price, text="слишком дорого")
    ObjectionPhraseFactory(objection=price, text="нет денег")
    think = ObjectionFactory(code="think", theme=doubt, name="Надо подумать")
    ObjectionPhraseFactory(objection=think, text="надо подумать")
    competitor = ObjectionFactory(code="competitor", theme=other, name="Другой поставщик")
    ObjectionPhraseFactory(objection=competitor, text="работаем с другим поставщиком", max_gap=2)
    price_ack = [
        ResponseBlockFactory(objection=price, kind="acknowledge", order=0,
                             text="Понимаю, вопрос цены важен."),
        ResponseBlockFactory(objection=price, kind="acknowledge", order=1,
                             text="Да, сумма заметная."),
    ]
    price_arg = ResponseBlockFactory(objection=price, kind="argument",
                                     text="Тариф окупается за два месяца.")
    price_question = ResponseBlockFactory(objection=price, kind="question",
                                          text="С чем вы сравниваете?")
    ResponseBlockFactory(objection=price, kind="argument", text="Старый блок.", is_active=False)
    ResponseBlockFactory(objection=think, kind="question", text="Что вызывает сомнения?")
    return Library(price=price, think=think, competitor=competitor, price_ack=price_ack,
                   price_arg=price_arg, price_question=price_question)
