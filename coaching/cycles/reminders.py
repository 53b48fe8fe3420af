"""The control re-listen reminder: one e-mail per manager listing their teams' cycles that fell
due, sent once per cycle.

A cycle is marked reminded (reminded_at) in the same transaction as its e-mail is sent, so a failed
send or a database error marks nothing and the next scheduled run tries again. A cycle whose team
has no manager, or whose manager has no e-mail address, is left unmarked with a warning in the
log: the cycles page lists it among the due ones anyway.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coaching.cycles.queries import reminders_pending
from coaching.models import CoachingCycle
from project.russian import plural

logger = logging.getLogger(__name__)


def _message(cycles: list[CoachingCycle], *, today: date) -> tuple[str, str]:
    # A count after the colon: no plural forms to get wrong.
    subject = _("Контрольное прослушивание — циклов коучинга к записи результата: %(count)d") % {
        "count": len(cycles)}
    lines = [_("Пора провести контрольное прослушивание и записать результат:"), ""]
    for cycle in cycles:
        assert cycle.control_due is not None
        overdue = (today - cycle.control_due).days
        line = _("— %(operator)s, навык «%(skill)s», контроль %(due)s") % {
            "operator": cycle.operator.display_name, "skill": cycle.skill.name,
            "due": formats.date_format(cycle.control_due, "d.m.Y")}
        if overdue > 0:
            line += _(" (просрочен на %(days)s)") % {"days": plural(overdue, "день,дня,дней")}
        lines.append(line)
    lines += ["", _("Список циклов: %(url)s") % {
        "url": settings.SITE_URL + reverse("coaching:cycles") + "#due"}]
    return subject, "\n".join(lines)


def cycles_remind(*, today: date | None = None) -> int:
    """E-mail every manager about their due, not yet reminded cycles; the number of cycles
    reminded."""
    today = today or timezone.localdate()
    by_manager: dict[int, tuple[User, list[int]]] = {}
    for cycle in reminders_pending(today=today):
        team = cycle.operator.team
        manager = team.manager if team is not None else None
        if manager is None or not manager.email:
            logger.warning("Coaching cycle %s is due but has no manager e-mail to remind; "
                           "it stays on the cycles page's due list.", cycle.pk)
            continue
        by_manager.setdefault(manager.pk, (manager, []))[1].append(cycle.pk)
    reminded = 0
    for manager, cycle_ids in by_manager.values():
        with transaction.atomic():
            # Claimed under a lock: a second run at the same time skips them and sends nothing.
            cycles = list(reminders_pending(today=today).filter(pk__in=cycle_ids)
                          .select_for_update(skip_locked=True, of=("self",)))
            if not cycles:
                continue
            subject, body = _message(cycles, today=today)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [manager.email])
            CoachingCycle.objects.filter(pk__in=[c.pk for c in cycles]).update(
                reminded_at=timezone.now())
            reminded += len(cycles)
    return reminded
