"""The comparison page and the calls behind its numbers: numbers, links and roles."""

from __future__ import annotations

from django.test import override_settings

from tests.coaching.cohorts.conftest import NOVEMBER, Staff
from tests.factories import client_for

URL = "/coaching/cohorts/"


def test_manager_sees_their_team_gap_flagged_with_links(staff: Staff) -> None:
    response = client_for(staff.manager).get(URL, NOVEMBER)
    assert response.status_code == 200
    html = response.content.decode()
    row = html.split('data-skill="need"')[1].split("</tr>")[0]
    assert "20%" in row and "80%" in row and "+60" in row
    assert 'data-meaningful="yes"' in row
    assert 'data-top="need"' in html
    assert "cohort=new&amp;skill=need&amp;status=not_shown" in row
    assert "date_from=2026-11-01" in row
    greeting = html.split('data-skill="greeting"')[1].split("</tr>")[0]
    assert "мало данных" in greeting
    assert "Стаж неизвестен" in html and "Без даты" in html
    assert 'data-experienced="e2"' not in html


def test_calls_behind_a_number(staff: Staff) -> None:
    client = client_for(staff.manager)
    response = client.get(f"{URL}calls/", {**NOVEMBER, "cohort": "new", "skill": "need",
                                           "status": "not_shown"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 8
    applicable = client.get(f"{URL}calls/", {**NOVEMBER, "cohort": "experienced",
                                             "skill": "need", "status": "applicable"})
    assert applicable.context["page"].paginator.count == 10
    bad = client.get(f"{URL}calls/", {**NOVEMBER, "cohort": "old", "skill": "need",
                                      "status": "shown"})
    assert bad.status_code == 400
    assert "Выберите корректный вариант" in bad.content.decode()


def test_trainer_compares_everyone_or_a_team(staff: Staff) -> None:
    client = client_for(staff.trainer)
    everyone = client.get(URL, NOVEMBER).content.decode()
    row = everyone.split('data-skill="need"')[1].split("</tr>")[0]
    assert "+20" in row and 'data-meaningful="no"' in row
    team = client.get(URL, {**NOVEMBER, "team": staff.team.pk}).content.decode()
    assert "+60" in team.split('data-skill="need"')[1].split("</tr>")[0]


@override_settings(COACHING_NEW_OPERATOR_MONTHS=3)
def test_threshold_is_a_setting(staff: Staff) -> None:
    response = client_for(staff.manager).get(URL, NOVEMBER)
    comparison = response.context["comparison"]
    assert comparison.months == 3 and comparison.cohorts.new == [staff.n1]
    assert "меньше 3\u00a0месяцев" in response.content.decode()


def test_roles(staff: Staff) -> None:
    operator = client_for(staff.n1.user)
    assert operator.get(URL, NOVEMBER).status_code == 404
    assert operator.get(f"{URL}calls/", {**NOVEMBER, "cohort": "new", "skill": "need",
                                         "status": "shown"}).status_code == 404
    manager = client_for(staff.manager)
    other = manager.get(URL, {**NOVEMBER, "team": staff.other_team.pk})
    assert other.status_code == 400
    # Without a team, a manager's «experienced» calls are only their team's.
    calls = manager.get(f"{URL}calls/", {**NOVEMBER, "cohort": "experienced", "skill": "need",
                                         "status": "not_shown"})
    assert calls.context["page"].paginator.count == 2


def test_bad_period_is_a_400(staff: Staff) -> None:
    response = client_for(staff.manager).get(URL, {"date_from": "2026-11-30",
                                                   "date_to": "2026-11-01"})
    assert response.status_code == 400
    assert "Конец периода раньше его начала" in response.content.decode()


def test_default_period_without_query(staff: Staff) -> None:
    assert client_for(staff.manager).get(URL).status_code == 200
