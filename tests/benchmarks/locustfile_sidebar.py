"""Locust users for bench_sidebar.py: operators asking the sidebar for suggestions.

Run by bench_sidebar.py as `locust -f tests/benchmarks/locustfile_sidebar.py --headless …` with:

* BENCH_SIDEBAR_TOKENS — a JSON file with the operators' API tokens (one per simulated operator,
  as a CRM keeps one per operator, so the per-token throttle sees realistic traffic);
* BENCH_SIDEBAR_TEXTS — a JSON file with the customer utterances to send, cycled;
* BENCH_SIDEBAR_TARGET — `suggest` (POST /api/v1/sidebar/suggest), `tags` (GET /api/v1/tags/,
  the DRF list with nested phrases) or `page` (GET /login/, a plain Django template);
* BENCH_SIDEBAR_RATE — requests per second per user (0: as fast as the server answers);
* BENCH_SIDEBAR_OUT — where to write every request's (start, end-to-end ms, Server-Timing ms,
  status) as JSON when the run ends: exact percentiles, not locust's rounded buckets.

Kept out of the bench module itself because importing locust monkey-patches the standard
library with gevent, which the in-process Django part of the benchmark must not get.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from typing import Any

from locust import FastHttpUser, events, task

TOKENS: list[str] = json.loads(open(os.environ["BENCH_SIDEBAR_TOKENS"], encoding="utf-8").read())
TEXTS: list[str] = json.loads(open(os.environ["BENCH_SIDEBAR_TEXTS"], encoding="utf-8").read())
TARGET = os.environ.get("BENCH_SIDEBAR_TARGET", "suggest")
RATE = float(os.environ.get("BENCH_SIDEBAR_RATE", "0"))
OUT = os.environ["BENCH_SIDEBAR_OUT"]

# Server-Timing: a list of `name;dur=1.23;desc="…"`; the app's total is the entry named like one of
# these, else the longest entry (a sub-step can never be longer than the whole).
TOTAL_NAMES = ("total", "app", "suggest", "server")
DUR_RE = re.compile(r"dur=([0-9.]+)")

_records: list[tuple[float, float, float | None, int]] = []
_token_numbers = itertools.count()


def server_ms(header: str | None) -> float | None:
    if not header:
        return None
    entries: list[tuple[str, float]] = []
    for part in header.split(","):
        name = part.split(";", 1)[0].strip().lower()
        found = DUR_RE.search(part)
        if found:
            entries.append((name, float(found.group(1))))
    if not entries:
        return None
    for wanted in TOTAL_NAMES:
        for name, dur in entries:
            if name == wanted:
                return dur
    return max(dur for _, dur in entries)


@events.request.add_listener
def record(
    request_type: str, name: str, response_time: float, response_length: int,
    response: Any = None, context: Any = None, exception: Any = None, start_time: float = 0.0,
    **kwargs: Any,
) -> None:
    status = int(getattr(response, "status_code", 0) or 0)
    header = response.headers.get("Server-Timing") if response is not None else None
    _records.append((start_time or time.time(), response_time, server_ms(header), status))


@events.quitting.add_listener
def dump(environment: Any, **kwargs: Any) -> None:
    with open(OUT, "w", encoding="utf-8") as out:
        json.dump(_records, out)


class Operator(FastHttpUser):
    next_at = 0.0

    def wait_time(self) -> float:
        """Back to back when RATE is 0; else each user's requests arrive as a Poisson process of
        RATE per second. Not locust's constant_throughput: users spawned together keep the same
        phase with it, so 50 users at 4/s send bursts of 50 every 250 ms — the latency of a burst
        draining, not of a steady 200/s (measured: end-to-end p50 61 ms in bursts against 9 ms
        for the same rate from 10 users)."""
        if RATE <= 0:
            return 0.0
        self.next_at = max(self.next_at + random.expovariate(RATE), time.monotonic())
        return max(0.0, self.next_at - time.monotonic())

    def on_start(self) -> None:
        self.next_at = time.monotonic() + random.uniform(0, 1 / RATE) if RATE > 0 else 0.0
        self.token = TOKENS[next(_token_numbers) % len(TOKENS)]
        self.texts = itertools.cycle(TEXTS[next(_token_numbers) % len(TEXTS):] + TEXTS)
        self.auth = {"Authorization": f"Token {self.token}"}

    @task
    def ask(self) -> None:
        if TARGET == "suggest":
            self.client.post(
                "/api/v1/sidebar/suggest", json={"text": next(self.texts), "limit": 3},
                headers=self.auth, name="suggest",
            )
        elif TARGET == "tags":
            self.client.get("/api/v1/tags/", headers=self.auth, name="tags")
        else:
            self.client.get("/login/", name="page")
