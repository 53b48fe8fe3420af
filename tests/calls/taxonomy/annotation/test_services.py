"""calls/taxonomy/annotation/services.py: sampling, annotators, answers, closing, applying the
reference as manual tags (logged), and deciding ties."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import override_settings
from django.utils import timezone

from calls.models import (
    Annotation,
    AnnotationCampaign,
    Call,
    CallTag,
    CallTagChange,
    CampaignCall,
    Tag,
    TieResolution,
)
from calls.taxonomy.annotation.services import (
    AnnotationInvalid,
    CampaignConflict,
    annotation_save,
    campaign_close,
    campaign_create,
    labels_apply,
    sample_calls,
    tie_resolve,
)
from project.roles import Role
from tests.factories import (
    CallFactory,
    CallTagFactory,
    LineFactory,
    TagCategoryFactory,
    TagFactory,
    UserFactory,
    call_with_segments,
)
from tests.factories_annotation import annotator, campaign_with

pytestmark = pytest.mark.django_db

SAID = [("customer", "Курьер опоздал на два часа")]


def _calls(count: int, **fields: object) -> list[Call]:
    return [call_with_segments(*SAID, **fields) for _ in range(count)]


@pytest.fixture
def admin() -> User:
    return UserFactory(username="boss", role=Role.ADMIN)


@pytest.fixture
def pair() -> list[User]:
    return [annotator("ann-a"), annotator("ann-b")]


# --- Sampling ------------------------------------------------------------------------------------


def test_only_transcribed_calls_with_a_transcript_in_the_period_are_drawn() -> None:
    good = _calls(3)
    call_with_segments(*SAID, status=Call.Status.QUEUED)
    call_with_segments(*SAID, status=Call.Status.FAILED)
    CallFactory()  # analysed but no transcript
    old = call_with_segments(*SAID, started_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()

    drawn = {
        pk
        for pk, _stratum in sample_calls(
            size=100, sampling="random", date_from=today - timedelta(days=7)
        )
    }
    assert drawn == {call.pk for call in good}
    everything = {pk for pk, _s in sample_calls(size=100, sampling="random")}
    assert old.pk in everything


def test_the_same_seed_draws_the_same_sample() -> None:
    _calls(30)
    first = sample_calls(size=10, sampling="random", seed=7)
    assert first == sample_calls(size=10, sampling="random", seed=7)
    assert first != sample_calls(size=10, sampling="random", seed=8)
    assert len({pk for pk, _s in first}) == 10


def test_stratified_by_line_gives_each_line_an_equal_share() -> None:
    _calls(20, line=LineFactory(code="delivery", name="Доставка"))
    _calls(3, line=LineFactory(code="payments", name="Оплата"))
    _calls(20, line=LineFactory(code="sales", name="Продажи"))

    shares = Counter(stratum for _pk, stratum in sample_calls(size=9, sampling="line", seed=1))
    assert shares == {"Доставка": 3, "Оплата": 3, "Продажи": 3}
    # A line that runs out leaves its share to the others.
    shares = Counter(stratum for _pk, stratum in sample_calls(size=15, sampling="line", seed=1))
    assert shares["Оплата"] == 3 and shares["Доставка"] + shares["Продажи"] == 12
    assert abs(shares["Доставка"] - shares["Продажи"]) <= 1


def test_stratified_by_tag_and_category_keeps_untagged_calls_as_their_own_group() -> None:
    problems, thanks = TagCategoryFactory(name="Проблемы"), TagCategoryFactory(name="Спасибо")
    late = TagFactory(code="late", name="Опоздание", category=problems)
    grateful = TagFactory(code="thanks", name="Благодарность", category=thanks)
    for call in _calls(10):
        CallTagFactory(call=call, tag=late, source=CallTag.Source.AUTO)
    for call in _calls(10):
        CallTagFactory(call=call, tag=grateful, source=CallTag.Source.AUTO)
    _calls(10)

    by_tag = Counter(stratum for _pk, stratum in sample_calls(size=6, sampling="tag", seed=3))
    assert by_tag == {"Опоздание": 2, "Благодарность": 2, "без тегов": 2}
    by_category = Counter(s for _pk, s in sample_calls(size=6, sampling="category", seed=3))
    assert by_category == {"Проблемы": 2, "Спасибо": 2, "без тегов": 2}


def test_a_call_in_several_strata_is_drawn_once() -> None:
    first, second = TagFactory(code="a"), TagFactory(code="b")
    for call in _calls(4):
        CallTagFactory(call=call, tag=first)
        CallTagFactory(call=call, tag=second)
    drawn = [pk for pk, _s in sample_calls(size=10, sampling="tag", seed=1)]
    assert len(drawn) == len(set(drawn)) == 4


# --- Creating a campaign -------------------------------------------------------------------------


def test_a_campaign_holds_its_sample_and_annotators(admin: User, pair: list[User]) -> None:
    _calls(12)
    campaign = campaign_create(
        name="  Декабрь  ", sample_size=5, annotators=pair, created_by=admin, seed=1
    )
    assert campaign.name == "Декабрь" and campaign.is_open and campaign.sample_size == 5
    assert set(campaign.annotators.all()) == set(pair)
    assert list(campaign.campaign_calls.values_list("order", flat=True)) == [1, 2, 3, 4, 5]


def test_fewer_calls_than_asked_takes_them_all(admin: User, pair: list[User]) -> None:
    _calls(2)
    campaign = campaign_create(name="Мало", sample_size=30, annotators=pair, created_by=admin)
    assert campaign.sample_size == 2 == campaign.campaign_calls.count()


@pytest.mark.parametrize("who", ["one", "operator", "manager"])
def test_annotators_are_two_or_more_people_who_may_annotate(
    admin: User, pair: list[User], who: str
) -> None:
    _calls(3)
    people = {
        "one": [pair[0], pair[0]],
        "operator": [pair[0], UserFactory(username="op", role=Role.OPERATOR)],
        "manager": [pair[0], UserFactory(username="boss2", role=Role.MANAGER)],
    }[who]
    with pytest.raises(AnnotationInvalid):
        campaign_create(name="X", sample_size=2, annotators=people, created_by=admin)
    assert not AnnotationCampaign.objects.exists()


def test_trainers_and_admins_may_annotate(admin: User) -> None:
    _calls(3)
    trainer = UserFactory(username="olga", role=Role.TRAINER)
    campaign = campaign_create(
        name="X", sample_size=2, annotators=[trainer, admin], created_by=admin
    )
    assert campaign.annotators.count() == 2


def test_bad_campaigns_are_refused_in_russian(admin: User, pair: list[User]) -> None:
    _calls(3)
    campaign_create(name="Декабрь", sample_size=2, annotators=pair, created_by=admin)
    with pytest.raises(CampaignConflict, match="уже есть"):
        campaign_create(name="Декабрь", sample_size=2, annotators=pair, created_by=admin)
    with pytest.raises(AnnotationInvalid, match="от 1 до"):
        campaign_create(name="Ноль", sample_size=0, annotators=pair, created_by=admin)
    with pytest.raises(AnnotationInvalid, match="выборка пуста"):
        campaign_create(
            name="Пусто",
            sample_size=2,
            annotators=pair,
            created_by=admin,
            date_to=timezone.localdate() - timedelta(days=30),
        )
    with pytest.raises(AnnotationInvalid, match="способ выборки"):
        campaign_create(
            name="Импорт", sample_size=2, annotators=pair, created_by=admin, sampling="import"
        )
    assert AnnotationCampaign.objects.count() == 1


# --- Answers -------------------------------------------------------------------------------------


@pytest.fixture
def campaign(pair: list[User]) -> AnnotationCampaign:
    return campaign_with(_calls(3), pair)


def _first_call(campaign: AnnotationCampaign) -> Call:
    return campaign.campaign_calls.order_by("order").first().call  # type: ignore[union-attr]


def test_an_answer_is_tags_or_none_apply_and_may_be_changed_while_open(
    campaign: AnnotationCampaign, pair: list[User]
) -> None:
    call, tag = _first_call(campaign), TagFactory()
    annotation_save(campaign=campaign, call=call, annotator=pair[0], tags=[tag], none_apply=False)
    annotation_save(
        campaign=campaign, call=call, annotator=pair[0], tags=[], none_apply=True, comment=" тихо "
    )
    saved = Annotation.objects.get()
    assert saved.none_apply and not saved.tags.exists() and saved.comment == "тихо"


@pytest.mark.parametrize("case", ["both", "neither", "retired", "stranger", "other_call", "closed"])
def test_bad_answers_are_refused_and_nothing_is_written(
    campaign: AnnotationCampaign, pair: list[User], case: str
) -> None:
    call, tag = _first_call(campaign), TagFactory()
    kwargs: dict[str, object] = {
        "campaign": campaign,
        "call": call,
        "annotator": pair[0],
        "tags": [tag],
        "none_apply": False,
    }
    error: type[Exception] = AnnotationInvalid
    if case == "both":
        kwargs["none_apply"] = True
    elif case == "neither":
        kwargs["tags"] = []
    elif case == "retired":
        kwargs["tags"] = [TagFactory(is_active=False)]
    elif case == "stranger":
        kwargs["annotator"] = annotator("stranger")
    elif case == "other_call":
        kwargs["call"] = call_with_segments(*SAID)
    else:
        AnnotationCampaign.objects.filter(pk=campaign.pk).update(status="closed")
        error = CampaignConflict
    with pytest.raises(error):
        annotation_save(**kwargs)  # type: ignore[arg-type]
    assert not Annotation.objects.exists()


# --- Closing, applying, ties ---------------------------------------------------------------------


@pytest.fixture
def voted(admin: User) -> tuple[AnnotationCampaign, list[Call], list[Tag]]:
    """Three annotators on two calls: call 0 gets «late» by 2 of 3; call 1 gets nothing."""
    people = [annotator(f"v{i}") for i in range(3)]
    calls = _calls(2)
    late, rude = TagFactory(code="late"), TagFactory(code="rude")
    campaign = campaign_with(calls, people)
    for person, chosen in zip(people, [[late, rude], [late], []], strict=True):
        annotation_save(
            campaign=campaign, call=calls[0], annotator=person, tags=chosen, none_apply=not chosen
        )
        annotation_save(
            campaign=campaign, call=calls[1], annotator=person, tags=[], none_apply=True
        )
    return campaign, calls, [late, rude]


@override_settings(ANNOTATION_APPLY_ON_CLOSE=True)
def test_closing_makes_the_reference_manual_tags_logged_as_the_admin(
    voted: tuple[AnnotationCampaign, list[Call], list[Tag]], admin: User
) -> None:
    campaign, calls, (late, _rude) = voted
    result = campaign_close(campaign=campaign, user=admin)

    assert result is not None and (result.added, result.already, result.ties) == (1, 0, 0)
    campaign.refresh_from_db()
    assert not campaign.is_open and campaign.closed_by == admin
    assert campaign.labels_applied_at is not None
    tag = CallTag.objects.get()
    assert (tag.call, tag.tag, tag.source, tag.created_by) == (
        calls[0],
        late,
        CallTag.Source.MANUAL,
        admin,
    )
    change = CallTagChange.objects.get()
    assert (change.action, change.user) == (CallTagChange.Action.ADDED, admin)
    with pytest.raises(CampaignConflict):
        campaign_close(campaign=campaign, user=admin)


@override_settings(ANNOTATION_APPLY_ON_CLOSE=False)
def test_without_the_setting_closing_applies_nothing_until_asked(
    voted: tuple[AnnotationCampaign, list[Call], list[Tag]], admin: User
) -> None:
    campaign, _calls_, _tags = voted
    with pytest.raises(CampaignConflict, match="ещё идёт"):
        labels_apply(campaign=campaign, user=admin)
    assert campaign_close(campaign=campaign, user=admin) is None
    assert not CallTag.objects.exists()

    result = labels_apply(campaign=campaign, user=admin)
    assert result.added == 1 and CallTag.objects.manual().count() == 1
    # Again: nothing new, the same tag is already there by hand.
    again = labels_apply(campaign=campaign, user=admin)
    assert (again.added, again.already) == (0, 1) and CallTagChange.objects.count() == 1


@override_settings(ANNOTATION_APPLY_ON_CLOSE=True)
def test_a_tie_is_not_applied_until_an_admin_decides(admin: User) -> None:
    people = [annotator("t1"), annotator("t2")]
    call, other = _calls(2)
    late = TagFactory(code="late")
    campaign = campaign_with([call, other], people)
    annotation_save(
        campaign=campaign, call=call, annotator=people[0], tags=[late], none_apply=False
    )
    annotation_save(campaign=campaign, call=call, annotator=people[1], tags=[], none_apply=True)
    with pytest.raises(CampaignConflict, match="ещё идёт"):
        tie_resolve(campaign=campaign, call=call, tag=late, applies=True, user=admin)

    result = campaign_close(campaign=campaign, user=admin)
    assert result is not None and (result.added, result.ties) == (0, 1)
    assert not CallTag.objects.exists()

    with pytest.raises(AnnotationInvalid, match="нет ничьей"):
        tie_resolve(campaign=campaign, call=other, tag=late, applies=True, user=admin)
    tie_resolve(campaign=campaign, call=call, tag=late, applies=True, user=admin)
    assert CallTag.objects.manual().get().tag == late  # applied at once: labels were applied
    assert TieResolution.objects.get().decided_by == admin
    with pytest.raises(CampaignConflict, match="уже решена"):
        tie_resolve(campaign=campaign, call=call, tag=late, applies=False, user=admin)


@override_settings(ANNOTATION_APPLY_ON_CLOSE=True)
def test_a_retired_tag_of_the_reference_is_counted_not_applied(
    voted: tuple[AnnotationCampaign, list[Call], list[Tag]], admin: User
) -> None:
    campaign, _calls_, (late, _rude) = voted
    Tag.objects.filter(pk=late.pk).update(is_active=False)
    result = campaign_close(campaign=campaign, user=admin)
    assert result is not None and (result.added, result.retired) == (0, 1)
    assert not CallTag.objects.exists()
    assert CampaignCall.objects.filter(campaign=campaign).count() == 2
