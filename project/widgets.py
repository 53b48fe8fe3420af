"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """A date field as `<input type="date">` whose value is always ISO (2026-12-06).

    Django would write the value in the locale's first input format («06.12.2026»), which a
    browser's date input refuses and shows as empty, so an edit form lost its dates. In the page
    calls/static/calls/datepicker.js turns the input into a Russian «дд.мм.гггг» field with a
    calendar; the value sent stays ISO, so the form and its tests do not change.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
