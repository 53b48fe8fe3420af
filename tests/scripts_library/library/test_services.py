import pytest

from calls.phrase_runtime.validation import PhraseInvalid
from project.errors import DomainError
from project.roles import Role
from scripts_library.library import services
from scripts_library.models import Objection, ObjectionTheme, ResponseBlock
from tests.factories import (
    CallFactory,
    ObjectionFactory,
    ObjectionThemeFactory,
    ResponseBlockFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_theme_create_rename_and_conflict() -> None:
    theme = services.theme_create(name="  Дорого ")
    assert theme.name == "Дорого"
    services.theme_update(theme=theme, name="Цена", description="про деньги")
    theme.refresh_from_db()
    assert (theme.name, theme.description) == ("Цена", "про деньги")
    services.theme_create(name="Время")
    with pytest.raises(services.LibraryConflict, match="уже есть"):
        services.theme_update(theme=theme, name="Время")
    with pytest.raises(services.LibraryInvalid, match="пустым"):
        services.theme_create(name="   ")
    assert services.theme_get_or_create(name="Цена") == (theme, False)
    created, is_new = services.theme_get_or_create(name="Новая")
    assert is_new and created.order > theme.order


def test_objection_create_update_keeps_code_and_history_with_author() -> None:
    trainer = UserFactory(role=Role.TRAINER)
    theme = ObjectionThemeFactory()
    objection = services.objection_create(code="price", theme=theme, name="Дорого", user=trainer)
    other = ObjectionThemeFactory()
    services.objection_update(objection=objection, theme=other, name="Слишком дорого",
                              description="клиент считает цену высокой", user=trainer)
    objection.refresh_from_db()
    assert objection.code == "price" and objection.theme == other
    versions = list(objection.history.order_by("history_id"))
    assert [v.name for v in versions] == ["Дорого", "Слишком дорого"]
    assert versions[-1].history_user == trainer


@pytest.mark.parametrize("code", ["", "Цена", "has space", "UPPER", "x" * 101, "-lead"])
def test_objection_code_is_checked(code: str) -> None:
    with pytest.raises(services.LibraryInvalid):
        services.objection_create(code=code, theme=ObjectionThemeFactory(), name="Имя")


def test_objection_duplicate_code_and_bad_fields() -> None:
    theme = ObjectionThemeFactory()
    services.objection_create(code="price", theme=theme, name="Дорого")
    with pytest.raises(services.LibraryConflict, match="price"):
        services.objection_create(code="price", theme=theme, name="Ещё")
    with pytest.raises(services.LibraryInvalid, match="длиннее"):
        services.objection_create(code="long", theme=theme, name="я" * 201)
    with pytest.raises(services.LibraryInvalid, match="состояние"):
        services.objection_create(code="st", theme=theme, name="Имя", status="gone")


def test_retire_and_activate() -> None:
    objection = ObjectionFactory(status=Objection.Status.DRAFT)
    services.objection_activate(objection=objection)
    assert Objection.objects.get().status == Objection.Status.ACTIVE
    services.objection_retire(objection=objection)
    assert Objection.objects.get().status == Objection.Status.RETIRED
    count = objection.history.count()
    services.objection_retire(objection=objection)  # no change, no new version
    assert objection.history.count() == count


def test_phrase_add_update_remove_through_the_engine() -> None:
    objection = ObjectionFactory()
    phrase = services.phrase_add(objection=objection, text="  слишком   дорого ")
    assert (phrase.text, phrase.speaker, phrase.max_gap) == ("слишком дорого", "customer", 1)
    services.phrase_update(phrase=phrase, text="очень дорого", speaker="any", max_gap=2,
                           window_kind="first", window_seconds=60)
    phrase.refresh_from_db()
    assert (phrase.text, phrase.window_seconds) == ("очень дорого", 60)
    with pytest.raises(services.LibraryConflict):
        services.phrase_add(objection=objection, text="очень дорого", speaker="any")
    with pytest.raises(PhraseInvalid):
        services.phrase_add(objection=objection, text="", speaker="customer")
    with pytest.raises(PhraseInvalid, match="говорящий"):
        services.phrase_add(objection=objection, text="дорого", speaker="boss")
    with pytest.raises(PhraseInvalid, match="секунд"):
        services.phrase_add(objection=objection, text="дорого", window_kind="last")
    before = Objection.objects.get().updated_at
    services.phrase_remove(phrase=phrase)
    assert not objection.phrases.exists()
    assert Objection.objects.get().updated_at > before


def test_phrase_errors_are_domain_errors_with_russian_messages() -> None:
    with pytest.raises(DomainError) as error:
        services.phrase_add(objection=ObjectionFactory(), text="«дорого", speaker="customer")
    assert error.value.message.startswith("Незакрытая кавычка")


def test_blocks_create_order_update_retire_reorder() -> None:
    trainer = UserFactory(role=Role.TRAINER)
    objection = ObjectionFactory()
    first = services.block_create(objection=objection, kind="argument", text="Окупается за год.",
                                  author=trainer)
    second = services.block_create(objection=objection, kind="argument", text="Гарантия 3 года.")
    assert (first.order, second.order, first.author) == (0, 1, trainer)
    services.block_update(block=first, text="Окупается\nза полгода.", user=trainer)
    assert ResponseBlock.objects.get(pk=first.pk).text == "Окупается\nза полгода."
    services.block_reorder(objection=objection, kind="argument", block_ids=[second.pk, first.pk])
    assert list(objection.blocks.values_list("pk", flat=True)) == [second.pk, first.pk]
    with pytest.raises(services.LibraryInvalid, match="все блоки"):
        services.block_reorder(objection=objection, kind="argument", block_ids=[first.pk])
    services.block_retire(block=first)
    assert list(ResponseBlock.objects.active()) == [second]
    services.block_activate(block=first)
    assert ResponseBlock.objects.active().count() == 2
    with pytest.raises(services.LibraryInvalid, match="вид"):
        services.block_create(objection=objection, kind="joke", text="Ха")
    with pytest.raises(services.LibraryInvalid, match="пустым"):
        services.block_create(objection=objection, kind="question", text=" \n ")
    with pytest.raises(services.LibraryInvalid, match="длиннее"):
        services.block_create(objection=objection, kind="question", text="а" * 1001)


def test_exemplar_create_and_delete() -> None:
    call = CallFactory(duration=120.0)
    objection = ObjectionFactory()
    exemplar = services.exemplar_create(call=call, start=10, end=200, note=" хороший ответ ",
                                        objections=[objection])
    assert (exemplar.end, exemplar.note) == (120.0, "хороший ответ")
    assert list(exemplar.objections.all()) == [objection]
    with pytest.raises(services.LibraryInvalid):
        services.exemplar_create(call=call, start=30, end=20)
    with pytest.raises(services.LibraryInvalid, match="после конца"):
        services.exemplar_create(call=call, start=130, end=140)
    services.exemplar_delete(exemplar=exemplar)
    assert not objection.exemplars.exists()


def test_restore_objection_version_writes_a_new_version() -> None:
    trainer = UserFactory(role=Role.TRAINER)
    objection = services.objection_create(code="price", theme=ObjectionThemeFactory(name="А"),
                                          name="Дорого")
    first = objection.history.get()
    services.objection_update(objection=objection, theme=ObjectionThemeFactory(name="Б"),
                              name="Цена", description="новое")
    services.objection_retire(objection=objection)
    services.objection_restore(objection=objection, history_id=first.history_id, user=trainer)
    objection.refresh_from_db()
    assert (objection.name, objection.theme.name, objection.description, objection.status) == (
        "Дорого", "А", "", Objection.Status.ACTIVE)
    latest = objection.history.first()
    assert objection.history.count() == 4
    assert latest.history_user == trainer and "восстановлена" in latest.history_change_reason
    with pytest.raises(services.VersionNotFound):
        services.objection_restore(objection=objection, history_id=10**9)
    other = ObjectionFactory()
    with pytest.raises(services.VersionNotFound):
        services.objection_restore(objection=other, history_id=first.history_id)


def test_restore_objection_refuses_a_deleted_theme() -> None:
    objection = ObjectionFactory(theme=ObjectionThemeFactory(name="Старая"))
    first = objection.history.get()
    services.objection_update(objection=objection, theme=ObjectionThemeFactory(name="Новая"),
                              name=objection.name, description="")
    ObjectionTheme.objects.filter(name="Старая").delete()
    with pytest.raises(services.LibraryConflict, match="Тема"):
        services.objection_restore(objection=objection, history_id=first.history_id)


def test_restore_block_version() -> None:
    block = ResponseBlockFactory(text="Первый вариант")
    first = block.history.get()
    services.block_update(block=block, text="Второй вариант")
    services.block_retire(block=block)
    services.block_restore(block=block, history_id=first.history_id)
    block.refresh_from_db()
    assert (block.text, block.is_active) == ("Первый вариант", True)
    assert block.history.count() == 4
