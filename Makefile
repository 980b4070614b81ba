# The README's commands. Each target sets up what it needs on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8866
NB ?= notebooks/01_parameters.ipynb
REVEAL_VERSION := 4.0.2# the reveal.js release Voila 0.5's reveal template links to
REVEAL_DIR := notebooks/.revealjs

# Voila: notebooks' tree, code hidden, no tracebacks for visitors, local only, idle kernels culled.
VOILA_FLAGS := --no-browser --port=$(PORT) --Voila.ip=127.0.0.1 --strip_sources=True --show_tracebacks=False \
	--MappingKernelManager.cull_idle_timeout=900 --MappingKernelManager.cull_interval=60
# Decks load reveal.js styles from notebooks/.revealjs (served as /voila/files/.revealjs) when it
# exists, else from the unpkg CDN. Any notebook in `make start` is a deck with ?template=reveal.
REVEAL_LOCAL := --VoilaConfiguration.resources="{'reveal': {'url_prefix': '/voila/files/.revealjs', 'theme': 'simple', 'transition': 'none', 'scroll': True}}" \
	--VoilaConfiguration.file_allowlist="['.*\.(png|jpg|gif|svg|css|woff|woff2|ttf|eot)']"
REVEAL_FLAGS = $(if $(wildcard $(REVEAL_DIR)/dist/reveal.css),$(REVEAL_LOCAL))

.PHONY: help start lab slides test notebooks benchmark clean

help:
	@echo "make start      serve the explainer with Voila on http://localhost:$(PORT)"
	@echo "make lab        open the notebooks in JupyterLab"
	@echo "make slides NB=notebooks/01_parameters.ipynb   present a notebook as a reveal.js deck"
	@echo "make test       run every test (unit, data, notebooks)"
	@echo "make notebooks  re-execute every notebook in place to refresh its stored outputs"
	@echo "make benchmark  print the speed of the calculations behind the sliders"

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

start: $(VENV)/.app $(REVEAL_DIR)/dist/reveal.css
	@echo "Serving the explainer on http://localhost:$(PORT) (Ctrl-C stops it)"
	$(BIN)/voila notebooks/ $(VOILA_FLAGS) $(REVEAL_FLAGS)

lab: $(VENV)/.app
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# reveal.js CSS from the npm registry, so decks render without CDNs (Voila links them from unpkg).
$(REVEAL_DIR)/dist/reveal.css:
	@if command -v npm >/dev/null 2>&1; then \
		tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent reveal.js@$(REVEAL_VERSION) >/dev/null) && \
		mkdir -p $(REVEAL_DIR) && tar xzf $$tmp/reveal.js-$(REVEAL_VERSION).tgz -C $(REVEAL_DIR) --strip-components=1 && \
		rm -rf $$tmp; \
	else \
		echo "npm not found: slides will load reveal.js styles from the unpkg CDN instead (needs internet)"; \
	fi

slides: $(VENV)/.app $(REVEAL_DIR)/dist/reveal.css
	@echo "Presenting $(NB) on http://localhost:$(PORT) (arrow keys change slides)"
	$(BIN)/voila $(NB) $(VOILA_FLAGS) --template=reveal $(REVEAL_FLAGS)

test: $(VENV)/.test
	$(BIN)/python -m pytest

notebooks: $(VENV)/.test
	$(BIN)/python -m helpers.notebooks --execute notebooks

benchmark: $(VENV)/.test
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis $(REVEAL_DIR)
