"""The test suite: fast hashing, in-memory e-mail, tasks run in-process unless a test says not."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import Q_CLUSTER

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="slyshu-test-media-"))
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
# No background thread retries a refused enqueue in tests: those that test it drive the retries.
ENQUEUE_RETRY_SECONDS = 0
# Static files from the apps' folders, as under `make run`; nothing is collected in tests, and
# without a STATIC_ROOT WhiteNoise does not warn about the missing folder.
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None
# Login throttling counts failures in the database; only its own test turns it on.
AXES_ENABLED = False
