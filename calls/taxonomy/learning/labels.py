"""The people's labels a tag model learns from, as the generic learner takes them.

Two sources, in this order of trust:

* annotations (calls/taxonomy/annotation/reference.py): for every annotated call, each tag in
  its reference is a yes and every other tag a no — «ни один тег не подходит» is a no for all;
  a tied tag is no label at all. Weight 1.0.
* manual tags: a tag a person added to a call is a yes, one a person removed (the latest
  change of the pair) a no, for that tag only — a person tagging a call says nothing about the
  other tags. Weight 0.5: a manual tag is one person's judgement made in passing, where a
  reference is a majority asked for on purpose. Where both exist for one (call, tag), the
  reference wins (the learner keeps the heaviest label).
"""

from __future__ import annotations

from collections.abc import Collection

from django.db.models import Count, Max

from calls.learning.learner import HumanLabel
from calls.models import Annotation, AnnotationCampaign, CallTag, CallTagChange, Tag
from calls.taxonomy.annotation.reference import reference_labels

ANNOTATION_WEIGHT = 1.0
MANUAL_WEIGHT = 0.5


def tag_key(tag: Tag) -> str:
    """The learner's key of a tag: its code, which never changes."""
    return tag.code


def tag_labels(tags: Collection[Tag]) -> list[HumanLabel]:
    codes = {tag.pk: tag.code for tag in tags}
    labels: list[HumanLabel] = []
    for call_id, reference in reference_labels().items():
        for tag_id, code in codes.items():
            if tag_id in reference.ties:
                continue
            labels.append(HumanLabel(call_id, code, tag_id in reference.tags, ANNOTATION_WEIGHT))
    manual = CallTag.objects.manual().filter(tag_id__in=codes).values_list("call_id", "tag_id")
    for call_id, tag_id in manual:
        labels.append(HumanLabel(call_id, codes[tag_id], True, MANUAL_WEIGHT))
    latest: dict[tuple[int, int], str] = {}
    changes = (
        CallTagChange.objects.filter(tag_id__in=codes)
        .order_by("at", "id")
        .values_list("call_id", "tag_id", "action")
    )
    for call_id, tag_id, action in changes:
        latest[(call_id, tag_id)] = action
    for (call_id, tag_id), action in latest.items():
        if action == CallTagChange.Action.REMOVED:
            labels.append(HumanLabel(call_id, codes[tag_id], False, MANUAL_WEIGHT))
    return labels


def labels_stamp() -> str:
    """A cheap fingerprint of every label source (four aggregate queries): it changes when an
    annotation, a campaign's closing, a manual tag or a removal is added, changed or deleted."""
    annotations = Annotation.objects.filter(
        campaign__status=AnnotationCampaign.Status.CLOSED
    ).aggregate(n=Count("id"), at=Max("submitted_at"))
    campaigns = AnnotationCampaign.objects.closed().aggregate(n=Count("id"), at=Max("closed_at"))
    manual = CallTag.objects.manual().aggregate(n=Count("id"), at=Max("created_at"))
    changes = CallTagChange.objects.aggregate(n=Count("id"), at=Max("at"))
    parts = [
        f"{found['n']}@{found['at'].isoformat() if found['at'] else '-'}"
        for found in (annotations, campaigns, manual, changes)
    ]
    return "|".join(parts)
