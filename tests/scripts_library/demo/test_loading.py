import pytest

from calls.demo.dialogs import load_dialogs
from calls.demo.seed import demo_seed_lines, demo_seed_people
from calls.models import Call
from scripts_library.demo.loading import (
    demo_expected_objections,
    demo_import_sales_calls,
    demo_load_library,
    demo_sales_dialogs,
)
from scripts_library.models import Objection, ObjectionHit
from scripts_library.objections.analysis import calls_find_objections
from tests.factories import call_with_segments

pytestmark = pytest.mark.django_db

# What the customers of the platform's own demo sales calls (calls/demo/dialogs.json) say.
DIALOGS_OBJECTIONS = {
    "demo-006": {"price_too_high", "rarely_use", "think_it_over", "call_later"},
    "demo-007": set(),
}


@pytest.fixture
def demo() -> None:
    demo_seed_people()
    demo_seed_lines()


def _found(call_ids: list[int]) -> dict[int, set[str]]:
    calls_find_objections(call_ids=call_ids)
    found: dict[int, set[str]] = {pk: set() for pk in call_ids}
    for call_id, code in ObjectionHit.objects.values_list("call_id", "objection__code"):
        found[call_id].add(code)
    return found


def test_every_demo_objection_is_found_where_it_is_spoken(demo: None) -> None:
    assert demo_load_library() is not None
    report = demo_import_sales_calls()
    assert len(report.created) == len(demo_sales_dialogs()) >= 8
    expected = demo_expected_objections()
    calls = {call.external_id: call.pk for call in report.created}
    found = _found(list(calls.values()))
    assert {external_id: found[pk] for external_id, pk in calls.items()} == expected
    # Every objection of the library is spoken in some demo sales call.
    assert set().union(*expected.values()) == set(Objection.objects.values_list("code",
                                                                                flat=True))
    assert ObjectionHit.objects.filter(raised_again=True).exists()
    assert ObjectionHit.objects.exclude(reply_text="").count() > 20
    sale = Call.objects.get(external_id="sales-101")
    assert (sale.outcome, sale.line.code, sale.operator.code) == ("sale", "sales", "maria")


def test_the_platforms_demo_sales_calls(demo: None) -> None:
    demo_load_library()
    dialogs = {dialog.id: dialog for dialog in load_dialogs() if dialog.line == "sales"}
    calls = {
        dialog_id: call_with_segments(*[(t.speaker, t.text) for t in dialog.turns]).pk
        for dialog_id, dialog in dialogs.items()
    }
    found = _found(list(calls.values()))
    assert {dialog_id: found[pk] for dialog_id, pk in calls.items()} == DIALOGS_OBJECTIONS
