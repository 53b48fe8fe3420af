"""Keeping and removing exemplar moments."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from calls.models import Call
from coaching.models import Exemplar, Skill
from scripts_library.models import Objection


def exemplar_add(*, call: Call, skill: Skill | None, objection: Objection | None, start: float,
                 end: float | None, note: str, added_by: User | None,
                 source: str = Exemplar.Source.PICKED) -> Exemplar:
    """Keep a moment of a call; the same moment kept again (call, skill, start) is the existing
    one. A call of unknown duration (0) takes any start: there is nothing to check it against."""
    if start < 0:
        raise ValidationError(_("Начало момента не может быть отрицательным."), code="start")
    if call.duration and start > call.duration:
        raise ValidationError(
            _("Начало момента (%(start).0f с) позже конца звонка (%(duration).0f с).")
            % {"start": start, "duration": call.duration}, code="start")
    if end is not None and end < start:
        raise ValidationError(_("Конец момента раньше его начала."), code="end")
    if end is not None and call.duration and end > call.duration:
        raise ValidationError(
            _("Конец момента (%(end).0f с) позже конца звонка (%(duration).0f с).")
            % {"end": end, "duration": call.duration}, code="end")
    existing = Exemplar.objects.filter(call=call, skill=skill, start=start).first()
    if existing is not None:
        return existing
    return Exemplar.objects.create(call=call, skill=skill, objection=objection, start=start,
                                   end=end, note=note, added_by=added_by, source=source)


def exemplar_remove(*, exemplar: Exemplar) -> None:
    exemplar.delete()
