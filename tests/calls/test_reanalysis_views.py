"""calls/reanalysis_views.py: one re-analysis view pair for every editor. The tag editor's and the
library editor's addresses route to it with their own target; the addresses, the JSON of the
status and who may use them stay as each editor had them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import resolve

from calls import reanalysis_views
from calls.models import ReanalysisRun
from calls.taxonomy.views import TAGS_REANALYSIS
from project.roles import Role
from scripts_library.editor.views import LIBRARY_REANALYSIS
from tests.factories import CallFactory, UserFactory, client_for

pytestmark = pytest.mark.django_db

# Each editor: its addresses, the role that may use them, its analyser, its page, its message.
EDITORS = {
    "taxonomy": ("/taxonomy/reanalyse/", Role.ADMIN, "tags", "/taxonomy/",
                 "Повторный анализ запущен."),
    "library": ("/library/reanalyse/", Role.TRAINER, "objections", "/library/",
                "Повторный поиск возражений в архиве запущен."),
}
RUN_KEYS = {"id", "status", "status_label", "total", "done", "percent", "active", "error",
            "finished_at"}


def test_both_editors_route_to_the_one_view_pair() -> None:
    for prefix, target in (("/taxonomy/", TAGS_REANALYSIS), ("/library/", LIBRARY_REANALYSIS)):
        start = resolve(prefix + "reanalyse/")
        status = resolve(prefix + "reanalyse/status/")
        assert start.func is reanalysis_views.reanalysis_start_view
        assert status.func is reanalysis_views.reanalysis_status_view
        assert start.kwargs == status.kwargs == {"target": target}


@pytest.mark.parametrize("editor", EDITORS)
def test_the_button_starts_the_editors_run_and_the_status_reports_it(editor: str) -> None:
    url, role, analyser, page, message = EDITORS[editor]
    user = UserFactory(role=role)
    client = client_for(user)
    CallFactory(status="analysed")
    assert client.get(url + "status/").json() == {"run": None, "needs_reanalysis": False}

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(page, 302)]
    assert [str(m) for m in response.context["messages"]] == [message]
    run = ReanalysisRun.objects.get()
    assert (run.analyser, run.requested_by, run.total) == (analyser, user, 1)
    state = client.get(url + "status/").json()
    assert set(state) == {"run", "needs_reanalysis"}
    assert set(state["run"]) == RUN_KEYS
    assert (state["run"]["id"], state["run"]["active"], state["run"]["total"]) == (run.pk, True, 1)
    assert state["run"]["status_label"] == run.get_status_display()


@pytest.mark.parametrize("editor", EDITORS)
def test_a_second_run_waits_for_the_first(editor: str) -> None:
    url, role, *_rest = EDITORS[editor]
    client = client_for(UserFactory(role=role))
    client.post(url, follow=True)  # the page shows «запущен», and the message is read

    again = client.post(url, follow=True)

    assert ReanalysisRun.objects.count() == 1
    assert [str(m) for m in again.context["messages"]] == [
        "Повторный анализ уже идёт: дождитесь его окончания."]


@pytest.mark.parametrize("editor", EDITORS)
def test_others_are_refused_before_the_method_is_asked(editor: str, manager_user: User) -> None:
    url, role, *_rest = EDITORS[editor]
    refused = client_for(UserFactory(role=Role.OPERATOR))
    for address in (url, url + "status/"):
        assert refused.get(address).status_code == 403
        assert refused.post(address).status_code == 403
        anonymous = Client().get(address)
        assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    allowed = client_for(UserFactory(role=role))
    assert allowed.get(url).status_code == 405  # starting is a POST
    assert allowed.post(url + "status/").status_code == 405
    assert not ReanalysisRun.objects.exists()


def test_run_state_is_none_without_a_run() -> None:
    assert reanalysis_views.run_state(None) is None
