"""The cue lists in the admin site (the page /calls/voice/cues/ is where trainers edit them); the
cue hits are read-only evidence, their text masked like on every page."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from calls.models import Cue, CueHit, CueKind, CueList
from calls.phrase_runtime.forms import PHRASE_FIELDS, PhraseModelForm
from calls.voice.words.masking import mask_all_words, mask_profanity


class CueAdminForm(PhraseModelForm):
    class Meta:
        model = Cue
        fields = ["cue_list", *PHRASE_FIELDS, "weight"]


class CueInline(admin.TabularInline):
    model = Cue
    form = CueAdminForm
    fields = [*PHRASE_FIELDS, "weight"]
    extra = 0


@admin.register(CueList)
class CueListAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at"]
    fields = ["kind", "description"]
    inlines = [CueInline]


@admin.register(Cue)
class CueAdmin(admin.ModelAdmin):
    form = CueAdminForm
    list_display = ["shown_text", "cue_list", "weight", "speaker", "is_active"]
    list_filter = ["cue_list", "is_active"]
    list_select_related = ["cue_list"]
    search_fields = ["text"]

    @admin.display(description=_("фраза"))
    def shown_text(self, cue: Cue) -> str:
        if cue.cue_list.kind == CueKind.PROFANITY:
            return mask_all_words(cue.text)
        return cue.text


@admin.register(CueHit)
class CueHitAdmin(admin.ModelAdmin):
    list_display = ["call", "kind", "negated", "shown_text", "start"]
    list_filter = ["kind", "negated"]
    raw_id_fields = ["call", "segment", "cue"]
    # The stored text is as heard; the admin shows it masked, like every page.
    fields = ["call", "segment", "cue", "kind", "negated", "weight", "start", "end", "shown_text"]
    readonly_fields = ["shown_text"]

    @admin.display(description=_("найденный текст"))
    def shown_text(self, hit: CueHit) -> str:
        return mask_profanity(hit.text)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
