"""The schedule's task: retrain the tag models when people's labels changed."""

from __future__ import annotations

from calls.taxonomy.learning.training import (
    labels_changed_since_training,
    learned_tag_models_train,
)


def retrain_learned_tags() -> str:
    """Retrain every tag model when a label changed since the last training (a few aggregate
    queries otherwise). Models that were on stay on; nothing is turned on here."""
    if not labels_changed_since_training():
        return "labels unchanged"
    results = learned_tag_models_train()
    return f"retrained {sum(1 for result in results if result.model is not None)} tag models"
