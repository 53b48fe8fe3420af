"""Data for the issue 19 benchmarks (calls to action): N analysed calls over 60 days with every
row the dashboard's figures, the weekly reports and the before/after comparison read.

Builds on bench_taxonomy_scale.create_data (lines, operators, tags, calls, call tags), then:
- the calls' start times put in the order of their ids, as calls arrive in a contact center
  (create_data draws each call's time at random, so that neighbouring ids are days apart; a
  period's calls then sit on pages all over the table, which no archive built by arrival has —
  `--random-order` in bench_dashboard.py keeps create_data's order to measure that worst case);
- the 50 operators split into 5 teams, each with its manager (user «bench-manager-<n>»);
- customer keys: about three calls per customer over the 60 days (a keyed hash in the product;
  here a plain key), so that roughly a quarter of the calls are repeats within 7 days;
- the rows below written in call order, as the analysers write them when calls arrive;
- ContactLink for every call (first / transfer within 15 minutes / repeat within 7 days, and
  came_back on the earlier call), computed here in one pass over the calls in customer order —
  the product's own linking (calls/contacts/links.py) is measured by its own benchmark;
- CallEmotion for every call (≈8% hot), CallVoice for ≈95% (silence_share 0.02–0.45),
  CallResolution for ≈90% (≈70% of all resolved, at a second within the call);
- a department and 40 findings in every status, some overdue.

Used by tests/benchmarks/bench_dashboard.py; run with ``--calls N`` there.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from tests.benchmarks.bench_taxonomy_scale import create_data

TEAMS = 5
CALLS_PER_CUSTOMER = 3
HOT_SHARE = 0.08
RESOLVED_SHARE = 0.70
BATCH = 5000


def _teams() -> None:
    from django.contrib.auth.models import Group, User

    from calls.models import Operator, Team
    from project.roles import Role

    managers = Group.objects.get_or_create(name=Role.MANAGER.value)[0]
    operators = list(Operator.objects.filter(code__startswith="bench").order_by("pk"))
    for number in range(TEAMS):
        manager = User.objects.create(username=f"bench-manager-{number}")
        manager.groups.add(managers)
        team = Team.objects.create(name=f"Команда {number}", manager=manager)
        Operator.objects.filter(pk__in=[op.pk for op in operators[number::TEAMS]]).update(
            team=team
        )


def _customers(calls: int, rng: random.Random) -> None:
    """A customer drawn at random for each call (about CALLS_PER_CUSTOMER calls each): the
    calls of one customer fall anywhere in the 60 days, some within a week of each other."""
    from django.db import connection, transaction

    from calls.models import Call

    customers = max(1, calls // CALLS_PER_CUSTOMER)
    ids = list(Call.objects.order_by("pk").values_list("pk", flat=True))
    table = connection.ops.quote_name(Call._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET customer_key = %s WHERE id = %s",
            [(f"bench-customer-{rng.randrange(customers)}", pk) for pk in ids],
        )


def _arrival_order() -> None:
    """Give the calls, in id order, the same start times sorted: ids follow time."""
    from django.db import connection, transaction

    from calls.models import Call

    ids = list(Call.objects.order_by("pk").values_list("pk", flat=True))
    times = sorted(Call.objects.values_list("started_at", flat=True))
    table = connection.ops.quote_name(Call._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET started_at = %s WHERE id = %s", list(zip(times, ids, strict=True))
        )


def _links(rows: list[tuple[int, str, Any]]) -> list[Any]:
    from django.conf import settings

    from calls.models import ContactLink

    transfer = timedelta(minutes=settings.REPEAT_TRANSFER_MINUTES)
    window = timedelta(days=settings.REPEAT_WINDOW_DAYS)
    links: list[ContactLink] = []
    previous: tuple[int, str, Any] | None = None
    previous_link: ContactLink | None = None
    for call_id, customer, started_at in rows:
        if previous is None or previous[1] != customer:
            link = ContactLink(call_id=call_id, kind=ContactLink.Kind.FIRST,
                               started_at=started_at)
        else:
            gap = started_at - previous[2]
            if gap <= transfer:
                kind = ContactLink.Kind.TRANSFER
            elif gap <= window:
                kind = ContactLink.Kind.REPEAT
            else:
                kind = ContactLink.Kind.FIRST
            link = ContactLink(
                call_id=call_id, kind=kind, previous_id=previous[0],
                gap_seconds=gap.total_seconds(), started_at=started_at,
                repeat_of_id=previous[0] if kind == ContactLink.Kind.REPEAT else None,
            )
            if kind == ContactLink.Kind.REPEAT and previous_link is not None:
                previous_link.came_back = True
        links.append(link)
        previous, previous_link = (call_id, customer, started_at), link
    return links


def _findings(rng: random.Random) -> int:
    from django.contrib.auth.models import User
    from django.utils import timezone

    from calls.models import Department, Finding, Line, Tag

    department = Department.objects.create(name="Логистика (бенчмарк)", code="bench-logistics")
    author = User.objects.get(username="bench-manager-0")
    today = timezone.localdate()
    tags = list(Tag.objects.filter(code__startswith="bench_")[:10])
    lines = list(Line.objects.filter(code__startswith="bench"))
    statuses = list(Finding.Status)
    findings = [
        Finding(
            title=f"Находка {n}", department=department, tag=rng.choice(tags),
            line=rng.choice(lines + [None]), status=statuses[n % len(statuses)],
            due_on=today + timedelta(days=rng.randint(-10, 20)), created_by=author,
        )
        for n in range(40)
    ]
    Finding.objects.bulk_create(findings)
    return len(findings)


def create_action_data(*, calls: int, tags_per_call: float = 3.0, seed: int = 11,
                       arrival_order: bool = True) -> dict[str, int]:
    from django.db import transaction
    from django.utils import timezone

    from calls.models import Call, CallEmotion, CallResolution, CallVoice, ContactLink

    made = create_data(calls=calls, tags_per_call=tags_per_call)
    rng = random.Random(seed)
    now = timezone.now()
    if arrival_order:
        _arrival_order()
    with transaction.atomic():
        _teams()
    _customers(calls, rng)
    rows = list(
        Call.objects.order_by("customer_key", "started_at", "pk").values_list(
            "pk", "customer_key", "started_at", "duration"
        )
    )
    links = sorted(_links([(pk, customer, started_at) for pk, customer, started_at, _ in rows]),
                   key=lambda link: link.call_id)
    rows.sort()
    emotions, voices, resolutions = [], [], []
    for pk, _customer, _started_at, duration in rows:
        hot = rng.random() < HOT_SHARE
        emotions.append(CallEmotion(
            call_id=pk, analysed_at=now, emotion="irritated" if hot else "neutral",
            score=rng.random(), hot=hot, hot_score=rng.random(), voice_heard=True,
        ))
        if rng.random() < 0.95:
            voices.append(CallVoice(call_id=pk, analysed_at=now, heard=True,
                                    silence_share=rng.uniform(0.02, 0.45)))
        if rng.random() < 0.9:
            resolved = rng.random() < RESOLVED_SHARE / 0.9
            resolutions.append(CallResolution(
                call_id=pk, analysed_at=now, resolved=resolved,
                resolved_at=rng.uniform(10, duration) if resolved else None,
            ))
    for model_rows in (links, emotions, voices, resolutions):
        for offset in range(0, len(model_rows), BATCH):
            with transaction.atomic():
                type(model_rows[0]).objects.bulk_create(model_rows[offset:offset + BATCH])
    made.update(
        contact_links=len(links),
        repeats=sum(1 for link in links if link.kind == ContactLink.Kind.REPEAT),
        hot=sum(1 for emotion in emotions if emotion.hot),
        voices=len(voices),
        resolutions=len(resolutions),
        findings=_findings(rng),
    )
    return made
