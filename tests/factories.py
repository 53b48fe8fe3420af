"""factory_boy factories for the models every test needs."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group, User
from django.utils import timezone

from calls.models import Call, Line, Operator, Segment, Team
from calls.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def role(self, create: bool, extracted: Role | str | None, **kwargs: object) -> None:
        if create and extracted:
            self.groups.add(Group.objects.get_or_create(name=str(extracted))[0])
        if create:
            self.save()


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Команда {n}")


class OperatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operator

    user = factory.SubFactory(UserFactory, role=Role.OPERATOR)
    code = factory.Sequence(lambda n: f"op{n}")
    display_name = factory.Sequence(lambda n: f"Оператор {n}")
    team = factory.SubFactory(TeamFactory)


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Line
        django_get_or_create = ("code",)

    code = "support"
    name = "Поддержка"


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    external_id = factory.Sequence(lambda n: f"call-{n}")
    line = factory.SubFactory(LineFactory)
    started_at = factory.LazyFunction(timezone.now)
    duration = 60.0
    operator = factory.SubFactory(OperatorFactory)
    source = Call.Source.API
    status = Call.Status.ANALYSED
    channel_layout = Call.ChannelLayout.STEREO


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    call = factory.SubFactory(CallFactory)
    index = factory.Sequence(lambda n: n)
    speaker = "customer"
    start = 0.0
    end = 3.0
    text = "Здравствуйте"


# --- Taxonomy (issue 3) --------------------------------------------------------------------------
from calls.models import CallTag, KeyPhrase, Tag, TagCategory  # noqa: E402


class TagCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TagCategory

    name = factory.Sequence(lambda n: f"Категория {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    code = factory.Sequence(lambda n: f"tag_{n}")
    name = factory.Sequence(lambda n: f"Тег {n}")
    category = factory.SubFactory(TagCategoryFactory)


class KeyPhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyPhrase

    tag = factory.SubFactory(TagFactory)
    text = "ждал на линии"
    speaker = "customer"


class CallTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallTag

    call = factory.SubFactory(CallFactory)
    tag = factory.SubFactory(TagFactory)
    source = CallTag.Source.MANUAL
