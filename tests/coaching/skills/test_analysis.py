from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from calls.analysis import analyse_calls, analyser_names, analysers_for
from coaching.models import Skill, SkillResult
from coaching.skills.analysis import SKILL_PHRASES, calls_find_skills
from tests.factories import (
    ObjectionFactory,
    ObjectionPhraseFactory,
    SkillFactory,
    SkillPhraseFactory,
    call_with_segments,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def greeting() -> Skill:
    skill = SkillFactory(code="greeting", name="Приветствие", order=1)
    SkillPhraseFactory(skill=skill, text="добрый день", window_kind="first", window_seconds=30)
    SkillPhraseFactory(skill=skill, text="меня зовут", window_kind="first", window_seconds=30)
    return skill


@pytest.fixture
def clarification() -> Skill:
    skill = SkillFactory(code="need_clarification", name="Уточнение потребности", order=2)
    SkillPhraseFactory(skill=skill, text="назовите номер заказа")
    return skill


@pytest.fixture
def objection_handling() -> Skill:
    ObjectionPhraseFactory(objection=ObjectionFactory(code="price"), text="дорого")
    return SkillFactory(code="objection_handling", kind=Skill.Kind.OBJECTION_HANDLING, order=3)


def _statuses(call_id: int) -> dict[str, str]:
    return dict(SkillResult.objects.filter(call_id=call_id)
                .values_list("skill__code", "status"))


def test_the_analyser_reads_the_objections_and_runs_after_them() -> None:
    names = analyser_names()
    assert names.index("objections") < names.index("skills")
    assert "skills" in [analyser.name for analyser in analysers_for("objections")]


def test_shown_with_evidence_in_varied_wording(greeting: Skill, clarification: Skill) -> None:
    call = call_with_segments(
        ("operator", "Доброго дня! Домашний маркет, меня зовут Анна."),
        ("customer", "Заказ не пришёл."),
        ("operator", "Назовите, пожалуйста, номер вашего заказа."),
    )
    report = calls_find_skills(call_ids=[call.pk])
    assert (report.calls, report.shown, report.not_shown) == (1, 2, 0)
    result = SkillResult.objects.get(skill=greeting)
    assert result.status == SkillResult.Status.SHOWN
    segment = call.segments.get(index=0)
    assert result.segment == segment
    assert segment.text[result.char_start:result.char_end] == result.text
    assert result.text in ("Доброго дня", "меня зовут")
    clarified = SkillResult.objects.get(skill=clarification)
    assert clarified.text.startswith("Назовите") and clarified.start is not None


def test_not_shown_for_the_customer_or_outside_the_window(greeting: Skill) -> None:
    late = call_with_segments(*[("customer", "Алло.")] * 7,  # segments 5 s apart: 35 s
                              ("operator", "Добрый день, меня зовут Анна."))
    customer = call_with_segments(("customer", "Добрый день, меня зовут Олег."))
    calls_find_skills(call_ids=[late.pk, customer.pk])
    assert _statuses(late.pk) == {"greeting": "not_shown"}
    assert _statuses(customer.pk) == {"greeting": "not_shown"}
    shown = SkillResult.objects.filter(status="shown")
    assert not shown.exists()
    assert SkillResult.objects.filter(segment__isnull=False).count() == 0


def test_objection_handling_is_not_applicable_without_objections(
        objection_handling: Skill) -> None:
    call = call_with_segments(("operator", "Добрый день."), ("customer", "Хочу вернуть товар."))
    analyse_calls(call_ids=[call.pk])
    assert _statuses(call.pk) == {"objection_handling": "not_applicable"}
    result = SkillResult.objects.get()
    assert result.segment is None and result.text == ""


@pytest.mark.parametrize(("reply", "status"), [
    ("Понимаю вас, цена важна.", "shown"),
    ("Согласна, сумма заметная.", "shown"),
    ("Вы правы, недёшево.", "shown"),
    ("А сколько вы платите сейчас?", "shown"),
    ("Это стоит двести рублей.", "not_shown"),
])
def test_objection_handling_from_the_operators_reply(
        objection_handling: Skill, reply: str, status: str) -> None:
    call = call_with_segments(
        ("operator", "Предлагаю подписку."),
        ("customer", "Это дорого."),
        ("operator", reply),
    )
    analyse_calls(call_ids=[call.pk])
    assert _statuses(call.pk) == {"objection_handling": status}
    if status == "shown":
        result = SkillResult.objects.get()
        assert result.segment == call.segments.get(index=2)
        assert result.start == 10.0 and result.text == reply


def test_reanalysis_replaces_results_and_a_phrase_change_is_used(greeting: Skill) -> None:
    call = call_with_segments(("operator", "Здравствуйте, Домашний маркет."))
    analyse_calls(call_ids=[call.pk], only="skills")
    assert _statuses(call.pk) == {"greeting": "not_shown"}
    stamp = SKILL_PHRASES.stamp()
    SkillPhraseFactory(skill=greeting, text="здравствуйте", window_kind="first",
                       window_seconds=30)
    assert SKILL_PHRASES.stamp() != stamp
    analyse_calls(call_ids=[call.pk], only="skills")
    assert _statuses(call.pk) == {"greeting": "shown"}
    assert SkillResult.objects.count() == 1
    # A retired skill is no longer recorded on re-analysis.
    greeting.active = False
    greeting.save()
    analyse_calls(call_ids=[call.pk], only="skills")
    assert _statuses(call.pk) == {}


def test_the_skill_code_never_changes(greeting: Skill) -> None:
    greeting.code = "hello"
    with pytest.raises(ValidationError):
        greeting.save()


def test_reanalyse_command_for_skills(greeting: Skill,
                                      run_command: Callable[..., str]) -> None:
    call = call_with_segments(("operator", "Добрый день, меня зовут Анна."))
    assert not SkillResult.objects.exists()
    run_command("reanalyse", "--analyser", "skills", "--sync", "--verbosity", "0")
    assert _statuses(call.pk) == {"greeting": "shown"}
