"""Reads of the taxonomy and of call tags as chainable QuerySet methods, plus the call filters
the call list uses (kept here because they are about tags, not about calls)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from project.roles import AnyUser

if TYPE_CHECKING:
    from calls.models import (  # noqa: F401
        Call,
        CallTag,
        KeyPhrase,
        ReanalysisRun,
        Tag,
        TagEvidence,
    )

# A run whose worker has not reported for this long died with it; a new run may start. Long
# enough for a continuation to wait behind transcriptions (each at most TRANSCRIBE_TIMEOUT).
STALE_RUN_AFTER = timedelta(hours=1)


class TagQuerySet(models.QuerySet["Tag"]):
    def active(self) -> TagQuerySet:
        return self.filter(is_active=True)


class KeyPhraseQuerySet(models.QuerySet["KeyPhrase"]):
    def active(self) -> KeyPhraseQuerySet:
        """The phrases auto-tagging uses: active phrases of active tags."""
        return self.filter(is_active=True, tag__is_active=True)


class CallTagQuerySet(models.QuerySet["CallTag"]):
    def visible_to(self, user: AnyUser) -> CallTagQuerySet:
        """Tags of the calls this user may see (an operator: own calls only)."""
        from calls.models import Call

        return self.filter(call__in=Call.objects.visible_to(user))

    def auto(self) -> CallTagQuerySet:
        return self.filter(source="auto")

    def manual(self) -> CallTagQuerySet:
        return self.filter(source="manual")


class TagEvidenceQuerySet(models.QuerySet["TagEvidence"]):
    def visible_to(self, user: AnyUser) -> TagEvidenceQuerySet:
        from calls.models import Call

        return self.filter(call_tag__call__in=Call.objects.visible_to(user))


class ReanalysisRunQuerySet(models.QuerySet["ReanalysisRun"]):
    def in_progress(self) -> ReanalysisRunQuerySet:
        """Queued or running runs that still show signs of life."""
        alive_since = timezone.now() - STALE_RUN_AFTER
        return self.filter(status__in=["queued", "running"]).filter(
            Q(heartbeat_at__gte=alive_since)
            | Q(heartbeat_at__isnull=True, created_at__gte=alive_since)
        )


# --- Call list filters ---------------------------------------------------------------------------
# A subquery rather than a join: a call tagged both automatically and by hand must appear once.


def calls_with_tag(calls: models.QuerySet[Any], code: str) -> models.QuerySet[Any]:
    from calls.models import CallTag

    return calls.filter(pk__in=CallTag.objects.filter(tag__code=code).values("call_id"))


def calls_in_category(calls: models.QuerySet[Any], category_id: int) -> models.QuerySet[Any]:
    from calls.models import CallTag

    return calls.filter(
        pk__in=CallTag.objects.filter(tag__category_id=category_id).values("call_id")
    )
