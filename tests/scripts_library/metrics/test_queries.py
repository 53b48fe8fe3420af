from datetime import date

import pytest

from project.roles import Role
from scripts_library.metrics.queries import (
    BlockMetrics,
    MetricsFilter,
    block_metrics,
    measured_calls,
    objection_metrics,
    rank_key,
    theme_metrics,
)
from scripts_library.models import ResponseBlock
from tests.factories import UserFactory
from tests.scripts_library.metrics.conftest import World


@pytest.fixture
def trainer():  # type: ignore[no-untyped-def]
    return UserFactory(username="trainer", role=Role.TRAINER)


def _by_code(rows):  # type: ignore[no-untyped-def]
    return {row.code: row for row in rows}


def test_objection_numbers_known_answers(world: World, trainer) -> None:  # type: ignore[no-untyped-def]
    rows = _by_code(objection_metrics(measured_calls(trainer, MetricsFilter())))
    price, discount = rows["price"], rows["discount"]
    assert (price.calls, price.sales, price.conversion) == (2, 1, 0.5)
    assert (price.repeated, price.repeated_rate) == (1, 0.5)
    assert price.aht_with == pytest.approx(150)  # c1, c2 (c5 is not analysed)
    assert price.aht_without == pytest.approx(350)  # c3, c4
    assert (discount.calls, discount.sales, discount.repeated) == (1, 1, 0)
    assert discount.aht_with == pytest.approx(300)
    assert discount.aht_without == pytest.approx((100 + 200 + 400) / 3)


def test_theme_counts_a_call_once(world: World, trainer) -> None:  # type: ignore[no-untyped-def]
    (theme,) = theme_metrics(measured_calls(trainer, MetricsFilter()))
    assert (theme.calls, theme.sales, theme.repeated) == (3, 2, 1)
    assert theme.aht_with == pytest.approx(200)
    assert theme.aht_without == pytest.approx(400)


def test_filters_narrow_the_calls(world: World, trainer) -> None:  # type: ignore[no-untyped-def]
    only_op2 = _by_code(objection_metrics(measured_calls(trainer, MetricsFilter(
        operator=world.op2))))
    assert (only_op2["price"].calls, only_op2["price"].sales) == (1, 0)
    assert only_op2["price"].aht_without == pytest.approx(350)
    by_team = _by_code(objection_metrics(measured_calls(trainer, MetricsFilter(
        team=world.team2))))
    assert by_team["discount"].calls == 1
    later = _by_code(objection_metrics(measured_calls(trainer, MetricsFilter(
        date_from=date(2026, 10, 16)))))
    assert later["price"].calls == 0 and later["price"].conversion is None
    on_day = _by_code(objection_metrics(measured_calls(trainer, MetricsFilter(
        date_from=date(2026, 10, 15), date_to=date(2026, 10, 15), line=world.calls["c1"].line))))
    assert on_day["price"].calls == 2


def test_roles_operator_sees_own_calls_manager_the_team(world: World) -> None:
    operator = world.op1.user
    own = _by_code(objection_metrics(measured_calls(operator, MetricsFilter())))
    assert (own["price"].calls, own["price"].sales, own["discount"].calls) == (1, 1, 0)
    manager = world.team2.manager
    team = _by_code(objection_metrics(measured_calls(manager, MetricsFilter())))
    assert (team["price"].calls, team["discount"].calls) == (1, 1)
    nobody = UserFactory(username="norole")
    assert measured_calls(nobody, MetricsFilter()).count() == 0


def test_block_inserted_counts_conversion_and_interval(world: World, trainer) -> None:  # type: ignore[no-untyped-def]
    rows = {m.block.text: m for m in block_metrics(trainer, MetricsFilter())}
    x, y = rows["Блок X"], rows["Блок Y"]
    assert (x.inserted, x.calls, x.sales, x.conversion) == (3, 2, 1, 0.5)
    assert x.interval is not None and x.interval.low == pytest.approx(0.0945, abs=1e-4)
    assert (y.inserted, y.calls, y.sales) == (1, 1, 1)
    own = {m.block.text: m for m in block_metrics(world.op1.user, MetricsFilter())}
    assert (own["Блок X"].inserted, own["Блок X"].calls) == (2, 1)


def test_a_block_used_twice_is_not_the_best(world: World) -> None:
    twice = BlockMetrics(block=ResponseBlock(), inserted=2, calls=2, sales=2)
    proven = BlockMetrics(block=ResponseBlock(), inserted=100, calls=100, sales=60)
    unused = BlockMetrics(block=ResponseBlock(), inserted=0, calls=0, sales=0)
    assert twice.conversion == 1.0
    assert sorted([twice, unused, proven], key=rank_key) == [proven, twice, unused]
