"""project.widgets.DateInput: a date input's value is ISO whatever the locale, or the browser
shows the field empty."""

from __future__ import annotations

from datetime import date

from django import forms

from project.widgets import DateInput


class _Form(forms.Form):
    day = forms.DateField(widget=DateInput(attrs={"class": "x"}))


def test_an_initial_date_is_written_as_iso() -> None:
    html = str(_Form(initial={"day": date(2026, 12, 6)})["day"])
    assert 'type="date"' in html and 'value="2026-12-06"' in html and 'class="x"' in html


def test_what_the_browser_sends_is_read_back() -> None:
    form = _Form(data={"day": "2026-12-06"})
    assert form.is_valid() and form.cleaned_data["day"] == date(2026, 12, 6)
    # Typed by hand with JavaScript off, the Russian way is understood as well.
    typed = _Form(data={"day": "06.12.2026"})
    assert typed.is_valid() and typed.cleaned_data["day"] == date(2026, 12, 6)
