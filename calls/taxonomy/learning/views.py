"""The admin page of the learned tag models: per tag the cross-validated precision and recall,
how many labelled calls it learned from, and the switch that turns its proposals on or off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.models import CallTag, LearnedTagModel, Tag
from calls.reanalysis import ReanalysisAlreadyRunning, reanalysis_start
from calls.taxonomy.learning.tagging import LEARNED_TAGS_ANALYSER
from calls.taxonomy.learning.training import learned_tag_model_set_enabled
from project.roles import admin_required


@dataclass(frozen=True)
class TagModelRow:
    tag: Tag
    model: LearnedTagModel | None
    proposed_calls: int  # calls carrying the model's tag now
    proposed_url: str


def calls_url(**query: Any) -> str:
    return f"{reverse('calls:list')}?{urlencode(query)}"


@admin_required
@require_safe
def learned_models_view(request: HttpRequest) -> HttpResponse:
    tags = Tag.objects.active().select_related("category", "learned_model__enabled_by")
    proposed = dict(
        CallTag.objects.learned().values_list("tag_id").annotate(n=Count("call_id", distinct=True))
    )
    rows = [
        TagModelRow(
            tag=tag,
            model=getattr(tag, "learned_model", None),
            proposed_calls=proposed.get(tag.pk, 0),
            proposed_url=calls_url(tag=tag.code, tag_source=CallTag.Source.MODEL),
        )
        for tag in tags
    ]
    return render(
        request,
        "taxonomy/learning/models.html",
        {
            "rows": rows,
            "min_precision": settings.LEARNED_TAGS_MIN_PRECISION,
        },
    )


@admin_required
@require_POST
def learned_model_enable_view(request: HttpRequest, code: str, enabled: bool) -> HttpResponse:
    model = get_object_or_404(LearnedTagModel, tag__code=code)
    learned_tag_model_set_enabled(model=model, enabled=enabled, user=request.user)
    name = model.tag.name
    if not enabled:
        messages.success(
            request,
            _("Предложения модели тега «%(name)s» выключены и сняты со звонков архива.")
            % {"name": name},
        )
        return redirect("taxonomy:learning")
    # The archive gets the proposals by a re-analysis of this analyser (and nothing else).
    try:
        reanalysis_start(analyser=LEARNED_TAGS_ANALYSER, user=request.user)  # type: ignore[arg-type]
    except ReanalysisAlreadyRunning:
        messages.warning(
            request,
            _(
                "Предложения модели тега «%(name)s» включены: новые звонки получат их при анализе. "
                "Архив сейчас занят другим повторным анализом — запустите повторный анализ "
                "на странице таксономии, когда он закончится."
            )
            % {"name": name},
        )
    else:
        messages.success(
            request,
            _(
                "Предложения модели тега «%(name)s» включены: новые звонки получат их при "
                "анализе, архив пересчитывается в фоне."
            )
            % {"name": name},
        )
    return redirect("taxonomy:learning")
