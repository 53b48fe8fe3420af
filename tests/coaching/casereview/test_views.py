"""The case review's page, printable sheet and calls lists: who sees them and what they show."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from project.roles import Role
from tests.coaching.casereview.conftest import WEEK, Week
from tests.factories import OperatorFactory, UserFactory, client_for

PAGE = "/coaching/case-review/"
PRINT = "/coaching/case-review/print/"
CALLS = "/coaching/case-review/calls/"


def test_manager_sees_the_five_cases_with_moments_and_links(week: Week) -> None:
    response = client_for(week.manager).get(PAGE, {"week": WEEK, "team": week.team.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Разбор недели: 16 ноября — 22 ноября 2026" in html
    for title in ["Лучший звонок", "Горячий звонок", "Нерешённый вопрос",
                  "Повторное возражение", "Пропущенный этап"]:
        assert title in html
    assert f'/calls/{week.calls["repeat"].pk}/#t=75.0"' in html
    assert f'/calls/{week.calls["unresolved"].pk}/#t=42.0"' in html
    skipped = (f"/coaching/case-review/calls/?week=2026-W47&amp;team={week.team.pk}"
               f"&amp;list=skipped&amp;skill={week.need.pk}")
    assert f'href="{skipped}">3</a>' in html
    assert f"week=2026-W46&amp;team={week.team.pk}" in html and "week=2026-W48" in html
    assert 'src="/static/coaching/casereview.js"' in html and "data-print" in html
    assert "<script>" not in html.split("</header>", 1)[1]


def test_by_date_and_default_last_full_week(week: Week) -> None:
    client = client_for(week.manager)
    by_date = client.get(PAGE, {"date": "2026-11-20"}).content.decode()
    assert "16 ноября — 22 ноября 2026" in by_date
    assert f'data-case-call="{week.calls["best"].pk}"' in by_date
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday() + 7)
    default = client.get(PAGE).content.decode()
    assert f'value="{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"' in default


def test_empty_week_message(week: Week) -> None:
    html = client_for(week.manager).get(PAGE, {"week": "2026-W50"}).content.decode()
    assert html.count("Нет подходящего звонка на этой неделе.") == 5


def test_bad_week_is_a_400_with_a_russian_message(week: Week) -> None:
    for params in [{"week": "47-я"}, {"week": "2026-W60"}, {"date": "вчера"}, {"team": "x"}]:
        response = client_for(week.manager).get(PAGE, params)
        assert response.status_code == 400, params
    response = client_for(week.manager).get(PAGE, {"week": "2026-W60"})
    assert "например 2026-W47" in response.content.decode()


def test_operator_gets_404_everywhere(week: Week) -> None:
    operator = OperatorFactory(team=week.team).user
    client = client_for(operator)
    for url in [PAGE, PRINT, CALLS + "?list=unresolved"]:
        assert client.get(url, {"week": WEEK}).status_code == 404


def test_manager_of_another_team_gets_404_and_sees_only_own_teams(week: Week) -> None:
    client = client_for(week.manager)
    assert client.get(PAGE, {"week": WEEK, "team": week.other_team.pk}).status_code == 404
    assert client.get(PRINT, {"week": WEEK, "team": week.other_team.pk}).status_code == 404
    assert client.get(CALLS, {"week": WEEK, "team": week.other_team.pk,
                              "list": "unresolved"}).status_code == 404
    html = client.get(PAGE, {"week": WEEK}).content.decode()
    assert f'<option value="{week.team.pk}"' in html
    assert f'<option value="{week.other_team.pk}"' not in html
    # Without a team the manager's own teams only: u's call (9 objections) is not the hot one.
    assert f'data-case-call="{week.calls["hot"].pk}"' in html


def test_trainer_sees_every_team(week: Week) -> None:
    html = client_for(week.trainer).get(PAGE, {"week": WEEK}).content.decode()
    assert f'<option value="{week.other_team.pk}"' in html
    response = client_for(UserFactory(role=Role.ADMIN)).get(
        PAGE, {"week": WEEK, "team": week.other_team.pk})
    assert response.status_code == 200


def test_printable_sheet_renders_without_navigation(week: Week) -> None:
    response = client_for(week.manager).get(PRINT, {"week": WEEK, "team": week.team.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/static/coaching/casereview-print.css"' in html
    assert "mainnav" not in html and "topbar" not in html
    assert html.count('<li data-case="') == 5
    assert "1:15" in html  # the repeat's moment as a time code
    assert "Этап «Уточнение потребности» пропущен в 3 из 4\u00a0звонков недели" in html
    assert "Печать" in html


def test_calls_list_behind_a_number(week: Week) -> None:
    client = client_for(week.manager)
    response = client.get(CALLS, {"week": WEEK, "team": week.team.pk, "list": "skipped",
                                  "skill": week.need.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Звонки недели, где пропущен этап «Уточнение потребности»" in html
    shown = {name for name, call in week.calls.items() if f'data-call-id="{call.pk}"' in html}
    assert shown == {"best", "skip_short", "skip_long"}
    repeated = client.get(CALLS, {"week": WEEK, "list": "repeated",
                                  "objection": week.expensive.pk}).content.decode()
    assert "Найдено: 2\u00a0звонка" in repeated


def test_calls_list_refuses_bad_input(week: Week) -> None:
    client = client_for(week.manager)
    assert client.get(CALLS, {"week": WEEK, "list": "всё"}).status_code == 400
    response = client.get(CALLS, {"week": WEEK, "list": "skipped"})
    assert response.status_code == 400
    assert "Укажите навык." in response.content.decode()
    assert client.get(CALLS, {"week": WEEK, "list": "skipped", "skill": 999999}).status_code == 404


def test_each_case_quotes_the_call_not_the_skill(week: Week) -> None:
    week.need.description = "Оператор задаёт открытые вопросы о задаче клиента"
    week.need.save()
    html = client_for(week.manager).get(PAGE, {"week": WEEK, "team": week.team.pk}
                                        ).content.decode()
    unresolved = html.split('data-case="unresolved"')[1].split("</li>")[0]
    quote = unresolved.split("data-case-quote")[1].split("</blockquote>")[0]
    assert "<strong>Клиент:</strong> «Подумаю (1)»" in quote
    assert "<strong>Оператор:</strong> «Понимаю, давайте разберёмся»" in quote
    # The skipped step's call has no transcript here: said so, not replaced by the description.
    skipped = html.split('data-case="skipped"')[1].split("</li>")[0]
    assert "Расшифровки этого места нет" in skipped
    assert "открытые вопросы" not in html
    sheet = client_for(week.manager).get(PRINT, {"week": WEEK, "team": week.team.pk}
                                         ).content.decode()
    assert "Клиент: «Подумаю (1)»" in sheet and "открытые вопросы" not in sheet
