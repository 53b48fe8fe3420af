"""A finding's life cycle: opened by a manager → «в работе» → «сделано» (which registers the
Change whose effect is then measured) — or «отклонена». Each step is written as a FindingEvent.

Illegal steps (a done finding started again, a declined one marked done) raise FindingConflict
with a Russian message: the page shows it, the API answers 409. Who may take a step is checked
here as well as on the pages (calls/departments/findings/access.py), so the API and any caller
keep the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.changes.services import change_register
from calls.departments.findings.access import manages_findings, works_on
from calls.departments.sharing import share_calls
from calls.models import Call, CallShare, Department, Finding, FindingEvent, Line, Tag
from project.errors import DomainError

Status = Finding.Status
# The steps still ahead of a finding in these states; done and declined are final.
OPEN_STATES = (Status.OPEN, Status.IN_PROGRESS)
# Change.title's length: the first words of «что изменили» name the change.
CHANGE_TITLE_LENGTH = 300


class FindingConflict(DomainError):
    """The finding's state forbids the step (the API answers 409)."""

    conflict = True


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _locked(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().select_related("department").get(pk=finding.pk)


def _event(finding: Finding, *, by: User, note: str = "") -> FindingEvent:
    return FindingEvent.objects.create(finding=finding, status=finding.status, note=note, by=by)


def _status_name(finding: Finding) -> str:
    return str(Status(finding.status).label)


@transaction.atomic
def finding_open(
    *,
    title: str,
    department: Department,
    due_on: date,
    by: User,
    tag: Tag | None = None,
    line: Line | None = None,
    call_ids: Iterable[int] = (),
    source: str = Finding.Source.MANUAL,
    source_ref: str = "",
    description: str = "",
) -> Finding:
    """A problem handed to `department`, due on `due_on`, with the calls that show it: only the
    calls `by` may see are attached (an id of any other call is dropped, as a missing one), and
    each is shared with the department so its members can listen to it."""
    _require(manages_findings(by), _("Открывать находки могут руководители и администраторы."))
    title = title.strip()
    if not title:
        raise DomainError(_("Опишите проблему: заголовок пуст."), code="title")
    if source not in Finding.Source.values:
        raise DomainError(_("Неизвестный источник находки «%(source)s».") % {"source": source},
                          code="source")
    if due_on < timezone.localdate():
        raise DomainError(_("Срок не может быть в прошлом."), code="due_on")
    finding = Finding.objects.create(
        title=title[:300], description=description.strip(), department=department, tag=tag,
        line=line, source=source, source_ref=source_ref.strip()[:300], due_on=due_on,
        created_by=by,
    )
    wanted = {call_id for call_id in call_ids if 0 < call_id < 2**63}
    calls = list(Call.objects.visible_to(by).filter(pk__in=wanted)) if wanted else []
    finding.calls.set(calls)
    share_calls(department=department, call_ids=[call.pk for call in calls],
                reason=CallShare.Reason.FINDING)
    _event(finding, by=by, note=_("Открыта, срок %(due)s.") % {"due": f"{due_on:%d.%m.%Y}"})
    return finding


@transaction.atomic
def finding_start(*, finding: Finding, by: User) -> Finding:
    """«В работе»: the department took it (only from «открыта»)."""
    finding = _locked(finding)
    _require(works_on(by, finding),
             _("Взять находку в работу могут сотрудники её отдела и руководители."))
    if finding.status != Status.OPEN:
        raise FindingConflict(
            _("Взять в работу можно только открытую находку; эта — «%(status)s».")
            % {"status": _status_name(finding)}, code="not_open")
    finding.status = Status.IN_PROGRESS
    finding.started_at = timezone.now()
    finding.save(update_fields=["status", "started_at"])
    _event(finding, by=by)
    return finding


@transaction.atomic
def finding_done(*, finding: Finding, by: User, what_changed: str) -> Finding:
    """«Сделано» with what was changed (from «открыта» or «в работе»): registers the Change dated
    today over the finding's line and tag, whose before/after comparison says whether it
    helped, and links it to the finding."""
    finding = _locked(finding)
    _require(works_on(by, finding),
             _("Отметить находку сделанной могут сотрудники её отдела и руководители."))
    if finding.status not in OPEN_STATES:
        raise FindingConflict(
            _("Находка уже «%(status)s»: отметить её сделанной нельзя.")
            % {"status": _status_name(finding)}, code="closed")
    what_changed = what_changed.strip()
    if not what_changed:
        raise DomainError(_("Напишите, что изменили: без этого нельзя сравнить «до» и «после»."),
                          code="what_changed")
    now = timezone.now()
    change = change_register(
        title=what_changed.splitlines()[0][:CHANGE_TITLE_LENGTH],
        changed_on=timezone.localdate(now),
        by=by,
        description=_("%(what)s\n\nНаходка: %(title)s") % {"what": what_changed,
                                                            "title": finding.title},
        lines=[finding.line] if finding.line is not None else [],
        tags=[finding.tag] if finding.tag is not None else [],
    )
    finding.status = Status.DONE
    finding.done_at = now
    finding.done_by = by
    finding.what_changed = what_changed
    finding.change = change
    finding.save(update_fields=["status", "done_at", "done_by", "what_changed", "change"])
    _event(finding, by=by, note=what_changed)
    return finding


@transaction.atomic
def finding_decline(*, finding: Finding, by: User, reason: str) -> Finding:
    """«Отклонена» with the reason (managers and admins; from «открыта» or «в работе»)."""
    finding = _locked(finding)
    _require(manages_findings(by), _("Отклонять находки могут руководители и администраторы."))
    if finding.status not in OPEN_STATES:
        raise FindingConflict(
            _("Находка уже «%(status)s»: отклонить её нельзя.")
            % {"status": _status_name(finding)}, code="closed")
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Напишите, почему находка отклонена."), code="reason")
    finding.status = Status.DECLINED
    finding.save(update_fields=["status"])
    _event(finding, by=by, note=reason)
    return finding


@transaction.atomic
def finding_due_set(*, finding: Finding, by: User, due_on: date) -> Finding:
    """A new due date for a finding still open or in progress (managers and admins)."""
    finding = _locked(finding)
    _require(manages_findings(by), _("Менять срок могут руководители и администраторы."))
    if finding.status not in OPEN_STATES:
        raise FindingConflict(
            _("Находка уже «%(status)s»: срок больше не меняется.")
            % {"status": _status_name(finding)}, code="closed")
    if due_on < timezone.localdate():
        raise DomainError(_("Срок не может быть в прошлом."), code="due_on")
    if due_on == finding.due_on:
        return finding
    previous = finding.due_on
    finding.due_on = due_on
    finding.save(update_fields=["due_on"])
    _event(finding, by=by, note=_("Срок перенесён с %(before)s на %(after)s.") % {
        "before": f"{previous:%d.%m.%Y}", "after": f"{due_on:%d.%m.%Y}"})
    return finding
