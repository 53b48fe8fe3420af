"""The moment of resolution on hand-made dialogs."""

from __future__ import annotations

import pytest

from calls.contacts.resolution import find_resolution
from calls.phrases import SegmentText


def _dialog(*turns: str) -> list[SegmentText]:
    """Turns "O: …" / "C: …", 5 s apart, 4 s long."""
    return [
        SegmentText("operator" if turn[0] == "O" else "customer", n * 5.0, n * 5.0 + 4.0,
                    turn[3:])
        for n, turn in enumerate(turns)
    ]


ANSWER = "O: Курьер привезёт заказ завтра с десяти до двух."
QUESTION = "C: Где мой заказ?"
GREETING = "O: Служба доставки, здравствуйте."


@pytest.mark.parametrize("acceptance", [
    "Понятно, спасибо.", "Да, получилось!", "О, всё работает.", "Хорошо, так и сделаю.",
    "Ясно.", "Нет, спасибо, всё понятно. До свидания.",
])
def test_acceptance_after_an_answer_is_the_moment(acceptance: str) -> None:
    found = find_resolution(_dialog(GREETING, QUESTION, ANSWER, f"C: {acceptance}"))
    assert found.resolved
    assert found.acceptance_index == 3 and found.answer_index == 2
    assert 15.0 <= (found.resolved_at or 0) < 19.0


@pytest.mark.parametrize("reply", [
    "Понятно, но я же уже ждал неделю.", "Нет, не получилось.",
    "Спасибо, но вопрос не решён.", "Хорошо, а как же мне быть сегодня?",
    "Всё равно не работает.", "Это не то.",
])
def test_negation_and_continuation_take_the_acceptance_back(reply: str) -> None:
    found = find_resolution(_dialog(GREETING, QUESTION, ANSWER, f"C: {reply}"))
    assert not found.resolved
    assert found.resolved_at is None


def test_politeness_after_a_deferral_is_not_a_resolution() -> None:
    found = find_resolution(_dialog(
        GREETING, QUESTION, "O: К сожалению, я не вижу заказ, передам запрос на склад.",
        "C: Ладно, спасибо.",
    ))
    assert not found.resolved


def test_thanks_in_the_first_turn_is_not_acceptance() -> None:
    found = find_resolution(_dialog(GREETING, "C: Спасибо, что ответили, где мой заказ?"))
    assert not found.resolved


def test_a_later_failure_undoes_an_earlier_acceptance_and_a_fix_sets_the_moment() -> None:
    turns = _dialog(
        GREETING, "C: Не открывается приложение.", "O: Очистите кэш.", "C: Хорошо, спасибо.",
        "C: Нет, всё равно вылетает.", "O: Переустановите приложение.",
        "C: Да, теперь заработало.",
    )
    found = find_resolution(turns)
    assert found.resolved and found.acceptance_index == 6


def test_a_strong_acceptance_wins_over_the_steps_acknowledged() -> None:
    found = find_resolution(_dialog(
        GREETING, "C: Как сменить номер?", "O: Откройте профиль.", "C: Ага.",
        "O: Нажмите на номер и введите новый.", "C: Хорошо.", "O: Введите код.",
        "C: Всё, поменялся, спасибо.",
    ))
    assert found.acceptance_index == 7


def test_a_word_form_that_only_looks_like_acceptance_does_not_count() -> None:
    # «работать» is not «работает», «найти» is not «нашёл».
    found = find_resolution(_dialog(
        GREETING, QUESTION, ANSWER, "C: Мне работать надо, не могу найти время ждать.",
    ))
    assert not found.resolved


def test_no_moment_is_without_resolution() -> None:
    found = find_resolution(_dialog(GREETING, QUESTION, "O: Не знаю.", "C: А кто знает?"))
    assert not found.resolved and found.reasons
