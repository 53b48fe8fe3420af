"""How the sidebar orders the blocks of one kind: measured effectiveness, fair to new blocks.

A block's effectiveness is the share of calls that ended in a sale among the decided sales calls
(outcome sale or no_sale) where an operator inserted it (SidebarEvent kind=inserted, linked to
its call). Raw shares lie for small counts (2 of 2 is 100 %), so each block's share is a Beta
posterior whose prior is the objection's pooled share over all its blocks, worth
`PRIOR_STRENGTH` calls: a block used twice stays close to the objection's average.

New blocks deserve to be tried, so the rank is an optimistic bound rather than the mean: the
posterior mean plus `EXPLORATION` (half a) posterior standard deviation (a UCB rule). With no
data the bonus is largest, so a new block ranks above blocks performing at the objection's average
and below blocks proven clearly better; as its uses grow the bonus shrinks to its measured share.
A block with 2 sales in 2 calls ranks below a sibling with 70 in 100, above one with 30 in 100.
Everything is deterministic (no sampling): ties go to the trainer's order, then the id.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Calls' worth of belief in the objection's pooled share before a block has its own record.
PRIOR_STRENGTH = 10.0
# Posterior standard deviations added to the mean: the optimism that gives new blocks a chance.
EXPLORATION = 0.5
# The pooled share used when an objection has no decided calls with any inserted block yet.
NEUTRAL_SHARE = 0.5


@dataclass(frozen=True)
class BlockRecord:
    """What is known of one block: calls where it was inserted that ended in a sale / did not."""

    sales: int = 0
    no_sales: int = 0

    @property
    def calls(self) -> int:
        return self.sales + self.no_sales


def pooled_share(records: Iterable[BlockRecord]) -> float:
    """The objection's share of sales over all its blocks' calls, smoothed by one call each way."""
    sales = no_sales = 0
    for record in records:
        sales += record.sales
        no_sales += record.no_sales
    if sales + no_sales == 0:
        return NEUTRAL_SHARE
    return (sales + 1) / (sales + no_sales + 2)


def posterior_mean(record: BlockRecord, prior: float) -> float:
    return (record.sales + PRIOR_STRENGTH * prior) / (record.calls + PRIOR_STRENGTH)


def block_score(record: BlockRecord, prior: float) -> float:
    """The optimistic bound the sidebar ranks by: posterior mean + EXPLORATION × its std."""
    alpha = record.sales + PRIOR_STRENGTH * prior
    beta = record.no_sales + PRIOR_STRENGTH * (1 - prior)
    total = alpha + beta
    mean = alpha / total
    std = math.sqrt(alpha * beta / (total * total * (total + 1)))
    return mean + EXPLORATION * std


def rank_blocks(
    blocks: Iterable[tuple[int, int]], records: Mapping[int, BlockRecord], prior: float
) -> list[int]:
    """Block ids, best first; `blocks` are (id, trainer's order) pairs of one objection and kind."""
    empty = BlockRecord()
    return [
        block_id for block_id, _order in sorted(
            blocks,
            key=lambda item: (-block_score(records.get(item[0], empty), prior), item[1], item[0]),
        )
    ]
