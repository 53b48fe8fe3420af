"""A report's numbers as the page reads them: the «Звонков» count opens the calls it counts,
also in a report stored before that count had an address of its own."""

from __future__ import annotations

from coaching.reports.presentation import _applicable


def test_an_old_report_derives_the_calls_address_from_the_shown_one() -> None:
    shown = ("/coaching/operators/a/skills/need/calls/?status=shown"
             "&date_from=2026-11-01&date_to=2026-11-30")
    assert _applicable(shown) == ("/coaching/operators/a/skills/need/calls/?status=applicable"
                                  "&date_from=2026-11-01&date_to=2026-11-30")
    assert _applicable("") == ""
