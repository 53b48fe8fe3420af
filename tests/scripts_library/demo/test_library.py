"""The demo library (scripts_library/demo/library.yaml): it imports cleanly, and each of its
objections is found in varied wording — word forms, words in between, «не»."""

import pytest

from scripts_library.demo import DEMO_LIBRARY
from scripts_library.library.importing import library_import, library_read_file
from scripts_library.models import Objection, ObjectionHit, ResponseBlock
from scripts_library.objections.analysis import calls_find_objections
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db

# code → what customers say (each must be found), in other forms than the trigger phrases.
SAID = {
    "price_too_high": ["Ой, это для меня дороговато будет.", "Слишком уж дорого, честно.",
                       "Цена, конечно, кусается.", "Мне это не по карману сейчас."],
    "cheaper_elsewhere": ["А я видела дешевле на маркетплейсе.",
                          "В соседнем магазине это дешевле.",
                          "У ваших конкурентов всё дешевле."],
    "no_budget": ["Денег сейчас совсем нет.", "У нас бюджет на этот год уже закончился.",
                  "Пока нет свободных денег."],
    "discount_request": ["А скидку сделаете?", "Дайте мне скидку, тогда подумаю.",
                         "А со скидкой никак нельзя?"],
    "not_sure_need": ["Я не уверена, что мне это надо.", "А зачем мне вообще это?",
                      "Не знаю, нужно ли оно."],
    "not_needed": ["Мне это не нужно, спасибо.", "Нам такое не надо.",
                   "Подписка мне не нужна."],
    "not_interested": ["Мне неинтересно.", "Это меня не интересует.",
                       "Нет, не интересно, спасибо."],
    "doubt_quality": ["Я сомневаюсь в качестве ваших товаров.",
                      "А если он через месяц вдруг сломается?",
                      "Я читал плохие отзывы."],
    "bad_experience": ["У меня был очень плохой опыт с вами.",
                       "Я уже один раз обожглась.", "В прошлый раз вы меня подвели."],
    "hidden_fees": ["А где тут подвох?", "Потом спишете деньги без спроса.",
                    "Боюсь скрытых платежей."],
    "other_supplier": ["Мы работаем с другим поставщиком.",
                       "У нас уже есть поставщик канцелярии.",
                       "Мы закупаемся в другом месте."],
    "satisfied_current": ["Нас всё устраивает, спасибо.",
                          "Меня в целом всё устраивает.", "Мы довольны нынешним."],
    "contract_bound": ["У нас договор до конца года.", "У нас действующий договор с ними.",
                       "Мы связаны договором."],
    "no_time": ["Мне сейчас некогда.", "Извините, я за рулём.",
                "У меня нет времени на это.", "Мне неудобно сейчас говорить."],
    "call_later": ["Перезвоните мне позже.", "Давайте в другой раз.",
                   "Позвоните через неделю."],
    "think_it_over": ["Мне надо подумать.", "Я ещё подумаю.",
                      "Нужно всё взвесить."],
    "consult_family": ["Мне нужно посоветоваться с мужем.", "Я с женой посоветуюсь.",
                       "Спрошу у мужа вечером."],
    "decision_maker": ["Решаю не я.", "Это надо согласовать с руководством.",
                       "Надо спросить у начальника."],
    "send_email": ["Пришлите всё на почту.", "Скиньте мне на почту предложение.",
                   "Пришлите коммерческое предложение."],
    "self_research": ["Я сам посмотрю на сайте.", "Скиньте ссылку, я сама разберусь.",
                      "Почитаю в интернете."],
    "delivery_slow": ["Это же долго ждать.", "Вы долго везёте.",
                      "Мне нужно быстрее."],
    "delivery_cost": ["У вас платная доставка.", "Не хочу платить за доставку.",
                      "Доставка у вас дорогая."],
    "no_subscriptions": ["Не хочу я никаких подписок.", "Не люблю подписки.",
                         "Потом не отпишешься."],
    "rarely_use": ["Я редко заказываю.", "Я заказываю не так часто.",
                   "Раза два в месяц, не больше."],
    "do_not_call": ["Не звоните мне больше.", "Откуда у вас мой номер?",
                    "Удалите мой номер из базы."],
}

# Negated, or said by the operator: no objection.
NOT_OBJECTIONS = [
    ("customer", "Это не дорого, берём."),
    ("customer", "Вообще не дорого."),
    ("operator", "Многие говорят, что дорого, но потом считают."),
]


@pytest.fixture
def library() -> None:
    library_import(data=library_read_file(DEMO_LIBRARY))


def test_the_demo_library_imports_cleanly_and_is_big_enough(library: None) -> None:
    objections = Objection.objects.all()
    assert objections.count() >= 20
    for objection in objections:
        assert objection.phrases.count() >= 2, objection.code
        for kind in ResponseBlock.Kind.values:
            assert objection.blocks.filter(kind=kind).count() >= 2, (objection.code, kind)
    assert {code for code in SAID} == set(objections.values_list("code", flat=True))
    report = library_import(data=library_read_file(DEMO_LIBRARY))
    assert (report.created, report.updated, report.removed) == (0, 0, 0)


def test_each_demo_objection_is_found_in_varied_wording(library: None) -> None:
    # One call per utterance, analysed together: one import and one compile for all of them.
    calls = {
        (code, text): call_with_segments(("operator", "Добрый день, Домашний маркет."),
                                         ("customer", text)).pk
        for code, texts in SAID.items() for text in texts
    }
    calls_find_objections(call_ids=list(calls.values()))
    found: dict[int, set[str]] = {}
    for call_id, code in ObjectionHit.objects.values_list("call_id", "objection__code"):
        found.setdefault(call_id, set()).add(code)
    missed = [(code, text) for (code, text), pk in calls.items() if code not in found.get(pk, ())]
    assert missed == []


def test_negation_and_operator_words_are_not_objections(library: None) -> None:
    call = call_with_segments(*NOT_OBJECTIONS)
    calls_find_objections(call_ids=[call.pk])
    assert not ObjectionHit.objects.filter(objection__code="price_too_high").exists()
