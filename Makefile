# Every target works on a fresh machine: `install` builds .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SHARED ?= ../shared
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test lint typecheck pytest bench browser-deps clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first, from the CPU wheel pinned here: any other torch pulls a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c requirements.lock -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# The seeds' report as one self-contained HTML file; open the printed file:// URL offline.
demo: install
	$(BIN)/newsfuse fuse $(SHARED)/seeds -o report.html
	@echo "open file://$(CURDIR)/report.html"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy

browser-deps:
	bash scripts/install-chromium.sh

# pytest exits 5 when it collects no test: make treats that, like any failure, as an error.
pytest: install browser-deps
	$(BIN)/pytest

test: lint typecheck pytest

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
