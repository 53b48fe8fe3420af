"""Who sees agreement, and which campaign's: admins and trainers (who listen across the whole
center), any closed campaign, and an open one only when they are not annotating it (its answers
are blind to its own annotators until it closes)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from calls.models import AnnotationCampaign
from project.roles import AnyUser, Role, has_role


def reads_agreement(user: AnyUser) -> bool:
    return has_role(user, Role.ADMIN, Role.TRAINER)


def campaign_refusal(campaign: AnnotationCampaign, user: AnyUser | None) -> str | None:
    """Why this person may not see the campaign's agreement yet, or None. `user` None: the
    management command, run by whoever runs the system."""
    if user is None or not campaign.is_open or not user.is_authenticated:
        return None
    if campaign.annotators.filter(pk=user.pk).exists():
        return _(
            "Вы размечаете кампанию «%(name)s»: согласие разметчиков откроется, когда она "
            "закроется."
        ) % {"name": campaign.name}
    return None


def unknown_campaign(name: str) -> str:
    return _("Кампании «%(name)s» нет.") % {"name": name}
