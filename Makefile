# 投资促进管理系统 — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install migrate demo run test clean

install: $(VENV)/.installed var/secret_key

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# The session-signing key of this checkout: random, made once, never in the repository
# (production sets SECRET_KEY in the environment instead, docs/deployment.md).
var/secret_key:
	mkdir -p var
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

migrate: install
	mkdir -p var
	$(BIN)/zhaoshang migrate --noinput

# The demo (with the 2021 plan) goes only into an empty database; on any later start it says
# so and writes nothing, so a deleted demo account stays deleted and the office's data untouched.
demo: migrate
	$(BIN)/zhaoshang demo

# --insecure: runserver serves static/ with DEBUG off (production: nginx, docs/deployment.md).
run: demo
	$(BIN)/zhaoshang runserver --insecure $(HOST)

test: install
	mkdir -p var
	$(BIN)/zhaoshang makemigrations --check --dry-run
	$(BIN)/lint-imports  # the import direction (pyproject.toml, docs/architecture.md)
	LOG_FILE=off $(BIN)/pytest  # the log of a test run is pytest's, not var/log

clean:
	rm -rf $(VENV) var
