"""Which evaluations a person sees.

Coaching, not surveillance: an operator sees only the submitted evaluations of their own calls, a
manager those of their teams' calls (Call.visible_to); trainers and admins every evaluation of the
calls they see — except, while a calibration session is open, another evaluator's scores in it
(blind scoring).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from calls.models import Call
from coaching.models import CalibrationSession, Evaluation


def visible_evaluations(user: User) -> QuerySet[Evaluation]:
    evaluations = Evaluation.objects.filter(call__in=Call.objects.visible_to(user))
    if user.has_perm("coaching.change_evaluation"):
        # Blind calibration: others' scores in an open session stay hidden.
        return evaluations.exclude(
            Q(calibration__status=CalibrationSession.Status.OPEN) & ~Q(evaluator=user)
        )
    return evaluations.filter(status=Evaluation.Status.SUBMITTED, calibration__isnull=True)
