# The two commands: `make run` and `make test`; `make dev`, `make bench`, `make lock`, `make screenshots` beside them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run dev test test-min lint bench lock assets screenshots release clean messages translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Pinned dependencies from requirements.lock (made by `make lock`), then the project itself (its build,
# setup.py, compiles the catalogues .po -> .mo in place).
$(STAMP): $(BIN)/python pyproject.toml setup.py requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m shieldmap.web.assets static
	touch $(STAMP)

# The browser tests' JavaScript tools (axe-core, pinned in package.json and package-lock.json), from npm.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

# The browser's offline files (Leaflet, the basemap), generated at install time, not in git.
assets: $(STAMP)
	$(BIN)/python -m shieldmap.web.assets static

# The compiled catalogues (not in git; the install compiles them): again whenever a .po is edited, before the
# app or the tests run.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
MO := $(patsubst %.po,%.mo,$(wildcard shieldmap/locale/*/LC_MESSAGES/shieldmap.po))
$(MO): %.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile -d shieldmap/locale -D shieldmap

# The interface's texts: extract them into the template (.pot) and merge it into each catalogue (.po);
# translate the new entries (empty msgstr), then `make` (or `make translations`) compiles the .mo files.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k Nn_:1,2 --no-location --sort-output \
		--project shieldmap --version "$(VERSION)" --copyright-holder "shieldmap contributors" \
		-o shieldmap/locale/shieldmap.pot .
	$(BIN)/pybabel update -i shieldmap/locale/shieldmap.pot -d shieldmap/locale -D shieldmap --no-fuzzy-matching --width 100

translations: $(STAMP)
	$(BIN)/pybabel compile --statistics -d shieldmap/locale -D shieldmap

# Production settings come from .streamlit/config.toml (no file watcher, no run-on-save, ...).
run: $(STAMP) $(MO)
	$(BIN)/streamlit run app.py --server.port $(PORT)

# Development: the file watcher, rerun on save, full error details.
dev: $(STAMP) $(MO)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.fileWatcherType auto --server.runOnSave true \
		--client.showErrorDetails full --logger.level info

# ruff, then the type checker (mypy: its files and settings in pyproject.toml; a rerun reads .mypy_cache).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# ruff and mypy, the unit tests in parallel (pytest-xdist), then the app, browser and packaging tests serially (each
# browser module runs its own app server); the slowest tests of each part are listed.
test: $(STAMP) $(MO) $(NODE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --durations=15 tests/unit
	$(BIN)/python -m pytest --durations=15 --ignore=tests/unit

# The README's pictures (docs/screenshot.png, docs/phone.png; embed and keyboard: issue 24): never by the tests.
screenshots: $(STAMP)
	$(BIN)/python -m scripts.readme_screenshots
	$(BIN)/python -m scripts.access_screenshots

# The app on the lowest Streamlit pyproject.toml declares (CI runs it after `make test`).
MIN_STREAMLIT := $(shell sed -n 's/.*"streamlit>=\([0-9.]*\)".*/\1/p' pyproject.toml)
test-min: $(BIN)/python
	test -x .venv-min/bin/python || $(PYTHON) -m venv .venv-min
	.venv-min/bin/python -m pip install --quiet -r requirements.lock
	.venv-min/bin/python -m pip install --quiet "streamlit==$(MIN_STREAMLIT).0"
	.venv-min/bin/python -m pip install --quiet --no-deps -e .
	.venv-min/bin/python -m shieldmap.web.assets static
	.venv-min/bin/python -m pytest tests/app

# A release: the seed data's version gets its row in seeds/CHANGES.md (commit it), then its git tag.
release: $(STAMP)
	$(BIN)/python -m scripts.release

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Re-resolve the pins after a change to pyproject.toml's dependencies: requirements.lock (the app and
# its tests, what `make` installs) and requirements-app.lock (the app's alone, the same pins: the image).
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test -o requirements.lock --python-version 3.11
	$(BIN)/uv pip compile pyproject.toml --constraint requirements.lock -o requirements-app.lock --python-version 3.11

clean:
	rm -rf $(VENV) .venv-min build *.egg-info node_modules
