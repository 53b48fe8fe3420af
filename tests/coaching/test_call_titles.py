"""Coaching pages name a call by its title (Call.title): an uploaded call's file name, never the
sha256 id it got for want of an external id."""

from __future__ import annotations

import pytest
from django.urls import reverse

from calls.models import Call
from coaching.evaluations.services import evaluation_start
from coaching.reports.presentation import report_view
from project.roles import Role
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ExemplarFactory,
    OperatorFactory,
    PersonalReportFactory,
    UserFactory,
    client_for,
)

pytestmark = pytest.mark.django_db

NAME = "2026-11-20 Иванова, возврат.wav"
SHA = "sha256:" + "0123456789abcdef" * 2


@pytest.fixture
def call() -> Call:
    return CallFactory(external_id=SHA, original_name=NAME)


def test_the_search_finds_an_uploaded_call_by_its_file_name_and_lists_it_by_it(call: Call) -> None:
    CallFactory(original_name="петров.wav")
    client = client_for(UserFactory(role=Role.TRAINER))

    found = client.get(reverse("coaching:evaluation-start"), {"search": "иванова"})

    assert [row["call"].pk for row in found.context["rows"]] == [call.pk]
    page = found.content.decode()
    assert NAME in page
    assert SHA not in page


def test_the_evaluation_pages_name_the_call_by_its_file_name(call: Call) -> None:
    trainer = UserFactory(role=Role.TRAINER)
    scorecard = CriterionFactory().template
    client = client_for(trainer)

    start = client.get(reverse("coaching:evaluation-start"), {"call": call.pk}).content.decode()
    evaluation = evaluation_start(call=call, scorecard=scorecard, evaluator=trainer)
    detail = client.get(reverse("coaching:evaluation", args=[evaluation.pk])).content.decode()
    listing = client.get(reverse("coaching:evaluations")).content.decode()
    of_call = client.get(reverse("coaching:evaluations"), {"call": call.pk}).content.decode()

    assert f"Звонок {NAME}" in start
    assert f"Оценка звонка {NAME}" in detail
    assert NAME in listing
    assert f"Оценки звонка {NAME}" in of_call
    for page in (start, detail, listing, of_call):
        assert SHA not in page


def test_the_exemplar_library_names_the_call_by_its_file_name(call: Call) -> None:
    ExemplarFactory(call=call)

    page = client_for(UserFactory(role=Role.TRAINER)).get(
        reverse("coaching:exemplars")).content.decode()

    assert NAME in page
    assert SHA not in page


def test_a_report_names_a_moments_call_only_to_who_may_open_it(call: Call) -> None:
    report = PersonalReportFactory(content={"skills": [], "sentence": [], "growth": [{
        "code": "greeting", "name": "Приветствие", "exemplars": [
            {"call": call.pk, "start": 2.0, "text": "Добрый день!", "skill": "Приветствие"}],
    }]})
    trainer = UserFactory(role=Role.TRAINER)
    # A colleague of another team: the moment's words only, not a file name that may say whose.
    colleague = OperatorFactory().user

    for_trainer = report_view(report, trainer)["growth"][0]["exemplars"][0]
    for_colleague = report_view(report, colleague)["growth"][0]["exemplars"][0]

    assert (for_trainer["call_title"], for_colleague["call_title"]) == (NAME, "")
    assert for_colleague["href"] == ""
