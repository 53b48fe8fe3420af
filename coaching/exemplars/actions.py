"""«Добавить в образцовые» next to every moment of the call page (calls/extensions.py,
MomentAction): the link opens the save form pre-filled with the moment, and brings the trainer
back to the call at that moment once it is kept."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from calls.extensions import Moment, MomentAction
from project.roles import AnyUser


def save_url(moment: Moment) -> str:
    params: dict[str, str] = {"call": str(moment.call.pk), "start": f"{moment.start:g}"}
    if moment.end is not None:
        params["end"] = f"{moment.end:g}"
    if moment.subject is not None and moment.subject[0] in ("skill", "objection"):
        params[moment.subject[0]] = str(moment.subject[1])
    back = reverse("calls:detail", args=[moment.call.pk])
    if moment.start:
        back += f"#t={moment.start:.1f}"
    params["next"] = back
    return f"{reverse('coaching:exemplar-save')}?{urlencode(params)}"


def may_add(user: AnyUser) -> bool:
    # Trainers and admins; managers and operators read the library only (coaching/roles.py).
    return bool(user.has_perm("coaching.add_exemplar"))


ADD_EXEMPLAR = MomentAction(name="exemplar", label=_("Добавить в образцовые"), url=save_url,
                            allowed=may_add)
