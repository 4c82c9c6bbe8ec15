# Two commands matter: `make demo` and `make test` (see README.md).
# Both are safe to re-run: each step only does work when its inputs changed.

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test fuzz install install-dev browser java lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

# Stamp files make re-runs cheap: pip only runs when the lock or pyproject changed.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

# The test install includes the `spark` extra so the DuckDB/Spark parity test runs too.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev,spark]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/sinergi demo --serve --host $(HOST) --port $(PORT)

# Browser tests need Debian's chromium. We try to install it when we are root and it is
# missing; when that is not possible the suite runs without them and says so at the end.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian chromium for browser tests..."; \
		(apt-get install -y -q chromium >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q chromium >/dev/null 2>&1)) || true; \
	fi

# Spark (the --engine spark tests) needs a Java runtime; Debian's, when we may install it.
java:
	@if ! command -v java >/dev/null && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian default-jre-headless for the Spark tests..."; \
		(apt-get install -y -q default-jre-headless >/dev/null 2>&1 || \
		 (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q default-jre-headless >/dev/null 2>&1)) || true; \
	fi

# Property tests draw derandomized examples (Hypothesis profile `ci`, tests/properties.py);
# the failures `make fuzz` found and saved in tests/hypothesis-db are replayed first.
test: install-dev browser java
	@HYPOTHESIS_PROFILE=replay $(BIN)/python -m pytest -q -m hypothesis
	@HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest $(PYTEST_ARGS); status=$$?; \
	if [ ! -x /usr/bin/chromium ]; then \
		echo "NOTE: /usr/bin/chromium is not installed: browser (Playwright) tests were SKIPPED."; \
	fi; \
	if ! command -v java >/dev/null; then \
		echo "NOTE: no Java runtime: the Spark engine tests were SKIPPED."; \
	fi; \
	exit $$status

# Random draws and 20x the examples for every property test; failures are saved to
# tests/hypothesis-db (commit them). Run it before you stop.
fuzz: install-dev
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -m hypothesis -q $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
