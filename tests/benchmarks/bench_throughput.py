"""Throughput of a box: how much call audio real `qcluster` processes get through per wall second.

    .venv/bin/python tests/benchmarks/bench_throughput.py [--combo WxT[/bN] ...] [--copies N]
                                                            [--repeat N] [--timeout S]

Users size hardware by hours of calls a box transcribes per day, which is not the single-call
speed of bench_transcription.py: several calls queue up, and the question is how to split the
cores between worker processes (Q_WORKERS) and CTranslate2 threads per worker
(WHISPER_CPU_THREADS) — "/bN" also sets WHISPER_BATCH_SIZE for that run.

Everything lives in a temporary folder (SQLite file, media, SLYSHU_VAR_DIR), never in the
checkout's var/, except the shared model cache var/models (so joining model.bin is not timed) and
the result, var/bench/throughput.json. The demo set is ingested through calls.ingestion
`--copies` times, each copy as its own calls (ingestion de-duplicates identical files by checksum,
so copy k > 0 gets the Ogg stream serial number k with every page's CRC recomputed: the Opus
packets, hence the audio and the transcript, are byte-identical). Then for each combination the
calls are put back in the queue, one `manage.py qcluster` is started with the ORM broker, and the
database is polled until every call is analysed (or failed, or the timeout passes).

Reported per run: wall seconds from cluster start to the last call transcribed; the same minus
the start-up (cluster boot until the first call is claimed, plus what a worker's first call spends
importing the engine and loading the model and VAD, measured in a separate process); audio
seconds per wall second; hours of audio per day; the clusters' CPU time and audio seconds per CPU
second (what to compare when someone else shares the cores: the load average before each run is
printed); and WER of the stored transcripts against the demo manifest (operator and customer text
per call, pooled), with the number of calls whose transcript differs from the first run's, to show
whether the decoding changed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO_AUDIO = ROOT / "calls" / "demo" / "audio"
RESULT_PATH = ROOT / "var" / "bench" / "throughput.json"
MIN_AUDIO_SECONDS = 20 * 60
GOAL_X_REALTIME = 20.0
# The share of the cores two workers kept busy on a quiet machine (README, 2026-11-29).
BUSY = 0.98
ANALYSIS_GRACE_SECONDS = 60.0
# Today's default first: the other runs' transcripts are compared with it.
DEFAULT_COMBOS = ["1x2", "1x1", "2x1", "2x2"]
COMBO_RE = re.compile(r"^(?P<workers>\d+)x(?P<threads>\d+)(?:/b(?P<batch>\d+))?$")


@dataclass(frozen=True)
class Combo:
    workers: int
    threads: int
    batch: int | None = None

    @classmethod
    def parse(cls, text: str) -> Combo:
        match = COMBO_RE.match(text)
        if not match:
            raise argparse.ArgumentTypeError(f"{text!r}: expected WORKERSxTHREADS[/bBATCH]")
        batch = match["batch"]
        return cls(int(match["workers"]), int(match["threads"]), int(batch) if batch else None)

    @property
    def name(self) -> str:
        batch = f"/b{self.batch}" if self.batch is not None else ""
        return f"{self.workers}x{self.threads}{batch}"


@dataclass
class Row:
    combo: str
    workers: int
    threads: int
    batch_size: int
    calls: int
    failed: int
    analysis_failed: int
    audio_s: float
    wall_s: float
    startup_s: float
    warm_wall_s: float
    x_realtime: float
    x_realtime_warm: float
    hours_per_day: float
    wall_to_analysed_s: float
    cpu_s: float
    audio_per_cpu_s: float
    cpu_share: float
    wer: float
    differs_from_first: int
    load_before: float
    timed_out: bool
    cpu_per_audio_s: float = 0.0
    workers_cpu_per_audio_s: float = 0.0
    load_after: float = 0.0
    processes: dict[str, dict[str, float]] | None = None


# --- Distinct copies of one recording ------------------------------------------------------------

def _ogg_crc_table() -> list[int]:
    table = []
    for byte in range(256):
        value = byte << 24
        for _ in range(8):
            value = ((value << 1) ^ 0x04C11DB7) if value & 0x80000000 else value << 1
            value &= 0xFFFFFFFF
        table.append(value)
    return table


_CRC_TABLE = _ogg_crc_table()


def _ogg_crc(data: bytes) -> int:
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC_TABLE[((crc >> 24) ^ byte) & 0xFF]
    return crc


def ogg_with_serial(data: bytes, serial: int) -> bytes:
    """The same Ogg file with another stream serial number: different bytes, identical packets."""
    out = bytearray()
    pos = 0
    while pos < len(data):
        if data[pos:pos + 4] != b"OggS":
            raise ValueError(f"not an Ogg page at byte {pos}")
        segments = data[pos + 26]
        end = pos + 27 + segments + sum(data[pos + 27:pos + 27 + segments])
        page = bytearray(data[pos:end])
        page[14:18] = serial.to_bytes(4, "little")
        page[22:26] = bytes(4)
        page[22:26] = _ogg_crc(bytes(page)).to_bytes(4, "little")
        out += page
        pos = end
    return bytes(out)


# --- Environment ---------------------------------------------------------------------------------

def bench_env(folder: Path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items()
        # Never the developer's PostgreSQL or Redis: this run owns its SQLite file and ORM queue.
        if key not in {"DATABASE_URL", "REDIS_URL", "Q_WORKERS", "WHISPER_CPU_THREADS",
                       "WHISPER_BATCH_SIZE"}
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "project.settings.local",
        "DEBUG": "false",
        "SLYSHU_VAR_DIR": str(folder),
        "SQLITE_PATH": str(folder / "bench.sqlite3"),
        "MEDIA_ROOT": str(folder / "media"),
        "WHISPER_CACHE_DIR": os.environ.get("WHISPER_CACHE_DIR", str(ROOT / "var" / "models")),
        "Q_BROKER": "orm",
        "Q_CLUSTER_NAME": "slyshu-bench",
        "HF_HUB_OFFLINE": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def measure_first_call_overhead(env: dict[str, str], threads: int) -> tuple[float, float]:
    """What a worker's first call spends before decoding: engine import, model and VAD load, as
    (wall s, CPU s)."""
    code = (
        "import time, django; django.setup(); started = time.perf_counter(); "
        "cpu = time.process_time(); "
        "from calls.transcription import engine; engine.get_model(); "
        "from faster_whisper.vad import get_vad_model; get_vad_model(); "
        "print(time.perf_counter() - started, time.process_time() - cpu)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**env, "WHISPER_CPU_THREADS": str(threads)},
        capture_output=True, text=True, timeout=300, check=True,
    )
    wall, cpu = result.stdout.strip().splitlines()[-1].split()
    return float(wall), float(cpu)


# --- Data ----------------------------------------------------------------------------------------

def references() -> dict[str, dict[str, str]]:
    """Demo id -> speaker -> the text that speaker says, from the manifest."""
    refs: dict[str, dict[str, str]] = {}
    for line in (DEMO_AUDIO / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            texts: dict[str, list[str]] = {"operator": [], "customer": []}
            for segment in entry["segments"]:
                texts[segment["speaker"]].append(segment["text"])
            refs[entry["id"]] = {speaker: " ".join(t) for speaker, t in texts.items()}
    return refs


def ingest(folder: Path, copies: int) -> tuple[int, float]:
    from calls.demo.dialogs import load_dialogs
    from calls.demo.seed import demo_seed_lines, demo_seed_people
    from calls.ingestion import CallMetadata, call_ingest_audio
    from calls.models import Call
    from calls.taxonomy.import_export import taxonomy_import, taxonomy_read_file

    # The demo taxonomy, so the analysis tasks sharing the cluster cost what they cost in use.
    taxonomy_import(data=taxonomy_read_file(ROOT / "calls" / "demo" / "taxonomy.json"))
    # Operators and lines as `load_demo` sets them up: ingestion refuses codes nobody set up.
    demo_seed_people()
    demo_seed_lines()
    sources = folder / "sources"
    sources.mkdir()
    audio = 0.0
    count = 0
    for copy in range(copies):
        for dialog in load_dialogs():
            original = DEMO_AUDIO / dialog.filename
            path = sources / f"{dialog.id}-copy{copy}.ogg"
            data = original.read_bytes()
            path.write_bytes(data if copy == 0 else ogg_with_serial(data, 0x51A50000 + copy))
            result = call_ingest_audio(
                audio=path, filename=dialog.filename,
                metadata=CallMetadata(
                    external_id=f"bench-{copy}-{dialog.id}", line=dialog.line,
                    direction=dialog.direction, operator=dialog.operator,
                    customer_phone=dialog.customer_phone, outcome=dialog.outcome,
                ),
                source=Call.Source.IMPORT,
            )
            if not result.created:
                raise RuntimeError(f"{path.name} was taken for a call already stored")
            audio += float(result.call.duration)
            count += 1
    return count, audio


def requeue_all() -> None:
    """Every call back to the start, its queue message sent again, as if all had just arrived."""
    from django_q.models import OrmQ

    from calls.models import Call
    from calls.pipeline import call_queue_transcription

    OrmQ.objects.all().delete()
    Call.objects.update(
        status=Call.Status.RECEIVED, transcribed_at=None, analysed_at=None, claimed_at=None,
        claimed_by="", failure_reason="",
    )
    for call in Call.objects.order_by("pk"):
        call_queue_transcription(call=call, reset_attempts=True)


# --- CPU by process ------------------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(path: Path) -> tuple[int, float] | None:
    """(parent pid, user + system CPU seconds) from a /proc/.../stat file."""
    try:
        fields = path.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


class ClusterSampler:
    """CPU time of each process of one cluster (and of each thread of it), read from /proc.

    django-q2's layout: `manage.py qcluster` starts the sentinel (the guard loop, the scheduler,
    Stat saves); the sentinel starts the workers first, then the monitor (saves results), then
    the pusher (polls the ORM broker). A process that exits between two samples loses at most one
    interval of CPU; the cluster's total from getrusage is printed beside the sum to show it.
    """

    def __init__(self, root: int, workers: int) -> None:
        self.root = root
        self.workers = workers
        self.cpu: dict[int, float] = {}
        self.parent: dict[int, int] = {}
        self.threads: dict[int, dict[int, float]] = {}
        self.marks: dict[str, dict[int, float]] = {}

    def sample(self) -> None:
        known = {self.root, *self.cpu}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            stat = _stat(entry / "stat")
            if stat is None:
                continue
            pid = int(entry.name)
            ppid, cpu = stat
            if pid == self.root or ppid in known or pid in self.cpu:
                known.add(pid)
                self.parent.setdefault(pid, ppid)
                self.cpu[pid] = cpu
                threads = self.threads.setdefault(pid, {})
                try:
                    tasks = list((entry / "task").iterdir())
                except OSError:
                    tasks = []
                for task in tasks:
                    thread = _stat(task / "stat")
                    if thread is not None:
                        threads[int(task.name)] = thread[1]

    def mark(self, name: str) -> None:
        """Remember every process's CPU now (e.g. when the first call is claimed)."""
        self.marks[name] = dict(self.cpu)

    def roles(self) -> dict[int, str]:
        names = {self.root: "qcluster (main)"}
        sentinels = [pid for pid, ppid in self.parent.items() if ppid == self.root]
        for pid in sentinels:
            names[pid] = "sentinel (guard)"
        children = sorted(pid for pid, ppid in self.parent.items() if ppid in sentinels)
        for index, pid in enumerate(children):
            if index < self.workers:
                names[pid] = f"worker {index + 1}"
            elif index == self.workers:
                names[pid] = "monitor"
            elif index == self.workers + 1:
                names[pid] = "pusher"
            else:
                names[pid] = f"worker (respawned) {pid}"
        for pid in self.cpu:
            names.setdefault(pid, f"other {pid}")
        return names

    def by_role(self) -> dict[str, dict[str, float]]:
        """Role -> {"cpu_s", "startup_cpu_s" (before the first claim), "main_thread_s",
        "other_threads_s", "threads" (how many were seen)}."""
        before = self.marks.get("first_claim", {})
        out: dict[str, dict[str, float]] = {}
        for pid, role in sorted(self.roles().items(), key=lambda item: item[1]):
            threads = self.threads.get(pid, {})
            main = threads.get(pid, 0.0)
            out[role] = {
                "cpu_s": round(self.cpu.get(pid, 0.0), 2),
                "startup_cpu_s": round(before.get(pid, 0.0), 2),
                "main_thread_s": round(main, 2),
                # Exited threads (a call's channel pool) leave /proc but stay in the total.
                "other_threads_s": round(self.cpu.get(pid, 0.0) - main, 2),
                "threads": len(threads),
            }
        return out


# --- One run -------------------------------------------------------------------------------------

def stop(process: subprocess.Popen[bytes]) -> None:
    from tests.process_groups import stop_process_group

    stop_process_group(process)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def normalize(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower().replace("ё", "е")))


def transcripts() -> dict[str, dict[str, str]]:
    from calls.models import Segment

    texts: dict[str, dict[str, list[str]]] = {}
    for external_id, speaker, text in Segment.objects.order_by(
        "call__external_id", "start", "index"
    ).values_list("call__external_id", "speaker", "text"):
        texts.setdefault(external_id, {}).setdefault(speaker, []).append(text)
    return {key: {s: " ".join(t) for s, t in by.items()} for key, by in texts.items()}


def wer(found: dict[str, dict[str, str]], refs: dict[str, dict[str, str]]) -> float:
    import jiwer

    truth, hyps = [], []
    for external_id, by_speaker in sorted(found.items()):
        demo_id = external_id.split("-", 2)[2]
        for speaker, ref in refs[demo_id].items():
            truth.append(normalize(ref))
            hyps.append(normalize(by_speaker.get(speaker, "")))
    return float(jiwer.wer(truth, hyps))


def run_combo(
    combo: Combo, *, env: dict[str, str], folder: Path, timeout: float,
    overhead: tuple[float, float], refs: dict[str, dict[str, str]],
    first: dict[str, dict[str, str]] | None,
) -> tuple[Row, dict[str, dict[str, str]]]:
    from django.conf import settings
    from django.db.models import Max, Min
    from django.utils import timezone

    from calls.models import Call, CallStatusChange

    requeue_all()
    run_env = {**env, "Q_WORKERS": str(combo.workers), "WHISPER_CPU_THREADS": str(combo.threads)}
    if combo.batch is not None:
        run_env["WHISPER_BATCH_SIZE"] = str(combo.batch)
    log_path = folder / f"qcluster-{combo.name.replace('/', '-')}-{time.time():.0f}.log"
    load_before = os.getloadavg()[0]
    # The clusters' CPU time reaches this process when they are reaped (each cluster reaps its
    # workers). On a shared machine it moves much less with other people's jobs than wall time.
    cpu_before = _children_cpu()
    timed_out = False
    with log_path.open("wb") as log:
        started_at = timezone.now()
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=run_env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )
        sampler = ClusterSampler(process.pid, combo.workers)
        claimed = CallStatusChange.objects.filter(
            status=Call.Status.TRANSCRIBING, at__gte=started_at
        )
        try:
            # Transcription is what is timed; the analyses queued behind it get a short grace.
            waiting = Call.objects.filter(transcribed_at__isnull=True).exclude(
                status=Call.Status.FAILED
            )
            analysing = Call.objects.filter(status=Call.Status.TRANSCRIBED)
            grace = None
            while waiting.exists() or (analysing.exists() and time.monotonic() < (grace or 1e18)):
                if time.monotonic() - started > timeout:
                    timed_out = waiting.exists()
                    break
                if process.poll() is not None:
                    tail = log_path.read_text(errors="replace")[-3000:]
                    raise RuntimeError(f"qcluster exited with {process.returncode}:\n{tail}")
                if grace is None and not waiting.exists():
                    grace = time.monotonic() + ANALYSIS_GRACE_SECONDS
                    sampler.mark("transcribed")
                sampler.sample()
                if "first_claim" not in sampler.marks and claimed.exists():
                    sampler.mark("first_claim")
                time.sleep(0.5)
            sampler.sample()
        finally:
            stop(process)
    cpu = _children_cpu() - cpu_before
    processes = sampler.by_role()
    if timed_out:
        print(f"  {combo.name}: not done in {timeout:.0f} s; log tail:", file=sys.stderr)
        print(log_path.read_text(errors="replace")[-2000:], file=sys.stderr)

    calls = Call.objects.all()
    marks = calls.aggregate(
        last_transcribed=Max("transcribed_at"), last_analysed=Max("analysed_at")
    )
    first_claim = CallStatusChange.objects.filter(
        status=Call.Status.TRANSCRIBING, at__gte=started_at
    ).aggregate(first=Min("at"))["first"]
    last = marks["last_transcribed"] or timezone.now()
    wall = (last - started_at).total_seconds()
    boot = (first_claim - started_at).total_seconds() if first_claim else 0.0
    startup = boot + overhead[0]
    warm_wall = max(wall - startup, 1e-9)
    transcribed = calls.filter(transcribed_at__isnull=False)
    done_audio = sum(float(d) for d in transcribed.values_list("duration", flat=True))
    found = transcripts()
    differs = 0
    if first is not None:
        differs = sum(1 for key, texts in found.items() if first.get(key) != texts)
    analysed = marks["last_analysed"]
    failed = calls.filter(status=Call.Status.FAILED)
    reason = failed.values_list("failure_reason", flat=True).first()
    if reason:
        print(f"  {combo.name}: a failed call says: {reason}", file=sys.stderr)
    row = Row(
        combo=combo.name, workers=combo.workers, threads=combo.threads,
        batch_size=combo.batch if combo.batch is not None else settings.WHISPER_BATCH_SIZE,
        calls=transcribed.count(),
        failed=calls.filter(status=Call.Status.FAILED, transcribed_at__isnull=True).count(),
        analysis_failed=calls.filter(
            status=Call.Status.FAILED, transcribed_at__isnull=False
        ).count(),
        audio_s=round(done_audio, 1), wall_s=round(wall, 1), startup_s=round(startup, 1),
        warm_wall_s=round(warm_wall, 1), x_realtime=round(done_audio / wall, 2),
        x_realtime_warm=round(done_audio / warm_wall, 2),
        hours_per_day=round(done_audio / wall * 24, 1),
        wall_to_analysed_s=round((analysed - started_at).total_seconds(), 1) if analysed else -1.0,
        cpu_s=round(cpu, 1), audio_per_cpu_s=round(done_audio / cpu, 2) if cpu else 0.0,
        cpu_share=round(cpu / wall / (os.cpu_count() or 1), 2),
        wer=round(wer(found, refs), 4), differs_from_first=differs,
        load_before=round(load_before, 2), timed_out=timed_out,
        cpu_per_audio_s=round(cpu / done_audio, 4) if done_audio else 0.0,
        workers_cpu_per_audio_s=round(
            sum(p["cpu_s"] for role, p in processes.items() if role.startswith("worker"))
            / done_audio, 4) if done_audio else 0.0,
        load_after=round(os.getloadavg()[0], 2), processes=processes,
    )
    return row, found


# --- Report --------------------------------------------------------------------------------------

HEADER = (
    f"{'combo':<10}{'calls':>6}{'audio s':>9}{'wall s':>8}{'start s':>8}{'x RT':>7}"
    f"{'x RT warm':>10}{'h/day':>7}{'CPU s':>7}{'aud/CPU':>8}{'busy':>6}{'WER':>7}{'diff':>5}"
    f"{'load':>6}"
)


def line(row: Row) -> str:
    flag = " TIMEOUT" if row.timed_out else (f" failed={row.failed}" if row.failed else "")
    if row.analysis_failed:
        flag += f" analysis-failed={row.analysis_failed}"
    return (
        f"{row.combo:<10}{row.calls:>6}{row.audio_s:>9.0f}{row.wall_s:>8.1f}{row.startup_s:>8.1f}"
        f"{row.x_realtime:>7.1f}{row.x_realtime_warm:>10.1f}{row.hours_per_day:>7.0f}"
        f"{row.cpu_s:>7.0f}{row.audio_per_cpu_s:>8.2f}{row.cpu_share:>6.0%}{row.wer:>7.3f}{row.differs_from_first:>5}{row.load_before:>6.1f}{flag}"
    )


def process_lines(row: Row, load_cpu: float) -> str:
    """The cluster's CPU by process, per audio second, beside the in-process breakdown."""
    processes = row.processes or {}
    audio = row.audio_s or 1.0
    out = [f"  {'process':<22}{'CPU s':>8}{'per aud s':>10}{'start-up':>9}{'main thr':>9}"
           f"{'other thr':>10}{'threads':>8}"]
    for role, figures in processes.items():
        out.append(
            f"  {role:<22}{figures['cpu_s']:>8.1f}{figures['cpu_s'] / audio:>10.4f}"
            f"{figures['startup_cpu_s']:>9.1f}{figures['main_thread_s']:>9.1f}"
            f"{figures['other_threads_s']:>10.1f}{figures['threads']:>8.0f}"
        )
    sampled = sum(f["cpu_s"] for f in processes.values())
    out.append(f"  {'sum of samples':<22}{sampled:>8.1f}{sampled / audio:>10.4f}   (getrusage: "
               f"{row.cpu_s:.1f} s, {row.cpu_per_audio_s:.4f} per audio s; load "
               f"{row.load_before:.1f} before, {row.load_after:.1f} after)")
    workers = [f for role, f in processes.items() if role.startswith("worker")]
    if workers:
        worker_cpu = sum(f["cpu_s"] for f in workers)
        loads = load_cpu * len(workers)
        out.append(f"  workers minus their model + VAD loads ({len(workers)} × {load_cpu:.1f} s "
                   f"CPU): {(worker_cpu - loads) / audio:.4f} CPU s per audio s")
    breakdown = ROOT / "var" / "bench" / "cpu_breakdown.json"
    if breakdown.is_file():
        data = json.loads(breakdown.read_text(encoding="utf-8"))
        if data.get("audio_s"):
            out.append(f"  in one process (bench_cpu_breakdown.py, {data['threads']} thread(s)): "
                       f"{data['cpu_s'] / data['audio_s']:.4f} CPU s per audio s: " + ", ".join(
                           f"{step['step']} {step['cpu_per_audio_s']:.4f}"
                           for step in data["steps"][:6]))
        if data.get("encoder_windows"):
            out.append(f"  encoder windows there: {data['encoder_windows']} × "
                       f"{data['window_s']} s for {data['speech_s']:.0f} s of speech")
    return "\n".join(out)


def git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                              capture_output=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--combo", action="append", type=Combo.parse,
                        help=f"WORKERSxTHREADS[/bBATCH], repeatable (default {DEFAULT_COMBOS})")
    parser.add_argument("--copies", type=int, default=0,
                        help="copies of the demo set (default: enough for 20 min of audio)")
    parser.add_argument("--repeat", type=int, default=1, help="run the combination list N times")
    parser.add_argument("--timeout", type=float, default=900, help="seconds per run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--output", type=Path, default=RESULT_PATH, help="the JSON result file")
    args = parser.parse_args()
    combos: list[Combo] = args.combo or [Combo.parse(c) for c in DEFAULT_COMBOS]

    # `kill PID` must still stop the clusters (the finally blocks), not orphan them.
    signal.signal(signal.SIGTERM, _interrupted)
    folder = Path(tempfile.mkdtemp(prefix="slyshu-bench-throughput-"))
    env = bench_env(folder)
    # This process ingests and polls with the same settings the clusters get.
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    rows: list[Row] = []
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        from calls.transcription.model import model_dir

        call_command("migrate", verbosity=0)
        model_dir()  # joins model.bin into the shared cache once, outside every timed run
        per_copy = sum(
            json.loads(x)["duration"]
            for x in (DEMO_AUDIO / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
            if x.strip()
        )
        copies = args.copies or int(-(-MIN_AUDIO_SECONDS // per_copy))
        started = time.perf_counter()
        count, audio = ingest(folder, copies)
        print(f"{count} calls, {audio:.0f} s of audio ({copies} copies of the demo set) ingested "
              f"in {time.perf_counter() - started:.0f} s; {os.cpu_count()} CPUs; "
              f"beam {settings.WHISPER_BEAM_SIZE}, batch {settings.WHISPER_BATCH_SIZE}, "
              f"compute {settings.WHISPER_COMPUTE_TYPE}; temp {folder}", flush=True)
        threads = sorted({c.threads for c in combos})
        overheads = {t: measure_first_call_overhead(env, t) for t in threads}
        print("first-call overhead (engine import, model + VAD load): "
              + ", ".join(f"{t} thr {w:.1f} s wall, {c:.1f} s CPU"
                          for t, (w, c) in overheads.items()), flush=True)
        refs = references()
        print(HEADER, flush=True)
        first: dict[str, dict[str, str]] | None = None
        for _round in range(args.repeat):
            for combo in combos:
                row, found = run_combo(
                    combo, env=env, folder=folder, timeout=args.timeout,
                    overhead=overheads[combo.threads], refs=refs, first=first,
                )
                first = first if first is not None else found
                rows.append(row)
                print(line(row), flush=True)
                print(process_lines(row, overheads[combo.threads][1]), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)

    best = max((r for r in rows if not r.timed_out and not r.failed), key=lambda r: r.x_realtime,
               default=None)
    print("\nx RT: audio seconds per wall second, cluster start to last call transcribed; warm: "
          "minus start-up (boot to first claim + first-call overhead); CPU s: the cluster's CPU "
          "time (user + system); aud/CPU: audio seconds per CPU second; busy: CPU s / (wall s × "
          "cores); diff: calls whose transcript differs from the first run's; load: 1-min load "
          "average before the run (above ~0.5 someone else shared the cores).")
    if best is not None:
        verdict = "reached" if best.x_realtime >= GOAL_X_REALTIME else "NOT reached"
        print(f"best: {best.combo} {best.x_realtime:.1f}x real time = {best.hours_per_day:.0f} h "
              f"of audio a day; goal {GOAL_X_REALTIME:.0f}x {verdict}")
    cores = os.cpu_count() or 1
    for row in rows:
        if row.cpu_per_audio_s and row.workers_cpu_per_audio_s:
            # What the box would do with every core its own: wall time on a shared machine
            # measures the neighbours; CPU per audio second does not.
            print(f"{row.combo}: CPU-bound cap on {cores} cores at {BUSY:.0%} busy: "
                  f"{cores * BUSY / row.cpu_per_audio_s:.1f}x counting start-up, "
                  f"{cores * BUSY / row.workers_cpu_per_audio_s:.1f}x for the workers alone "
                  "(a long queue)")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git_commit(), "cpus": os.cpu_count(), "machine": platform.platform(),
        "goal_x_realtime": GOAL_X_REALTIME, "rows": [asdict(r) for r in rows],
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written {args.output}")
    return 1 if any(r.timed_out or r.failed for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
