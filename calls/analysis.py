"""The analysis registry: everything derived from a call's transcript, app by app.

Each app registers its analysers in its AppConfig.ready() (the calls app: tags; later apps:
objection hits, skills). The pipeline runs them all for a newly transcribed call, and a
re-analysis runs all of them or one (with the analysers that read its output) over the archive.

An analyser's `run(call_ids=..., now=...)` replaces its own output for those calls and nothing
else, inside the transaction its caller holds, so a reader never sees a call half re-analysed.
`reads` names what an analyser consumes: the transcript, or other analysers' output; the
registry runs producers before their readers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.functional import Promise

# What every analyser may read without another analyser producing it first.
TRANSCRIPT = "transcript"


@dataclass(frozen=True)
class Analyser:
    name: str
    label: str | Promise
    reads: tuple[str, ...]
    run: Callable[..., object]


_registry: dict[str, Analyser] = {}


def register_analyser(analyser: Analyser) -> None:
    """Add an analyser; registering the same one again (a second ready()) changes nothing."""
    existing = _registry.get(analyser.name)
    if existing is not None and existing != analyser:
        raise ImproperlyConfigured(f"Two analysers are registered as {analyser.name!r}.")
    _registry[analyser.name] = analyser


def registered_analysers() -> list[Analyser]:
    """Every analyser, each after the analysers whose output it reads."""
    ordered: list[Analyser] = []
    placed: set[str] = {TRANSCRIPT}
    pending = sorted(_registry.values(), key=lambda analyser: analyser.name)
    while pending:
        ready = [a for a in pending if set(a.reads) <= placed]
        if not ready:
            missing = {a.name: sorted(set(a.reads) - placed) for a in pending}
            raise ImproperlyConfigured(
                f"Analysers read outputs nobody produces, or read each other in a loop: {missing}"
            )
        for analyser in ready:
            ordered.append(analyser)
            placed.add(analyser.name)
        pending = [a for a in pending if a.name not in placed]
    return ordered


def analyser_names() -> list[str]:
    return [analyser.name for analyser in registered_analysers()]


def analysers_for(only: str | None = None) -> list[Analyser]:
    """All analysers, or `only` and every analyser that reads its output (directly or not)."""
    ordered = registered_analysers()
    if only is None:
        return ordered
    if only not in _registry:
        raise KeyError(only)
    chosen = {only}
    for analyser in ordered:
        if chosen & set(analyser.reads):
            chosen.add(analyser.name)
    return [analyser for analyser in ordered if analyser.name in chosen]


def analyse_calls(
    *, call_ids: Sequence[int], only: str | None = None, now: datetime | None = None
) -> dict[str, object]:
    """Run the analysers over these calls in the caller's transaction; each one's report."""
    now = now or timezone.now()
    return {
        analyser.name: analyser.run(call_ids=call_ids, now=now)
        for analyser in analysers_for(only)
    }
