"""Annotation pages: the admins' campaigns (list, new, detail with progress, ties and closing) and
the annotators' queue and annotation page.

Who reaches what: only admins create, close and read campaigns; a person annotates only the calls
of the campaigns they are assigned to (404 for any other, even an admin's), and reads their
recording and transcript here, not through the call page, which their role may not open. While a
campaign is open nobody's page shows a label of another annotator or a tag the call got from the
phrases, a model or a person (blindness); the admin's detail shows counts only.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from calls.models import AnnotationCampaign, CampaignCall, Tag
from calls.recordings import recording_response
from calls.redaction.storage import audio_withheld
from calls.taxonomy.annotation.forms import AnnotationForm, CampaignForm
from calls.taxonomy.annotation.queries import (
    active_tags_by_category,
    annotator_items,
    answered_by_all,
    answers_by_call,
    campaign_answers,
    campaign_progress,
    campaigns_with_counts,
    next_item,
    open_ties,
    own_answer,
)
from calls.taxonomy.annotation.services import (
    LabelsApplied,
    annotation_save,
    campaign_close,
    campaign_create,
    labels_apply,
    tie_resolve,
)
from project.errors import DomainError
from project.roles import admin_required
from project.russian import plural

ANNOTATING = "calls.change_annotation"


def _person(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # behind login_required
    return request.user


def _applied_message(result: LabelsApplied) -> str:
    text = _("В теги звонков перенесено: %(added)s.") % {
        "added": plural(result.added, "тег,тега,тегов")
    }
    if result.already:
        text += " " + _("Уже стояли вручную: %(n)s.") % {
            "n": plural(result.already, "тег,тега,тегов")
        }
    if result.ties:
        text += " " + _("Ничьих ждут решения: %(n)s.") % {
            "n": plural(result.ties, "тег,тега,тегов")
        }
    if result.retired:
        text += " " + _("Выведены из работы и не перенесены: %(n)s.") % {
            "n": plural(result.retired, "тег,тега,тегов")
        }
    return text


# --- Admins: campaigns ---------------------------------------------------------------------------


@admin_required
@require_safe
def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "taxonomy/annotation/campaign_list.html", {"campaigns": campaigns_with_counts()}
    )


@admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def campaign_create_view(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_create(created_by=_person(request), **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Кампания «%(name)s» открыта: %(calls)s в выборке.")
                % {
                    "name": campaign.name,
                    "calls": plural(campaign.sample_size, "звонок,звонка,звонков"),
                },
            )
            return redirect("taxonomy:annotation:campaign", pk=campaign.pk)
    return render(request, "taxonomy/annotation/campaign_form.html", {"form": form})


@admin_required
@require_safe
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(
        AnnotationCampaign.objects.select_related("created_by", "closed_by"), pk=pk
    )
    items = campaign.campaign_calls.select_related("call", "call__line").order_by("order")
    context = {
        "campaign": campaign,
        "progress": campaign_progress(campaign),
        "annotators_count": campaign.annotators.count(),
    }
    if campaign.is_open:
        # Counts only: an admin may be one of the annotators, and nobody sees labels yet.
        counts = answers_by_call(campaign)
        context["items"] = [(item, counts.get(item.call_id, 0)) for item in items]
        context["complete"] = answered_by_all(campaign)
    else:
        context["rows"] = campaign_answers(campaign)
        context["ties"] = open_ties(campaign)
    return render(request, "taxonomy/annotation/campaign_detail.html", context)


@admin_required
@require_POST
def campaign_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(AnnotationCampaign, pk=pk)
    try:
        result = campaign_close(campaign=campaign, user=_person(request))
    except DomainError as error:
        messages.warning(request, error.message)
    else:
        message = _("Кампания закрыта.")
        if result is not None:
            message += " " + _applied_message(result)
        messages.success(request, message)
    return redirect("taxonomy:annotation:campaign", pk=pk)


@admin_required
@require_POST
def labels_apply_view(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(AnnotationCampaign, pk=pk)
    try:
        result = labels_apply(campaign=campaign, user=_person(request))
    except DomainError as error:
        messages.warning(request, error.message)
    else:
        messages.success(request, _applied_message(result))
    return redirect("taxonomy:annotation:campaign", pk=pk)


@admin_required
@require_POST
def tie_resolve_view(request: HttpRequest, pk: int, call_pk: int) -> HttpResponse:
    item = get_object_or_404(
        CampaignCall.objects.select_related("campaign", "call"),
        campaign__pk=pk,
        call__pk=call_pk,
    )
    tag = get_object_or_404(Tag, code=request.POST.get("tag", ""))
    decision = request.POST.get("applies")
    if decision not in ("yes", "no"):
        messages.error(request, _("Выберите, подходит тег или нет."))
    else:
        try:
            tie_resolve(
                campaign=item.campaign,
                call=item.call,
                tag=tag,
                applies=decision == "yes",
                user=_person(request),
            )
        except DomainError as error:
            messages.warning(request, error.message)
        else:
            messages.success(request, _("Ничья по тегу «%(tag)s» решена.") % {"tag": tag.name})
    return redirect(reverse("taxonomy:annotation:campaign", args=[pk]) + "#ties")


# --- Annotators: the queue and the annotation page -----------------------------------------------


def _may_annotate(request: HttpRequest) -> None:
    # Operators and managers: 403, as for any taxonomy tool they have no part in.
    if not request.user.has_perm(ANNOTATING):
        raise PermissionDenied


def _assigned_item(request: HttpRequest, pk: int, call_pk: int) -> CampaignCall:
    _may_annotate(request)
    # A campaign the person does not annotate does not exist for them: 404, never 403.
    return get_object_or_404(
        CampaignCall.objects.assigned_to(request.user).select_related(
            "campaign", "call", "call__line"
        ),
        campaign__pk=pk,
        call__pk=call_pk,
    )


@login_required
@require_safe
def annotation_queue(request: HttpRequest) -> HttpResponse:
    _may_annotate(request)
    items = annotator_items(_person(request))
    campaigns: dict[int, dict[str, object]] = {}
    for item in items:
        group = campaigns.setdefault(
            item.campaign.pk, {"campaign": item.campaign, "items": [], "answered": 0}
        )
        group["items"].append(item)  # type: ignore[attr-defined]
        group["answered"] = int(group["answered"]) + int(item.answered)  # type: ignore[call-overload]
    return render(
        request, "taxonomy/annotation/queue.html", {"campaigns": list(campaigns.values())}
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def annotate(request: HttpRequest, pk: int, call_pk: int) -> HttpResponse:
    item = _assigned_item(request, pk, call_pk)
    campaign, call, person = item.campaign, item.call, _person(request)
    answer = own_answer(campaign, call, person)
    initial = None
    if answer is not None:
        initial = {
            "tags": list(answer.tags.all()),
            "none_apply": answer.none_apply,
            "comment": answer.comment,
        }
    # An empty POST is an answer too (one that says nothing), not a page to show again.
    form = AnnotationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if not campaign.is_open:
            messages.warning(request, _("Кампания закрыта: ответы больше не меняются."))
            return redirect("taxonomy:annotation:annotate", pk=pk, call_pk=call_pk)
        if form.is_valid():
            try:
                annotation_save(
                    campaign=campaign,
                    call=call,
                    annotator=person,
                    tags=form.cleaned_data["tags"],
                    none_apply=form.cleaned_data["none_apply"],
                    comment=form.cleaned_data["comment"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Ответ сохранён."))
                following = next_item(person, campaign, call)
                if following is None:
                    messages.info(request, _("Все звонки кампании размечены. Спасибо!"))
                if following is None or request.POST.get("action") == "save":
                    return redirect("taxonomy:annotation:queue")
                return redirect("taxonomy:annotation:annotate", pk=pk, call_pk=following.call.pk)
    items = annotator_items(person, campaign) if campaign.is_open else []
    position = next((i for i, other in enumerate(items, start=1) if other.call.pk == call.pk), None)
    chosen = {str(value) for value in (form["tags"].value() or [])}
    return render(
        request,
        "taxonomy/annotation/annotate.html",
        {
            "campaign": campaign,
            "call": call,
            "form": form,
            "answer": answer,
            "categories": active_tags_by_category(),
            "chosen": chosen,
            "none_apply_checked": bool(form["none_apply"].value()),
            # The transcript without any tag highlight: the phrases' tags are not shown here.
            "segments": call.segments.order_by("index", "start"),
            "audio_withheld": audio_withheld(call),
            "position": position,
            "total": len(items),
            "answered": sum(1 for other in items if other.answered),
        },
    )


@login_required
@require_safe
def annotation_audio(request: HttpRequest, pk: int, call_pk: int) -> HttpResponseBase:
    """The recording of a call of one's campaign (the call page's audio may be closed to an
    annotator's role)."""
    call = _assigned_item(request, pk, call_pk).call
    return recording_response(request, call)
