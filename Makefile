# Slyshu: `make run` sets up and serves the demo, `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs as people will use it: its own Russian error pages, not Django's debug page
# (static files are served by WhiteNoise either way). `make run DEBUG=true` for a developer.
DEBUG ?= false
# CI=true also runs the suite on PostgreSQL with the django-q2 Redis broker (started by the machine),
# all but the browser tests: what a page shows a person is checked on the first pass, and running
# every journey twice would take CI past 20 minutes; the database and broker paths run on both.
# Tests marked `embedded` set up make run's own SQLite database whatever the settings: once is enough.
# Both passes run on one pytest-xdist worker per core, a test file per worker at a time (each worker
# has its own test database, media folder and Redis queue: project/settings/test.py), and the API
# contract's two passes run side by side: one after the other on one process, CI on 2 cores took
# 26.5 minutes (docs/operations.md, «How CI runs»). PYTEST_WORKERS=0 runs pytest in one process.
CI ?= false
PYTEST_WORKERS ?= auto
PYTEST = $(BIN)/pytest -q -n $(PYTEST_WORKERS) --dist loadfile
PG_PASS = DATABASE_URL=$(PG_URL) Q_BROKER=redis REDIS_URL=$(REDIS_URL) SLYSHU_SERVICES=1 \
	$(PYTEST) -m "not e2e and not embedded"
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS_URL ?= redis://127.0.0.1:6379/0
# One supervisor starts the web server and the django-q2 cluster and stops both on one Ctrl-C or
# SIGTERM (project/management/commands/serve.py); `exec` leaves no shell in between.
SERVE = DEBUG=$(DEBUG) exec $(MANAGE) serve $(HOST):$(PORT)

.PHONY: install runtime-deps system-deps bench-deps run serve test lint bench clean api-contract

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# Installs the Debian packages a recipe listed in $$missing, when we may (root); else says which.
APT_INSTALL_MISSING = if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "Missing system packages:$$missing (run as root, or install them)"; \
	  fi; \
	fi

# Debian packages the product needs at run time: Pango, HarfBuzz's subsetter and DejaVu (Cyrillic)
# for WeasyPrint's report PDFs. Installed only when missing and when we may (root).
runtime-deps:
	@missing=""; \
	ldconfig -p | grep -q libpango-1.0.so || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	ldconfig -p | grep -q libharfbuzz-subset.so || missing="$$missing libharfbuzz-subset0"; \
	fc-list 2>/dev/null | grep -qi "DejaVu Sans" || missing="$$missing fonts-dejavu-core"; \
	$(APT_INSTALL_MISSING)

# Debian packages the tests use besides: Chromium for the browser tests, espeak-ng and sox to
# regenerate test and demo audio. Installed only when missing and when we may (root).
system-deps: runtime-deps
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v sox >/dev/null || missing="$$missing sox libsox-fmt-all"; \
	$(APT_INSTALL_MISSING)

run: $(STAMP) runtime-deps
	mkdir -p var/static
	$(MANAGE) migrate --noinput
	$(MANAGE) load_voice_cues
	$(MANAGE) load_demo
	$(MANAGE) load_demo_library
	$(MANAGE) load_demo_coaching
	$(MANAGE) setup_schedules
	$(MANAGE) requeue_stuck
	@echo
	@echo "Слышу: http://$(HOST):$(PORT)/   (API docs: http://$(HOST):$(PORT)/api/docs/)"
	@$(MANAGE) load_demo --credentials
	@echo "Transcription runs in the background cluster; refresh the call list to watch it."
	@echo "Ctrl-C stops the web server and the cluster."
	@$(SERVE)

# The web server and the task cluster of an already set-up database, without `run`'s set-up steps.
serve:
	@$(SERVE)

lint: $(STAMP)
	mkdir -p var
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy calls scripts_library coaching project
	$(MANAGE) makemigrations --check --dry-run --settings=project.settings.test

# CI runs the API contract alongside the PostgreSQL pass: the contract's client and server mostly
# wait on each other (about 3 CPU-minutes in 4-5 minutes), so the pass fills the cores it leaves.
# The pass's output goes to a file shown whole after the contract's, so pytest's summary stays last.
test: $(STAMP) system-deps lint
	$(PYTEST)
	@status=0; \
	if [ "$(CI)" = "true" ]; then \
	  pg_log=$$(mktemp); \
	  echo "== The suite again on PostgreSQL with the django-q2 Redis broker, alongside the API contract =="; \
	  $(PG_PASS) >"$$pg_log" 2>&1 & pg_pid=$$!; \
	  $(MAKE) --no-print-directory api-contract || status=1; \
	  wait $$pg_pid || status=1; \
	  echo "== The suite on PostgreSQL with the django-q2 Redis broker =="; \
	  cat "$$pg_log"; rm -f "$$pg_log"; \
	elif [ -n "$$SLYSHU_SERVICES" ]; then \
	  echo "== The suite again on PostgreSQL with the django-q2 Redis broker =="; \
	  $(PG_PASS) || status=1; \
	fi; \
	exit $$status

# The API against its own schema: schemathesis on a live test server with the demo data, a fixed
# seed and a bounded number of cases (docs/api.md); CI runs it inside `make test`.
api-contract: $(STAMP)
	$(BIN)/python tests/contract/run_schemathesis.py

# Festival's Russian voice speaks the telephone set's own dialogs (bench_telephone.py); sox makes
# the telephone lines. Only the benchmarks need them.
bench-deps: system-deps
	@missing=""; \
	command -v text2wave >/dev/null || missing="$$missing festival festvox-ru"; \
	$(APT_INSTALL_MISSING)

bench: $(STAMP) bench-deps
	$(BIN)/python tests/benchmarks/run_all.py $(BENCH)

clean:
	rm -rf var .pytest_cache .ruff_cache
