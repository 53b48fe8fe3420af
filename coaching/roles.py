"""What each role may do with coaching's models.

Trainers keep the skills and scorecards; managers and operators read them and the results (which
calls an operator sees is the calls app's rule); admins everything.
"""

from __future__ import annotations

from project.roles import Role

_EDITED = ("skill", "skillphrase", "scorecardtemplate", "criterion")
_READ_ONLY = ("skillresult",)
_ACTIONS = ("view", "add", "change", "delete")
# Trainers evaluate calls and run calibrations; operators and managers read the evaluations of the
# calls they see (which ones: coaching/evaluations/views.py).
_EVALUATED = ("evaluation", "criterionscore", "evaluationcomment", "calibrationsession")
_EVALUATION_READ = ("evaluation", "criterionscore", "evaluationcomment")

PERMISSIONS: dict[Role, set[str]] = {
    Role.OPERATOR: {f"coaching.view_{model}" for model in _EDITED + _READ_ONLY + _EVALUATION_READ},
    Role.TRAINER: {f"coaching.{action}_{model}" for action in _ACTIONS
                   for model in _EDITED + _EVALUATED}
    | {f"coaching.view_{model}" for model in _READ_ONLY},
    Role.MANAGER: {f"coaching.view_{model}" for model in _EDITED + _READ_ONLY + _EVALUATION_READ},
    Role.ADMIN: {f"coaching.{action}_{model}" for action in _ACTIONS
                 for model in _EDITED + _READ_ONLY + _EVALUATED},
}
