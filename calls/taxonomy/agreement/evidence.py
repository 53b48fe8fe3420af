"""The calls behind each number of the agreement page, computed as the page computed them."""

from __future__ import annotations

from calls.models import AnnotationCampaign, CallTag, Tag
from calls.taxonomy.agreement.forms import CallList
from calls.taxonomy.agreement.sources import source_accuracy
from calls.taxonomy.annotation.reference import answers


def agreement_call_ids(
    *,
    campaign: AnnotationCampaign | None,
    kind: str,
    tag: Tag | None = None,
    source: str | None = None,
) -> set[int]:
    """The call ids of one list (CallList), for one tag or, without one, for any tag."""
    if kind in (CallList.ITEMS, CallList.CHOSEN, CallList.DISAGREED):
        result = set()
        for call_id, by_annotator in answers(campaign).items():
            chosen = list(by_annotator.values())
            if kind == CallList.ITEMS:
                hit = len(chosen) >= 2
            elif kind == CallList.CHOSEN:
                hit = any(tag.pk in tags for tags in chosen) if tag else any(chosen)
            else:
                hit = len(chosen) >= 2 and (
                    len({tag.pk in tags for tags in chosen}) > 1 if tag else len(set(chosen)) > 1
                )
            if hit:
                result.add(call_id)
        return result
    if source is None:
        raise ValueError("the lists of a tag source need the source")
    result = set()
    for row in source_accuracy(campaign=campaign):
        if row.source != CallTag.Source(source) or (tag is not None and row.tag != tag):
            continue
        if kind in (CallList.TRUE_POSITIVES, CallList.FOUND, CallList.RELEVANT):
            result.update(row.true_positives)
        if kind in (CallList.FALSE_POSITIVES, CallList.FOUND):
            result.update(row.false_positives)
        if kind in (CallList.FALSE_NEGATIVES, CallList.RELEVANT):
            result.update(row.false_negatives)
    return result
