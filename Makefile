# Two commands for a fresh Debian machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test system-run system-test install install-dev lint format migrations-check messages bench bench-scale load audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The Debian packages of system-packages.txt: installed as root, else named (and make stops).
system-run:
	@scripts/system-packages run
system-test:
	@scripts/system-packages test

run: system-run install
	DEBUG=1 DEMO_MODE=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 DEMO_MODE=1 $(BIN)/python manage.py seed_demo
	@# The job worker (the annual report, 公開) runs beside the server, on the Redis at
	@# 127.0.0.1:6379, and stops with it.
	DEBUG=1 DEMO_MODE=1 $(BIN)/python manage.py rqworker default & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 DEMO_MODE=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# CI's suite: on PostgreSQL where it answers at 127.0.0.1:5432 (as CI does), else on SQLite, where
# only the PostgreSQL-only tests skip (pytest's header and summary name the database).
TEST_PG := postgres://postgres@127.0.0.1:5432/kyogikai
test: system-test install-dev
	@if [ -z "$${DATABASE_URL:-}" ] && pg_isready -q -h 127.0.0.1 -p 5432; then \
	  export DATABASE_URL=$(TEST_PG); fi; \
	$(BIN)/python -m pytest

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Security: bandit on our code; pip-audit on the installed packages (fails on a known
# vulnerability; a package its index cannot describe is listed, not failed).
audit: install-dev
	$(BIN)/bandit -q -c pyproject.toml -r .
	$(BIN)/pip-audit --skip-editable --progress-spinner off

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

# Needs GNU gettext (Debian: gettext). The compiled .mo is committed so `make run` does not.
messages: install-dev
	$(BIN)/python manage.py makemessages -l ja --no-location --ignore=.venv --ignore=tests
	$(BIN)/python manage.py compilemessages -l ja --ignore=.venv

# Figures as JSON: each page kind's median/p95 server time and query count, a no-op view as the
# floor, PDF render times (median of 5 warm), peak memory, and `budget`: every page's p95 within
# 30 ms? On the demo data, with production settings (DEBUG off: no query log, no template
# debugging), as served, but without Redis, so that every query a page makes is counted.
# PERF_TOOLS=1 installs perf/ (bench, seed_scale, load), which production settings leave out.
BENCH_ENV := PERF_TOOLS=1 SECRET_KEY=bench-only-$(shell hostname) ALLOWED_HOSTS=localhost REDIS_URL=
bench: install
	DEBUG=1 DEMO_MODE=1 $(BIN)/python manage.py migrate --noinput -v0
	DEBUG=1 DEMO_MODE=1 $(BIN)/python manage.py seed_demo -v0
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(BIN)/python manage.py bench

# The same pages at scale on PostgreSQL: 1 council × 10 years against 100 councils × 10 years
# (seed_scale, about 2 minutes), the same council (scale-001) timed in turns on both databases so
# the machine's drift falls on both alike; "ratios" is 100 × 10 over 1 × 10, and "budget" checks
# p95 within 30 ms (1 council) and 50 ms (100 councils) and the same query counts on both.
# Rebuilds both databases named below, and nothing else.
PG := postgres://postgres@127.0.0.1:5432
SCALE_ENV = DEBUG=1 DATABASE_URL=$(PG)/$(1)
SCALE_ARGS := --years 10 --start-year 2017 -v0
bench-scale: install
	for db in kyogikai_scale1 kyogikai_scale100; do \
	  dropdb -h 127.0.0.1 -U postgres --if-exists $$db && createdb -h 127.0.0.1 -U postgres $$db; done
	$(call SCALE_ENV,kyogikai_scale1) $(BIN)/python manage.py migrate --noinput -v0
	$(call SCALE_ENV,kyogikai_scale1) $(BIN)/python manage.py seed_scale --councils 1 $(SCALE_ARGS)
	$(call SCALE_ENV,kyogikai_scale100) $(BIN)/python manage.py migrate --noinput -v0
	$(call SCALE_ENV,kyogikai_scale100) $(BIN)/python manage.py seed_scale --councils 100 $(SCALE_ARGS)
	$(BENCH_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) DATABASE_URL=$(PG)/kyogikai_scale1 $(BIN)/python manage.py bench \
	  --council scale-001 --skip-pdfs --compare-with $(PG)/kyogikai_scale100

# Load: gunicorn (2 workers) on PostgreSQL, driven by wrk over loopback for 30 s at 20 and 50
# connections; "budget": at least 150 req/s, no errors, each worker under 200 MB. Needs a
# PostgreSQL server (LOAD_DB) and wrk (installed here from Debian if root).
LOAD_DB ?= postgres://postgres@127.0.0.1:5432/kyogikai_load
# Production reads sessions from Redis (Django's cache); REDIS_URL= measures without it.
REDIS_URL ?= redis://127.0.0.1:6379/0
# The load database and its stored PDFs are rebuilt together on every run: a database left by an
# earlier run (or another checkout) named PDF files this checkout does not have.
LOAD_MEDIA := $(CURDIR)/var/load-media
LOAD_ENV := PERF_TOOLS=1 DATABASE_URL=$(LOAD_DB) REDIS_URL=$(REDIS_URL) MEDIA_ROOT=$(LOAD_MEDIA) DEMO_MODE=1 SECRET_KEY=load-test-only-$(shell hostname)
load: install
	command -v wrk >/dev/null || (apt-get update -q && apt-get install -y -q wrk)
	dropdb --if-exists --maintenance-db=$(dir $(LOAD_DB))postgres $(notdir $(LOAD_DB))
	createdb --maintenance-db=$(dir $(LOAD_DB))postgres $(notdir $(LOAD_DB))
	rm -rf $(LOAD_MEDIA)
	$(LOAD_ENV) $(BIN)/python manage.py migrate --noinput -v0
	$(LOAD_ENV) $(BIN)/python manage.py seed_demo -v0
	$(LOAD_ENV) $(BIN)/python manage.py load $(LOAD_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
