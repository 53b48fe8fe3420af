"""What each role may do with the scripts library's models.

Trainers keep the library; operators read it (and see it in the sidebar) and record what they do
with its hints; managers read everything to follow their teams.
"""

from __future__ import annotations

from project.roles import Role

_LIBRARY = ("objectiontheme", "objection", "objectionphrase", "responseblock", "exemplardialog")
_READ_ONLY = ("objectionhit", "sidebarevent", "libraryreview", "reviewsuggestion")

PERMISSIONS: dict[Role, set[str]] = {
    Role.OPERATOR: {f"scripts_library.view_{model}" for model in _LIBRARY}
    | {"scripts_library.add_sidebarevent"},
    Role.TRAINER: {
        f"scripts_library.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in _LIBRARY
    }
    | {f"scripts_library.view_{model}" for model in _READ_ONLY}
    | {"scripts_library.change_reviewsuggestion"},
    Role.MANAGER: {f"scripts_library.view_{model}" for model in _LIBRARY + _READ_ONLY},
    Role.ADMIN: {
        f"scripts_library.{action}_{model}"
        for action in ("view", "add", "change", "delete")
        for model in _LIBRARY + _READ_ONLY
    },
}
