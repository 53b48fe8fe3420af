import pytest

from calls.analysis import analyse_calls, analyser_names
from scripts_library.library import services
from scripts_library.models import ObjectionHit
from scripts_library.objections.analysis import (
    OBJECTION_PHRASES,
    calls_find_objections,
    library_changed_after_analysis,
)
from tests.factories import ObjectionFactory, ObjectionPhraseFactory, call_with_segments

pytestmark = pytest.mark.django_db


@pytest.fixture
def price() -> object:
    objection = ObjectionFactory(code="price", name="Дорого")
    ObjectionPhraseFactory(objection=objection, text="слишком дорого", max_gap=1)
    return objection


def test_the_analyser_is_registered() -> None:
    assert "objections" in analyser_names()


def test_hit_has_evidence_and_the_operators_reply(price: object) -> None:
    call = call_with_segments(
        ("operator", "Добрый день, компания Ромашка."),
        ("customer", "Ну это слишком уж дорого для нас."),
        ("customer", "Правда."),
        ("operator", "Понимаю вас."),
        ("operator", "Давайте посчитаем окупаемость."),
        ("customer", "Ладно, давайте."),
    )
    report = calls_find_objections(call_ids=[call.pk])
    assert (report.calls, report.hits) == (1, 1)
    hit = ObjectionHit.objects.get()
    segment = call.segments.get(index=1)
    assert hit.segment == segment and hit.objection == price
    assert segment.text[hit.char_start:hit.char_end] == hit.text == "слишком уж дорого"
    assert 5.0 <= hit.start < hit.end <= 9.0
    assert hit.reply_text == "Понимаю вас. Давайте посчитаем окупаемость."
    assert (hit.reply_start, hit.reply_end) == (15.0, 24.0)
    assert (hit.occurrence, hit.raised_again) == (1, False)


def test_repeated_objection_after_the_reply(price: object) -> None:
    call = call_with_segments(
        ("customer", "Слишком дорого."),
        ("customer", "Очень, слишком дорого."),  # the same breath: the same raising
        ("operator", "Зато гарантия три года."),
        ("customer", "Всё равно слишком дорого."),
    )
    calls_find_objections(call_ids=[call.pk])
    hits = list(ObjectionHit.objects.order_by("start"))
    assert [(h.occurrence, h.raised_again) for h in hits] == [(1, True), (1, True), (2, False)]
    assert hits[0].reply_text == hits[1].reply_text == "Зато гарантия три года."
    assert hits[2].reply_text == "" and hits[2].reply_start is None


def test_negation_and_operator_speech_are_not_objections(price: object) -> None:
    call = call_with_segments(
        ("customer", "Это не слишком дорого, берём."),
        ("operator", "Многие говорят: слишком дорого, но потом считают."),
    )
    assert calls_find_objections(call_ids=[call.pk]).hits == 0


def test_a_conceded_price_is_not_an_objection(price: object) -> None:
    call = call_with_segments(
        ("customer", "Слишком дорого, но берём."),
        ("operator", "Отлично, оформляю."),
        ("customer", "Слишком дорого, но я ещё подумаю."),
    )
    assert calls_find_objections(call_ids=[call.pk]).hits == 1
    [hit] = ObjectionHit.objects.all()
    assert hit.text == "Слишком дорого"
    assert hit.segment.text.endswith("подумаю.")
    assert hit.occurrence == 1 and not hit.raised_again


def test_reanalysis_replaces_hits_and_sees_library_changes(price: object) -> None:
    call = call_with_segments(("customer", "Слишком дорого."), ("customer", "Нет времени."))
    analyse_calls(call_ids=[call.pk], only="objections")
    assert ObjectionHit.objects.count() == 1
    busy = services.objection_create(code="busy", theme=price.theme, name="Нет времени")
    stamp = OBJECTION_PHRASES.stamp()
    services.phrase_add(objection=busy, text="нет времени")
    assert OBJECTION_PHRASES.stamp() != stamp
    analyse_calls(call_ids=[call.pk], only="objections")
    assert sorted(ObjectionHit.objects.values_list("objection__code", flat=True)) == [
        "busy", "price"]
    services.objection_retire(objection=price)
    analyse_calls(call_ids=[call.pk], only="objections")
    assert list(ObjectionHit.objects.values_list("objection__code", flat=True)) == ["busy"]
    services.phrase_remove(phrase=busy.phrases.get())
    calls_find_objections(call_ids=[call.pk])
    assert not ObjectionHit.objects.exists()


def test_library_changed_after_analysis(price: object) -> None:
    from django.utils import timezone

    from calls.models import Call

    call = call_with_segments(("customer", "Слишком дорого."))
    Call.objects.filter(pk=call.pk).update(status=Call.Status.ANALYSED, analysed_at=timezone.now())
    assert not library_changed_after_analysis()
    services.phrase_add(objection=price, text="дороговато")
    assert library_changed_after_analysis()
