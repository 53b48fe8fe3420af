"""`import_annotations`: a closed import campaign whose one annotator per call is the reference;
bad lines refused with their number in Russian, the rest kept, exit status 1; each line whole."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from calls.models import Annotation, AnnotationCampaign, Call, CallTag, CallTagChange, Tag
from calls.taxonomy.annotation.reference import reference_labels
from project.roles import Role
from tests.factories import CallFactory, OperatorFactory, TagFactory, UserFactory
from tests.factories_annotation import annotator, campaign_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, object]:
    return {
        "calls": [
            CallFactory(external_id="c1"),
            CallFactory(external_id="c2"),
            CallFactory(external_id="c3"),
        ],
        "anna": annotator("anna"),
        "olga": UserFactory(username="olga", role=Role.TRAINER),
        "late": TagFactory(code="late"),
        "rude": TagFactory(code="rude"),
        "gone": TagFactory(code="gone", is_active=False),
    }


def _file(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "labels.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def _run(path: Path, *args: str) -> tuple[int, str, str]:
    """Exit status, stdout and stderr (counts keep their non-breaking space: read as spaces)."""
    out, err = StringIO(), StringIO()
    status = 0
    try:
        call_command("import_annotations", str(path), *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    return status, out.getvalue().replace("\xa0", " "), err.getvalue()


@override_settings(ANNOTATION_APPLY_ON_CLOSE=True)
def test_a_good_file_is_a_closed_campaign_whose_labels_are_the_reference(
    tmp_path: Path, world: dict[str, object]
) -> None:
    calls: list[Call] = world["calls"]  # type: ignore[assignment]
    path = _file(
        tmp_path,
        {"external_id": "c1", "annotator": "anna", "tags": ["late", "rude"]},
        {"id": calls[1].pk, "annotator": "olga", "tags": []},
        "",
        {"external_id": "c3", "annotator": "anna", "tags": ["late"], "comment": "ок"},
    )
    status, out, err = _run(path, "--campaign", "Файл декабря")

    assert (status, err) == (0, "")
    assert "импортировано 3 ответа" in out and "ручные" in out
    campaign = AnnotationCampaign.objects.get(name="Файл декабря")
    assert (campaign.status, campaign.sampling, campaign.sample_size) == ("closed", "import", 3)
    assert campaign.labels_applied_at is not None
    reference = reference_labels()
    assert reference[calls[0].pk].tags == {world["late"].pk, world["rude"].pk}  # type: ignore[attr-defined]
    assert reference[calls[1].pk].tags == frozenset()
    assert Annotation.objects.get(call=calls[1]).none_apply
    manual = CallTag.objects.manual()
    assert manual.count() == 3 and {t.created_by.username for t in manual} == {"anna"}  # type: ignore[union-attr]
    assert CallTagChange.objects.count() == 3

    # The same file again changes nothing and says so.
    status, out, _err = _run(path, "--campaign", "Файл декабря")
    assert status == 0 and "импортировано 0 ответов" in out and "без изменений: 3 ответа" in out


@override_settings(ANNOTATION_APPLY_ON_CLOSE=False)
def test_without_the_setting_the_labels_wait_for_the_campaign_page(
    tmp_path: Path, world: dict[str, object]
) -> None:
    path = _file(tmp_path, {"external_id": "c1", "annotator": "anna", "tags": ["late"]})
    status, out, _err = _run(path)
    assert status == 0 and "Перенести в теги" in out
    assert not CallTag.objects.exists()
    assert AnnotationCampaign.objects.get().name.startswith("labels ")


def test_bad_lines_are_refused_with_their_number_and_the_rest_is_imported(
    tmp_path: Path, world: dict[str, object]
) -> None:
    OperatorFactory(user=UserFactory(username="ivan", role=Role.OPERATOR))
    path = _file(
        tmp_path,
        {"external_id": "c1", "annotator": "anna", "tags": ["late"]},  # 1 good
        "{not json",  # 2
        {"external_id": "nope", "annotator": "anna", "tags": []},  # 3 unknown call
        {"external_id": "c2", "annotator": "nobody", "tags": []},  # 4 unknown user
        {"external_id": "c2", "annotator": "anna", "tags": ["missing"]},  # 5 unknown tag
        {"external_id": "c2", "annotator": "anna", "tags": "late"},  # 6 wrong type
        {"id": "5", "annotator": "anna", "tags": []},  # 7 wrong type
        {"external_id": "c2", "annotator": "ivan", "tags": []},  # 8 an operator
        {"external_id": "c2", "annotator": "anna", "tags": ["gone"]},  # 9 retired
        {"external_id": "c1", "annotator": "olga", "tags": ["rude"]},  # 10 second annotator
        [1, 2],  # 11 not an object
        {"external_id": "c2", "id": 1, "annotator": "anna", "tags": []},  # 12 both ids
        {"external_id": "c2", "annotator": "anna", "tags": [], "x": 1},  # 13 unknown field
        {"external_id": "c3", "annotator": "anna", "tags": ["rude"]},  # 14 good
    )
    status, out, err = _run(path, "--campaign", "Смесь")

    assert status == 1
    refused = [line.split(":")[0] for line in err.splitlines()]
    assert refused == [f"Строка {n}" for n in range(2, 14)]
    assert "Звонок с external_id «nope» не найден" in err
    assert "Пользователь «nobody» не найден" in err and "Нет таких тегов: missing" in err
    assert "выведены из работы" in err and "один разметчик" in err
    assert "импортировано 2 ответа" in out and "Отказано: 12 строк" in out
    campaign = AnnotationCampaign.objects.get(name="Смесь")
    assert set(campaign.campaign_calls.values_list("call__external_id", flat=True)) == {"c1", "c3"}
    assert Annotation.objects.count() == 2


def test_a_file_of_bad_lines_leaves_no_campaign(tmp_path: Path, world: dict[str, object]) -> None:
    path = _file(tmp_path, {"external_id": "nope", "annotator": "anna", "tags": []})
    status, _out, err = _run(path)
    assert status == 1 and "Строка 1" in err
    assert not AnnotationCampaign.objects.exists()


def test_a_line_is_written_whole_or_not_at_all(
    tmp_path: Path, world: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from calls.taxonomy.annotation import importing

    def broken(**kwargs: object) -> None:
        raise importing.AnnotationLineRefused("сбой посреди строки")

    monkeypatch.setattr(importing, "call_tag_add", broken)
    path = _file(tmp_path, {"external_id": "c1", "annotator": "anna", "tags": ["late"]})
    with override_settings(ANNOTATION_APPLY_ON_CLOSE=True):
        status, _out, err = _run(path)
    assert status == 1 and "сбой посреди строки" in err
    assert not AnnotationCampaign.objects.exists() and not Annotation.objects.exists()


def test_nothing_read_is_exit_status_2(tmp_path: Path, world: dict[str, object]) -> None:
    with pytest.raises(CommandError) as missing:
        call_command("import_annotations", str(tmp_path / "absent.jsonl"))
    assert missing.value.returncode == 2
    pages: list[User] = [world["anna"], world["olga"]]  # type: ignore[list-item]
    campaign_with([], pages, name="Со страниц")
    path = _file(tmp_path, {"external_id": "c1", "annotator": "anna", "tags": []})
    with pytest.raises(CommandError, match="размечается на страницах") as taken:
        call_command("import_annotations", str(path), "--campaign", "Со страниц")
    assert taken.value.returncode == 2
    with pytest.raises(CommandError, match="от 1 до 200"):
        call_command("import_annotations", str(path), "--campaign", "я" * 201)
    assert not Annotation.objects.exists()
    assert Tag.objects.filter(code="late").exists()
