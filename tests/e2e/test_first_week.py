"""The first week of each role, in a real browser, on the demo `make run` loads.

One journey per role walks what that person does in their first days, and the shared page checker
(tests/e2e/page_checker.py) looks at every page on the way at 1366 and 1920 px: overflow, cut-off
text, English, Russian plurals, console errors, requests to other hosts. Screenshots of every page
land in var/e2e-screenshots/<role>/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.utils import timezone
from django_q.models import OrmQ
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings as SettingsWrapper
from rest_framework.authtoken.models import Token

from calls.changes.services import change_register
from calls.demo.seed import DEMO_PASSWORD
from calls.models import Call, CallTag, Line, Operator, Tag
from coaching.models import CoachingCycle, Evaluation, Skill
from project.roles import Role
from scripts_library.models import Objection, ObjectionPhrase, ResponseBlock
from scripts_library.sidebar.suggest import SIDEBAR_LIBRARY
from tests.e2e.conftest import log_in
from tests.e2e.demo import load_demo_for_journeys
from tests.e2e.page_checker import PageChecker
from tests.e2e.test_sidebar import HostServer, host_html

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo() -> None:
    load_demo_for_journeys()


def _checker(page: Page, live_server: Any, journey: str) -> PageChecker:
    data_words = set(User.objects.values_list("username", flat=True))
    data_words |= set(Operator.objects.values_list("code", flat=True))
    data_words |= set(Line.objects.values_list("code", flat=True))
    # Codes are identifiers people type in imports and the API, shown as they are.
    data_words |= set(Tag.objects.values_list("code", flat=True))
    data_words |= set(Objection.objects.values_list("code", flat=True))
    data_words |= set(Skill.objects.values_list("code", flat=True))
    return PageChecker(page=page, journey=journey, base_url=live_server.url,
                       data_words={word.lower() for word in data_words})


def _visit(page: Page, checker: PageChecker, name: str, path: str) -> None:
    page.goto(path)
    checker.check(name)


def _gap_before_code(page: Page) -> float:
    """Pixels between the last letter of the text before the header's code and the code."""
    return float(page.evaluate("""() => {
      const code = document.querySelector(".page-head__meta .mono");
      const text = code.previousSibling;
      const range = document.createRange();
      range.setStart(text, 0);
      range.setEnd(text, text.textContent.trimEnd().length);
      return code.getBoundingClientRect().left - range.getBoundingClientRect().right;
    }"""))


def _log_in(page: Page, checker: PageChecker, username: str) -> None:
    page.goto("/login/")
    checker.check("login")
    log_in(page, username, DEMO_PASSWORD)
    checker.check("calls")


def _sign_in_to_start_page(page: Page, checker: PageChecker, username: str, start: str) -> None:
    """Sign in from the login form with no ?next=, and land on the role's own start page."""
    page.goto("/login/")
    checker.check("login")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"**{start}")


def test_the_trainers_first_week(page: Page, live_server: Any, demo: None) -> None:
    checker = _checker(page, live_server, "trainer")
    _log_in(page, checker, "trainer")

    page.goto("/library/")
    checker.check("library")
    objection = Objection.objects.get(code="price_too_high")
    page.locator(f"a[href='/library/objections/{objection.pk}/']").first.click()
    page.wait_for_url(f"**/library/objections/{objection.pk}/")
    checker.check("objection")

    # A block of the answer, reworded.
    block = ResponseBlock.objects.filter(objection=objection, is_active=True).order_by(
        "kind", "order").first()
    assert block is not None
    page.locator(f"a[href='/library/blocks/{block.pk}/']").click()
    checker.check("block-edit")
    page.get_by_label("Текст").fill("Понимаю, сумма заметная. Давайте посчитаем вместе.")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(f"**/library/objections/{objection.pk}/**")
    expect(page.get_by_text("Понимаю, сумма заметная. Давайте посчитаем вместе.").first
           ).to_be_visible()
    checker.check("objection-after-block")
    page.goto(f"/library/blocks/{block.pk}/history/")
    checker.check("block-history")

    # The objection itself: a clearer description for the operators.
    page.goto(f"/library/objections/{objection.pk}/edit/")
    checker.check("objection-edit")
    page.get_by_label("Описание для операторов").fill(
        "Клиент считает, что цена выше, чем ценность для него.")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(f"**/library/objections/{objection.pk}/**")
    objection.refresh_from_db()
    assert objection.description == "Клиент считает, что цена выше, чем ценность для него."
    checker.check("objection-after-edit")

    # A phrase tried on the latest calls before it is saved.
    page.goto(f"/library/objections/{objection.pk}/phrases/new/")
    checker.check("phrase-new")
    # The objection's name and its code are two words on screen, not «Дорогоprice_too_high».
    assert _gap_before_code(page) >= 2
    page.get_by_label("Фраза").fill("слишком дорого")
    page.locator("button[data-try-button]").click()
    expect(page.get_by_role("heading", name="Что найдёт эта фраза")).to_be_visible()
    checker.check("phrase-tried")

    # An evaluation of a call, started from the call.
    call = Call.objects.filter(external_id="demo-001").get()
    page.goto(f"/calls/{call.pk}/")
    checker.check("call")

    # A misheard word corrected on the call page: the person's text stands, the recognizer's is
    # kept, and the word reaches the line's recognition errors.
    segment = call.segments.order_by("index").first()
    assert segment is not None
    row = page.locator("[data-segment-correction]").first
    row.get_by_text("Исправить текст").click()
    row.get_by_label("Текст реплики").fill("Здравствуйте, Домашний маркет, служба доставки.")
    row.get_by_role("button", name="Сохранить").click()
    page.wait_for_url(f"**/calls/{call.pk}/**")
    segment.refresh_from_db()
    assert segment.text == "Здравствуйте, Домашний маркет, служба доставки."
    assert segment.recognized_text and segment.recognized_text != segment.text
    expect(page.locator("[data-corrected]").first).to_be_visible()
    checker.check("call-corrected")
    _visit(page, checker, "recognition-errors", "/calls/corrections/")

    page.goto(f"/calls/{call.pk}/")
    page.get_by_role("link", name="Оценить звонок").first.click()
    page.wait_for_url(f"**/coaching/evaluations/new/?call={call.pk}")
    checker.check("evaluation-start")
    scorecard = page.get_by_label("Оценочный лист")
    scorecard.select_option(index=1)
    page.get_by_role("button", name="Начать оценку").click()
    page.wait_for_url("**/coaching/evaluations/*/")
    assert Evaluation.objects.filter(call=call).exists()
    checker.check("evaluation")

    # The rest of the trainer's week: exemplars, how the library works in calls, the review.
    _visit(page, checker, "library-exemplars", "/library/exemplars/")
    _visit(page, checker, "coaching-exemplars", "/coaching/exemplars/")
    _visit(page, checker, "library-metrics", "/library/metrics/")
    _visit(page, checker, "library-reviews", "/library/reviews/")
    _visit(page, checker, "calibrations", "/coaching/evaluations/calibrations/")
    # How customers sound: the cue lists the trainer edits, the week's hot calls, where calls turn.
    _visit(page, checker, "voice-cues", "/calls/voice/cues/")
    _visit(page, checker, "hot-calls", "/calls/voice/hot/")
    _visit(page, checker, "turning-points", "/calls/voice/turns/")

    checker.assert_clean()


@pytest.fixture
def sidebar_settings(settings: SettingsWrapper) -> Iterator[SettingsWrapper]:
    settings.SIDEBAR_RECHECK_SECONDS = 0
    settings.SIDEBAR_THROTTLE_RATE = ""
    SIDEBAR_LIBRARY.forget()
    yield settings
    SIDEBAR_LIBRARY.forget()


def test_the_operators_first_week(
    page: Page, live_server: Any, demo: None, sidebar_settings: SettingsWrapper
) -> None:
    checker = _checker(page, live_server, "operator")
    _log_in(page, checker, "anna")

    page.goto("/coaching/me/")
    checker.check("my-map")
    call = Call.objects.filter(operator__code="anna").order_by("-started_at").first()
    assert call is not None
    page.goto("/calls/")
    page.locator(f"a[href='/calls/{call.pk}/']").first.click()
    page.wait_for_url(f"**/calls/{call.pk}/")
    checker.check("my-call")

    _visit(page, checker, "my-cycles", "/coaching/cycles/")
    _visit(page, checker, "my-reports", "/coaching/reports/")
    # «Ваши звонки»: the dashboard over the operator's own calls only.
    _visit(page, checker, "my-dashboard", "/dashboard/")
    # Their own first-contact resolution and time to resolution (calls/contacts/).
    _visit(page, checker, "my-contacts", "/contacts/?by=operator")

    page.get_by_role("navigation").get_by_role("link", name="Подсказки", exact=True).click()
    page.wait_for_url("**/sidebar/")
    expect(page.locator("html[data-ready=true]")).to_have_count(1)
    checker.check("sidebar")
    words = page.get_by_label("Что сказал клиент")
    words.fill("Ну не знаю, это слишком дорого для нас")
    page.get_by_role("button", name="Найти ответ").click()
    expect(page.get_by_role("status")).to_have_text("Найдено: 1 возражение.")
    expect(page.get_by_role("radiogroup", name="Возражение").get_by_role("radio").first
           ).to_be_checked()
    checker.check("sidebar-found")

    # In the CRM the sidebar is framed: the answer goes into the CRM's reply box.
    with HostServer(host_html(live_server)) as host:
        sidebar_settings.SIDEBAR_ORIGINS = [host.origin]
        crm = page.context.new_page()
        crm.goto(f"{host.origin}/")
        frame = crm.frame_locator("#sidebar")
        expect(frame.locator("html[data-ready=true]")).to_have_count(1)
        frame.get_by_label("Что сказал клиент").fill("Ну не знаю, это слишком дорого для нас")
        frame.get_by_role("button", name="Найти ответ").click()
        expect(frame.get_by_role("status")).to_have_text("Найдено: 1 возражение.")
        answer = frame.get_by_label("Ответ целиком").input_value()
        assert answer
        frame.get_by_role("button", name="Вставить в CRM").click()
        expect(crm.get_by_label("Ответ клиенту")).to_have_value(answer)
        expect(frame.get_by_role("status")).to_have_text("Ответ вставлен в CRM.")
        crm.close()

    checker.assert_clean()


def test_the_managers_first_week(page: Page, live_server: Any, demo: None) -> None:
    checker = _checker(page, live_server, "manager")
    _log_in(page, checker, "manager")

    page.goto("/coaching/teams/")
    checker.check("teams")
    page.get_by_role("link", name="Сервис и продажи").first.click()
    page.wait_for_url("**/coaching/teams/*/")
    checker.check("team")

    page.goto("/coaching/cycles/")
    checker.check("cycles")
    before = CoachingCycle.objects.count()
    form = page.locator("form[data-cycle-start]")
    form.get_by_label("Оператор").select_option(label="Игорь Волков")
    form.get_by_label("Навык").select_option(index=1)
    today = timezone.localdate()
    form.get_by_label("Исходный период с").fill((today - timedelta(days=28)).isoformat())
    form.get_by_label("Исходный период по").fill((today - timedelta(days=1)).isoformat())
    form.get_by_role("button", name="Начать цикл").click()
    page.wait_for_url("**/coaching/cycles/*/")
    assert CoachingCycle.objects.count() == before + 1
    checker.check("cycle-started")

    # A cycle whose control re-listen is due: its result is recorded.
    due = next(cycle for cycle in CoachingCycle.objects.all()
               if cycle.pk and _can_record(page, cycle.pk))
    checker.check("cycle-due")
    page.get_by_role("link", name="Записать результат").click()
    page.wait_for_url(f"**/coaching/cycles/{due.pk}/result/")
    checker.check("cycle-confirm")
    # Nothing is recorded until the manager confirms.
    due.refresh_from_db()
    assert not due.verdict
    page.get_by_role("button", name="Да, записать результат").click()
    page.wait_for_url(f"**/coaching/cycles/{due.pk}/")
    due.refresh_from_db()
    assert due.stage == CoachingCycle.Stage.DONE
    assert due.verdict
    checker.check("cycle-recorded")
    # The one who recorded it may take it back, and record it again.
    page.get_by_role("button", name="Отменить записанный результат").click()
    page.wait_for_url(f"**/coaching/cycles/{due.pk}/")
    due.refresh_from_db()
    assert not due.verdict
    checker.check("cycle-undone")
    page.get_by_role("link", name="Записать результат").click()
    page.get_by_role("button", name="Да, записать результат").click()
    page.wait_for_url(f"**/coaching/cycles/{due.pk}/")
    due.refresh_from_db()
    assert due.verdict

    _visit(page, checker, "gaps", "/coaching/gaps/")
    _visit(page, checker, "case-review", "/coaching/case-review/")
    _visit(page, checker, "reports", "/coaching/reports/")
    _visit(page, checker, "trainings", "/coaching/trainings/")

    # The top problems and what comes together, over the demo's calls of the last 30 days.
    today = timezone.localdate()
    period = f"?date_from={today - timedelta(days=29)}&date_to={today}"
    _visit(page, checker, "top-problems", "/taxonomy/problems/" + period)
    expect(page.locator("[data-problems] li").first).to_be_visible()
    page.locator("[data-problems] li a").first.click()
    checker.check("top-problem-calls")
    _visit(page, checker, "cooccurrence", "/taxonomy/cooccurrence/" + period)
    # The week's hot calls of the manager's teams, each opening at its hottest moment.
    _visit(page, checker, "hot-calls", "/calls/voice/hot/")
    # A top problem handed to a department: «Открыть находку» opens the form prefilled with it
    # (calls/departments/findings/); the findings board beside it.
    page.goto("/taxonomy/problems/" + period)
    page.locator("[data-open-finding]").first.click()
    expect(page.locator("[data-finding-form]")).to_be_visible()
    checker.check("finding-new")
    _visit(page, checker, "findings", "/findings/")
    # The departments that fix causes: their subscriptions, alerts and reports (read only).
    _visit(page, checker, "departments", "/departments/")
    # Did a change help: the list, the form, and one change's figures with its charts.
    change = change_register(title="Упростили голосовое меню", by=None,
                             changed_on=today - timedelta(days=15))
    _visit(page, checker, "changes", "/changes/")
    _visit(page, checker, "change-new", "/changes/new/")
    _visit(page, checker, "change", f"/changes/{change.pk}/")
    # The manager's home (calls/dashboard/): their teams' figures, trends and open findings.
    _visit(page, checker, "dashboard", "/dashboard/")
    # Repeat contacts, FCR and the goals on them (calls/contacts/, docs/contacts.md).
    _visit(page, checker, "contacts", "/contacts/")
    _visit(page, checker, "contacts-by-team", "/contacts/?by=team")
    _visit(page, checker, "contact-goals", "/contacts/goals/")
    _visit(page, checker, "contact-goal-new", "/contacts/goals/new/")

    checker.assert_clean()


def _can_record(page: Page, pk: int) -> bool:
    page.goto(f"/coaching/cycles/{pk}/")
    return page.get_by_role("link", name="Записать результат").count() > 0


def test_the_admins_first_week(page: Page, live_server: Any, demo: None) -> None:
    checker = _checker(page, live_server, "admin")
    _log_in(page, checker, "admin")

    page.goto("/taxonomy/")
    checker.check("taxonomy")
    tag = Tag.objects.filter(call_tags__isnull=False).distinct().first()
    assert tag is not None
    page.locator(f"a[href='/taxonomy/tags/{tag.pk}/']").first.click()
    page.wait_for_url(f"**/taxonomy/tags/{tag.pk}/")
    checker.check("tag-edit")
    page.get_by_label("Описание для разметчиков").fill("Клиент прямо говорит об этом.")
    page.get_by_role("button", name="Сохранить").click()
    page.wait_for_url("**/taxonomy/**")
    tag.refresh_from_db()
    assert tag.description == "Клиент прямо говорит об этом."
    checker.check("taxonomy-after-edit")

    tagged = CallTag.objects.count()
    page.locator("#reanalysis-title").scroll_into_view_if_needed()
    page.locator("[data-run-button]").click()
    page.wait_for_load_state("load")
    checker.check("reanalysis")
    assert CallTag.objects.count() == tagged

    _visit(page, checker, "taxonomy-try", "/taxonomy/try/")
    # The departments: the list and the form of a new one (its recipients, tags).
    _visit(page, checker, "departments", "/departments/")
    _visit(page, checker, "department-new", "/departments/new/")
    # The monthly taxonomy review of the demo's month: the list, a review, one decision.
    # The demo's tags are all new and in use: one more, unused for a year, is due for retirement.
    from calls.taxonomy.review.services import review_open

    stale = Tag.objects.create(code="e2e-stale", name="Давно не встречался", category=tag.category)
    Tag.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=365))
    review, _created = review_open(month=timezone.localdate())
    page.goto("/taxonomy/")
    page.get_by_role("link", name="Обзоры таксономии").click()
    page.wait_for_url("**/taxonomy/review/")
    checker.check("taxonomy-reviews")
    _visit(page, checker, "taxonomy-review", f"/taxonomy/review/{review.pk}/")
    suggestion = review.suggestions.get(kind="retire", tags=stale)
    page.locator(f"#suggestion-{suggestion.pk}").get_by_role("button", name="Отклонить").click()
    page.wait_for_url(f"**/taxonomy/review/{review.pk}/**")
    checker.check("taxonomy-review-decided")
    suggestion.refresh_from_db()
    assert suggestion.status == "rejected"
    _visit(page, checker, "learned-tags", "/taxonomy/learning/")
    _visit(page, checker, "tag-phrase-new", f"/taxonomy/tags/{tag.pk}/phrases/new/")
    assert _gap_before_code(page) >= 2
    _visit(page, checker, "upload", "/calls/upload/")
    _visit(page, checker, "recognition-errors", "/calls/corrections/")
    # A line's own words for the recognizer: one accepted from the suggestions.
    _visit(page, checker, "lines", "/calls/lines/")
    line = Line.objects.get(code="delivery")
    page.goto(f"/calls/lines/{line.pk}/vocabulary/")
    checker.check("line-vocabulary")
    page.get_by_label("Слово или название").fill("Домашний маркет")
    page.get_by_role("button", name="Добавить").first.click()
    page.wait_for_url(f"**/calls/lines/{line.pk}/vocabulary/**")
    assert line.terms.filter(term="Домашний маркет").exists()
    checker.check("line-vocabulary-added")
    _visit(page, checker, "status", "/status/")
    _visit(page, checker, "admin-site", "/admin/")

    checker.assert_clean()


def test_the_admins_admin_pages(page: Page, live_server: Any, demo: None) -> None:
    """The Django admin pages the admin opens in their first week: lists and forms."""
    checker = _checker(page, live_server, "admin-site")
    _log_in(page, checker, "admin")

    # A token, as the admin makes one for the CRM's integration.
    Token.objects.create(user=User.objects.get(username="admin"))
    manager = User.objects.get(username="manager")
    group = Group.objects.get(name=Role.MANAGER.value)
    call = Call.objects.order_by("pk").first()
    phrase = ObjectionPhrase.objects.order_by("pk").first()
    assert call is not None and phrase is not None
    for name, path in (
        ("index", "/admin/"),
        ("users", "/admin/auth/user/"),
        ("user", f"/admin/auth/user/{manager.pk}/change/"),
        ("groups", "/admin/auth/group/"),
        ("group", f"/admin/auth/group/{group.pk}/change/"),
        ("tokens", "/admin/authtoken/tokenproxy/"),
        ("token-new", "/admin/authtoken/tokenproxy/add/"),
        ("calls", "/admin/calls/call/"),
        ("call", f"/admin/calls/call/{call.pk}/change/"),
        ("rejected-uploads", "/admin/calls/rejectedupload/"),
        ("tag-categories", "/admin/calls/tagcategory/"),
        ("tags", "/admin/calls/tag/"),
        ("call-tags", "/admin/calls/calltag/"),
        ("reanalyses", "/admin/calls/reanalysisrun/"),
        ("phrase", f"/admin/scripts_library/objectionphrase/{phrase.pk}/change/"),
        ("schedules", "/admin/django_q/schedule/"),
        ("tasks", "/admin/django_q/success/"),
        ("failures", "/admin/django_q/failure/"),
        ("access-attempts", "/admin/axes/accessattempt/"),
        ("access-logs", "/admin/axes/accesslog/"),
    ):
        _visit(page, checker, name, path)
    # The queue's own page exists with the ORM broker only (the embedded default), not on Redis.
    if admin.site.is_registered(OrmQ):
        _visit(page, checker, "queue", "/admin/django_q/ormq/")

    checker.assert_clean()


def test_the_annotators_first_week(page: Page, live_server: Any, demo: None) -> None:
    """An annotator tags calls blind in a campaign the admin opened; the admin closes it and
    reads the answers side by side (docs/annotation.md)."""
    from calls.models import Annotation, AnnotationCampaign
    from calls.taxonomy.annotation.services import annotation_save, campaign_create

    admin_user = User.objects.get(username="admin")
    annotator_user = User.objects.get(username="annotator")
    trainer = User.objects.get(username="trainer")
    campaign = campaign_create(name="Первая разметка", sample_size=3,
                               annotators=[annotator_user, trainer], created_by=admin_user,
                               seed=1)
    calls = [item.call for item in campaign.campaign_calls.order_by("order")]

    checker = _checker(page, live_server, "annotator")
    # Someone who only annotates lands on their queue, not on a call list.
    _sign_in_to_start_page(page, checker, "annotator", "/taxonomy/annotation/mine/")
    checker.check("annotation-queue")
    page.get_by_role("link", name=calls[0].title).click()
    page.wait_for_url(f"**/taxonomy/annotation/{campaign.pk}/calls/{calls[0].pk}/")
    checker.check("annotate")
    # Blind: the call's own tags are not on the page, every box starts empty.
    assert page.locator("input[name=tags]:checked").count() == 0
    page.locator("input[name=tags]").first.check()
    page.get_by_role("button", name="Сохранить и дальше").click()
    page.wait_for_url(f"**/taxonomy/annotation/{campaign.pk}/calls/{calls[1].pk}/")
    page.get_by_label("Ни один тег не подходит").check()
    page.get_by_role("button", name="Сохранить и дальше").click()
    page.wait_for_url(f"**/taxonomy/annotation/{campaign.pk}/calls/{calls[2].pk}/")
    assert Annotation.objects.filter(annotator=annotator_user).count() == 2
    _visit(page, checker, "annotation-queue-after", "/taxonomy/annotation/mine/")
    checker.assert_clean()

    for call in calls:
        annotation_save(campaign=campaign, call=call, annotator=trainer, tags=[],
                        none_apply=True)
    admin_checker = _checker(page, live_server, "admin-annotation")
    page.context.clear_cookies()
    _log_in(page, admin_checker, "admin")
    _visit(page, admin_checker, "annotation-campaigns", "/taxonomy/annotation/")
    _visit(page, admin_checker, "annotation-campaign-new", "/taxonomy/annotation/new/")
    _visit(page, admin_checker, "annotation-campaign-open",
           f"/taxonomy/annotation/{campaign.pk}/")
    page.get_by_role("button", name="Закрыть кампанию").click()
    page.wait_for_url(f"**/taxonomy/annotation/{campaign.pk}/")
    admin_checker.check("annotation-campaign-closed")
    assert not AnnotationCampaign.objects.get(pk=campaign.pk).is_open
    admin_checker.assert_clean()


def test_the_department_members_first_week(page: Page, live_server: Any, demo: None) -> None:
    """Someone in logistics gets a finding from the call center: they land on their department,
    listen to the call behind it, take it, and say what they changed, which starts a before/after
    comparison (docs/departments.md, docs/findings.md). A call not sent to them stays closed."""
    from calls.models import Finding

    finding = Finding.objects.get(department__code="logistics")
    shared = finding.calls.get()
    not_shared = Call.objects.get(external_id="demo-003")  # a billing call

    checker = _checker(page, live_server, "department")
    # A department member's start page is their department: alerts, reports, findings.
    _sign_in_to_start_page(page, checker, "logistics", "/departments/mine/")
    checker.check("my-department")
    page.get_by_role("link", name="Находки").first.click()
    page.wait_for_url("**/findings/**")
    checker.check("findings")
    page.get_by_role("link", name=finding.title).click()
    page.wait_for_url(f"**/findings/{finding.pk}/")
    checker.check("finding")
    page.get_by_role("button", name="Взять в работу").click()
    page.wait_for_url(f"**/findings/{finding.pk}/")
    expect(page.get_by_role("button", name="Сделано")).to_be_visible()
    checker.check("finding-in-progress")
    # The call behind it, to listen to.
    page.locator(f"[data-calls] [data-call='{shared.pk}'] a").first.click()
    page.wait_for_url(f"**/calls/{shared.pk}/**")
    checker.check("shared-call")
    # Nothing else: another department's call is «not found», as if it did not exist.
    assert page.request.get(f"{live_server.url}/calls/{not_shared.pk}/").status == 404
    listed = page.request.get(f"{live_server.url}/api/v1/calls/").json()
    assert [call["id"] for call in listed["results"]] == [shared.pk]

    page.goto(f"/findings/{finding.pk}/")
    page.get_by_label("Что изменили").fill(
        "Курьеры звонят клиенту, если доставка переносится\nНовое правило с понедельника.")
    page.get_by_role("button", name="Сделано").click()
    page.wait_for_url(f"**/findings/{finding.pk}/")
    expect(page.locator("[data-change]")).to_be_visible()
    checker.check("finding-done")
    finding.refresh_from_db()
    assert finding.status == Finding.Status.DONE and finding.change is not None
    assert finding.change.title == "Курьеры звонят клиенту, если доставка переносится"
    checker.assert_clean()
