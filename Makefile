# Two commands do everything on a fresh machine: `make demo` and `make test`.
# Each creates the virtual environment .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test bench clean

$(BIN)/sitrep: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test,spark]'
	touch $(BIN)/sitrep

demo: $(BIN)/sitrep
	$(BIN)/sitrep code examples/seed-article.txt --db sitrep.db --format table

test: $(BIN)/sitrep
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) sitrep.db build *.egg-info
