"""Recovery from a killed cluster: how long after a restart every call is analysed, none lost, none
done twice. PostgreSQL + Redis, as in production.

    .venv/bin/python tests/benchmarks/bench_recovery.py [--copies N] [--kill-after K]
                                                         [--timeout S] [--keep]

A batch of short calls (the test clips in tests/fixtures/audio, 13-22 s each, `--copies` distinct
copies of each, re-serialised Ogg so ingestion does not take them for duplicates) is queued on a
real `manage.py qcluster` (2 workers, the real transcription engine). When K calls are transcribed
and at least one is being transcribed, the cluster's whole process group gets SIGKILL: its claims,
the messages its pusher had taken from Redis and any analysis in flight die with it. A new cluster
is started at once, and the database is polled until every call is analysed.

Reported: what the kill left (analysed, transcribed, claimed, queued; messages still in Redis);
seconds from the restart until every call is analysed (goal < 60 s); lost = calls not analysed by
the timeout; twice = calls with more than one stored transcription or analysis, i.e. more than one
'transcribed' or 'analysed' status change, two segments with the same index, or a tag given twice;
and the same wait under the code before heartbeats, worked out from its rules (it is 35 minutes, not
worth running).

Uses its own PostgreSQL database (slyshu_bench_recovery on 127.0.0.1:5432, created and dropped),
Redis database 7 with its own queue name, and a temporary folder for media; the result goes to
var/bench/recovery.json. Needs `psql`-reachable PostgreSQL with trust auth and Redis running.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.bench_throughput import git_commit, ogg_with_serial  # noqa: E402

CLIPS = ROOT / "tests" / "fixtures" / "audio"
CLIP_NAMES = ("dialog_stereo.ogg", "operator_mono.ogg", "silence_tail.ogg")
RESULT_PATH = ROOT / "var" / "bench" / "recovery.json"
GOAL_SECONDS = 60.0
PG = {"host": "127.0.0.1", "port": "5432", "user": os.environ.get("BENCH_PG_USER", "postgres")}
DATABASE = "slyshu_bench_recovery"
REDIS_URL = "redis://127.0.0.1:6379/7"


def bench_env(folder: Path) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "Q_WORKERS", "WHISPER_CPU_THREADS",
                       "TRANSCRIBE_TIMEOUT", "CLAIM_HEARTBEAT_SECONDS", "CLAIM_DEAD_AFTER"}
    }
    env.update({
        "DJANGO_SETTINGS_MODULE": "project.settings.local",
        "DEBUG": "false",
        "SLYSHU_VAR_DIR": str(folder),
        "MEDIA_ROOT": str(folder / "media"),
        "DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{DATABASE}",
        "Q_BROKER": "redis",
        "REDIS_URL": REDIS_URL,
        "Q_CLUSTER_NAME": "slyshu-bench-recovery",
        "Q_WORKERS": "2",
        "WHISPER_CPU_THREADS": "1",
        "WHISPER_CACHE_DIR": os.environ.get("WHISPER_CACHE_DIR", str(ROOT / "var" / "models")),
        "HF_HUB_OFFLINE": "1",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", PG["host"], "-p", PG["port"], "-U", PG["user"], "-d", "postgres",
         "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
        check=True, capture_output=True, text=True,
    )


def ingest(folder: Path, copies: int) -> list[int]:
    from calls.demo.seed import demo_seed_lines, demo_seed_people
    from calls.ingestion import CallMetadata, call_ingest_audio
    from calls.models import Call
    from calls.taxonomy.import_export import taxonomy_import, taxonomy_read_file

    # The demo taxonomy, so that the analysis tags calls and a tag given twice would show.
    taxonomy_import(data=taxonomy_read_file(ROOT / "calls" / "demo" / "taxonomy.json"))
    demo_seed_people()
    demo_seed_lines()
    sources = folder / "sources"
    sources.mkdir()
    ids = []
    for copy in range(copies):
        for name in CLIP_NAMES:
            data = (CLIPS / name).read_bytes()
            path = sources / f"{copy}-{name}"
            path.write_bytes(ogg_with_serial(data, 0x5EC00000 + copy))
            result = call_ingest_audio(
                audio=path, filename=name,
                metadata=CallMetadata(external_id=f"recovery-{copy}-{name}",
                                      mono_speaker="operator"),
                source=Call.Source.IMPORT,
            )
            if not result.created:
                raise RuntimeError(f"{path.name} was taken for a call already stored")
            ids.append(result.call.pk)
    return ids


def start_cluster(env: dict[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True,
        )


def counts() -> dict[str, int]:
    from django.db.models import Count

    from calls.models import Call

    by_status = dict(Call.objects.values_list("status").annotate(n=Count("id")))
    return {str(key): int(value) for key, value in by_status.items()}


def twice() -> dict[str, list[int]]:
    """Calls stored or analysed more than once, by the evidence it would leave."""
    from django.db.models import Count

    from calls.models import CallStatusChange, CallTag, Segment

    def over_one(rows):  # type: ignore[no-untyped-def]
        return sorted({row["call_id"] for row in rows.annotate(n=Count("id")).filter(n__gt=1)})

    return {
        "transcribed_twice": over_one(
            CallStatusChange.objects.filter(status="transcribed").values("call_id")),
        "analysed_twice": over_one(
            CallStatusChange.objects.filter(status="analysed").values("call_id")),
        "duplicate_segments": over_one(Segment.objects.values("call_id", "index")),
        "duplicate_tags": over_one(CallTag.objects.values("call_id", "tag_id")),
    }


def redis_depth() -> int:
    from django_q.brokers import get_broker

    return int(get_broker().queue_size())


def run(args: argparse.Namespace, folder: Path, env: dict[str, str]) -> dict[str, object]:
    from django.db.models import Min
    from django.utils import timezone

    from calls.models import Call, CallStatusChange

    ids = ingest(folder, args.copies)
    total = len(ids)
    args.kill_after = args.kill_after or total // 2
    print(f"{total} calls queued; starting the cluster", flush=True)
    log_path = folder / "qcluster.log"
    first = start_cluster(env, log_path)
    started = time.monotonic()
    killed_state: dict[str, object] = {}
    try:
        while True:
            state = counts()
            past = state.get("analysed", 0) + state.get("transcribed", 0)
            if past >= args.kill_after and state.get("transcribing", 0) >= 1:
                break
            if past == total:
                raise RuntimeError("the whole batch was done before the kill: raise --copies")
            if first.poll() is not None or time.monotonic() - started > args.timeout:
                raise RuntimeError("the first cluster did not get far enough:\n"
                                   + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.2)
        os.killpg(first.pid, signal.SIGKILL)
        killed_at = time.monotonic()
        first.wait()
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    left: dict[str, list[int]] = {
        str(status): list(Call.objects.filter(status=status).values_list("pk", flat=True))
        for status in (Call.Status.QUEUED, Call.Status.TRANSCRIBING, Call.Status.TRANSCRIBED)
    }
    killed_state = {**counts(), "redis_messages": redis_depth(),
                    "seconds_into_batch": round(killed_at - started, 1)}
    print(f"SIGKILL after {killed_at - started:.1f} s: {killed_state}", flush=True)

    # The restart: as soon as an orchestrator would do it.
    restarted_at = timezone.now()
    second = start_cluster(env, log_path)
    restarted = time.monotonic()
    marks: dict[str, float] = {}
    try:
        while True:
            state = counts()
            now = time.monotonic() - restarted
            if state.get("analysed", 0) + state.get("failed", 0) == total:
                marks["all_done"] = now
                break
            if now > args.timeout:
                break
            if second.poll() is not None:
                raise RuntimeError("the restarted cluster exited:\n"
                                   + log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.2)
    finally:
        from tests.process_groups import stop_process_group

        stop_process_group(second)

    final = counts()
    after = CallStatusChange.objects.filter(at__gte=restarted_at)

    def first_at(changes) -> float:  # type: ignore[no-untyped-def]
        at = changes.aggregate(at=Min("at"))["at"]
        return round((at - restarted_at).total_seconds(), 1) if at else -1.0

    lost = total - final.get("analysed", 0)
    doubled = twice()
    doubled_calls = sorted({pk for found in doubled.values() for pk in found})
    failed_reasons = list(Call.objects.filter(status=Call.Status.FAILED)
                          .values_list("failure_reason", flat=True)[:3])
    return {
        "calls": total,
        "audio_seconds": round(sum(float(d) for d in
                                   Call.objects.values_list("duration", flat=True)), 1),
        "at_kill": killed_state,
        "restart_to_first_claim_s": first_at(after.filter(status="transcribing")),
        "restart_to_dead_claims_requeued_s": first_at(
            after.filter(status="queued", note__contains="обработчик остановился")),
        "restart_to_all_analysed_s": round(marks["all_done"], 1) if "all_done" in marks else None,
        "goal_s": GOAL_SECONDS,
        "lost": lost,
        "twice": len(doubled_calls),
        "twice_detail": doubled,
        "failed_reasons": failed_reasons,
        "final": final,
        "control_s": control(env, log_path, left, timeout=args.timeout),
    }


def control(env: dict[str, str], log_path: Path, left: dict[str, list[int]], *,
            timeout: float) -> float | None:
    """The work the kill left, done by a fresh cluster that nobody kills: the same calls queued
    or analysed again from where they were. The recovery's own cost is the difference."""
    from django_q.brokers import get_broker

    from calls.models import Call, CallTag, Segment
    from calls.pipeline import call_queue_analysis, call_queue_transcription

    get_broker().purge_queue()
    again = left[Call.Status.QUEUED] + left[Call.Status.TRANSCRIBING]
    CallTag.objects.filter(call_id__in=again + left[Call.Status.TRANSCRIBED]).delete()
    Segment.objects.filter(call_id__in=again).delete()
    Call.objects.filter(pk__in=again).update(status=Call.Status.RECEIVED, attempts=0,
                                             transcribed_at=None, analysed_at=None)
    Call.objects.filter(pk__in=left[Call.Status.TRANSCRIBED]).update(
        status=Call.Status.TRANSCRIBED, analysed_at=None)
    print(f"control: {len(again)} calls to transcribe, {len(left[Call.Status.TRANSCRIBED])} to "
          "analyse, on a cluster nobody kills", flush=True)
    for call in Call.objects.filter(pk__in=again):
        call_queue_transcription(call=call)
    for call_id in left[Call.Status.TRANSCRIBED]:
        call_queue_analysis(call_id=call_id)
    cluster = start_cluster(env, log_path)
    started = time.monotonic()
    try:
        while Call.objects.exclude(status__in=[Call.Status.ANALYSED, Call.Status.FAILED]).exists():
            if time.monotonic() - started > timeout:
                return None
            time.sleep(0.2)
        return round(time.monotonic() - started, 1)
    finally:
        from tests.process_groups import stop_process_group

        stop_process_group(cluster)


def old_behaviour_seconds() -> dict[str, float]:
    """The wait under the code before heartbeats (commit 61473d5), from its rules: a lost message
    was sent again by requeue_stuck only once its call had been queued TRANSCRIBE_TIMEOUT + 5 min,
    a claim requeued after TRANSCRIBE_TIMEOUT, the schedule ran every 5 minutes."""
    from django.conf import settings

    timeout = float(settings.TRANSCRIBE_TIMEOUT)
    return {"lost_message_s": timeout + 300, "dead_claim_s": timeout,
            "schedule_period_s": 300.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=6, help="copies of the 3 clips (default 6)")
    parser.add_argument("--kill-after", type=int, default=0,
                        help="SIGKILL once this many calls are transcribed (default: half)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per phase")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--output", type=Path, default=RESULT_PATH, help="the JSON result file")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda signum, frame: (_ for _ in ()).throw(
        KeyboardInterrupt(f"signal {signum}")))
    if shutil.which("psql") is None:
        print("psql not found: this benchmark needs PostgreSQL (and Redis)", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="slyshu-bench-recovery-"))
    env = bench_env(folder)
    os.environ.clear()
    os.environ.update(env)
    psql(f"DROP DATABASE IF EXISTS {DATABASE}")
    psql(f"CREATE DATABASE {DATABASE}")
    result: dict[str, object] = {}
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django_q.brokers import get_broker

        from calls.transcription.model import model_dir

        call_command("migrate", verbosity=0)
        call_command("setup_schedules", verbosity=0)  # requeue-stuck every minute, as deployed
        model_dir()  # joins model.bin into the shared cache outside the timed part
        get_broker().purge_queue()
        result = run(args, folder, env)
        result["old_behaviour"] = old_behaviour_seconds()
        get_broker().purge_queue()
        connections.close_all()
    finally:
        try:
            psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        except subprocess.CalledProcessError as error:
            print(f"could not drop {DATABASE}: {error.stderr}", file=sys.stderr)
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"kept {folder}")

    wait = result.get("restart_to_all_analysed_s")
    old = result["old_behaviour"]
    assert isinstance(old, dict)
    verdict = "reached" if isinstance(wait, float) and wait < GOAL_SECONDS else "NOT reached"
    print(json.dumps({k: v for k, v in result.items() if k != "old_behaviour"},
                     ensure_ascii=False, indent=2))
    print(f"\nrestart → every call analysed: {wait} s (goal < {GOAL_SECONDS:.0f} s: {verdict}); "
          f"the same work on a cluster nobody killed: {result['control_s']} s; "
          f"lost {result['lost']}, twice {result['twice']}. Before heartbeats: a message lost "
          f"with the cluster waited {old['lost_message_s'] / 60:.0f} min, a dead claim "
          f"{old['dead_claim_s'] / 60:.0f} min (+ up to {old['schedule_period_s'] / 60:.0f} min "
          f"for the schedule).")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": git_commit(), "cpus": os.cpu_count(), "machine": platform.platform(),
        "load_average": os.getloadavg(), **result,
    }, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"written {args.output}")
    return 0 if verdict == "reached" and result["lost"] == 0 and result["twice"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
