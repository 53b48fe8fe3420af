"""The cycle's last step: the control re-listen recorded as the skill before and after, the test's
p-value and the verdict (coaching/cycles/measure.py, significance.py) — and taken back by the
person who recorded it, when it was recorded by mistake (too early a click, the wrong cycle)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from coaching.cycles.measure import after_sample, before_sample
from coaching.cycles.services import CycleConflict
from coaching.cycles.significance import compare
from coaching.models import CoachingCycle
from project.errors import DomainError

Stage = CoachingCycle.Stage
_RESULT_FIELDS = ("before_shown", "before_calls", "after_shown", "after_calls", "p_value")


class NotTheRecorder(DomainError):
    """Only the person who recorded a result may undo it: the API answers 403."""

    code = "not_recorder"


def _name(user: User) -> str:
    return user.get_full_name() or user.get_username()


def control_date_error(cycle: CoachingCycle, on: date, *, today: date) -> str | None:
    """Why `on` cannot be the cycle's control re-listen date, None when it can: never before the
    training (nor before the due date, so the after window is the one promised) nor in the
    future. The form, the API and cycle_record_result ask the same question."""
    if cycle.trained_on is not None and on < cycle.trained_on:
        return _("Дата контрольного прослушивания (%(on)s) раньше даты обучения (%(trained)s).") % {
            "on": formats.date_format(on, "d.m.Y"),
            "trained": formats.date_format(cycle.trained_on, "d.m.Y")}
    if cycle.control_due is not None and on < cycle.control_due:
        return _("Контрольное прослушивание ещё рано: результат можно записать с %(due)s "
                 "(через две недели после обучения), чтобы было что сравнивать.") % {
            "due": formats.date_format(cycle.control_due, "d.m.Y")}
    if on > today:
        return _("Дата контрольного прослушивания не может быть в будущем.")
    return None


@transaction.atomic
def cycle_record_result(*, cycle: CoachingCycle, recorded_by: User | None,
                        on: date | None = None) -> CoachingCycle:
    """Measure both sides and close the cycle. Only in the control stage, on a control date `on`
    (today by default) not before the training nor control_due (an earlier control would
    measure a shorter window than the one promised) nor in the future. A recorded cycle is
    returned unchanged, so a repeated request records nothing twice."""
    cycle = (CoachingCycle.objects.select_for_update().select_related("operator", "skill")
             .get(pk=cycle.pk))
    if cycle.stage == Stage.DONE:
        return cycle
    if cycle.stage == Stage.CANCELLED:
        raise CycleConflict(_("Цикл отменён."), code="cancelled")
    if cycle.stage != Stage.CONTROL or cycle.control_due is None:
        raise DomainError(_("Результат записывают после проведённого обучения, на этапе "
                            "контрольного прослушивания."), code="not_control")
    today = timezone.localdate()
    on = on or today
    error = control_date_error(cycle, on, today=today)
    if error is not None:
        raise DomainError(error, code="too_early" if on <= today else "future")
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
    cycle.controlled_on = on
    cycle.closed_at = cycle.result_recorded_at = timezone.now()
    cycle.result_recorded_by = recorded_by
    if recorded_by is not None:
        line = _("Результат записал(а) %(user)s %(date)s.") % {
            "user": _name(recorded_by), "date": formats.date_format(on, "d.m.Y")}
        cycle.notes = "\n".join(filter(None, [cycle.notes, line]))
    cycle.save(update_fields=[*_RESULT_FIELDS, "verdict", "stage", "controlled_on", "closed_at",
                              "result_recorded_at", "result_recorded_by", "notes"])
    return cycle


def may_undo_result(cycle: CoachingCycle, user: User) -> bool:
    return (cycle.stage == Stage.DONE and cycle.result_recorded_by_id is not None
            and cycle.result_recorded_by_id == user.pk)


@transaction.atomic
def cycle_result_undo(*, cycle: CoachingCycle, user: User) -> CoachingCycle:
    """Take the recorded result back: the cycle waits for its control re-listen again. Only the
    person who recorded it may (NotTheRecorder otherwise); who undid it and when is kept on the
    cycle and in its notes."""
    cycle = CoachingCycle.objects.select_for_update().get(pk=cycle.pk)
    if cycle.stage != Stage.DONE:
        raise CycleConflict(_("У цикла нет записанного результата."), code="not_recorded")
    if not may_undo_result(cycle, user):
        raise NotTheRecorder(_("Отменить результат может только тот, кто его записал."))
    for field in _RESULT_FIELDS:
        setattr(cycle, field, None)
    cycle.verdict = ""
    cycle.stage = Stage.CONTROL
    cycle.controlled_on = cycle.closed_at = None
    cycle.result_recorded_by = cycle.result_recorded_at = None
    cycle.result_undone_by, cycle.result_undone_at = user, timezone.now()
    line = _("Результат отменил(а) %(user)s %(date)s.") % {
        "user": _name(user), "date": formats.date_format(timezone.localdate(), "d.m.Y")}
    cycle.notes = "\n".join(filter(None, [cycle.notes, line]))
    try:
        with transaction.atomic():
            cycle.save(update_fields=[*_RESULT_FIELDS, "verdict", "stage", "controlled_on",
                                      "closed_at", "result_recorded_by", "result_recorded_at",
                                      "result_undone_by", "result_undone_at", "notes"])
    except IntegrityError as error:
        # A new cycle for the same operator and skill was started since: two would be open.
        raise CycleConflict(
            _("Результат не отменить: по этому навыку оператора уже идёт новый цикл."),
            code="open_cycle") from error
    return cycle
