# 投资促进管理系统 — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: install migrate demo run test clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

migrate: install
	mkdir -p var
	$(BIN)/zhaoshang migrate --noinput

demo: migrate
	$(BIN)/zhaoshang loadplan luzhai-2021
	$(BIN)/zhaoshang demo

# --insecure: runserver serves static/ with DEBUG off (production: nginx, docs/deployment.md).
run: demo
	$(BIN)/zhaoshang runserver --insecure $(HOST)

test: install
	mkdir -p var
	$(BIN)/zhaoshang makemigrations --check --dry-run
	$(BIN)/lint-imports  # the import direction (pyproject.toml, docs/architecture.md)
	$(BIN)/pytest

clean:
	rm -rf $(VENV) var
