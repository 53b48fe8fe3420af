"""How each acoustic measure of calls/voice/ separates aroused from calm speech (issue 18 §5): the
same Russian customer sentences said calmly and aroused by espeak-ng, clean and over a telephone
line, measured as the voice analyser measures them; the AUC of each measure's per-call z-score
and of the emotion rule's combined arousal.

    .venv/bin/python tests/benchmarks/bench_voice_arousal.py [--sentences N] [--voices ru,ru+m3]

A «call» is one voice saying every sentence calmly and in one aroused style (shuffled, 0.6 s
apart) on the customer's channel; each voice has a call per style. It is heard the analyser's
way (calls/voice/analysis.py): the speech detector without the decoder's padding (Silero at
16 kHz, WebRTC at 8 kHz), loudness and Praat's pitch on each segment's speech
(acoustics.measure), the speech rate from the segment's text and times
(measures.speech_rate), each value's z against the same speaker's segments in the call
(analysis._relative_to_call) and the rule's arousal from those z (emotion.rule.arousal_of).
The telephone condition passes the call through calls/demo/telephone.py's μ-law line at
20 dB SNR.
Generated audio is cached under var/bench/voice_arousal/; results go to
var/bench/voice_arousal.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_throughput import bench_env  # noqa: E402

CACHE = ROOT / "var" / "bench" / "voice_arousal"
RESULT_PATH = ROOT / "var" / "bench" / "voice_arousal.json"
RATE = 16_000
GAP_S = 0.6

SENTENCES = (
    "Здравствуйте, у меня не проходит оплата картой.",
    "Я уже третий раз звоню по этому вопросу.",
    "Мне списали деньги дважды за один заказ.",
    "Заказ должны были привезти ещё во вторник.",
    "Курьер так и не приехал, никто не позвонил.",
    "Почему мне никто не может нормально ответить?",
    "Я хочу вернуть товар, он пришёл сломанный.",
    "Интернет не работает с самого утра.",
    "Вы обещали перезвонить и не перезвонили.",
    "Сколько ещё ждать возврата денег?",
    "Мне нужна справка для налоговой.",
    "У меня заблокировали карту без объяснений.",
    "Приложение постоянно выдаёт ошибку при входе.",
    "Я не подключал эту услугу, отключите её.",
    "Передайте, пожалуйста, мою жалобу руководству.",
    "Оператор в прошлый раз бросил трубку.",
    "Счёт за этот месяц в два раза больше обычного.",
    "Почему с меня взяли комиссию за перевод?",
    "Посылка лежит на складе уже две недели.",
    "Мне сказали, что всё решат за один день.",
    "Я не могу войти в личный кабинет.",
    "Верните мне деньги на карту, пожалуйста.",
    "Тариф поменяли без моего согласия.",
    "Ваш мастер опоздал на три часа.",
)


@dataclass(frozen=True)
class Style:
    """How a sentence is said: espeak-ng's pitch (0-99), words per minute and amplitude."""

    name: str
    pitch: int
    speed: int
    amplitude: int


CALM = Style("calm", pitch=40, speed=150, amplitude=70)
# Aroused: higher, faster and louder together, and each pair of the three.
AROUSED = (
    Style("all", pitch=70, speed=195, amplitude=140),
    Style("pitch+loud", pitch=70, speed=150, amplitude=140),
    Style("fast+loud", pitch=40, speed=195, amplitude=140),
    Style("pitch+fast", pitch=70, speed=195, amplitude=70),
    # A little of each: +10 of espeak's pitch, 10% faster, +1.7 dB.
    Style("mild", pitch=50, speed=165, amplitude=85),
)
VOICES = ("ru", "ru+m3", "ru+f3", "ru+f2")
MEASURE_NAMES = ("loudness_db", "pitch_hz", "pitch_range_st", "rate")
# The emotion rule's arousal above which «всё нормально» counts as hidden irritation (read from
# calls/voice/emotion/rule.py once Django is set up).
AROUSED_THRESHOLD = 1.0
# The flaring call: one sentence in FLARE_EVERY said aroused (all three raised), the rest calm.
FLARE_EVERY = 4
FLARE = "flare 1:4"


def speak(text: str, voice: str, style: Style) -> np.ndarray:
    """The sentence as float32 at 16 kHz, trimmed of espeak's leading and trailing silence;
    cached by its parameters."""
    key = hashlib.sha1(f"{voice}|{style}|{text}".encode()).hexdigest()[:16]
    path = CACHE / f"{key}.raw"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="slyshu-arousal-") as workdir:
            wav = Path(workdir) / "say.wav"
            subprocess.run(
                [
                    "espeak-ng",
                    "-v",
                    voice,
                    "-p",
                    str(style.pitch),
                    "-s",
                    str(style.speed),
                    "-a",
                    str(style.amplitude),
                    "-w",
                    str(wav),
                    text,
                ],
                check=True,
                capture_output=True,
            )
            pcm = subprocess.run(
                [
                    "sox",
                    "-R",
                    "-D",
                    str(wav),
                    "-t",
                    "raw",
                    "-e",
                    "signed-integer",
                    "-b",
                    "16",
                    "-L",
                    "-c",
                    "1",
                    "-r",
                    str(RATE),
                    "-",
                ],
                check=True,
                capture_output=True,
            ).stdout
        path.write_bytes(pcm)
    samples = np.frombuffer(path.read_bytes(), dtype="<i2").astype(np.float32) / 32768
    loud = np.flatnonzero(np.abs(samples) > 0.003)
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples


def build_call(
    voice: str, sentences: tuple[str, ...], aroused: Style, *, every: int = 1
) -> tuple[np.ndarray, list[dict]]:
    """One voice's call: each sentence said calmly, and every `every`th also in one aroused
    style, shuffled the same way every run. every=1 is half aroused: the speaker's own mean is
    then between the two ways; a larger `every` is a call that flares up now and then."""
    items = [(text, CALM) for text in sentences]
    items += [(text, aroused) for text in sentences[::every]]
    seed = len(voice) * 7919 + sum(map(ord, voice + aroused.name)) + every
    order = np.random.default_rng(seed).permutation(len(items))
    pieces, segments, at = [np.zeros(int(GAP_S * RATE), np.float32)], [], GAP_S
    for index in order:
        text, style = items[index]
        samples = speak(text, voice, style)
        segments.append(
            {"text": text, "style": style.name, "start": at, "end": at + len(samples) / RATE}
        )
        pieces += [samples, np.zeros(int(GAP_S * RATE), np.float32)]
        at += (len(samples) + int(GAP_S * RATE)) / RATE
    return np.concatenate(pieces), segments


def telephone(samples: np.ndarray, name: str) -> np.ndarray:
    """The call over a μ-law line with 20 dB of line noise, decoded back to 16 kHz as the
    analyser decodes every upload."""
    from calls.audio import decode_channels
    from calls.demo.telephone import CONDITIONS_BY_NAME, telephone_version

    key = hashlib.sha1(samples.tobytes()).hexdigest()[:16]
    target = CACHE / f"{name}-{key}-ulaw20.wav"
    if not target.exists():
        source = CACHE / f"{name}-{key}.wav"
        subprocess.run(
            ["sox", "-t", "f32", "-L", "-r", str(RATE), "-c", "1", "-", str(source)],
            input=samples.astype("<f4").tobytes(),
            check=True,
            capture_output=True,
        )
        telephone_version(source, target, CONDITIONS_BY_NAME["ulaw-20dB"])
        source.unlink()
    return decode_channels(target, sample_rate=RATE)[0]


def hear(
    samples: np.ndarray, segments: list[dict], *, source_rate: int, call_style: str
) -> list[dict]:
    """Each segment's measures, call z-scores and arousal, the analyser's way."""
    from calls.transcription.engine import speech_settings
    from calls.voice.acoustics import channel_speech, detector_settings, measure
    from calls.voice.analysis import _relative_to_call
    from calls.voice.emotion.rule import arousal_of
    from calls.voice.measures import SegmentInput, speech_rate

    settings = detector_settings(speech_settings(source_rate=source_rate))
    speech = channel_speech(samples, settings)
    rows = []
    for index, segment in enumerate(segments):
        measured = measure(samples, speech, start=segment["start"], end=segment["end"])
        rate = speech_rate(
            SegmentInput(
                pk=index,
                speaker="customer",
                start=segment["start"],
                end=segment["end"],
                text=segment["text"],
            )
        )
        rows.append(
            SimpleNamespace(
                speaker="customer",
                loudness_db=measured.loudness_db,
                pitch_hz=measured.pitch_hz,
                pitch_range_st=measured.pitch_range_st,
                rate=rate,
                style=segment["style"],
            )
        )
    _relative_to_call(rows)  # type: ignore[arg-type]
    return [
        {
            "style": row.style,
            "call": call_style,
            **{name: row.relative[name]["call"] for name in MEASURE_NAMES},
            "arousal": arousal_of(row.relative)[0],
            **{f"raw_{name}": getattr(row, name) for name in MEASURE_NAMES},
        }
        for row in rows
    ]


def auc(rows: list[dict], name: str, styles: tuple[str, ...]) -> float | None:
    from sklearn.metrics import roc_auc_score

    picked = [
        (row["style"] != "calm", row[name])
        for row in rows
        if row["call"] in styles and row[name] is not None
    ]
    labels = [label for label, _ in picked]
    if len(set(labels)) < 2:
        return None
    return float(roc_auc_score(labels, [value for _, value in picked]))


def _share_over(rows: list[dict], style: str, call: str | None = None) -> float:
    values = [
        row["arousal"] or 0.0
        for row in rows
        if row["style"] == style and (call is None or row["call"] == call)
    ]
    return sum(value >= AROUSED_THRESHOLD for value in values) / len(values) if values else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=len(SENTENCES))
    parser.add_argument("--voices", default=",".join(VOICES))
    args = parser.parse_args()
    global AROUSED_THRESHOLD
    with tempfile.TemporaryDirectory(prefix="slyshu-bench-arousal-") as folder:
        os.environ.update(bench_env(Path(folder)))
        import django

        django.setup()
        from calls.voice.emotion.rule import AROUSED as threshold

        AROUSED_THRESHOLD = threshold
        sentences = SENTENCES[: args.sentences]
        voices = [voice for voice in args.voices.split(",") if voice]
        rows: dict[str, list[dict]] = {"clean": [], "telephone": []}
        for voice in voices:
            for style in AROUSED:
                samples, segments = build_call(voice, sentences, style)
                rows["clean"] += hear(samples, segments, source_rate=RATE, call_style=style.name)
                name = f"{voice.replace('+', '_')}-{style.name.replace('+', '_')}"
                rows["telephone"] += hear(
                    telephone(samples, name), segments, source_rate=8000, call_style=style.name
                )
            # A call that flares up: «all» in one sentence of FLARE_EVERY, calm otherwise.
            samples, segments = build_call(voice, sentences, AROUSED[0], every=FLARE_EVERY)
            rows["clean"] += hear(samples, segments, source_rate=RATE, call_style=FLARE)
            rows["telephone"] += hear(
                telephone(samples, f"{voice.replace('+', '_')}-flare"),
                segments,
                source_rate=8000,
                call_style=FLARE,
            )
    columns = (*MEASURE_NAMES, "arousal")
    styles = {
        "all aroused": tuple(s.name for s in AROUSED),
        **{s.name: (s.name,) for s in AROUSED},
        FLARE: (FLARE,),
    }
    result: dict[str, dict[str, dict[str, Any]]] = {}
    print(
        f"{len(sentences)} sentences × {len(voices)} voices; calm vs each aroused style; "
        "AUC of the per-call z (arousal: the emotion rule's)"
    )
    for condition, found in rows.items():
        print(f"\n{condition}: {len(found)} segments")
        print(f"{'aroused style':<14}" + "".join(f"{name:>16}" for name in columns))
        result[condition] = {}
        for label, picked in styles.items():
            figures = {name: auc(found, name, picked) for name in columns}
            result[condition][label] = figures
            print(
                f"{label:<14}"
                + "".join(
                    f"{'—' if value is None else f'{value:.2f}':>16}" for value in figures.values()
                )
            )
        raw = {name: auc(found, f"raw_{name}", styles["all aroused"]) for name in MEASURE_NAMES}
        result[condition]["raw values, all aroused"] = raw
        print(
            f"{'raw, all':<14}"
            + "".join(f"{'—' if value is None else f'{value:.2f}':>16}" for value in raw.values())
            + "   (the values themselves, pooled over voices: no speaker baseline)"
        )
        half_calls = tuple(s.name for s in AROUSED)
        over = {
            "calm": sum(_share_over(found, "calm", call) for call in half_calls) / len(half_calls),
            **{s.name: _share_over(found, s.name, s.name) for s in AROUSED},
            f"{FLARE} calm": _share_over(found, "calm", FLARE),
            f"{FLARE} aroused": _share_over(found, AROUSED[0].name, FLARE),
        }
        result[condition]["arousal >= AROUSED"] = over
        print(
            f"arousal ≥ {AROUSED_THRESHOLD} (the hidden-irritation threshold): "
            + ", ".join(f"{style} {share:.0%}" for style, share in over.items())
        )
        missing = {name: sum(row[name] is None for row in found) for name in columns}
        print("not measured: " + ", ".join(f"{k} {v}" for k, v in missing.items()))
    RESULT_PATH.parent.mkdir(parents=True, exist_ok=True)
    RESULT_PATH.write_text(
        json.dumps(
            {"sentences": len(sentences), "voices": voices, "auc": result, "segments": rows},
            ensure_ascii=False,
            indent=1,
        )
    )
    print(f"written {RESULT_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
