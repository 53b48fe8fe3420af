"""Who sees and edits the cue lists: trainers and admins edit (they listen for quality, as with
tags' phrases and the scripts library), managers read (to know what «раздражён» is made of),
operators and annotators see none of it. The permissions are in calls/roles.py."""

from __future__ import annotations

from project.roles import AnyUser


def may_read_cues(user: AnyUser) -> bool:
    return user.has_perm("calls.view_cue")


def may_edit_cues(user: AnyUser) -> bool:
    return user.has_perm("calls.change_cue")
