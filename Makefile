# The two commands: `make serve` and `make test` (see README).
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
INDEX ?= index
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test index install install-test browser rsync clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'

# Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
browser:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

# The replica tests (tests/serve/test_replicas.py) copy generations with Debian's rsync.
rsync:
	@command -v rsync >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq rsync; }

index: install
	@test -f $(INDEX)/CURRENT || $(BIN)/searchsvc index seeds --index $(INDEX)

serve: index
	$(BIN)/searchsvc serve --index $(INDEX) --host $(HOST) --port $(PORT)

test: install-test browser rsync
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build *.egg-info
	find $(INDEX) -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
