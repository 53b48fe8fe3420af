from collections.abc import Callable

import pytest
from django.utils import timezone

from calls.demo.dialogs import DEMO_TZ
from calls.demo.seed import demo_seed_lines, demo_seed_people
from calls.models import Call
from scripts_library.library import services
from scripts_library.models import LibraryReview, Objection
from scripts_library.objections.analysis import library_changed_after_analysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    demo_seed_people()
    demo_seed_lines()


def test_loading_again_keeps_an_edited_library_and_duplicates_no_call(
    demo: None, run_command: Callable[..., str],
) -> None:
    out = run_command("load_demo_library")
    assert "items created" in out and "13 new" in out and "13 analysed" in out
    price = Objection.objects.get(code="price_too_high")
    services.objection_retire(objection=price)
    out = run_command("load_demo_library")
    assert "kept as it is" in out and "0 new / 13 existing" in out
    assert "0 analysed; a review exists already" in out
    assert Objection.objects.get(code="price_too_high").status == "retired"
    assert LibraryReview.objects.count() == 1


def test_a_fresh_demo_has_a_review_with_suggestions_and_an_up_to_date_archive(
    demo: None, run_command: Callable[..., str],
) -> None:
    run_command("load_demo_library")
    review = LibraryReview.objects.get()
    assert review.period_end == timezone.localdate(timezone=DEMO_TZ)
    kinds = {s.kind: s for s in review.suggestions.all()}
    assert set(kinds) >= {"new_objection", "new_phrase", "new_block"}
    assert kinds["new_objection"].payload["phrase"] == "курьер опаздывает"
    assert kinds["new_phrase"].payload["phrase"] == "пенсия маленькая"
    assert kinds["new_block"].payload["text"].startswith("Понимаю. Зато первый месяц")
    # Every suggestion rests on calls of at least two customers.
    for suggestion in review.suggestions.exclude(kind="unused_block"):
        basis = "together" if suggestion.kind == "new_phrase" else "calls"
        calls = [call for call, _t in suggestion.payload["evidence"][basis]]
        keys = set(Call.objects.filter(pk__in=calls).values_list("customer_key", flat=True))
        assert len(keys) >= 2
    # The library was imported before its calls were analysed: nothing to re-analyse.
    assert not library_changed_after_analysis()
    assert Call.objects.filter(external_id__startswith="sales-",
                               status=Call.Status.ANALYSED).count() == 13
