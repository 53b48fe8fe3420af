"""calls/taxonomy/annotation/admin.py: campaigns are read (and renamed) in the admin, answers
only read."""

from __future__ import annotations

import pytest
from django.urls import reverse

from project.roles import Role, ensure_roles
from tests.factories import CallFactory, TagFactory, UserFactory, client_for
from tests.factories_annotation import annotator, answer, campaign_with

pytestmark = pytest.mark.django_db


def test_the_admin_lists_campaigns_and_answers_without_editing_answers() -> None:
    ensure_roles()
    boss = UserFactory(username="boss", role=Role.ADMIN, is_staff=True)
    people = [annotator("a1"), annotator("a2")]
    call = CallFactory()
    campaign = campaign_with([call], people, name="Декабрь")
    saved = answer(campaign, call, people[0], [TagFactory()])
    client = client_for(boss)
    assert (
        "Декабрь"
        in client.get(reverse("admin:calls_annotationcampaign_changelist")).content.decode()
    )
    assert (
        client.get(reverse("admin:calls_annotationcampaign_change", args=[campaign.pk])).status_code
        == 200
    )
    assert client.get(reverse("admin:calls_annotationcampaign_add")).status_code == 403
    assert client.get(reverse("admin:calls_annotation_changelist")).status_code == 200
    page = client.get(reverse("admin:calls_annotation_change", args=[saved.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
