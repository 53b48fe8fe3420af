"""The competency pages: numbers, links to the calls, exemplars and the role rules."""

from __future__ import annotations

import pytest

from coaching.models import SkillResult
from project.roles import Role
from tests.coaching.competency.conftest import IN_PERIOD, Competency
from tests.coaching.exemplars.conftest import evaluate_skill
from tests.factories import (
    CallFactory,
    ExemplarFactory,
    SegmentFactory,
    SkillResultFactory,
    UserFactory,
    client_for,
)

NOVEMBER = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def test_my_map_shows_numbers_chart_and_sentence(competency: Competency) -> None:
    response = client_for(competency.a.user).get("/coaching/me/", NOVEMBER)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Моя карта компетенций" in html
    assert "<svg" in html and "https://" not in html.split("<svg", 1)[1].split("</svg>")[0]
    assert "мало данных" not in html.split('data-skill="need"')[1].split("</tr>")[0]
    calls = "/coaching/operators/a/skills/need/calls/?status=not_shown&amp;date_from=2026-11-01"
    assert calls in html
    # 40% skipped of 5 calls: a growth point, with a link in the sentence.
    sentence = html.split("data-report-sentence>")[1].split("</p>")[0]
    assert "40% звонков</a> вы пропускаете этап «Уточнение потребности»" in sentence


def test_growth_point_offers_colleagues_moments_without_their_numbers(
        competency: Competency) -> None:
    moment = SkillResultFactory(call=CallFactory(operator=competency.b, started_at=IN_PERIOD),
                                skill=competency.need, status=SkillResult.Status.SHOWN,
                                start=12.5, text="что именно вам нужно")
    html = client_for(competency.team.manager).get("/coaching/operators/a/", NOVEMBER)
    page = html.content.decode()
    assert f"/calls/{moment.call_id}/#t=12.5" in page
    assert "что именно вам нужно" in page
    # The operator sees no colleague's call, so no colleague's moment either.
    own = client_for(competency.a.user).get("/coaching/me/", NOVEMBER).content.decode()
    assert f"/calls/{moment.call_id}/" not in own


def test_calls_behind_a_number(competency: Competency) -> None:
    response = client_for(competency.a.user).get(
        "/coaching/operators/a/skills/need/calls/", {"status": "not_shown", **NOVEMBER})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 2
    bad = client_for(competency.a.user).get("/coaching/operators/a/skills/need/calls/",
                                            {"status": "maybe"})
    assert bad.status_code == 400
    assert "Выберите корректный вариант" in bad.content.decode()


def test_the_calls_count_opens_the_calls_the_score_rests_on(competency: Competency) -> None:
    html = client_for(competency.a.user).get("/coaching/me/", NOVEMBER).content.decode()
    row = html.split('data-skill="need"')[1].split("</tr>")[0]
    link = ("/coaching/operators/a/skills/need/calls/?status=applicable&amp;"
            "date_from=2026-11-01&amp;date_to=2026-11-30")
    assert f'{link}" data-count-link>5</a>' in row
    response = client_for(competency.a.user).get(
        "/coaching/operators/a/skills/need/calls/", {"status": "applicable", **NOVEMBER})
    assert response.status_code == 200
    # 3 shown + 2 not shown: the same 5 calls the count says.
    assert response.context["page"].paginator.count == 5
    html = response.content.decode()
    assert "Звонки, где был уместен навык «Уточнение потребности»" in html
    assert "Найдено: 5\u00a0звонков" in html


def test_bad_period_is_a_clear_400(competency: Competency) -> None:
    response = client_for(competency.a.user).get(
        "/coaching/me/", {"date_from": "2026-11-30", "date_to": "2026-11-01"})
    assert response.status_code == 400
    assert "Конец периода раньше его начала" in response.content.decode()


def test_an_operator_sees_only_their_own_map(competency: Competency) -> None:
    client = client_for(competency.a.user)
    assert client.get("/coaching/operators/a/").status_code == 200
    assert client.get("/coaching/operators/b/").status_code == 404
    assert client.get("/coaching/operators/b/skills/need/calls/?status=shown").status_code == 404
    assert client.get(f"/coaching/teams/{competency.team.pk}/").status_code == 404
    assert client.get("/coaching/teams/").status_code == 404


def test_a_manager_sees_only_their_teams(competency: Competency) -> None:
    client = client_for(competency.team.manager)
    assert client.get("/coaching/operators/b/").status_code == 200
    assert client.get("/coaching/operators/d/").status_code == 404
    assert client.get(f"/coaching/teams/{competency.other_team.pk}/").status_code == 404
    team = client.get(f"/coaching/teams/{competency.team.pk}/", NOVEMBER)
    assert team.status_code == 200
    html = team.content.decode()
    row = html.split('data-operator="a"')[1].split("</tr>")[0]
    assert "60%" in row and "data-count-link>5</a>)" in row and "status=applicable" in row
    assert "/coaching/operators/b/" in html and "/coaching/operators/d/" not in html
    assert competency.other_team.name not in client.get("/coaching/teams/").content.decode()


def test_the_team_page_leads_to_the_teams_gaps_cycles_review_and_cohorts(
        competency: Competency) -> None:
    client = client_for(competency.team.manager)
    html = client.get(f"/coaching/teams/{competency.team.pk}/", NOVEMBER).content.decode()
    links = html.split("data-team-links")[1].split("</p>")[0]
    hrefs = [part.split('"')[0].replace("&amp;", "&") for part in links.split('href="')[1:]]
    assert len(hrefs) == 4
    for href in hrefs:
        assert f"team={competency.team.pk}" in href
        assert client.get(href).status_code == 200, href


@pytest.mark.parametrize("role", [Role.TRAINER, Role.ADMIN])
def test_trainers_and_admins_see_every_team(competency: Competency, role: Role) -> None:
    client = client_for(UserFactory(role=role))
    assert client.get(f"/coaching/teams/{competency.other_team.pk}/").status_code == 200
    assert client.get("/coaching/operators/d/").status_code == 200


def test_not_an_operator_has_no_own_map(competency: Competency) -> None:
    assert client_for(competency.team.manager).get("/coaching/me/").status_code == 404


def test_menu_entries_by_role(competency: Competency) -> None:
    operator_page = client_for(competency.a.user).get("/coaching/me/").content.decode()
    assert "Мои навыки" in operator_page and ">Коучинг<" not in operator_page
    manager_page = client_for(competency.team.manager).get("/coaching/teams/").content.decode()
    assert ">Коучинг<" in manager_page and "Мои навыки" not in manager_page
    # One «Коучинг» menu holds the whole cycle; an operator's holds their own pages.
    for href in ("/coaching/gaps/", "/coaching/cycles/", "/coaching/trainings/",
                 "/coaching/reports/", "/coaching/evaluations/", "/coaching/exemplars/",
                 "/coaching/cohorts/", "/coaching/case-review/"):
        assert f'href="{href}"' in manager_page, href
    for href in ("/coaching/me/", "/coaching/reports/", "/coaching/cycles/",
                 "/coaching/trainings/", "/coaching/evaluations/", "/coaching/exemplars/"):
        assert f'href="{href}"' in operator_page, href
    for href in ("/coaching/gaps/", "/coaching/cohorts/", "/coaching/case-review/",
                 "/coaching/teams/"):
        assert f'href="{href}"' not in operator_page, href


def test_pages_default_to_the_last_30_days(competency: Competency) -> None:
    client = client_for(competency.team.manager)
    team = client.get(f"/coaching/teams/{competency.team.pk}/")
    assert team.status_code == 200
    assert 'name="date_from" id="id_date_from" value="20' in team.content.decode()
    assert client.get("/coaching/operators/b/").status_code == 200


def test_few_calls_are_marked(competency: Competency) -> None:
    html = client_for(competency.b.user).get("/coaching/me/", NOVEMBER).content.decode()
    assert "мало данных" in html.split('data-skill="need"')[1].split("</tr>")[0]


def test_growth_points_offer_trainer_kept_moments_quoted_to_an_operator(
        competency: Competency) -> None:
    colleague_call = CallFactory(operator=competency.b, duration=60)
    SegmentFactory(call=colleague_call, speaker="operator", start=1.0, end=5.0,
                   text="Подскажите, что именно вы хотите сделать?")
    ExemplarFactory(call=colleague_call, skill=competency.need, start=1.0, end=5.0,
                    note="Открытый вопрос до решения")
    ExemplarFactory(call=CallFactory(operator=competency.a), skill=competency.need)  # a's own
    page = client_for(competency.a.user).get("/coaching/me/", NOVEMBER).content.decode()
    kept = page.split('data-exemplars="need"')[1].split("</section>")[0]
    assert "Открытый вопрос до решения" in kept
    assert "Подскажите, что именно вы хотите сделать?" in kept
    assert f"/calls/{colleague_call.pk}/" not in kept  # a colleague's call is quoted, not linked
    assert kept.count("data-exemplar=") == 1  # not the operator's own call
    manager = client_for(competency.team.manager).get("/coaching/operators/a/", NOVEMBER)
    assert f"/calls/{colleague_call.pk}/#t=1.0" in manager.content.decode()


def test_growth_points_leave_out_a_kept_moment_an_evaluator_rejected(
        competency: Competency) -> None:
    rejected_call = CallFactory(operator=competency.b, duration=60)
    ExemplarFactory(call=rejected_call, skill=competency.need, start=1.0, end=5.0,
                    note="Оценщик с этим не согласен")
    ExemplarFactory(call=CallFactory(operator=competency.b, duration=60), skill=competency.need,
                    start=2.0, end=5.0, note="Открытый вопрос до решения")
    evaluate_skill(rejected_call, competency.need, UserFactory(role=Role.TRAINER), "no")
    page = client_for(competency.a.user).get("/coaching/me/", NOVEMBER).content.decode()
    kept = page.split('data-exemplars="need"')[1].split("</section>")[0]
    assert "Открытый вопрос до решения" in kept
    assert "Оценщик с этим не согласен" not in kept
