"""The «Проверить фразу» result writes its count the Russian way: 1 звонок, 3 звонка, 5 звонков."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize(("tagged", "words"), [(1, "звонок"), (3, "звонка"), (5, "звонков"),
                                               (21, "звонок")])
def test_tagged_calls_take_the_right_form(tagged: int, words: str) -> None:
    result = SimpleNamespace(tagged=tagged, scanned=1500, matches=tagged * 2, too_broad=False,
                             share_percent=0, samples=[])
    html = re.sub(r"[ \n]+", " ", render_to_string("taxonomy/_try_result.html",
                                                    {"result": result}))
    assert (f"Фраза отметит <strong data-try-tagged>{tagged}</strong> {words} из 1\u00a0500\u00a0"
            "последних проанализированных") in html
