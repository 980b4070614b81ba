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
SOLUTIONS ?=# 1: the teacher's server, which also serves the exercise solutions and masters (make start SOLUTIONS=1)
# The students' copy of the notebooks: every notebook of notebooks/ linked into build/classroom/
# except the exercise solutions and the masters they are made from (any folder named solutions or
# masters, in both editions), and hidden folders (checkpoints). make start serves it, so a student
# can neither see a solution in the list nor open one by its address (tests/test_voila.py and
# tests/test_browser.py try). Links, not copies: a notebook edited in notebooks/ is served as it is now.
CLASSROOM := build/classroom
APP_ROOT = $(if $(SOLUTIONS),notebooks,$(CLASSROOM))$(if $(filter ja,$(LANGUAGE)),/ja)
TEACHER_NOTE := WITH the exercise solutions: the teacher's server, not one for students
CLASS_NOTE := Exercise sheets without their solutions (make start SOLUTIONS=1 serves them too: the teacher's server)

# Voila's settings are in voila.json (read from this directory): local only, code hidden, no
# tracebacks for visitors, idle kernels culled. share/jupyter holds the offline templates and the
# decks' reveal.js, jQuery and Font Awesome (vendored in share/jupyter/voila/templates/base/static/assets,
# served as /voila/static/assets), so set-up needs no npm and the app needs no network.
# deploy/voila/classroom_guard.py is Voila with a guard for a class (voila.json's ClassroomGuard): at
# most 4 notebook runs at once, the rest queued, a "class is full, retrying in N s" page past the
# queue, and a stop on SIGTERM even if the server is stuck (benchmarks/README.md, 'Bursts').
VOILA := JUPYTER_PATH=$(CURDIR)/share/jupyter $(BIN)/python $(CURDIR)/deploy/voila/classroom_guard.py
POOLS = {'default': {'pool_size': 0}, '$(PREHEAT_NB)': {'pool_size': $(PREHEAT)}}
VOILA_FLAGS = --no-browser --port=$(PORT) $(if $(HOST),--Voila.ip=$(HOST)) \
	$(if $(PREHEAT),--preheat_kernel=True --VoilaKernelManager.kernel_pools_config="$(POOLS)")

.PHONY: help start classroom lab slides handouts test check lint notebooks bench benchmark screenshots chromium clean

help:
	@echo "make start      serve the explainer with Voila on http://localhost:$(PORT)"
	@echo "                (HOST=0.0.0.0 for a classroom network; PREHEAT=40 keeps 40 kernels of PREHEAT_NB warm;"
	@echo "                the exercise sheets without their solutions; SOLUTIONS=1 serves the solutions too, for the teacher)"
	@echo "make lab        open the notebooks in JupyterLab"
	@echo "make slides NB=notebooks/01_parameters.ipynb   present a notebook as a reveal.js deck"
	@echo "make handouts   PDFs (A4) of every exercise sheet, solution and deck, both languages, in build/handouts"
	@echo "make test       run every test (unit, data, notebooks)"
	@echo "make check      the fast path after a code change: lint, then every test but notebooks and browser (<1 min)"
	@echo "make lint       ruff on the code and the notebooks (nbQA), and the format check"
	@echo "make notebooks  re-execute every notebook in place to refresh its stored outputs"
	@echo "make bench      print benchmark figures: slider latency in Chromium, a class of 40, notebook run time"
	@echo "make screenshots  PNGs of every page at 1366 and 820 px and of the story deck's slides, in build/screenshots"

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

start: $(VENV)/.app $(if $(SOLUTIONS),,classroom)
	@echo "Serving the explainer on http://$(or $(HOST),localhost):$(PORT) (Ctrl-C stops it)"
	@echo "The landing page opens on a card per notebook, with an English / 日本語 switch (or: make start LANGUAGE=ja)"
	@echo "$(if $(SOLUTIONS),$(TEACHER_NOTE),$(CLASS_NOTE))"
	$(VOILA) $(APP_ROOT)/ $(VOILA_FLAGS)

# Idempotent, so two servers may build it at the same time: links are (re)made in place, and links
# whose notebook is gone are removed, as is any folder with a teacher-only name (however it got there).
classroom:
	@mkdir -p $(CLASSROOM)
	@find $(CLASSROOM) -depth -mindepth 1 \( -name solutions -o -name masters \) -exec rm -rf {} +
	@find $(CLASSROOM) -type l ! -exec test -e {} \; -exec rm -f {} +
	@cd notebooks && find . \( -name solutions -o -name masters -o -name '.?*' \) -prune -o \
		-type f \( -name '*.ipynb' -o -name '*.png' -o -name '*.jpg' -o -name '*.gif' -o -name '*.svg' \) -print | \
		while IFS= read -r f; do \
			mkdir -p "$(CURDIR)/$(CLASSROOM)/$$(dirname "$$f")" && ln -sfn "$(CURDIR)/notebooks/$${f#./}" "$(CURDIR)/$(CLASSROOM)/$${f#./}"; \
		done

lab: $(VENV)/.app
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

slides: $(VENV)/.app
	@echo "Presenting $(NB) on http://$(or $(HOST),localhost):$(PORT) (arrow keys change slides)"
	$(VOILA) $(NB) $(VOILA_FLAGS) --Voila.root_dir=notebooks --template=reveal

# Handouts to print: tools/handouts.py renders each exercise sheet and solution (code shown) and each
# deck (one slide per page) in Voila and prints it with Chromium to A4 PDFs in build/handouts/{en,ja}.
handouts: $(VENV)/.test chromium
	$(BIN)/python -m tools.handouts

test: $(VENV)/.test chromium
	$(BIN)/python -m pytest

# The fast path: the linter, then the tests in tests/ without the browser ones. The notebooks (nbval)
# are collected from notebooks/ only, so naming tests/ leaves them out; the markers (tests/conftest.py)
# keep them out even when a notebook path is named too.
check: $(VENV)/.test
	$(BIN)/python -m ruff check .
	$(BIN)/python -m pytest tests -m "not notebooks and not browser and not slow"

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
bench: $(VENV)/.test chromium
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/notebook_time.py
	$(BIN)/python benchmarks/slider_latency.py
	$(BIN)/python benchmarks/classroom.py

benchmark: bench

# Not a test: every page of both editions in Chromium at 1366×768 and 820×1180 and every slide of the
# story deck at 1280×720, so a change in look can be seen (benchmarks/screenshots.py; --full for whole pages).
screenshots: $(VENV)/.test chromium
	$(BIN)/python benchmarks/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis $(CLASSROOM) build/handouts notebooks/.assets  # .assets: npm's, before the vendored copy
