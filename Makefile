# hptlearn — the commands a learner or a contributor needs.
#   make lab        set up .venv (first time only) and open the first notebook in JupyterLab
#   make test       set up .venv, then ruff, unit tests, every notebook (nbval), browser tests
#   make notebooks  re-execute every notebook in place and save its outputs
#   make bench      print the benchmark figures

PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
STAMP   = $(VENV)/.hptlearn-installed
NOTEBOOKS = $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# Jupyter refuses to run as root unless told; CI machines run as root.
ALLOW_ROOT = $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test lint unit nbval browser notebooks bench install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "hptlearn needs Python >= 3.10, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e '.[test]'
	touch $@

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_start_here.ipynb --ip=127.0.0.1 $(ALLOW_ROOT)

test: lint unit nbval browser

lint: $(STAMP)
	$(BIN)/ruff check hptlearn tests benchmarks

unit: $(STAMP)
	$(BIN)/python -m pytest -m "not browser" tests

nbval: $(STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider --nbval $(NOTEBOOKS) \
		--nbval-sanitize-with tests/nbval_sanitize.cfg

browser: $(STAMP)
	$(BIN)/python -m pytest -m browser tests

notebooks: $(STAMP)
	@for nb in $(NOTEBOOKS); do \
		echo "executing $$nb"; \
		$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 "$$nb" || exit 1; \
	done

bench: $(STAMP)
	$(BIN)/python benchmarks/search_overhead.py
	$(BIN)/python benchmarks/manual_refit.py

clean:
	rm -rf $(VENV) .pytest_cache
