"""factory_boy factories for the models every test needs."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from calls.models import Call, Line, Operator, Segment, Team
from project.roles import Role


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


# --- Helpers several test modules share ----------------------------------------------------------

AUDIO_BYTES = bytes(range(256)) * 4  # 1024 bytes whose values tell their position


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def call_with_audio(operator: Operator, name: str = "call.wav") -> Call:
    call = CallFactory(operator=operator)
    call.audio.save(name, ContentFile(AUDIO_BYTES))
    return call


def call_with_segments(*lines: tuple[str, str], **fields: object) -> Call:
    """A call whose (speaker, text) lines are segments 5 s apart, 4 s long each."""
    call = CallFactory(**fields)
    for index, (speaker, text) in enumerate(lines):
        SegmentFactory(call=call, index=index, speaker=speaker, start=index * 5.0,
                       end=index * 5.0 + 4.0, text=text)
    return call


# --- Scripts library (issue 8) -------------------------------------------------------------------
from scripts_library.models import (  # noqa: E402
    Objection,
    ObjectionPhrase,
    ObjectionTheme,
    ResponseBlock,
    SidebarEvent,
)


class ObjectionThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectionTheme
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Тема {n}")


class ObjectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objection

    code = factory.Sequence(lambda n: f"objection_{n}")
    theme = factory.SubFactory(ObjectionThemeFactory)
    name = factory.Sequence(lambda n: f"Возражение {n}")


class ObjectionPhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectionPhrase

    objection = factory.SubFactory(ObjectionFactory)
    text = "слишком дорого"
    speaker = "customer"


class ResponseBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponseBlock

    objection = factory.SubFactory(ObjectionFactory)
    kind = ResponseBlock.Kind.ACKNOWLEDGE
    text = factory.Sequence(lambda n: f"Понимаю вас ({n}).")


class SidebarEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SidebarEvent

    kind = SidebarEvent.Kind.INSERTED
    block = factory.SubFactory(ResponseBlockFactory)
    objection = factory.LazyAttribute(lambda event: event.block.objection)


# --- Objection hits (issue 8: metrics and the monthly review) -------------------------------------
from scripts_library.models import ObjectionHit  # noqa: E402


class ObjectionHitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ObjectionHit

    call = factory.SubFactory(CallFactory)
    objection = factory.SubFactory(ObjectionFactory)
    segment = factory.SubFactory(SegmentFactory, call=factory.SelfAttribute("..call"))
    char_start = 0
    char_end = 5
    start = factory.LazyAttribute(lambda hit: hit.segment.start)
    end = factory.LazyAttribute(lambda hit: hit.segment.end)
    text = "дорого"


# --- Exemplar dialogs (issue 8: the trainers' pages) ---------------------------------------------
from scripts_library.models import ExemplarDialog  # noqa: E402


class ExemplarDialogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExemplarDialog

    call = factory.SubFactory(CallFactory)
    start = 5.0
    end = 15.0
    note = "Как ответить на возражение о цене"


# --- Coaching: skills and scorecards (issue 9) ---------------------------------------------------
from coaching.models import Criterion, ScorecardTemplate, Skill, SkillPhrase, SkillResult  # noqa: E402


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    code = factory.Sequence(lambda n: f"skill_{n}")
    name = factory.Sequence(lambda n: f"Навык {n}")


class SkillPhraseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillPhrase

    skill = factory.SubFactory(SkillFactory)
    text = "добрый день"
    speaker = "operator"


class SkillResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SkillResult

    call = factory.SubFactory(CallFactory)
    skill = factory.SubFactory(SkillFactory)
    status = SkillResult.Status.SHOWN


class ScorecardTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScorecardTemplate

    name = factory.Sequence(lambda n: f"Оценочный лист {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    template = factory.SubFactory(ScorecardTemplateFactory)
    name = factory.Sequence(lambda n: f"Критерий {n}")
    weight = 1


# --- Coaching: exemplars, reports, trainings, cycles (issue 9) ----------------------------------
from coaching.models import (  # noqa: E402
    CoachingCycle,
    Exemplar,
    PersonalReport,
    ReportComment,
    TrainingSession,
)


class ExemplarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemplar

    call = factory.SubFactory(CallFactory)
    skill = factory.SubFactory(SkillFactory)
    start = 1.0
    end = 6.0


class PersonalReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalReport

    operator = factory.SubFactory(OperatorFactory)
    date_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    date_to = factory.LazyFunction(timezone.localdate)
    content = factory.LazyFunction(lambda: {"skills": [], "sentence": [], "growth": []})


class ReportCommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportComment

    report = factory.SubFactory(PersonalReportFactory)
    author = factory.SubFactory(UserFactory)
    text = "Согласен, поработаю над этим."


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession

    topic = factory.Sequence(lambda n: f"Обучение {n}")
    skill = factory.SubFactory(SkillFactory)
    held_on = factory.LazyFunction(timezone.localdate)


class CoachingCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingCycle

    operator = factory.SubFactory(OperatorFactory)
    skill = factory.SubFactory(SkillFactory)
    baseline_from = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    baseline_to = factory.LazyFunction(timezone.localdate)
