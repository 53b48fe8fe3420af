"""The cycle's last step: the control re-listen recorded as the skill before and after, the test's
p-value and the verdict (coaching/cycles/measure.py, significance.py)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coaching.cycles.measure import after_sample, before_sample
from coaching.cycles.services import CycleConflict
from coaching.cycles.significance import compare
from coaching.models import CoachingCycle
from project.errors import DomainError

Stage = CoachingCycle.Stage


@transaction.atomic
def cycle_record_result(*, cycle: CoachingCycle, recorded_by: User | None,
                        on: date | None = None) -> CoachingCycle:
    """Measure both sides and close the cycle. Only in the control stage and not before
    control_due: an earlier control would measure a shorter window than the one promised. A
    recorded cycle is returned unchanged, so a repeated request records nothing twice."""
    cycle = (CoachingCycle.objects.select_for_update().select_related("operator", "skill")
             .get(pk=cycle.pk))
    if cycle.stage == Stage.DONE:
        return cycle
    if cycle.stage == Stage.CANCELLED:
        raise CycleConflict(_("Цикл отменён."), code="cancelled")
    if cycle.stage != Stage.CONTROL or cycle.control_due is None:
        raise DomainError(_("Результат записывают после проведённого обучения, на этапе "
                            "контрольного прослушивания."), code="not_control")
    on = on or timezone.localdate()
    if on < cycle.control_due:
        raise DomainError(
            _("Контрольное прослушивание ещё рано: результат можно записать с %(due)s "
              "(через две недели после обучения), чтобы было что сравнивать.")
            % {"due": formats.date_format(cycle.control_due, "d.m.Y")}, code="too_early")
    before = before_sample(cycle)
    after = after_sample(cycle, on=on)
    assert after is not None  # the control stage has trained_on
    result = compare(before_shown=before.shown, before_calls=before.calls,
                     after_shown=after.shown, after_calls=after.calls)
    cycle.before_shown, cycle.before_calls = result.before_shown, result.before_calls
    cycle.after_shown, cycle.after_calls = result.after_shown, result.after_calls
    cycle.p_value = result.p_value
    cycle.verdict = result.verdict
    cycle.stage = Stage.DONE
    cycle.closed_at = timezone.now()
    if recorded_by is not None:
        # The model keeps no «recorded by»; the notes keep who closed the cycle.
        line = _("Результат записал(а) %(user)s %(date)s.") % {
            "user": recorded_by.get_full_name() or recorded_by.get_username(),
            "date": formats.date_format(on, "d.m.Y")}
        cycle.notes = "\n".join(filter(None, [cycle.notes, line]))
    cycle.save(update_fields=["before_shown", "before_calls", "after_shown", "after_calls",
                              "p_value", "verdict", "stage", "closed_at", "notes"])
    return cycle
