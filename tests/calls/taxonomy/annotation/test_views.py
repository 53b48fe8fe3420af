"""calls/taxonomy/annotation/views.py: who reaches which page, blindness while a campaign is open,
saving and moving on, and the admin's campaign pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from calls.models import Annotation, AnnotationCampaign, Call, CallTag, Tag, TieResolution
from project.roles import Role
from tests.factories import (
    AUDIO_BYTES,
    CallTagFactory,
    OperatorFactory,
    TagFactory,
    UserFactory,
    call_with_segments,
    client_for,
)
from tests.factories_annotation import annotator, answer, campaign_with

pytestmark = pytest.mark.django_db

SAID = ("customer", "Курьер опоздал на два часа, qxmarkerq")


@pytest.fixture
def late() -> Tag:
    return TagFactory(code="late", name="Опоздание курьера", description="Курьер приехал позже")


@pytest.fixture
def rude() -> Tag:
    return TagFactory(code="rude", name="Грубость оператора")


@pytest.fixture
def people() -> list[User]:
    return [annotator("ann-a"), annotator("ann-b")]


@pytest.fixture
def calls() -> list[Call]:
    return [call_with_segments(SAID), call_with_segments(SAID)]


@pytest.fixture
def campaign(calls: list[Call], people: list[User]) -> AnnotationCampaign:
    return campaign_with(calls, people, name="Декабрь")


def _annotate_url(campaign: AnnotationCampaign, call: Call) -> str:
    return reverse("taxonomy:annotation:annotate", args=[campaign.pk, call.pk])


def test_the_annotation_page_has_the_transcript_every_active_tag_and_no_call_tags(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User], late: Tag, rude: Tag
) -> None:
    TagFactory(code="gone", name="Старый тег", is_active=False)
    # The phrases and another annotator have tagged the call: neither may show.
    auto = TagFactory(code="auto-only", name="Найдено фразами")
    CallTagFactory(call=calls[0], tag=auto, source=CallTag.Source.AUTO)
    answer(campaign, calls[0], people[1], [rude])

    html = client_for(people[0]).get(_annotate_url(campaign, calls[0])).content.decode()

    assert "qxmarkerq" in html and "Опоздание курьера" in html and "Курьер приехал позже" in html
    assert 'data-tag="rude"' in html and "Ни один тег не подходит" in html
    assert "Старый тег" not in html
    # The phrases' tag is offered like every active tag, and nothing is ticked: neither what the
    # phrases found nor the other annotator's answer; the phrases' words are not highlighted.
    assert 'data-tag="auto-only"' in html
    assert " checked" not in html
    assert "tag-evidence" not in html


def test_an_annotator_sees_only_their_own_answer(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User], late: Tag, rude: Tag
) -> None:
    answer(campaign, calls[0], people[0], [late])
    answer(campaign, calls[0], people[1], [rude])
    html = client_for(people[0]).get(_annotate_url(campaign, calls[0])).content.decode()
    assert f'value="{late.pk}" data-tag="late" checked' in html
    assert f'value="{rude.pk}" data-tag="rude">' in html  # not ticked: the other's answer


def test_saving_moves_to_the_next_unanswered_call(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User], late: Tag
) -> None:
    client = client_for(people[0])
    response = client.post(_annotate_url(campaign, calls[0]), {"tags": [late.pk]})
    assert response.status_code == 302
    assert response["Location"] == _annotate_url(campaign, calls[1])
    response = client.post(_annotate_url(campaign, calls[1]), {"none_apply": "on"})
    assert response["Location"] == reverse("taxonomy:annotation:queue")
    saved = {a.call_id: a for a in Annotation.objects.filter(annotator=people[0])}
    assert list(saved[calls[0].pk].tags.all()) == [late] and saved[calls[1].pk].none_apply


@pytest.mark.parametrize("data", [{}, {"none_apply": "on", "tags": ["TAG"]}, {"tags": ["999999"]}])
def test_a_bad_answer_is_shown_in_russian_and_not_saved(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User], late: Tag, data: dict
) -> None:
    if data.get("tags") == ["TAG"]:
        data = {**data, "tags": [late.pk]}
    response = client_for(people[0]).post(_annotate_url(campaign, calls[0]), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="field__error"' in html
    assert not Annotation.objects.exists()


def test_the_queue_lists_only_ones_own_open_campaigns(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User]
) -> None:
    other = campaign_with([call_with_segments(SAID)], [people[1], annotator("ann-c")], name="Чужая")
    campaign_with([calls[0]], people, name="Закрытая", status=AnnotationCampaign.Status.CLOSED)
    html = client_for(people[0]).get(reverse("taxonomy:annotation:queue")).content.decode()
    assert "Декабрь" in html and "Чужая" not in html and "Закрытая" not in html
    assert _annotate_url(campaign, calls[1]) in html
    assert _annotate_url(other, other.campaign_calls.get().call) not in html


def test_an_annotator_reaches_no_other_campaign_and_no_call_page(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User]
) -> None:
    stranger = annotator("ann-x")
    client = client_for(stranger)
    assert client.get(_annotate_url(campaign, calls[0])).status_code == 404
    assert client.post(_annotate_url(campaign, calls[0]), {"none_apply": "on"}).status_code == 404
    own = client_for(people[0])
    assert own.get(reverse("calls:detail", args=[calls[0].pk])).status_code == 404
    for name in ("campaigns", "campaign-create"):
        assert own.get(reverse(f"taxonomy:annotation:{name}")).status_code == 403
    assert own.get(reverse("taxonomy:annotation:campaign", args=[campaign.pk])).status_code == 403
    assert own.get(reverse("taxonomy:index")).status_code == 403


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MANAGER])
def test_operators_and_managers_see_none_of_it(
    campaign: AnnotationCampaign, calls: list[Call], role: Role
) -> None:
    user = OperatorFactory().user if role == Role.OPERATOR else UserFactory(role=role)
    client = client_for(user)
    for url in (
        reverse("taxonomy:annotation:queue"),
        reverse("taxonomy:annotation:campaigns"),
        _annotate_url(campaign, calls[0]),
        reverse("taxonomy:annotation:audio", args=[campaign.pk, calls[0].pk]),
    ):
        assert client.get(url).status_code == 403, url
    html = client.get(reverse("calls:list")).content.decode()
    assert reverse("taxonomy:annotation:queue") not in html


def test_the_recording_plays_through_the_annotation_page(
    campaign: AnnotationCampaign, calls: list[Call], people: list[User]
) -> None:
    calls[0].audio.save("call.wav", ContentFile(AUDIO_BYTES))
    url = reverse("taxonomy:annotation:audio", args=[campaign.pk, calls[0].pk])
    response = client_for(people[0]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == AUDIO_BYTES  # type: ignore[attr-defined]
    assert client_for(annotator("ann-x")).get(url).status_code == 404
    assert url in client_for(people[0]).get(_annotate_url(campaign, calls[0])).content.decode()


def test_the_menu_leads_annotators_to_their_queue(people: list[User]) -> None:
    html = client_for(people[0]).get(reverse("taxonomy:annotation:queue")).content.decode()
    assert f'href="{reverse("taxonomy:annotation:queue")}"' in html
    assert f'href="{reverse("calls:list")}"' not in html


# --- Admins --------------------------------------------------------------------------------------


@pytest.fixture
def admin() -> User:
    return UserFactory(username="boss", role=Role.ADMIN)


def test_an_admin_creates_a_campaign(admin: User, people: list[User], calls: list[Call]) -> None:
    client = client_for(admin)
    assert client.get(reverse("taxonomy:annotation:campaign-create")).status_code == 200
    response = client.post(
        reverse("taxonomy:annotation:campaign-create"),
        {
            "name": "Январь",
            "sample_size": 5,
            "sampling": "random",
            "annotators": [person.pk for person in people],
        },
    )
    campaign = AnnotationCampaign.objects.get(name="Январь")
    assert response["Location"] == reverse("taxonomy:annotation:campaign", args=[campaign.pk])
    assert campaign.campaign_calls.count() == 2


def test_one_annotator_is_refused_on_the_page(
    admin: User, people: list[User], calls: list[Call]
) -> None:
    response = client_for(admin).post(
        reverse("taxonomy:annotation:campaign-create"),
        {"name": "Январь", "sample_size": 5, "sampling": "random", "annotators": [people[0].pk]},
    )
    assert response.status_code == 200 and "не меньше двух" in response.content.decode()
    assert not AnnotationCampaign.objects.exists()


def test_while_open_the_admin_sees_counts_not_labels(
    admin: User, campaign: AnnotationCampaign, calls: list[Call], people: list[User], late: Tag
) -> None:
    answer(campaign, calls[0], people[0], [late])
    html = (
        client_for(admin)
        .get(reverse("taxonomy:annotation:campaign", args=[campaign.pk]))
        .content.decode()
    )
    assert "1 из 2" in html and "Опоздание курьера" not in html
    assert "Закрыть кампанию" in html and "data-incomplete" in html


@override_settings(ANNOTATION_APPLY_ON_CLOSE=False)
def test_after_closing_answers_stand_side_by_side_with_ties_to_decide(
    admin: User,
    campaign: AnnotationCampaign,
    calls: list[Call],
    people: list[User],
    late: Tag,
    rude: Tag,
) -> None:
    answer(campaign, calls[0], people[0], [late, rude])
    answer(campaign, calls[0], people[1], [late])
    client = client_for(admin)
    client.post(reverse("taxonomy:annotation:campaign-close", args=[campaign.pk]))
    html = client.get(reverse("taxonomy:annotation:campaign", args=[campaign.pk])).content.decode()
    assert "Опоздание курьера" in html and "Грубость оператора" in html
    assert f'data-tie="{calls[0].pk}-rude"' in html and "Перенести в теги" in html
    # The annotator's page is read-only now.
    page = client_for(people[0]).get(_annotate_url(campaign, calls[0])).content.decode()
    assert "Кампания закрыта" in page

    client.post(
        reverse("taxonomy:annotation:tie-resolve", args=[campaign.pk, calls[0].pk]),
        {"tag": "rude", "applies": "no"},
    )
    assert TieResolution.objects.get().applies is False
    client.post(reverse("taxonomy:annotation:campaign-apply", args=[campaign.pk]))
    assert set(CallTag.objects.manual().values_list("tag__code", flat=True)) == {"late"}
    assert (
        client_for(people[0])
        .post(reverse("taxonomy:annotation:campaign-close", args=[campaign.pk]))
        .status_code
        == 403
    )


def test_someone_who_only_annotates_lands_on_their_queue(people: list[User]) -> None:
    response = client_for(people[0]).get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("taxonomy:annotation:queue")
    trainer = UserFactory(username="olga", role=Role.TRAINER)
    trainer.groups.add(*people[0].groups.all())
    assert client_for(trainer).get(reverse("calls:list")).status_code == 200


def test_while_open_the_sample_group_is_not_shown(admin: User, people: list[User]) -> None:
    # Stratified by tag, the group names what the phrases found: not shown until closing.
    calls = [call_with_segments(SAID)]
    CallTagFactory(call=calls[0], tag=TagFactory(code="late", name="Опоздание курьера"))
    campaign = campaign_with(calls, people + [admin])
    campaign.campaign_calls.update(stratum="Опоздание курьера")
    html = (
        client_for(admin)
        .get(reverse("taxonomy:annotation:campaign", args=[campaign.pk]))
        .content.decode()
    )
    assert "Опоздание курьера" not in html
