"""What each role may do with coaching's models.

Trainers keep the skills and scorecards; managers and operators read them and the results (which
calls an operator sees is the calls app's rule); admins everything. Reports, trainings and cycles
are the managers' and trainers' work; an operator reads their own shared reports and cycles and
comments on their reports (which ones: the views' object rules).
"""

from __future__ import annotations

from project.roles import Role

_EDITED = ("skill", "skillphrase", "scorecardtemplate", "criterion")
_READ_ONLY = ("skillresult",)
_ACTIONS = ("view", "add", "change", "delete")
# Trainers evaluate calls and run calibrations; operators and managers read the evaluations of the
# calls they see (which ones: coaching/evaluations/queries.py).
_EVALUATED = ("evaluation", "criterionscore", "evaluationcomment", "calibrationsession")
_EVALUATION_READ = ("evaluation", "criterionscore", "evaluationcomment")
# The coaching cycle: reports, trainings, exemplars, cycles.
_COACHED = ("personalreport", "reportcomment", "trainingsession", "coachingcycle", "exemplar")


def _all(models: tuple[str, ...]) -> set[str]:
    return {f"coaching.{action}_{model}" for action in _ACTIONS for model in models}


def _view(models: tuple[str, ...]) -> set[str]:
    return {f"coaching.view_{model}" for model in models}


PERMISSIONS: dict[Role, set[str]] = {
    Role.OPERATOR: _view(_EDITED + _READ_ONLY + _EVALUATION_READ + _COACHED)
    | {"coaching.add_reportcomment"},
    Role.TRAINER: _all(_EDITED + _EVALUATED + _COACHED) | _view(_READ_ONLY),
    Role.MANAGER: _view(_EDITED + _READ_ONLY + _EVALUATION_READ + ("exemplar",))
    | _all(("personalreport", "reportcomment", "trainingsession", "coachingcycle")),
    Role.ADMIN: _all(_EDITED + _READ_ONLY + _EVALUATED + _COACHED),
}
