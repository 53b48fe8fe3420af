"""The cue form: a phrase, checked by the engine like every phrase editor's (KeyPhraseForm), and
the weight it adds to its list's score."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.phrase_runtime.forms import KeyPhraseForm

MAX_WEIGHT = 10.0


class CueForm(KeyPhraseForm):
    weight = forms.FloatField(
        label=_("Вес"), min_value=0.1, max_value=MAX_WEIGHT, initial=1.0,
        help_text=_("Сколько фраза добавляет к оценке своего списка: 1 — обычный сигнал, "
                    "2–3 — сильный."),
    )
