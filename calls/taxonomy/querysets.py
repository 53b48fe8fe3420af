"""The call list's filters by tag and by tag category (kept here because they are about tags, not
about calls). The taxonomy's own QuerySets live beside its models, in calls/models/taxonomy.py."""

from __future__ import annotations

from typing import Any

from django.db import models

from calls.models import CallTag

# A subquery rather than a join: a call tagged both automatically and by hand must appear once.


def calls_with_tag(calls: models.QuerySet[Any], code: str) -> models.QuerySet[Any]:
    return calls.filter(pk__in=CallTag.objects.filter(tag__code=code).values("call_id"))


def calls_in_category(calls: models.QuerySet[Any], category_id: int) -> models.QuerySet[Any]:
    return calls.filter(
        pk__in=CallTag.objects.filter(tag__category_id=category_id).values("call_id")
    )
