"""`make run` serves the product as people will see it: DEBUG off, static files still served."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

# Runs in a fresh interpreter with the settings `make run` uses: pytest's own settings module and
# test environment must not leak in.
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
result = {"debug": settings.DEBUG}
for path in [
    "/no-such-page/",
    "/static/calls/slyshu.css",
    "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
    "/static/admin/css/base.css",
]:
    response = client.get(path, HTTP_HOST="127.0.0.1")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    result[path] = [response.status_code, body[:3000].decode("utf-8", "replace")]
print(json.dumps(result))
"""


def test_make_run_starts_the_server_and_cluster_with_debug_off() -> None:
    plan = subprocess.run(
        ["make", "-n", "run"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    # One supervisor (project/management/commands/serve.py) starts runserver and qcluster.
    commands = [line for line in plan.splitlines() if "manage.py serve" in line]
    assert len(commands) == 1, plan
    assert "DEBUG=false" in commands[0], commands


def test_local_settings_with_debug_off_show_our_404_and_serve_static_files(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings.local",
        "DEBUG": "false",
        "SLYSHU_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    output = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True,
        check=True, timeout=120,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])

    assert result["debug"] is False
    status, body = result["/no-such-page/"]
    assert status == 404
    assert "Страница не найдена" in body
    assert "technical_404" not in body and "Django tried these URL patterns" not in body
    for path in [
        "/static/calls/slyshu.css",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/admin/css/base.css",
    ]:
        assert result[path][0] == 200, path
