"""Every coaching page, for every demo login, on the demo `make run` loads.

A breadth-first crawl from each role's coaching start page follows every same-site link under
/coaching/ (GET only) and checks what a person would notice: a server error, a page in the wrong
language, a stray «None», a link that leads nowhere, and, for operators, a way into a colleague's
data. GET forms (the filters) are sent too, with the values they show. The demo is built once for
the module and rolled back at the end.
"""

import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from calls.demo.seed import TEAM_SERVICE, demo_seed_lines, demo_seed_people
from calls.models import Operator, Team
from coaching.competency.forms import default_period
from coaching.demo.coaching import (
    demo_import_cycle_calls,
    demo_load_cycles,
    demo_load_evaluations,
)
from coaching.demo.loading import demo_load_scorecard, demo_load_skills
from coaching.gaps.queries import team_gaps
from coaching.models import CoachingCycle, PersonalReport, Skill, TrainingSession
from coaching.teams import teams_for
from scripts_library.demo.loading import demo_import_sales_calls, demo_load_library
from tests.factories import client_for

pytestmark = pytest.mark.django_db

PAGE_LIMIT = 150
# Filters and sort orders make endless variants of a page; a few of each leave room for the rest.
VARIANTS_PER_PAGE = 8
OPERATORS = ("anna", "dmitry")
CALL_PAGE = re.compile(r"^/calls/\d+/$")
# An operator's view of a colleague: their competency map and its calls, a report, a cycle.
COLLEAGUE_PAGE = re.compile(
    r"^/coaching/(operators/(?P<code>[^/]+)/|reports/(?P<report>\d+)/|cycles/(?P<cycle>\d+)/)")
TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|%\}|\{\{|\}\}")
NONE_WORD = re.compile(r"(?<![\w-])None(?![\w-])")


class Demo:
    """The demo, and each login's crawl of it once made: the demo doesn't change in between."""

    def __init__(self) -> None:
        self.crawls: dict[str, Crawl] = {}

    def crawl_as(self, username: str) -> "Crawl":
        if username not in self.crawls:
            start = reverse(
                "coaching:my-competency" if username in OPERATORS else "coaching:teams")
            self.crawls[username] = crawl(
                client_for(User.objects.get(username=username)), start)
        return self.crawls[username]


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), transaction.atomic():
        demo_seed_people()
        demo_seed_lines()
        demo_load_library()
        demo_import_sales_calls()
        demo_load_skills()
        demo_load_scorecard()
        calls = demo_import_cycle_calls()
        demo_load_evaluations(calls=calls)
        demo_load_cycles()
        yield Demo()
        transaction.set_rollback(True)


class _Page(HTMLParser):
    """The links and the visible text of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.text: list[str] = []
        self.lang: str | None = None
        self._hidden = 0
        # GET forms (filters) as sent unchanged: their action with the fields' shown values.
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._form: list[tuple[str, str]] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        if tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        if tag == "form" and (values.get("method") or "get").lower() == "get":
            self._form = []
            self.forms.append((values.get("action") or "", self._form))
        if self._form is None or not values.get("name") or "disabled" in values:
            return
        name = values["name"] or ""
        kind = (values.get("type") or "text").lower()
        if tag == "input" and kind not in ("submit", "button", "reset", "file", "image") and (
                kind not in ("checkbox", "radio") or "checked" in values):
            self._form.append((name, values.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((values.get("value") or "", "selected" in values))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self._hidden:
            self._hidden -= 1
        if tag == "form":
            self._form = None
        if tag == "select" and self._select is not None and self._form is not None:
            chosen = [value for value, selected in self._options if selected] or [
                value for value, _selected in self._options[:1]]
            self._form.extend((self._select, value) for value in chosen)
            self._select = None

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


@dataclass
class Crawl:
    pages: dict[str, int] = field(default_factory=dict)  # /coaching/ URL → status
    calls: dict[str, int] = field(default_factory=dict)  # /calls/<id>/ URL → status
    linked_from: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    pdfs: dict[str, str] = field(default_factory=dict)  # report PDF URL → content type


def _same_site(base: str, href: str) -> str | None:
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("http", "https", "") or parts.netloc not in ("", "testserver"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path


def crawl(client: Client, start: str) -> Crawl:
    result = Crawl()
    queue = deque([start])
    seen = {start}
    variants: Counter[str] = Counter()
    while queue and len(result.pages) < PAGE_LIMIT:
        url = queue.popleft()
        path = urlsplit(url).path
        response = client.get(url)
        status = response.status_code
        if CALL_PAGE.match(path):
            result.calls[url] = status
            continue
        result.pages[url] = status
        where = f"{url} (from {result.linked_from.get(url, 'start')})"
        if status >= 500:
            result.problems.append(f"{status} on {where}")
            continue
        if status in (301, 302):
            target = _same_site(url, response["Location"])
            if target and target not in seen and target.startswith(("/coaching/", "/calls/")):
                seen.add(target)
                result.linked_from[target] = url
                queue.append(target)
            continue
        if status != 200:
            result.problems.append(f"{status} on {where}")
            continue
        content_type = response["Content-Type"]
        if path.endswith("/pdf/"):
            result.pdfs[url] = content_type
            continue
        if not content_type.startswith("text/html"):
            continue
        page = _Page()
        page.feed(response.content.decode())
        if page.lang != "ru":
            result.problems.append(f'<html lang="{page.lang}"> on {where}')
        text = " ".join(page.text)
        if NONE_WORD.search(text):
            around = text[max(NONE_WORD.search(text).start() - 60, 0):][:120]  # type: ignore[union-attr]
            result.problems.append(f"«None» on {where}: …{' '.join(around.split())}…")
        forms = [f"{action or path}?{urlencode(fields)}" for action, fields in page.forms]
        # A template comment over several lines ({# … #} is one line only) or a tag left open
        # shows as text.
        leaked = TEMPLATE_SYNTAX.search(text)
        if leaked:
            around = text[max(leaked.start() - 60, 0):][:120]
            result.problems.append(f"template syntax on {where}: …{' '.join(around.split())}…")
        for href in [*forms, *page.links]:
            target = _same_site(url, href)
            if target is None or target in seen or "logout" in target:
                continue
            target_path = urlsplit(target).path
            if target_path.startswith("/coaching/") or CALL_PAGE.match(target_path):
                seen.add(target)
                name = _name(target_path)
                variants[name] += 1
                # Every call link is checked: each may be someone else's call.
                if name != "calls:detail" and variants[name] > VARIANTS_PER_PAGE:
                    continue
                result.linked_from[target] = url
                queue.append(target)
    return result


@pytest.mark.parametrize("username", ["admin", "manager", "trainer", *OPERATORS])
def test_every_coaching_page_opens_in_russian_without_none(demo: Demo, username: str) -> None:
    result = demo.crawl_as(username)
    print(f"{username}: {len(result.pages)} coaching pages "
          f"({len({_name(urlsplit(url).path) for url in result.pages})} kinds), "
          f"{len(result.calls)} call pages")
    assert result.problems == []
    # A link to a call the person may not open (a colleague's) leads to a 404.
    assert {f"{url} (from {result.linked_from[url]})": status
            for url, status in result.calls.items() if status != 200} == {}
    assert set(result.pdfs.values()) <= {"application/pdf"}
    if any(_name(urlsplit(url).path) == "coaching:report" for url in result.pages):
        assert result.pdfs
    assert len(result.pages) >= (10 if username in OPERATORS else 60)



def _colleague_pages(username: str, urls: list[str]) -> list[str]:
    operator = Operator.objects.get(code=username)
    own_reports = set(PersonalReport.objects.filter(operator=operator).values_list("pk", flat=True))
    own_cycles = set(CoachingCycle.objects.filter(operator=operator).values_list("pk", flat=True))
    found = []
    for url in urls:
        match = COLLEAGUE_PAGE.match(urlsplit(url).path)
        if match is None:
            continue
        if (match["code"] and match["code"] != username
                or match["report"] and int(match["report"]) not in own_reports
                or match["cycle"] and int(match["cycle"]) not in own_cycles):
            found.append(url)
    return found


@pytest.mark.parametrize("username", OPERATORS)
def test_an_operator_finds_no_way_into_a_colleagues_data(demo: Demo, username: str) -> None:
    result = demo.crawl_as(username)
    assert _colleague_pages(username, [*result.pages, *result.linked_from]) == []
    operator = Operator.objects.get(code=username)
    colleague = Operator.objects.exclude(pk=operator.pk).get(code__in=OPERATORS)
    forbidden = [
        reverse("coaching:competency", args=[colleague.code]),
        *(reverse("coaching:report", args=[pk]) for pk in PersonalReport.objects.exclude(
            operator=operator).values_list("pk", flat=True)),
        *(reverse("coaching:report-pdf", args=[pk]) for pk in PersonalReport.objects.exclude(
            operator=operator).values_list("pk", flat=True)),
        *(reverse("coaching:competency-calls", args=[colleague.code, code])
          for code in Skill.objects.values_list("code", flat=True)),
        *(reverse(name, args=[pk]) for pk in CoachingCycle.objects.exclude(
            operator=operator).values_list("pk", flat=True)
          for name in ("coaching:cycle", "coaching:cycle-calls")),
        reverse("coaching:gaps"), reverse("coaching:cohorts"), reverse("coaching:case-review"),
        reverse("coaching:teams"),
    ]
    client = client_for(operator.user)  # type: ignore[arg-type]
    statuses = {url: client.get(url).status_code for url in forbidden}
    assert {url: status for url, status in statuses.items() if status not in (403, 404)} == {}


def test_the_manager_reaches_the_cycles_gaps_trainings_and_the_report_pdf(demo: Demo) -> None:
    manager = User.objects.get(username="manager")
    assert set(teams_for(manager)) == set(Team.objects.all())  # both demo teams are hers
    pages = demo.crawl_as("manager").pages
    opened = {urlsplit(url).path for url, status in pages.items() if status == 200}
    finished = CoachingCycle.objects.get(stage=CoachingCycle.Stage.DONE)
    assert reverse("coaching:cycle", args=[finished.pk]) in opened
    overdue = CoachingCycle.objects.filter(stage=CoachingCycle.Stage.CONTROL,
                                           control_due__lt=timezone.localdate())
    assert overdue.exists()
    assert {reverse("coaching:cycle", args=[pk]) for pk in overdue.values_list("pk", flat=True)
            } <= opened
    assert {reverse("coaching:training", args=[pk]) for pk in TrainingSession.objects.values_list(
        "pk", flat=True)} <= opened
    report = finished.report
    assert report is not None and reverse("coaching:report-pdf", args=[report.pk]) in opened
    # The gaps page of «Сервис и продажи» over the default period shows the topics the query
    # computes for it: the crawl reached it, and every topic's skill is on it.
    service = Team.objects.get(name=TEAM_SERVICE)
    topics = team_gaps(team=service, period=default_period(), user=manager)
    gaps_pages = [url for url in pages if urlsplit(url).path == reverse("coaching:gaps")
                  and (f"team={service.pk}" in url or service == teams_for(manager).first())]
    assert gaps_pages
    html = client_for(manager).get(gaps_pages[0]).content.decode()
    assert topics and all(topic.skill.name in html for topic in topics)
