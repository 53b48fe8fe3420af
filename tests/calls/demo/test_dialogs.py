"""calls/demo/dialogs.py: the demo dialogs as written."""

from __future__ import annotations

import re

from calls.demo.dialogs import load_dialogs
from calls.demo.seed import DEMO_OPERATORS
from calls.models import Call

DIALOGS = load_dialogs()


def test_dialogs_cover_the_demo_center() -> None:
    assert len(DIALOGS) == 12
    assert len({dialog.id for dialog in DIALOGS}) == 12
    operator_codes = {spec.code for spec in DEMO_OPERATORS}
    for dialog in DIALOGS:
        assert dialog.line in {"delivery", "payments", "sales", "support"}
        assert dialog.direction in Call.Direction.values
        assert dialog.outcome in Call.Outcome.values
        assert dialog.operator in operator_codes
        assert 1 <= dialog.days_ago <= 14, "spread over the last two weeks, never in the future"
        assert 4 <= len(dialog.turns) <= 8
        for turn in dialog.turns:
            # espeak-ng reads digits in its own way; the reference must be what was said.
            assert not re.search(r"\d", turn.text), turn.text
    assert {"sale", "no_sale"} <= {dialog.outcome for dialog in DIALOGS}
