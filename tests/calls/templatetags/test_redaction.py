"""calls/templatetags/redaction.py: placeholders are shown as redactions, the rest is escaped."""

from __future__ import annotations

from calls.templatetags.redaction import redacted


def test_placeholders_are_marked_and_other_text_escaped() -> None:
    html = redacted("Карта [карта], <b>[телефон]</b> и [музыка]")
    assert html.count('<span class="redacted"') == 2
    assert '>[карта]</span>' in html and '>[телефон]</span>' in html
    assert "&lt;b&gt;" in html  # the rest is text, never markup
    assert "[музыка]" in html and html.count("redacted") == 2
