"""Speaking the demo dialogs: a Russian TTS per turn, sox, a stereo layout, OGG/Opus.

Each turn is spoken on its own channel (operator left, customer right) while the other channel
is silent, and the turns never overlap, so the reference timing written to
the manifest is exactly where each speaker talks. Everything is seeded by the dialog id: the same
dialogs.json and tool versions give the same files.

Two engines. Festival's Russian voice (Debian's festvox-ru, msu_ru_nsh_clunits) is cut from
recordings of a real speaker: Whisper base hears it at about 0.2 WER. espeak-ng's formant Russian
is easier to install but Whisper base hears it at about 0.9 WER (it guesses the language as German),
so the demo would show nonsense transcripts. Festival has one Russian speaker; operators and
customers are told apart by shifting pitch and tempo with sox.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import av
import numpy as np
import numpy.typing as npt

from calls.demo.dialogs import AUDIO_DIR, MANIFEST_PATH, Dialog, Gender, SpeakerName

Engine = Literal["festival", "espeak-ng"]
ENGINES: tuple[Engine, ...] = ("festival", "espeak-ng")
DEFAULT_ENGINE: Engine = "festival"
FESTIVAL_VOICE = "voice_msu_ru_nsh_clunits"

SAMPLE_RATE = 16_000
# Below about 24 kbit/s libopus codes a stereo stream as mid/side or plain mono and each speaker
# leaks into the other's channel (only 4-20 dB apart at 20-22 kbit/s, more than 50 dB at 24),
# which would put customer words in operator segments. 24 kbit/s is the least that keeps the
# channels apart.
BITRATE = 24_000

Samples = npt.NDArray[np.int16]


@dataclass(frozen=True)
class Voice:
    # Festival: the one Russian speaker, shifted in pitch (cents) and sped up (tempo) with sox.
    cents: int
    tempo: float
    # espeak-ng: a voice variant, words per minute and pitch 0..99 (its default is 50).
    variant: str
    speed: int
    pitch: int


# One voice per demo operator, so listening through a day sounds like different people.
OPERATOR_VOICES: dict[str, Voice] = {
    "anna": Voice(cents=400, tempo=1.4, variant="ru+f3", speed=170, pitch=60),
    "maria": Voice(cents=300, tempo=1.35, variant="ru+f2", speed=165, pitch=52),
    "igor": Voice(cents=0, tempo=1.35, variant="ru+m3", speed=170, pitch=45),
    "dmitry": Voice(cents=150, tempo=1.4, variant="ru+m1", speed=175, pitch=55),
}
DEFAULT_OPERATOR_VOICE = OPERATOR_VOICES["anna"]
# Customers speak a little slower; the text of a dialog fixes the customer's gender
# («я оформляла»), so the voice has to agree with it.
CUSTOMER_VOICES: dict[Gender, tuple[Voice, ...]] = {
    "female": (
        Voice(cents=550, tempo=1.3, variant="ru+f4", speed=155, pitch=42),
        Voice(cents=500, tempo=1.25, variant="ru+f5", speed=160, pitch=48),
    ),
    "male": (
        Voice(cents=-250, tempo=1.25, variant="ru+m7", speed=155, pitch=35),
        Voice(cents=-150, tempo=1.3, variant="ru+m2", speed=160, pitch=40),
    ),
}

LEAD_IN = (0.3, 0.6)  # seconds of line noise before the operator answers
GAP = (0.4, 0.8)  # seconds between turns
TAIL = 0.5  # seconds after the last turn
# Both engines pad their output with silence; the turn starts where the voice does.
_VOICE_THRESHOLD = 300
_KEEP_BEFORE = int(0.02 * SAMPLE_RATE)
_KEEP_AFTER = int(0.04 * SAMPLE_RATE)


@dataclass(frozen=True)
class ReferenceSegment:
    speaker: SpeakerName
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class DemoRecording:
    id: str
    duration: float
    segments: tuple[ReferenceSegment, ...]
    path: Path
    engine: Engine

    def manifest_entry(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "duration": self.duration,
            "engine": self.engine,
            "sample_rate": SAMPLE_RATE,
            "operator_channel": "left",
            "segments": [asdict(segment) for segment in self.segments],
        }


def required_tools(engine: Engine) -> tuple[str, ...]:
    return ("text2wave", "sox") if engine == "festival" else ("espeak-ng", "sox")


def missing_tools(engine: Engine = DEFAULT_ENGINE) -> list[str]:
    missing = [tool for tool in required_tools(engine) if shutil.which(tool) is None]
    if engine == "festival" and not missing and not _festival_has_russian():
        missing.append("festvox-ru")
    return missing


def _festival_has_russian() -> bool:
    probe = subprocess.run(
        ["festival", "--batch", f"({FESTIVAL_VOICE})"], capture_output=True, text=True,
    )
    return probe.returncode == 0 and "not defined" not in probe.stderr + probe.stdout


def operator_voice(dialog: Dialog) -> Voice:
    return OPERATOR_VOICES.get(dialog.operator, DEFAULT_OPERATOR_VOICE)


def customer_voice(dialog: Dialog) -> Voice:
    # crc32 and not hash(): str hashes change from one Python process to the next.
    candidates = CUSTOMER_VOICES[dialog.customer_gender]
    return candidates[zlib.crc32(dialog.id.encode()) % len(candidates)]


def _render(*, text: str, voice: Voice, engine: Engine, wav: Path) -> list[str]:
    """Speak text into wav; return the sox effects that finish this voice."""
    if engine == "festival":
        script = wav.with_suffix(".txt")
        script.write_text(text, encoding="utf-8")
        subprocess.run(
            ["text2wave", "-eval", f"({FESTIVAL_VOICE})", str(script), "-o", str(wav)],
            check=True, capture_output=True,
        )
        # Festival pauses for half a second at every comma; people on the phone don't, and the
        # shorter turns keep the committed audio small. Pauses stay, just no longer than 0.25 s.
        effects = ["silence", "-l", "1", "0.05", "0.5%", "-1", "0.25", "0.5%",
                   "tempo", "-s", str(voice.tempo)]
        if voice.cents:
            effects = ["pitch", str(voice.cents), *effects]
        return effects
    subprocess.run(
        ["espeak-ng", "-v", voice.variant, "-s", str(voice.speed), "-p", str(voice.pitch),
         "-w", str(wav), text],
        check=True, capture_output=True,
    )
    return []


def speak(
    *, text: str, voice: Voice, workdir: Path, engine: Engine = DEFAULT_ENGINE
) -> Samples:
    """One turn as 16 kHz mono int16, trimmed to where the voice starts and stops."""
    wav = workdir / "turn.wav"
    effects = _render(text=text, voice=voice, engine=engine, wav=wav)
    # -R seeds sox's generators and -D turns dither off: both keep the output byte-identical.
    pcm = subprocess.run(
        ["sox", "-R", "-D", str(wav), "-t", "raw", "-e", "signed-integer", "-b", "16",
         "-L", "-c", "1", "-r", str(SAMPLE_RATE), "-", *effects, "norm", "-3"],
        check=True, capture_output=True,
    ).stdout
    samples = np.frombuffer(pcm, dtype="<i2").astype(np.int16)
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > _VOICE_THRESHOLD)
    if loud.size == 0:
        raise ValueError(f"{engine} produced no audible speech for {text!r}")
    start = max(int(loud[0]) - _KEEP_BEFORE, 0)
    end = min(int(loud[-1]) + _KEEP_AFTER, samples.size)
    return samples[start:end]


def lay_out(
    *, dialog: Dialog, clips: Sequence[Samples]
) -> tuple[Samples, tuple[ReferenceSegment, ...]]:
    """Place the turns one after another: operator on the left channel, customer on the right."""
    rng = random.Random(dialog.id)
    cursor = round(rng.uniform(*LEAD_IN) * SAMPLE_RATE)
    placed: list[tuple[int, int, int]] = []
    segments: list[ReferenceSegment] = []
    for index, (turn, clip) in enumerate(zip(dialog.turns, clips, strict=True)):
        if index:
            cursor += round(rng.uniform(*GAP) * SAMPLE_RATE)
        channel = 0 if turn.speaker == "operator" else 1
        placed.append((channel, cursor, index))
        segments.append(ReferenceSegment(
            speaker=turn.speaker, start=round(cursor / SAMPLE_RATE, 3),
            end=round((cursor + clip.size) / SAMPLE_RATE, 3), text=turn.text,
        ))
        cursor += clip.size
    total = cursor + round(TAIL * SAMPLE_RATE)

    # No noise floor: it sounded no more real and cost a tenth of the file size in Opus bits.
    stereo = np.zeros((total, 2), dtype=np.int16)
    for channel, start, index in placed:
        clip = clips[index]
        stereo[start:start + clip.size, channel] = clip
    return stereo, tuple(segments)


def encode_opus(*, stereo: Samples, path: Path) -> None:
    # bitexact keeps the library version string and a random Ogg serial number out of the file.
    with av.open(str(path), "w", format="ogg", options={"fflags": "+bitexact"}) as out:
        stream = out.add_stream("libopus", rate=SAMPLE_RATE, layout="stereo",
                                options={"application": "voip"})
        stream.bit_rate = BITRATE
        step = SAMPLE_RATE
        for offset in range(0, stereo.shape[0], step):
            chunk = np.ascontiguousarray(stereo[offset:offset + step]).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(chunk, format="s16", layout="stereo")
            frame.sample_rate = SAMPLE_RATE
            frame.pts = offset
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def synthesize_dialog(
    *,
    dialog: Dialog,
    path: Path,
    engine: Engine = DEFAULT_ENGINE,
    voices: Mapping[SpeakerName, Voice] | None = None,
) -> DemoRecording:
    """voices: who speaks each side; the demo's own operator and customer voices by default."""
    voices = voices or {"operator": operator_voice(dialog), "customer": customer_voice(dialog)}
    with tempfile.TemporaryDirectory(prefix="slyshu-demo-") as workdir:
        clips = [
            speak(text=turn.text, voice=voices[turn.speaker], workdir=Path(workdir),
                  engine=engine)
            for turn in dialog.turns
        ]
    stereo, segments = lay_out(dialog=dialog, clips=clips)
    encode_opus(stereo=stereo, path=path)
    return DemoRecording(
        id=dialog.id, duration=round(stereo.shape[0] / SAMPLE_RATE, 3), segments=segments,
        path=path, engine=engine,
    )


def synthesize_demo(
    *,
    dialogs: Sequence[Dialog],
    audio_dir: Path = AUDIO_DIR,
    manifest_path: Path = MANIFEST_PATH,
    engine: Engine = DEFAULT_ENGINE,
    on_recording: Callable[[DemoRecording], None] | None = None,
) -> list[DemoRecording]:
    """Write every dialog's recording and the manifest, and drop recordings of removed dialogs."""
    audio_dir.mkdir(parents=True, exist_ok=True)
    wanted = {dialog.filename for dialog in dialogs}
    for stale in audio_dir.glob("*.ogg"):
        if stale.name not in wanted:
            stale.unlink()
    recordings = []
    for dialog in dialogs:
        recording = synthesize_dialog(
            dialog=dialog, path=audio_dir / dialog.filename, engine=engine
        )
        recordings.append(recording)
        if on_recording is not None:
            on_recording(recording)
    manifest_path.write_text(
        "".join(
            json.dumps(recording.manifest_entry(), ensure_ascii=False) + "\n"
            for recording in recordings
        ),
        encoding="utf-8",
    )
    return recordings


def read_manifest(path: Path = MANIFEST_PATH) -> dict[str, dict[str, Any]]:
    """The reference transcripts by dialog id, as the ASR benchmark and the tests read them."""
    entries: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                entry = json.loads(line)
                entries[entry["id"]] = entry
    return entries
