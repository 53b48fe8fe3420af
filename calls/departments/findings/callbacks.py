"""«Клиенты, которым можно сообщить об исправлении»: the customers who called about a finding's
problem, to be told it is fixed once it is done (docs/findings.md).

The calls about it: the finding's own calls, and the calls with its tag (on its line, when it
has one) from CALLBACK_LOOKBACK_DAYS before the finding was opened until it was done. Customers
are told apart by Call.customer_key (the phone's keyed hash) and shown by the masked phone of
their latest such call; the key never leaves the server (a callback is marked by that call's id).
A reader lists only the customers of calls they may open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.departments.findings.access import manages_findings
from calls.departments.findings.services import FindingConflict
from calls.models import Call, CallTag, Finding, FindingCallback
from project.errors import DomainError
from project.roles import AnyUser

# Customers who called about the problem shortly before it was reported are as much owed the
# news as those who called after.
CALLBACK_LOOKBACK_DAYS = 30


def calls_about(finding: Finding) -> QuerySet[Call]:
    """Every call about the finding's problem (whoever may see them)."""
    condition = Q(pk__in=finding.calls.values("pk"))
    if finding.tag_id is not None:
        window = Q(
            pk__in=CallTag.objects.filter(tag_id=finding.tag_id).values("call_id"),
            started_at__gte=finding.created_at - timedelta(days=CALLBACK_LOOKBACK_DAYS),
            started_at__lte=finding.done_at or timezone.now(),
        )
        if finding.line_id is not None:
            window &= Q(line_id=finding.line_id)
        condition |= window
    return Call.objects.filter(condition)


@dataclass(frozen=True)
class CallbackCustomer:
    latest_call: Call
    calls: int
    callback: FindingCallback | None

    @property
    def phone(self) -> str:
        return self.latest_call.customer_phone_masked or _("номер скрыт")


def callback_customers(*, finding: Finding, user: AnyUser) -> list[CallbackCustomer]:
    """The distinct customers of the calls about the finding that `user` may open, each with
    their latest such call and whether they were called back; latest calls first."""
    rows = (
        calls_about(finding).filter(pk__in=Call.objects.visible_to(user).values("pk"))
        .exclude(customer_key="")
        .order_by("customer_key", "-started_at", "-pk")
        .values_list("pk", "customer_key")
    )
    latest: dict[str, int] = {}
    counts: dict[str, int] = {}
    for call_id, key in rows:
        latest.setdefault(key, call_id)
        counts[key] = counts.get(key, 0) + 1
    calls = Call.objects.in_bulk(list(latest.values()))
    done = {c.customer_key: c for c in finding.callbacks.select_related("by")}
    customers = [
        CallbackCustomer(latest_call=calls[call_id], calls=counts[key], callback=done.get(key))
        for key, call_id in latest.items()
    ]
    customers.sort(key=lambda c: (c.latest_call.started_at, c.latest_call.pk), reverse=True)
    return customers


@transaction.atomic
def finding_callback_mark(
    *, finding: Finding, call: Call, by: User, note: str = ""
) -> FindingCallback:
    """The customer of `call` (one of the calls about the done finding that `by` may open) was
    called back and told it is fixed; once per customer."""
    if not manages_findings(by):
        raise PermissionDenied(_("Отмечать звонки клиентам могут руководители и администраторы."))
    if finding.status != Finding.Status.DONE:
        raise FindingConflict(_("Клиентам сообщают об исправлении, когда находка сделана."),
                              code="not_done")
    allowed = calls_about(finding).filter(pk__in=Call.objects.visible_to(by).values("pk"))
    if not call.customer_key or not allowed.filter(pk=call.pk).exists():
        raise DomainError(_("Этот звонок не из обращений по находке."), code="call")
    try:
        with transaction.atomic():
            return FindingCallback.objects.create(
                finding=finding, customer_key=call.customer_key, call=call, by=by,
                note=note.strip(),
            )
    except IntegrityError as error:
        raise FindingConflict(_("Этому клиенту уже перезвонили."), code="called_back") from error
