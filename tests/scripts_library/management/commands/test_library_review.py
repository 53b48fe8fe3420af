import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scripts_library.models import LibraryReview
from tests.scripts_library.review.conftest import month  # noqa: F401  (the fixture)


@pytest.mark.usefixtures("month")
def test_command_opens_a_given_month(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("library_review", "--month", "2026-10")
    call_command("library_review", "--month", "2026-10")
    out = capsys.readouterr().out
    assert "Обзор за октябрь 2026 открыт" in out and "уже был открыт" in out
    assert LibraryReview.objects.count() == 1


def test_command_refuses_a_bad_month(db: None) -> None:
    with pytest.raises(CommandError, match="ГГГГ-ММ"):
        call_command("library_review", "--month", "2026-13")
