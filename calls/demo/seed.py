"""The demo contact center: its people, teams, lines and the synthesized calls.

Every function here is safe to run again: rows are looked up by their natural key first, and an
existing user keeps the password it has (someone may have changed it on purpose).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from calls.demo.dialogs import AUDIO_DIR, DEMO_TZ, Dialog
from calls.ingestion import CallMetadata, IngestResult, call_ingest_audio
from calls.models import Call, Line, Operator, Team
from project.roles import Role, ensure_roles

# One password for every demo login, so the Makefile can print a single short table. It passes
# Django's validators (length, common list, similarity to the user names).
DEMO_PASSWORD = "slyshu-demo-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    first_name: str
    last_name: str
    superuser: bool = False


@dataclass(frozen=True)
class DemoOperatorSpec:
    code: str
    first_name: str
    last_name: str
    team: str
    hired_days_ago: int

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


TEAM_DELIVERY = "Доставка и оплата"
TEAM_SERVICE = "Сервис и продажи"

# The order here is the order the credentials are printed in.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", Role.ADMIN, "Администратор", "", superuser=True),
    DemoAccount("manager", Role.MANAGER, "Елена", "Кузнецова"),
    DemoAccount("trainer", Role.TRAINER, "Ольга", "Никитина"),
    # Tags calls in annotation campaigns and sees nothing else (docs/annotation.md).
    DemoAccount("annotator", Role.ANNOTATOR, "Ирина", "Смирнова"),
    # Members of the demo departments (calls/demo/actions.py): their alerts, reports, findings
    # and only the calls sent to them (docs/departments.md).
    DemoAccount("logistics", Role.DEPARTMENT, "Павел", "Морозов"),
    DemoAccount("billing", Role.DEPARTMENT, "Светлана", "Белова"),
)
# Operators' user names are their codes, as the telephony knows them (dialogs.json "operator").
# Dmitry is the newcomer, so new-vs-experienced comparisons have someone on each side.
DEMO_OPERATORS: tuple[DemoOperatorSpec, ...] = (
    DemoOperatorSpec("anna", "Анна", "Соколова", TEAM_DELIVERY, hired_days_ago=3 * 365),
    DemoOperatorSpec("igor", "Игорь", "Волков", TEAM_DELIVERY, hired_days_ago=500),
    DemoOperatorSpec("maria", "Мария", "Лебедева", TEAM_SERVICE, hired_days_ago=2 * 365),
    DemoOperatorSpec("dmitry", "Дмитрий", "Орлов", TEAM_SERVICE, hired_days_ago=45),
)
# (code, name, operator channel): every demo recording has the operator on the left.
DEMO_LINES: tuple[tuple[str, str, str], ...] = (
    ("delivery", "Доставка", Line.Channel.LEFT),
    ("payments", "Оплата", Line.Channel.LEFT),
    ("sales", "Продажи", Line.Channel.LEFT),
    ("support", "Поддержка", Line.Channel.LEFT),
)


@dataclass(frozen=True)
class SeededUser:
    username: str
    role: Role
    created: bool


@dataclass(frozen=True)
class DemoPeople:
    users: list[SeededUser]
    teams: list[Team]
    operators: list[Operator]


@dataclass
class DemoCallsReport:
    created: list[Call] = field(default_factory=list)
    existing: list[Call] = field(default_factory=list)


def demo_credentials() -> list[tuple[str, str, Role]]:
    """(username, password, role) of every demo login, in the order people should try them."""
    logins = [(account.username, DEMO_PASSWORD, account.role) for account in DEMO_ACCOUNTS]
    logins += [(spec.code, DEMO_PASSWORD, Role.OPERATOR) for spec in DEMO_OPERATORS]
    return logins


def _demo_user(
    *, username: str, role: Role, first_name: str, last_name: str, superuser: bool = False
) -> SeededUser:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name, "last_name": last_name, "is_staff": superuser,
            "is_superuser": superuser,
            # An address on a reserved domain, so mail to the demo people (the manager's control
            # re-listen reminders) goes out through the console backend instead of nowhere.
            "email": f"{username}@slyshu.example",
        },
    )
    if created:
        validate_password(DEMO_PASSWORD, user)
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role.value))
    return SeededUser(username=username, role=role, created=created)


@transaction.atomic
def demo_seed_people(*, today: date | None = None) -> DemoPeople:
    """Role groups, the demo logins, two teams under the manager and four operators."""
    today = today or timezone.localdate(timezone=DEMO_TZ)
    ensure_roles()
    users = [
        _demo_user(
            username=account.username, role=account.role, first_name=account.first_name,
            last_name=account.last_name, superuser=account.superuser,
        )
        for account in DEMO_ACCOUNTS
    ]
    manager = User.objects.get(username="manager")
    teams: dict[str, Team] = {}
    for name in (TEAM_DELIVERY, TEAM_SERVICE):
        teams[name], _created = Team.objects.get_or_create(name=name, defaults={"manager": manager})

    operators = []
    for spec in DEMO_OPERATORS:
        users.append(_demo_user(
            username=spec.code, role=Role.OPERATOR, first_name=spec.first_name,
            last_name=spec.last_name,
        ))
        operator, _created = Operator.objects.get_or_create(
            code=spec.code, defaults={"display_name": spec.display_name}
        )
        # An ingestion may have created the operator first, knowing only the code: fill in the
        # rest, but never overwrite what an admin has set.
        changed: list[str] = []
        if operator.user_id is None and not Operator.objects.filter(
            user__username=spec.code
        ).exists():
            operator.user = User.objects.get(username=spec.code)
            changed.append("user")
        if operator.display_name in ("", spec.code):
            operator.display_name = spec.display_name
            changed.append("display_name")
        if operator.team_id is None:
            operator.team = teams[spec.team]
            changed.append("team")
        if operator.hired_on is None:
            operator.hired_on = today - timedelta(days=spec.hired_days_ago)
            changed.append("hired_on")
        if changed:
            operator.save(update_fields=changed)
        operators.append(operator)
    return DemoPeople(users=users, teams=list(teams.values()), operators=operators)


@transaction.atomic
def demo_seed_lines() -> list[Line]:
    lines = []
    for code, name, channel in DEMO_LINES:
        line, created = Line.objects.get_or_create(
            code=code, defaults={"name": name, "operator_channel": channel}
        )
        if not created and line.name == code:
            # Named after its code by an ingestion that got here first.
            line.name = name
            line.save(update_fields=["name"])
        lines.append(line)
    return lines


def demo_ingest_calls(
    *,
    dialogs: Sequence[Dialog],
    audio_dir: Path = AUDIO_DIR,
    today: date | None = None,
    on_result: Callable[[Dialog, IngestResult], None] | None = None,
) -> DemoCallsReport:
    """Take every demo recording in like an import would; a call already there is left alone.

    Each new call is queued for transcription when its own transaction commits.
    """
    today = today or timezone.localdate(timezone=DEMO_TZ)
    missing = [dialog.filename for dialog in dialogs if not (audio_dir / dialog.filename).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Demo audio missing in {audio_dir}: {', '.join(missing)} (run synth_demo)"
        )
    report = DemoCallsReport()
    for dialog in dialogs:
        result = call_ingest_audio(
            audio=audio_dir / dialog.filename,
            filename=dialog.filename,
            metadata=CallMetadata(
                external_id=dialog.id,
                line=dialog.line,
                direction=dialog.direction,
                started_at=dialog.started_at(today=today),
                operator=dialog.operator,
                customer_phone=dialog.customer_phone,
                outcome=dialog.outcome,
            ),
            source=Call.Source.IMPORT,
        )
        (report.created if result.created else report.existing).append(result.call)
        if on_result is not None:
            on_result(dialog, result)
    return report
