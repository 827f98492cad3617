# The two commands: `make` (set up and build output/) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CONTENT ?= content.yaml
OUT     ?= output

.PHONY: all build setup chromium test lint bench clean
all: build

$(BIN)/explainer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/explainer chromium

chromium:
	@sh scripts/ensure-chromium.sh

build: setup
	$(BIN)/explainer build $(CONTENT) -o $(OUT)

test: setup
	$(BIN)/pytest -q

lint: $(BIN)/explainer
	$(BIN)/ruff check explainer tests benchmarks

bench: setup
	$(BIN)/python benchmarks/export_images.py
	$(BIN)/python benchmarks/rebuild.py
	$(BIN)/python benchmarks/page_weight.py

clean:
	rm -rf $(OUT) .explainer-cache
