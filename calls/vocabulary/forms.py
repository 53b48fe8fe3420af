from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.vocabulary.services import TERM_MAX_LENGTH


class LineTermForm(forms.Form):
    term = forms.CharField(label=_("Слово или название"), max_length=TERM_MAX_LENGTH)
    # The suggestion source an accepted word came from; empty when typed.
    source = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)


class DecoderSwitchForm(forms.Form):
    on = forms.BooleanField(required=False)
