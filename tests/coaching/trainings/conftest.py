"""The trainings tests start from the team gaps' constructed team."""

from tests.coaching.gaps.conftest import gaps

__all__ = ["gaps"]
