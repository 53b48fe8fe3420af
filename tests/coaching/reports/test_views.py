"""The report pages: composing from the map, the report's links, sharing, comments, PDF and
who reaches what."""

from __future__ import annotations

from django.utils import timezone

from coaching.models import PersonalReport
from coaching.reports.services import report_generate
from project.roles import Role
from tests.coaching.competency.conftest import Competency
from tests.coaching.reports.conftest import NOVEMBER, Moments
from tests.factories import PersonalReportFactory, UserFactory, client_for

PERIOD = {"date_from": "2026-11-01", "date_to": "2026-11-30"}


def _report(competency: Competency, **fields: object) -> PersonalReport:
    report = report_generate(operator=competency.a, date_from=NOVEMBER[0], date_to=NOVEMBER[1],
                             created_by=competency.team.manager)
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()
    return report


def test_manager_composes_a_report_from_the_operators_map(competency: Competency,
                                                          moments: Moments) -> None:
    client = client_for(competency.team.manager)
    page = client.get("/coaching/operators/a/", PERIOD).content.decode()
    assert 'action="/coaching/reports/operators/a/new/"' in page and "Составить отчёт" in page
    response = client.post("/coaching/reports/operators/a/new/", PERIOD)
    report = PersonalReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/coaching/reports/{report.pk}/"
    assert (report.operator, report.created_by) == (competency.a, competency.team.manager)
    assert report.shared_at is None
    # The operator's own map offers no such button, and an operator may not compose.
    own = client_for(competency.a.user).get("/coaching/me/", PERIOD).content.decode()
    assert "Составить отчёт" not in own
    assert client_for(competency.a.user).post(
        "/coaching/reports/operators/a/new/", PERIOD).status_code == 403


def test_compose_needs_a_period_and_a_visible_operator(competency: Competency) -> None:
    client = client_for(competency.team.manager)
    bad = client.post("/coaching/reports/operators/a/new/", {"date_from": "2026-11-01"})
    assert bad.status_code == 400 and "Укажите период отчёта" in bad.content.decode()
    assert client.post("/coaching/reports/operators/d/new/", PERIOD).status_code == 404
    assert client.get("/coaching/reports/operators/a/new/").status_code == 405
    assert not PersonalReport.objects.exists()


def test_report_page_links_every_number_and_offers_colleagues_moments(
        competency: Competency, moments: Moments) -> None:
    report = _report(competency)
    html = client_for(competency.team.manager).get(f"/coaching/reports/{report.pk}/")
    assert html.status_code == 200
    page = html.content.decode()
    sentence = page.split("data-report-sentence>")[1].split("</p>")[0]
    assert ('<a href="/coaching/operators/a/skills/need/calls/?status=not_shown&amp;'
            'date_from=2026-11-01&amp;date_to=2026-11-30">40% звонков</a> пропускаете этап '
            "«Уточнение потребности»") in sentence
    assert "«Приветствие» (<a href=" in sentence
    row = page.split('data-skill="need"')[1].split("</tr>")[0]
    assert ">60%</a>" in row and "23–88%" in row and ">40%</a> (<a" in row
    assert "data-count-link>2</a>)" in row
    growth = page.split('data-growth="need"')[1].split("</section>")[0]
    assert f'href="/calls/{moments.colleague.call_id}/#t=12.5">«что именно вам нужно»' in growth
    assert "Показать оператору" in page and "Скачать PDF" in page


def test_operator_sees_only_their_shared_reports(competency: Competency,
                                                 moments: Moments) -> None:
    draft = _report(competency)
    shared = _report(competency, shared_at=timezone.now())
    colleague = PersonalReportFactory(operator=competency.b, shared_at=timezone.now())
    client = client_for(competency.a.user)
    listing = client.get("/coaching/reports/")
    assert "Мои отчёты" in listing.content.decode()
    assert [r.pk for r in listing.context["reports"]] == [shared.pk]
    assert client.get(f"/coaching/reports/{draft.pk}/").status_code == 404
    assert client.get(f"/coaching/reports/{draft.pk}/pdf/").status_code == 404
    assert client.get(f"/coaching/reports/{colleague.pk}/").status_code == 404
    page = client.get(f"/coaching/reports/{shared.pk}/").content.decode()
    assert "Мой отчёт" in page and "Показать оператору" not in page
    # A colleague's call is not the operator's to open: the moment's words, without its link.
    growth = page.split('data-growth="need"')[1].split("</section>")[0]
    assert "«что именно вам нужно»" in growth
    assert f"/calls/{moments.colleague.call_id}/" not in growth
    assert client.post(f"/coaching/reports/{draft.pk}/share/").status_code == 404
    assert client.post(f"/coaching/reports/{shared.pk}/share/").status_code == 403


def test_manager_shares_and_both_comment(competency: Competency) -> None:
    report = PersonalReportFactory(operator=competency.a)
    manager = client_for(competency.team.manager)
    assert manager.post(f"/coaching/reports/{report.pk}/share/").status_code == 302
    report.refresh_from_db()
    assert report.shared_at is not None
    operator = client_for(competency.a.user)
    response = operator.post(f"/coaching/reports/{report.pk}/comments/",
                             {"text": "Согласна, попробую."})
    assert response.status_code == 302 and response["Location"].endswith("#comments")
    manager.post(f"/coaching/reports/{report.pk}/comments/", {"text": "Отлично."})
    empty = operator.post(f"/coaching/reports/{report.pk}/comments/", {"text": "  "},
                          follow=True)
    assert "Напишите комментарий" in empty.content.decode()
    page = operator.get(f"/coaching/reports/{report.pk}/").content.decode()
    comments = page.split("data-comments>")[1].split("</ul>")[0]
    assert comments.index("Согласна, попробую.") < comments.index("Отлично.")
    assert report.comments.count() == 2
    assert operator.get(f"/coaching/reports/{report.pk}/comments/").status_code == 405


def test_manager_sees_only_their_teams_reports(competency: Competency) -> None:
    own_team = PersonalReportFactory(operator=competency.b)
    other_team = PersonalReportFactory(operator=competency.d)
    client = client_for(competency.team.manager)
    assert client.get(f"/coaching/reports/{own_team.pk}/").status_code == 200
    assert client.get(f"/coaching/reports/{other_team.pk}/").status_code == 404
    assert client.post(f"/coaching/reports/{other_team.pk}/share/").status_code == 404
    assert client.post(f"/coaching/reports/{other_team.pk}/comments/",
                       {"text": "x"}).status_code == 404
    listing = client.get("/coaching/reports/", {"operator": "b"})
    assert [r.pk for r in listing.context["reports"]] == [own_team.pk]
    assert client.get("/coaching/reports/", {"operator": "d"}).status_code == 400
    trainer = client_for(UserFactory(role=Role.TRAINER))
    assert {r.pk for r in trainer.get("/coaching/reports/").context["reports"]} == {
        own_team.pk, other_team.pk}


def test_pdf_download_is_an_attachment_named_for_operator_and_period(
        competency: Competency, moments: Moments) -> None:
    report = _report(competency, shared_at=timezone.now())
    response = client_for(competency.a.user).get(f"/coaching/reports/{report.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="report-a-2026-11-01-2026-11-30.pdf"')
    assert response.content.startswith(b"%PDF")
