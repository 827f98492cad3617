# The two commands: `make` (set up and build output/) and `make test`.
# Everything is installed from requirements.lock (exact versions and hashes), so every
# machine gets the same packages; `make lock` refreshes it on purpose.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
LOCK   := requirements.lock
CONTENT ?= content.yaml
OUT     ?= output
# Test processes: the suite waits on browsers and child builds as much as it computes.
JOBS    ?= 2

.PHONY: all build setup chromium test lint typecheck golden catalogs lock bench clean
all: build

$(BIN)/explainer: pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r $(LOCK)
	@# (setuptools' "careful with folders named like your package" banner is not news here)
	@# compat: a plain path in a .pth file, not an import hook that every Python start runs
	PYTHONWARNINGS=ignore::UserWarning \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
	  --config-settings editable_mode=compat -e .
	@touch $@

setup: $(BIN)/explainer chromium

chromium:
	@sh scripts/ensure-chromium.sh

build: setup
	$(BIN)/explainer build $(CONTENT) -o $(OUT)

# The test command (.ci/run calls it): lint, types, then the suite.
test: setup lint typecheck
	$(BIN)/pytest -q -n $(JOBS) --dist loadfile --durations=30

lint: $(BIN)/explainer
	$(BIN)/ruff check explainer tests benchmarks

typecheck: $(BIN)/explainer
	$(BIN)/mypy

# Rewrite tests/golden/ from the current build, after a change made on purpose.
golden: setup
	EXPLAINER_GOLDEN=update $(BIN)/pytest -q tests/test_golden.py

# The interface words: extract explainer/facts/messages.py into the template, merge it
# into every shipped catalog (new messages arrive empty, changed ones fuzzy; the test
# suite fails until a translator fills them in). Catalogs are compiled in memory.
LOCALES := explainer/facts/locales
catalogs: $(BIN)/explainer
	$(BIN)/pybabel -q extract --no-location --omit-header --sort-by-file --no-default-keywords \
	  -k N_:1c,2 -k NP_:1c,2,3 --add-comments=TRANSLATORS \
	  -o $(LOCALES)/explainer.pot explainer/facts/messages.py
	$(BIN)/pybabel -q update -D explainer -i $(LOCALES)/explainer.pot -d $(LOCALES) \
	  --width 88

# Refresh requirements.lock from pyproject.toml's ranges (newest versions that fit).
lock: $(BIN)/explainer
	$(BIN)/pip-compile --quiet --upgrade --extra test --extra dev --allow-unsafe \
	  --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links \
	  -o $(LOCK) pyproject.toml

# Speed, measured (never asserted in a test); figures in benchmarks/README.md.
bench: setup
	$(BIN)/python benchmarks/export_images.py
	$(BIN)/python benchmarks/marginal.py
	$(BIN)/python benchmarks/memory.py
	$(BIN)/python benchmarks/rebuild.py
	$(BIN)/python benchmarks/site_build.py
	$(BIN)/python benchmarks/page_weight.py
	test -d benchmarks/lighthouse/node_modules || npm ci --prefix benchmarks/lighthouse
	$(BIN)/python benchmarks/lighthouse.py

clean:
	rm -rf $(OUT) .explainer-cache
