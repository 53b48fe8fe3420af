"""What operators do with the sidebar's hints, recorded for the block metrics and the ranking.

The operator is always the signed-in user's Operator (the token's or the session's user), never
something the CRM says. The call is named by its external id: the CRM knows it during the call,
often before the recording arrives. An event is linked to its Call at once when the call is
known, and otherwise when a call with that external id is first saved (`link_events_to_call`,
connected to Call's post_save in ScriptsLibraryConfig.ready()). Only the operator's own call is
linked: the answer says whether the call was linked, and an operator may not learn that a
colleague's call exists (nor count their hints on it).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from calls.models import Call, Operator
from project.errors import DomainError
from project.roles import AnyUser
from scripts_library.models import ResponseBlock, SidebarEvent

# A CRM may send events queued while it was offline, but not from the distant past or future.
MAX_EVENT_AGE = timedelta(days=7)
MAX_CLOCK_SKEW = timedelta(minutes=10)


def operator_of(user: AnyUser) -> Operator | None:
    if not user.is_authenticated:
        return None
    try:
        return user.operator  # type: ignore[attr-defined,no-any-return]
    except Operator.DoesNotExist:
        return None


def record_event(
    *, operator: Operator, kind: str, block: ResponseBlock, call_external_id: str = "",
    at: datetime | None = None, now: datetime | None = None,
) -> SidebarEvent:
    now = now or timezone.now()
    at = at or now
    if at < now - MAX_EVENT_AGE or at > now + MAX_CLOCK_SKEW:
        raise DomainError(
            "Время события должно быть не раньше чем 7 дней назад и не позже чем через "
            "10 минут.",
            code="event_time",
        )
    call = None
    if call_external_id:
        call = (Call.objects.filter(external_id=call_external_id, operator=operator)
                .only("pk").first())
    return SidebarEvent.objects.create(
        kind=kind, block=block, objection_id=block.objection_id, operator=operator,
        user=operator.user, call_external_id=call_external_id, call=call, at=at,
    )


def link_events_to_call(*, call_id: int, external_id: str, operator_id: int | None) -> int:
    """Link the events its operator recorded for this call before it arrived; returns how
    many. A call without an operator takes none: whose hints they were cannot be told."""
    if operator_id is None:
        return 0
    return SidebarEvent.objects.filter(
        call__isnull=True, call_external_id=external_id, operator_id=operator_id,
    ).update(call_id=call_id)


def link_events_on_call_saved(sender: Any, instance: Call, created: bool, **kwargs: Any) -> None:
    """post_save of Call: a new call takes the sidebar events that named its external id."""
    if created and instance.external_id:
        link_events_to_call(call_id=instance.pk, external_id=instance.external_id,
                            operator_id=instance.operator_id)
