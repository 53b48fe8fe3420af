"""The one entry point: a call's segments in, the same segments with personal data replaced out.

Every path that stores segments (ASR in the pipeline, `import_transcripts`, the API, the archive
command) calls `redact_transcript` and stores what it returns; nothing raw reaches the database.

What is found is `detectors.find_entities`; this module replaces it:

* Each entity becomes one placeholder per segment it touches («[карта]», `PLACEHOLDERS`).
* With word timings, the placeholder covers whole words: the covered words become one word
  entry (the placeholder, start of the first, end of the last, the lowest probability) and the
  text is cut at the same words, so text and words still agree. Punctuation trailing the last
  digit («…67,») stays after the placeholder.
* Without words (imported transcripts) the seconds of a piece are estimated from its character
  position within the segment.
* When a segment's words do not spell its text (not what faster-whisper gives), the words are
  what was heard and timed: the text is rebuilt from them before anything is replaced.
* Segments without personal data come back as the very objects passed in; placeholders are never
  detected again, so redacting a redacted transcript changes nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from calls.redaction.detectors import Entity, Piece, find_entities
from calls.redaction.entities import PLACEHOLDERS, EntityKind, SegmentText

__all__ = [
    "PLACEHOLDERS",
    "EntityKind",
    "RedactedSpan",
    "RedactedTranscript",
    "SegmentText",
    "redact_transcript",
]


@dataclass(frozen=True)
class RedactedSpan:
    """One replaced piece of one segment, with the seconds of audio it covers (for muting)."""

    kind: EntityKind
    segment: int  # index into the input sequence
    start: float
    end: float


@dataclass(frozen=True)
class RedactedTranscript:
    segments: list[SegmentText]  # same length and order as the input; untouched ones are equal
    spans: list[RedactedSpan]

    @property
    def changed(self) -> bool:
        return bool(self.spans)


def redact_transcript(segments: Sequence[SegmentText]) -> RedactedTranscript:
    readable = [_readable(segment) for segment in segments]
    by_segment: dict[int, list[tuple[EntityKind, Piece]]] = {}
    for entity in find_entities([segment for segment, _ in readable]):
        for piece in entity.pieces:
            by_segment.setdefault(piece.segment, []).append((entity.kind, piece))

    result: list[SegmentText] = list(segments)
    spans: list[RedactedSpan] = []
    for index, found in sorted(by_segment.items()):
        segment, offsets = readable[index]
        if offsets is None:
            result[index], segment_spans = _replace_text(segment, index, found)
        else:
            result[index], segment_spans = _replace_words(segment, offsets, index, found)
        spans.extend(segment_spans)
    return RedactedTranscript(segments=result, spans=spans)


def find_entities_in(segments: Sequence[SegmentText]) -> list[Entity]:
    """The entities `redact_transcript` replaces, with character offsets into each segment's text
    as it is read (for evaluation: the benchmark scores these against known entities)."""
    return find_entities([segment for segment, _ in map(_readable, segments)])


# --- words and text ---------------------------------------------------------------------------

def _align(text: str, words: list[dict]) -> list[tuple[int, int]] | None:
    """Character range of each word's text in `text`, or None if the words do not spell it."""
    offsets = []
    position = 0
    for word in words:
        spelled = str(word.get("word", "")).strip()
        if not spelled:
            offsets.append((position, position))
            continue
        found = text.find(spelled, position)
        if found < 0 or text[position:found].strip():
            return None
        offsets.append((found, found + len(spelled)))
        position = found + len(spelled)
    if text[position:].strip():
        return None
    return offsets


def _readable(segment: SegmentText) -> tuple[SegmentText, list[tuple[int, int]] | None]:
    """The segment as detection reads it, and its words' character ranges (None: no words)."""
    if not segment.words:
        return segment, None
    offsets = _align(segment.text, segment.words)
    if offsets is not None:
        return segment, offsets
    text = "".join(str(word.get("word", "")) for word in segment.words)
    rebuilt = dataclasses.replace(segment, text=text)
    return rebuilt, _align(text, segment.words)


def _seconds_at(segment: SegmentText, position: int) -> float:
    share = position / len(segment.text) if segment.text else 0.0
    return round(segment.start + (segment.end - segment.start) * share, 3)


def _replace_text(
    segment: SegmentText, index: int, found: list[tuple[EntityKind, Piece]]
) -> tuple[SegmentText, list[RedactedSpan]]:
    text = segment.text
    spans = [
        RedactedSpan(
            kind, index, _seconds_at(segment, piece.start), _seconds_at(segment, piece.end)
        )
        for kind, piece in found
    ]
    # Pieces never overlap; if they ever did, they would share one replacement.
    merged: list[tuple[int, int, list[EntityKind]]] = []
    for kind, piece in sorted(found, key=lambda item: item[1].start):
        if merged and piece.start < merged[-1][1]:
            start, end, kinds = merged[-1]
            merged[-1] = (start, max(end, piece.end), [*kinds, kind])
        else:
            merged.append((piece.start, piece.end, [kind]))
    for start, end, kinds in reversed(merged):
        text = text[:start] + " ".join(PLACEHOLDERS[kind] for kind in kinds) + text[end:]
    return dataclasses.replace(segment, text=text), spans


def _is_punctuation(chars: str) -> bool:
    return all(not char.isalnum() and not char.isspace() for char in chars)


def _replace_words(
    segment: SegmentText,
    offsets: list[tuple[int, int]],
    index: int,
    found: list[tuple[EntityKind, Piece]],
) -> tuple[SegmentText, list[RedactedSpan]]:
    words = segment.words or []
    # Each piece → the words it touches; pieces sharing a word become one replacement.
    covers: list[tuple[int, int, list[tuple[EntityKind, Piece]]]] = []
    for kind, piece in sorted(found, key=lambda item: item[1].start):
        touched = [i for i, (start, end) in enumerate(offsets)
                   if start < piece.end and end > piece.start]
        if not touched:
            continue
        first, last = touched[0], touched[-1]
        if covers and first <= covers[-1][1]:
            covers[-1] = (covers[-1][0], max(last, covers[-1][1]), [*covers[-1][2], (kind, piece)])
        else:
            covers.append((first, last, [(kind, piece)]))

    text = segment.text
    new_words = list(words)
    spans: list[RedactedSpan] = []
    for first, last, pieces in reversed(covers):
        start_char = offsets[first][0]
        end_char = offsets[last][1]
        last_piece_end = max(piece.end for _, piece in pieces)
        trailing = text[last_piece_end:end_char] if last_piece_end < end_char else ""
        if trailing and _is_punctuation(trailing):
            end_char = last_piece_end
        else:
            trailing = ""
        placeholder = " ".join(PLACEHOLDERS[kind] for kind, _ in pieces)
        text = text[:start_char] + placeholder + text[end_char:]

        raw_first = str(words[first].get("word", ""))
        leading = raw_first[: len(raw_first) - len(raw_first.lstrip())]
        covered = words[first:last + 1]
        word: dict = {
            "start": covered[0].get("start"),
            "end": covered[-1].get("end"),
            "word": leading + placeholder + trailing,
        }
        probabilities = [w["probability"] for w in covered if "probability" in w]
        if probabilities:
            word["probability"] = min(probabilities)
        new_words[first:last + 1] = [word]
        start_seconds = _float_or(covered[0].get("start"), segment.start)
        end_seconds = _float_or(covered[-1].get("end"), segment.end)
        spans[:0] = [RedactedSpan(kind, index, start_seconds, end_seconds) for kind, _ in pieces]
    return dataclasses.replace(segment, text=text, words=new_words), spans


def _float_or(value: object, default: float) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default
