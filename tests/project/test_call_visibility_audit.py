"""Every page and API address follows the calls' visibility: nothing of a call a person may not
open reaches them — no words of its transcript, no link to it, no external id, no count.

The rule (calls/models/calls.py, `Call.objects.visible_to`): an operator sees their own calls, a
manager their teams', trainers and admins all, a user without a role none. Coaching quotes a
moment of a call its reader may not open only where it is meant to (docs/coaching.md), as words
without a link: a trainer's kept exemplar (teaching material: maps, reports, trainings, the
operators' exemplar library) and the moments a report's author chose for its readers. Those words
are allowed here, nothing else.

The audit walks the whole URLconf (pages and /api/v1/): each named address is filled with the
objects of a team the viewer does not belong to (GET and POST: 403/404/405, nothing quoted), with
the viewer's own objects (a panel on one's own call or report may quote others), and every list
page is asked with either team's filters. A new address fails `test_every_address_is_audited`
until it is given its parameters below, so the audit keeps covering the product. The counts test
then deletes the calls the viewer may not see and asserts that no page changed.

Each call's transcript carries marker words (latin, letters only, so that no analyser, lemmatiser
or personal-data redaction changes them); every response is searched for the markers, the
external ids and the `/calls/<id>/` links of the calls its viewer may not see.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from calls.analysis import analyse_calls
from calls.models import Call, Operator, Tag
from calls.taxonomy.review.services import review_open as taxonomy_review_open
from coaching.evaluations.services import (
    calibration_create,
    comment_add,
    evaluation_start,
    evaluation_submit,
    score_set,
)
from coaching.exemplars.services import exemplar_add
from coaching.models import CoachingCycle, Exemplar
from coaching.reports.services import report_generate, report_share
from coaching.trainings.services import training_create
from project.roles import Role
from scripts_library.models import ObjectionHit
from scripts_library.review.services import review_open
from tests.factories import (
    CallFactory,
    CoachingCycleFactory,
    CriterionFactory,
    ExemplarDialogFactory,
    KeyPhraseFactory,
    LineFactory,
    ObjectionFactory,
    ObjectionPhraseFactory,
    OperatorFactory,
    ResponseBlockFactory,
    ScorecardTemplateFactory,
    SegmentFactory,
    SidebarEventFactory,
    SkillFactory,
    SkillPhraseFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The turns of every call; each gets the call's marker words (one per turn) appended.
TURNS = [
    ("operator", "Добрый день, магазин слушает, меня зовут Анна"),
    ("customer", "Это слишком дорого для меня, я ждал на линии полчаса"),
    ("operator", "Понимаю вас, давайте подберём скидку на доставку"),
    ("customer", "Слишком дорого всё равно, подумаю ещё"),
    ("operator", "Спасибо за звонок, хорошего дня"),
    ("customer", "Мне надо посоветоваться с женой"),  # no objection yet: the library review's
]


def _marker(team: str, call: int, turn: int) -> str:
    return f"qx{team}{chr(ord('a') + call)}{chr(ord('a') + turn)}q"


@dataclass
class World:
    """Two teams with calls, a team without calls, the viewers and the coaching built on them."""

    trainer: User
    admin: User
    manager_empty: User
    manager_a: User
    operator_a: Operator
    colleague_a: Operator
    operator_b: Operator
    calls: dict[str, list[Call]] = field(default_factory=dict)  # team letter → calls
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)  # team letter → objects


def _call(operator: Operator, team: str, index: int, **fields: Any) -> Call:
    call = CallFactory(operator=operator, external_id=f"ext{_marker(team, index, 9)}",
                       started_at=timezone.now() - timedelta(days=1), duration=30.0,
                       line=LineFactory(code="sales", name="Продажи"), **fields)
    for turn, (speaker, text) in enumerate(TURNS):
        SegmentFactory(call=call, index=turn, speaker=speaker, start=turn * 5.0,
                       end=turn * 5.0 + 4.0, text=f"{text} {_marker(team, index, turn)}")
    return call


def _build() -> World:
    trainer = UserFactory(username="audit-trainer", role=Role.TRAINER)
    second_trainer = UserFactory(username="audit-trainer-2", role=Role.TRAINER)
    admin = UserFactory(username="audit-admin", role=Role.ADMIN)
    manager_empty = UserFactory(username="audit-manager-empty", role=Role.MANAGER)
    manager_a = UserFactory(username="audit-manager-a", role=Role.MANAGER)
    manager_b = UserFactory(username="audit-manager-b", role=Role.MANAGER)
    team_a = TeamFactory(name="Команда А", manager=manager_a)
    team_b = TeamFactory(name="Команда Б", manager=manager_b)
    team_empty = TeamFactory(name="Команда без звонков", manager=manager_empty)
    OperatorFactory(team=team_empty, code="audit-op-empty")
    world = World(
        trainer=trainer, admin=admin, manager_empty=manager_empty, manager_a=manager_a,
        operator_a=OperatorFactory(team=team_a, code="audit-op-a"),
        colleague_a=OperatorFactory(team=team_a, code="audit-op-a2"),
        operator_b=OperatorFactory(team=team_b, code="audit-op-b"),
    )

    # What the analysers find: a tag, an objection with a reply block, a phrase-skill.
    KeyPhraseFactory(tag=TagFactory(code="audit-wait", name="Ожидание"), text="ждал на линии")
    objection = ObjectionFactory(code="audit-price", name="Дорого")
    ObjectionPhraseFactory(objection=objection, text="слишком дорого")
    block = ResponseBlockFactory(objection=objection, text="Понимаю вас, подберём скидку.")
    skill = SkillFactory(code="audit-greeting", name="Приветствие")
    SkillPhraseFactory(skill=skill, text="магазин слушает")
    _cue()  # a word cue (calls/voice/words/): its editor's pages are shared
    scorecard = ScorecardTemplateFactory(name="Аудит")
    criterion = CriterionFactory(template=scorecard, skill=skill, name="Поздоровался")

    outcomes = [Call.Outcome.SALE, Call.Outcome.NO_SALE]
    world.calls["a"] = [_call(world.operator_a, "a", 0, outcome=outcomes[0]),
                        _call(world.operator_a, "a", 1, outcome=outcomes[1]),
                        _call(world.colleague_a, "a", 2, outcome=outcomes[0])]
    world.calls["b"] = [_call(world.operator_b, "b", 0, outcome=outcomes[0]),
                        _call(world.operator_b, "b", 1, outcome=outcomes[1]),
                        _call(world.operator_b, "b", 2, outcome=outcomes[0])]
    analyse_calls(call_ids=[call.pk for calls in world.calls.values() for call in calls])
    assert ObjectionHit.objects.count() >= 6, "the objection analyser found the phrases"

    today = timezone.localdate()
    review_open(period_start=today - timedelta(days=30), period_end=today)
    # A tag unused since long ago: the taxonomy review has at least its retirement to show.
    stale = TagFactory(code="audit-stale", name="Давно не встречался")
    Tag.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=400))
    taxonomy_review_open(month=today)

    for team, operator, manager in (("a", world.operator_a, manager_a),
                                    ("b", world.operator_b, manager_b)):
        first, second = world.calls[team][0], world.calls[team][1]
        evaluation = evaluation_start(call=first, scorecard=scorecard, evaluator=trainer)
        for score in evaluation.scores.all():
            score_set(score=score, answer="yes", user=trainer)
        comment_add(evaluation=evaluation, author=trainer, text=f"Отзыв {_marker(team, 0, 7)}",
                    at=6.0)
        evaluation_submit(evaluation=evaluation, user=trainer)
        calibration = calibration_create(name=f"Калибровка {team}", scorecard=scorecard,
                                         calls=[first], evaluators=[trainer, second_trainer],
                                         created_by=trainer)
        calibration_evaluation = evaluation_start(call=first, scorecard=scorecard,
                                                  evaluator=trainer, calibration=calibration)
        exemplar = exemplar_add(call=second, skill=skill, objection=None, start=0.0, end=4.0,
                                note="Хорошее приветствие", added_by=trainer)
        # The report's author is the team's manager: its moments come from calls they see.
        report = report_generate(operator=operator, date_from=today - timedelta(days=30),
                                 date_to=today, created_by=manager)
        report_share(report=report, user=manager)
        training = training_create(topic=f"Обучение {team}", skill=skill,
                                   team=operator.team, held_on=today + timedelta(days=3),
                                   attendees=[operator], exemplars=[exemplar],
                                   created_by=trainer, trainer=trainer)
        cycle = (CoachingCycle.objects.filter(operator=operator, skill=skill).first()
                 or CoachingCycleFactory(operator=operator, skill=skill, training=training))
        dialog = ExemplarDialogFactory(call=second, start=5.0, end=15.0)
        dialog.objections.add(objection)
        SidebarEventFactory(block=block, operator=operator, call=first,
                            call_external_id=first.external_id)
        world.objects[team] = {
            "call": first, "operator": operator, "team": operator.team,
            "evaluation": evaluation, "score": evaluation.scores.first(),
            "calibration": calibration, "calibration_evaluation": calibration_evaluation,
            "exemplar": exemplar, "report": report, "training": training, "cycle": cycle,
            "dialog": dialog,
        }
    # Teaching material across teams: a trainer's report on an operator of team A (its moments
    # come from every call) and a team A training with team B's kept moment. Their words are
    # quoted to the readers on purpose; a link to a call the reader may not open never is.
    report_share(report=report_generate(operator=world.operator_a,
                                        date_from=today - timedelta(days=30), date_to=today,
                                        created_by=trainer), user=trainer)
    world.objects["a"]["training"] = training_create(
        topic="Обучение по чужому образцу", skill=skill, team=world.operator_a.team,
        held_on=today + timedelta(days=5), attendees=[world.operator_a],
        exemplars=[world.objects["b"]["exemplar"]], created_by=trainer, trainer=trainer)
    _change()  # before any page is read: the list of changes shows it
    world.objects["shared"] = {"skill": skill, "criterion": criterion, "objection": objection,
                               "block": block, "scorecard": scorecard, "goal": _goal()}
    _finding()  # before any page is read: the findings board counts it
    _department()  # before any walk: the count check compares two walks of the same world
    return world


# --- What to request ---------------------------------------------------------------------------

Objects = dict[str, Any]
Shared = dict[str, Any]
# URL name → its path parameters, filled with another team's objects (`Objects`).
Kwargs = Callable[[Objects, Shared], dict[str, Any]]


# Addresses whose parameters are another team's objects; the value builds the parameters.
OTHERS: dict[str, Kwargs] = {
    "calls:detail": lambda o, s: {"pk": o["call"].pk},
    "calls:retry": lambda o, s: {"pk": o["call"].pk},
    "calls:audio": lambda o, s: {"pk": o["call"].pk},
    "calls:segment-correct": lambda o, s: {"pk": o["call"].pk, "index": 0},
    "calls:segment-restore": lambda o, s: {"pk": o["call"].pk, "index": 0},
    "api-call-segment": lambda o, s: {"pk": o["call"].pk, "index": 0},
    "api-call-segment-correction": lambda o, s: {"pk": o["call"].pk, "index": 0},
    "api-call-detail": lambda o, s: {"pk": o["call"].pk},
    "api-call-retry": lambda o, s: {"pk": o["call"].pk},
    "api-call-tags": lambda o, s: {"pk": o["call"].pk},
    "api-call-tag-delete": lambda o, s: {"pk": o["call"].pk, "code": "audit-wait"},
    "coaching:evaluation": lambda o, s: {"pk": o["evaluation"].pk},
    "coaching:evaluation-score": lambda o, s: {"pk": o["evaluation"].pk,
                                               "score_pk": o["score"].pk},
    "coaching:evaluation-comment": lambda o, s: {"pk": o["evaluation"].pk},
    "coaching:evaluation-submit": lambda o, s: {"pk": o["evaluation"].pk},
    "coaching:calibration": lambda o, s: {"pk": o["calibration"].pk},
    "coaching:calibration-score": lambda o, s: {"pk": o["calibration"].pk,
                                                "call_pk": o["call"].pk},
    "coaching:calibration-close": lambda o, s: {"pk": o["calibration"].pk},
    "coaching:report-create": lambda o, s: {"code": o["operator"].code},
    "coaching:report": lambda o, s: {"pk": o["report"].pk},
    "coaching:report-share": lambda o, s: {"pk": o["report"].pk},
    "coaching:report-comment": lambda o, s: {"pk": o["report"].pk},
    "coaching:report-pdf": lambda o, s: {"pk": o["report"].pk},
    "coaching:cycle": lambda o, s: {"pk": o["cycle"].pk},
    "coaching:cycle-calls": lambda o, s: {"pk": o["cycle"].pk},
    "coaching:cycle-result": lambda o, s: {"pk": o["cycle"].pk},
    "coaching:cycle-cancel": lambda o, s: {"pk": o["cycle"].pk},
    "coaching:cycle-result-undo": lambda o, s: {"pk": o["cycle"].pk},
    "coaching-cycle": lambda o, s: {"pk": o["cycle"].pk},
    "coaching-cycle-result": lambda o, s: {"pk": o["cycle"].pk},
    "coaching-cycle-result-undo": lambda o, s: {"pk": o["cycle"].pk},
    "taxonomy:call-tag-add": lambda o, s: {"call_pk": o["call"].pk},
    "taxonomy:call-tag-remove": lambda o, s: {"call_pk": o["call"].pk, "code": "audit-wait"},
    "coaching:training": lambda o, s: {"pk": o["training"].pk},
    "coaching:training-edit": lambda o, s: {"pk": o["training"].pk},
    "coaching:training-held": lambda o, s: {"pk": o["training"].pk},
    "coaching:training-cancel": lambda o, s: {"pk": o["training"].pk},
    "coaching:exemplar-remove": lambda o, s: {"pk": o["exemplar"].pk},
    "coaching:competency": lambda o, s: {"code": o["operator"].code},
    "coaching:competency-calls": lambda o, s: {"code": o["operator"].code,
                                               "skill": s["skill"].code},
    "coaching:team": lambda o, s: {"pk": o["team"].pk},
    "coaching-competency": lambda o, s: {"code": o["operator"].code},
    # Annotation campaigns (calls/taxonomy/annotation/): admins and assigned annotators only.
    "taxonomy:annotation:campaign": lambda o, s: {"pk": _campaign(o).pk},
    "taxonomy:annotation:campaign-close": lambda o, s: {"pk": _campaign(o).pk},
    "taxonomy:annotation:campaign-apply": lambda o, s: {"pk": _campaign(o).pk},
    "taxonomy:annotation:tie-resolve": lambda o, s: {"pk": _campaign(o).pk,
                                                     "call_pk": o["call"].pk},
    "taxonomy:annotation:annotate": lambda o, s: {"pk": _campaign(o).pk, "call_pk": o["call"].pk},
    "taxonomy:annotation:audio": lambda o, s: {"pk": _campaign(o).pk, "call_pk": o["call"].pk},
    "api-annotation-campaign": lambda o, s: {"pk": _campaign(o).pk},
    "api-annotation-campaign-close": lambda o, s: {"pk": _campaign(o).pk},
    "api-annotation-campaign-apply": lambda o, s: {"pk": _campaign(o).pk},
    "api-annotation-tie": lambda o, s: {"pk": _campaign(o).pk, "call_pk": o["call"].pk},
    "api-annotation-item": lambda o, s: {"pk": _campaign(o).pk, "call_pk": o["call"].pk},
}

# Addresses whose parameters are shared objects (the library, the taxonomy, a review): nobody's
# team, so every viewer gets the same page; what it quotes must still follow the viewer.
SHARED: dict[str, Kwargs] = {
    "taxonomy:category-edit": lambda o, s: {"pk": _tag().category_id},
    "taxonomy:tag-edit": lambda o, s: {"pk": _tag().pk},
    "taxonomy:tag-retire": lambda o, s: {"pk": _tag().pk},
    "taxonomy:tag-activate": lambda o, s: {"pk": _tag().pk},
    "taxonomy:learning-enable": lambda o, s: {"code": "audit-wait"},
    "taxonomy:learning-disable": lambda o, s: {"code": "audit-wait"},
    "taxonomy:phrase-create": lambda o, s: {"tag_pk": _tag().pk},
    "taxonomy:phrase-edit": lambda o, s: {"pk": _tag().phrases.first().pk},
    "taxonomy:phrase-delete": lambda o, s: {"pk": _tag().phrases.first().pk},
    "api-tag-category-detail": lambda o, s: {"pk": _tag().category_id},
    "api-tag-detail": lambda o, s: {"code": _tag().code},
    "api-phrase-detail": lambda o, s: {"pk": _tag().phrases.first().pk},
    "library:theme-edit": lambda o, s: {"pk": s["objection"].theme_id},
    "library:objection": lambda o, s: {"pk": s["objection"].pk},
    "library:objection-edit": lambda o, s: {"pk": s["objection"].pk},
    "library:objection-activate": lambda o, s: {"pk": s["objection"].pk},
    "library:objection-retire": lambda o, s: {"pk": s["objection"].pk},
    "library:objection-history": lambda o, s: {"pk": s["objection"].pk},
    "library:objection-restore": lambda o, s: {"pk": s["objection"].pk,
                                                        "history_id": 1},
    "library:phrase-create": lambda o, s: {"objection_pk": s["objection"].pk},
    "library:phrase-edit": lambda o, s: {"pk": s["objection"].phrases.first().pk},
    "library:phrase-deactivate": lambda o, s: {"pk": s["objection"].phrases.first().pk},
    "library:phrase-activate": lambda o, s: {"pk": s["objection"].phrases.first().pk},
    "library:block-create": lambda o, s: {"objection_pk": s["objection"].pk},
    "library:block-edit": lambda o, s: {"pk": s["block"].pk},
    "library:block-retire": lambda o, s: {"pk": s["block"].pk},
    "library:block-activate": lambda o, s: {"pk": s["block"].pk},
    "library:block-up": lambda o, s: {"pk": s["block"].pk},
    "library:block-down": lambda o, s: {"pk": s["block"].pk},
    "library:block-history": lambda o, s: {"pk": s["block"].pk},
    "library:block-restore": lambda o, s: {"pk": s["block"].pk, "history_id": 1},
    "library:review": lambda o, s: {"pk": _review().pk},
    "library-review": lambda o, s: {"pk": _review().pk},
    "library:suggestion_calls": lambda o, s: {"pk": _review().suggestions.first().pk,
                                              "evidence": "calls"},
    "library:theme-delete": lambda o, s: {"pk": s["objection"].theme_id},
    "library:phrase-history": lambda o, s: {"pk": s["objection"].phrases.first().pk},
    "library:phrase-restore": lambda o, s: {"pk": s["objection"].phrases.first().pk,
                                            "history_id": 1},
    "coaching:scorecard": lambda o, s: {"pk": _scorecard().pk},
    "coaching:scorecard-edit": lambda o, s: {"pk": _scorecard().pk},
    "library:suggestion_decide": lambda o, s: {"pk": _review().suggestions.first().pk},
    "taxonomy:review": lambda o, s: {"pk": _taxonomy_review().pk},
    "taxonomy:review-apply": lambda o, s: {"pk": _taxonomy_review().pk},
    "taxonomy:suggestion-decide": lambda o, s: {"pk": _taxonomy_suggestion().pk},
    "taxonomy:suggestion-calls": lambda o, s: {"pk": _taxonomy_suggestion().pk,
                                               "evidence": "last"},
    "library:exemplar": lambda o, s: {"pk": o["dialog"].pk},
    "library:exemplar-delete": lambda o, s: {"pk": o["dialog"].pk},
    "calls:line-vocabulary": lambda o, s: {"pk": _line().pk},
    "calls:line-term-add": lambda o, s: {"pk": _line().pk},
    "calls:line-term-remove": lambda o, s: {"pk": _line().pk, "term_pk": 1},
    "calls:line-decoder-switch": lambda o, s: {"pk": _line().pk},
    "calls:line-term-calls": lambda o, s: {"pk": _line().pk},
    "voice_words:cue-create": lambda o, s: {"kind": _cue().cue_list.kind},
    "voice_words:cue-edit": lambda o, s: {"pk": _cue().pk},
    "voice_words:cue-delete": lambda o, s: {"pk": _cue().pk},
    # A finding (calls/departments/findings/) is nobody's team's: its calls, their customers'
    # words and the customers to call back must follow the viewer.
    "findings:detail": lambda o, s: {"pk": _finding().pk},
    "findings:start": lambda o, s: {"pk": _finding().pk},
    "findings:done": lambda o, s: {"pk": _finding().pk},
    "findings:decline": lambda o, s: {"pk": _finding().pk},
    "findings:due": lambda o, s: {"pk": _finding().pk},
    "findings:call-back": lambda o, s: {"pk": _finding().pk},
    "api-finding": lambda o, s: {"pk": _finding().pk},
    "api-finding-start": lambda o, s: {"pk": _finding().pk},
    "api-finding-done": lambda o, s: {"pk": _finding().pk},
    "api-finding-decline": lambda o, s: {"pk": _finding().pk},
    "api-finding-due": lambda o, s: {"pk": _finding().pk},
    "api-finding-callbacks": lambda o, s: {"pk": _finding().pk},
    # Departments (calls/departments/): every admin and manager reads them, a member their own;
    # their example calls are shown to each as far as they may open them.
    "departments:detail": lambda o, s: {"pk": _department().pk},
    "departments:edit": lambda o, s: {"pk": _department().pk},
    "departments:report-build": lambda o, s: {"pk": _department().pk},
    "departments:report": lambda o, s: {"pk": _department().pk, "week": _department_week()},
    "departments:report-pdf": lambda o, s: {"pk": _department().pk, "week": _department_week()},
    "departments:email-resend": lambda o, s: {"pk": _department().emails.get().pk},
    "api-department-alerts": lambda o, s: {"pk": _department().pk},
    "api-department-reports": lambda o, s: {"pk": _department().pk},
    "api-department-report": lambda o, s: {"pk": _department().pk, "week": _department_week()},
    # A change (calls/changes/) is nobody's team: its figures count the viewer's calls only.
    "changes:detail": lambda o, s: {"pk": _change().pk},
    "api-change": lambda o, s: {"pk": _change().pk},
    # A goal (calls/contacts/): a target, nobody's call; its figures follow the viewer.
    "contacts:goal-delete": lambda o, s: {"pk": s["goal"].pk},
}

# Addresses that show no call data: login, the schema, and /health/ (the anonymous probe's
# center-wide queue numbers, the same on the staff's /status/, which is audited).
WITHOUT_CALLS = {"login", "logout", "health", "schema", "swagger-ui", "sidebar:login",
                 "sidebar:logout"}


# Pages about a shared template that say whether it is in use anywhere («критерий с ответами
# нельзя удалить»): a fact about the template that names, quotes and counts no call; the count
# check below (deleting calls deletes their evaluations) would read it as a count.
TEMPLATE_IN_USE = {"coaching:scorecard", "coaching:scorecard-edit"}


def _tag() -> Any:
    from calls.models import Tag

    return Tag.objects.get(code="audit-wait")


def _change() -> Any:
    """A change ten days ago on the audit's tag: both windows hold the teams' calls."""
    from calls.models import Change

    change, created = Change.objects.get_or_create(
        title="Аудит: изменение", defaults={"changed_on": timezone.localdate() - timedelta(days=10)}
    )
    if created:
        change.tags.set([_tag()])
    return change
def _goal() -> Any:
    from django.utils import timezone

    from calls.models import ContactGoal

    today = timezone.localdate()
    goal = ContactGoal.objects.order_by("pk").first()
    if goal is None:
        goal = ContactGoal.objects.create(
            name="Аудит", metric=ContactGoal.Metric.REPEAT_RATE, target_change=-10,
            starts_on=today, ends_on=today + timedelta(days=30),
            created_by=UserFactory(username="audit-goal-setter", role=Role.ADMIN),
        )
    return goal


def _campaign(objects: Objects) -> Any:
    """An annotation campaign of the team's call, annotated by two annotators."""
    from calls.models import AnnotationCampaign, CampaignCall

    call = objects["call"]
    campaign, created = AnnotationCampaign.objects.get_or_create(name=f"Аудит {call.pk}")
    if created:
        campaign.annotators.set([UserFactory(username=f"audit-annotator-{call.pk}-{i}",
                                             role=Role.ANNOTATOR) for i in (1, 2)])
        CampaignCall.objects.create(campaign=campaign, call=call)
    return campaign


def _finding() -> Any:
    """A done finding about the waiting tag with every team's calls, each from its own customer
    (so every call is on the callback list of someone who may see it)."""
    from calls.models import Department, Finding

    finding = Finding.objects.filter(title="Аудит находки").first()
    if finding is None:
        department = Department.objects.get_or_create(code="audit-dev",
                                                      defaults={"name": "Аудит"})[0]
        finding = Finding.objects.create(
            title="Аудит находки", department=department, tag=_tag(),
            due_on=timezone.localdate(), status=Finding.Status.DONE, done_at=timezone.now(),
            created_by=UserFactory(username="audit-finder", role=Role.MANAGER))
        for call in Call.objects.all():
            Call.objects.filter(pk=call.pk).update(customer_key=f"audit-key-{call.pk}",
                                                   customer_phone_masked="+7 *** ***-00-00")
            finding.calls.add(call)
    return finding


def _department() -> Any:
    """A department sent two calls, team A's third and team B's second (never a team's first,
    which the audit asks for as another's object): in an alert with the customers' words, in a
    stored weekly report and in its e-mail."""
    from calls.departments.alerts import customer_quotes
    from calls.departments.reports import weekly_report
    from calls.departments.sharing import share_calls
    from calls.models import Department, DepartmentAlert, DepartmentReport, OutgoingEmail
    from calls.weeks import Week

    department, created = Department.objects.get_or_create(code="audit-dept",
                                                           defaults={"name": "Аудит-отдел"})
    if not created:
        return department
    department.tags.add(_tag())
    department.members.add(UserFactory(username="audit-department", role=Role.DEPARTMENT,
                                       email="dept@example.com"))
    sent = [Call.objects.get(external_id=f"ext{_marker('a', 2, 9)}").pk,
            Call.objects.get(external_id=f"ext{_marker('b', 1, 9)}").pk]
    share_calls(department=department, call_ids=sent, reason="alert")
    day = timezone.localdate() - timedelta(days=1)
    alert = DepartmentAlert.objects.create(
        department=department, tag=_tag(), day=day, count=6, threshold=3,
        threshold_source=DepartmentAlert.ThresholdSource.LEARNED, usual_daily=0.0,
        quotes=customer_quotes(_tag(), sent))
    alert.calls.set(sent)
    content = weekly_report(department=department, week=Week.of(day)).content
    for section in ("new_customers", "repeat_reasons", "problems"):
        for item in content[section]:
            item["examples"] = sent
    content["call_ids"] = sent
    report = DepartmentReport.objects.create(department=department, week=Week.of(day).monday,
                                             content=content)
    OutgoingEmail.objects.create(department=department, report=report, to="dept@example.com",
                                 subject="Отчёт", text="…", next_attempt_at=timezone.now(),
                                 status=OutgoingEmail.Status.FAILED, attempts=8)
    return department


def _department_week() -> str:
    return str(_department().reports.get().content["week"])


def _line() -> Any:
    from calls.models import Line

    return Line.objects.order_by("pk").first()


def _cue() -> Any:
    from calls.models import Cue, CueKind, CueList

    cue_list, _ = CueList.objects.get_or_create(kind=CueKind.ESCALATION)
    return Cue.objects.get_or_create(cue_list=cue_list, text="сколько можно")[0]


def _scorecard() -> Any:
    from coaching.models import ScorecardTemplate

    return ScorecardTemplate.objects.order_by("pk").first()


def _review() -> Any:
    from scripts_library.models import LibraryReview

    return LibraryReview.objects.get()


def _taxonomy_review() -> Any:
    from calls.models import TaxonomyReview

    return TaxonomyReview.objects.get()


def _taxonomy_suggestion() -> Any:
    return _taxonomy_review().suggestions.get(payload__code="audit-stale")


def _names(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace == "admin":
                continue  # Django's admin: admins only, who see everything.
            yield from _names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def product_addresses() -> dict[str, URLPattern]:
    return dict(_names(get_resolver().url_patterns))


def test_every_address_is_audited() -> None:
    unaudited = set(product_addresses()) - set(OTHERS) - set(SHARED) - WITHOUT_CALLS
    # Addresses without parameters are audited as they are (with the query strings below).
    unaudited = {name for name in unaudited if product_addresses()[name].pattern.converters}
    assert not unaudited, f"Give these addresses their parameters in this audit: {unaudited}"


# --- The audit ---------------------------------------------------------------------------------


def _queries(name: str, others: Objects, shared: Shared) -> list[dict[str, Any]]:
    """Query strings a page is asked with: none, another team's filters by id and by code, and
    the filters that open the page's own lists (the calls behind each of its numbers)."""
    from coaching.casereview.evidence import CallList
    from coaching.exemplars.queries import Kind

    today = timezone.localdate()
    period = {"date_from": (today - timedelta(days=60)).isoformat(),
              "date_to": today.isoformat()}
    team = {"team": others["team"].pk}
    queries: list[dict[str, Any]] = [
        {},
        {**period, **team, "operator": others["operator"].pk,
         "call": others["call"].pk, "skill": shared["skill"].pk,
         "objection": shared["objection"].pk, "block": shared["block"].pk,
         "theme": shared["objection"].theme_id, "tag": "audit-wait", "status": "shown",
         "text": "слишком дорого", "speaker": "customer", "max_gap": 1, "window_kind": "none"},
        {**period, "operator": others["operator"].code, "skill": shared["skill"].code,
         "objection": shared["objection"].code, "line": "sales", "status": "not_shown",
         "cohort": "new", "list": "objections", "kind": "found", "side": "before"},
    ]
    week = {"date": today.isoformat()}
    if name in ("coaching:case-review", "coaching:case-review-print"):
        queries += [week, {**week, **team}]
    elif name == "coaching:case-review-calls":
        queries += [{**week, **where, "list": kind.value, "objection": shared["objection"].pk,
                     "skill": shared["skill"].pk} for kind in CallList for where in ({}, team)]
    elif name == "coaching:cohort-calls":
        queries += [{**period, **where, "cohort": cohort, "skill": shared["skill"].code,
                     "status": status} for cohort in ("new", "experienced")
                    for status in ("shown", "not_shown", "applicable") for where in ({}, team)]
    elif name in ("coaching:cohorts", "coaching:gaps", "coaching:teams", "coaching:cycles"):
        queries += [{**period}, {**period, **team}, {**team}]
    elif name == "coaching:exemplars":
        queries += [{**period, "kind": kind.value} for kind in Kind]
    elif name in ("calls:list", "api-calls"):
        queries += [{"tag": "audit-wait"}, {"operator": others["operator"].code},
                    {"outcome": "sale"}, period]
    elif name in ("library:metrics", "library:metrics_calls", "library-metrics"):
        objection = shared["objection"].code
        queries += [{**period, "objection": objection}, {**period, **team, "objection": objection},
                    {**period, "objection": objection, "repeated": "on"},
                    {**period, "objection": objection, "without": "on"},
                    {**period, "block": shared["block"].pk}, {**period, "outcome": "sale",
                                                               "objection": objection}]
    elif name == "coaching:exemplar-save":
        queries += [{"call": others["call"].pk, "start": 0}]
    return queries


def _forbidden(viewer: User, world: World) -> dict[str, str]:
    """Each token that must not reach this viewer → the call it belongs to, for the message."""
    visible = set(Call.objects.visible_to(viewer).values_list("pk", flat=True))
    tokens: dict[str, str] = {}
    for team, calls in world.calls.items():
        for index, call in enumerate(calls):
            if call.pk in visible:
                continue
            what = f"call {call.pk} ({call.operator.code})"
            for turn in [*range(len(TURNS)), 7]:
                tokens[_marker(team, index, turn)] = what
            tokens[call.external_id] = what
            tokens[f"/calls/{call.pk}/"] = what
    return tokens


def _deliberately_quoted(viewer: User) -> set[str]:
    """The markers coaching quotes on purpose (docs/coaching.md), as words without a link to a
    call the reader may not open: a trainer's kept exemplar (the teaching material of maps,
    reports and trainings) and the moments a report's author chose for its readers."""
    from coaching.reports.queries import reports_visible_to

    quoted: set[str] = set()
    for exemplar in Exemplar.objects.select_related("call"):
        end = exemplar.end if exemplar.end is not None else exemplar.start + 30
        for segment in exemplar.call.segments.filter(start__lt=end, end__gt=exemplar.start):
            quoted.update(word for word in segment.text.split() if word.startswith("qx"))
    for report in reports_visible_to(viewer):
        quoted.update(word.strip('",.') for word in json.dumps(report.content).split()
                      if word.startswith("qx"))
    return quoted


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _leaks(response: Any, forbidden: dict[str, str], allowed: set[str]) -> list[str]:
    body = _body(response)
    return sorted({f"{token} of {what}" for token, what in forbidden.items()
                   if token not in allowed and token in body})


def _audit(viewer: User, world: World, other_teams: list[str], own_team: str | None = None,
           skip: frozenset[str] = frozenset()) -> list[str]:
    """Faults of every address: another team's objects must be a 403/404/405 (GET and POST)
    and quote nothing; the viewer's own team's objects (GET: a page of one's own call, report,
    cycle…) and every list page, with either team's filters, must quote no invisible call."""
    client = Client()
    client.force_login(viewer)
    forbidden = _forbidden(viewer, world)
    allowed = _deliberately_quoted(viewer)
    shared = world.objects["shared"]
    faults: list[str] = []

    def check(method: str, url: str, name: str, data: dict[str, Any] | None = None,
              foreign: bool = False) -> None:
        response = getattr(client, method)(url, data or {})
        if foreign and response.status_code not in (403, 404, 405):
            faults.append(f"{method.upper()} {url} ({name}) → {response.status_code}, "
                          "not 404, for another's object")
        faults.extend(f"{method.upper()} {url} ({name}) shows {leak}"
                      for leak in _leaks(response, forbidden, allowed))

    for name, pattern in product_addresses().items():
        if name in skip:
            continue
        for team in other_teams:
            others = world.objects[team]
            if name in OTHERS:
                url = reverse(name, kwargs=OTHERS[name](others, shared))
                check("get", url, name, foreign=True)
                check("post", url, name, foreign=True)
            elif name in SHARED:
                url = reverse(name, kwargs=SHARED[name](others, shared))
                check("get", url, name)
            elif not pattern.pattern.converters and name not in WITHOUT_CALLS:
                url = reverse(name)
                for query in _queries(name, others, shared):
                    check("get", url, name, query)
        if own_team is not None:
            own = world.objects[own_team]
            if name in OTHERS:
                # Panels and lists on one's own pages may quote other calls: none invisible.
                check("get", reverse(name, kwargs=OTHERS[name](own, shared)), name)
            elif not pattern.pattern.converters and name not in WITHOUT_CALLS:
                for query in _queries(name, own, shared)[1:]:
                    check("get", reverse(name), name, query)
    return faults


@pytest.fixture
def world() -> World:
    return _build()


def _department_member() -> User:
    return _department().members.get()


def test_a_department_member_sees_exactly_the_calls_sent_to_it(world: World) -> None:
    member = _department_member()
    sent = {world.calls["a"][2].pk, world.calls["b"][1].pk}
    assert set(Call.objects.visible_to(member).values_list("pk", flat=True)) == sent
    client = Client()
    client.force_login(member)
    for calls in world.calls.values():
        for call in calls:
            status = client.get(f"/calls/{call.pk}/").status_code
            assert status == (200 if call.pk in sent else 404), call.pk
    assert _marker("a", 2, 1) in client.get(reverse("departments:mine")).content.decode()


def test_the_markers_reach_those_who_may_see_the_call(world: World) -> None:
    """The audit can find what it looks for: a team's own call shows its markers."""
    client = Client()
    client.force_login(world.manager_a)
    body = client.get(f"/calls/{world.calls['a'][2].pk}/").content.decode()
    assert _marker("a", 2, 1) in body
    client.force_login(world.operator_a.user)
    body = client.get(f"/calls/{world.calls['a'][0].pk}/").content.decode()
    assert _marker("a", 0, 1) in body and world.calls["a"][0].external_id in body


@pytest.mark.parametrize("viewer", ["manager_empty", "manager_a", "operator_a", "operator_b",
                                    "without_role", "annotator", "department"])
def test_no_page_or_api_shows_calls_the_viewer_may_not_see(world: World, viewer: str) -> None:
    user = {"manager_empty": world.manager_empty, "manager_a": world.manager_a,
            "operator_a": world.operator_a.user, "operator_b": world.operator_b.user,
            "without_role": UserFactory(username="audit-nobody"),
            # Someone who only annotates, in no campaign yet: no call of anyone's.
            "annotator": UserFactory(username="audit-annotator", role=Role.ANNOTATOR),
            # A department member sent two calls (one of each team): those and nothing else.
            "department": _department_member}[viewer]
    if callable(user):
        user = user()
    other_teams = {"manager_empty": ["a", "b"], "operator_b": ["a"], "department": ["a", "b"],
                   "without_role": ["a", "b"], "annotator": ["a", "b"]}.get(viewer, ["b"])
    own_team = {"manager_a": "a", "operator_a": "a", "operator_b": "b"}.get(viewer)
    faults = _audit(user, world, other_teams, own_team)
    assert not faults, "\n".join(dict.fromkeys(faults))


# --- Counts: a page must not change when calls its viewer may not see come or go -------------

_VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'data-csrf="[^"]*"'),
    # The status page's clock and database timing: «Проверено … 23:35:48», «работает (0,1 мс)».
    re.compile(r"\d\d:\d\d:\d\d"),
    re.compile(r"\(\d+,\d+ мс\)"),
]


def _normal(body: str) -> str:
    for pattern in _VOLATILE:
        body = pattern.sub("", body)
    return body


def _pages(viewer: User, world: World, other_teams: list[str],
           own_team: str | None) -> dict[str, str]:
    client = Client()
    client.force_login(viewer)
    shared = world.objects["shared"]
    bodies = {}
    for name, pattern in product_addresses().items():
        if name in WITHOUT_CALLS or name in TEMPLATE_IN_USE:
            continue
        if name in OTHERS:
            if own_team is not None:  # one's own call, report, cycle, team, map…
                url = reverse(name, kwargs=OTHERS[name](world.objects[own_team], shared))
                response = client.get(url)
                bodies[f"GET {url} ({name}) → {response.status_code}"] = _normal(_body(response))
            continue
        if pattern.pattern.converters and name not in SHARED:
            continue
        for team in other_teams:
            for query in _queries(name, world.objects[team], shared):
                url = reverse(name, kwargs=SHARED[name](world.objects[team], shared)
                              if name in SHARED else None)
                response = client.get(url, query)
                key = f"GET {url}?{urlencode(query)} ({name}) → {response.status_code}"
                bodies[key] = _normal(_body(response))
    return bodies


def _differences(before: dict[str, str], after: dict[str, str]) -> list[str]:
    faults = []
    for key, body in before.items():
        if after.get(key) == body:
            continue
        diff = [line for line in difflib.unified_diff(
            body.splitlines(), after.get(key, "").splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        faults.append(f"{key} changes:\n    " + "\n    ".join(diff[:8]))
    return faults


@pytest.mark.parametrize("viewer", ["manager_empty", "manager_a", "operator_a", "operator_b",
                                    "without_role", "annotator", "department"])
def test_no_page_counts_calls_the_viewer_may_not_see(world: World, viewer: str) -> None:
    """Every page without parameters is the same whether or not the calls the viewer may not
    see exist: no count, total or chart includes them."""
    user = {"manager_empty": world.manager_empty, "manager_a": world.manager_a,
            "operator_a": world.operator_a.user, "operator_b": world.operator_b.user,
            "without_role": UserFactory(username="audit-nobody"),
            # Someone who only annotates, in no campaign yet: no call of anyone's.
            "annotator": UserFactory(username="audit-annotator", role=Role.ANNOTATOR),
            "department": _department_member}[viewer]
    if callable(user):
        user = user()
    other_teams = {"manager_empty": ["a", "b"], "operator_b": ["a"], "department": ["a", "b"],
                   "without_role": ["a", "b"], "annotator": ["a", "b"]}.get(viewer, ["b"])
    own_team = {"manager_a": "a", "operator_a": "a", "operator_b": "b"}.get(viewer)
    day = timezone.localdate()
    before = _pages(user, world, other_teams, own_team)
    # Kept here, as quoted or counted on purpose (docs/coaching.md): the call of a trainer's kept
    # exemplar (teaching material, quoted without a link) and, for an operator, the team's calls
    # (the team median beside their own score, without any colleague's number).
    invisible = (Call.objects.exclude(pk__in=Call.objects.visible_to(user))
                 .exclude(pk__in=Exemplar.objects.values("call")))
    if own_team is not None and user.groups.filter(name=Role.OPERATOR).exists():
        invisible = invisible.exclude(operator__team=world.objects[own_team]["team"])
    assert invisible.exists()
    invisible.delete()
    after = _pages(user, world, other_teams, own_team)
    if timezone.localdate() != day:
        # Pages count by local day («сегодня», the default periods): across midnight the two
        # walks cannot be compared, and a rerun can.
        pytest.skip("the local day changed between the two walks")
    faults = _differences(before, after)
    assert not faults, "\n".join(dict.fromkeys(faults))
