"""calls/phrase_runtime/tryout.py: the share of recent calls a phrase would mark."""

from __future__ import annotations

from typing import Any

import pytest

from calls.phrase_runtime.tryout import phrase_try
from calls.phrases import PhraseRule
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db


def test_share_and_the_broad_phrase_warning(settings: Any) -> None:
    for text in ["Спасибо", "Спасибо большое", "Алло", "Здравствуйте"]:
        call_with_segments(("customer", text))

    result = phrase_try(rule=PhraseRule(key="try", text="спасибо"))
    assert (result.scanned, result.tagged, result.share_percent) == (4, 2, 50)
    assert result.too_broad

    settings.PHRASE_TRY_BROAD_SHARE = 0.6
    assert not phrase_try(rule=PhraseRule(key="try", text="спасибо")).too_broad
