# The two commands of the README: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-sqlite test-postgres install translations browser lint bench bench-load bench-scale clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Compiled catalogues are build output, made from the committed .po files.
translations: install
	$(BIN)/pybabel compile --statistics -d translations

# Debian's Chromium and a CJK font for the browser tests (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto.*cjk" || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null; }

# The production server (gunicorn.conf.py: one worker per core, 4 threads each, app preloaded).
run: translations
	HOST=$(HOST) PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# The whole suite twice: on SQLite, then on PostgreSQL (.ci/with_postgres.py finds a server:
# PORTAL_TEST_POSTGRES_URL, the one on 127.0.0.1:5432, or a private one it installs and starts).
test: translations browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	PORTAL_TEST_DB=sqlite $(BIN)/pytest -n 2 --dist loadfile
	PORTAL_TEST_DB=postgresql $(BIN)/python .ci/with_postgres.py $(BIN)/pytest -n 2 --dist loadfile

test-sqlite: translations browser
	PORTAL_TEST_DB=sqlite $(BIN)/pytest -n 2 --dist loadfile

test-postgres: translations browser
	PORTAL_TEST_DB=postgresql $(BIN)/python .ci/with_postgres.py $(BIN)/pytest -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: install
	for script in $(filter-out benchmarks/load.py benchmarks/scale.py benchmarks/datasets.py benchmarks/hello_app.py benchmarks/serving.py benchmarks/mix.py benchmarks/wrk.py,$(wildcard benchmarks/*.py)); do \
	  echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Issue 16: the results page under load (wrk) and at scale; generated data in instance-bench/.
bench-load: translations
	$(BIN)/python benchmarks/load.py $(BENCH_ARGS)

bench-scale: translations
	$(BIN)/python benchmarks/scale.py $(BENCH_ARGS)

clean:
	rm -rf instance test-artifacts
