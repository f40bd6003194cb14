# The two commands a newcomer needs: `make run` and `make test`. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# manage.py reads PORT too: SITE_URL (absolute links in .ics files and mail) follows it.
export PORT
STAMP := $(VENV)/.installed

.PHONY: run try test setup lint format superuser bench clean messages screenshots check-web

$(STAMP): requirements.txt requirements-dev.txt constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## The translation catalogues (locale/<language>/LC_MESSAGES/django.po, committed) compile to
## .mo files (gitignored) with GNU gettext's msgfmt, installed here when missing.
CATALOGUES := $(wildcard locale/*/LC_MESSAGES/*.po)
COMPILED := $(CATALOGUES:.po=.mo)

/usr/bin/msgfmt:
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext; \
	else echo "Compiling translations needs GNU gettext: sudo apt-get install gettext" >&2; exit 1; fi

%.mo: %.po | /usr/bin/msgfmt
	msgfmt --check -o $@ $<

setup: $(STAMP) $(COMPILED) pdf-system-packages
	DEBUG=True $(BIN)/python manage.py migrate --noinput
	DEBUG=True $(BIN)/python manage.py createcachetable
	DEBUG=True $(BIN)/python manage.py load_conference
	DEBUG=True $(BIN)/python manage.py load_branding
	DEBUG=True $(BIN)/python manage.py load_programme
	DEBUG=True $(BIN)/python manage.py load_registration_defaults

## Run the site on http://127.0.0.1:$(PORT) with the TPU conference loaded, the mail worker and
## the task worker (mass mail to attendees).
run: setup
	DEBUG=True $(BIN)/python manage.py run_mail_worker & \
	  MAILER_PID=$$!; \
	  DEBUG=True $(BIN)/python manage.py db_worker --no-reload & \
	  TASKS_PID=$$!; trap 'kill $$MAILER_PID $$TASKS_PID 2>/dev/null' EXIT INT TERM; \
	  DEBUG=True $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Debian's Chromium drives the browser tests (tests/e2e); installed here when missing.
/usr/bin/chromium:
	@if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "The browser tests need Debian's Chromium: sudo apt-get install chromium" >&2; exit 1; fi

## Run the whole test suite (on SQLite, or on the database DATABASE_URL names).
test: $(STAMP) /usr/bin/chromium $(COMPILED) pdf-system-packages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## After marking or changing strings: add them to the Russian and Chinese catalogues (existing
## translations are kept; new entries are empty, changed ones fuzzy), then compile. Translate
## the new entries in the .po files and run it again; tests/test_translations.py fails until
## no entry is empty or fuzzy. Keep MESSAGES_IGNORE in step with that test's NOT_SOURCE.
MESSAGES_LANGUAGES := ru zh_Hans
MESSAGES_IGNORE := .venv node_modules test-artifacts bench tests staticfiles media
messages: $(STAMP) | /usr/bin/msgfmt
	DEBUG=True $(BIN)/python manage.py makemessages $(MESSAGES_LANGUAGES:%=-l %) \
	  $(MESSAGES_IGNORE:%=--ignore=%)
	DEBUG=True $(BIN)/python manage.py compilemessages $(MESSAGES_LANGUAGES:%=-l %) \
	  $(MESSAGES_IGNORE:%=--ignore=%)

## ruff, then the import contracts in pyproject.toml ([tool.importlinter]): no import cycle
## inside an app or between apps, and each app's layers.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Try registration: an upcoming copy of the seed conference labelled "demo edition"
## (made once, and again only after it has ended) with its call for contributions open
## (load_call_demo), then the site as `make run` serves it.
try: setup
	DEBUG=True $(BIN)/python manage.py clone_conference science-and-technology-bridge-continents \
	  --label --if-missing
	DEBUG=True $(BIN)/python manage.py load_call_demo
	$(MAKE) run

## Create an organiser account for /admin/.
superuser: setup
	DEBUG=True $(BIN)/python manage.py createsuperuser

## Benchmark the site as production serves it (gunicorn, whitenoise; PostgreSQL when
## DATABASE_URL is set, else SQLite) with wrk; BENCH_ARGS="--duration 20" and so on.
bench: $(STAMP) pdf-system-packages
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/notify.py
	$(BIN)/python bench/dashboard.py
	$(BIN)/python bench/programme.py
	$(BIN)/python bench/documents.py

clean:
	rm -rf $(VENV) staticfiles

## Benchmark mass mail: 5,000 confirmed attendees notified through the admin and the task
## worker (bench/notify.py; SQLite file, or the database DATABASE_URL names).
.PHONY: bench-notify
bench-notify: $(STAMP)
	$(BIN)/python bench/notify.py $(BENCH_ARGS)

## Benchmark a cold programme page: 300 sessions, a zone nobody asked for before on every
## request (so the page cache has no copy), in English, Russian and Chinese; median server
## time, CPU time and queries (bench/programme.py; SQLite file, or DATABASE_URL).
.PHONY: bench-programme
bench-programme: $(STAMP)
	$(BIN)/python bench/programme.py $(BENCH_ARGS)

## Benchmark the assignment of reviewers: 1,000 contributions, 100 reviewers in 5 tracks, 3
## reviews each (contributions/assignment/benchmark.py's bench(); CPU time, loads, bids granted).
.PHONY: bench-contributions
bench-contributions: $(STAMP)
	DEBUG=True $(BIN)/python -m contributions.assignment

## WeasyPrint's PDFs (letters, badges, certificates: the documents app) need Pango and the
## Noto fonts, so names in Latin, Cyrillic and Chinese get real glyphs; installed here when
## missing.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core fonts-noto-cjk
.PHONY: pdf-system-packages
pdf-system-packages:
	@missing="$$(for package in $(PDF_PACKAGES); do \
	  dpkg -s $$package >/dev/null 2>&1 || echo $$package; done)"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "PDFs need Pango and the Noto fonts: sudo apt-get install $$missing" >&2; exit 1; fi; \
	fi

## Benchmark documents: 1,000 name badges (A6 and four to an A4 sheet, by the task worker)
## and 1,000 certificates of attendance (bench/documents.py; SQLite file, or DATABASE_URL).
.PHONY: bench-documents
bench-documents: $(STAMP) pdf-system-packages
	$(BIN)/python bench/documents.py $(BENCH_ARGS)

## Screenshots for the docs: the event page, programme, registration form, manage page, a
## mail and the admin's dashboard, in English, Russian and Chinese at 1280 and 390 px wide,
## into docs/screenshots/ (tools/screenshots.py: a throwaway site in a temporary directory,
## Playwright and Debian's Chromium); SCREENSHOTS_ARGS="--pages event --languages ru".
screenshots: $(STAMP) /usr/bin/chromium $(COMPILED) pdf-system-packages
	$(BIN)/python tools/screenshots.py $(SCREENSHOTS_ARGS)

## Lighthouse (pinned in package.json, `npm ci` puts it in node_modules/) on the event page,
## programme, registration form and manage page in English, Russian and Chinese, served as
## production does: fails unless all four categories score 100, the event page's
## HTML+CSS+JS stays under 100 KB and nothing shifts (tools/check_web.py; reports in
## test-artifacts/lighthouse/); CHECK_WEB_ARGS="--pages event --languages en".
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

check-web: $(STAMP) $(NODE_STAMP) /usr/bin/chromium $(COMPILED) pdf-system-packages
	$(BIN)/python tools/check_web.py $(CHECK_WEB_ARGS)
