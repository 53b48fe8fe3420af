"""calls/phrase_runtime/validation.py and the shared phrase form: phrases with numbers validate,
in digits or words (issue 16 §3)."""

from __future__ import annotations

import pytest

from calls.models import WindowKind
from calls.phrase_runtime.forms import KeyPhraseForm
from calls.phrase_runtime.validation import phrase_validate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text", ["2000 рублей", "2 000 рублей", "две тысячи рублей", "3-й раз звоню",
             "внести 90 рублей", "«девяносто пять» рублей", "до 25-го числа", "1,5 тысячи"],
)
def test_a_phrase_with_a_number_validates(text: str) -> None:
    rule = phrase_validate(text=text, speaker="customer", max_gap=1)
    assert rule.text == text

    form = KeyPhraseForm(data={"text": text, "speaker": "customer", "max_gap": 1,
                               "window_kind": WindowKind.NONE})
    assert form.is_valid(), form.errors
