"""The demo's calls to action: the departments that fix causes, a finding handed to each, and the
manager's goal on repeat contacts — so that the departments, findings and goals pages of a fresh
`make run` show how a complaint leaves the call center, not empty tables.

Run after the people, lines, taxonomy and calls are in (`load_demo`). Safe to run again: each
row is looked up by its natural key first (a finding by its title, the goal by its name), so
what people have since changed is left as it is; only a demo finding or goal that is gone is
created again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction

from calls.contacts.goals import goal_create
from calls.departments.findings.services import finding_open, finding_start
from calls.models import Call, ContactGoal, Department, Finding, Line, Tag, TagCategory


@dataclass(frozen=True)
class DemoDepartment:
    code: str
    name: str
    description: str
    categories: tuple[str, ...]
    member: str


@dataclass(frozen=True)
class DemoFinding:
    title: str
    description: str
    department: str
    tag: str
    calls: tuple[str, ...]
    due_in_days: int
    # The department has already taken it: the board shows one open and one in progress.
    started: bool


# Members are the demo logins of role «Сотрудник отдела» (calls/demo/seed.py DEMO_ACCOUNTS).
DEMO_DEPARTMENTS: tuple[DemoDepartment, ...] = (
    DemoDepartment("logistics", "Логистика",
                   "Курьерская служба и склад: сроки, перенос и комплектность доставки.",
                   ("Доставка",), member="logistics"),
    DemoDepartment("billing", "Биллинг",
                   "Платежи, возвраты, бонусные карты и промокоды.",
                   ("Оплата",), member="billing"),
)

DEMO_FINDINGS: tuple[DemoFinding, ...] = (
    DemoFinding(
        "Курьеры не предупреждают, что доставка переносится",
        "Клиент ждал холодильник в обещанный день, никто не позвонил; через неделю он "
        "позвонил снова.",
        department="logistics", tag="delivery_delay", calls=("demo-001",), due_in_days=5,
        started=False,
    ),
    DemoFinding(
        "Двойное списание за один заказ",
        "Деньги за заказ списываются дважды; клиенту приходится звонить и ждать возврата.",
        department="billing", tag="double_charge", calls=("demo-002",), due_in_days=10,
        started=True,
    ),
)

DEMO_GOAL = "−15% повторных обращений по доставке за квартал"


@dataclass
class DemoActionsReport:
    departments: int = 0
    findings: int = 0
    goals: int = 0


def _department(spec: DemoDepartment) -> tuple[Department, bool]:
    department, created = Department.objects.get_or_create(
        code=spec.code, defaults={"name": spec.name, "description": spec.description}
    )
    if created:
        department.categories.set(TagCategory.objects.filter(name__in=spec.categories))
    member = User.objects.filter(username=spec.member).first()
    if member is not None:
        department.members.add(member)
    return department, created


@transaction.atomic
def demo_load_actions(*, today: date) -> DemoActionsReport:
    """Departments with their members, a finding for each, the manager's goal; see the module."""
    report = DemoActionsReport()
    manager = User.objects.filter(username="manager").first()
    departments: dict[str, Department] = {}
    for department_spec in DEMO_DEPARTMENTS:
        departments[department_spec.code], created = _department(department_spec)
        report.departments += created
    if manager is None:
        return report
    for demo in DEMO_FINDINGS:
        if Finding.objects.filter(title=demo.title).exists():
            continue
        department = departments[demo.department]
        finding = finding_open(
            title=demo.title, description=demo.description, department=department,
            due_on=today + timedelta(days=demo.due_in_days), by=manager,
            tag=Tag.objects.filter(code=demo.tag).first(),
            call_ids=Call.objects.filter(external_id__in=demo.calls).values_list("pk", flat=True),
        )
        member = department.members.first()
        if demo.started and member is not None:
            finding_start(finding=finding, by=member)
        report.findings += 1
    delivery = Line.objects.filter(code="delivery").first()
    if delivery is not None and not ContactGoal.objects.filter(name=DEMO_GOAL).exists():
        goal_create(
            name=DEMO_GOAL, metric=ContactGoal.Metric.REPEAT_RATE, target_change=-15,
            line=delivery, starts_on=today - timedelta(days=30),
            ends_on=today + timedelta(days=60), created_by=manager,
        )
        report.goals += 1
    return report
