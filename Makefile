# Clase 102 — Keras Sequential API: libro ejecutable.
#   make html   crea el entorno si falta, instala las versiones fijadas, verifica los datos y construye el libro
#   make test   lo mismo y después todas las pruebas (unitarias y del libro construido)
#   make test-slow  además corre todos los notebooks descargables, como un lector (README)
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

# One build at a time per checkout (issue 14): html, strict, test and clean hold an flock on
# the checkout's folder; a second one waits for the first to end, saying so.
BUILD_LOCK ?= .
LOCK = exec 9<"$(BUILD_LOCK)"; flock -n 9 || { echo "Otra construcción del libro está en curso en esta carpeta: espero a que termine (Ctrl-C para cancelar)…" >&2; flock 9; };
# The book build. jupyter-book runs in a session of its own, so Ctrl-C reaches only this
# shell, which stops it at once: nbclient would otherwise report "Kernel died" and ask for a
# bug report. The kernels run in sessions of their own too (jupyter_client starts them so):
# the trap freezes the build, kills the kernels (children of its processes), then the build,
# so no kernel is left to print into the terminal. Pages executed before stay in the cache.
# A failed strict build must not leave an environment that a later incremental build would
# trust: drop it so every page is read again.
BOOK ?= .
# Pages executed at the same time (issue 12; book/_ext/parallel_pages.py): one per core by
# default, `make html JOBS=1` for one at a time. The pages that time `fit` always run alone.
JOBS ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
JB_BUILD = BOOK_JOBS=$(JOBS) setsid $(JB) build $(BOOK) $(JB_STRICT) $(1) & jb=$$!; \
  trap 'kill -STOP -$$jb 2>/dev/null; kill -KILL $$(pgrep -P "$$(pgrep -d, -g $$jb 2>/dev/null)" 2>/dev/null) -$$jb 2>/dev/null; echo "Construcción interrumpida. Las páginas ya ejecutadas quedan en el caché: la próxima construcción sigue desde ahí." >&2; exit 130' INT TERM HUP; \
  wait $$jb || { rc=$$?; rm -f $(DOCTREES)/environment.pickle; exit $$rc; }; trap - INT TERM HUP

.PHONY: html test test-slow unit mutation strict data setup clean notebooks wheel bench browser pdf

setup: $(STAMP)

# uv installs the same pinned wheels as pip, in parallel: about 10 s instead of 75 s on 2 cores
# (issue 12). The venv keeps pip (for `%pip`, `make mutation` and users' own installs).
# --compile-bytecode writes the .pyc files at install, as pip does: uv does not by default,
# and where PYTHONDONTWRITEBYTECODE is set (as on the machine we measured on) every kernel and test process would
# otherwise compile TensorFlow's and Keras' sources again at each import.
UV_VERSION := 0.13.9
UV := $(VENV)/bin/uv
$(STAMP): requirements.lock requirements-test.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Instalando dependencias fijadas (requirements.lock)…"
	@test -x $(UV) || $(PY) -m pip install -q uv==$(UV_VERSION) $(PIP_QUIET)
	@$(UV) pip install -q --compile-bytecode --python $(PY) -r requirements.lock -r requirements-test.txt
	@$(UV) pip install -q --python $(PY) --no-deps -e .
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

html: data
	@$(LOCK) $(call JB_BUILD)

# The gate of `make test`: every page re-read (warnings of unchanged pages
# included); executed outputs come from the cache when the code is unchanged.
strict: data
	@$(LOCK) $(call JB_BUILD,--all)

unit: $(STAMP)
	@$(PY) -m pytest -q -m "not book and not slow" tests

# Mutation testing (issue 15; slow, NOT part of `make test`): mutmut (pinned in
# requirements-mutation.txt, configured in pyproject's [tool.mutmut]) writes mutants of the
# package and records which unit tests reach each function; tools/mutation.py runs each mutant
# against those tests (one fork per core, niced) and prints, per module, killed / equivalent /
# surviving / score / seconds, a total, and every survivor. mutmut names mutants after their
# path and strips only "src.", and skips decorated functions: `tools/mutation.py --source`
# writes a temporary src/clase102, a copy of code/clase102 with `@self_check(...)` spelled as
# an assignment, so the self-checks are mutated too, and src/<ext>.py for each book/_ext/<ext>.py
# (see prepare_extensions). MUTATE picks modules, of clase102 or extensions (build_guard ...)
# (empty: every module of clase102 with code, then every extension; __init__ only imports).
MUTATE ?=
mutation: $(STAMP)
	@$(PY) -m pip install -q -r requirements-mutation.txt $(PIP_QUIET)
	@rm -rf mutants && mkdir -p mutants/src && $(PY) tools/mutation.py --source
	@echo "mutmut genera los mutantes y mide qué pruebas llegan a cada función…"
	@PYTHONPATH=$(CURDIR)/mutants/src nice -n 19 $(PY) -m mutmut run "clase102.formatting*" >/dev/null 2>&1 || true
	@test -s mutants/mutmut-stats.json || { rm -rf src; echo "mutmut no generó los mutantes" >&2; exit 1; }
	@PYTHONPATH=$(CURDIR)/mutants/src nice -n 19 $(PY) tools/mutation.py $(MUTATE); rc=$$?; rm -rf src; exit $$rc

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

# The strict build and the tests that read it, under one lock (nothing rebuilds in between).
# The tests that need no built book and wait for nothing with a deadline (not `book`, not
# `deadline`) run beside the build, at the lowest priority, on the CPU the build leaves idle
# (the pages that time `fit` use about 1,5 of 2 cores). Lowest priority means nice 19 and, where
# the kernel groups processes by session (autogroup, as here), nice 19 for that session's group
# too: there, niceness alone only ranks processes within one session, and the tests would take
# half the CPU from the build. Their report is printed after the book's tests; a failed build
# stops them. (Measured: a Medium MLP epoch with two such busy loops beside it, 8,8 s; alone,
# 9,1 s; with two busy loops niced in another session only, 12,2 s.)
# Both tiers hand whole files to two workers in collection order (tests/conftest.py puts the
# longest files first).
PYTEST := $(PY) -m pytest -q -n 2 --dist loadfile --no-loadscope-reorder
LOWEST_PRIORITY := setsid bash -c 'echo 19 >/proc/self/autogroup 2>/dev/null; exec nice -n 19 "$$@" 9<&-' -
EARLY_LOG := $(BUILD)/pruebas-al-lado.log
test: data browser
	@$(LOCK) mkdir -p $(BUILD); \
	  $(LOWEST_PRIORITY) $(PYTEST) -p no:cacheprovider -m "not book and not deadline" tests >$(EARLY_LOG) 2>&1 & early=$$!; \
	  trap 'kill -KILL -$$early 2>/dev/null || true' EXIT; \
	  echo "Las pruebas que no leen el libro corren al lado de la construcción, con la prioridad más baja; su informe sale al final."; \
	  { $(call JB_BUILD,--all); }; \
	  $(PY) tools/handout_pdf.py --student; \
	  late=0; $(PYTEST) -m "book or deadline" tests || late=$$?; \
	  early_rc=0; wait $$early || early_rc=$$?; \
	  echo "Pruebas que corrieron al lado de la construcción ($(EARLY_LOG)):"; cat $(EARLY_LOG); \
	  exit $$(( late || early_rc ))

# The wheel of clase102 in _build/wheel/ (`make html` builds it too, and publishes it
# in _build/html/ with clase102-notebooks.zip: book/_ext/notebook_export.py).
wheel: $(STAMP)
	@$(PY) -c 'import sys; from pathlib import Path; sys.path.insert(0, "book/_ext"); \
	  import notebook_export as n; print(n.build_wheel(Path("."), Path("$(BUILD)/wheel")))'

# Every notebook (full and student editions), the wheel and LEEME.md, unzipped in one folder.
notebooks: html
	@rm -rf $(BUILD)/notebooks && mkdir -p $(BUILD)/notebooks
	@$(PY) -m zipfile -e $(BUILD)/html/clase102-notebooks.zip $(BUILD)/notebooks
	@echo "$$(ls $(BUILD)/notebooks/clase102-notebooks/*.ipynb | wc -l) notebooks en $(BUILD)/notebooks/clase102-notebooks/"

# Every downloadable notebook run as a reader would (fresh venv without clase102, over
# HTTP, tags stripped): `make test` runs only the light pages (tests/test_notebooks.py).
test-slow: strict
	@CLASE102_NOTEBOOKS=todos $(PY) -m pytest -q tests/test_notebooks.py tests/test_notebook_export.py

# Build benchmark (issue 12): a reference epoch (Medium MLP, batch 32, 60.000 images,
# Keras defaults) and the clean / unchanged / prose-edit / package-edit builds of a copy
# of the book in _build/bench (the working tree is not touched), in reference epochs, with
# JOBS pages at once, and the clean build again with one page at a time (when JOBS > 1).
# BENCH=epoch measures only the reference epoch.
BENCH ?= all
bench: data
	@$(PY) tools/bench.py --only $(BENCH) --jobs $(JOBS)

clean:
	@$(LOCK) rm -rf $(BUILD) .pytest_cache
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +
