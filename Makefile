# PayneCRM Workbook. `make demo` serves the workbook; `make test` runs every test. Both set everything up.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8866
STAMP  := $(VENV)/.installed
PYTEST := $(PY) -m pytest -p no:cacheprovider

.PHONY: demo test install system-deps test-unit test-notebooks test-ui notebooks bench clean

demo: install
	$(VENV)/bin/paynecrm serve --port $(PORT)

test: install
	./scripts/system-deps.sh --browser
	$(MAKE) --no-print-directory test-unit test-notebooks test-ui

install: $(STAMP)

$(STAMP): pyproject.toml setup.py $(wildcard ext/*.pyx ext/*.pxi ext/*.h)
	./scripts/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -U pip
	$(PY) -m pip install -q -e ".[test]"
	touch $(STAMP)

test-unit:
	$(PYTEST) -q tests --ignore=tests/ui

test-notebooks:   # in reading order, against a fresh workbook, as `make notebooks` stored their outputs
	PAYNECRM_WORKBOOK="$$(mktemp -d)/workbook.json" $(PYTEST) -q --nbval --nbval-current-env --nbval-sanitize-with notebooks/nbval_sanitize.cfg notebooks/*.ipynb

test-ui:
	$(PYTEST) -q tests/ui

# Rebuild the notebooks from notebooks/build/ and store fresh outputs (what nbval compares against).
notebooks: install
	$(PY) notebooks/build/nbbuild.py --execute

bench: install
	$(PY) benchmarks/run_all.py

clean:
	rm -rf build *.egg-info paynecrm_kernel/_core/*.so ext/*.c .pytest_cache test-artifacts .screens
