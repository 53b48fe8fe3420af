"""The lines' vocabularies (admins only): the list of a line's words, the switch that passes
them to the recognizer, the suggestions of every source and the calls behind each count."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from calls.models import Call, Line
from calls.vocabulary.forms import DecoderSwitchForm, LineTermForm
from calls.vocabulary.services import (
    line_term_add,
    line_term_remove,
    line_vocabulary_set_decoder,
)
from calls.vocabulary.sources import vocabulary_source, vocabulary_sources
from calls.vocabulary.suggestions import line_suggestions, term_call_ids, term_counts
from project.errors import DomainError
from project.roles import admin_required

CALLS_PER_PAGE = 25


@admin_required
@require_safe
def line_list(request: HttpRequest) -> HttpResponse:
    lines = Line.objects.annotate(
        term_count=Count("terms", distinct=True), call_count=Count("calls", distinct=True),
    ).order_by("name")
    return render(request, "vocabulary/line_list.html", {
        "lines": lines, "cap": settings.LINE_VOCABULARY_MAX_TERMS,
    })


@admin_required
@require_safe
def line_vocabulary(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(Line, pk=pk)
    terms = list(line.terms.select_related("added_by").order_by("id"))
    counts = term_counts(line, [t.term for t in terms])
    labels = {source.key: source.label for source in vocabulary_sources()}
    rows = [{
        "term": t, "count": counts.get(t.term, (0, ()))[0],
        "source_label": labels.get(t.source, t.source) if t.source else _("вписано вручную"),
    } for t in terms]
    cap = settings.LINE_VOCABULARY_MAX_TERMS
    return render(request, "vocabulary/line_vocabulary.html", {
        "line": line,
        "rows": rows,
        "cap": cap,
        "full": len(terms) >= cap,
        "form": LineTermForm(),
        "sources": line_suggestions(line),
        "mode": settings.WHISPER_VOCABULARY_MODE,
    })


@admin_required
@require_POST
def line_term_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(Line, pk=pk)
    form = LineTermForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("term", []):
            messages.error(request, str(error))
        return redirect("calls:line-vocabulary", pk=line.pk)
    source = form.cleaned_data["source"]
    if source and vocabulary_source(source) is None:
        source = ""
    try:
        term = line_term_add(line=line, term=form.cleaned_data["term"], user=request.user,  # type: ignore[arg-type]
                             source=source)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("«%(term)s» добавлено в словарь линии.") % {"term": term.term})
    return redirect("calls:line-vocabulary", pk=line.pk)


@admin_required
@require_POST
def line_term_remove_view(request: HttpRequest, pk: int, term_pk: int) -> HttpResponse:
    line = get_object_or_404(Line, pk=pk)
    line_term_remove(line=line, term_id=term_pk)
    messages.success(request, _("Слово убрано из словаря линии."))
    return redirect("calls:line-vocabulary", pk=line.pk)


@admin_required
@require_POST
def line_decoder_switch_view(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(Line, pk=pk)
    form = DecoderSwitchForm(request.POST)
    on = form.is_valid() and bool(form.cleaned_data["on"])
    line_vocabulary_set_decoder(line=line, on=on)
    messages.success(request, _("Словарь подсказывается распознаванию новых звонков линии.") if on
                     else _("Словарь сохранён, но распознаванию больше не подсказывается."))
    return redirect("calls:line-vocabulary", pk=line.pk)


@admin_required
@require_safe
def line_term_calls(request: HttpRequest, pk: int) -> HttpResponse:
    """The calls behind a count of the page: where a suggestion (?source=…) or a word of the
    list occurs."""
    line = get_object_or_404(Line, pk=pk)
    term = request.GET.get("term", "").strip()
    if not term:
        raise Http404
    source_key = request.GET.get("source", "")
    source = vocabulary_source(source_key) if source_key else None
    if source_key and source is None:
        raise Http404
    call_ids = term_call_ids(line, term, source=source)
    calls = (Call.objects.visible_to(request.user).filter(pk__in=call_ids)
             .select_related("operator", "line").order_by("-started_at", "-id"))
    page = Paginator(calls, CALLS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "vocabulary/term_calls.html", {
        "line": line, "term": term, "source": source, "page": page,
    })
