# Clase 102 — Keras Sequential API: libro ejecutable.
#   make html   crea el entorno si falta, instala las versiones fijadas, verifica los datos y construye el libro
#   make test   lo mismo y después todas las pruebas (unitarias y del libro construido)
#   make pdf    el apunte impreso de toda la clase: _build/pdf/clase102.pdf (y clase102-alumno.pdf, sin soluciones)
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := html

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
JB     := $(VENV)/bin/jupyter-book
STAMP  := $(VENV)/.installed
BUILD  := _build
DOCTREES := $(BUILD)/.doctrees

# Clean outputs: TF 2.21 needs both variables (kernels inherit them).
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

# pip prints one warning per package for the local mirror's missing folders; keep the real errors.
PIP_QUIET := 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)

JB_STRICT := -W -n --keep-going

.PHONY: html test unit strict data setup clean notebooks bench browser pdf

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Instalando dependencias fijadas (requirements.lock)…"
	@$(PY) -m pip install -q -r requirements.lock $(PIP_QUIET)
	@$(PY) -m pip install -q --no-deps -e . $(PIP_QUIET)
	@touch $@

# Real Fashion-MNIST: Debian's package where apt-get exists and we are root;
# otherwise Keras' own download (needs a network) at first use.
data: $(STAMP)
	@if [ -z "$$FASHION_MNIST_DIR" ] && [ ! -d /usr/share/datasets/fashion-mnist ] \
	    && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "Instalando dataset-fashion-mnist (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null; \
	fi
	@$(PY) -m clase102.data

# A failed strict build must not leave an environment that a later
# incremental build would trust: drop it so every page is read again.
html: data
	@$(JB) build . $(JB_STRICT) || { rm -f $(DOCTREES)/environment.pickle; exit 1; }

# The gate of `make test`: every page re-read (warnings of unchanged pages
# included); executed outputs come from the cache when the code is unchanged.
strict: data
	@$(JB) build . --all $(JB_STRICT) || { rm -f $(DOCTREES)/environment.pickle; exit 1; }

unit: $(STAMP)
	@$(PY) -m pytest -q -m "not book and not slow" tests

# The browser test drives Debian's Chromium (never a downloaded browser) and
# injects axe-core from npm (a file on disk, never a CDN) into each page.
AXE_VERSION := 4.14.1
AXE := .cache/npm/node_modules/axe-core/axe.min.js
browser: $(AXE)
	@if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "Instalando chromium (Debian) para la prueba en navegador…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@if ! command -v pdftotext >/dev/null && command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  echo "Instalando poppler-utils (Debian) para leer el PDF impreso…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	fi

$(AXE):
	@echo "Instalando axe-core $(AXE_VERSION) (npm) para la prueba de accesibilidad…"
	@mkdir -p .cache/npm && npm install --prefix .cache/npm --no-audit --no-fund --silent axe-core@$(AXE_VERSION)
	@test -f $@

# The printed handout (issue 13): every page of _toc.yml in one PDF, printed by Chromium.
pdf: html browser
	@$(PY) tools/handout_pdf.py --student

test: strict browser
	@$(PY) tools/handout_pdf.py --student
	@$(PY) -m pytest -q tests

# Every code page's executed notebook (the .ipynb of its download menu, written by
# book/_ext/notebook_export.py) in one folder (issue 5).
notebooks: html
	@rm -rf $(BUILD)/notebooks && mkdir -p $(BUILD)/notebooks
	@find $(BUILD)/html/_sources -name '*.ipynb' -exec cp -t $(BUILD)/notebooks {} +
	@echo "$$(ls $(BUILD)/notebooks | wc -l) notebooks en $(BUILD)/notebooks/"

# Build and training benchmark (issue 6): build times of a copy of the book in
# _build/bench (the working tree is not touched), per-page execution times, and
# clase102.training.train against a bare model.fit. One part: BENCH=build or BENCH=train.
BENCH ?= all
bench: data
	@$(PY) -m clase102.bench --only $(BENCH)

clean:
	rm -rf $(BUILD) .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
