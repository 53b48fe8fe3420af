"""The moment of resolution: where the customer accepts the operator's answer (docs/contacts.md).

Read from the transcript with the project's phrase engine (calls/phrases/: any word form, «не»
guard, ё = е), pure Python, no Django:

1. Every customer segment is read for four kinds of cue, in the order they are said:
   * STRONG acceptance — «получилось», «всё работает», «помогло», «так и сделаю», «спасибо»,
     «всё понятно», «разобрался», «договорились»…;
   * WEAK acceptance — «понятно», «ясно», «хорошо», «ладно»: a customer says them to every
     step of an instruction, so they mark the moment only when nothing stronger follows;
   * REJECTION — «не получилось», «не работает», «не понятно», «всё равно», «вопрос не решён»;
     the engine's «не» guard keeps «не получилось» from ever matching «получилось»;
   * CONTINUATION — «но», «однако», «только вот», and a question mark: «понятно, но…»,
     «хорошо, а как…?» take back what was just accepted.
2. A rejection or a continuation after an acceptance (in the same segment or a later one) undoes
   it: the question is open again. The moment is the first STRONG acceptance after the last
   undoing, or, with none, the last WEAK one after it.
3. An acceptance counts only after an operator's answer: not in the customer's first turn, and
   not when the operator's last words before it defer the question («к сожалению», «не могу»,
   «передам специалистам», «перезвоним вам») — «ладно, спасибо» to a deferral is politeness.
4. No such moment: «без решения».

`resolved_at` is the time of the accepting words (the first acceptance cue of that turn:
«понятно» in «понятно, спасибо»), the answer is the operator's segment just before them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from calls.phrases import PhraseMatcher, PhraseRule, SegmentText, compile_rules


class Cue(StrEnum):
    STRONG = "strong"
    WEAK = "weak"
    REJECT = "reject"
    CONTINUE = "continue"
    DEFER = "defer"


CUSTOMER_PHRASES: dict[Cue, tuple[str, ...]] = {
    # Verbs in quotes are exact forms: «работает» as a lemma would match «мне работать надо»,
    # «нашёл» would match «не могу найти», «пришло» would match «когда придёт?».
    Cue.STRONG: (
        "спасибо", "благодарю", '"получилось"', '"получается"', "всё работает",
        '"работает"', '"заработало"', '"заработал"', '"помогло"', '"помогли"', "так и сделаю",
        "так и сделаем", "сделаю так", "всё понятно", "теперь понятно", "понятно теперь",
        "всё ясно", '"понял"', '"поняла"', '"разобрался"', '"разобралась"', "договорились",
        '"устраивает"', '"подходит"', "отлично", "замечательно", "супер", "прекрасно",
        '"пришло"', '"пришёл"', '"пришла"', '"прошло"', '"прошёл"', '"вижу"', '"нашёл"',
        '"нашла"', "вопрос решён", "вопрос решили", "всё решилось", "то что нужно",
    ),
    Cue.WEAK: ("понятно", "ясно", "хорошо", "ладно", "ок", "окей", "угу", "ага", "принято"),
    Cue.REJECT: (
        "не получилось", "не получается", "не работает", "не заработало", "не помогло",
        "не понятно", "непонятно", "не понял", "не поняла", "не ясно", "всё равно",
        "не решён", "не решили", "не решается", "не устраивает", "не подходит", "не пришло",
        "не прошло", "не вижу", "так и не", "ничего не", "опять", "снова", "ошибка",
        "не то", "не вариант", "это не ответ",
    ),
    Cue.CONTINUE: ("но", "однако", "только вот", "а как", "а что", "а если", "а почему"),
}
OPERATOR_PHRASES: dict[Cue, tuple[str, ...]] = {
    Cue.DEFER: (
        "к сожалению", "не могу", "не можем", "не смогу", "не получится", "передам",
        "передала", "передал", "специалист перезвонит", "специалисты перезвонят",
        "перезвоним", "перезвоню", "ожидайте ответа", "оформлю заявку", "оформила заявку",
        "оформил заявку", "создал заявку", "создала заявку", "зарегистрировала обращение",
        "зарегистрировал обращение", "нет возможности", "не в моих силах", "напишите нам",
        "напишите на почту", "пришлите на почту", "пришлите скриншот", "переведу вас",
        "перевожу вас", "соединю вас",
    ),
}


@dataclass(frozen=True)
class Resolution:
    resolved: bool
    # Seconds from the call's start to the accepting words; None: «без решения».
    resolved_at: float | None = None
    answer_index: int | None = None
    acceptance_index: int | None = None
    acceptance_text: str = ""
    reasons: list[str] = field(default_factory=list)


@cache
def resolution_matcher() -> PhraseMatcher:
    """The cues compiled once per process (they are code, not data a person edits)."""
    rules = [
        PhraseRule(key=(cue.value, n), text=text, speaker="customer", max_gap=1)
        for cue, texts in CUSTOMER_PHRASES.items()
        for n, text in enumerate(texts)
    ] + [
        PhraseRule(key=(cue.value, n), text=text, speaker="operator", max_gap=2)
        for cue, texts in OPERATOR_PHRASES.items()
        for n, text in enumerate(texts)
    ]
    return compile_rules(rules)


@dataclass(frozen=True, order=True)
class _Event:
    segment: int
    char: int
    cue: Cue
    start: float = field(compare=False)
    char_end: int = field(compare=False, default=0)


def _events(segments: Sequence[SegmentText]) -> list[_Event]:
    events = [
        _Event(match.segment_index, match.char_start, Cue(match.key[0]), match.start,  # type: ignore[index]
               match.char_end)
        for match in resolution_matcher().match(segments)
    ]
    for index, segment in enumerate(segments):
        if segment.speaker != "customer":
            continue
        for char, letter in enumerate(segment.text):
            if letter == "?":
                events.append(_Event(index, char, Cue.CONTINUE, segment.end))
    return sorted(events)


def _widest(events: list[_Event]) -> list[_Event]:
    """Within a segment, a cue inside a wider one of another kind yields to it («не решён»
    holds «решён»; the engine's guard already keeps «не получилось» from «получилось»)."""
    kept = []
    for event in events:
        inside = any(
            other is not event and other.segment == event.segment and other.cue != event.cue
            and other.char <= event.char and event.char_end <= other.char_end
            and (other.char_end - other.char) > (event.char_end - event.char)
            for other in events
        )
        if not inside:
            kept.append(event)
    return kept


def find_resolution(segments: Sequence[SegmentText]) -> Resolution:
    """The moment the customer accepted the operator's answer, or «без решения»."""
    events = _widest(_events(segments))
    by_segment: dict[int, list[_Event]] = {}
    for event in events:
        by_segment.setdefault(event.segment, []).append(event)
    strong: _Event | None = None
    weak: _Event | None = None
    reasons: list[str] = []
    last_operator: int | None = None
    customer_turns = 0
    for index, segment in enumerate(segments):
        if segment.speaker == "operator":
            last_operator = index
            continue
        if segment.speaker != "customer":
            continue
        customer_turns += 1
        answered = last_operator is not None and customer_turns > 1
        deferred = last_operator is not None and any(
            event.cue == Cue.DEFER for event in by_segment.get(last_operator, [])
        )
        for event in by_segment.get(index, []):
            if event.cue in (Cue.REJECT, Cue.CONTINUE):
                if strong or weak:
                    reasons.append(f"undone at {segment.start:.1f}s: {event.cue.value}")
                strong = weak = None
            elif event.cue in (Cue.STRONG, Cue.WEAK) and answered:
                if deferred:
                    reasons.append(f"deferral accepted at {segment.start:.1f}s")
                    continue
                if event.cue == Cue.STRONG and strong is None:
                    strong = event
                elif event.cue == Cue.WEAK and strong is None:
                    weak = event
    moment = strong or weak
    if moment is None:
        return Resolution(resolved=False, reasons=reasons or ["no acceptance"])
    # The accepting words start at the segment's first acceptance after any undoing in it:
    # «Понятно, спасибо» is accepted at «понятно», not at «спасибо».
    in_segment = by_segment[moment.segment]
    undone = [e.char for e in in_segment if e.cue in (Cue.REJECT, Cue.CONTINUE)
              and e.char < moment.char]
    moment = min(
        (e for e in in_segment if e.cue in (Cue.STRONG, Cue.WEAK)
         and e.char >= max(undone, default=-1) and e.char <= moment.char),
        default=moment,
    )
    answer = max(
        (n for n in range(moment.segment) if segments[n].speaker == "operator"), default=None
    )
    text = segments[moment.segment].text
    return Resolution(
        resolved=True, resolved_at=round(moment.start, 2), answer_index=answer,
        acceptance_index=moment.segment, acceptance_text=text[moment.char:][:300].strip(),
        reasons=[*reasons, f"{moment.cue.value} acceptance"],
    )
