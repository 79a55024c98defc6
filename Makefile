# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Each creates the virtual environment $(VENV) (.venv) on first use, with $(PYTHON), and
# installs sitrep with every extra at the exact versions of locks/py3.X.txt for that Python.
# Another Python: make test PYTHON="$(pyenv prefix 3.13)/bin/python3" VENV=/tmp/venv-3.13 (README, .ci/run)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
EXTRAS := test,dev,serve,postgres,train,spark
PYVER  := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
LOCK   := locks/py$(PYVER).txt

.PHONY: demo test check lock bench clean

$(BIN)/sitrep: pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c $(LOCK) -e '.[$(EXTRAS)]'
	touch $(BIN)/sitrep

$(LOCK):
	@echo "no lock file for Python $(PYVER): run scripts/lock --python $(PYTHON) (see docs/dependencies.md)"; exit 1

demo: $(BIN)/sitrep
	$(BIN)/sitrep code examples/seed-article.txt --db sitrep.db --format table

test: $(BIN)/sitrep
	$(BIN)/python -m pytest -q

# ruff and mypy on sitrep/ (scripts/check); .ci/run runs it before the tests.
check: $(BIN)/sitrep
	PYTHON=$(BIN)/python scripts/check

# Rewrite $(LOCK) after a change of pyproject.toml's ranges (scripts/lock --help).
lock:
	scripts/lock --python $(PYTHON)

clean:
	rm -rf $(VENV) sitrep.db build *.egg-info
