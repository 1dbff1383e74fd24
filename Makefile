# Two commands: `make run` and `make test`. Everything else is here to help them.
SHELL := /bin/bash
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test test-browser test-fuzz test-deploy lint format install messages clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Bytecode compiled at install: where PYTHONDONTWRITEBYTECODE is set, every process (each
# test worker, each `vogter` a test starts) would otherwise compile the libraries anew,
# half of a command's start-up time.
$(BIN)/vogter: $(UV) pyproject.toml uv.lock Makefile
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	@touch $@

install: $(BIN)/vogter

## Set everything up on the embedded SQLite database, load the demo when empty, serve.
run: install
	@mkdir -p "$${VOGTER_DATA_DIR:-var}"
	@printf 'DEBUG=%s\nSITE_URL=http://%s:%s\n' "$${DEBUG:-true}" "$${HOST:-127.0.0.1}" "$${PORT:-8000}" > "$${VOGTER_DATA_DIR:-var}/run.env"
	DEBUG=$${DEBUG:-true} $(BIN)/vogter migrate --verbosity 0
	DEBUG=$${DEBUG:-true} $(BIN)/vogter createcachetable
	DEBUG=$${DEBUG:-true} $(BIN)/vogter demo --if-empty
	DEBUG=$${DEBUG:-true} $(BIN)/vogter serve --no-migrate --host $${HOST:-127.0.0.1} --port $${PORT:-8000}

## The whole default suite (no browser).
test: install
	$(BIN)/pytest -n $${PYTEST_WORKERS:-auto} --dist worksteal -q

## Browser tests: headless Chromium (Debian's chromium package) driven by Playwright.
test-browser: install
	$(BIN)/pytest -m browser -q -p no:xdist

## API fuzzing: Schemathesis against /api/openapi.json, in-process (test-results/fuzz.json).
test-fuzz: install
	$(BIN)/pytest -m fuzz -q -p no:xdist

## Production-like: DEBUG=false behind Debian's nginx with TLS (deploy/nginx/vogter.conf).
test-deploy: install
	$(BIN)/pytest -m deploy -q -p no:xdist tests/deploy

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -q -p no:xdist tests/test_private_names.py tests/test_role_rules.py tests/test_bilingual_texts.py tests/test_plurals.py tests/test_template_comments.py
	DEBUG=true $(BIN)/mypy vogter

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Refresh the Danish catalogue after adding strings, then translate and compile.
messages: install
	cd vogter && DEBUG=true ../$(BIN)/vogter makemessages --locale da --no-obsolete --no-location --ignore 'tests/*'
	cd vogter && DEBUG=true ../$(BIN)/vogter compilemessages --locale da

clean:
	rm -rf $(VENV) $(TOOLS) var
