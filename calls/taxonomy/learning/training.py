"""Training the tag models: fit on every label people gave, cross-validate, store per tag.

One regression serves all tags (calls/learning/learner.py), so every training reads the labels
of every active tag even when one tag is asked for; only the asked tags' records are written.
Retraining keeps whether a model is on: an admin's decision outlives a new fit, and `accept`
(the command's --accept) only ever turns models on.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from calls.learning.documents import Document, documents_from_transcripts
from calls.learning.learner import Scores, cross_validate, fit_label_models
from calls.models import CallTag, LearnedTagModel, Speaker, Tag
from calls.phrase_runtime.transcripts import load_transcripts
from calls.taxonomy.learning.labels import labels_stamp, tag_key, tag_labels
from project.roles import AnyUser

# Customers name their problems; the operator's words would teach the model the script.
LEARNED_SPEAKER = Speaker.CUSTOMER.value
CV_FOLDS = 5


@dataclass(frozen=True)
class TagTraining:
    tag: Tag
    model: LearnedTagModel | None  # None: no positive or no negative labelled call yet
    scores: Scores | None
    turned_on: bool = False


def tag_seeds(tags: Collection[Tag]) -> dict[str, list[str]]:
    """What is known of each tag before any example: its name, description and active phrases."""
    seeds: dict[str, list[str]] = {tag_key(tag): [tag.name, tag.description] for tag in tags}
    for tag in tags:
        seeds[tag_key(tag)] += [phrase.text for phrase in tag.phrases.all() if phrase.is_active]
    return seeds


def labelled_documents(call_ids: Collection[int]) -> dict[int, Document]:
    transcripts = load_transcripts(sorted(call_ids))
    return {
        document.call_id: document
        for document in documents_from_transcripts(transcripts, speaker=LEARNED_SPEAKER)
    }


def learned_tag_models_train(
    *,
    codes: Collection[str] | None = None,
    accept: bool = False,
    min_precision: float | None = None,
    now: datetime | None = None,
) -> list[TagTraining]:
    """Fit and cross-validate; store a model for each tag (of `codes`, or every active tag)
    that has labelled calls both with and without it. With `accept`, turn on each stored model
    whose cross-validated precision reaches `min_precision` (the setting by default)."""
    now = now or timezone.now()
    if min_precision is None:
        min_precision = settings.LEARNED_TAGS_MIN_PRECISION
    stamp = labels_stamp()
    tags = list(Tag.objects.active().prefetch_related("phrases").order_by("code"))
    labels = tag_labels(tags)
    documents = labelled_documents({label.call_id for label in labels})
    hits = set(
        CallTag.objects.auto().filter(call_id__in=documents).values_list("call_id", "tag__code")
    )
    seeds = tag_seeds(tags)
    fitted = fit_label_models(documents=documents, labels=labels, seeds=seeds, hits=hits)
    scores = (
        cross_validate(documents=documents, labels=labels, seeds=seeds, hits=hits, folds=CV_FOLDS)
        if fitted
        else {}
    )
    chosen = [tag for tag in tags if codes is None or tag.code in set(codes)]
    results: list[TagTraining] = []
    with transaction.atomic():
        for tag in chosen:
            fitted_model = fitted.get(tag_key(tag))
            score = scores.get(tag_key(tag))
            if fitted_model is None:
                results.append(TagTraining(tag=tag, model=None, scores=score))
                continue
            record, _created = LearnedTagModel.objects.update_or_create(
                tag=tag,
                defaults={
                    "cv_precision": score.precision if score else None,
                    "cv_recall": score.recall if score else None,
                    "n_positive": fitted_model.n_positive,
                    "n_negative": fitted_model.n_negative,
                    "trained_at": now,
                    "labels_stamp": stamp,
                    "parameters": fitted_model.as_json(),
                },
            )
            turned_on = False
            if (
                accept
                and not record.is_enabled
                and record.cv_precision is not None
                and record.cv_precision >= min_precision
            ):
                learned_tag_model_set_enabled(model=record, enabled=True, user=None, now=now)
                turned_on = True
            results.append(TagTraining(tag=tag, model=record, scores=score, turned_on=turned_on))
    return results


def learned_tag_model_set_enabled(
    *, model: LearnedTagModel, enabled: bool, user: AnyUser | None, now: datetime | None = None
) -> None:
    """Turn a tag's proposals on or off (the next analysis or re-analysis applies it).

    Turning off also takes the model's proposals off the archive at once: top problems, shares
    and exports count every source, and must not keep counting what an admin turned off until the
    next re-analysis."""
    with transaction.atomic():
        model.is_enabled = enabled
        model.enabled_by = user if user is not None and user.is_authenticated else None  # type: ignore[assignment]
        model.enabled_changed_at = now or timezone.now()
        model.save(update_fields=["is_enabled", "enabled_by", "enabled_changed_at"])
        if not enabled:
            CallTag.objects.filter(tag_id=model.tag_id, source=CallTag.Source.MODEL).delete()


def labels_changed_since_training() -> bool:
    """The schedule's cheap check: is there a label the stored models have not learned from?"""
    stamps = set(LearnedTagModel.objects.values_list("labels_stamp", flat=True))
    current = labels_stamp()
    if not stamps:
        # Nothing trained yet: worth a try once there is any label at all.
        return current != labels_stamp_empty()
    return stamps != {current}


def labels_stamp_empty() -> str:
    return "|".join(["0@-"] * 4)
