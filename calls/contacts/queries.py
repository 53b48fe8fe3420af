"""Reads over contact links: why customers come back.

«Основная причина повторных обращений» is read from the repeats themselves: the repeat calls of a
set of calls (a period, a line, a person's visible calls), grouped by the tags of the earlier call
each one repeats — what the customer first called about and was not settled. A repeat counts once
per tag of its earlier call; `same_tag` says how many came back about that same tag again.
Counting the repeats that happened (rather than the share of a period's calls that will bring
customers back) needs no repeat window to close, so last week's report can say it on Monday.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, QuerySet

from calls.models import Call, CallTag, ContactLink, Tag

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


def repeat_reasons(*, calls: QuerySet[Call], limit: int | None = None) -> list[RepeatReason]:
    """The tags of the earlier calls that brought customers back, most repeats first."""
    repeats = repeat_calls(calls).exclude(repeat_of=None)
    total = repeats.count()
    if not total:
        return []
    earlier_tags = CallTag.objects.filter(call_id__in=repeats.values("repeat_of_id"))
    same_again = CallTag.objects.filter(
        call__contact__repeat_of_id=OuterRef("call_id"), tag_id=OuterRef("tag_id")
    )
    # Per (earlier call, tag) first: a call tagged by the phrases and by a person counts once.
    pairs = (
        earlier_tags.values("call_id", "tag_id")
        .annotate(again=Exists(same_again))
        .order_by()
        .distinct()
    )
    by_tag: dict[int, set[int]] = {}
    again_by_tag: dict[int, set[int]] = {}
    for row in pairs:
        by_tag.setdefault(row["tag_id"], set()).add(row["call_id"])
        if row["again"]:
            again_by_tag.setdefault(row["tag_id"], set()).add(row["call_id"])
    # An earlier call may have been repeated more than once: count the repeats, not the calls.
    repeats_of = dict(
        repeats.values("repeat_of_id").annotate(n=Count("pk")).values_list("repeat_of_id", "n")
    )
    tags = Tag.objects.in_bulk(list(by_tag))
    reasons = []
    for tag_id, earlier in by_tag.items():
        count = sum(repeats_of.get(call_id, 0) for call_id in earlier)
        again = again_by_tag.get(tag_id, set())
        same = repeats.filter(
            repeat_of_id__in=list(again),
            call_id__in=CallTag.objects.filter(tag_id=tag_id).values("call_id"),
        ).count() if again else 0
        examples = list(
            repeats.filter(repeat_of_id__in=earlier)
            .order_by("-started_at")
            .values_list("call_id", "repeat_of_id")[:EXAMPLES]
        )
        reasons.append(RepeatReason(
            tag=tags[tag_id], repeats=count, same_tag=same, share=count / total,
            examples=[(int(repeat), int(first)) for repeat, first in examples],
        ))
    reasons.sort(key=lambda reason: (-reason.repeats, reason.tag.name))
    return reasons[:limit] if limit is not None else reasons
