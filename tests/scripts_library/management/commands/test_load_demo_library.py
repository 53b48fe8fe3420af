from collections.abc import Callable

import pytest

from calls.demo.seed import demo_seed_lines, demo_seed_people
from scripts_library.library import services
from scripts_library.models import Objection

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    demo_seed_people()
    demo_seed_lines()


def test_loading_again_keeps_an_edited_library_and_duplicates_no_call(
    demo: None, run_command: Callable[..., str],
) -> None:
    out = run_command("load_demo_library")
    assert "items created" in out and "10 new" in out
    price = Objection.objects.get(code="price_too_high")
    services.objection_retire(objection=price)
    out = run_command("load_demo_library")
    assert "kept as it is" in out and "0 new / 10 existing" in out
    assert Objection.objects.get(code="price_too_high").status == "retired"
