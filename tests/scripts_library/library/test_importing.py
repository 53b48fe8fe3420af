import json
from pathlib import Path
from typing import Any

import pytest

from scripts_library.library.exporting import library_dump, library_export
from scripts_library.library.importing import (
    LibraryFileInvalid,
    library_import,
    library_read_file,
)
from scripts_library.models import Objection, ObjectionPhrase, ObjectionTheme, ResponseBlock

pytestmark = pytest.mark.django_db


def _library() -> dict[str, Any]:
    return {"objections": [
        {"code": "price", "theme": "Дорого", "description": "Цена кажется высокой",
         "phrases": [{"text": "слишком дорого", "speaker": "customer", "max_gap": 1},
                     {"text": "дороговато"}],
         "responses": {"acknowledge": "Понимаю, цена важна.",
                       "argument": ["Окупается за полгода.", "Гарантия три года."],
                       "question": ["С чем сравниваете?"]}},
        {"code": "busy", "theme": "Нет времени", "name": "Некогда говорить",
         "phrases": [{"text": "нет времени", "window": {"kind": "first", "seconds": 60}}],
         "responses": {"question": "Когда удобно перезвонить?"}},
    ]}


def test_import_creates_everything_and_is_idempotent() -> None:
    report = library_import(data=_library())
    assert report.created == 2 + 2 + 3 + 5  # themes, objections, phrases, blocks
    price = Objection.objects.get(code="price")
    assert (price.name, price.theme.name, price.status) == ("Дорого", "Дорого", "active")
    assert Objection.objects.get(code="busy").name == "Некогда говорить"
    assert [b.text for b in price.blocks.filter(kind="argument")] == [
        "Окупается за полгода.", "Гарантия три года."]
    assert set(price.blocks.values_list("source", flat=True)) == {"import"}
    assert price.phrases.get(text="дороговато").speaker == "customer"
    again = library_import(data=_library())
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
    assert again.changes == []


def test_reimport_updates_by_code_removes_phrases_and_retires_blocks() -> None:
    library_import(data=_library())
    changed = _library()
    price = changed["objections"][0]
    price["name"] = "Цена"
    price["phrases"] = [{"text": "слишком дорого", "max_gap": 2}]
    price["responses"]["argument"] = ["Гарантия три года.", "Рассрочка без переплаты."]
    report = library_import(data=changed)
    objection = Objection.objects.get(code="price")
    assert objection.name == "Цена"
    assert list(objection.phrases.values_list("text", "max_gap")) == [("слишком дорого", 2)]
    assert [b.text for b in objection.blocks.filter(kind="argument", is_active=True)] == [
        "Гарантия три года.", "Рассрочка без переплаты."]
    assert objection.blocks.get(text="Окупается за полгода.").is_active is False
    assert report.removed == 2  # a phrase deleted, a block retired
    assert Objection.objects.count() == 2


def test_dry_run_changes_nothing() -> None:
    report = library_import(data=_library(), dry_run=True)
    assert report.created > 0
    assert not Objection.objects.exists() and not ObjectionTheme.objects.exists()


def test_round_trip_through_export() -> None:
    library_import(data=_library())
    Objection.objects.filter(code="busy").update(status="retired")
    exported = library_export()
    ObjectionPhrase.objects.all().delete()
    ResponseBlock.objects.all().delete()
    Objection.objects.all().delete()
    library_import(data=json.loads(library_dump(exported, format="json")))
    assert library_export() == exported
    assert Objection.objects.get(code="busy").status == "retired"
    report = library_import(data=exported)
    assert (report.created, report.updated, report.removed) == (0, 0, 0)


def _errors(data: Any) -> str:
    with pytest.raises(LibraryFileInvalid) as error:
        library_import(data=data)
    assert not Objection.objects.exists()
    return error.value.message


def test_broken_documents_list_every_error_with_its_place() -> None:
    message = _errors({"objections": [
        {"code": "price", "theme": "Дорого",
         "phrases": [{"text": "слишком дорого", "speaker": "boss"},
                     {"text": "дорого", "window": {"kind": "middle", "seconds": 5}},
                     {"text": "«дорого"}, {"text": 5}, {"text": "x", "max_gap": -1}],
         "responses": {"joke": "ха", "argument": ["", "a" * 1001], "question": 7}},
        {"code": "Цена", "theme": "Дорого"},
        {"code": "busy", "theme": "", "name": "x" * 201, "status": "sleeping", "extra": 1},
        {"code": "busy", "theme": "Время"},
        "not an object",
    ]})
    assert message.startswith("Библиотека не импортирована, ошибок:")
    for expected in (
        "возражение 1 «price», фраза 1 «слишком дорого»: «speaker»",
        "возражение 1 «price», фраза 2 «дорого»: «window»",
        "возражение 1 «price», фраза 3 ««дорого»: Незакрытая кавычка",
        "возражение 1 «price», фраза 4: поле «text»",
        "«max_gap»",
        "неизвестный вид блока 'joke'",
        "responses.argument[1]: блок должен быть непустой строкой",
        "responses.argument[2]: блок длиннее 1\u00a0000\u00a0символов",
        "responses.question: нужна строка или список строк",
        "возражение 2: Код «Цена»",
        "возражение 3 «busy»: поле «theme»",
        "возражение 3 «busy»: поле «name» длиннее 200",
        "«status»",
        "неизвестные поля: extra",
        "возражение 4 «busy»: код повторяется",
        "возражение 5: возражение должно быть объектом",
    ):
        assert expected in message, expected


@pytest.mark.parametrize("data", [None, [], {"objections": {}}, {"themes": []}])
def test_wrong_top_level(data: Any) -> None:
    assert "objections" in _errors(data)


def test_read_file_refuses_non_utf8_and_bad_syntax(tmp_path: Path) -> None:
    latin = tmp_path / "lib.json"
    latin.write_bytes('{"objections": [{"theme": "Дорого"}]}'.encode("cp1251"))
    with pytest.raises(LibraryFileInvalid, match="UTF-8"):
        library_read_file(latin)
    bad_yaml = tmp_path / "lib.yaml"
    bad_yaml.write_text("objections: [\n  - code: price\n   theme: x", encoding="utf-8")
    with pytest.raises(LibraryFileInvalid, match="YAML"):
        library_read_file(bad_yaml)
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{", encoding="utf-8")
    with pytest.raises(LibraryFileInvalid, match="JSON"):
        library_read_file(bad_json)
    with pytest.raises(LibraryFileInvalid):
        library_read_file(tmp_path / "missing.yaml")
