"""Block ranking: measured effectiveness with a prior, and a fair chance for new blocks."""

from scripts_library.sidebar.ranking import (
    NEUTRAL_SHARE,
    BlockRecord,
    block_score,
    pooled_share,
    posterior_mean,
    rank_blocks,
)


def test_a_block_used_twice_with_two_sales_is_not_above_a_proven_block() -> None:
    records = {
        1: BlockRecord(sales=2, no_sales=0),
        2: BlockRecord(sales=70, no_sales=30),
        3: BlockRecord(sales=30, no_sales=70),
    }
    prior = pooled_share(records.values())
    assert rank_blocks([(1, 0), (2, 1), (3, 2)], records, prior) == [2, 1, 3]
    # Its measured share is shrunk to the objection's average, not 100 %.
    assert posterior_mean(records[1], prior) < 0.7


def test_a_new_block_ranks_above_an_average_block_and_below_a_clearly_better_one() -> None:
    records = {
        1: BlockRecord(sales=30, no_sales=70),   # the objection's average
        2: BlockRecord(sales=70, no_sales=30),   # clearly better
    }
    prior = pooled_share(records.values())
    assert rank_blocks([(1, 0), (2, 0), (3, 0)], records, prior) == [2, 3, 1]


def test_a_new_block_loses_its_bonus_once_it_has_a_poor_record() -> None:
    records = {1: BlockRecord(sales=30, no_sales=70), 3: BlockRecord(sales=2, no_sales=40)}
    prior = pooled_share(records.values())
    assert rank_blocks([(1, 0), (3, 0)], records, prior) == [1, 3]


def test_without_data_the_trainers_order_then_the_id_decide() -> None:
    assert rank_blocks([(5, 2), (7, 0), (6, 0)], {}, NEUTRAL_SHARE) == [6, 7, 5]


def test_the_score_is_deterministic_and_shrinks_its_bonus_with_uses() -> None:
    few, many = BlockRecord(sales=1, no_sales=1), BlockRecord(sales=50, no_sales=50)
    assert block_score(few, 0.5) == block_score(few, 0.5)
    assert block_score(few, 0.5) > block_score(many, 0.5) > 0.5
    assert pooled_share([]) == NEUTRAL_SHARE
