# The README's commands. Each target sets up what it needs on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8866
LANGUAGE ?= en# ja: make start serves the Japanese edition (notebooks/ja/)
NB ?= notebooks/01_parameters.ipynb
HOST ?=# empty: voila.json's 127.0.0.1 (this machine only); HOST=0.0.0.0 serves a classroom network
PREHEAT ?=# a number: keep that many kernels warm for PREHEAT_NB (make start PREHEAT=40 for a class of 40)
PREHEAT_NB ?= 01_parameters.ipynb
# Offline assets for decks, from the npm registry: the reveal.js release Voila 0.5's reveal template
# links to, the jQuery it uses for scrolling slides, and Font Awesome (the template's icons).
ASSETS := notebooks/.assets
ASSET_PACKAGES := reveal.js@4.0.2 jquery@3.7.1 @fortawesome/fontawesome-free@5.15.4

# Voila's settings are in voila.json (read from this directory): local only, code hidden, no
# tracebacks for visitors, idle kernels culled, decks' assets from notebooks/.assets (served as
# /voila/files/.assets). share/jupyter holds the offline reveal template.
VOILA := JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/voila
POOLS = {'default': {'pool_size': 0}, '$(PREHEAT_NB)': {'pool_size': $(PREHEAT)}}
VOILA_FLAGS = --no-browser --port=$(PORT) $(if $(HOST),--Voila.ip=$(HOST)) \
	$(if $(PREHEAT),--preheat_kernel=True --VoilaKernelManager.kernel_pools_config="$(POOLS)")

.PHONY: help start lab slides test check lint notebooks bench benchmark chromium clean

help:
	@echo "make start      serve the explainer with Voila on http://localhost:$(PORT)"
	@echo "                (HOST=0.0.0.0 for a classroom network; PREHEAT=40 keeps 40 kernels of PREHEAT_NB warm)"
	@echo "make lab        open the notebooks in JupyterLab"
	@echo "make slides NB=notebooks/01_parameters.ipynb   present a notebook as a reveal.js deck"
	@echo "make test       run every test (unit, data, notebooks)"
	@echo "make check      the fast path after a code change: lint, then every test but notebooks and browser (<1 min)"
	@echo "make lint       ruff on the code and the notebooks (nbQA), and the format check"
	@echo "make notebooks  re-execute every notebook in place to refresh its stored outputs"
	@echo "make bench      print benchmark figures: slider latency in Chromium, a class of 40, notebook run time"

# A stamp per extra: the venv is (re)installed when pyproject.toml changes.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.app

start: $(VENV)/.app $(ASSETS)/.complete
	@echo "Serving the explainer on http://$(or $(HOST),localhost):$(PORT) (Ctrl-C stops it)"
	@echo "English at the top of the list; 日本語版 in the ja folder (or: make start LANGUAGE=ja)"
	$(VOILA) notebooks/$(if $(filter ja,$(LANGUAGE)),ja/) $(VOILA_FLAGS)

lab: $(VENV)/.app
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

$(ASSETS)/.complete:
	@command -v npm >/dev/null 2>&1 || { echo "npm is needed once to fetch the decks' reveal.js assets (apt-get install npm)"; exit 1; }
	rm -rf $(ASSETS) && mkdir -p $(ASSETS)/tmp
	cd $(ASSETS)/tmp && npm pack --silent $(ASSET_PACKAGES) >/dev/null
	for f in $(ASSETS)/tmp/*.tgz; do \
		case $$f in *reveal.js-*) d=reveal.js;; *jquery-*) d=jquery;; *fontawesome-*) d=fontawesome;; esac; \
		mkdir -p $(ASSETS)/$$d && tar xzf $$f -C $(ASSETS)/$$d --strip-components=1; done
	rm -rf $(ASSETS)/tmp && touch $@

slides: $(VENV)/.app $(ASSETS)/.complete
	@echo "Presenting $(NB) on http://$(or $(HOST),localhost):$(PORT) (arrow keys change slides)"
	$(VOILA) $(NB) $(VOILA_FLAGS) --Voila.root_dir=notebooks --template=reveal

test: $(VENV)/.test $(ASSETS)/.complete chromium
	$(BIN)/python -m pytest

# The fast path: the linter, then the tests in tests/ without the browser ones. The notebooks (nbval)
# are collected from notebooks/ only, so naming tests/ leaves them out; the markers (tests/conftest.py)
# keep them out even when a notebook path is named too.
check: $(VENV)/.test
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest tests -m "not notebooks and not browser"

lint: $(VENV)/.test
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/nbqa ruff notebooks

# The browser tests and benchmarks drive Chromium: Debian's /usr/bin/chromium (.ci/run installs it),
# $CHROMIUM, or Playwright's own download. SKIP_BROWSER_TESTS=1 skips the browser tests instead.
chromium: $(VENV)/.test
	@if [ -n "$$SKIP_BROWSER_TESTS" ] || [ -n "$$CHROMIUM" ] || [ -x /usr/bin/chromium ]; then :; else \
		echo "No Chromium at /usr/bin/chromium (Debian: apt-get install chromium fonts-noto-cjk); trying Playwright's own"; \
		$(BIN)/python -m playwright install chromium || { echo "No browser for the browser tests: install Debian's chromium," \
			"set CHROMIUM=/path/to/chrome, or set SKIP_BROWSER_TESTS=1 to skip them"; exit 1; }; fi

# tools.sheets generates notebooks/exercises/ex*.ipynb and solutions/ from notebooks/exercises/masters/.
# Masters are sources stored without outputs: masters/conftest.py (collect_ignore_glob) keeps nbval off
# them, and the notebook-promise test and tools.notebooks skip the masters/ folder.
notebooks: $(VENV)/.test
	$(BIN)/python -m tools.sheets
	$(BIN)/python -m tools.i18n
	$(BIN)/python -m tools.editions
	$(BIN)/python -m tools.notebooks --execute notebooks

# Figures, not tests (benchmarks/README.md): kernel-side speed, the suite's run time, slider latency
# in Chromium (ours against naive interact + PNG), and a class of 40 against one server (~10 min).
bench: $(VENV)/.test $(ASSETS)/.complete chromium
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/notebook_time.py
	$(BIN)/python benchmarks/slider_latency.py
	$(BIN)/python benchmarks/classroom.py

benchmark: bench

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis $(ASSETS)
