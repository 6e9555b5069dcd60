# Two commands do all the set-up on a fresh machine (Python 3.11 and make):
#   make data   set up, then build, validate and load every config (the main job)
#   make test   set up, then run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: data test setup lint lock clean-venv

data: setup
	$(BIN)/skies build
	$(BIN)/skies validate
	$(BIN)/skies load
	$(BIN)/skies stats

test: setup
	$(BIN)/pytest

setup: $(VENV)/.installed

# Exact versions and hashes from requirements.lock: byte-identical Parquet depends on pyarrow.
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

lint: setup
	$(BIN)/ruff check .

# Regenerate the lock after changing dependencies in pyproject.toml.
lock: setup
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements.lock

clean-venv:
	rm -rf $(VENV)
