"""The test suite: fast hashing, in-memory e-mail, tasks run in-process unless a test says not."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import Q_CLUSTER

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="slyshu-test-media-"))
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
# pytest-xdist's workers (gw0, gw1…) share CI's one Redis: each gets a cluster name of its own,
# which names its queue (django_q:<name>:q) and its clusters' stats, so a task one worker's test
# enqueues is never taken by a cluster another worker started, and /health/ counts only its own.
# Their databases are apart already (pytest-django's _gw0 suffix; SQLite's test DB is in memory).
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    Q_CLUSTER["name"] = f"{Q_CLUSTER['name']}-{worker}"
# No background thread retries a refused enqueue in tests: those that test it drive the retries.
ENQUEUE_RETRY_SECONDS = 0
# Static files from the apps' folders, as under `make run`; nothing is collected in tests, and
# without a STATIC_ROOT WhiteNoise does not warn about the missing folder.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
# Login throttling counts failures in the database; only its own test turns it on.
AXES_ENABLED = False
