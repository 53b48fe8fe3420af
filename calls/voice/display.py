"""The call page's voice timeline: rows of speech per speaker, and silences, holds, dead air and
overtalk, drawn as server-side SVG under the player; each stretch seeks the player."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from calls.models import Call, CallVoice, SegmentEmotion
from calls.voice.emotion.rule import HOT_THRESHOLD
from project.russian import format_count

# The SVG's own units: the width is the whole call, each row a band.
WIDTH = 1000.0
ROW_HEIGHT = 14
ROW_GAP = 6
_KIND_ROWS = {
    "silence": "events",
    "dead_air": "events",
    "hold": "events",
    "overtalk": "overlap",
    "interruption": "overlap",
    "hot": "emotion",
}
_ROW_LABELS = {
    "operator": "Оператор",
    "customer": "Клиент",
    "unknown": "Речь",
    "events": "Паузы",
    "overlap": "Перебивания",
    "emotion": "Накал",
}
_KIND_LABELS = {
    "speech": "речь",
    "silence": "тишина",
    "dead_air": "тишина после вопроса",
    "hold": "ожидание на линии",
    "overtalk": "говорят одновременно",
    "interruption": "перебивание",
    "hot": "клиент раздражён",
}
# The page's own speaker colours (slyshu.css: --operator, --customer, --unknown).
_COLOURS = {
    "operator": "#2563eb",
    "customer": "#0f8a5f",
    "unknown": "#6b7280",
    "silence": "#cbd5e0",
    "dead_air": "#d69e2e",
    "hold": "#805ad5",
    "overtalk": "#c53030",
    "interruption": "#9b2c2c",
    "hot": "#dd6b20",
}
_ORDER = {"silence": 0, "dead_air": 1, "hold": 2, "overtalk": 0, "interruption": 1}


@dataclass(frozen=True)
class Bar:
    kind: str
    label: str
    start: float
    end: float
    x: float
    width: float
    y: int
    colour: str


@dataclass
class Row:
    key: str
    label: str
    y: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Timeline:
    voice: CallVoice
    duration: float
    rows: list[Row]
    height: int
    unavailable: list[str]
    # Where each kind of stretch first occurs: a figure on the page plays from there.
    first: dict[str, float] = field(default_factory=dict)


def seconds_text(seconds: float) -> str:
    """Seconds for people: whole when whole («30»), else to a tenth («2,5»)."""
    value = round(seconds, 1)
    return format_count(int(value) if value == int(value) else value)


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def call_timeline(call: Call) -> Timeline | None:
    voice = CallVoice.objects.filter(call=call).first()
    if voice is None:
        return None
    items = [item for item in voice.timeline if isinstance(item, dict)]
    items += hot_moments(call)
    duration = max([call.duration, *(float(item.get("end", 0)) for item in items)])
    if duration <= 0:
        return None
    keys: list[str] = []
    for item in items:
        key = _row_key(item)
        if key not in keys:
            keys.append(key)
    order = ["operator", "customer", "unknown", "events", "overlap", "emotion"]
    keys.sort(key=order.index)
    rows = {
        key: Row(key=key, label=_ROW_LABELS[key], y=index * (ROW_HEIGHT + ROW_GAP))
        for index, key in enumerate(keys)
    }
    for item in sorted(items, key=lambda entry: _ORDER.get(entry["kind"], 0)):
        row = rows[_row_key(item)]
        start, end = float(item["start"]), float(item["end"])
        kind = item["kind"]
        colour = _COLOURS.get(item.get("speaker", "")) if kind == "speech" else _COLOURS[kind]
        label = f"{_KIND_LABELS[kind]}, {_clock(start)}–{_clock(end)}"
        if kind != "speech":
            label += f" ({seconds_text(end - start)} с)"
        row.bars.append(
            Bar(
                kind=kind,
                label=label,
                start=start,
                end=end,
                x=round(start / duration * WIDTH, 2),
                width=round(max((end - start) / duration * WIDTH, 1.5), 2),
                y=row.y,
                colour=colour or _COLOURS["unknown"],
            )
        )
    unavailable = [str(reason) for reason in dict.fromkeys((voice.unavailable or {}).values())]
    first: dict[str, float] = {}
    for item in sorted(items, key=lambda entry: float(entry["start"])):
        first.setdefault(str(item["kind"]), float(item["start"]))
    return Timeline(
        first=first,
        voice=voice,
        duration=duration,
        rows=list(rows.values()),
        height=max(len(rows), 1) * (ROW_HEIGHT + ROW_GAP),
        unavailable=unavailable,
    )


def hot_moments(call: Call) -> list[dict[str, Any]]:
    """The customer's segments hot enough to make the call hot (calls/voice/emotion/)."""
    return [
        {"kind": "hot", "speaker": "customer", "start": start, "end": end}
        for start, end in SegmentEmotion.objects.filter(call=call, irritation__gte=HOT_THRESHOLD)
        .order_by("segment__start")
        .values_list("segment__start", "segment__end")
    ]


def _row_key(item: dict[str, Any]) -> str:
    kind = item.get("kind", "")
    if kind == "speech":
        speaker = item.get("speaker", "unknown")
        return speaker if speaker in ("operator", "customer") else "unknown"
    return _KIND_ROWS.get(kind, "events")
