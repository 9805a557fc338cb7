# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed lint check messages ci-checks worker worker-default worker-imports beat clean screenshots bench backup restore

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

## make run: the embedded default (SQLite, Celery eager, demo data) on http://127.0.0.1:8000
run: seed
	@echo ""
	@echo "Instroom runs on http://$(HOST):$(PORT)/  (stop with Ctrl-C)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise).
## Most tests run in parallel (one process per core, each with its own test database
## and Redis database); those marked `serial` restart or dump the database and run
## alone afterwards. PYTEST_ARGS=... runs just that, in one process.
TEST_WORKERS ?= auto
test: install
ifeq ($(strip $(PYTEST_ARGS)),)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not serial"
	$(BIN)/python -m pytest -m serial
else
	$(BIN)/python -m pytest $(PYTEST_ARGS)
endif

## make screenshots: refresh docs/screenshots/*.png from the browser flows (needs chromium)
screenshots: install
	SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/browser -p no:randomly

## make bench: query counts (small vs large scale), p50/p95 against the floor page, the
## background jobs, then the load test (gunicorn + locust; database <name>_load).
## Use PostgreSQL: DATABASE_URL=postgres://... make bench (see docs/performance.md).
## Both parts always run; the exit status is 1 when either misses a budget.
bench: install
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	status=0; $(BIN)/python bench/run.py || status=1; \
	  $(BIN)/python bench/load.py || status=1; exit $$status

lint: install
	$(BIN)/ruff check .

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=ci-dummy-secret-key-not-for-use-0123456789-abcdefghijklmnop \
	  ALLOWED_HOSTS=instroom.example $(BIN)/python manage.py check --deploy --fail-level WARNING

ci-checks: lint check

## Regenerate the Dutch catalogues after changing strings (needs GNU gettext).
## locale/ holds the project-wide strings; an app with its own <app>/locale keeps its own.
APP_LOCALES := $(patsubst %/locale,%,$(wildcard */locale))
messages: install
	$(BIN)/python manage.py makemessages -l nl --no-obsolete --ignore=.venv --ignore=staticfiles \
	  --ignore=tests $(foreach app,$(APP_LOCALES),--ignore=$(app))
	for app in $(APP_LOCALES); do \
	  (cd $$app && ../$(BIN)/python ../manage.py makemessages -l nl --no-obsolete) || exit 1; \
	done
	$(BIN)/python manage.py compilemessages -l nl --ignore=.venv

## make backup: pg_dump (or SQLite copy) + uploads, as var/backups/instroom-<UTC time>.tar
backup: install
	$(BIN)/python scripts/backup.py backup

## make restore FILE=var/backups/instroom-....tar: replaces the database and the uploads
restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/instroom-....tar"; exit 2; }
	$(BIN)/python scripts/backup.py restore "$(FILE)"

## make worker: two Celery workers, so mails and reminders (queue `celery`) never wait
## behind an import (queue `imports`, one at a time); Ctrl-C stops both.
## In production run them as two services: `make worker-default` and `make worker-imports`.
worker: install
	$(BIN)/celery -A config worker -Q imports -n imports@%h --concurrency=1 --loglevel=INFO & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(BIN)/celery -A config worker -Q celery -n default@%h --concurrency=2 --loglevel=INFO

worker-default: install
	$(BIN)/celery -A config worker -Q celery -n default@%h --concurrency=2 --loglevel=INFO

worker-imports: install
	$(BIN)/celery -A config worker -Q imports -n imports@%h --concurrency=1 --loglevel=INFO

beat: install
	$(BIN)/celery -A config beat --loglevel=INFO

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles var
