"""The findings pages: who may open them, the board's groups and counts, the prefilled form,
one finding's page with its steps, and the callback list."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from calls.models import CallShare, Change, Department, Finding, FindingCallback, TagEvidence
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    LineFactory,
    OperatorFactory,
    SegmentFactory,
    TagCategoryFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    client_for,
)
from tests.factories_findings import DepartmentFactory, FindingFactory, department_member

pytestmark = pytest.mark.django_db
Status = Finding.Status


@pytest.fixture
def dev() -> Department:
    return DepartmentFactory(name="Разработка", code="dev")


@pytest.fixture
def admin() -> User:
    return UserFactory(role=Role.ADMIN)


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.TRAINER, Role.ANNOTATOR])
def test_other_roles_get_403(role: Role, dev: Department) -> None:
    finding = FindingFactory(department=dev)
    client = client_for(UserFactory(role=role))
    for url in ("/findings/", "/findings/new/", f"/findings/{finding.pk}/"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/findings/{finding.pk}/start/").status_code == 403


def test_a_department_member_sees_only_their_departments_findings(dev: Department) -> None:
    mine = FindingFactory(department=dev, title="Наша проблема")
    theirs = FindingFactory(department=DepartmentFactory(code="logistics"), title="Чужая беда")
    member = department_member(dev)
    client = client_for(member)
    page = client.get("/findings/").content.decode()
    assert "Наша проблема" in page and "Чужая беда" not in page
    assert client.get(f"/findings/{mine.pk}/").status_code == 200
    assert client.get(f"/findings/{theirs.pk}/").status_code == 404
    assert client.post(f"/findings/{theirs.pk}/start/").status_code == 404
    # Opening, declining and moving the date are a manager's.
    assert client.get("/findings/new/").status_code == 403
    assert client.post(f"/findings/{mine.pk}/decline/", {"reason": "нет"}).status_code == 403
    # The filter offers their departments only; another's code is refused.
    assert client.get("/findings/?department=logistics").status_code == 400


def test_a_department_member_starts_and_finishes_a_finding(dev: Department) -> None:
    finding = FindingFactory(department=dev, tag=TagFactory(), line=LineFactory())
    client = client_for(department_member(dev))
    page = client.get(f"/findings/{finding.pk}/").content.decode()
    assert "data-start" in page and "data-decline-form" not in page
    client.post(f"/findings/{finding.pk}/start/")
    response = client.post(f"/findings/{finding.pk}/done/",
                           {"what_changed": "Упростили голосовое меню"}, follow=True)
    assert response.status_code == 200
    finding.refresh_from_db()
    assert finding.status == Status.DONE
    assert Change.objects.get().title == "Упростили голосовое меню"
    assert "Упростили голосовое меню" in response.content.decode()


def test_an_illegal_step_is_a_message_not_a_500(dev: Department, admin: User) -> None:
    finding = FindingFactory(department=dev, status=Status.DONE)
    response = client_for(admin).post(f"/findings/{finding.pk}/start/", follow=True)
    assert response.status_code == 200
    assert "Взять в работу можно только открытую находку" in response.content.decode()
    response = client_for(admin).post(f"/findings/{FindingFactory().pk}/done/",
                                      {"what_changed": ""}, follow=True)
    assert "Напишите, что изменили." in response.content.decode()


def test_the_board_groups_counts_and_links(dev: Department, admin: User) -> None:
    today = timezone.localdate()
    FindingFactory(department=dev, title="Просроченная", due_on=today - timedelta(days=1))
    FindingFactory(department=dev, title="Открытая 1")
    FindingFactory(department=dev, title="Открытая 2")
    change = Change.objects.create(title="Поменяли тариф", changed_on=today)
    FindingFactory(department=DepartmentFactory(code="billing"), title="Готовая",
                   status=Status.DONE, change=change, done_at=timezone.now())
    client = client_for(admin)
    response = client.get("/findings/")
    page = response.content.decode()
    assert "4\u00a0находки" in page
    assert '<a href="/findings/?status=open">2\u00a0находки</a>' in page
    assert '<a href="/findings/?status=overdue">1\u00a0находка</a>' in page
    assert "Поменяли тариф" in page and today.strftime("%d.%m.%Y") in page
    groups = {g["group"].value: [f.title for f in g["findings"]]
              for g in response.context["groups"]}
    assert groups["overdue"] == ["Просроченная"]
    assert groups["open"] == ["Открытая 1", "Открытая 2"]
    assert groups["done"] == ["Готовая"]

    filtered = client.get("/findings/?department=dev&status=open")
    assert [g["group"].value for g in filtered.context["groups"]] == ["open"]
    assert '<a href="/findings/?department=dev&amp;status=overdue">1\u00a0находка</a>' in (
        filtered.content.decode())
    assert "Готовая" not in filtered.content.decode()
    assert client.get("/findings/?status=lost").status_code == 400


def test_the_new_form_is_prefilled_from_get(dev: Department) -> None:
    manager = UserFactory(role=Role.MANAGER)
    mine = CallFactory(operator=OperatorFactory(team=TeamFactory(manager=manager)))
    foreign = CallFactory()
    tag = TagFactory(code="navigation", name="Неудобная навигация")
    LineFactory(code="site", name="Сайт")
    query = urlencode({"tag": "navigation", "line": "site", "department": "dev",
                       "source": "top_problem", "source_ref": "date_from=2026-11-01",
                       "calls": f"{mine.pk},{foreign.pk},abc,²,{2**64}"})
    response = client_for(manager).get("/findings/new/?" + query)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["tag"] == tag.code and form.initial["line"] == "site"
    assert form.initial["department"] == "dev" and form.initial["source"] == "top_problem"
    assert form.initial["title"] == "Неудобная навигация"
    assert form.initial["calls"] == str(mine.pk)
    assert response.context["calls"] == [mine]
    # An explicit title wins; unknown codes are left out.
    other = client_for(manager).get("/findings/new/?" + urlencode(
        {"tag": "navigation", "title": "Меню сайта", "department": "nope", "source": "gossip"}))
    assert other.context["form"].initial["title"] == "Меню сайта"
    assert "department" not in other.context["form"].initial
    assert other.context["form"].initial["source"] == "manual"


def test_the_department_subscribed_to_the_tag_is_proposed(dev: Department) -> None:
    tag = TagFactory(code="navigation")
    dev.tags.add(tag)
    response = client_for(UserFactory(role=Role.MANAGER)).get("/findings/new/?tag=navigation")
    assert response.context["form"].initial["department"] == "dev"


def test_posting_the_form_opens_the_finding(dev: Department, admin: User) -> None:
    call = CallFactory()
    due = timezone.localdate() + timedelta(days=5)
    response = client_for(admin).post("/findings/new/", {
        "title": "Не проходит оплата", "description": "", "department": "dev",
        "due_on": due.isoformat(), "tag": "", "line": "", "calls": str(call.pk),
        "source": "manual", "source_ref": "",
    })
    finding = Finding.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/findings/{finding.pk}/"
    assert list(finding.calls.all()) == [call]
    assert CallShare.objects.filter(call=call, department=dev).exists()
    bad = client_for(admin).post("/findings/new/", {
        "title": "x", "department": "dev", "due_on": "2000-01-01", "calls": "1,²",
        "source": "manual"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Срок не может быть в прошлом." in page and "не номер звонка" in page


def test_the_detail_page_shows_the_calls_with_customer_words(dev: Department) -> None:
    manager = UserFactory(role=Role.MANAGER)
    tag = TagFactory(code="navigation", name="Неудобная навигация")
    mine = CallFactory(operator=OperatorFactory(team=TeamFactory(manager=manager)))
    call_tag = CallTagFactory(call=mine, tag=tag)
    segment = SegmentFactory(call=mine, text="на сайте ничего не найти")
    TagEvidence.objects.create(call_tag=call_tag, segment=segment, token_start=0, token_end=4,
                               char_start=0, char_end=24, start=12.0, end=14.0,
                               text="на сайте ничего не найти")
    foreign = CallFactory()
    finding = FindingFactory(department=dev, tag=tag)
    finding.calls.add(mine, foreign)
    page = client_for(manager).get(f"/findings/{finding.pk}/").content.decode()
    assert f'href="/calls/{mine.pk}/"' in page
    assert f"/calls/{mine.pk}/#t=12.0" in page and "«на сайте ничего не найти»" in page
    assert f"/calls/{foreign.pk}/" not in page
    assert "data-decline-form" in page and "data-start" in page


def test_the_callback_list_after_done_masked_and_markable(dev: Department, admin: User) -> None:
    tag = TagFactory(code="navigation")
    call = CallFactory(customer_key="secret-key-123", customer_phone_masked="+7 *** ***-45-67")
    CallTagFactory(call=call, tag=tag)
    finding = FindingFactory(department=dev, tag=tag)
    client = client_for(admin)
    before = client.get(f"/findings/{finding.pk}/").content.decode()
    assert "+7 *** ***-45-67" not in before and "Список появится" in before
    client.post(f"/findings/{finding.pk}/done/", {"what_changed": "Починили поиск"})
    page = client.get(f"/findings/{finding.pk}/").content.decode()
    assert "+7 *** ***-45-67" in page and "secret-key-123" not in page
    assert f'href="/calls/{call.pk}/"' in page and "data-call-back" in page
    response = client.post(f"/findings/{finding.pk}/call-back/",
                           {"call": str(call.pk), "note": "рад"}, follow=True)
    assert response.status_code == 200
    assert FindingCallback.objects.get().customer_key == "secret-key-123"
    assert "data-called-back" in response.content.decode()
    again = client.post(f"/findings/{finding.pk}/call-back/", {"call": str(call.pk)},
                        follow=True)
    assert "уже перезвонили" in again.content.decode()
    assert client.post(f"/findings/{finding.pk}/call-back/",
                       {"call": str(2**64)}, follow=True).status_code == 200


def test_top_problems_link_to_a_prefilled_finding() -> None:
    tag = TagFactory(code="cancel", name="Сложность отмены", category=TagCategoryFactory())
    call = CallFactory(started_at=datetime(2026, 11, 10, 9, tzinfo=ZoneInfo("Europe/Moscow")))
    CallTagFactory(call=call, tag=tag)
    query = "?date_from=2026-11-09&date_to=2026-11-15"
    page = client_for(UserFactory(role=Role.ADMIN)).get(
        "/taxonomy/problems/" + query).content.decode()
    link = "/findings/new/?" + urlencode({
        "tag": "cancel", "source": "top_problem",
        "source_ref": "date_from=2026-11-09&date_to=2026-11-15", "title": "Сложность отмены"})
    assert link.replace("&", "&amp;") in page
    trainer_page = client_for(UserFactory(role=Role.TRAINER)).get(
        "/taxonomy/problems/" + query).content.decode()
    assert "data-open-finding" not in trainer_page
    assert "Сложность отмены" in trainer_page


def test_ids_past_the_column_range_are_404(admin: User) -> None:
    client = client_for(admin)
    for pk in (2**63, 2**64):
        assert client.get(f"/findings/{pk}/").status_code == 404
        assert client.post(f"/findings/{pk}/start/").status_code == 404
