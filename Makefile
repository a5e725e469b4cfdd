# hptlearn — the commands a learner or a contributor needs.
#   make lab          set up .venv (first time only), start JupyterLab and print a link that
#                     opens notebooks/00_start_here.ipynb
#   make app          serve the dashboard (notebooks/dashboard.ipynb) with Voilà: the apps
#                     without the code, as Binder shows them; prints the link with its token
#   make test         set up .venv, then ruff (lint and format check) and the layering check,
#                     unit tests with the doctests, every notebook (nbval, each copied alone
#                     into an empty folder), browser tests; the unit tests, the notebooks and
#                     the browser tests run on two pytest-xdist workers; the pytest steps print
#                     their 25 slowest tests
#   make notebooks    re-execute every notebook in place and save its outputs
#   make site         build the course website into build/site (offline; warnings are errors)
#   make bench        print the benchmark figures
#   make constraints  regenerate constraints.txt (the tested versions) from a fresh venv
#
# .venv is installed with `pip install -c constraints.txt -e '.[all,test,docs]'`: the core,
# every extra (lab, app, dask), the test tools and the website's tools, at the versions in
# constraints.txt, the same ones CI and Binder (environment.yml) install; then the class's
# JupyterLab settings (jupyter/overrides.json: no news prompt, no update check) and, where npm
# is installed, axe-core (package-lock.json) for the accessibility audit of the browser tests.
# `pip install hptlearn` alone installs only the core.

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.hptlearn-installed
NOTEBOOKS = $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb)) notebooks/dashboard.ipynb
START_NOTEBOOK = notebooks/00_start_here.ipynb
# Jupyter refuses to run as root unless told; CI machines run as root.
ALLOW_ROOT = $(if $(filter 0,$(shell id -u)),--allow-root,)
# requires-python in pyproject.toml; scikit-learn 1.9 needs Python 3.11.
CHECK_PYTHON = -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
	"hptlearn needs Python >= 3.11, found " + sys.version.split()[0] + " (" + sys.executable + \
	"): run make with PYTHON=/path/to/python3.11 (after make clean if .venv was made with an older Python)")'
# constraints.txt is resolved on the Python that Binder uses (python=3.11 in environment.yml).
CHECK_LOCK_PYTHON = -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else \
	"constraints.txt is resolved with Python 3.11 (as on Binder), found " + \
	sys.version.split()[0] + ": run make constraints PYTHON=/path/to/python3.11")'
LOCK_VENV = build/constraints-venv

define CONSTRAINTS_HEADER
# The versions hptlearn is tested with (Python 3.11, Linux): `make` installs with
# `pip install -c constraints.txt -e '.[all,test,docs]'` and Binder's environment.yml uses the same file,
# so CI, Binder and a learner's .venv resolve exactly these versions.
# Do not edit by hand. Regenerate with `make constraints` (a fresh venv, the newest versions that
# pyproject.toml allows, then `pip freeze --exclude hptlearn`), run `make test`, commit.
endef
export CONSTRAINTS_HEADER

.PHONY: lab app test lint unit doctest nbval browser notebooks site bench install constraints clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt jupyter/overrides.json package-lock.json
	@$(PYTHON) $(CHECK_PYTHON)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	@$(BIN)/python $(CHECK_PYTHON)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -c constraints.txt -e '.[all,test,docs]'
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
		else echo "npm not found: the accessibility audit will be skipped (apt-get install nodejs npm)"; fi
	touch $@

# The printed link (http://127.0.0.1:PORT/lab/tree/notebooks/00_start_here.ipynb?token=...)
# opens the first notebook; so does the browser that JupyterLab starts, when there is one.
lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 $(ALLOW_ROOT) \
		--LabApp.default_url=/lab/tree/$(START_NOTEBOOK)

# Voilà, as a Jupyter server extension, renders the dashboard without its code, at the URL
# Binder opens (?urlpath=voila/render/notebooks/dashboard.ipynb). The printed link
# (http://127.0.0.1:PORT/voila/render/notebooks/dashboard.ipynb?token=...) opens it with the
# server's token; so does the browser that Jupyter starts, when there is one.
app: $(STAMP)
	$(BIN)/jupyter server --ip=127.0.0.1 $(ALLOW_ROOT) \
		--ServerApp.default_url=/voila/render/notebooks/dashboard.ipynb

test: lint unit nbval browser

# pytest-xdist workers for the unit tests, the notebooks and the browser tests (WORKERS=0: one
# process); PYTEST_ARGS are passed on: make unit PYTEST_ARGS="-k halving";
# make nbval NOTEBOOKS=notebooks/04_x.ipynb
WORKERS ?= 2
PYTEST_ARGS ?=
PYTEST = $(BIN)/python -m pytest -p no:cacheprovider --durations=25

# ruff, then the layering contracts (tests/test_layers.py: layers, no import cycle, ipywidgets
# only in widgets/, private scikit-learn names only in _sklearn_compat.py)
lint: $(STAMP)
	$(BIN)/ruff check hptlearn tests benchmarks
	$(BIN)/ruff format --check hptlearn tests benchmarks
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_layers.py

# The unit tests and the doctests of hptlearn, in one pytest run on two workers. Each worker's
# BLAS and OpenMP use one thread (ONE_THREAD), as do the notebooks' kernels under nbval and the
# kernels of the browser tests: two processes on two cores, each with a pool of two threads,
# only wait for each other. OpenBLAS's waiting threads spin: measured on this machine, the 550
# logistic regressions of notebook 10's repeated cross-validation took 3.1 s alone, 35 s with a
# second copy running beside it, and 2.8-3.0 s beside it with one thread each. --dist worksteal:
# a worker that runs out of tests takes half of the other's queue (tests/conftest.py puts the
# longest files first, so that none of them is left for the end). Measured back to back on this
# 2-core machine: 172 s for these 1,849 tests, against 188 s (--dist load) plus 44 s for a
# second pass of 167 tests in one process before. A run that selects no test (pytest's exit
# code 5, e.g. with a -k filter) is not a failure.
ONE_THREAD = OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
unit: $(STAMP)
	$(ONE_THREAD) $(PYTEST) -n $(WORKERS) $(if $(filter-out 0,$(WORKERS)),--dist worksteal) \
		-m "not browser and not slow" --doctest-modules $(PYTEST_ARGS) tests hptlearn || [ $$? -eq 5 ]

doctest: $(STAMP)
	$(PYTEST) --doctest-modules hptlearn

# Each notebook is copied alone into an empty folder of its own, outside the repository, and
# checked there with nbval (the kernel starts in that folder): a notebook that reads a file
# outside notebooks/ fails, as it would when a teacher hands it out alone. --dist loadfile
# keeps the cells of one notebook on one worker. The sanitize file is copied too and --rootdir
# set, so that pytest reads no configuration of the repository (its ini file would otherwise be
# found from a path argument).
# A kernel that dies while it starts (before it runs any cell: "Kernel died before replying
# to kernel_info", seen once in a clean run, a race between the two workers' kernels for a
# free port) is not a notebook's failure: when that is the only error, the notebooks whose
# kernel died run again, once, in one process. Any other error or failed cell fails at once.
# (COLUMNS: pytest's summary lines then carry the whole error, which the check reads.)
# The kernels use one BLAS/OpenMP thread (ONE_THREAD, see unit): measured back to back, the
# notebooks took 143 s (278 s of cell time) against 190 s (369 s) with the default pool of two
# threads, notebook 10 alone 22 s against 65 s; every output is the same either way.
nbval: SHELL := /bin/bash
nbval: $(STAMP)
	@dir=$$(mktemp -d "$${TMPDIR:-/tmp}/hptlearn-nbval-XXXXXX") || exit 1; \
	for nb in $(NOTEBOOKS); do \
		name=$$(basename "$$nb" .ipynb); mkdir "$$dir/$$name" && cp "$$nb" "$$dir/$$name/" || exit 1; \
	done; \
	cp tests/nbval_sanitize.cfg "$$dir/" || exit 1; \
	echo "nbval on copies of the notebooks, each alone in a folder of $$dir"; \
	nbval="env COLUMNS=200 $(ONE_THREAD) $(abspath $(BIN))/python -m pytest -p no:cacheprovider --durations=25 --rootdir . \
		--nbval --nbval-sanitize-with nbval_sanitize.cfg $(PYTEST_ARGS)"; \
	cd "$$dir" && { $$nbval -n $(WORKERS) --dist loadfile \
		$(foreach nb,$(NOTEBOOKS),$(basename $(notdir $(nb)))/$(notdir $(nb))) 2>&1 | tee nbval.log; \
		status=$${PIPESTATUS[0]}; }; \
	died=$$(grep -E "^ERROR .*\.ipynb::.*Kernel died before repl" nbval.log | \
		grep -oE "^ERROR [^:]+\.ipynb" | sed "s/^ERROR //" | sort -u); \
	others=$$(grep -E "^(FAILED|ERROR) [^ ]+::" nbval.log | grep -v "Kernel died before repl"); \
	if [ $$status -ne 0 ] && [ -n "$$died" ] && [ -z "$$others" ]; then \
		echo "a kernel died while starting, before any cell ran: running again, once:" $$died; \
		$$nbval $$died; status=$$?; \
	fi; \
	cd / && rm -rf "$$dir"; exit $$status

# Each worker starts its own JupyterLab server and Chromium (free ports, temporary folders);
# --dist loadfile keeps the tests of one file, which share the notebooks its module fixtures
# opened, on one worker. Measured back to back on a nearly quiet 2-core machine, the 22 tests
# of tests/browser took 95 s on two workers (120 s of CPU) against 126 s in one process
# (107 s of CPU): in one process, the kernel running a notebook, Chromium and the server leave
# part of the second core idle. The kernels use one BLAS/OpenMP thread (ONE_THREAD, see unit);
# only tests/browser is collected (9.5 s before the first test when all of tests/ was).
browser: $(STAMP)
	$(ONE_THREAD) $(PYTEST) -n $(WORKERS) --dist loadfile -m browser $(PYTEST_ARGS) tests/browser

# The course website: the notebooks as committed (not re-run), the teacher's kit, the glossary
# and an API page per public module, with Binder launch buttons; Sphinx with MyST-NB, offline.
site: $(STAMP)
	$(BIN)/python docs/site/build.py build/site

notebooks: $(STAMP)
	@for nb in $(NOTEBOOKS); do \
		echo "executing $$nb"; \
		$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 "$$nb" || exit 1; \
	done

bench: $(STAMP)
	$(BIN)/python benchmarks/search_overhead.py
	$(BIN)/python benchmarks/strategies_overhead.py
	$(BIN)/python benchmarks/notebook_times.py
	$(BIN)/python benchmarks/manual_refit.py
	$(BIN)/python benchmarks/parse_values.py

# A fresh venv, the newest versions pyproject.toml allows (no constraints), then pip freeze.
# Review the diff, run `make test` (which reinstalls .venv from the new file), commit.
constraints:
	@$(PYTHON) $(CHECK_LOCK_PYTHON)
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install '.[all,test,docs]'
	{ printf '%s\n' "$$CONSTRAINTS_HEADER"; \
		$(LOCK_VENV)/bin/python -m pip freeze --exclude hptlearn; } > $(LOCK_VENV)/constraints.txt
	mv $(LOCK_VENV)/constraints.txt constraints.txt
	rm -rf $(LOCK_VENV)

clean:
	rm -rf $(VENV) .pytest_cache
