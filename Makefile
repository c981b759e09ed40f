# Two commands do all the set-up on a fresh machine (see README.md):
#   make alaska   - create the environment if needed, then analyse the bundled Alaska scenario
#   make test     - create the environment if needed, then lint, type-check and run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
ALASKA := examples/alaska-2025

.PHONY: alaska test lint docs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@# the browser tests drive Debian's chromium (Playwright never downloads a browser)
	command -v chromium >/dev/null 2>&1 || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
		echo "chromium could not be installed: the browser tests will be skipped"
	touch $(STAMP)

alaska: $(STAMP)
	$(BIN)/accord validate $(ALASKA)/scenario.yaml
	$(BIN)/accord analyze $(ALASKA)/scenario.yaml $(ALASKA)/proposals/*.yaml

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -n 2 -q

# The documentation site, into site/ (warnings are errors; tests/test_docs.py builds it too)
docs: $(STAMP)
	DISABLE_MKDOCS_2_WARNING=true NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Benchmarks against NegMAS (AGPL: installed only into .bench-venv, never into accord's deps)
.bench-venv/.stamp: pyproject.toml benchmarks/setup.sh
	bash benchmarks/setup.sh
	touch $@

bench: .bench-venv/.stamp
	.bench-venv/bin/python benchmarks/bench_frontier.py
	.bench-venv/bin/python benchmarks/bench_stream.py

clean:
	rm -rf $(VENV) build dist site src/*.egg-info
