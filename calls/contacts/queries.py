"""Reads over contact links: why customers come back.

«Основная причина повторных обращений» is read from the repeats themselves: the repeat calls of a
set of calls (a period, a line, a person's visible calls), grouped by the tags of the earlier call
each one repeats — what the customer first called about and was not settled. A repeat counts once
per tag of its earlier call; `same_tag` says how many came back about that same tag again.
Counting the repeats that happened (rather than the share of a period's calls that will bring
customers back) needs no repeat window to close, so last week's report can say it on Monday.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils.translation import gettext as _

from calls.metrics.definitions import FCR
from calls.models import Call, CallTag, ContactLink, Line, Operator, Tag, Team

# Example calls kept per reason, for a person to listen to.
EXAMPLES = 3


@dataclass(frozen=True)
class RepeatReason:
    tag: Tag
    # Repeat calls whose earlier call had this tag.
    repeats: int
    # Of those, the repeats that carry the same tag again.
    same_tag: int
    # Share of all the repeats counted (a repeat may count under several tags).
    share: float
    # (repeat call id, earlier call id), the latest first.
    examples: list[tuple[int, int]]


def repeat_calls(calls: QuerySet[Call]) -> QuerySet[ContactLink]:
    """The repeats among `calls`."""
    return ContactLink.objects.repeats().filter(call_id__in=calls.values("pk"))


def repeat_reasons(
    *, calls: QuerySet[Call], tag_ids: Collection[int] | None = None, limit: int | None = None
) -> list[RepeatReason]:
    """The tags of the earlier calls that brought customers back, most repeats first; only
    `tag_ids` when given (a department's tags), the share still of all the repeats.

    Counted by the database per tag, through a join from each repeat to its earlier call's tags:
    a call tagged by the phrases and by a person counts once (COUNT DISTINCT). Reading every
    (repeat, tag) pair into Python instead cost 2 s of CPU for a week of 100,000 calls
    (tests/benchmarks/bench_department_report.py)."""
    repeats = repeat_calls(calls).exclude(repeat_of=None)
    total = repeats.count()
    if not total:
        return []
    tag_field = "repeat_of__call_tags__tag_id"
    by_tag = repeats.filter(**{f"{tag_field}__isnull": False})
    if tag_ids is not None:
        by_tag = by_tag.filter(**{f"{tag_field}__in": list(tag_ids)})

    def per_tag(rows: QuerySet[ContactLink]) -> dict[int, int]:
        return dict(
            rows.values(tag_field).annotate(n=Count("call_id", distinct=True)).order_by()
            .values_list(tag_field, "n")
        )

    counts = per_tag(by_tag)
    again = per_tag(by_tag.filter(call__call_tags__tag_id=F(tag_field)))
    tags = Tag.objects.in_bulk(list(counts))
    ranked = sorted(counts, key=lambda tag_id: (-counts[tag_id], tags[tag_id].name))
    if limit is not None:
        ranked = ranked[:limit]
    reasons = []
    for tag_id in ranked:
        examples = (
            by_tag.filter(**{tag_field: tag_id}).order_by("-started_at", "-call_id")
            .values_list("call_id", "repeat_of_id", "started_at").distinct()[:EXAMPLES]
        )
        reasons.append(RepeatReason(
            tag=tags[tag_id], repeats=counts[tag_id], same_tag=again.get(tag_id, 0),
            share=counts[tag_id] / total,
            examples=[(int(repeat), int(first)) for repeat, first, _at in examples],
        ))
    return reasons


# --- First-contact resolution and time to resolution, grouped -----------------------------------

By = Literal["tag", "operator", "team", "line"]
BY_CHOICES: tuple[By, ...] = ("tag", "operator", "team", "line")
# The group's column on Call (tag: through CallTag, below).
_GROUP_FIELD: dict[str, str] = {
    "operator": "operator_id", "team": "operator__team_id", "line": "line_id",
}


@dataclass(frozen=True)
class Group:
    """One row's subject: a tag, an operator, a team or a line (None: calls without one)."""

    key: int | None
    label: str
    # The call-list filter that selects the group's calls (calls/filters.py).
    params: dict[str, str]


@dataclass(frozen=True)
class FcrRow:
    group: Group
    # Calls counted: first contacts and repeats (not transfers) whose repeat window has closed.
    measured: int
    # Of those, the calls a repeat followed ("came back at all").
    came_back: int
    # Of those, the calls a repeat followed that shares a tag with them ("about the same tag";
    # grouped by tag: a repeat carrying that tag).
    came_back_same_tag: int

    @property
    def fcr(self) -> float | None:
        return 1 - self.came_back / self.measured if self.measured else None

    @property
    def fcr_same_tag(self) -> float | None:
        return 1 - self.came_back_same_tag / self.measured if self.measured else None


@dataclass(frozen=True)
class ResolutionRow:
    group: Group
    # Calls the resolution analyser read.
    calls: int
    resolved: int
    # Mean seconds to the moment of resolution (resolved calls) and mean handling time (the
    # same calls: time to resolution beside the whole call's length).
    resolution_seconds: float | None
    handling_seconds: float | None
    # Mean handling time of all the group's calls read.
    handling_all_seconds: float | None

    @property
    def unresolved(self) -> int:
        return self.calls - self.resolved

    @property
    def resolved_share(self) -> float | None:
        return self.resolved / self.calls if self.calls else None


def fcr_calls(calls: QuerySet[Call], *, now: datetime) -> QuerySet[Call]:
    """The calls FCR counts (calls/metrics/definitions.py FCR, one definition)."""
    return calls.annotate(fcr_value=FCR.value(now)).filter(fcr_value__isnull=False)


def same_tag_repeat() -> Exists:
    """A repeat of this call (a Call row) shares one of its tags: the customer came back about
    the same thing. With `came_back`, the FCR tables' «с той же темой» count."""
    own_tags = CallTag.objects.filter(call_id=OuterRef(OuterRef("pk"))).values("tag_id")
    return Exists(
        ContactLink.objects.repeats().filter(
            repeat_of_id=OuterRef("pk"), call__call_tags__tag_id__in=own_tags
        )
    )


def repeat_about(tag_id: int) -> Exists:
    """A repeat of this call (a Call row) carries the tag: the per-tag «с той же темой» count."""
    return Exists(
        ContactLink.objects.repeats().filter(
            repeat_of_id=OuterRef("pk"), call__call_tags__tag_id=tag_id
        )
    )


def _groups(by: By, keys: list[int | None]) -> dict[int | None, Group]:
    none_label = {"tag": "", "operator": str(_("без оператора")), "team": str(_("без команды")),
                  "line": str(_("без линии"))}[by]
    groups: dict[int | None, Group] = {None: Group(None, none_label, {})}
    ids = [key for key in keys if key is not None]
    if by == "tag":
        for tag in Tag.objects.filter(pk__in=ids):
            groups[tag.pk] = Group(tag.pk, tag.name, {"tag": tag.code})
    elif by == "operator":
        for operator in Operator.objects.filter(pk__in=ids):
            groups[operator.pk] = Group(operator.pk, operator.display_name,
                                        {"operator": str(operator.pk)})
    elif by == "team":
        for team in Team.objects.filter(pk__in=ids):
            groups[team.pk] = Group(team.pk, team.name, {"team": str(team.pk)})
    else:
        for line in Line.objects.filter(pk__in=ids):
            groups[line.pk] = Group(line.pk, line.name, {"line": line.code})
    return groups


def _one(flag: str) -> Sum:
    return Sum(Case(When(**{flag: True}, then=Value(1)), default=Value(0),
                    output_field=IntegerField()))


def fcr_by(*, calls: QuerySet[Call], by: By, now: datetime) -> list[FcrRow]:
    """First-contact resolution of `calls` per tag, operator, team or line, both "came back at
    all" and "about the same tag"; most calls first."""
    measured = fcr_calls(calls, now=now)
    if by == "tag":
        same_again = ContactLink.objects.repeats().filter(
            repeat_of_id=OuterRef("call_id"), call__call_tags__tag_id=OuterRef("tag_id")
        )
        pairs = (
            CallTag.objects.filter(call_id__in=measured.values("pk"))
            .values("call_id", "tag_id").order_by().distinct()
            .annotate(back=F("call__contact__came_back"), again=Exists(same_again))
        )
        counts: dict[int | None, list[int]] = {}
        for row in pairs:
            count = counts.setdefault(row["tag_id"], [0, 0, 0])
            count[0] += 1
            count[1] += bool(row["back"])
            count[2] += bool(row["back"]) and bool(row["again"])
        rows: list[tuple[int | None, int, int, int]] = [
            (key, n, back, same) for key, (n, back, same) in counts.items()
        ]
    else:
        grouped = (
            measured.annotate(again=same_tag_repeat())
            .values(_GROUP_FIELD[by]).order_by()
            .annotate(n=Count("pk"), back=_one("contact__came_back"),
                      back_same=Sum(Case(When(contact__came_back=True, again=True,
                                              then=Value(1)),
                                         default=Value(0), output_field=IntegerField())))
        )
        rows = [(row[_GROUP_FIELD[by]], row["n"], row["back"] or 0, row["back_same"] or 0)
                for row in grouped]
    groups = _groups(by, [row[0] for row in rows])
    result = [
        FcrRow(group=groups[key], measured=n, came_back=back, came_back_same_tag=same)
        for key, n, back, same in rows if key in groups
    ]
    result.sort(key=lambda row: (-row.measured, row.group.label))
    return result


def same_tag_params(by: By, group: Group) -> dict[str, str]:
    """The call-list filter of a FCR row's «с той же темой»: the group's calls whose customer came
    back about this tag (per tag), or about one of the call's own tags (other groupings)."""
    same = ({"came_back_about": group.params["tag"]} if by == "tag"
            else {"came_back_same_tag": "true"})
    return {**group.params, **same}


def resolution_by(*, calls: QuerySet[Call], by: By, now: datetime) -> list[ResolutionRow]:
    """Time to resolution beside handling time per tag, operator, team or line, over the calls
    the resolution analyser read; most calls first. `now` is kept for the shared signature."""
    read = calls.filter(resolution__isnull=False)
    aggregates = {
        "n": Count("pk", distinct=True),
        "resolved": Count("pk", distinct=True, filter=Q(resolution__resolved=True)),
        "resolution_seconds": Avg("resolution__resolved_at",
                                  filter=Q(resolution__resolved=True)),
        "handling_seconds": Avg("duration", filter=Q(resolution__resolved=True)),
        "handling_all_seconds": Avg("duration"),
    }
    if by == "tag":
        tagged = read.filter(call_tags__isnull=False)
        # A call tagged twice (phrases and a person) must count once per tag: group the
        # distinct (call, tag) pairs.
        pairs = CallTag.objects.filter(call_id__in=tagged.values("pk")).values(
            "call_id", "tag_id").order_by().distinct()
        per_tag: dict[int, list[int]] = {}
        for row in pairs:
            per_tag.setdefault(row["tag_id"], []).append(row["call_id"])
        rows = []
        for tag_id, call_ids in per_tag.items():
            values = Call.objects.filter(pk__in=call_ids).aggregate(**aggregates)
            rows.append((tag_id, values))
    else:
        field = _GROUP_FIELD[by]
        rows = [
            (row[field], row)
            for row in read.values(field).order_by().annotate(**aggregates)
        ]
    groups = _groups(by, [key for key, _values in rows])
    result = [
        ResolutionRow(
            group=groups[key], calls=values["n"], resolved=values["resolved"],
            resolution_seconds=values["resolution_seconds"],
            handling_seconds=values["handling_seconds"],
            handling_all_seconds=values["handling_all_seconds"],
        )
        for key, values in rows if key in groups
    ]
    result.sort(key=lambda row: (-row.calls, row.group.label))
    return result
