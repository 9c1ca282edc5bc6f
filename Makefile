# Two commands on a fresh machine: `make demo` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
DB ?= .newsdesk/demo.db
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export NEWSDESK_TEST_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: demo test lint typecheck check postgres clean-venv install-browser

# The venv is rebuilt when the declared dependencies or the lock change.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	$(MAKE) --no-print-directory install-browser
	touch $(STAMP)

# The browser tests (tests/web) drive Debian's headless Chromium through Playwright; CI runs as
# root, so apt installs it. Elsewhere, without root, the browser tests skip and say why.
install-browser:
	@command -v chromium >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) || \
	  echo "Chromium could not be installed (needs root): the browser tests will be skipped"

demo: $(STAMP)
	mkdir -p $(dir $(DB))
	$(BIN)/newsdesk ingest $(SHARED)/seed $(SHARED)/corpus --db $(DB) --workers 2
	$(BIN)/newsdesk ask "Will al-Qaeda and IS unite?" --db $(DB) --html $(dir $(DB))ask.html

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

# mypy on src/ with the settings in pyproject.toml [tool.mypy]; its cache (.mypy_cache/) makes a
# run after a small change take seconds.
typecheck: $(STAMP)
	$(BIN)/mypy

# The fast checks, the ones the pre-commit hooks run: ruff and mypy on src/.
check: $(STAMP)
	$(BIN)/ruff check src
	$(BIN)/mypy

# PostgreSQL is started on this kind of machine before a session; start it if it is down.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
	  (command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start) || \
	  echo "PostgreSQL is not available: the PostgreSQL tests will be skipped"

test: $(STAMP) install-browser postgres lint typecheck
	$(BIN)/python -m pytest -q

clean-venv:
	rm -rf $(VENV)
